// The duty roster as a grid (issue 14): the week at a glance, several days filled in one step, and a month's
// exceptions ticked on a calendar. Each step is one PUT of the whole roster (one request, checked as a whole).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Field } from '../components/Field';
import { officeDay, officeLocalToUtc, utcToOfficeLocal } from '../format';
import { t, type StringKey } from '../i18n';
import type { Person, RosterOverride, RosterView, Shift } from '../types';

export const weekDays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The days of a month ("2026-12") as yyyy-MM-dd, with the weekday each starts on (0 = Monday). */
export function monthDays(month: string): { days: string[]; lead: number } {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const days = Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
  return { days, lead: (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7 };
}

/** The day after yyyy-MM-dd (a night shift ends the next morning). */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One office-local day's cover from start to end (past midnight when end is not after start), in UTC for the API. */
export function coverFor(day: string, start: string, end: string, personId: string, note: string): RosterOverride {
  return { from: officeLocalToUtc(`${day}T${start}`), to: officeLocalToUtc(`${end > start ? day : nextDay(day)}T${end}`), personId, note: note || null };
}

const seconds = (hhmm: string) => `${hhmm.slice(0, 5)}:00`;

export function RosterGrid({ roster, staff, onSaved }: { roster: RosterView; staff: Person[]; onSaved: (v: RosterView) => void }) {
  const [personId, setPersonId] = useState('');
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [hours, setHours] = useState({ start: '08:30', end: '17:30', note: '' });
  const [month, setMonth] = useState(officeDay().slice(0, 7));
  const [dates, setDates] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const weekly = roster.roster.weekly;
  const toggle = (set: Set<string>, v: string, on: boolean) => { const next = new Set(set); if (on) next.add(v); else next.delete(v); return next; };

  async function put(next: { weekly: Shift[]; overrides: RosterOverride[] }) {
    try {
      const body = { weekly: next.weekly.map((s) => ({ ...s, start: seconds(s.start), end: seconds(s.end) })), overrides: next.overrides };
      onSaved(await api<RosterView>('/api/roster', { method: 'PUT', body }));
      setMessage({ ok: true, text: t('saved') });
      setTicked(new Set());
      setDates(new Set());
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? Object.values(e.errors)[0]?.[0] ?? e.title : String(e) });
    }
  }

  // The person's shifts on the ticked days are replaced (or removed); every other shift stays as it is.
  const setDays = (remove: boolean) => put({
    weekly: [...weekly.filter((s) => !(s.personId === personId && ticked.has(s.day))),
      ...(remove ? [] : [...ticked].map((day) => ({ day, start: hours.start, end: hours.end, personId })))],
    overrides: roster.roster.overrides,
  });
  const cover = () => put({ weekly, overrides: [...roster.roster.overrides, ...[...dates].sort().map((d) => coverFor(d, hours.start, hours.end, personId, hours.note))] });

  const { days, lead } = monthDays(month);
  const name = (id: string) => staff.find((p) => p.id === id)?.name ?? id;
  const coveredOn = (day: string) => roster.roster.overrides.filter((o) => utcToOfficeLocal(o.from).slice(0, 10) === day).map((o) => name(o.personId));
  return (
    <div class="roster-grid">
      <div class="table-wrap">
        <table>
          <caption>{t('roster.week')}</caption>
          <thead><tr><th scope="col">{t('role.coordinator')}</th>{weekDays.map((d) => <th scope="col" key={d}>{t(`day.${d}` as StringKey)}</th>)}</tr></thead>
          <tbody>
            {staff.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                {weekDays.map((d) => <td key={d}>{weekly.filter((s) => s.personId === p.id && s.day === d).map((s) => `${s.start.slice(0, 5)}–${s.end.slice(0, 5)}`).join(' ')}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="filters">
        <Field id="rg-person" label={t('role.coordinator')}>
          <select id="rg-person" value={personId} onChange={(e) => setPersonId(e.currentTarget.value)}>
            <option value="">{t('batch.choose')}</option>
            {staff.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
        <Field id="rg-start" label={t('people.start')}><input id="rg-start" type="time" value={hours.start} onInput={(e) => setHours({ ...hours, start: e.currentTarget.value })} /></Field>
        <Field id="rg-end" label={t('people.end')}><input id="rg-end" type="time" value={hours.end} onInput={(e) => setHours({ ...hours, end: e.currentTarget.value })} /></Field>
      </div>
      <fieldset><legend>{t('roster.weekDays')}</legend>
        {weekDays.map((d) => <label key={d}><input type="checkbox" checked={ticked.has(d)} onChange={(e) => setTicked(toggle(ticked, d, e.currentTarget.checked))} /> {t(`day.${d}` as StringKey)}</label>)}
        <div class="actions">
          <button type="button" class="primary" disabled={!personId || ticked.size === 0} onClick={() => void setDays(false)}>{t('roster.setDays', { n: ticked.size })}</button>
          <button type="button" disabled={!personId || ticked.size === 0} onClick={() => void setDays(true)}>{t('roster.clearDays', { n: ticked.size })}</button>
        </div>
      </fieldset>
      <fieldset><legend>{t('roster.monthExceptions')}</legend>
        <Field id="rg-month" label={t('roster.month')}><input id="rg-month" type="month" value={month} onInput={(e) => { setMonth(e.currentTarget.value); setDates(new Set()); }} /></Field>
        <div class="month-grid" role="group" aria-label={t('roster.month')}>
          {weekDays.map((d) => <span key={d} class="muted">{t(`day.${d}` as StringKey).slice(0, 3)}</span>)}
          {Array.from({ length: lead }, (_, i) => <span key={`lead-${i}`} />)}
          {days.map((d) => (
            <label key={d} title={coveredOn(d).join('、')}>
              <input type="checkbox" checked={dates.has(d)} onChange={(e) => setDates(toggle(dates, d, e.currentTarget.checked))} aria-label={d} /> {Number(d.slice(8))}
              {coveredOn(d).length > 0 && <span class="badge">{coveredOn(d).length}</span>}
            </label>
          ))}
        </div>
        <Field id="rg-note" label={t('notes')}><input id="rg-note" value={hours.note} onInput={(e) => setHours({ ...hours, note: e.currentTarget.value })} /></Field>
        <div class="actions">
          <button type="button" class="primary" disabled={!personId || dates.size === 0} onClick={() => void cover()}>{t('roster.cover', { n: dates.size })}</button>
        </div>
      </fieldset>
      {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </div>
  );
}
