import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Tel } from '../components/ui';
import { dialPhone, elapsed, formatDateTime, formatTime } from '../format';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import { actorName, eventText, resolutionNote } from '../timeline';
import type { IncidentDetail, IncidentOutcome, TimelineEvent } from '../types';

const outcomes: IncidentOutcome[] = ['well', 'reachedByPhone', 'visited', 'hospitalised', 'deceased', 'falseAlarm', 'other'];

/** One incident by direct link (/incidents/:id): open or resolved, its whole record stays readable. */
export function IncidentPage({ id }: { id: string }) {
  const incident = useLoad(() => api<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`), [id]);
  if (incident.error?.status === 404) return <p role="alert">{t('incident.notFound')}</p>;
  if (incident.error) return <LoadError error={incident.error} />;
  const i = incident.data;
  if (!i) return <p class="loading">{t('loading')}</p>;
  const now = clockNow([i]);
  return (
    <div class="incident-page">
      <p><a href="/app/incidents">{t('incidents.back')}</a></p>
      <ul class="incidents">
        <IncidentCard incident={i} now={now} onChanged={async () => { await incident.reload(); }} expanded />
      </ul>
    </div>
  );
}

/**
 * "Now" for the cards' elapsed times. In development the app's clock can be advanced past the browser's; the newest
 * moment the incidents name (opened, each step, acknowledged, each timeline line) bounds it from below.
 */
export function clockNow(incidents: IncidentDetail[]): number {
  const times = incidents.flatMap((i) => [i.openedAt, i.since, i.acknowledged?.at, ...i.steps.map((s) => s.startedAt), ...(i.timeline ?? []).map((e) => e.at)]);
  return Math.max(Date.now(), ...times.filter((at): at is string => !!at).map((at) => new Date(at).getTime()));
}

/** The timeline's lines, each in the reader's language (older lines in the English they were written in). */
export function IncidentTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ul class="timeline">
      {events.map((e, n) => e.kind === 'fieldReport'
        ? <li key={n} class="field-report"><time dateTime={e.at}>{formatDateTime(e.at)}</time><strong>{t('today.fieldReport', { name: e.name ?? e.actor, role: e.role ? label('role', e.role) : '' })}</strong> {eventText(e)}</li>
        : <li key={n} lang={e.code ? undefined : 'en'}><time dateTime={e.at}>{formatDateTime(e.at)}</time>{e.actor ? t('incident.actor', { name: actorName(e.actor) }) : ''}{eventText(e)}</li>)}
    </ul>
  );
}

/**
 * The card's timeline: as the list gave it, or, when the list left it out, loaded once it is opened — and again
 * each time the list is refreshed while it is open, so a note just added shows.
 */
function CardTimeline({ incident: i, expanded }: { incident: IncidentDetail; expanded: boolean }) {
  const [opened, setOpened] = useState(expanded);
  const loaded = useLoad(() => (opened && !i.timeline ? api<IncidentDetail>(`/api/incidents/${encodeURIComponent(i.id)}`).then((d) => d.timeline) : Promise.resolve(null)), [opened, i]);
  const events = i.timeline ?? loaded.data;
  return (
    <details open={expanded} onToggle={(e) => { if (e.currentTarget.open) setOpened(true); }}>
      <summary>{t('today.timeline')}{events ? ` (${events.length})` : ''}</summary>
      <LoadError error={loaded.error} />
      {events ? <IncidentTimeline events={events} /> : opened && <p class="loading">{t('loading')}</p>}
    </details>
  );
}

export function IncidentCard({ incident: i, now, onChanged, expanded = false }: {
  incident: IncidentDetail; now: number; onChanged: () => Promise<void>; expanded?: boolean;
}) {
  const [mode, setMode] = useState<'note' | 'resolve' | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<IncidentOutcome | ''>('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const notified = i.steps.flatMap((s) => s.recipients.filter((r) => r.role !== 'retiree').map((r) => ({ ...r, at: s.startedAt })));
  const retireePhone = i.retireeMobile ?? i.steps.flatMap((s) => s.recipients).find((r) => r.role === 'retiree')?.phone;
  const base = `/api/incidents/${encodeURIComponent(i.id)}`;
  const id = (s: string) => `${s}-${i.id}`;
  const resolved = i.status === 'resolved';

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

  const level = resolved ? '' : i.kind === 'missed' ? 'level-medium' : 'level-high';
  return (
    <li class="card incident" aria-labelledby={id('h')}>
      <h3 id={id('h')}>
        <a href={`/app/retirees/${encodeURIComponent(i.retireeId)}`}>{i.retireeName}</a>{' '}
        <span class={`badge ${level}`}>{label('kind', i.kind)}</span>{' '}
        <span class="badge">{t('today.level', { level: i.level })}</span>{' '}
        <span class="badge">{label('incidentStatus', i.status)}</span>{' '}
        <a class="muted" href={`/app/incidents/${encodeURIComponent(i.id)}`}>#{i.code}</a>
      </h3>
      {resolved
        ? <p>{t('incident.openedAt', { time: formatDateTime(i.openedAt) })}</p>
        : <p>{t('today.since', { time: formatDateTime(i.since), elapsed: elapsed(i.since, now) || '—' })}</p>}
      {i.acknowledged && <p class="ok">{t('today.acknowledgedBy', { by: actorName(i.acknowledged.by), time: formatTime(i.acknowledged.at) })}</p>}
      {i.resolution && (
        <div class="resolution" data-outcome={i.resolution.outcome}>
          <p><strong>{t('incident.resolvedAs', { outcome: label('outcome', i.resolution.outcome) })}</strong>{' '}
            <span class="muted">{t('incident.resolvedBy', { by: actorName(i.resolution.by), time: formatDateTime(i.resolution.at) })}</span></p>
          {resolutionNote(i.resolution) && <p class="resolution-note">{resolutionNote(i.resolution)}</p>}
        </div>
      )}
      {i.nextAt && !resolved && <p class="muted">{t('today.nextStep', { time: formatDateTime(i.nextAt) })}</p>}
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
      <CardTimeline incident={i} expanded={expanded} />
      {error && !error.field('note') && !error.field('outcome') && <p class="error" role="alert">{error.title}</p>}
      {!resolved && (
        <div class="actions">
          {i.status === 'open' && <button type="button" class="primary" disabled={busy} onClick={() => act('/acknowledge')}>{t('today.acknowledge')}</button>}
          {retireePhone && <a class="button" href={`tel:${dialPhone(retireePhone)}`}>{t('today.call', { name: i.retireeName })}</a>}
          <button type="button" aria-expanded={mode === 'note'} onClick={() => setMode(mode === 'note' ? null : 'note')}>{t('today.addNote')}</button>
          <button type="button" aria-expanded={mode === 'resolve'} onClick={() => setMode(mode === 'resolve' ? null : 'resolve')}>{t('today.resolve')}</button>
        </div>
      )}
      {mode && !resolved && (
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
