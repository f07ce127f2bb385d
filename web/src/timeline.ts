// What happened on an incident, in the reader's language: the server sends a code with its parameters
// (event.* in the string tables); lines written before codes carry only their English detail, shown as it is.
import { formatDateTime } from './format';
import { t, type StringKey } from './i18n';
import { serverText } from './serverText';

interface Said { code?: string | null; args?: Record<string, string> | null }

/** Parameters that name a fixed value are worded through their label group; instants are shown in office time. */
const labelled: Record<string, string> = { outcome: 'outcome', target: 'target', role: 'role', via: 'via' };
const instants = new Set(['at', 'sentAt', 'until', 'dueAt']);

function word(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as StringKey;
  const text = t(key);
  return text === key ? value : text;
}

/** The args as the sentence shows them; a system-written note (noteCode) is worded too. */
export function eventArgs(args: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args ?? {})) {
    out[k] = !v ? v : labelled[k] ? word(labelled[k], v) : instants.has(k) ? formatDateTime(v) : k === 'reason' ? serverText(v)! : v;
  }
  if (args?.noteCode) out.note = said({ code: args.noteCode, args: { ...args, noteCode: '' } }) ?? out.note ?? '';
  return out;
}

/** The sentence for a code, or undefined when this dashboard does not know the code. */
function said(e: Said): string | undefined {
  if (!e.code) return undefined;
  const key = `event.${e.code}` as StringKey;
  const text = t(key, eventArgs(e.args));
  return text === key ? undefined : text.trim();
}

/** A timeline line's text: worded from its code, or the English detail of an older line (or an unknown code). */
export function eventText(e: Said & { detail: string }): string {
  return said(e) ?? e.detail;
}

/** Who wrote a line: people by the name they go by; the system and the retiree in the reader's words. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '';
  if (actor === 'system') return t('actor.system');
  if (actor === 'retiree') return t('actor.retiree');
  return actor;
}

/** A resolution's note: a person's words as written, a system note in the reader's language. */
export function resolutionNote(r: { note?: string | null; noteCode?: string | null; noteArgs?: Record<string, string> | null }): string {
  return said({ code: r.noteCode, args: r.noteArgs }) ?? r.note ?? '';
}
