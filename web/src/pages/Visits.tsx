import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section, Tel, TierBadge } from '../components/ui';
import { csvHead, downloadCsv } from '../csv';
import { formatDateTime, formatDay, formatPhone, officeDay } from '../format';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import { navigate, useLocation } from '../router';
import type { Coverage, VisitKind, VisitPage } from '../types';

export const visitKinds: VisitKind[] = ['home', 'hospital', 'festival', 'birthday', 'condolence', 'phone', 'other'];

/** The first and last day of the office month an office day is in. */
export function monthOf(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

/** Rows of the not-yet-visited work list drawn at first, and added by each "show more". */
export const WORKLIST_ROWS = 200;

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.floor((part / whole) * 1000) / 10}%`);

/**
 * 走访慰问 for the office: of the retirees in care, who had a visit of the kind in the period (the festival
 * visits' "100 % coverage"), who has not yet (the work list), and the visits logged. The period is in the URL.
 */
export function Visits() {
  const { search } = useLocation();
  const month = monthOf(officeDay());
  const period = { from: search.get('from') ?? month.from, to: search.get('to') ?? month.to, kind: search.get('kind') ?? '' };
  const key = `${period.from}|${period.to}|${period.kind}`;
  const coverage = useLoad(() => api<Coverage>(`/api/visits/coverage${query(period)}`), [key]);
  const list = useLoad(() => api<VisitPage>(`/api/visits${query({ ...period, max: 500 })}`), [key]);
  // The work list a screenful at a time: the first of a month it is nearly everyone (a thousand rows sent), and drawing
  // them all held the page's first screen back by a quarter of a second. More on request; the CSV export has all.
  const [more, setMore] = useState({ key, rows: WORKLIST_ROWS });
  const shown = more.key === key ? more.rows : WORKLIST_ROWS;
  const [draft, setDraft] = useState(period);
  const [exporting, setExporting] = useState(false);
  const error = coverage.error;
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof period) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const c = coverage.data;
  const kindText = period.kind ? label('visitKind', period.kind) : t('visits.anyKind');

  async function exportWorkList() {
    setExporting(true);
    try {
      // The page shows the first 1,000; the file has everyone not yet visited.
      const all = await api<Coverage>(`/api/visits/coverage${query({ ...period, max: 10000 })}`);
      downloadCsv(`not-visited-${period.from}-${period.to}.csv`, [
        csvHead('id', 'name', 'tier', 'mobile', 'area', 'unit'),
        ...all.notVisited.map((r) => [r.id, r.name, label('tier', r.tier), formatPhone(r.mobile), r.area, r.unit]),
      ]);
    } finally {
      setExporting(false);
    }
  }

  async function exportVisits() {
    setExporting(true);
    try {
      const all = await api<VisitPage>(`/api/visits${query({ ...period, max: 5000 })}`);
      downloadCsv(`visits-${period.from}-${period.to}.csv`, [
        csvHead('date', 'retireeId', 'name', 'kind', 'visitors', 'amount', 'note', 'recordedBy', 'recordedAt'),
        ...all.items.map((v) => [v.date, v.retireeId, v.retireeName, label('visitKind', v.kind), v.visitors, v.amount, v.note, v.recordedBy, formatDateTime(v.recordedAt)]),
      ]);
    } finally {
      setExporting(false);
    }
  }

  return (
    <div>
      <h1>{t('visits.title')}</h1>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); navigate(`/visits${query(draft)}`); }} noValidate>
        <Field id="v-from" label={t('visits.from')} error={err('from')}>
          <input {...describedBy('v-from', err('from'))} type="date" value={draft.from} onInput={set('from')} />
        </Field>
        <Field id="v-to" label={t('visits.to')} error={err('to')}>
          <input {...describedBy('v-to', err('to'))} type="date" value={draft.to} onInput={set('to')} />
        </Field>
        <Field id="v-kind" label={t('visits.kind')} error={err('kind')}>
          <select {...describedBy('v-kind', err('kind'))} value={draft.kind} onChange={set('kind')}>
            <option value="">{t('visits.anyKind')}</option>
            {visitKinds.map((k) => <option key={k} value={k}>{label('visitKind', k)}</option>)}
          </select>
        </Field>
        <div class="actions">
          <button type="submit" class="primary">{t('apply')}</button>
        </div>
      </form>
      {error && Object.keys(error.errors).length === 0 && <LoadError error={error} />}

      {c && (
        <Section title={t('visits.coverage')} id="visit-coverage">
          <p class="big" aria-live="polite">
            {t('visits.coverageLine', { visited: c.visited, total: c.total, percent: percent(c.visited, c.total), kind: kindText, from: formatDay(c.from), to: formatDay(c.to) })}
          </p>
          <p class="muted">{t('visits.coverageNote', { visits: c.visits })}</p>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('visits.byTier')}</caption>
              <thead><tr><th scope="col">{t('retirees.tier')}</th><th scope="col">{t('visits.inCare')}</th><th scope="col">{t('visits.visited')}</th><th scope="col">{t('visits.coverage')}</th></tr></thead>
              <tbody>
                {[...c.byTier].reverse().map((r) => (
                  <tr key={r.tier}><th scope="row">{label('tier', r.tier)}</th><td>{r.total}</td><td>{r.visited}</td><td>{percent(r.visited, r.total)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={() => downloadCsv(`visit-coverage-${c.from}-${c.to}.csv`, [
            csvHead('tier', 'inCare', 'visited', 'from', 'to', 'kind'),
            ...[...c.byTier].reverse().map((r) => [label('tier', r.tier), r.total, r.visited, c.from, c.to, c.kind ? label('visitKind', c.kind) : '']),
          ])}>{t('exportCsv')}</button>
        </Section>
      )}

      {c && (
        <Section title={t('visits.notVisited', { n: c.notVisitedTotal })} id="visit-worklist">
          {c.notVisitedTotal === 0 ? <p>{t('visits.allVisited')}</p> : (
            <>
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t('visits.notVisited', { n: c.notVisitedTotal })}</caption>
                  <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('retirees.tier')}</th><th scope="col">{t('retirees.mobile')}</th><th scope="col">{t('retirees.area')}</th><th scope="col">{t('retirees.unit')}</th></tr></thead>
                  <tbody>
                    {c.notVisited.slice(0, shown).map((r) => (
                      <tr key={r.id}>
                        <td><a href={`/app/retirees/${encodeURIComponent(r.id)}`}>{r.name}</a></td>
                        <td><TierBadge tier={r.tier} /></td>
                        <td><Tel phone={r.mobile} /></td>
                        <td>{r.area}</td>
                        <td>{r.unit}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {c.notVisited.length > shown && (
                <button type="button" onClick={() => setMore({ key, rows: shown + WORKLIST_ROWS })}>{t('visits.showMore', { n: Math.min(WORKLIST_ROWS, c.notVisited.length - shown) })}</button>
              )}
              {(c.truncated || c.notVisited.length > shown) && <p class="notice">{t('visits.truncated', { shown: Math.min(shown, c.notVisited.length), total: c.notVisitedTotal })}</p>}
              <button type="button" disabled={exporting} onClick={exportWorkList}>{t('exportCsv')}</button>
            </>
          )}
        </Section>
      )}

      <Section title={t('visits.logged')} id="visit-list">
        <LoadError error={list.error?.status === 400 ? undefined : list.error} />
        {list.data && list.data.items.length === 0 && <p>{t('visits.none')}</p>}
        {list.data && list.data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t('visits.logged')}</caption>
                <thead><tr><th scope="col">{t('visits.date')}</th><th scope="col">{t('name')}</th><th scope="col">{t('visits.kind')}</th><th scope="col">{t('visits.visitors')}</th><th scope="col">{t('visits.amount')}</th><th scope="col">{t('visits.note')}</th></tr></thead>
                <tbody>
                  {list.data.items.map((v) => (
                    <tr key={v.id}>
                      <td>{formatDay(v.date)}</td>
                      <td><a href={`/app/retirees/${encodeURIComponent(v.retireeId)}`}>{v.retireeName ?? v.retireeId}</a></td>
                      <td>{label('visitKind', v.kind)}</td>
                      <td>{v.visitors}</td>
                      <td class="num">{v.amount ?? ''}</td>
                      <td>{v.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {list.data.truncated && <p class="notice">{t('visits.truncated', { shown: list.data.items.length, total: list.data.total })}</p>}
            <button type="button" disabled={exporting} onClick={exportVisits}>{t('exportCsv')}</button>
          </>
        )}
      </Section>
    </div>
  );
}
