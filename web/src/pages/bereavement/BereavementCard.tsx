import { useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section, Tel } from '../../components/ui';
import { formatDateTime, formatDay, officeDay } from '../../format';
import type { Loaded } from '../../hooks';
import { t } from '../../i18n';
import type { BereavementPage, BereavementView, CaseLine, ChecklistItemState, ChecklistItemView, LearnedFrom, Person, Retiree } from '../../types';

export const learnedFroms: LearnedFrom[] = ['family', 'volunteer', 'liaison', 'hospital', 'street', 'colleague', 'other'];

/** A line of the case's timeline in the reader's words (bereavement.line.*), its fixed values worded by their labels. */
export function caseLineText(l: CaseLine): string {
  const a = l.args ?? {};
  const args: Record<string, string> = {
    ...a,
    learnedFrom: label('learnedFrom', a.learnedFrom), item: label('checklistItem', a.item), state: label('checklistState', a.state),
    role: a.role ? t(a.role === 'liaison' ? 'bereavement.liaison' : 'bereavement.volunteer') : '', note: a.note ? ` · ${a.note}` : '',
    relation: a.relation ? ` (${a.relation})` : '',
  };
  const key = `bereavement.line.${l.code}` as Parameters<typeof t>[0];
  const text = t(key, args);
  return text === key ? l.code : text;
}

/**
 * 丧事 on the retiree's page: staff record a death (which stops every message) and work its checklist; a paired
 * volunteer sees the checklist and the family contact, read-only. Nothing shows to a volunteer until a death is recorded.
 */
export function BereavementCard({ retiree, page, staff, people, onChange }:
  { retiree: Retiree; page: Loaded<BereavementPage>; staff: boolean; people: Person[]; onChange: () => Promise<void> }) {
  if (page.error) return <LoadError error={page.error} />;
  const p = page.data;
  if (!p) return null;
  if (!p.case) return staff && retiree.profile.status !== 'archived' ? <RecordDeath retiree={retiree} page={p} people={people} onChange={onChange} /> : null;
  return <Checklist c={p.case} staff={staff} people={people} onChange={onChange} />;
}

