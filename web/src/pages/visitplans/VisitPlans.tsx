import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { Filter, Person, SegmentView, VisitKind } from '../../types';
import { ageBands, tiers } from '../Retirees';
import { visitKinds } from '../Visits';
import { frequencies, type FestivalWindow, type VisitFrequency, type VisitPlanView } from './visitPlanTypes';

/** Whom a plan covers, in words: its segment's name or its filter's fields. */
function whom(p: VisitPlanView, segments: SegmentView[] | undefined): string {
  if (p.segmentId) return segments?.find((s) => s.id === p.segmentId)?.name ?? p.segmentId;
  const f = p.filter;
  const parts = [f.tier && label('tier', f.tier), f.ageBand && label('ageBand', f.ageBand), f.retirementType && label('retirementType', f.retirementType), f.unit].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('visitPlans.everyone');
}

/** 走访计划: who visits whom how often (分级走访), and a form to make one. The tasks are on the task list. */
export function VisitPlans() {
  const plans = useLoad(() => api<VisitPlanView[]>('/api/visitplans'), []);
  const segments = useLoad(() => api<SegmentView[]>('/api/segments'), []);
  return (
    <div>
      <div class="row">
        <h1>{t('visitPlans.title')}</h1>
        <a class="button" href="/app/visitplans/tasks">{t('visitPlans.openTasks')}</a>
      </div>
      <Section title={t('visitPlans.list')} id="visit-plans">
        <LoadError error={plans.error} />
        {plans.data?.length === 0 && <p>{t('visitPlans.none')}</p>}
        {plans.data && plans.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('visitPlans.list')}</caption>
              <thead><tr>
                <th scope="col">{t('visitPlans.name')}</th><th scope="col">{t('visitPlans.visitors')}</th><th scope="col">{t('visitPlans.whom')}</th>
                <th scope="col">{t('visitPlans.frequency')}</th><th scope="col">{t('visitPlans.from')}</th>
              </tr></thead>
              <tbody>
                {plans.data.map((p) => (
                  <tr key={p.id} class={p.active ? undefined : 'muted'}>
                    <td><a href={`/app/visitplans/tasks?planId=${encodeURIComponent(p.id)}`}>{p.name}</a></td>
                    <td>{p.visitors.map((v) => v.name).join('、')}</td>
                    <td>{whom(p, segments.data)}</td>
                    <td>{label('frequency', p.frequency)}{p.festivals.length > 0 ? `: ${p.festivals.map((f) => f.name).join('、')}` : ''}
                      {p.kinds.length > 0 ? ` (${p.kinds.map((k) => label('visitKind', k)).join('、')})` : ''}</td>
                    <td>{formatDay(p.startsOn)}{p.endsOn ? ` – ${formatDay(p.endsOn)}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <NewPlan segments={segments.data} onCreated={plans.reload} />
    </div>
  );
}

const blank = { name: '', segmentId: '', tier: '', ageBand: '', retirementType: '', frequency: 'monthly' as VisitFrequency, startsOn: '' };

function NewPlan({ segments, onCreated }: { segments: SegmentView[] | undefined; onCreated: () => void }) {
  const people = useLoad(() => api<Person[]>('/api/people'), []);
  const [d, setD] = useState(blank);
  const [visitorIds, setVisitorIds] = useState<string[]>([]);
  const [kinds, setKinds] = useState<VisitKind[]>([]);
  const [festivals, setFestivals] = useState<FestivalWindow[]>([{ name: '', from: '', to: '' }]);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof blank) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  async function create(e: Event) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    try {
      const filter: Filter = { ...(d.tier ? { tier: d.tier } : {}), ...(d.ageBand ? { ageBand: d.ageBand } : {}), ...(d.retirementType ? { retirementType: d.retirementType } : {}) };
      await api('/api/visitplans', {
        method: 'POST',
        body: {
          name: d.name, visitorIds, segmentId: d.segmentId || null, filter: d.segmentId ? null : filter, frequency: d.frequency, kinds,
          festivals: d.frequency === 'festivals' ? festivals.map((f) => ({ name: f.name, from: f.from || null, to: f.to || null })) : [],
          startsOn: d.startsOn || null,
        },
      });
      setError(null);
      setSaved(true);
      setD(blank);
      setVisitorIds([]);
      onCreated();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  const select = (k: keyof typeof blank, key: Parameters<typeof t>[0], options: [string, string][], empty: string) => (
    <Field id={`vp-${k}`} label={t(key)} error={err(k)}>
      <select {...describedBy(`vp-${k}`, err(k))} value={d[k]} onChange={set(k)}>
        {empty && <option value="">{empty}</option>}
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </Field>
  );
  return (
    <Section title={t('visitPlans.new')} id="visit-plan-new">
      <form onSubmit={create} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        {saved && <p role="status">{t('visitPlans.saved')}</p>}
        <Field id="vp-name" label={t('visitPlans.name')} error={err('name')} hint={t('visitPlans.nameHint')}>
          <input {...describedBy('vp-name', err('name'), t('visitPlans.nameHint'))} value={d.name} onInput={set('name')} />
        </Field>
        <fieldset class={err('visitorIds') ? 'invalid' : undefined}><legend>{t('visitPlans.visitors')}</legend>
          {people.data?.filter((p) => p.active).map((p) => (
            <label key={p.id} class="inline"><input type="checkbox" checked={visitorIds.includes(p.id)} onChange={() => setVisitorIds(toggle(visitorIds, p.id))} /> {p.name}</label>
          ))}
          {err('visitorIds') && <p class="error" role="alert">{err('visitorIds')}</p>}
        </fieldset>
        <fieldset><legend>{t('visitPlans.whom')}</legend>
          {select('segmentId', 'messages.savedSegment', (segments ?? []).map((s) => [s.id, `${s.name} (${s.matched})`]), t('messages.buildFilter'))}
          {!d.segmentId && (
            <div class="filters">
              {select('tier', 'retirees.tier', tiers.map((v) => [v, label('tier', v)]), t('visitPlans.any'))}
              {select('ageBand', 'retirees.ageBand', ageBands.map((v) => [v, label('ageBand', v)]), t('visitPlans.any'))}
              {select('retirementType', 'visitPlans.retirementType', [['veteran', label('retirementType', 'veteran')], ['retired', label('retirementType', 'retired')]], t('visitPlans.any'))}
            </div>
          )}
        </fieldset>
        <div class="grid">
          {select('frequency', 'visitPlans.frequency', frequencies.map((f) => [f, label('frequency', f)]), '')}
          <Field id="vp-startsOn" label={t('visitPlans.startsOn')} error={err('startsOn')}>
            <input {...describedBy('vp-startsOn', err('startsOn'))} type="date" value={d.startsOn} placeholder={officeDay()} onInput={set('startsOn')} />
          </Field>
        </div>
        {d.frequency === 'festivals' && (
          <fieldset><legend>{t('visitPlans.festivals')}</legend>
            {err('festivals') && <p class="error" role="alert">{err('festivals')}</p>}
            {festivals.map((f, i) => (
              <div class="grid" key={i}>
                {(['name', 'from', 'to'] as const).map((k) => (
                  <Field key={k} id={`vp-f${i}-${k}`} label={t(`visitPlans.festival.${k}`)} error={err(`festivals[${i}].${k}`)}>
                    <input {...describedBy(`vp-f${i}-${k}`, err(`festivals[${i}].${k}`))} type={k === 'name' ? 'text' : 'date'} value={f[k]}
                      onInput={(e) => setFestivals(festivals.map((x, j) => (j === i ? { ...x, [k]: e.currentTarget.value } : x)))} />
                  </Field>
                ))}
              </div>
            ))}
            <button type="button" onClick={() => setFestivals([...festivals, { name: '', from: '', to: '' }])}>{t('visitPlans.addFestival')}</button>
          </fieldset>
        )}
        <fieldset><legend>{t('visitPlans.kinds')}</legend>
          <p class="hint">{t('visitPlans.kindsHint')}</p>
          {visitKinds.map((k) => (
            <label key={k} class="inline"><input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds(toggle(kinds, k))} /> {label('visitKind', k)}</label>
          ))}
        </fieldset>
        <div class="actions"><button type="submit" class="primary" disabled={busy}>{t('visitPlans.create')}</button></div>
      </form>
    </Section>
  );
}
