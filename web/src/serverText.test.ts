import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setLocale } from './i18n';
import { serverText } from './serverText';

afterEach(() => setLocale('en'));

describe('serverText', () => {
  it('keeps the server’s English in English', () => {
    expect(serverText('This field is required.')).toBe('This field is required.');
  });

  it('shows known messages in Chinese, with their values', () => {
    setLocale('zh-CN');
    expect(serverText('This field is required.')).toBe('此项必填。');
    expect(serverText("'12' is not a valid phone number (default region CN).")).toBe('“12”不是有效的电话号码。');
    expect(serverText('Between 5 and 1440 minutes.')).toBe('应在 5 到 1440 分钟之间。');
    expect(serverText('Something new the client does not know.')).toBe('Something new the client does not know.');
    expect(serverText('Not a time zone id (IANA, e.g. Asia/Shanghai).')).toBe('不是有效的时区标识（IANA，如 Asia/Shanghai）。');
    expect(serverText('A time as HH:mm (e.g. 21:00).')).toBe('请按 时:分 填写时间（如 21:00）。');
  });

  it('words what happened to an SMS and the morning watch’s findings', () => {
    setLocale('zh-CN');
    expect(serverText('Not sent within 48 hours.')).toBe('48 小时内未能发出。');
    expect(serverText('Not sent within 1.5 hours.')).toBe('1.5 小时内未能发出。');
    expect(serverText('The number opted out (STOP).')).toBe('该号码已退订（STOP）。');
    expect(serverText('Refused before sending: Not delivered.')).toBe('发送前被拒绝：未送达。');
    expect(serverText('2026-12-01: 410 of 500 expected check-ins were sent')).toBe('2026-12-01：应发 500 条报平安，只发出 410 条');
    expect(serverText('2026-12-01: 12 of 410 check-ins were not delivered')).toBe('2026-12-01：410 条报平安中有 12 条未送达');
    // A provider's own words stay as the provider wrote them.
    expect(serverText('isv.MOBILE_NUMBER_ILLEGAL')).toBe('isv.MOBILE_NUMBER_ILLEGAL');
  });
});

describe('every field message the server writes', () => {
  // The server's field messages are stable English sentences (ADR 0014b); each literal one in functions/ must read
  // as Chinese here. Interpolated holes are filled with a sample of their kind (a day, a time, a number).
  // Codes the user types as they are: a time-zone id (Asia/Shanghai, IANA) and a template id (notice.checkup).
  const allowed = new Set(['CSV', 'xlsx', 'Excel', 'STOP', 'START', 'SMS', 'IANA', 'Asia', 'Shanghai', 'notice', 'checkup']);
  function* files(dir: string): Generator<string> {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) { if (f !== 'bin' && f !== 'obj') yield* files(p); } else if (p.endsWith('.cs')) yield p;
    }
  }
  const messages = new Set<string>();
  for (const f of files(join(process.cwd(), '..', 'functions'))) { // vitest runs in web/
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:Add\("[^"]+",\s*|\["[^"]+"\]\s*=\s*\[)(\$?)"((?:[^"\\]|\\.)*)"(?:\)|\])/g)) {
      messages.add(m[1] ? m[2].replace(/\{[^}:]+:yyyy-MM-dd\}/g, '2026-01-01').replace(/\{[^}:]+:HH:mm\}/g, '08:00').replace(/\{[^}]+\}/g, '7') : m[2]);
    }
  }

  it('are found (the reader of the sources still works)', () => {
    expect(messages.size).toBeGreaterThan(80);
    expect(messages).toContain('Say what happened.');
  });

  it('read as Chinese in the Chinese dashboard', () => {
    setLocale('zh-CN');
    const english = [...messages].filter((m) => (serverText(m)!.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !allowed.has(w)));
    expect(english).toEqual([]);
  });
});
