import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section, Tel } from '../components/ui';
import { formatPhone, officeLocalToUtc, utcToOfficeLocal } from '../format';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import type { Area, Person, RetireePage, RosterOverride, RosterView, Shift } from '../types';
import { RosterGrid } from './RosterGrid';

type PersonDraft = { id?: string; name: string; phone: string; role: Person['role']; language: string; areas: string[]; active: boolean; notes: string };
const blankPerson: PersonDraft = { name: '', phone: '', role: 'volunteer', language: 'zh-CN', areas: [], active: true, notes: '' };
const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Staff, liaisons and volunteers; liaison areas; who is paired with whom; the duty roster. */
export function People() {
  const people = useLoad(() => api<Person[]>('/api/people'), []);
  const areas = useLoad(() => api<Area[]>('/api/areas'), []);
  const [editing, setEditing] = useState<PersonDraft | null>(null);

  return (
    <div>
      <h1>{t('people.title')}</h1>
      <Section title={t('people.list')} id="people">
        <LoadError error={people.error} />
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('people.role')}</th><th scope="col">{t('phone')}</th><th scope="col">{t('people.areas')}</th><th scope="col">{t('status')}</th><th scope="col">{t('actions')}</th></tr></thead>
            <tbody>
              {people.data?.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{label('role', p.role)}</td>
                  <td><Tel phone={p.phone} /></td>
                  <td>{p.areas.map((a) => areas.data?.find((x) => x.id === a)?.name ?? a).join('、')}</td>
                  <td>{p.active ? t('people.active') : t('people.inactive')}</td>
                  <td><button type="button" onClick={() => setEditing({ ...blankPerson, ...p, notes: p.notes ?? '' })}>{t('edit')}<span class="visually-hidden"> {p.name}</span></button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!editing && <button type="button" class="primary" onClick={() => setEditing(blankPerson)}>{t('people.add')}</button>}
        {editing && <PersonForm key={editing.id ?? 'new'} draft={editing} areas={areas.data ?? []} onDone={async () => { setEditing(null); await people.reload(); }} />}
      </Section>
      <AreasCard areas={areas} people={people.data ?? []} />
      <Pairing volunteers={(people.data ?? []).filter((p) => p.role === 'volunteer')} />
      <RosterCard staff={(people.data ?? []).filter((p) => p.role === 'staff')} />
      <AwayCard people={people.data ?? []} />
    </div>
  );
}

