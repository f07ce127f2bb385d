import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSettled } from './hooks';

describe('useSettled (a live count as a filter is built)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function Counter({ filter, calls }: { filter: string; calls: string[] }) {
    useSettled(() => calls.push(filter), [filter], 300);
    return null;
  }

  it('runs at once for the first screen, then once per pause in the changes', () => {
    const root = document.createElement('div');
    const calls: string[] = [];
    act(() => render(<Counter filter="" calls={calls} />, root));
    act(() => { vi.advanceTimersByTime(0); });
    expect(calls).toEqual(['']); // not 300 ms later

    for (const typed of ['7', '70', '70+']) {
      act(() => render(<Counter filter={typed} calls={calls} />, root));
      act(() => { vi.advanceTimersByTime(100); });
    }
    expect(calls).toEqual(['']); // still typing
    act(() => { vi.advanceTimersByTime(300); });
    expect(calls).toEqual(['', '70+']);

    act(() => render(<Counter filter="80+" calls={calls} />, root));
    act(() => { vi.advanceTimersByTime(299); });
    expect(calls).toEqual(['', '70+']);
    act(() => { vi.advanceTimersByTime(1); });
    expect(calls).toEqual(['', '70+', '80+']);
  });
});
