import { useState } from 'preact/hooks';
import { api, query } from '../../api';
import { LoadError, Section } from '../../components/ui';
import { officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { locale, t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { Me } from '../../session';
import { RulesCard } from './RulesCard';
import { band, changeWords, level } from './SubsidyWords';
import { money, type SubsidyMonth, type SubsidyYear } from './subsidyTypes';

/** 补贴: the year's eligible list with totals by band and level, a month's starts and stops, for finance; the rules (admins). */
export function Subsidies({ me }: { me: Me }) {
  const { search } = useLocation();
  const year = search.get('year') ?? officeDay().slice(0, 4);
  const [month, setMonth] = useState(officeDay().slice(0, 7));
  const list = useLoad(() => api<SubsidyYear>(`/api/subsidies/year${query({ year })}`), [year]);
  const changes = useLoad(() => api<SubsidyMonth>(`/api/subsidies/month${query({ month })}`), [month]);
  const file = (params: Record<string, string>, format: string) => `/api/subsidies/export${query({ ...params, format, language: locale() })}`;
  const y = list.data;
  return (
    <div class="subsidies">
      <div class="row">
        <h1>{t('subsidies.title')}</h1>
        <label class="inline">{t('events.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/subsidies${query({ year: e.currentTarget.value })}`)}>
            {[Number(year) - 1, Number(year), Number(year) + 1].map((v) => <option key={v} value={String(v)}>{v}</option>)}
          </select>
        </label>
      </div>
      <Section title={t('subsidies.yearList', { year })} id="subsidy-year">
        <LoadError error={list.error} />
        {y && (
          <>
            <p>{t('subsidies.yearTotals', { people: y.people, longevity: money(y.longevity), hardship: money(y.hardship), total: money(y.total) })}</p>
            <div class="table-wrap">
              <table class="subsidy-totals">
                <caption>{t('subsidies.byBand')}</caption>
                <thead><tr><th scope="col">{t('subsidies.bandCol')}</th><th scope="col">{t('subsidies.people')}</th><th scope="col">{t('subsidies.amount')}</th></tr></thead>
                <tbody>
                  {y.bands.map((b) => <tr key={`b${b.fromAge}`}><td>{band(b.fromAge)}</td><td class="num">{b.people}</td><td class="num">{money(b.amount)}</td></tr>)}
                  {y.levels.map((l) => <tr key={`l${l.level}`}><td>{t('subsidies.hardship')} {level(l.level)}</td><td class="num">{l.people}</td><td class="num">{money(l.amount)}</td></tr>)}
                </tbody>
              </table>
            </div>
            <div class="actions no-print">
              <a class="button" href={file({ list: 'year', year }, 'xlsx')} download>{t('subsidies.exportXlsx')}</a>
              <a class="button" href={file({ list: 'year', year }, 'csv')} download>{t('exportCsv')}</a>
            </div>
            <div class="table-wrap">
              <table class="subsidy-list">
                <caption class="visually-hidden">{t('subsidies.yearList', { year })}</caption>
                <thead><tr>
                  <th scope="col">{t('subsidies.name')}</th><th scope="col">{t('subsidies.unit')}</th><th scope="col">{t('subsidies.age')}</th>
                  <th scope="col">{t('subsidies.bandCol')}</th><th scope="col">{t('subsidies.longevity')}</th><th scope="col">{t('subsidies.levelCol')}</th>
                  <th scope="col">{t('subsidies.hardship')}</th><th scope="col">{t('subsidies.total')}</th>
                </tr></thead>
                <tbody>
                  {y.rows.map((r) => (
                    <tr key={r.retireeId}>
                      <td><a href={`/app/retirees/${encodeURIComponent(r.retireeId)}`}>{r.name}</a>{r.deceasedOn && <span class="muted"> · {t('subsidies.died', { day: r.deceasedOn })}</span>}</td>
                      <td>{r.unit ?? ''}</td><td class="num">{r.ageAtYearEnd}</td><td>{band(r.bandFromAge)}</td>
                      <td class="num">{money(r.longevity)}{r.longevityMonths > 0 && r.longevityMonths < 12 ? ` (${t('subsidies.months', { n: r.longevityMonths })})` : ''}</td>
                      <td>{level(r.hardshipLevel)}</td><td class="num">{money(r.hardship)}</td><td class="num">{money(r.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>
      <Section title={t('subsidies.monthChanges')} id="subsidy-month">
        <label class="inline">{t('subsidies.month')}{' '}<input type="month" value={month} onInput={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} /></label>
        <LoadError error={changes.error} />
        {changes.data && (
          <>
            <p>{t('subsidies.monthTotals', { starts: changes.data.starts, stops: changes.data.stops, people: changes.data.peoplePaid, amount: money(changes.data.amount) })}</p>
            {changes.data.changes.length === 0 ? <p class="muted">{t('subsidies.noChanges')}</p> : (
              <ul class="subsidy-changes">
                {changes.data.changes.map((c) => (
                  <li key={c.retireeId}><a href={`/app/retirees/${encodeURIComponent(c.retireeId)}`}>{c.name}</a> · {changeWords(c)}
                    {c.deceasedOn && <span class="muted"> · {t('subsidies.died', { day: c.deceasedOn })}</span>}</li>
                ))}
              </ul>
            )}
            <div class="actions no-print">
              <a class="button" href={file({ list: 'month', month }, 'xlsx')} download>{t('subsidies.exportMonth')}</a>
            </div>
          </>
        )}
      </Section>
      {me.role === 'admin' && <RulesCard onSaved={list.reload} />}
    </div>
  );
}
