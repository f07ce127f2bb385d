import { afterEach, describe, expect, it } from 'vitest';
import { setOfficeTimeZone } from './format';
import { setLocale } from './i18n';
import { actorName, eventText, resolutionNote } from './timeline';


const latin = /[A-Za-z]{2,}/;

describe('timeline lines in the reader language', () => {
  afterEach(() => setLocale('en'));
  setOfficeTimeZone('Asia/Shanghai');

  it('words a level from its code, with the target in the reader words (not the enum)', () => {
    const e = { code: 'level', args: { level: '3', round: '1', repeat: '0', target: 'liaisonAndDuty' }, detail: 'Level 3: LiaisonAndDuty.' };
    setLocale('zh-CN');
    expect(eventText(e)).toBe('第 3 级：联络员和值班工作人员。');
    setLocale('en');
    expect(eventText(e)).toBe('Level 3: Liaison and duty coordinator.');
  });

  it('shows instants in office time and leaves no English in Chinese', () => {
    setLocale('zh-CN');
    const text = eventText({ code: 'opened.help', args: { at: '2026-11-22T01:30:00Z' }, detail: 'The retiree asked for help at 09:30.' });
    expect(text).toContain('09:30');
    expect(text).not.toMatch(latin);
  });

  it('keeps a person note and the outcome; a system note is worded from its own code', () => {
    setLocale('zh-CN');
    expect(eventText({ code: 'resolved', args: { outcome: 'hospitalised', note: '开锁，120送医院', noteCode: '' }, detail: 'Resolved: Hospitalised. 开锁，120送医院' }))
      .toBe('已解决：已住院。开锁，120送医院');
    const bySystem = eventText({ code: 'resolved', args: { outcome: 'other', note: '', noteCode: 'resolution.helpTookOver', at: '2026-11-22T01:30:00Z' }, detail: 'x' });
    expect(bySystem).toContain('紧急事件');
    expect(bySystem).not.toMatch(latin);
    expect(resolutionNote({ note: 'The registry records…', noteCode: 'resolution.registryDeceased', noteArgs: {} })).toBe('档案记录老同志已去世，预警已停止。');
    expect(resolutionNote({ note: '邻居开门', noteCode: null })).toBe('邻居开门');
  });

  it('shows older lines (no code) and codes this dashboard does not know as the English they carry', () => {
    setLocale('zh-CN');
    expect(eventText({ detail: 'Level 3: LiaisonAndDuty.' })).toBe('Level 3: LiaisonAndDuty.');
    expect(eventText({ code: 'somethingNew', args: {}, detail: 'Something new.' })).toBe('Something new.');
  });

  it('names the system and the retiree in the reader words, people as they are called', () => {
    setLocale('zh-CN');
    expect(actorName('system')).toBe('系统');
    expect(actorName('retiree')).toBe('老同志本人');
    expect(actorName('王丽')).toBe('王丽');
  });

  it('words every field report and acknowledgement with its parameters filled', () => {
    setLocale('zh-CN');
    const report = eventText({ code: 'fieldReport.mostRecent', args: { text: '到门口了', count: '2', code: '4821' }, detail: 'x' });
    expect(report).toBe('到门口了（此号码收到 2 个待处理事件的通知，未注明编号，记在最近的事件 4821 上。）');
    expect(eventText({ code: 'acknowledged', args: { by: '李明', via: 'sms' }, detail: 'x' })).toBe('李明 已确认（短信回复）。');
    expect(eventText({ code: 'notified', args: { name: '李明', role: 'volunteer' }, detail: 'x' })).not.toMatch(/[{}]|[A-Za-z]{2,}/);
  });
});
