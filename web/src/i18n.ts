// Two languages, English and Simplified Chinese. The default follows the browser; the choice is remembered.
import { en } from './strings/en';
import { zh } from './strings/zh';

export type Locale = 'en' | 'zh-CN';
export type StringKey = keyof typeof en;

const tables: Record<Locale, Record<StringKey, string>> = { en, 'zh-CN': zh };
const STORAGE_KEY = 'afterglow.locale';

export function defaultLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const lang of languages) {
    if (lang.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (lang.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

let current: Locale = defaultLocale(
  typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY),
  typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
);

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale) {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** Looks up a string and fills {name} placeholders. */
export function t(key: StringKey, vars?: Record<string, string | number>): string {
  const text = tables[current][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? `{${name}}`)) : text;
}
