import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { lazy } from './lazy';

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('a page loaded as its own script', () => {
  it('shows once loaded, even when the early preload finished between its first render and its effect', async () => {
    const Page = lazy(() => Promise.resolve(({ name }: { name: string }) => <h1>{name}</h1>));
    void Page.preload(); // as App does for the page the address names: resolves before the page's effect runs
    const root = document.createElement('div');
    render(<Page name="上门认证" />, root);
    await settle();
    expect(root.querySelector('h1')?.textContent).toBe('上门认证');
  });

  it('shows once loaded when nothing preloaded it', async () => {
    const Page = lazy(() => new Promise<() => preact.JSX.Element>((r) => setTimeout(() => r(() => <h1>今日</h1>), 10)));
    const root = document.createElement('div');
    render(<Page />, root);
    expect(root.querySelector('.loading')).not.toBeNull();
    await settle();
    expect(root.querySelector('h1')?.textContent).toBe('今日');
  });

  it('says so, with a reload, when its script fails to load', async () => {
    const Page = lazy(() => Promise.reject(new Error('chunk failed')));
    const root = document.createElement('div');
    render(<Page />, root);
    await settle();
    expect(root.querySelector('[role=alert] button')).not.toBeNull();
  });
});
