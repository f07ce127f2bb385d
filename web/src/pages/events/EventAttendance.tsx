import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { label, LoadError } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { AttendeeView, EventView } from '../../types';

/**
 * 签到 at the door, from a phone: those with a place (then the waiting list, who may come if someone does not),
 * a name filter, and one large button per person for "came" and "did not come". A tap is saved at once; the same
 * tap twice is harmless.
 */
export function EventAttendance({ id }: { id: string }) {
  const enc = encodeURIComponent(id);
  const event = useLoad(() => api<EventView>(`/api/events/${enc}`), [id]);
  const list = useLoad(() => api<AttendeeView[]>(`/api/events/${enc}/attendees`), [id]);
  const [q, setQ] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  // Taps answered by the server, by retiree: merged over the loaded list, so quick taps on several rows all stay.
  const [marked, setMarked] = useState<Record<string, AttendeeView>>({});

  if (event.error) return <LoadError error={event.error} />;
  const e = event.data;
  const people = (list.data ?? []).map((a) => marked[a.retireeId] ?? a).filter((a) => a.state === 'joined' || a.state === 'waiting');
  const shown = q.trim() ? people.filter((a) => a.name.includes(q.trim()) || a.mobile.includes(q.trim())) : people;
  const came = people.filter((a) => a.attended === true).length;

  async function mark(a: AttendeeView, attended: boolean) {
    setSaving(a.retireeId);
    setError(null);
    try {
      const updated = await api<AttendeeView>(`/api/events/${enc}/attendees/${encodeURIComponent(a.retireeId)}/attendance`, { method: 'PUT', body: { attended } });
      setMarked((m) => ({ ...m, [a.retireeId]: updated }));
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setSaving(null);
    }
  }

  return (
    <div class="attendance">
      <p><a href={`/app/events/${enc}`}>← {e?.title ?? t('events.title')}</a></p>
      <h1>{t('events.attendanceTitle')}</h1>
      {e && <p class="muted">{formatDateTime(e.startsAt)} · {e.place}</p>}
      <p class="big" role="status">{t('events.cameCount', { came, total: people.filter((a) => a.state === 'joined').length })}</p>
      {error && <p class="error" role="alert">{error.field('attended') ?? (error.detail ? `${error.title} ${error.detail}` : error.title)}</p>}
      <label for="att-q">{t('events.findName')}</label>
      <input id="att-q" type="search" value={q} onInput={(ev) => setQ(ev.currentTarget.value)} />
      <LoadError error={list.error} />
      <ul class="attendance-list">
        {shown.map((a) => (
          <li key={a.retireeId} class={a.attended === true ? 'came' : a.attended === false ? 'absent' : ''}>
            <span class="who"><strong>{a.name}</strong>{a.state === 'waiting' && <span class="muted"> · {label('attendeeState', a.state)}</span>}{a.unit && <span class="muted"> · {a.unit}</span>}</span>
            <span class="taps">
              <button type="button" class="primary" aria-pressed={a.attended === true} disabled={saving === a.retireeId}
                aria-label={`${t('events.came')}: ${a.name}`} onClick={() => void mark(a, true)}>{t('events.came')}</button>
              <button type="button" aria-pressed={a.attended === false} disabled={saving === a.retireeId}
                aria-label={`${t('events.didNotCome')}: ${a.name}`} onClick={() => void mark(a, false)}>{t('events.didNotCome')}</button>
            </span>
          </li>
        ))}
      </ul>
      {list.data && shown.length === 0 && <p>{t('events.nobody')}</p>}
    </div>
  );
}
