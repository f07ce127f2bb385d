import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate } from '../../router';
import type { GroupType, GroupView, MeetingKind } from '../../types';

export const groupTypes: GroupType[] = ['branch', 'class', 'interest'];
export const branchKinds = ['organisation', 'committee', 'lecture', 'review'] as const satisfies readonly MeetingKind[];

/** 党支部, 老年大学, 兴趣小组: every group with its members and this year's meetings, and a form to set one up. */
export function Groups() {
  const list = useLoad(() => api<GroupView[]>('/api/groups'), []);
  return (
    <div>
      <h1>{t('groups.title')}</h1>
      <Section title={t('groups.list')} id="groups-list">
        <LoadError error={list.error} />
        {list.data?.length === 0 && <p>{t('groups.none')}</p>}
        {list.data && list.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('groups.list')}</caption>
              <thead><tr>
                <th scope="col">{t('groups.name')}</th><th scope="col">{t('groups.type')}</th><th scope="col">{t('groups.members')}</th>
                <th scope="col">{t('groups.term')}</th><th scope="col">{t('groups.meetingsThisYear')}</th>
              </tr></thead>
              <tbody>
                {list.data.map((g) => (
                  <tr key={g.id}>
                    <td><a href={`/app/groups/${encodeURIComponent(g.id)}`}>{g.name}</a></td>
                    <td>{label('groupType', g.type)}</td>
                    <td class="num">{g.capacity ? `${g.members} / ${g.capacity}` : g.members}{g.full ? ` · ${t('groups.full')}` : ''}</td>
                    <td>{g.term ?? ''}</td>
                    <td class="num">{g.meetingsRequired > 0 ? t('groups.heldOfRequired', { held: g.heldTowardsRequired, required: g.meetingsRequired }) : g.meetingsHeld}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <NewGroup />
    </div>
  );
}

const blank = { name: '', type: 'branch' as GroupType, note: '', term: '', termStart: '', termEnd: '', capacity: '30', organisation: '4', committee: '3', lecture: '2', review: '1' };

/** Sets up a group: a branch with its required meetings a year, a class with its term and places, or an interest group. */
function NewGroup() {
  const [d, setD] = useState(blank);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof blank) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });
  const num = (v: string) => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = {
        name: d.name, type: d.type, note: d.note || null,
        ...(d.type === 'branch' ? { required: Object.fromEntries(branchKinds.map((k) => [k, num(d[k]) ?? 0])) } : {}),
        ...(d.type === 'class' ? { term: d.term, termStart: d.termStart || null, termEnd: d.termEnd || null, capacity: num(d.capacity) } : {}),
      };
      const created = await api<GroupView>('/api/groups', { method: 'POST', body });
      navigate(`/groups/${encodeURIComponent(created.id)}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  const input = (k: keyof typeof blank, key: Parameters<typeof t>[0], type = 'text', field: string = k) => (
    <Field id={`gr-${k}`} label={t(key)} error={err(field)}>
      <input {...describedBy(`gr-${k}`, err(field))} type={type} value={d[k]} onInput={set(k)} {...(type === 'number' ? { min: 0 } : {})} />
    </Field>
  );
  return (
    <Section title={t('groups.new')} id="groups-new">
      <form onSubmit={create} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        <div class="grid">
          {input('name', 'groups.name')}
          <Field id="gr-type" label={t('groups.type')} error={err('type')}>
            <select {...describedBy('gr-type', err('type'))} value={d.type} onChange={set('type')}>
              {groupTypes.map((k) => <option key={k} value={k}>{label('groupType', k)}</option>)}
            </select>
          </Field>
          {input('note', 'groups.note')}
        </div>
        {d.type === 'branch' && (
          <fieldset><legend>{t('groups.required')}</legend>
            <div class="grid">{branchKinds.map((k) => <div key={k}>{input(k, `meetingKind.${k}` as Parameters<typeof t>[0], 'number', `required.${k}`)}</div>)}</div>
          </fieldset>
        )}
        {d.type === 'class' && (
          <div class="grid">
            {input('term', 'groups.term')}
            {input('termStart', 'groups.termStart', 'date')}
            {input('termEnd', 'groups.termEnd', 'date')}
            {input('capacity', 'groups.capacity', 'number')}
          </div>
        )}
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{t('groups.create')}</button></div>
      </form>
    </Section>
  );
}
