import { useState } from 'preact/hooks';
import { api, ApiError, query, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { LoadError, Section, Tel } from '../../components/ui';
import { formatDateTime, officeDay, officeLocalToUtc } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate } from '../../router';
import type { EventView } from '../../types';
import type { ElsewhereCity } from './certificationTypes';

/** The two reminders offered for those living elsewhere; both are ordinary templates an admin may edit. */
const reminders = [
  { templateId: 'elsewhere.medicalClaims', params: ['deadline', 'text'] },
  { templateId: 'certification.elsewhere', params: ['year', 'deadline', 'text'] },
] as const;

/**
 * 异地: the retirees living elsewhere by city; their reminders as a scheduled broadcast to that group (approved on the
 * broadcast's page like any other); and the events of the year with what those living elsewhere are offered instead.
 */
export function Elsewhere() {
  const list = useLoad(() => api<ElsewhereCity[]>('/api/elsewhere'), []);
  const events = useLoad(() => api<EventView[]>(`/api/events${query({ year: officeDay().slice(0, 4) })}`), []);
  const total = list.data?.reduce((n, c) => n + c.count, 0) ?? 0;
  return (
    <div class="elsewhere">
      <h1>{t('elsewhere.title')}</h1>
      <Section title={t('elsewhere.byCity')} id="elsewhere-cities">
        <LoadError error={list.error} />
        {list.data && <p>{t('elsewhere.total', { n: total, cities: list.data.length })}</p>}
        {list.data?.map((c) => (
          <details key={c.city} class="elsewhere-city">
            <summary>{c.city || t('elsewhere.noCity')} · {c.count}</summary>
            <ul>{c.retirees.map((r) => <li key={r.id}><a href={`/app/retirees/${encodeURIComponent(r.id)}`}>{r.name}</a> · <Tel phone={r.mobile} />{r.unit ? ` · ${r.unit}` : ''}</li>)}</ul>
          </details>
        ))}
      </Section>
      {list.data && <ScheduleReminder cities={list.data.map((c) => c.city).filter(Boolean)} />}
      <Section title={t('elsewhere.events')} id="elsewhere-events">
        <p class="muted">{t('elsewhere.eventsNote')}</p>
        <LoadError error={events.error} />
        {events.data?.filter((e) => !e.past && e.state !== 'cancelled').length === 0 && <p>{t('elsewhere.noEvents')}</p>}
        <ul>
          {events.data?.filter((e) => !e.past && e.state !== 'cancelled').map((e) => (
            <li key={e.id}><a href={`/app/events/${encodeURIComponent(e.id)}`}>{e.title}</a> · {formatDateTime(e.startsAt)} · {e.elsewhereText || t('elsewhere.defaultText')}</li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

function ScheduleReminder({ cities }: { cities: string[] }) {
  const [d, setD] = useState({ templateId: reminders[0].templateId as string, city: '', sendAt: '', year: officeDay().slice(0, 4), deadline: '', text: t('elsewhere.textDefault') });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof d) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });
  const wanted = reminders.find((r) => r.templateId === d.templateId)!.params as readonly string[];

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      // Every parameter the template names goes, the optional text too (empty): the server asks for any that is missing.
      const parameters = Object.fromEntries(wanted.map((p) => [p, d[p as 'year' | 'deadline' | 'text'].trim()]));
      const created = await request<{ id: string }>('/api/broadcasts', { method: 'POST', body: {
        name: `${t(`templateInfo.${d.templateId}` as Parameters<typeof t>[0])}${d.city ? ` · ${d.city}` : ''}`, templateId: d.templateId, parameters,
        filter: { livesElsewhere: true, city: d.city || null }, sendAt: d.sendAt ? officeLocalToUtc(d.sendAt) : null, collectAnswers: false,
      } });
      navigate(`/messages/broadcasts/${encodeURIComponent(created.data.id)}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('elsewhere.remind')} id="elsewhere-remind">
      <p class="muted">{t('elsewhere.remindNote')}</p>
      <form onSubmit={save} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        {error && Object.entries(error.errors).filter(([k]) => k.startsWith('parameters.') || k === 'filter').map(([k, v]) => <p key={k} class="error" role="alert">{k}: {v.join(' ')}</p>)}
        <div class="grid">
          <Field id="ew-template" label={t('elsewhere.which')} error={err('templateId')}>
            <select {...describedBy('ew-template', err('templateId'))} value={d.templateId} onChange={set('templateId')}>
              {reminders.map((r) => <option key={r.templateId} value={r.templateId}>{t(`templateInfo.${r.templateId}` as Parameters<typeof t>[0])}</option>)}
            </select>
          </Field>
          <Field id="ew-city" label={t('elsewhere.city')}>
            <select id="ew-city" value={d.city} onChange={set('city')}>
              <option value="">{t('elsewhere.allCities')}</option>
              {cities.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </Field>
          <Field id="ew-sendAt" label={t('elsewhere.sendAt')} error={err('sendAt')}>
            <input {...describedBy('ew-sendAt', err('sendAt'))} type="datetime-local" value={d.sendAt} onInput={set('sendAt')} />
          </Field>
          {wanted.includes('year') && (
            <Field id="ew-year" label={t('certification.year')}><input id="ew-year" type="number" value={d.year} onInput={set('year')} /></Field>
          )}
          <Field id="ew-deadline" label={t('elsewhere.deadline')} error={err('parameters.deadline')}>
            <input {...describedBy('ew-deadline', err('parameters.deadline'))} value={d.deadline} placeholder={t('elsewhere.deadlineHint')} onInput={set('deadline')} />
          </Field>
        </div>
        <Field id="ew-text" label={t('elsewhere.text')} error={err('parameters.text')}>
          <textarea {...describedBy('ew-text', err('parameters.text'))} rows={2} maxLength={200} value={d.text} onInput={set('text')} />
        </Field>
        <button type="submit" disabled={busy}>{t('elsewhere.draft')}</button>
      </form>
    </Section>
  );
}
