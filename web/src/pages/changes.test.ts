import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { changeText } from './changes';

const entry = (action: string, detail: string) => ({ at: '2026-11-22T02:00:00Z', actor: 'li@office.cn', role: 'coordinator', action, retireeId: 'r1', detail });

describe('changeText', () => {
  it('names the kind of change, who made it and what changed', () => {
    setLocale('en');
    expect(changeText(entry('retiree.update', 'city: null → "襄阳"'))).toBe('Record changed · li@office.cn: city: null → "襄阳"');
    expect(changeText(entry('retiree.archive: 迁往外地', 'status: "active" → "archived"'))).toBe('Archived · li@office.cn: status: "active" → "archived"');
    expect(changeText(entry('careplan.update', 'Care plan: daily at 09:00'))).toBe('Care plan changed · li@office.cn: Care plan: daily at 09:00');
    expect(changeText(entry('retiree.create', 'Registered 周德明'))).toBe('Record created · li@office.cn');
  });

  it('shows a new age band as the move, in Chinese too', () => {
    setLocale('zh-CN');
    expect(changeText({ ...entry('retiree.ageBand: from80 → from85 (birthday)', 'birthDate unchanged'), actor: 'system' })).toBe('年龄段变化 · system: from80 → from85 (birthday)');
  });
});
