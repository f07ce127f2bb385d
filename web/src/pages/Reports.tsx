import { api, query } from '../api';
import { BarChart, LineChart, type Bar } from '../components/Charts';
import { label, LoadError, Section } from '../components/ui';
import { csvHead, downloadCsv } from '../csv';
import { officeDay } from '../format';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import type { CheckInPage, IncidentSummary, RetireePage, SmsMessageView } from '../types';
import { ageBands, statuses, tiers } from './Retirees';

const DAYS = 14;

/** Head counts come from the registry's totals (one page of one row per filter): never all 10,000 records. */
async function count(filter: Record<string, string>): Promise<number> {
  return (await api<RetireePage>(`/api/retirees${query({ ...filter, pageSize: 1 })}`)).total;
}

export function Reports() {
  const registry = useLoad(async () => {
    const [byAge, byTier, byStatus] = await Promise.all([
      Promise.all(ageBands.map(async (v) => ({ label: label('ageBand', v), value: await count({ ageBand: v, status: 'active' }) }))),
      Promise.all(tiers.map(async (v) => ({ label: label('tier', v), value: await count({ tier: v, status: 'active' }) }))),
      Promise.all(statuses.map(async (v) => ({ label: label('retireeStatus', v), value: await count({ status: v }) }))),
    ]);
    return { byAge, byTier, byStatus };
  }, []);
  const answers = useLoad(async () => {
    // The app's today (not the browser's) anchors the days, which also holds when the dev clock was advanced.
    const today = await api<CheckInPage>('/api/checkins');
    const anchor = Date.parse(`${today.day}T12:00:00Z`);
    const earlier = await Promise.all(Array.from({ length: DAYS - 1 }, (_, i) => api<CheckInPage>(`/api/checkins?day=${officeDay(i - DAYS + 1, anchor, 'UTC')}`)));
    const days = [...earlier, today];
    return days.map((d) => {
      const due = d.answered + d.missed + d.undelivered;
      return { day: d.day, answered: d.answered, missed: d.missed, undelivered: d.undelivered, rate: due === 0 ? null : Math.round((d.answered / due) * 100) };
    });
  }, []);
  const incidents = useLoad(async () => {
    const closed = await api<IncidentSummary[]>('/api/incidents?status=closed&max=500');
    const byOutcome = new Map<string, number>();
    for (const i of closed) byOutcome.set(i.outcome ?? 'other', (byOutcome.get(i.outcome ?? 'other') ?? 0) + 1);
    const ackMinutes = closed.filter((i) => i.acknowledgedAt).map((i) => (Date.parse(i.acknowledgedAt!) - Date.parse(i.openedAt)) / 60000).sort((a, b) => a - b);
    const median = ackMinutes.length ? Math.round(ackMinutes[Math.floor(ackMinutes.length / 2)]) : null;
    const buckets: Bar[] = [
      { label: t('reports.upTo15min'), value: ackMinutes.filter((m) => m <= 15).length },
      { label: t('reports.15to60min'), value: ackMinutes.filter((m) => m > 15 && m <= 60).length },
      { label: t('reports.1to4h'), value: ackMinutes.filter((m) => m > 60 && m <= 240).length },
      { label: t('reports.over4h'), value: ackMinutes.filter((m) => m > 240).length },
    ];
    return { total: closed.length, byOutcome: [...byOutcome].map(([k, v]) => ({ label: label('outcome', k), value: v })), median, buckets, acknowledged: ackMinutes.length };
  }, []);

  const sms = useLoad(async () => {
    // No monthly aggregate in the API yet: the newest 1,000 SMS of 90 days, grouped by office month.
    const [list, unit] = await Promise.all([
      api<SmsMessageView[]>('/api/messages?days=90&max=1000'),
      api<{ cost: number; segments: number; currency: string }>('/api/messages/estimate', { method: 'POST', body: { text: '1' } }),
    ]);
    const perSegment = unit.segments ? unit.cost / unit.segments : 0;
    const months = new Map<string, { sent: number; segments: number }>();
    for (const m of list.filter((x) => x.sentAt)) {
      const month = officeDay(0, Date.parse(m.sentAt!)).slice(0, 7);
      const row = months.get(month) ?? { sent: 0, segments: 0 };
      row.sent += 1;
      row.segments += m.segments;
      months.set(month, row);
    }
    const rows = [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, r]) => ({ month, ...r, cost: r.segments * perSegment }));
    return { rows, currency: unit.currency, truncated: list.length >= 1000 };
  }, []);

  const exportBars = (name: string, head: string, bars: Bar[]) => downloadCsv(`${name}.csv`, [[head, t('reports.count')], ...bars.map((b) => [b.label, b.value])]);

  return (
    <div>
      <h1>{t('reports.title')}</h1>
      <LoadError error={registry.error} />
      {registry.data && (
        <div class="grid">
          <Section title={t('reports.byAge')} id="rep-age">
            <BarChart title={t('reports.byAge')} bars={registry.data.byAge} />
            <button type="button" onClick={() => exportBars('age-bands', t('retirees.ageBand'), registry.data!.byAge)}>{t('exportCsv')}</button>
          </Section>
          <Section title={t('reports.byTier')} id="rep-tier">
            <BarChart title={t('reports.byTier')} bars={registry.data.byTier} />
            <button type="button" onClick={() => exportBars('tiers', t('retirees.tier'), registry.data!.byTier)}>{t('exportCsv')}</button>
          </Section>
          <Section title={t('reports.byStatus')} id="rep-status">
            <BarChart title={t('reports.byStatus')} bars={registry.data.byStatus} />
            <button type="button" onClick={() => exportBars('statuses', t('status'), registry.data!.byStatus)}>{t('exportCsv')}</button>
          </Section>
        </div>
      )}
      <Section title={t('reports.answerRate', { days: DAYS })} id="rep-answers">
        <LoadError error={answers.error} />
        {answers.data && (
          <div class="chart">
            <LineChart title={t('reports.answerRate', { days: DAYS })} points={answers.data.map((d) => ({ label: d.day, value: d.rate }))} />
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('reports.day')}</th><th scope="col">{t('reports.answered')}</th><th scope="col">{t('reports.missed')}</th><th scope="col">{t('reports.undelivered')}</th><th scope="col">{t('reports.rate')}</th></tr></thead>
                <tbody>{answers.data.map((d) => <tr key={d.day}><td>{d.day.slice(5)}</td><td>{d.answered}</td><td>{d.missed}</td><td>{d.undelivered}</td><td>{d.rate === null ? '—' : `${d.rate}%`}</td></tr>)}</tbody>
              </table>
            </div>
          </div>
        )}
        {answers.data && <button type="button" onClick={() => downloadCsv('answer-rate.csv', [csvHead('day', 'answered', 'missed', 'undelivered', 'rate'), ...answers.data!.map((d) => [d.day, d.answered, d.missed, d.undelivered, d.rate])])}>{t('exportCsv')}</button>}
      </Section>
      <div class="grid">
        <Section title={t('reports.byOutcome')} id="rep-outcome">
          <LoadError error={incidents.error} />
          {incidents.data && <p>{t('reports.closedCount', { n: incidents.data.total })}</p>}
          {incidents.data && <BarChart title={t('reports.byOutcome')} bars={incidents.data.byOutcome} />}
          {incidents.data && <button type="button" onClick={() => exportBars('incident-outcomes', t('today.outcome'), incidents.data!.byOutcome)}>{t('exportCsv')}</button>}
        </Section>
        <Section title={t('reports.timeToAck')} id="rep-ack">
          {incidents.data && <p>{incidents.data.median === null ? t('reports.noAck') : t('reports.medianAck', { n: incidents.data.median })}</p>}
          {incidents.data && <BarChart title={t('reports.timeToAck')} bars={incidents.data.buckets} />}
          {incidents.data && <button type="button" onClick={() => exportBars('time-to-acknowledge', t('reports.timeToAck'), incidents.data!.buckets)}>{t('exportCsv')}</button>}
        </Section>
      </div>
      <Section title={t('reports.sms')} id="rep-sms">
        <p class="muted">{t('reports.smsNote')}</p>
        {sms.error && <p class="muted">{t('errorLoading', { message: sms.error.title })}</p>}
        {sms.data && (
          <>
            <BarChart title={t('reports.sms')} bars={sms.data.rows.map((r) => ({ label: r.month, value: r.sent }))} />
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('reports.month')}</th><th scope="col">{t('reports.smsSent')}</th><th scope="col">{t('messages.segments')}</th><th scope="col">{t('messages.cost')}</th></tr></thead>
                <tbody>{sms.data.rows.map((r) => <tr key={r.month}><td>{r.month}</td><td>{r.sent}</td><td>{r.segments}</td><td>{r.cost.toFixed(2)} {sms.data!.currency}</td></tr>)}</tbody>
              </table>
            </div>
            {sms.data.truncated && <p class="notice">{t('reports.smsTruncated')}</p>}
            <button type="button" onClick={() => downloadCsv('sms-per-month.csv', [csvHead('month', 'sent', 'segments', 'cost', 'currency'), ...sms.data!.rows.map((r) => [r.month, r.sent, r.segments, r.cost.toFixed(2), sms.data!.currency])])}>{t('exportCsv')}</button>
          </>
        )}
      </Section>
    </div>
  );
}
