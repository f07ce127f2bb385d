import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and starts with a BOM for Excel', () => {
    const csv = toCsv([['年龄段', '人数'], ['80–84岁', 12], ['say "hi", ok', null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1)).toBe('年龄段,人数\r\n80–84岁,12\r\n"say ""hi"", ok",\r\n');
  });

  it('never lets a cell run as a formula, whatever it starts with', () => {
    const attacks = ['=HYPERLINK("http://x","y")', '+1+cmd', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\n=1'];
    const cells = toCsv([attacks]).slice(1).trimEnd();
    // Each cell, unquoted, starts with the apostrophe that makes it text.
    const parsed = attacks.map((a) => "'" + a);
    expect(cells).toBe(parsed.map((p) => (/[",\r\n\t;]/.test(p) ? `"${p.replace(/"/g, '""')}"` : p)).join(','));
    // Numbers, as numbers or as plain numeric text, stay numbers.
    expect(toCsv([[-5, '-5', '+86', '3.5']]).slice(1)).toBe('-5,-5,+86,3.5\r\n');
  });
});