function RecordDeath({ retiree, page, people, onChange }: { retiree: Retiree; page: BereavementPage; people: Person[]; onChange: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [d, setD] = useState({ diedOn: retiree.profile.deceasedOn ?? '', learnedFrom: '', learnedNote: '', nextOfKin: page.nextOfKinChoices[0]?.source ?? '', assigneeId: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof d) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });

  async function save(e: Event) {
    e.preventDefault();
    if (!confirm(t('bereavement.confirm', { name: retiree.profile.name }))) return;
    setBusy(true);
    try {
      await request(`/api/retirees/${encodeURIComponent(retiree.id)}/death`, { method: 'POST', body: {
        diedOn: d.diedOn || null, learnedFrom: d.learnedFrom || null, learnedNote: d.learnedNote || null, nextOfKin: d.nextOfKin || null, assigneeId: d.assigneeId || null,
      } });
      setError(null);
      await onChange();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  if (!open) return <p><button type="button" class="secondary" onClick={() => setOpen(true)}>{t('bereavement.record')}</button></p>;
  return (
    <Section title={t('bereavement.record')} id="sec-death">
      <p class="muted">{t('bereavement.recordNote')}</p>
      <form onSubmit={save} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        <div class="grid">
          <Field id="bv-diedOn" label={t('bereavement.diedOn')} error={err('diedOn')}>
            <input {...describedBy('bv-diedOn', err('diedOn'))} type="date" max={officeDay()} value={d.diedOn} onInput={set('diedOn')} />
          </Field>
          <Field id="bv-learnedFrom" label={t('bereavement.learnedFrom')} error={err('learnedFrom')}>
            <select {...describedBy('bv-learnedFrom', err('learnedFrom'))} value={d.learnedFrom} onChange={set('learnedFrom')}>
              <option value="">{t('bereavement.choose')}</option>
              {learnedFroms.map((v) => <option key={v} value={v}>{label('learnedFrom', v)}</option>)}
            </select>
          </Field>
          <Field id="bv-learnedNote" label={t('bereavement.learnedNote')} error={err('learnedNote')}>
            <input {...describedBy('bv-learnedNote', err('learnedNote'))} value={d.learnedNote} onInput={set('learnedNote')} />
          </Field>
          <Field id="bv-nextOfKin" label={t('bereavement.nextOfKin')} error={err('nextOfKin')}>
            <select {...describedBy('bv-nextOfKin', err('nextOfKin'))} value={d.nextOfKin} onChange={set('nextOfKin')}>
              {page.nextOfKinChoices.length === 0 && <option value="">{t('bereavement.noKin')}</option>}
              {page.nextOfKinChoices.map((k) => <option key={k.source} value={k.source}>{k.name}{k.relation ? ` (${k.relation})` : ''}</option>)}
            </select>
          </Field>
          <Field id="bv-assigneeId" label={t('bereavement.assignee')} error={err('assigneeId')}>
            <select {...describedBy('bv-assigneeId', err('assigneeId'))} value={d.assigneeId} onChange={set('assigneeId')}>
              <option value="">{t('bereavement.nobody')}</option>
              {people.filter((x) => x.active).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={busy}>{t('bereavement.recordSubmit')}</button>
      </form>
    </Section>
  );
}

function Checklist({ c, staff, people, onChange }: { c: BereavementView; staff: boolean; people: Person[]; onChange: () => Promise<void> }) {
  const k = c.nextOfKin;
  return (
    <Section title={c.archived ? t('bereavement.titleArchived') : t('bereavement.title')} id="sec-bereavement">
      <p>{t('bereavement.summary', { diedOn: formatDay(c.diedOn), learnedFrom: label('learnedFrom', c.learnedFrom), learnedOn: formatDay(c.learnedOn) })}{c.learnedNote ? ` · ${c.learnedNote}` : ''}</p>
      <p>{t('bereavement.nextOfKinLine')}{k ? <>{k.name}{k.relation ? ` (${k.relation})` : ''} {k.phone && <Tel phone={k.phone} />}</> : t('bereavement.noKin')}</p>
      {c.archived && c.archivedAt && <p class="muted">{t('bereavement.archivedAt', { at: formatDateTime(c.archivedAt) })}</p>}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('bereavement.title')}</caption>
          <thead><tr><th scope="col">{t('bereavement.item')}</th><th scope="col">{t('bereavement.assignee')}</th><th scope="col">{t('bereavement.due')}</th><th scope="col">{t('bereavement.state')}</th><th scope="col">{t('bereavement.note')}</th>{staff && !c.archived && <th scope="col"><span class="visually-hidden">{t('bereavement.actions')}</span></th>}</tr></thead>
          <tbody>{c.items.map((i) => <ItemRow key={i.kind} c={c} i={i} staff={staff && !c.archived} people={people} onChange={onChange} />)}</tbody>
        </table>
      </div>
    </Section>
  );
}

function ItemRow({ c, i, staff, people, onChange }: { c: BereavementView; i: ChecklistItemView; staff: boolean; people: Person[]; onChange: () => Promise<void> }) {
  const [note, setNote] = useState(i.note ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `bv-${i.kind}`;

  async function change(body: { state?: ChecklistItemState; assigneeId?: string; due?: string; note?: string }) {
    setBusy(true);
    try {
      await request(`/api/retirees/${encodeURIComponent(c.retireeId)}/bereavement/items/${i.kind}`, { method: 'PUT', body, headers: { 'If-Match': c.eTag } });
      setError(null);
      await onChange();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }
  const problem = error && (error.field('note') ?? error.field('assigneeId') ?? error.field('due') ?? error.field('state') ?? error.title);

  return (
    <tr class={i.overdue ? 'overdue' : undefined}>
      <th scope="row">{label('checklistItem', i.kind)}</th>
      <td>{staff ? (
        <select aria-label={t('bereavement.assigneeOf', { item: label('checklistItem', i.kind) })} value={i.assigneeId ?? ''} disabled={busy}
          onChange={(e) => e.currentTarget.value && change({ assigneeId: e.currentTarget.value })}>
          <option value="">{t('bereavement.nobody')}</option>
          {people.filter((x) => x.active || x.id === i.assigneeId).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
      ) : (i.assigneeName ?? '—')}</td>
      <td>{staff && i.state === 'open' ? (
        <input type="date" aria-label={t('bereavement.dueOf', { item: label('checklistItem', i.kind) })} value={i.due} disabled={busy}
          onChange={(e) => e.currentTarget.value && change({ due: e.currentTarget.value })} />
      ) : formatDay(i.due)}{i.overdue && <> <span class="badge tier-high">{t('bereavement.overdue')}</span></>}</td>
      <td>{label('checklistState', i.state)}{i.closedBy ? <span class="muted"> · {i.closedBy}</span> : null}</td>
      <td>{staff && i.state === 'open' ? (
        <Field id={`${id}-note`} label={t('bereavement.noteOf', { item: label('checklistItem', i.kind) })} error={problem ?? undefined}>
          <input {...describedBy(`${id}-note`, problem ?? undefined)} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </Field>
      ) : (i.note ?? '')}</td>
      {staff && (
        <td>{i.state === 'open' ? <>
          <button type="button" disabled={busy} onClick={() => change({ state: 'done', ...(note.trim() ? { note } : {}) })}>{t('bereavement.markDone')}</button>{' '}
          <button type="button" class="secondary" disabled={busy} onClick={() => change({ state: 'notNeeded', ...(note.trim() ? { note } : {}) })}>{t('bereavement.markNotNeeded')}</button>
        </> : <button type="button" class="secondary" disabled={busy} onClick={() => change({ state: 'open' })}>{t('bereavement.reopen')}</button>}</td>
      )}
    </tr>
  );
}
