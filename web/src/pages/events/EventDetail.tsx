import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { FindRetiree, type RetireeAction } from '../../components/FindRetiree';
import { label, LoadError, Section, Tel } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';
import { locale, t } from '../../i18n';
import type { AttendeeView, EventView } from '../../types';

/** One event: its numbers, the invitations, answers taken on the phone, the list, and the files to print. */
export function EventDetail({ id }: { id: string }) {
  const enc = encodeURIComponent(id);
  const event = useLoad(() => api<EventView>(`/api/events/${enc}`), [id]);
  const attendees = useLoad(() => api<AttendeeView[]>(`/api/events/${enc}/attendees`), [id]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  if (event.error?.status === 404) return <p role="alert">{t('events.notFound')}</p>;
  if (event.error) return <LoadError error={event.error} />;
  const e = event.data;
  if (!e) return <p class="loading">{t('loading')}</p>;

  async function act(path: string, confirmText?: string) {
    if (confirmText && !confirm(confirmText)) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ added?: number; event?: EventView } & Partial<EventView>>(`/api/events/${enc}/${path}`, { method: 'POST' });
      if (r.added !== undefined) setNotice(t('events.invitedNow', { n: r.added }));
      await Promise.all([event.reload(), attendees.reload()]);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  const language = locale() === 'en' ? 'en' : 'zh-CN';
  const file = (list: string, format: string) => `/api/events/${enc}/export${query({ list, format, language })}`;
  const open = e.state === 'open' && !e.past;
  return (
    <div>
      <div class="row">
        <h1>{e.title}</h1>
        <span class="badge">{label('eventKind', e.kind)}</span>
        <span class="badge">{e.past && e.state === 'open' ? t('events.over') : label('eventState', e.state)}</span>
      </div>
      <p class="big">{formatDateTime(e.startsAt)} · {e.place}</p>
      <p>{t('events.counts', { invited: e.invited, joined: e.joined, capacity: e.capacity, waiting: e.waiting, declined: e.declined })}</p>
      {e.past && <p>{t('events.attendanceLine', { attended: e.attended, noShows: e.noShows })}</p>}
      <p class="muted">{t('events.codeLine', { code: e.code })}</p>
      {error && <p class="error" role="alert">{error.detail ? `${error.title} ${error.detail}` : error.title}</p>}
      {notice && <p role="status">{notice}</p>}
      <div class="actions">
        {e.state !== 'cancelled' && !e.past && (
          <button type="button" class="primary" disabled={busy} onClick={() => void act('invite', e.state === 'draft' ? t('events.confirmInvite') : undefined)}>
            {e.state === 'draft' ? t('events.invite') : t('events.inviteNew')}
          </button>
        )}
        <a class="button" href={`/app/events/${enc}/attendance`}>{t('events.takeAttendance')}</a>
        <a class="button" href={file('signin', 'xlsx')} download>{t('events.signInSheet')}</a>
        <a class="button" href={`/app/events/${enc}/signin`}>{t('print.signInLink')}</a>
        <a class="button" href={file('signups', 'xlsx')} download>{t('events.signUpList')}</a>
        <a class="button" href={file('signups', 'csv')} download>{t('exportCsv')}</a>
        {e.state !== 'cancelled' && !e.past && <button type="button" disabled={busy} onClick={() => void act('cancel', t('events.confirmCancel'))}>{t('events.cancelEvent')}</button>}
      </div>
      {open && <StaffAnswer eventId={id} onDone={() => Promise.all([event.reload(), attendees.reload()]).then(() => undefined)} />}
      <Section title={t('events.attendees')} id="event-attendees">
        <LoadError error={attendees.error} />
        {attendees.data?.length === 0 && <p>{t('events.nobody')}</p>}
        {attendees.data && attendees.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('events.attendees')}</caption>
              <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('retirees.unit')}</th><th scope="col">{t('retirees.mobile')}</th><th scope="col">{t('events.state')}</th><th scope="col">{t('events.answeredBy')}</th><th scope="col">{t('events.attended')}</th></tr></thead>
              <tbody>
                {attendees.data.map((a) => (
                  <tr key={a.retireeId}>
                    <td><a href={`/app/retirees/${encodeURIComponent(a.retireeId)}`}>{a.name}</a></td>
                    <td>{a.unit}</td>
                    <td><Tel phone={a.mobile} /></td>
                    <td>{label('attendeeState', a.state)}{a.waitingPosition ? ` · ${t('events.position', { n: a.waitingPosition })}` : ''}</td>
                    <td>{a.answeredBy === 'sms' ? t('events.bySms') : a.answeredBy}{a.answeredAt ? ` · ${formatDateTime(a.answeredAt)}` : ''}</td>
                    <td>{a.attended === true ? t('events.came') : a.noShow ? <strong>{t('events.noShow')}</strong> : a.attended === false ? t('events.didNotCome') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

/** An answer given on the phone: find the retiree, then join (a place, or the waiting list) or decline. */
function StaffAnswer({ eventId, onDone }: { eventId: string; onDone: () => Promise<void> }) {
  const answer = (kind: 'join' | 'decline'): RetireeAction => ({
    label: t(kind === 'join' ? 'events.join' : 'events.decline'),
    run: async (r) => {
      const a = await api<AttendeeView>(`/api/events/${encodeURIComponent(eventId)}/attendees`, { method: 'POST', body: { retireeId: r.id, answer: kind } });
      await onDone();
      return t('events.answered', { name: r.name, state: label('attendeeState', a.state) });
    },
  });
  return (
    <Section title={t('events.byPhone')} id="event-by-phone">
      <FindRetiree id="ev-find" actions={[answer('join'), answer('decline')]} />
    </Section>
  );
}
