import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime, officeDay, officeTimeZone, setOfficeTimeZone } from './format';
import { loadOffice, office } from './office';
import { setLocale } from './i18n';

afterEach(() => {
  setOfficeTimeZone('Asia/Shanghai');
  setLocale('en');
  vi.unstubAllGlobals();
});

describe('the office time zone', () => {
  it('comes from GET /api/office and is used by every format', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      name: 'Retiree Services', timeZone: 'America/Vancouver', phoneRegion: 'CA',
      quietHours: { start: '21:00', end: '08:00' }, currency: 'CAD', costPerSmsSegment: 0.0079,
    }), { status: 200, headers: { 'Content-Type': 'application/json' } })));
    await loadOffice();
    setLocale('zh-CN');
    expect(office()?.name).toBe('Retiree Services');
    expect(officeTimeZone()).toBe('America/Vancouver');
    // 01:30 UTC on the 24th is 17:30 on the 23rd in Vancouver (UTC-8 in November).
    expect(formatDateTime('2026-11-24T01:30:00Z')).toBe('2026/11/23 17:30');
    expect(officeDay(0, Date.parse('2026-11-24T01:30:00Z'))).toBe('2026-11-23');
  });

  it('ignores a zone the browser does not know', () => {
    expect(setOfficeTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(officeTimeZone()).toBe('Asia/Shanghai');
  });
});
