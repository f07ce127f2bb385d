import { t, type StringKey } from './i18n';
// CSV for the reports' downloads: RFC 4180 quoting, and a BOM so Excel opens UTF-8 Chinese correctly.
// Text that a spreadsheet would run as a formula (= + - @, a leading tab or line break) gets a leading ',
// the same rule as the server's exports (Retirees/Csv.cs): a visit note is data, never a formula.

const formula = /^[=+\-@\t\r\n]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && formula.test(s) && !plainNumber.test(s)) s = "'" + s;
    return /[",\r\n\t;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function downloadCsv(name: string, rows: (string | number | null | undefined)[][]) {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A header row in the reader's language (csv.* strings): the office opens the file in its own words. */
export function csvHead(...columns: string[]): string[] {
  return columns.map((c) => t(`csv.${c}` as StringKey));
}
