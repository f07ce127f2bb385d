import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Coverage } from '../types';
import { Visits, WORKLIST_ROWS } from './Visits';

const settle = () => new Promise((r) => setTimeout(r, 50));
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** The coverage of a month in which `sent` of the office's `total` not-yet-visited retirees came back (the server's cap). */
function coverage(sent: number, total: number): Coverage {
  return {
    from: '2026-12-01', to: '2026-12-31', kind: null, total: total + 10, visited: 10, visits: 12,
    byTier: [{ tier: 'critical', total: total + 10, visited: 10 }],
    notVisited: Array.from({ length: sent }, (_, n) => ({ id: `r${n}`, name: `老人${n}`, tier: 'critical', mobile: `+861380013${String(n).padStart(4, '0')}` })),
    notVisitedTotal: total, truncated: sent < total,
  };
}

async function open(c: Coverage) {
  vi.stubGlobal('fetch', async (url: string) => json(url.startsWith('/api/visits/coverage') ? c : { items: [], total: 0, truncated: false }));
  const root = document.createElement('div');
  render(<Visits />, root);
  await settle();
  return root;
}
const rows = (root: HTMLElement) => root.querySelectorAll('#visit-worklist tbody tr').length;
const more = (root: HTMLElement) => [...root.querySelectorAll('#visit-worklist button')].find((b) => /^Show \d+ more$/.test(b.textContent ?? '')) as HTMLButtonElement | undefined;

afterEach(() => vi.unstubAllGlobals());

describe('the not-yet-visited work list', () => {
  it('draws a screenful of a long list, more on request, and says how many of how many it shows', async () => {
    const root = await open(coverage(1000, 5956));
    expect(rows(root)).toBe(WORKLIST_ROWS);
    expect(root.querySelector('#visit-worklist .notice')?.textContent).toContain(`Showing ${WORKLIST_ROWS} of 5956`);
    for (let shown = WORKLIST_ROWS; shown < 1000; shown += WORKLIST_ROWS) {
      more(root)!.click();
      await settle();
      expect(rows(root)).toBe(Math.min(1000, shown + WORKLIST_ROWS));
    }
    // Every row the server sent is drawn; the rest are in the CSV export.
    expect(more(root)).toBeUndefined();
    expect(root.querySelector('#visit-worklist .notice')?.textContent).toContain('Showing 1000 of 5956');
  });

  it('draws a short list whole, with neither a button nor a notice', async () => {
    const root = await open(coverage(WORKLIST_ROWS - 1, WORKLIST_ROWS - 1));
    expect(rows(root)).toBe(WORKLIST_ROWS - 1);
    expect(more(root)).toBeUndefined();
    expect(root.querySelector('#visit-worklist .notice')).toBeNull();
  });

  it('offers only what is left when fewer than a screenful remain', async () => {
    const root = await open(coverage(WORKLIST_ROWS + 7, WORKLIST_ROWS + 7));
    expect(more(root)?.textContent).toBe('Show 7 more');
    more(root)!.click();
    await settle();
    expect(rows(root)).toBe(WORKLIST_ROWS + 7);
    expect(root.querySelector('#visit-worklist .notice')).toBeNull();
  });
});
