import { afterEach, describe, expect, it } from 'vitest';
import { dialPhone, elapsed, formatDateTime, formatDay, formatPhone, formatTime, loadPhoneRules, officeDay, zoneOffsetMinutes } from './format';
import phoneCases from './phone.cases.json';
import { setLocale } from './i18n';

afterEach(() => setLocale('en'));

describe('office time', () => {
  it('shows instants in the office zone, not the browser zone', () => {
    setLocale('zh-CN');
    // 01:30 UTC is 09:30 in Shanghai.
    expect(formatDateTime('2026-11-24T01:30:00Z')).toBe('2026/11/24 09:30');
  });

  it('follows a change of language or zone at once (formatters are made once each, not once)', () => {
    const at = '2026-11-24T01:30:00Z';
    setLocale('zh-CN');
    expect(formatDateTime(at)).toBe('2026/11/24 09:30');
    expect(formatTime(at, 'Europe/London')).toBe('01:30');
    expect(formatDay('1940-03-02')).toBe('1940/03/02');
    setLocale('en');
    expect(formatDateTime(at)).toBe('11/24/2026, 09:30');
    expect(formatDay('1940-03-02')).toBe('03/02/1940');
    expect(formatTime(at)).toBe('09:30');
    expect(zoneOffsetMinutes(Date.parse(at))).toBe(480);
    expect(zoneOffsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Europe/London')).toBe(60);
    setLocale('zh-CN');
    expect(formatDateTime(at)).toBe('2026/11/24 09:30');
  });

  it('never shifts a calendar date', () => {
    setLocale('zh-CN');
    expect(formatDay('1940-03-02')).toBe('1940/03/02');
  });

  it('knows the office day even when UTC is still on the day before', () => {
    const utcLateEvening = Date.parse('2026-11-23T20:00:00Z'); // 04:00 on the 24th in Shanghai
    expect(officeDay(0, utcLateEvening)).toBe('2026-11-24');
    expect(officeDay(-1, utcLateEvening)).toBe('2026-11-23');
  });

  it('says how long ago, in the chosen language', () => {
    const now = Date.parse('2026-11-24T03:05:00Z');
    expect(elapsed('2026-11-24T01:00:00Z', now)).toBe('2 h 5 min');
    setLocale('zh-CN');
    expect(elapsed('2026-11-24T02:50:00Z', now)).toBe('15 分钟');
    expect(elapsed('2026-11-25T00:00:00Z', now)).toBe('');
  });

  it('shows and dials numbers as the server does (the cases PhoneDisplayTests reads too)', async () => {
    expect(formatPhone('+8613800138000')).toBe('+8613800138000'); // as stored until the rules have loaded
    await loadPhoneRules();
    for (const c of phoneCases.cases) {
      expect(formatPhone(c.e164, phoneCases.region), c.note).toBe(c.display);
      expect(dialPhone(c.e164, phoneCases.region), c.note).toBe(c.dial);
    }
  });

  it('shows a mainland mobile in international form to an office abroad', async () => {
    await loadPhoneRules();
    expect(formatPhone('+8613800138000', 'HK')).toBe('+86 138 0013 8000');
    expect(formatPhone('+85291234567', 'HK')).toBe('9123 4567');
  });
});

describe('office-time inputs', () => {
  it('reads a datetime-local value as office time', async () => {
    const { officeLocalToUtc, utcToOfficeLocal } = await import('./format');
    expect(officeLocalToUtc('2026-11-24T09:30')).toBe('2026-11-24T01:30:00.000Z');
    expect(utcToOfficeLocal('2026-11-24T01:30:00Z')).toBe('2026-11-24T09:30');
    // A zone with summer time: New York is UTC-4 in July, UTC-5 in January.
    expect(officeLocalToUtc('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(officeLocalToUtc('2026-01-05T09:00', 'America/New_York')).toBe('2026-01-05T14:00:00.000Z');
  });
});
