import { useState } from 'preact/hooks';
import { api, ApiError, request } from '../api';
import { LoadError, Section, Tel } from '../components/ui';
import { formatTime } from '../format';
import { usePoll, useLoad } from '../hooks';
import { locale, t, type StringKey } from '../i18n';
import { isStaff, type Me } from '../session';
import { serverText } from '../serverText';
import type { CheckInPage, InboxItem, IncidentDetail, RosterView } from '../types';
import { clockNow, IncidentCard } from './Incident';
import { InboxWaiting } from './messages/InboxWaiting';
import { CallTasks } from './CallTasks';
import { IncidentBatch } from './IncidentBatch';
import { MassCheckIn } from './MassCheckIn';
import { RepliesToRead } from './RepliesToRead';

const POLL_MS = 15_000;

const healthReasons = ['storage', 'sweep', 'escalation', 'outbox'];

/** The reasons /api/health names when the engine is stuck (503); none when it answers 200. */
async function engineReasons(): Promise<string[]> {
  try {
    await request('/api/health');
    return [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) return ((e.body as { reasons?: string[] } | undefined)?.reasons ?? []).filter((r) => typeof r === 'string');
    throw e;
  }
}

/** What needs doing now: open incidents first, then silent check-ins, waiting replies and who is on duty. */
export function Today({ me }: { me: Me }) {
  // Details carry "since", the steps and who was notified: every open incident, in one request (none left out),
  // without their timelines: a card loads its own when opened.
  const incidents = useLoad(() => api<IncidentDetail[]>('/api/incidents/open'), []);
  // Only the check-ins still waiting (answers and call tasks), with the day's counts: not the office's ~2,000 rows.
  const checkIns = useLoad(() => api<CheckInPage>('/api/checkins?status=sent'), []);
  const roster = useLoad(() => (isStaff(me) ? api<RosterView>('/api/roster') : Promise.resolve(undefined)), [me.role]);
  const health = useLoad(() => (isStaff(me) ? api<{ healthy: boolean; sweepLate: boolean; findings: string[]; heartbeat?: { lastRunAt: string } | null }>('/api/checkins/health') : Promise.resolve(undefined)), [me.role]);
  const stuck = useLoad(() => (isStaff(me) ? engineReasons() : Promise.resolve([])), [me.role]);
  // The open inbox once, for both of its sections (replies to read, and the rest waiting).
  const inbox = useLoad(() => (isStaff(me) ? api<InboxItem[]>('/api/messages/inbox?status=open&max=200') : Promise.resolve(undefined)), [me.role]);
  const [refreshedAt, setRefreshedAt] = useState(() => new Date().toISOString());

  const refresh = async () => {
    await Promise.all([incidents.reload(), checkIns.reload(), roster.reload(), health.reload(), stuck.reload(), inbox.reload()]);
    setRefreshedAt(new Date().toISOString());
  };
  usePoll(refresh, POLL_MS);

  const waiting = checkIns.data?.items.filter((c) => c.channel !== 'call') ?? [];
  const now = clockNow(incidents.data ?? []);

  return (
    <div class="today">
      <div class="row"><h1>{t('today.title')}</h1><span class="muted" aria-live="polite">{t('updatedAt', { time: formatTime(refreshedAt) })}</span></div>
      {!!stuck.data?.length && (
        <p class="notice" role="alert" data-reasons={stuck.data.join(' ')}>
          {t('today.engineStuck', { reasons: stuck.data.map((r) => (healthReasons.includes(r) ? t(`health.${r}` as StringKey) : r)).join(locale() === 'en' ? '; ' : '；') })}
        </p>
      )}
      {/* The sweep not running is an engine fault; yesterday's gaps are the watch's findings, said as such (issue 14). */}
      {health.data?.sweepLate && !stuck.data?.length && <p class="notice" role="status">{t('today.engineUnhealthy')}</p>}
      {health.data && !health.data.sweepLate && health.data.findings.length > 0 && (
        <p class="muted" role="status">{t('today.watchFindings', { list: health.data.findings.map((f) => serverText(f)).join(locale() === 'en' ? '; ' : '；') })}</p>
      )}

      <Section title={t('today.incidents')} id="incidents">
        <p><a href="/app/incidents">{t('today.history')}</a></p>
        <LoadError error={incidents.error} />
        {incidents.data?.length === 0 && <p class="ok">{t('today.noIncidents')}</p>}
        {isStaff(me) && <IncidentBatch incidents={incidents.data} onChanged={refresh} />}
        <ul class="incidents">
          {incidents.data?.map((i) => (
            <IncidentCard key={i.id} incident={i} now={now} onChanged={refresh} />
          ))}
        </ul>
      </Section>

      {checkIns.data && <CallTasks checkIns={checkIns.data.items} onChanged={refresh} />}

      <Section title={t('today.unanswered')} id="unanswered">
        <LoadError error={checkIns.error} />
        {checkIns.data && <p>{t('today.checkinSummary', checkIns.data as unknown as Record<string, number>)}</p>}
        {checkIns.data && waiting.length === 0 && <p class="muted">{t('today.noUnanswered')}</p>}
        <ul>
          {waiting.map((c) => (
            <li key={c.id}>
              <a href={`/app/retirees/${encodeURIComponent(c.retireeId)}`}>{c.retireeName}</a>{' '}
              <Tel phone={c.mobile} />{' '}
              <span class="muted">{t('today.due', { time: formatTime(c.dueAt), end: formatTime(c.windowEndsAt) })}</span>
            </li>
          ))}
        </ul>
      </Section>

      {isStaff(me) && <RepliesToRead inbox={inbox} />}

      {isStaff(me) && <InboxWaiting inbox={inbox} />}

      {isStaff(me) && <MassCheckIn />}

      {roster.data && (
        <Section title={t('today.onDuty')} id="on-duty">
          {roster.data.onDutyNow.length === 0 && <p>{t('today.nobodyOnDuty')}</p>}
          <ul>
            {roster.data.onDutyNow.map((p) => <li key={p.id}>{p.name} <Tel phone={p.phone} /></li>)}
          </ul>
          {roster.data.everyCoordinatorFallback && roster.data.onDutyNow.length > 0 && <p class="muted">{t('today.nobodyOnDuty')}</p>}
        </Section>
      )}
    </div>
  );
}
