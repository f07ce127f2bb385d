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

  it('switches language', () => {
    setLocale('zh-CN');
    expect(t('signIn')).toBe('登录');
    setLocale('en');
    expect(t('signIn')).toBe('Sign in');
  });
});
