import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, Section } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad, usePoll } from '../hooks';
import { t } from '../i18n';
import { ageBands, tiers } from './Retirees';

interface MassView {
  mass: { id: string; reason: string; createdAt: string; createdBy: string; count: number; windowEndsAt: string; leftOut: Record<string, number> };
  tally: { total: number; answered: number; well: number; unwell: number; needHelp: number; notYet: number; missed: number; undelivered: number; calls: number };
}

/** A check-in now to a whole segment (typhoon, heatwave, cold snap), with its live tally. */
export function MassCheckIn() {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [tier, setTier] = useState('');
  const [bands, setBands] = useState<string[]>([]);
  const [more, setMore] = useState({ unit: '', branch: '', livesAlone: '', retirementType: '' });
  const [window, setWindow] = useState('60');
  const [started, setView] = useState<MassView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The last week's mass check-ins, so the tally is still there after a reload or on a colleague's screen.
  const recent = useLoad(() => api<MassView[]>('/api/checkins/mass'), []);
  const view = started ?? recent.data?.[0] ?? null;

  usePoll(() => {
    if (view) api<MassView>(`/api/checkins/mass/${encodeURIComponent(view.mass.id)}`).then(setView, () => undefined);
  }, 5000);

  async function start(e: Event) {
    e.preventDefault();
    try {
      const filter = {
        tier: tier || null, ageBands: bands.length ? bands : null, status: 'active', unit: more.unit.trim() || null, branch: more.branch.trim() || null,
        livesAlone: more.livesAlone === '' ? null : more.livesAlone === 'true', retirementType: more.retirementType || null,
      };
      setView(await api<MassView>('/api/checkins/mass', { method: 'POST', body: { reason, filter, windowMinutes: Number(window) } }));
      setError(null);
      setOpen(false);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  return (
    <Section title={t('mass.title')} id="mass">
      {view && (
        <div role="status">
          <p><strong>{view.mass.reason}</strong> · {formatDateTime(view.mass.createdAt)} · {t('mass.until', { time: formatDateTime(view.mass.windowEndsAt) })}</p>
          <p>{t('mass.tally', view.tally as unknown as Record<string, number>)}</p>
          {view.tally.calls > 0 && <p>{t('mass.calls', { calls: view.tally.calls })}</p>}
          {Object.keys(view.mass.leftOut ?? {}).length > 0 && (
            <p class="muted">{t('mass.leftOut', { list: Object.entries(view.mass.leftOut).map(([why, n]) => `${label('leftOut', why)} ${n}`).join(', ') })}</p>
          )}
        </div>
      )}
      {!open && <button type="button" onClick={() => setOpen(true)}>{t('mass.start')}</button>}
      {open && (
        <form onSubmit={start} noValidate>
          <p class="muted">{t('mass.hint')}</p>
          <div class="grid">
            <Field id="mass-reason" label={t('mass.reason')} error={error?.field('reason')}>
              <input {...describedBy('mass-reason', error?.field('reason'))} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </Field>
            <Field id="mass-tier" label={t('retirees.tier')}>
              <select id="mass-tier" value={tier} onChange={(e) => setTier(e.currentTarget.value)}>
                <option value="">{t('any')}</option>
                {tiers.map((v) => <option key={v} value={v}>{label('tier', v)}</option>)}
              </select>
            </Field>
            <fieldset class="field age-bands"><legend>{t('messages.ageBands')}</legend>
              {ageBands.map((v) => <label key={v}><input type="checkbox" checked={bands.includes(v)} onChange={(e) => setBands(e.currentTarget.checked ? [...bands, v] : bands.filter((b) => b !== v))} /> {label('ageBand', v)}</label>)}
            </fieldset>
            <Field id="mass-unit" label={t('retirees.unit')}><input id="mass-unit" value={more.unit} onInput={(e) => setMore({ ...more, unit: e.currentTarget.value })} /></Field>
            <Field id="mass-branch" label={t('retirees.branch')}><input id="mass-branch" value={more.branch} onInput={(e) => setMore({ ...more, branch: e.currentTarget.value })} /></Field>
            <Field id="mass-alone" label={t('retirees.livesAlone')}>
              <select id="mass-alone" value={more.livesAlone} onChange={(e) => setMore({ ...more, livesAlone: e.currentTarget.value })}>
                <option value="">{t('any')}</option><option value="true">{t('yes')}</option><option value="false">{t('no')}</option>
              </select>
            </Field>
            <Field id="mass-type" label={t('messages.retirementType')}>
              <select id="mass-type" value={more.retirementType} onChange={(e) => setMore({ ...more, retirementType: e.currentTarget.value })}>
                <option value="">{t('any')}</option>
                {(['veteran', 'retired'] as const).map((v) => <option key={v} value={v}>{label('retirementType', v)}</option>)}
              </select>
            </Field>
            <Field id="mass-window" label={t('retiree.answerWindow')} error={error?.field('windowMinutes')}>
              <input {...describedBy('mass-window', error?.field('windowMinutes'))} type="number" value={window} onInput={(e) => setWindow(e.currentTarget.value)} />
            </Field>
          </div>
          {error?.field('filter') && <p class="error" role="alert">{error.field('filter')}</p>}
          <div class="actions">
            <button type="submit" class="primary">{t('mass.send')}</button>
            <button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </Section>
  );
}
