import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { serverText } from '../serverText';
import { monthOf } from './Visits';

afterEach(() => setLocale('en'));

describe('visits', () => {
  it('defaults the period to the office month', () => {
    expect(monthOf('2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('shows the visit form’s field messages in Chinese', () => {
    setLocale('zh-CN');
    expect(serverText('The visit cannot be in the future.')).toBe('走访日期不能晚于今天。');
    expect(serverText('An amount from 0 to 1000000, in yuan and fen (at most two decimals).')).toBe('金额应在 0 到 1000000 元之间，最多两位小数。');
  });
});
