import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and starts with a BOM for Excel', () => {
    const csv = toCsv([['年龄段', '人数'], ['80–84岁', 12], ['say "hi", ok', null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe('年龄段,人数\r\n80–84岁,12\r\n"say ""hi"", ok",\r\n');
  });
});
