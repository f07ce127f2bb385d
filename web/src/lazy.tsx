import { h, type ComponentType } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { t } from './i18n';

/**
 * A page that is its own script, fetched the first time it opens: a cold first screen parses the shell and one page,
 * not all thirty (issue 14). `preload` starts the fetch early (App starts the page the address names beside /api/me).
 */
export function lazy<P>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  // A script that fails to load (a network blip, or a version deployed since the tab opened) is not retried in the
  // same document (browsers keep the failure), so the page says so and offers a reload.
  const preload = () => (loading ??= load().then((c) => { loaded = c; }, (e) => { loading = undefined; throw e; }));
  function Page(props: P) {
    const [state, setState] = useState<'loading' | 'ready' | 'failed'>(loaded ? 'ready' : 'loading');
    // Always waits on the load, even when it finished between this render and the effect (the early preload often
    // does): skipping it then left the page on "Loading…" for good, as nothing else renders it again. A layout effect,
    // so a page whose script arrives first does not also wait for "Loading…" to be painted (issue 14).
    useLayoutEffect(() => { preload().then(() => setState('ready'), () => setState('failed')); }, []);
    if (loaded) return h(loaded as ComponentType<object>, props as object);
    if (state === 'failed') return <p class="error" role="alert">{t('pageLoadFailed')} <button type="button" onClick={() => location.reload()}>{t('reload')}</button></p>;
    return <p class="loading">{t('loading')}</p>;
  }
  return Object.assign(Page, { preload });
}
