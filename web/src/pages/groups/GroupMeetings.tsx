import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { GroupView, MeetingKind, MeetingsYear, MemberView } from '../../types';
import { branchKinds } from './Groups';

/** The year's checklist (a branch's required meetings, held against required), the meetings held, and a form to record one. */
export function GroupMeetings({ group, members, onChange }: { group: GroupView; members: MemberView[]; onChange: () => Promise<void> }) {
  const enc = encodeURIComponent(group.id);
  const [year, setYear] = useState(officeDay().slice(0, 4));
  const data = useLoad(() => api<MeetingsYear>(`/api/groups/${enc}/meetings${query({ year })}`), [group.id, year]);
  const names = new Map(members.map((m) => [m.retireeId, m.name]));
  const reload = () => Promise.all([data.reload(), onChange()]).then(() => undefined);

  async function remove(id: string) {
    if (!confirm(t('groups.confirmDeleteMeeting'))) return;
    await api(`/api/groups/${enc}/meetings/${encodeURIComponent(id)}`, { method: 'DELETE' });
    await reload();
  }

  const y = data.data;
  return (
    <>
      <Section title={t('groups.checklist', { year })} id="group-checklist">
        <label class="inline">{t('events.year')}{' '}
          <select value={year} onChange={(e) => setYear(e.currentTarget.value)}>
            {[Number(year) - 1, Number(year), Number(year) + 1].map((v) => <option key={v} value={String(v)}>{v}</option>)}
          </select>
        </label>
        <LoadError error={data.error} />
        {y && y.checklist.length === 0 && <p>{t('groups.noMeetings')}</p>}
        {y && y.checklist.length > 0 && (
          <>
            {y.required > 0 && <p>{t('groups.checklistLine', { held: y.heldTowardsRequired, required: y.required })}</p>}
            <table class="checklist">
              <caption class="visually-hidden">{t('groups.checklist', { year })}</caption>
              <thead><tr><th scope="col">{t('groups.kind')}</th><th scope="col">{t('groups.requiredCol')}</th><th scope="col">{t('groups.heldCol')}</th><th scope="col">{t('status')}</th></tr></thead>
              <tbody>
                {y.checklist.map((l) => (
                  <tr key={l.kind}>
                    <th scope="row">{label('meetingKind', l.kind)}</th><td class="num">{l.required || '—'}</td><td class="num">{l.held}</td>
                    <td>{l.required === 0 ? '' : l.held >= l.required ? `✓ ${t('groups.done')}` : t('groups.toGo', { n: l.required - l.held })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Section>
      <Section title={t('groups.meetings')} id="group-meetings">
        {y && y.meetings.length === 0 && <p>{t('groups.noMeetings')}</p>}
        {y && y.meetings.length > 0 && (
          <ul class="meetings">
            {y.meetings.map((m) => (
              <li key={m.id}>
                <strong>{formatDay(m.date)}</strong> · {label('meetingKind', m.kind)} · {m.topic} · {t('groups.attendedCount', { n: m.attended })}
                {m.attendeeIds.length > 0 && <span class="muted"> ({m.attendeeIds.map((a) => names.get(a) ?? t('groups.formerMember')).join('、')})</span>}{' '}
                <button type="button" onClick={() => void remove(m.id)}>{t('groups.deleteMeeting')}</button>
              </li>
            ))}
          </ul>
        )}
        <RecordMeeting group={group} members={members} onDone={reload} />
      </Section>
    </>
  );
}

/** What was held: the day, the kind (a branch's four kinds, or an activity), the topic, and who came (ticked from the members). */
function RecordMeeting({ group, members, onDone }: { group: GroupView; members: MemberView[]; onDone: () => Promise<void> }) {
  const kinds: MeetingKind[] = group.type === 'branch' ? [...branchKinds, 'activity'] : ['activity'];
  const [d, setD] = useState({ date: officeDay(), kind: kinds[0], topic: '', came: [] as string[] });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState('');
  const err = (k: string) => error?.field(k);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/groups/${encodeURIComponent(group.id)}/meetings`, { method: 'POST', body: { date: d.date || null, kind: d.kind, topic: d.topic, attendeeIds: d.came } });
      setDone(t('groups.recorded', { n: d.came.length }));
      setD({ ...d, topic: '', came: [] });
      await onDone();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const toggle = (id: string, on: boolean) => setD({ ...d, came: on ? [...d.came, id] : d.came.filter((x) => x !== id) });
  return (
    <form class="record-meeting" onSubmit={save} noValidate>
      <h3>{t('groups.recordMeeting')}</h3>
      {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
      {done && <p role="status">{done}</p>}
      <div class="grid">
        <Field id="mt-date" label={t('groups.date')} error={err('date')}>
          <input {...describedBy('mt-date', err('date'))} type="date" max={officeDay()} value={d.date} onInput={(e) => setD({ ...d, date: e.currentTarget.value })} />
        </Field>
        <Field id="mt-kind" label={t('groups.kind')} error={err('kind')}>
          <select {...describedBy('mt-kind', err('kind'))} value={d.kind} onChange={(e) => setD({ ...d, kind: e.currentTarget.value as MeetingKind })}>
            {kinds.map((k) => <option key={k} value={k}>{label('meetingKind', k)}</option>)}
          </select>
        </Field>
        <Field id="mt-topic" label={t('groups.topic')} error={err('topic')}>
          <input {...describedBy('mt-topic', err('topic'))} value={d.topic} onInput={(e) => setD({ ...d, topic: e.currentTarget.value })} />
        </Field>
      </div>
      <fieldset class="attendance"><legend>{t('groups.whoCame')}</legend>
        {members.length === 0 && <p class="muted">{t('groups.noMembers')}</p>}
        {members.map((m) => (
          <label key={m.retireeId} class="check"><input type="checkbox" checked={d.came.includes(m.retireeId)} onChange={(e) => toggle(m.retireeId, e.currentTarget.checked)} /> {m.name}</label>
        ))}
        {err('attendeeIds') && <p class="error">{err('attendeeIds')}</p>}
      </fieldset>
      <div class="actions"><button type="submit" class="primary">{t('groups.saveMeeting')}</button></div>
    </form>
  );
}
