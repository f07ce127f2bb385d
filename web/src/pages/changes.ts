import { t } from '../i18n';
import type { AuditEntry } from '../types';

/** One line of the retiree's timeline for a change to the record: what kind, by whom, and what changed. */
export function changeText(c: AuditEntry): string {
  const kind = c.action.startsWith('retiree.archive') ? 'retiree.change.archive'
    : c.action.startsWith('retiree.ageBand') ? 'retiree.change.ageBand'
    : c.action.startsWith('careplan.') ? 'retiree.change.carePlan'
    : c.action === 'retiree.create' ? 'retiree.created'
    : 'retiree.change.update';
  // The age band's detail is the move itself; the others name the fields or plan that changed.
  const detail = c.action.startsWith('retiree.ageBand') ? c.action.slice('retiree.ageBand: '.length) : c.detail;
  return `${t(kind)} · ${c.actor}${detail && c.action !== 'retiree.create' ? `: ${detail}` : ''}`;
}
