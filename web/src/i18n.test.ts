import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLocale, setLocale, t } from './i18n';
import { en } from './strings/en';
import { zh } from './strings/zh';

describe('i18n', () => {
  it('defaults from the browser and honours a stored choice', () => {
    expect(defaultLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(defaultLocale(null, ['en-GB'])).toBe('en');
    expect(defaultLocale('en', ['zh-CN'])).toBe('en');
    expect(defaultLocale(null, ['fr'])).toBe('en');
  });

  it('has every English string in Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const v of Object.values(zh)) expect(v.trim()).not.toBe('');
  });

  it('has the same placeholders in both languages, so no value is dropped or left as {braces}', () => {
    const holes = (v: string) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(en).filter((k) => holes(en[k as keyof typeof en]).join() !== holes(zh[k as keyof typeof zh]).join());
    expect(differ).toEqual([]);
  });

  it("uses the office's words, never the ones docs/glossary.md says to avoid", () => {
    const glossary = readFileSync(join(process.cwd(), '..', 'docs', 'glossary.md'), 'utf8'); // vitest runs in web/
    const avoid = glossary.split('\n').filter((l) => /^\|[^-]/.test(l)).slice(1)
      .flatMap((l) => (l.split('|')[3] ?? '').split('、').map((w) => w.trim()).filter(Boolean));
    expect(avoid).toContain('升级');
    const found = Object.entries(zh).flatMap(([k, v]) => avoid.filter((w) => v.includes(w)).map((w) => `${k}: ${w}`));
    expect(found).toEqual([]);
  });

  it('switches language', () => {
    setLocale('zh-CN');
    expect(t('signIn')).toBe('登录');
    setLocale('en');
    expect(t('signIn')).toBe('Sign in');
  });
});
