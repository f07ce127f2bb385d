import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section } from '../components/ui';
import { formatDateTime, officeDay } from '../format';
import { locale, t } from '../i18n';
import { isStaff, type Me } from '../session';
import { actorName, resolutionNote } from '../timeline';
import type { IncidentPage, IncidentSummary } from '../types';

const PAGE = 50;

/**
 * Resolved incidents, newest first: who, what, the outcome and the note, by the period they were resolved in,
 * a page at a time; each opens its whole record. Staff download the period for reports upward, or print it.
 */
export function IncidentHistory({ me }: { me: Me }) {
  const [period, setPeriod] = useState({ from: officeDay(-30), to: officeDay(0) });
  const [draft, setDraft] = useState(period);
  const [items, setItems] = useState<IncidentSummary[] | undefined>(undefined);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const key = `${period.from}|${period.to}`;

  async function load(cursor?: string | null) {
    setError(undefined);
    try {
      const q = new URLSearchParams({ from: period.from, to: period.to, max: String(PAGE) });
      if (cursor) q.set('cursor', cursor);
      const page = await api<IncidentPage>(`/api/incidents/history?${q}`);
      setItems((cursor ? items ?? [] : []).concat(page.items));
      setNext(page.next ?? null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    }
  }
  // A new period starts from its first page.
  useEffect(() => { void load(); }, [key]);

  const file = (format: string) => `/api/incidents/history/export?${new URLSearchParams({ from: period.from, to: period.to, format, language: locale() })}`;
  return (
    <div class="incident-history">
      <div class="row">
        <h1>{t('incidents.title')}</h1>
        <a href="/app/">{t('incidents.openOnToday')}</a>
      </div>
      <form class="filters no-print" onSubmit={(e) => { e.preventDefault(); setPeriod(draft); }} noValidate>
        <Field id="ih-from" label={t('incidents.from')} error={error?.field('from')}>
          <input {...describedBy('ih-from', error?.field('from'))} type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </Field>
        <Field id="ih-to" label={t('incidents.to')} error={error?.field('to')}>
          <input {...describedBy('ih-to', error?.field('to'))} type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </Field>
        <div class="actions">
          <button type="submit" class="primary">{t('incidents.show')}</button>
          {isStaff(me) && <a class="button" href={file('xlsx')} download>{t('incidents.exportXlsx')}</a>}
          {isStaff(me) && <a class="button" href={file('csv')} download>{t('exportCsv')}</a>}
          <button type="button" onClick={() => window.print()}>{t('incidents.print')}</button>
        </div>
      </form>
      <Section title={t('incidents.resolved', { from: period.from, to: period.to })} id="resolved">
        {error && !error.field('from') && !error.field('to') && <LoadError error={error} />}
        {items?.length === 0 && <p class="muted">{t('incidents.none')}</p>}
        {!!items?.length && (
          <table class="history">
            <thead>
              <tr>
                <th scope="col">{t('incidents.code')}</th><th scope="col">{t('name')}</th><th scope="col">{t('incidents.kind')}</th>
                <th scope="col">{t('incidents.openedAt')}</th><th scope="col">{t('incidents.resolvedAt')}</th><th scope="col">{t('today.outcome')}</th>
                <th scope="col">{t('incidents.resolvedByCol')}</th><th scope="col">{t('today.note')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-incident={i.id}>
                  <td><a href={`/app/incidents/${encodeURIComponent(i.id)}`}>#{i.code}</a></td>
                  <td><a href={`/app/retirees/${encodeURIComponent(i.retireeId)}`}>{i.retireeName}</a></td>
                  <td>{label('kind', i.kind)}</td>
                  <td>{formatDateTime(i.openedAt)}</td>
                  <td>{formatDateTime(i.resolvedAt)}</td>
                  <td>{label('outcome', i.outcome)}</td>
                  <td>{actorName(i.resolvedBy)}</td>
                  <td>{resolutionNote(i)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && <button type="button" class="no-print" onClick={() => load(next)}>{t('incidents.more')}</button>}
      </Section>
    </div>
  );
}