function PersonForm({ draft, areas, onDone }: { draft: PersonDraft; areas: Area[]; onDone: () => Promise<void> }) {
  const [p, setP] = useState(draft);
  const [error, setError] = useState<ApiError | null>(null);
  const err = (f: string) => error?.field(f);
  async function save(e: Event) {
    e.preventDefault();
    try {
      const body = { name: p.name, phone: p.phone, role: p.role, language: p.language, areas: p.areas, active: p.active, notes: p.notes || null };
      await api(p.id ? `/api/people/${encodeURIComponent(p.id)}` : '/api/people', { method: p.id ? 'PUT' : 'POST', body });
      await onDone();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <form class="card" onSubmit={save} noValidate>
      <h3>{p.id ? t('retiree.editTitle', { name: draft.name }) : t('people.add')}</h3>
      {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
      <div class="grid">
        <Field id="pf-name" label={t('name')} error={err('name')}>
          <input {...describedBy('pf-name', err('name'))} value={p.name} onInput={(e) => setP({ ...p, name: e.currentTarget.value })} />
        </Field>
        <Field id="pf-phone" label={t('phone')} error={err('phone')}>
          <input {...describedBy('pf-phone', err('phone'))} type="tel" value={formatPhone(p.phone)} onInput={(e) => setP({ ...p, phone: e.currentTarget.value })} />
        </Field>
        <Field id="pf-role" label={t('people.role')} error={err('role')}>
          <select {...describedBy('pf-role', err('role'))} value={p.role} onChange={(e) => setP({ ...p, role: e.currentTarget.value as Person['role'] })}>
            {(['staff', 'liaison', 'volunteer'] as const).map((r) => <option key={r} value={r}>{label('role', r)}</option>)}
          </select>
        </Field>
        <Field id="pf-language" label={t('retiree.language')} error={err('language')}>
          <select {...describedBy('pf-language', err('language'))} value={p.language} onChange={(e) => setP({ ...p, language: e.currentTarget.value })}>
            <option value="zh-CN">中文</option><option value="en">English</option>
          </select>
        </Field>
        <div class="check">
          <input id="pf-active" type="checkbox" checked={p.active} onChange={(e) => setP({ ...p, active: e.currentTarget.checked })} />
          <label for="pf-active">{t('people.active')}</label>
        </div>
      </div>
      {areas.length > 0 && (
        <fieldset><legend>{t('people.areas')}</legend>
          {areas.map((a) => (
            <div class="check" key={a.id}>
              <input id={`pf-area-${a.id}`} type="checkbox" checked={p.areas.includes(a.id)}
                onChange={(e) => setP({ ...p, areas: e.currentTarget.checked ? [...p.areas, a.id] : p.areas.filter((x) => x !== a.id) })} />
              <label for={`pf-area-${a.id}`}>{a.name}</label>
            </div>
          ))}
        </fieldset>
      )}
      <Field id="pf-notes" label={t('notes')} error={err('notes')}>
        <textarea {...describedBy('pf-notes', err('notes'))} value={p.notes} onInput={(e) => setP({ ...p, notes: e.currentTarget.value })} />
      </Field>
      <div class="actions">
        <button type="submit" class="primary">{t('save')}</button>
        <button type="button" onClick={() => void onDone()}>{t('cancel')}</button>
      </div>
    </form>
  );
}

function AreasCard({ areas, people }: { areas: ReturnType<typeof useLoad<Area[]>>; people: Person[] }) {
  const [draft, setDraft] = useState<{ id: string; name: string; liaisonIds: string[]; isNew: boolean } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const liaisons = people.filter((p) => p.role === 'liaison' || p.role === 'staff');
  async function save(e: Event) {
    e.preventDefault();
    try {
      await api(`/api/areas/${encodeURIComponent(draft!.id || '-')}`, { method: 'PUT', body: { name: draft!.name, liaisonIds: draft!.liaisonIds } });
      setDraft(null);
      setError(null);
      await areas.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('people.areasTitle')} id="areas">
      <LoadError error={areas.error} />
      {areas.data?.length === 0 && <p class="muted">{t('people.noAreas')}</p>}
      <ul>
        {areas.data?.map((a) => (
          <li key={a.id}>
            <strong>{a.name}</strong> <span class="muted">({a.id})</span> — {t('role.liaison')}: {a.liaisonIds.map((id) => people.find((p) => p.id === id)?.name ?? id).join('、') || t('none')}{' '}
            <button type="button" onClick={() => setDraft({ ...a, isNew: false })}>{t('edit')}<span class="visually-hidden"> {a.name}</span></button>
          </li>
        ))}
      </ul>
      {!draft && <button type="button" onClick={() => setDraft({ id: '', name: '', liaisonIds: [], isNew: true })}>{t('people.addArea')}</button>}
      {draft && (
        <form onSubmit={save} noValidate>
          <div class="grid">
            <Field id="af-id" label={t('people.areaId')} error={error?.field('id')} hint={t('people.areaIdHint')}>
              <input {...describedBy('af-id', error?.field('id'), t('people.areaIdHint'))} value={draft.id} disabled={!draft.isNew} onInput={(e) => setDraft({ ...draft, id: e.currentTarget.value })} />
            </Field>
            <Field id="af-name" label={t('name')} error={error?.field('name')}>
              <input {...describedBy('af-name', error?.field('name'))} value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
            </Field>
          </div>
          <fieldset><legend>{t('role.liaison')}</legend>
            {liaisons.map((p) => (
              <div class="check" key={p.id}>
                <input id={`af-l-${p.id}`} type="checkbox" checked={draft.liaisonIds.includes(p.id)}
                  onChange={(e) => setDraft({ ...draft, liaisonIds: e.currentTarget.checked ? [...draft.liaisonIds, p.id] : draft.liaisonIds.filter((x) => x !== p.id) })} />
                <label for={`af-l-${p.id}`}>{p.name} ({label('role', p.role)})</label>
              </div>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary">{t('save')}</button>
            <button type="button" onClick={() => setDraft(null)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </Section>
  );
}

/** Pairing is kept on each retiree; here a coordinator sees a volunteer's list (一帮一 / 多帮一). */
function Pairing({ volunteers }: { volunteers: Person[] }) {
  const [volunteer, setVolunteer] = useState('');
  const paired = useLoad(() => (volunteer ? api<RetireePage>(`/api/retirees${query({ volunteerId: volunteer, pageSize: 200 })}`) : Promise.resolve(undefined)), [volunteer]);
  return (
    <Section title={t('people.pairing')} id="pairing">
      <Field id="pair-volunteer" label={t('role.volunteer')}>
        <select id="pair-volunteer" value={volunteer} onChange={(e) => setVolunteer(e.currentTarget.value)}>
          <option value="">—</option>
          {volunteers.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
        </select>
      </Field>
      {paired.data && (
        <>
          <p>{t('people.pairedCount', { n: paired.data.total })}</p>
          <ul>{paired.data.items.map((r) => <li key={r.id}><a href={`/app/retirees/${encodeURIComponent(r.id)}`}>{r.name}</a> · {label('tier', r.tier)}</li>)}</ul>
        </>
      )}
      <p class="muted">{t('people.pairingHint')}</p>
    </Section>
  );
}

function RosterCard({ staff }: { staff: Person[] }) {
  const roster = useLoad(() => api<RosterView>('/api/roster'), []);
  const [shifts, setShifts] = useState<Shift[] | null>(null);
  // One-off cover (a holiday, a swap) is edited in office time; the API keeps UTC instants.
  const [covers, setCovers] = useState<RosterOverride[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const current = shifts ?? roster.data?.roster.weekly ?? [];
  const currentCovers = covers ?? (roster.data?.roster.overrides ?? []).map((o) => ({ ...o, from: utcToOfficeLocal(o.from), to: utcToOfficeLocal(o.to) }));
  const edit = (i: number, patch: Partial<Shift>) => { setSaved(false); setShifts(current.map((s, n) => (n === i ? { ...s, ...patch } : s))); };
  const editCover = (i: number, patch: Partial<RosterOverride>) => { setSaved(false); setCovers(currentCovers.map((c, n) => (n === i ? { ...c, ...patch } : c))); };
  async function save(e: Event) {
    e.preventDefault();
    try {
      const overrides = currentCovers.map((c) => ({ ...c, from: c.from && officeLocalToUtc(c.from), to: c.to && officeLocalToUtc(c.to), note: c.note || null }));
      const body = { weekly: current.map((s) => ({ ...s, start: s.start.slice(0, 5) + ':00', end: s.end.slice(0, 5) + ':00' })), overrides };
      roster.setData(await api<RosterView>('/api/roster', { method: 'PUT', body }));
      setShifts(null);
      setCovers(null);
      setError(null);
      setSaved(true);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('people.roster')} id="roster">
      <LoadError error={roster.error} />
      {roster.data && (
        <p>{t('today.onDuty')}: {roster.data.onDutyNow.map((p) => p.name).join('、') || t('today.nobodyOnDuty')}</p>
      )}
      {roster.data && <RosterGrid roster={roster.data} staff={staff} onSaved={(v) => { roster.setData(v); setShifts(null); setCovers(null); }} />}
      <form onSubmit={save} noValidate>
        {error && <p class="error" role="alert">{Object.values(error.errors)[0]?.[0] ?? error.title}</p>}
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('people.day')}</th><th scope="col">{t('people.start')}</th><th scope="col">{t('people.end')}</th><th scope="col">{t('role.coordinator')}</th><th scope="col"><span class="visually-hidden">{t('actions')}</span></th></tr></thead>
            <tbody>
              {current.map((s, i) => (
                <tr key={i}>
                  <td><select aria-label={t('people.day')} value={s.day} onChange={(e) => edit(i, { day: e.currentTarget.value })}>{days.map((d) => <option key={d} value={d}>{t(`day.${d}` as never)}</option>)}</select></td>
                  <td><input aria-label={t('people.start')} type="time" value={s.start.slice(0, 5)} onInput={(e) => edit(i, { start: e.currentTarget.value })} /></td>
                  <td><input aria-label={t('people.end')} type="time" value={s.end.slice(0, 5)} onInput={(e) => edit(i, { end: e.currentTarget.value })} /></td>
                  <td><select aria-label={t('role.coordinator')} value={s.personId} onChange={(e) => edit(i, { personId: e.currentTarget.value })}>
                    <option value="">—</option>{staff.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
                    {error?.field(`weekly[${i}].personId`) && <span class="error"> {error.field(`weekly[${i}].personId`)}</span>}</td>
                  <td><button type="button" class="danger" onClick={() => setShifts(current.filter((_, n) => n !== i))}>{t('remove')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="button" onClick={() => setShifts([...current, { day: 'monday', start: '08:30', end: '17:30', personId: staff[0]?.id ?? '' }])}>{t('people.addShift')}</button>
        </div>
        <h3>{t('people.covers')}</h3>
        <p class="muted">{t('people.coversNote')}</p>
        {currentCovers.map((c, i) => (
          <div class="row" key={i}>
            <Field id={`cover-${i}-from`} label={t('people.coverFrom')} error={error?.field(`overrides[${i}].from`)}>
              <input {...describedBy(`cover-${i}-from`, error?.field(`overrides[${i}].from`))} type="datetime-local" value={c.from} onInput={(e) => editCover(i, { from: e.currentTarget.value })} />
            </Field>
            <Field id={`cover-${i}-to`} label={t('people.coverTo')} error={error?.field(`overrides[${i}].to`)}>
              <input {...describedBy(`cover-${i}-to`, error?.field(`overrides[${i}].to`))} type="datetime-local" value={c.to} onInput={(e) => editCover(i, { to: e.currentTarget.value })} />
            </Field>
            <Field id={`cover-${i}-person`} label={t('role.coordinator')} error={error?.field(`overrides[${i}].personId`)}>
              <select {...describedBy(`cover-${i}-person`, error?.field(`overrides[${i}].personId`))} value={c.personId} onChange={(e) => editCover(i, { personId: e.currentTarget.value })}>
                <option value="">—</option>{staff.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
            </Field>
            <Field id={`cover-${i}-note`} label={t('notes')}>
              <input id={`cover-${i}-note`} value={c.note ?? ''} onInput={(e) => editCover(i, { note: e.currentTarget.value })} />
            </Field>
            <button type="button" class="danger" onClick={() => { setSaved(false); setCovers(currentCovers.filter((_, n) => n !== i)); }}>{t('remove')}</button>
          </div>
        ))}
        <div class="actions">
          <button type="button" onClick={() => { setSaved(false); setCovers([...currentCovers, { from: '', to: '', personId: staff[0]?.id ?? '', note: '' }]); }}>{t('people.addCover')}</button>
          <button type="submit" class="primary">{t('save')}</button>
          {saved && <span class="ok" role="status">{t('saved')}</span>}
        </div>
      </form>
    </Section>
  );
}

interface AwayPeriod { from: string; to: string; note?: string | null }

/** When a volunteer or coordinator is away, escalations go to their backup instead. */
function AwayCard({ people }: { people: Person[] }) {
  const [personId, setPersonId] = useState('');
  const away = useLoad(() => (personId ? api<{ personId: string; periods: AwayPeriod[] }>(`/api/roster/away/${encodeURIComponent(personId)}`).then((a) => a.periods) : Promise.resolve([] as AwayPeriod[])), [personId]);
  const [periods, setPeriods] = useState<AwayPeriod[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const current = periods ?? away.data ?? [];
  const edit = (i: number, patch: Partial<AwayPeriod>) => { setSaved(false); setPeriods(current.map((p, n) => (n === i ? { ...p, ...patch } : p))); };
  async function save(e: Event) {
    e.preventDefault();
    try {
      const res = await api<{ periods: AwayPeriod[] }>(`/api/roster/away/${encodeURIComponent(personId)}`, { method: 'PUT', body: { periods: current.map((p) => ({ ...p, note: p.note || null })) } });
      away.setData(res.periods);
      setPeriods(null);
      setError(null);
      setSaved(true);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('people.away')} id="away">
      <Field id="away-person" label={t('name')}>
        <select id="away-person" value={personId} onChange={(e) => { setPersonId(e.currentTarget.value); setPeriods(null); setSaved(false); }}>
          <option value="">—</option>
          {people.map((p) => <option key={p.id} value={p.id}>{p.name} ({label('role', p.role)})</option>)}
        </select>
      </Field>
      {personId && (
        <form onSubmit={save} noValidate>
          {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
          {current.length === 0 && <p class="muted">{t('people.notAway')}</p>}
          {current.map((p, i) => (
            <div class="row" key={i}>
              <Field id={`away-${i}-from`} label={t('people.start')}>
                <input id={`away-${i}-from`} type="date" value={p.from} onInput={(e) => edit(i, { from: e.currentTarget.value })} />
              </Field>
              <Field id={`away-${i}-to`} label={t('people.end')} error={error?.field(`periods[${i}].to`)}>
                <input {...describedBy(`away-${i}-to`, error?.field(`periods[${i}].to`))} type="date" value={p.to} onInput={(e) => edit(i, { to: e.currentTarget.value })} />
              </Field>
              <Field id={`away-${i}-note`} label={t('notes')}>
                <input id={`away-${i}-note`} value={p.note ?? ''} onInput={(e) => edit(i, { note: e.currentTarget.value })} />
              </Field>
              <button type="button" class="danger" onClick={() => setPeriods(current.filter((_, n) => n !== i))}>{t('remove')}</button>
            </div>
          ))}
          <div class="actions">
            <button type="button" onClick={() => setPeriods([...current, { from: '', to: '', note: '' }])}>{t('people.addAway')}</button>
            <button type="submit" class="primary">{t('save')}</button>
            {saved && <span class="ok" role="status">{t('saved')}</span>}
          </div>
        </form>
      )}
    </Section>
  );
}
