import { api, query } from '../api';
import { BarChart, LineChart, type Bar } from '../components/Charts';
import { label, LoadError, Section } from '../components/ui';
import { csvHead, downloadCsv } from '../csv';
import { officeDay } from '../format';
import { useLoad } from '../hooks';
import { band, level } from './subsidies/SubsidyWords';
import { money, type SubsidyYear } from './subsidies/subsidyTypes';
import { t } from '../i18n';
import type { EventView, ReportCount, ReportCounts, RetireeCounts } from '../types';
import { eventKinds } from './events/Events';
import { GroupReport } from './groups/GroupReport';
import { CertificationReport } from './certification/CertificationReport';
import { ageBands, statuses, tiers } from './Retirees';

const DAYS = 14;

export function Reports() {
  // The registry's head counts in one request (active by age band and by tier, everyone by status).
  const registry = useLoad(async () => {
    const c = await api<RetireeCounts>('/api/retirees/counts');
    const bars = (of: Record<string, number>, field: 'ageBand' | 'tier' | 'retireeStatus', values: readonly string[]) =>
      values.map((v) => ({ label: label(field, v), value: of[v] ?? 0 }));
    return { byAge: bars(c.activeByAgeBand, 'ageBand', ageBands), byTier: bars(c.activeByTier, 'tier', tiers), byStatus: bars(c.byStatus, 'retireeStatus', statuses) };
  }, []);
  // One read of the aggregates written as the work happened (ADR 0012c): 90 office days, however busy they were.
  const counts = useLoad(async () => {
    const [report, unit] = await Promise.all([
      api<ReportCounts>('/api/reports'),
      api<{ cost: number; segments: number; currency: string }>('/api/messages/estimate', { method: 'POST', body: { text: '1' } }),
    ]);
    return { report, unit };
  }, []);
  const answers = counts.data && answerRows(counts.data.report);
  const incidents = counts.data && incidentRows(counts.data.report);
  const sms = counts.data && smsRows(counts.data.report, counts.data.unit);

  // The year's events by kind: one index read on the server, the numbers kept on each event.
  const events = useLoad(async () => {
    const list = await api<EventView[]>(`/api/events${query({ year: officeDay().slice(0, 4) })}`);
    return eventKinds.map((kind) => {
      const of = list.filter((e) => e.kind === kind && e.state !== 'cancelled');
      const sum = (f: (e: EventView) => number) => of.reduce((n, e) => n + f(e), 0);
      return { kind, events: of.length, invited: sum((e) => e.invited), joined: sum((e) => e.joined), attended: sum((e) => (e.past ? e.attended : 0)), noShows: sum((e) => e.noShows) };
    }).filter((r) => r.events > 0);
  }, []);

  // The year's subsidies by band and level: the totals alone (the full list is on the Subsidies page).
  const subsidies = useLoad(() => api<SubsidyYear>(`/api/subsidies/year${query({ year: officeDay().slice(0, 4), rows: 'false' })}`), []);
  // The year's deaths by month of death, counted once per retiree as they were recorded (丧事): that kind's counts alone.
  const year = officeDay().slice(0, 4);
  const deaths = useLoad(async () => {
    const report = await api<ReportCounts>(`/api/reports${query({ from: `${year}-01-01`, to: `${year}-12-31`, kind: 'death' })}`);
    return Array.from({ length: 12 }, (_, m) => {
      const month = `${year}-${String(m + 1).padStart(2, '0')}`;
      return { label: month, value: report.months.filter((c) => c.kind === 'death' && c.period === month).reduce((n, c) => n + c.items, 0) };
    });
  }, [year]);

  const exportBars = (name: string, head: string, bars: Bar[]) => downloadCsv(`${name}.csv`, [[head, t('reports.count')], ...bars.map((b) => [b.label, b.value])]);

  return (
    <div>
      <div class="row">
        <h1>{t('reports.title')}</h1>
        <a class="button" href="/app/reports/year">{t('yearReport.open')}</a>
      </div>
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
        <LoadError error={counts.error} />
        {answers && (
          <div class="chart">
            <LineChart title={t('reports.answerRate', { days: DAYS })} points={answers.map((d) => ({ label: d.day, value: d.rate }))} />
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('reports.day')}</th><th scope="col">{t('reports.answered')}</th><th scope="col">{t('reports.missed')}</th><th scope="col">{t('reports.undelivered')}</th><th scope="col">{t('reports.rate')}</th></tr></thead>
                <tbody>{answers.map((d) => <tr key={d.day}><td>{d.day.slice(5)}</td><td>{d.answered}</td><td>{d.missed}</td><td>{d.undelivered}</td><td>{d.rate === null ? '—' : `${d.rate}%`}</td></tr>)}</tbody>
              </table>
            </div>
          </div>
        )}
        {answers && <button type="button" onClick={() => downloadCsv('answer-rate.csv', [csvHead('day', 'answered', 'missed', 'undelivered', 'rate'), ...answers.map((d) => [d.day, d.answered, d.missed, d.undelivered, d.rate])])}>{t('exportCsv')}</button>}
      </Section>
      <div class="grid">
        <Section title={t('reports.byOutcome')} id="rep-outcome">
          {incidents && <p>{t('reports.closedCount', { n: incidents.total })}</p>}
          {incidents && <BarChart title={t('reports.byOutcome')} bars={incidents.byOutcome} />}
          {incidents && <button type="button" onClick={() => exportBars('incident-outcomes', t('today.outcome'), incidents!.byOutcome)}>{t('exportCsv')}</button>}
        </Section>
        <Section title={t('reports.timeToAck')} id="rep-ack">
          {incidents && <p>{incidents.median === null ? t('reports.noAck') : t('reports.medianAck', { n: incidents.median })}</p>}
          {incidents && <BarChart title={t('reports.timeToAck')} bars={incidents.buckets} />}
          {incidents && <button type="button" onClick={() => exportBars('time-to-acknowledge', t('reports.timeToAck'), incidents!.buckets)}>{t('exportCsv')}</button>}
        </Section>
      </div>
      <Section title={t('reports.events')} id="rep-events">
        <p class="muted">{t('reports.eventsNote')}</p>
        <LoadError error={events.error} />
        {events.data && events.data.length === 0 && <p>{t('events.none')}</p>}
        {events.data && events.data.length > 0 && (
          <>
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('events.kind')}</th><th scope="col">{t('events.title')}</th><th scope="col">{t('events.invited')}</th><th scope="col">{t('attendeeState.joined')}</th><th scope="col">{t('events.attended')}</th><th scope="col">{t('events.noShows')}</th></tr></thead>
                <tbody>{events.data.map((r) => <tr key={r.kind}><th scope="row">{label('eventKind', r.kind)}</th><td>{r.events}</td><td>{r.invited}</td><td>{r.joined}</td><td>{r.attended}</td><td>{r.noShows}</td></tr>)}</tbody>
              </table>
            </div>
            <button type="button" onClick={() => downloadCsv('events-by-kind.csv', [[t('events.kind'), t('events.title'), t('events.invited'), t('attendeeState.joined'), t('events.attended'), t('events.noShows')], ...events.data!.map((r) => [label('eventKind', r.kind), r.events, r.invited, r.joined, r.attended, r.noShows])])}>{t('exportCsv')}</button>
          </>
        )}
      </Section>
      <GroupReport />
      <Section title={t('reports.subsidies')} id="rep-subsidies">
        <LoadError error={subsidies.error} />
        {subsidies.data && (
          <>
            <p>{t('subsidies.yearTotals', { people: subsidies.data.people, longevity: money(subsidies.data.longevity), hardship: money(subsidies.data.hardship), total: money(subsidies.data.total) })}</p>
            <BarChart title={t('reports.subsidies')} bars={[...subsidies.data.bands.map((b) => ({ label: band(b.fromAge), value: b.people })),
              ...subsidies.data.levels.map((l) => ({ label: `${t('subsidies.hardship')} ${level(l.level)}`, value: l.people }))]} />
            <a href="/app/subsidies">{t('reports.subsidiesLink')}</a>
          </>
        )}
      </Section>
      <Section title={t('reports.deaths', { year })} id="rep-deaths">
        <LoadError error={deaths.error} />
        {deaths.data && <p>{t('reports.deathsTotal', { n: deaths.data.reduce((n, b) => n + b.value, 0) })}</p>}
        {deaths.data && <BarChart title={t('reports.deaths', { year })} bars={deaths.data} />}
        {deaths.data && <button type="button" onClick={() => exportBars(`deaths-${year}`, t('reports.month'), deaths.data!)}>{t('exportCsv')}</button>}
      </Section>
      <CertificationReport year={year} />
      <Section title={t('reports.sms')} id="rep-sms">
        <p class="muted">{t('reports.smsNote')}</p>
        {sms && (
          <>
            <BarChart title={t('reports.sms')} bars={sms.rows.map((r) => ({ label: r.month, value: r.sent }))} />
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('reports.month')}</th><th scope="col">{t('reports.smsSent')}</th><th scope="col">{t('messages.segments')}</th><th scope="col">{t('messages.cost')}</th><th scope="col">{t('reports.undelivered')}</th></tr></thead>
                <tbody>{sms.rows.map((r) => <tr key={r.month}><td>{r.month}</td><td>{r.sent}</td><td>{r.segments}</td><td>{r.cost.toFixed(2)} {sms!.currency}</td><td>{r.failed}</td></tr>)}</tbody>
              </table>
            </div>
            <button type="button" onClick={() => downloadCsv('sms-per-month.csv', [csvHead('month', 'sent', 'segments', 'cost', 'currency', 'undelivered'), ...sms!.rows.map((r) => [r.month, r.sent, r.segments, r.cost.toFixed(2), sms!.currency, r.failed])])}>{t('exportCsv')}</button>
          </>
        )}
      </Section>
    </div>
  );
}

