import { describe, expect, it } from 'vitest';
import { coverFor, monthDays } from './RosterGrid';

describe('roster grid', () => {
  it('lays a month out from the weekday it starts on (Monday first)', () => {
    const dec = monthDays('2026-12'); // 1 December 2026 is a Tuesday
    expect(dec.lead).toBe(1);
    expect(dec.days).toHaveLength(31);
    expect(dec.days[0]).toBe('2026-12-01');
    expect(monthDays('2028-02').days).toHaveLength(29);
    expect(monthDays('2026-06').lead).toBe(0); // a Monday
  });

  it('turns an office-local day and hours into UTC cover, past midnight for a night shift', () => {
    // Asia/Shanghai is UTC+8 (the default office zone).
    expect(coverFor('2026-12-24', '08:30', '17:30', 'p1', '')).toEqual({ from: '2026-12-24T00:30:00.000Z', to: '2026-12-24T09:30:00.000Z', personId: 'p1', note: null });
    const night = coverFor('2026-12-31', '20:00', '08:00', 'p2', '元旦值班');
    expect(night.from).toBe('2026-12-31T12:00:00.000Z');
    expect(night.to).toBe('2027-01-01T00:00:00.000Z');
    expect(night.note).toBe('元旦值班');
  });
});
