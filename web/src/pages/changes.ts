import { actorName } from '../timeline';
import { t, type StringKey } from '../i18n';
import type { AuditEntry } from '../types';

/** Fields whose values are fixed words: shown through their label group, never as the stored enum. */
const groups: Record<string, string> = {
  gender: 'gender', living: 'living', mobility: 'mobility', selfCare: 'selfCare', pairing: 'pairing', retirementType: 'retirementType',
  status: 'retireeStatus', cadence: 'cadence', stopReason: 'stopReason', hearing: 'sense', sight: 'sense',
};

function known(key: string): string | undefined {
  const text = t(key as StringKey);
  return text === key ? undefined : text;
}

/** A value as the trail wrote it (JSON: "襄阳", null, true, "alone"), in the reader's words. */
function value(field: string, raw: string): string {
  const v = raw.trim();
  if (v === 'null' || v === '""' || v === '[]') return '—';
  if (v === 'true') return t('yes');
  if (v === 'false') return t('no');
  // A list or a record (children, emergency contacts): its values, without the keys and brackets.
  if (v.startsWith('[') || v.startsWith('{')) {
    try { return words(JSON.parse(v)) || '—'; } catch { /* cut at 200 characters: shown as written */ }
  }
  const s = v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
  return (groups[field] && known(`${groups[field]}.${s}`)) || s;
}

function words(v: unknown): string {
  if (Array.isArray(v)) return v.map(words).filter(Boolean).join(t('listSeparator'));
  if (v && typeof v === 'object') return Object.values(v).map(words).filter(Boolean).join(' ');
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  return String(v);
}

/** "city: null → \"襄阳\"; living: \"alone\" → \"withSpouse\"" → each field by its label, each value in words. */
export function diffText(detail: string): string {
  if (detail === 'No changes') return t('retiree.change.none');
  const parts = detail.split('; ').map((part) => {
    const m = part.match(/^([\w.[\]]+): (.*) → (.*)$/s);
    if (!m) return part;
    const name = m[1].replace(/\[\d+\]$/, '');
    return `${known(`retiree.${name}`) ?? m[1]}${t('colon')}${value(name, m[2])} → ${value(name, m[3])}`;
  });
  return parts.join(t('semicolon'));
}

/** "retiree.ageBand: from80 → from85 (birthday)" → the two bands in words. */
function ageBandText(action: string): string {
  const m = action.match(/^retiree\.ageBand: (\w+) → (\w+)/);
  return m ? t('retiree.change.ageBandMove', { from: known(`ageBand.${m[1]}`) ?? m[1], to: known(`ageBand.${m[2]}`) ?? m[2] }) : '';
}

/** "hardshipLevel: 0 → 2 from 2026-11 (重病)" → the two levels in words, the month and the reason. */
function hardshipText(detail: string): string {
  const m = detail.match(/^hardshipLevel: (\d) → (\d) from (\d{4}-\d\d) \((.*)\)$/s);
  const lvl = (n: string) => (n === '0' ? t('subsidies.noLevel') : t('subsidies.level', { n }));
  return m ? t('retiree.change.hardshipDetail', { before: lvl(m[1]), after: lvl(m[2]), from: m[3], reason: m[4] }) : detail;
}

/** "Care plan: daily at 09:00 by Sms[, paused until 2026-12-01 (住院)][, stopped (deceased)]" in words. */
export function carePlanText(detail: string): string {
  const m = detail.match(/^Care plan: (\w+) at (\d\d:\d\d) by (\w+)(?:, paused until (\S+) \((.*?)\))?(?:, stopped \((\w+)\))?$/);
  if (!m) return detail;
  const [, cadence, at, channel, until, reason, stopped] = m;
  // The server writes the enum's name (Daily, EveryTwoDays); the strings are keyed in camelCase.
  let text = t('retiree.change.carePlanIs', { cadence: known(`cadence.${cadence.charAt(0).toLowerCase()}${cadence.slice(1)}`) ?? cadence, at, channel: known(`channel.${channel.toLowerCase()}`) ?? channel });
  if (until) text += t('retiree.change.pausedUntil', { until, reason });
  if (stopped) text += t('retiree.change.stopped', { reason: known(`stopReason.${stopped.charAt(0).toLowerCase()}${stopped.slice(1)}`) ?? stopped });
  return text;
}

/** One line of the retiree's timeline for a change to the record: what kind, by whom (by name), and what changed. */
export function changeText(c: AuditEntry): string {
  const kind = c.action === 'subsidy.hardship' ? 'retiree.change.hardship'
    : c.action.startsWith('retiree.archive') ? 'retiree.change.archive'
    : c.action.startsWith('retiree.ageBand') ? 'retiree.change.ageBand'
    : c.action.startsWith('careplan.') ? 'retiree.change.carePlan'
    : c.action === 'retiree.create' ? 'retiree.created'
    : 'retiree.change.update';
  const detail = c.action === 'subsidy.hardship' ? hardshipText(c.detail)
    : c.action.startsWith('retiree.ageBand') ? ageBandText(c.action)
    : c.action.startsWith('careplan.') ? carePlanText(c.detail)
    : c.action === 'retiree.create' ? ''
    : diffText(c.detail);
  return `${t(kind)} · ${actorName(c.actorName ?? c.actor)}${detail ? t('colon') + detail : ''}`;
}
