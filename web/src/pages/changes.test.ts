import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { changeText } from './changes';

const entry = (action: string, detail: string) => ({ at: '2026-11-22T02:00:00Z', actor: 'li@office.cn', role: 'coordinator', action, retireeId: 'r1', detail });
const latin = /[A-Za-z]{2,}/;

describe('changeText', () => {
  it('names the kind of change, who made it and what changed, each field by its label and each value in words', () => {
    setLocale('en');
    expect(changeText(entry('retiree.update', 'city: null → "襄阳"'))).toBe('Record changed · li@office.cn: City: — → 襄阳');
    expect(changeText(entry('retiree.archive: 迁往外地', 'status: "active" → "archived"'))).toBe('Archived · li@office.cn: Status: Active → Archived');
    expect(changeText(entry('careplan.update', 'Care plan: daily at 09:00 by Sms'))).toBe('Care plan changed · li@office.cn: Daily at 09:00, by SMS');
    expect(changeText(entry('retiree.create', 'Registered 周德明'))).toBe('Record created · li@office.cn');
  });

  it('names the author as people know them when the trail has it', () => {
    setLocale('en');
    expect(changeText({ ...entry('retiree.update', 'city: null → "襄阳"'), actorName: '李丽' })).toBe('Record changed · 李丽: City: — → 襄阳');
  });

  it('leaves no English in Chinese: fields, fixed values, yes/no, a plan that stopped, a new age band', () => {
    setLocale('zh-CN');
    const update = changeText({ ...entry('retiree.update', 'living: "alone" → "withSpouse"; emptyNest: true → false; status: "active" → "deceased"'), actorName: '李丽' });
    expect(update).toBe('档案修改 · 李丽：居住情况：独居 → 与配偶同住；空巢：是 → 否；状态：在册 → 已故');
    expect(update).not.toMatch(latin);
    const plan = changeText({ ...entry('careplan.update', 'Care plan: daily at 09:00 by Call, stopped (deceased)'), actorName: '李丽' });
    expect(plan).toBe('关爱计划修改 · 李丽：每天，09:00，电话，已停止（已故）');
    expect(changeText({ ...entry('retiree.ageBand: from80 → from85 (birthday)', 'birthDate unchanged'), actor: 'system' })).toBe('年龄段变化 · 系统：80–84岁 → 85–89岁');
  });

  it('words a hardship level set for subsidies', () => {
    setLocale('zh-CN');
    expect(changeText({ ...entry('subsidy.hardship', 'hardshipLevel: 0 → 2 from 2026-11 (重病)'), actorName: '李丽' })).toBe('困难补助级别调整 · 李丽：无 → 2级，自 2026-11 起（重病）');
  });

  it('words a list of records (children, contacts) by their values, and a save that changed nothing', () => {
    setLocale('zh-CN');
    const children = changeText({ ...entry('retiree.update', 'children: [] → [{"name":"王小明","relation":"子","phone":null},{"name":"王小红","relation":"女","phone":"13800138000"}]'), actorName: '李丽' });
    expect(children).toBe('档案修改 · 李丽：子女：— → 王小明 子、王小红 女 13800138000');
    expect(changeText({ ...entry('retiree.update', 'No changes'), actorName: '李丽' })).toBe('档案修改 · 李丽：无改动');
  });
});