const sum = (rows: ReportCount[], kind: string, state?: string) => rows.filter((r) => r.kind === kind && (state === undefined || r.state === state)).reduce((n, r) => n + r.items, 0);

/** The last DAYS office days of the period, each with its check-ins by status. */
function answerRows(report: ReportCounts) {
  const end = Date.parse(`${report.to}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, i) => new Date(end - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10)).map((day) => {
    const rows = report.days.filter((r) => r.period === day);
    const [answered, missed, undelivered] = ['answered', 'missed', 'undelivered'].map((s) => sum(rows, 'checkin', s));
    const due = answered + missed + undelivered;
    return { day, answered, missed, undelivered, rate: due === 0 ? null : Math.round((answered / due) * 100) };
  });
}

/** Upper bounds (minutes) of the acknowledgement histogram the server keeps; the display groups them in four. */
const ACK = [5, 15, 30, 60, 120, 240, 480, 1440];

function incidentRows(report: ReportCounts) {
  const resolved = report.months.filter((r) => r.kind === 'incident.resolved');
  const outcomes = [...new Set(resolved.map((r) => r.state))];
  const byOutcome: Bar[] = outcomes.map((o) => ({ label: label('outcome', o), value: sum(resolved, 'incident.resolved', o) }));
  const acks = report.months.filter((r) => r.kind === 'incident.ack');
  const within = (limit: number) => ACK.filter((m) => m <= limit).reduce((n, m) => n + sum(acks, 'incident.ack', `le${m}`), 0);
  const acknowledged = sum(acks, 'incident.ack');
  const buckets: Bar[] = [
    { label: t('reports.ackWithin', { n: 15 }), value: within(15) },
    { label: t('reports.ackBetween', { from: 15, to: 60 }), value: within(60) - within(15) },
    { label: t('reports.ackHours', { from: 1, to: 4 }), value: within(240) - within(60) },
    { label: t('reports.ackOver', { n: 4 }), value: acknowledged - within(240) },
  ];
  // Half were acknowledged within the first bound whose running total reaches half.
  const median = acknowledged === 0 ? null : String(ACK.find((m) => within(m) * 2 >= acknowledged) ?? `> ${ACK[ACK.length - 1]}`);
  return { total: sum(resolved, 'incident.resolved'), byOutcome, median, buckets, acknowledged };
}

function smsRows(report: ReportCounts, unit: { cost: number; segments: number; currency: string }) {
  const perSegment = unit.segments ? unit.cost / unit.segments : 0;
  const sent = report.months.filter((r) => r.kind === 'sms.sent');
  const months = [...new Set(sent.map((r) => r.period))].sort();
  const rows = months.map((month) => {
    const of = sent.filter((r) => r.period === month);
    const segments = of.reduce((n, r) => n + r.amount, 0);
    // Not delivered: failed, expired or cancelled (of the month's SMS).
    const failed = report.months.filter((r) => r.period === month && r.kind === 'sms.outcome' && r.state !== 'delivered').reduce((n, r) => n + r.items, 0);
    return { month, sent: sum(of, 'sms.sent'), segments, cost: segments * perSegment, failed };
  });
  return { rows, currency: unit.currency };
}
