import { useState } from 'preact/hooks';
import { api, ApiError, request } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section, Tel } from '../components/ui';
import { dialPhone, elapsed, formatDateTime, formatTime } from '../format';
import { usePoll, useLoad } from '../hooks';
import { locale, t, type StringKey } from '../i18n';
import { isStaff, type Me } from '../session';
import type { CheckInPage, IncidentDetail, IncidentOutcome, IncidentSummary, RosterView } from '../types';
import { InboxWaiting } from './messages/InboxWaiting';
import { CallTasks } from './CallTasks';
import { IncidentBatch } from './IncidentBatch';
import { MassCheckIn } from './MassCheckIn';
import { RepliesToRead } from './RepliesToRead';

const POLL_MS = 15_000;
const outcomes: IncidentOutcome[] = ['well', 'reachedByPhone', 'visited', 'hospitalised', 'deceased', 'falseAlarm', 'other'];

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
  const incidents = useLoad(async () => {
    const list = await api<IncidentSummary[]>('/api/incidents?status=open');
    // Details carry "since", the steps and who was notified; open incidents are few.
    return Promise.all(list.slice(0, 30).map((s) => api<IncidentDetail>(`/api/incidents/${encodeURIComponent(s.id)}`)));
  }, []);
  const checkIns = useLoad(() => api<CheckInPage>('/api/checkins'), []);
  const roster = useLoad(() => (isStaff(me) ? api<RosterView>('/api/roster') : Promise.resolve(undefined)), [me.role]);
  const health = useLoad(() => (isStaff(me) ? api<{ healthy: boolean; sweepLate: boolean; findings: string[]; heartbeat?: { lastRunAt: string } | null }>('/api/checkins/health') : Promise.resolve(undefined)), [me.role]);
  const stuck = useLoad(() => (isStaff(me) ? engineReasons() : Promise.resolve([])), [me.role]);
  const [refreshedAt, setRefreshedAt] = useState(() => new Date().toISOString());

  const refresh = async () => {
    await Promise.all([incidents.reload(), checkIns.reload(), roster.reload(), health.reload(), stuck.reload()]);
    setRefreshedAt(new Date().toISOString());
  };
  usePoll(refresh, POLL_MS);

  const waiting = checkIns.data?.items.filter((c) => c.status === 'sent' && c.channel !== 'call') ?? [];
  // In development the app's clock can be advanced past the browser's; the newest event bounds "now" from below.
  const now = Math.max(Date.now(), ...(incidents.data ?? []).flatMap((i) => i.timeline.map((e) => new Date(e.at).getTime())));
  const mobileOf = (retireeId: string) => checkIns.data?.items.find((c) => c.retireeId === retireeId)?.mobile;

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
        <p class="muted" role="status">{t('today.watchFindings', { list: health.data.findings.join(locale() === 'en' ? '; ' : '；') })}</p>
      )}

      <Section title={t('today.incidents')} id="incidents">
        <LoadError error={incidents.error} />
        {incidents.data?.length === 0 && <p class="ok">{t('today.noIncidents')}</p>}
        {isStaff(me) && <IncidentBatch onChanged={refresh} />}
        <ul class="incidents">
          {incidents.data?.map((i) => (
            <IncidentCard key={i.id} incident={i} now={now} mobile={mobileOf(i.retireeId)} onChanged={refresh} />
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

      {isStaff(me) && <RepliesToRead />}

      {isStaff(me) && <InboxWaiting />}

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

function IncidentCard({ incident: i, now, mobile, onChanged }: { incident: IncidentDetail; now: number; mobile?: string; onChanged: () => Promise<void> }) {
  const [mode, setMode] = useState<'note' | 'resolve' | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<IncidentOutcome | ''>('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const notified = i.steps.flatMap((s) => s.recipients.filter((r) => r.role !== 'retiree').map((r) => ({ ...r, at: s.startedAt })));
  const retireePhone = mobile ?? i.steps.flatMap((s) => s.recipients).find((r) => r.role === 'retiree')?.phone;
  const base = `/api/incidents/${encodeURIComponent(i.id)}`;
  const id = (s: string) => `${s}-${i.id}`;

  async function act(path: string, body?: unknown) {
    setBusy(true);
    setError(null);
    try {
      await api(base + path, { method: 'POST', body: body ?? {} });
      setMode(null);
      setNote('');
      await onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  }

  const level = i.kind === 'missed' ? 'level-medium' : 'level-high';
  return (
    <li class="card incident" aria-labelledby={id('h')}>
      <h3 id={id('h')}>
        <a href={`/app/retirees/${encodeURIComponent(i.retireeId)}`}>{i.retireeName}</a>{' '}
        <span class={`badge ${level}`}>{label('kind', i.kind)}</span>{' '}
        <span class="badge">{t('today.level', { level: i.level })}</span>{' '}
        <span class="badge">{label('incidentStatus', i.status)}</span>{' '}
        <span class="muted">#{i.code}</span>
      </h3>
      <p>{t('today.since', { time: formatDateTime(i.since), elapsed: elapsed(i.since, now) || '—' })}</p>
      {i.acknowledged && <p class="ok">{t('today.acknowledgedBy', { by: i.acknowledged.by, time: formatTime(i.acknowledged.at) })}</p>}
      {i.nextAt && <p class="muted">{t('today.nextStep', { time: formatDateTime(i.nextAt) })}</p>}
      <details>
        <summary>{t('today.notified')} ({notified.length})</summary>
        {notified.length === 0 ? <p class="muted">{t('today.nobodyNotified')}</p> : (
          <ul>
            {notified.map((r, n) => (
              <li key={n}>{label('role', r.role)}: {r.name} <Tel phone={r.phone} /> <span class="muted">{formatTime(r.at)}</span></li>
            ))}
          </ul>
        )}
      </details>
      <details>
        <summary>{t('today.timeline')} ({i.timeline.length})</summary>
        <ul class="timeline">
          {i.timeline.map((e, n) => e.kind === 'fieldReport'
            ? <li key={n} class="field-report"><time dateTime={e.at}>{formatDateTime(e.at)}</time><strong>{t('today.fieldReport', { name: e.name ?? e.actor, role: e.role ? label('role', e.role) : '' })}</strong> {e.detail}</li>
            : <li key={n}><time dateTime={e.at}>{formatDateTime(e.at)}</time>{e.actor ? `${e.actor}: ` : ''}{e.detail}</li>)}
        </ul>
      </details>
      {error && !error.field('note') && !error.field('outcome') && <p class="error" role="alert">{error.title}</p>}
      <div class="actions">
        {i.status === 'open' && <button type="button" class="primary" disabled={busy} onClick={() => act('/acknowledge')}>{t('today.acknowledge')}</button>}
        {retireePhone && <a class="button" href={`tel:${dialPhone(retireePhone)}`}>{t('today.call', { name: i.retireeName })}</a>}
        <button type="button" aria-expanded={mode === 'note'} onClick={() => setMode(mode === 'note' ? null : 'note')}>{t('today.addNote')}</button>
        <button type="button" aria-expanded={mode === 'resolve'} onClick={() => setMode(mode === 'resolve' ? null : 'resolve')}>{t('today.resolve')}</button>
      </div>
      {mode && (
        <form class="incident-form" onSubmit={(e) => { e.preventDefault(); void (mode === 'note' ? act('/notes', { note }) : act('/resolve', { outcome: outcome || null, note })); }}>
          {mode === 'resolve' && (
            <Field id={id('outcome')} label={t('today.outcome')} error={error?.field('outcome')}>
              <select {...describedBy(id('outcome'), error?.field('outcome'))} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as IncidentOutcome)}>
                <option value="">—</option>
                {outcomes.map((o) => <option key={o} value={o}>{label('outcome', o)}</option>)}
              </select>
            </Field>
          )}
          <Field id={id('note')} label={t('today.note')} error={error?.field('note')}>
            <textarea {...describedBy(id('note'), error?.field('note'))} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{mode === 'note' ? t('today.addNote') : t('today.resolve')}</button>
            <button type="button" onClick={() => setMode(null)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </li>
  );
}
