import { afterEach, describe, expect, it } from 'vitest';
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
});
