// Work on many retirees at once (issue 14): pair a volunteer, or log one visit, for the retirees ticked in the list.
import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { describedBy, Field } from '../components/Field';
import { label } from '../components/ui';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import { officeDay } from '../format';
import type { Person, RetireePage } from '../types';

export const visitKinds = ['festival', 'home', 'hospital', 'birthday', 'condolence', 'phone', 'other'] as const;

/** Every retiree the list's filters match, as [id, name], 200 a page (the server's largest). */
export async function allMatching(filters: Record<string, string>): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (let page = 1; ; page++) {
    const p = await api<RetireePage>(`/api/retirees${query({ ...filters, page, pageSize: 200 })}`);
    found.push(...p.items.map((r): [string, string] => [r.id, r.name]));
    if (found.length >= p.total || p.items.length === 0) return found;
  }
}

/** The row a problem names ("retireeIds[3]"), said as the retiree it is about. */
function rowError(e: ApiError, ids: string[], names: Map<string, string>): string {
  const [field, messages] = Object.entries(e.errors)[0] ?? [];
  const row = field?.match(/^retireeIds\[(\d+)\]$/);
  const who = row ? names.get(ids[Number(row[1])]) ?? ids[Number(row[1])] : undefined;
  const message = messages?.[0] ?? e.title;
  return who ? `${who}: ${message}` : field ? `${field}: ${message}` : message;
}

export function RetireeBatch({ ids, names, onDone }: { ids: string[]; names: Map<string, string>; onDone: () => void }) {
  const people = useLoad(() => api<Person[]>('/api/people'), []);
  const [mode, setMode] = useState<'pair' | 'visit'>('pair');
  const [volunteerId, setVolunteerId] = useState('');
  const [role, setRole] = useState<'primary' | 'backup'>('primary');
  const [visit, setVisit] = useState({ date: officeDay(), kind: 'festival', visitors: '', note: '', amount: '' });
  const [visitorIds, setVisitorIds] = useState<string[]>([]);
  // Made once per form: a retry of the same visit (a lost answer, a double click) logs nothing twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const volunteers = (people.data ?? []).filter((p) => p.role === 'volunteer' && p.active);
  const visitors = (people.data ?? []).filter((p) => p.active);

  const send = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ ok: true, text: await work() });
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? rowError(e, ids, names) : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const pair = () => send(async () => {
    const r = await api<{ paired: number; unchanged: number }>('/api/retirees/pairings', { method: 'POST', body: { volunteerId: volunteerId || null, role, retireeIds: ids } });
    return t('batch.paired', { paired: r.paired, unchanged: r.unchanged });
  });
  const log = () => send(async () => {
    const r = await api<{ logged: number; alreadyLogged: number }>('/api/visits/batch', {
      method: 'POST',
      body: { requestId, date: visit.date || null, kind: visit.kind, visitorIds, visitors: visit.visitors || null, note: visit.note || null, amount: visit.amount ? Number(visit.amount) : null, retireeIds: ids },
    });
    setRequestId(crypto.randomUUID());
    return t('batch.logged', { logged: r.logged, already: r.alreadyLogged });
  });

  return (
    <section class="card batch" aria-labelledby="batch-h">
      <h2 id="batch-h">{t('batch.title', { n: ids.length })}</h2>
      <div class="row" role="radiogroup" aria-label={t('batch.what')}>
        <label><input type="radio" name="batch-mode" checked={mode === 'pair'} onChange={() => setMode('pair')} /> {t('batch.pair')}</label>
        <label><input type="radio" name="batch-mode" checked={mode === 'visit'} onChange={() => setMode('visit')} /> {t('batch.visit')}</label>
      </div>
      {mode === 'pair' ? (
        <form class="filters" onSubmit={(e) => { e.preventDefault(); void pair(); }}>
          <Field id="b-volunteer" label={t('batch.volunteer')}>
            <select {...describedBy('b-volunteer')} value={volunteerId} onChange={(e) => setVolunteerId(e.currentTarget.value)}>
              <option value="">{t('batch.choose')}</option>
              {volunteers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
          <Field id="b-role" label={t('batch.role')}>
            <select id="b-role" value={role} onChange={(e) => setRole(e.currentTarget.value as 'primary' | 'backup')}>
              <option value="primary">{t('volunteer.primary')}</option>
              <option value="backup">{t('volunteer.backup')}</option>
            </select>
          </Field>
          <div class="actions"><button type="submit" class="primary" disabled={busy || ids.length === 0}>{t('batch.pairButton', { n: ids.length })}</button></div>
        </form>
      ) : (
        <form class="filters" onSubmit={(e) => { e.preventDefault(); void log(); }}>
          <Field id="b-date" label={t('visits.date')}>
            <input id="b-date" type="date" value={visit.date} max={officeDay()} onInput={(e) => setVisit({ ...visit, date: e.currentTarget.value })} />
          </Field>
          <Field id="b-kind" label={t('visits.kind')}>
            <select id="b-kind" value={visit.kind} onChange={(e) => setVisit({ ...visit, kind: e.currentTarget.value })}>
              {visitKinds.map((k) => <option key={k} value={k}>{label('visitKind', k)}</option>)}
            </select>
          </Field>
          <fieldset class="field visitors-pick">
            <legend>{t('batch.visitorsFromPeople')}</legend>
            {visitors.map((p) => (
              <label key={p.id}>
                <input type="checkbox" checked={visitorIds.includes(p.id)}
                  onChange={(e) => setVisitorIds(e.currentTarget.checked ? [...visitorIds, p.id] : visitorIds.filter((v) => v !== p.id))} /> {p.name}
              </label>
            ))}
          </fieldset>
          <Field id="b-visitors" label={t('batch.visitorsOutside')}>
            <input id="b-visitors" value={visit.visitors} onInput={(e) => setVisit({ ...visit, visitors: e.currentTarget.value })} />
          </Field>
          <Field id="b-amount" label={t('visits.amount')}>
            <input id="b-amount" type="number" min="0" step="0.01" value={visit.amount} onInput={(e) => setVisit({ ...visit, amount: e.currentTarget.value })} />
          </Field>
          <Field id="b-note" label={t('visits.note')}>
            <input id="b-note" value={visit.note} onInput={(e) => setVisit({ ...visit, note: e.currentTarget.value })} />
          </Field>
          <div class="actions"><button type="submit" class="primary" disabled={busy || ids.length === 0}>{t('batch.logButton', { n: ids.length })}</button></div>
        </form>
      )}
      {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </section>
  );
}
