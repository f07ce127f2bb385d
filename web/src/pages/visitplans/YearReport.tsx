import { api, query } from '../../api';
import { LoadError, Section } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { locale, t, type StringKey } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { YearReportView } from './visitPlanTypes';

/** A line's words: a month stays as it is ("2026-03"); a code is worded as everywhere else in the dashboard. */
function words(key: string): string {
  if (/^\d{4}-\d{2}$/.test(key)) return key;
  const text = t(key as StringKey);
  return text === key ? key.split('.').pop()! : text;
}

/** 年度工作统计: the yearly report upward, for a chosen year; exportable in the office's language and printable. */
export function YearReport() {
  const { search } = useLocation();
  const thisYear = Number(officeDay().slice(0, 4));
  const year = search.get('year') ?? String(thisYear);
  const report = useLoad(() => api<YearReportView>(`/api/reports/year${query({ year })}`), [year]);
  const file = (format: string) => `/api/reports/year/export${query({ year, format, language: locale() })}`;
  const r = report.data;
  return (
    <div class="year-report">
      <div class="row">
        <h1>{t('yearReport.title', { year })}</h1>
        <label class="inline no-print">{t('events.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/reports/year${query({ year: e.currentTarget.value })}`)}>
            {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </label>
      </div>
      <div class="actions no-print">
        <a class="button" href={file('xlsx')} download>{t('yearReport.exportXlsx')}</a>
        <a class="button" href={file('csv')} download>{t('exportCsv')}</a>
        <button type="button" onClick={() => window.print()}>{t('yearReport.print')}</button>
      </div>
      <LoadError error={report.error} />
      {r && <p>{t('yearReport.asOf', { day: formatDay(r.asOf), n: r.inCare })}</p>}
      <div class="report-grid">
        {r?.sections.map((s) => (
          <Section key={s.key} title={words(s.key)} id={`yr-${s.key.replace(/\W+/g, '-')}`}>
            <table>
              <caption class="visually-hidden">{words(s.key)}</caption>
              <thead><tr>
                <th scope="col">{t('yearReport.col.item')}</th><th scope="col">{t('yearReport.col.count')}</th>
                {s.lines.some((l) => l.amount !== null) && <th scope="col">{t('yearReport.col.amount')}</th>}
              </tr></thead>
              <tbody>
                {s.lines.map((l) => (
                  <tr key={l.key} class={l.key === 'yearReport.total' ? 'total' : undefined}>
                    <td>{words(l.key)}</td><td class="num">{l.count}</td>
                    {s.lines.some((x) => x.amount !== null) && <td class="num">{l.amount ?? ''}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        ))}
      </div>
    </div>
  );
}
