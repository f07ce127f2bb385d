import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { formatDateTime, officeLocalToUtc, utcToOfficeLocal } from '../../format';
import { useLoad, useSettled } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { Area, Broadcast, Filter, GroupView, SegmentView, SmsTemplate } from '../../types';
import { ageBands, statuses, tiers } from '../Retirees';

/** Parameters the app fills per recipient; the coordinator never types them. */
const AUTOMATIC = new Set(['office', 'name']);

/**
 * The app's own clock (an office PC's clock can be wrong; the development clock runs ahead): /api/health reports
 * it, also in its 503 answer — a stuck engine must not turn "send now" into "a time in the past".
 */
async function appNow(): Promise<number> {
  try {
    const at = Date.parse(((await (await fetch('/api/health', { headers: { Accept: 'application/json' } })).json()) as { checkedAt?: string }).checkedAt ?? '');
    return Number.isNaN(at) ? Date.now() : at;
  } catch {
    return Date.now();
  }
}

export function Broadcasts() {
  const list = useLoad(() => api<Broadcast[]>('/api/broadcasts'), []);
  return (
    <Section title={t('messages.broadcasts')} id="broadcasts">
      <a class="button primary" href="/app/messages/broadcasts/new">{t('messages.newBroadcast')}</a>
      <LoadError error={list.error} />
      {list.data?.length === 0 && <p class="muted">{t('messages.noBroadcasts')}</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('status')}</th><th scope="col">{t('messages.sendAt')}</th><th scope="col">{t('messages.queued')}</th><th scope="col">{t('messages.createdBy')}</th></tr></thead>
            <tbody>
              {list.data.map((b) => (
                <tr key={b.id}>
                  <td><a href={`/app/messages/broadcasts/${encodeURIComponent(b.id)}`}>{b.name}</a></td>
                  <td>{label('broadcastState', b.state)}</td><td>{formatDateTime(b.sendAt)}</td><td>{b.queued}</td><td>{b.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

const emptyFilter: Filter = {};
function cleanFilter(f: Filter): Filter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '' && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))) as Filter;
}

/** A template as people call it, in their language; the id only for a template added later without a name. */
export function templateName(x: SmsTemplate): string {
  const name = label('templateName', x.id);
  return name !== x.id ? name : x.description || x.id;
}

/** Compose or edit a draft: a template and its parameters, a saved segment or a filter, and when to send. */
export function BroadcastForm({ id }: { id?: string }) {
  const templates = useLoad(() => api<SmsTemplate[]>('/api/templates'), []);
  const segments = useLoad(() => api<SegmentView[]>('/api/segments'), []);
  const areas = useLoad(() => api<Area[]>('/api/areas'), []);
  const groups = useLoad(() => api<GroupView[]>('/api/groups'), []);
  // "SMS to this group" on a group's page opens this form with the group chosen.
  const groupId = useLocation().search.get('groupId');
  const existing = useLoad(() => (id ? api<{ broadcast: Broadcast }>(`/api/broadcasts/${encodeURIComponent(id)}`).then((d) => d.broadcast) : Promise.resolve(undefined)), [id]);
  const [b, setB] = useState({ name: '', templateId: 'notice.general', parameters: {} as Record<string, string>, segmentId: '', filter: groupId && !id ? { groupId } : emptyFilter, when: 'now' as 'now' | 'later', sendAt: '', collectAnswers: false, segmentName: '' });
  const [count, setCount] = useState<{ matched: number; recipients: number; excluded: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const e = existing.data;
    if (e) setB({ name: e.name, templateId: e.templateId, parameters: e.parameters, segmentId: e.segmentId ?? '', filter: e.filter ?? {}, when: 'later', sendAt: utcToOfficeLocal(e.sendAt), collectAnswers: e.collectAnswers, segmentName: '' });
  }, [existing.data]);

  // The live count of who the segment reaches, as the coordinator builds it.
  useSettled(() => {
    if (b.segmentId) { setCount(null); return; }
    api<{ matched: number; recipients: number; excluded: number }>('/api/segments/count', { method: 'POST', body: { filter: cleanFilter(b.filter) } }).then(setCount, () => setCount(null));
  }, [JSON.stringify(b.filter), b.segmentId], 300);

  const template = templates.data?.find((x) => x.id === b.templateId);
  const err = (f: string) => error?.field(f);
  const setFilter = (k: keyof Filter, v: string) => setB({ ...b, filter: { ...b.filter, [k]: k === 'livesAlone' || k === 'livesElsewhere' ? (v === '' ? null : v === 'true') : v } });

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sendAt = b.when === 'now' ? new Date(await appNow()).toISOString() : b.sendAt ? officeLocalToUtc(b.sendAt) : null;
      const params = Object.fromEntries(Object.entries(b.parameters).filter(([k]) => template?.parameters.includes(k)));
      const body = { name: b.name, templateId: b.templateId, parameters: params, segmentId: b.segmentId || null, filter: b.segmentId ? null : cleanFilter(b.filter), sendAt, collectAnswers: b.collectAnswers };
      const saved = id
        ? await api<Broadcast>(`/api/broadcasts/${encodeURIComponent(id)}`, { method: 'PUT', body })
        : await api<Broadcast>('/api/broadcasts', { method: 'POST', body });
      navigate(`/messages/broadcasts/${encodeURIComponent(saved.id)}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  async function saveSegment() {
    try {
      const s = await api<SegmentView>('/api/segments', { method: 'POST', body: { name: b.segmentName, filter: cleanFilter(b.filter) } });
      await segments.reload();
      setB({ ...b, segmentId: s.id, segmentName: '' });
      setError(null);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  const select = (k: keyof Filter, fieldLabel: string, options: [string, string][]) => (
    <Field id={`bf-${k}`} label={fieldLabel}>
      <select id={`bf-${k}`} value={b.filter[k] === null || b.filter[k] === undefined ? '' : String(b.filter[k])} onChange={(e) => setFilter(k, e.currentTarget.value)}>
        <option value="">{t('any')}</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </Field>
  );

  return (
    <form class="broadcast-form" onSubmit={save} noValidate>
      <h2>{id ? t('messages.editBroadcast') : t('messages.newBroadcast')}</h2>
      {error && Object.keys(error.errors).length > 0 && <p class="error" role="alert">{t('retiree.fixErrors')}</p>}
      {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title} {error.detail}</p>}
      <Field id="bf-name" label={t('messages.broadcastName')} error={err('name')}>
        <input {...describedBy('bf-name', err('name'))} value={b.name} onInput={(e) => setB({ ...b, name: e.currentTarget.value })} />
      </Field>
      <Field id="bf-template" label={t('messages.template')} error={err('templateId')}>
        <select {...describedBy('bf-template', err('templateId'))} value={b.templateId} onChange={(e) => setB({ ...b, templateId: e.currentTarget.value })}>
          {templates.data?.map((x) => <option key={x.id} value={x.id}>{templateName(x)}</option>)}
        </select>
      </Field>
      {template && <p class="muted sms-text" lang="zh-CN">{template.zhCn}</p>}
      {template?.parameters.filter((p) => !AUTOMATIC.has(p)).map((p) => (
        <Field key={p} id={`bf-p-${p}`} label={t('messages.parameter', { name: p })} error={err(`parameters.${p}`)}>
          <textarea {...describedBy(`bf-p-${p}`, err(`parameters.${p}`))} value={b.parameters[p] ?? ''} onInput={(e) => setB({ ...b, parameters: { ...b.parameters, [p]: e.currentTarget.value } })} />
        </Field>
      ))}

      <fieldset><legend>{t('messages.segment')}</legend>
        <Field id="bf-segment" label={t('messages.savedSegment')} error={err('segmentId')}>
          <select {...describedBy('bf-segment', err('segmentId'))} value={b.segmentId} onChange={(e) => setB({ ...b, segmentId: e.currentTarget.value })}>
            <option value="">{t('messages.buildFilter')}</option>
            {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.recipients})</option>)}
          </select>
        </Field>
        {!b.segmentId && (
          <>
            <div class="filters">
              {select('tier', t('retirees.tier'), tiers.map((v) => [v, label('tier', v)]))}
              <fieldset class="field age-bands"><legend>{t('messages.ageBands')}</legend>
                {ageBands.map((v) => (
                  <label key={v}><input type="checkbox" checked={b.filter.ageBands?.includes(v) ?? false}
                    onChange={(e) => setB({ ...b, filter: { ...b.filter, ageBand: null, ageBands: e.currentTarget.checked ? [...(b.filter.ageBands ?? []), v] : (b.filter.ageBands ?? []).filter((x) => x !== v) } })} /> {label('ageBand', v)}</label>
                ))}
              </fieldset>
              {select('retirementType', t('messages.retirementType'), (['veteran', 'retired'] as const).map((v) => [v, label('retirementType', v)]))}
              <Field id="bf-unit" label={t('retirees.unit')}>
                <input id="bf-unit" value={b.filter.unit ?? ''} onInput={(e) => setFilter('unit', e.currentTarget.value)} />
              </Field>
              <Field id="bf-branch" label={t('retirees.branch')}>
                <input id="bf-branch" value={b.filter.branch ?? ''} onInput={(e) => setFilter('branch', e.currentTarget.value)} />
              </Field>
              {select('status', t('status'), statuses.map((v) => [v, label('retireeStatus', v)]))}
              {(areas.data?.length ?? 0) > 0 && select('area', t('retirees.area'), areas.data!.map((a) => [a.id, a.name]))}
              {(groups.data?.length ?? 0) > 0 && select('groupId', t('groups.filter'), groups.data!.map((g) => [g.id, g.name]))}
              {select('livesAlone', t('retirees.livesAlone'), [['true', t('yes')], ['false', t('no')]])}
              {select('livesElsewhere', t('retirees.livesElsewhere'), [['true', t('yes')], ['false', t('no')]])}
              <Field id="bf-q" label={t('search')}>
                <input id="bf-q" value={b.filter.q ?? ''} placeholder={t('retirees.search')} onInput={(e) => setFilter('q', e.currentTarget.value)} />
              </Field>
            </div>
            {err('filter') && <p class="error" role="alert">{err('filter')}</p>}
            {count && <p role="status">{t('messages.count', count)}</p>}
            <div class="row">
              <Field id="bf-segname" label={t('messages.segmentName')} error={err('name') && b.segmentName ? err('name') : undefined}>
                <input id="bf-segname" value={b.segmentName} onInput={(e) => setB({ ...b, segmentName: e.currentTarget.value })} />
              </Field>
              <button type="button" disabled={!b.segmentName.trim()} onClick={() => void saveSegment()}>{t('messages.saveSegment')}</button>
            </div>
          </>
        )}
      </fieldset>

      <fieldset><legend>{t('messages.when')}</legend>
        <div class="check"><input id="bf-now" type="radio" name="when" checked={b.when === 'now'} onChange={() => setB({ ...b, when: 'now' })} /><label for="bf-now">{t('messages.sendNow')}</label></div>
        <div class="check"><input id="bf-later" type="radio" name="when" checked={b.when === 'later'} onChange={() => setB({ ...b, when: 'later' })} /><label for="bf-later">{t('messages.sendLater')}</label></div>
        {b.when === 'later' && (
          <Field id="bf-sendAt" label={t('messages.sendAt')} error={err('sendAt')}>
            <input {...describedBy('bf-sendAt', err('sendAt'))} type="datetime-local" value={b.sendAt} onInput={(e) => setB({ ...b, sendAt: e.currentTarget.value })} />
          </Field>
        )}
        {b.when === 'now' && err('sendAt') && <p class="error">{err('sendAt')}</p>}
        <p class="muted">{t('messages.quietHoursNote')}</p>
      </fieldset>
      <div class="check">
        <input id="bf-answers" type="checkbox" checked={b.collectAnswers} onChange={(e) => setB({ ...b, collectAnswers: e.currentTarget.checked })} />
        <label for="bf-answers">{t('messages.collectAnswers')}</label>
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{t('messages.saveDraft')}</button>
        <a class="button" href="/app/messages/broadcasts">{t('cancel')}</a>
      </div>
    </form>
  );
}
