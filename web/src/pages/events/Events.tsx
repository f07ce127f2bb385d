import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { formatDateTime, officeDay } from '../../format';
import { useLoad, useSettled } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { EventKind, EventView, Filter, SegmentView } from '../../types';
import { ageBands, tiers } from '../Retirees';

export const eventKinds: EventKind[] = ['checkup', 'lecture', 'outing', 'giftPickup', 'meeting', 'other'];

/** 活动: the year's events with their numbers, and a form to plan one. */
export function Events() {
  const { search } = useLocation();
  const year = search.get('year') ?? officeDay().slice(0, 4);
  const list = useLoad(() => api<EventView[]>(`/api/events${query({ year })}`), [year]);
  return (
    <div>
      <div class="row">
        <h1>{t('events.title')}</h1>
        <label class="inline">{t('events.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/events${query({ year: e.currentTarget.value })}`)}>
            {[Number(year) - 1, Number(year), Number(year) + 1].map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </label>
      </div>
      <Section title={t('events.list')} id="events-list">
        <LoadError error={list.error} />
        {list.data?.length === 0 && <p>{t('events.none')}</p>}
        {list.data && list.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('events.list')}</caption>
              <thead><tr>
                <th scope="col">{t('events.when')}</th><th scope="col">{t('events.name')}</th><th scope="col">{t('events.kind')}</th><th scope="col">{t('events.state')}</th>
                <th scope="col">{t('events.invited')}</th><th scope="col">{t('events.joinedOf')}</th><th scope="col">{t('events.waiting')}</th>
                <th scope="col">{t('events.attended')}</th><th scope="col">{t('events.noShows')}</th>
              </tr></thead>
              <tbody>
                {list.data.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.startsAt)}</td>
                    <td><a href={`/app/events/${encodeURIComponent(e.id)}`}>{e.title}</a></td>
                    <td>{label('eventKind', e.kind)}</td>
                    <td>{e.past && e.state === 'open' ? t('events.over') : label('eventState', e.state)}</td>
                    <td class="num">{e.invited}</td><td class="num">{e.joined} / {e.capacity}</td><td class="num">{e.waiting}</td>
                    <td class="num">{e.past ? e.attended : '—'}</td><td class="num">{e.past ? e.noShows : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <NewEvent />
    </div>
  );
}

const blank = { title: '', kind: 'checkup' as EventKind, date: '', time: '08:30', place: '', capacity: '50', segmentId: '', ageBand: '', tier: '', elsewhereText: '' };

/** Plans a draft: what, when, where, how many places, and who is invited (a saved segment or a filter). */
function NewEvent() {
  const segments = useLoad(() => api<SegmentView[]>('/api/segments'), []);
  const [d, setD] = useState(blank);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof blank) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });
  const filter = (): Filter => ({ ...(d.ageBand ? { ageBand: d.ageBand } : {}), ...(d.tier ? { tier: d.tier } : {}) });

  // Who the filter reaches, as it is built (the same count the broadcasts show).
  useEffect(() => {
    if (d.segmentId) setCount(segments.data?.find((s) => s.id === d.segmentId)?.recipients ?? null);
  }, [d.segmentId, segments.data]);
  useSettled(() => {
    if (!d.segmentId) api<{ recipients: number }>('/api/segments/count', { method: 'POST', body: { filter: filter() } }).then((c) => setCount(c.recipients), () => setCount(null));
  }, [d.segmentId, d.ageBand, d.tier], 300);

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const capacity = Number(d.capacity);
      const body = {
        title: d.title, kind: d.kind, date: d.date || null, time: d.time, place: d.place,
        capacity: d.capacity.trim() === '' || !Number.isFinite(capacity) ? null : capacity,
        segmentId: d.segmentId || null, filter: d.segmentId ? null : filter(), elsewhereText: d.elsewhereText || null,
      };
      const created = await api<EventView>('/api/events', { method: 'POST', body });
      navigate(`/events/${encodeURIComponent(created.id)}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  const input = (k: keyof typeof blank, key: Parameters<typeof t>[0], type = 'text', extra: Record<string, unknown> = {}) => (
    <Field id={`ev-${k}`} label={t(key)} error={err(k)}>
      <input {...describedBy(`ev-${k}`, err(k))} type={type} value={d[k]} onInput={set(k)} {...extra} />
    </Field>
  );
  return (
    <Section title={t('events.new')} id="events-new">
      <form onSubmit={create} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        <div class="grid">
          {input('title', 'events.name')}
          <Field id="ev-kind" label={t('events.kind')} error={err('kind')}>
            <select {...describedBy('ev-kind', err('kind'))} value={d.kind} onChange={set('kind')}>
              {eventKinds.map((k) => <option key={k} value={k}>{label('eventKind', k)}</option>)}
            </select>
          </Field>
          {input('date', 'events.date', 'date', { min: officeDay() })}
          {input('time', 'events.time', 'time')}
          {input('place', 'events.place')}
          {input('capacity', 'events.capacity', 'number', { min: 1 })}
        </div>
        <fieldset><legend>{t('events.invitees')}</legend>
          <Field id="ev-segmentId" label={t('messages.savedSegment')} error={err('segmentId')}>
            <select {...describedBy('ev-segmentId', err('segmentId'))} value={d.segmentId} onChange={set('segmentId')}>
              <option value="">{t('messages.buildFilter')}</option>
              {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.recipients})</option>)}
            </select>
          </Field>
          {!d.segmentId && (
            <div class="filters">
              <Field id="ev-ageBand" label={t('retirees.ageBand')}>
                <select id="ev-ageBand" value={d.ageBand} onChange={set('ageBand')}>
                  <option value="">{t('events.everyone')}</option>
                  {ageBands.map((v) => <option key={v} value={v}>{label('ageBand', v)}</option>)}
                </select>
              </Field>
              <Field id="ev-tier" label={t('retirees.tier')}>
                <select id="ev-tier" value={d.tier} onChange={set('tier')}>
                  <option value="">{t('events.everyone')}</option>
                  {tiers.map((v) => <option key={v} value={v}>{label('tier', v)}</option>)}
                </select>
              </Field>
            </div>
          )}
          {err('filter') && <p class="error" role="alert">{err('filter')}</p>}
          {count !== null && <p role="status">{t('events.reaches', { n: count })}</p>}
        </fieldset>
        <Field id="ev-elsewhereText" label={t('events.elsewhereText')} error={err('elsewhereText')} hint={t('events.elsewhereHint')}>
          <textarea {...describedBy('ev-elsewhereText', err('elsewhereText'), t('events.elsewhereHint'))} value={d.elsewhereText} onInput={set('elsewhereText')} />
        </Field>
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{t('events.create')}</button></div>
      </form>
    </Section>
  );
}
