import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (d: T) => void;
}

/** Loads once per change of deps; reload() fetches again without clearing what is shown. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const run = ++latest.current;
    setLoading(true);
    try {
      const d = await load();
      if (run === latest.current) { setData(d); setError(undefined); }
    } catch (e) {
      if (run === latest.current) setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      if (run === latest.current) setLoading(false);
    }
  }, deps);
  // Started as the page is put together, not after the browser has painted it: a cold first screen is a chain of
  // loads (the record, then its cards), and each link used to wait a frame and a paint (issue 14).
  useLayoutEffect(() => { void reload(); }, [reload]);
  return { data, error, loading, reload, setData };
}

/** Calls fn every `ms` while the tab is visible, and once more when it becomes visible again. */
export function usePoll(fn: () => void, ms: number) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const tick = () => { if (document.visibilityState === 'visible') saved.current(); };
    const id = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => { clearInterval(id); document.removeEventListener('visibilitychange', tick); };
  }, [ms]);
}

/**
 * Runs fn when deps change: at once the first time (a first screen does not wait out a pause nobody made), then once
 * the changes have paused for `ms` (a live count that follows what is being typed, not every keystroke).
 */
export function useSettled(fn: () => void, deps: unknown[], ms: number) {
  const first = useRef(true);
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const timer = setTimeout(() => saved.current(), first.current ? 0 : ms);
    first.current = false;
    return () => clearTimeout(timer);
  }, deps);
}
