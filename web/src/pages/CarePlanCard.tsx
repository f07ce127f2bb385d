// A retiree's care plan: cadence, time, pause; the family's consent and the daily reassurance switch (issue 14).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section } from '../components/ui';
import { formatDateTime, formatDay } from '../format';
import type { Loaded } from '../hooks';
import { t } from '../i18n';
import type { Cadence, CarePlanView } from '../types';

const cadences: Cadence[] = ['daily', 'everyTwoDays', 'twiceWeekly', 'weekly', 'none'];

/** Each emergency contact: whether they agreed to be one (asked by SMS), and whether they get the daily 平安 note. */
function FamilyContacts({ contacts }: { contacts: CarePlanView['contacts'] }) {
  if (contacts.length === 0) return null;
  return (
    <>
      <h3>{t('family.contacts')}</h3>
      <ul class="family-contacts">
        {contacts.map((c) => (
          <li key={c.phone}>
            {/* The number is in the people section above; here, what they agreed to. */}
            {c.name}{c.relation ? `（${c.relation}）` : ''}{' '}
            <span class="badge">{label('consent', c.consent ?? 'none')}</span>{' '}
            <span class="badge">{c.reassurance ? t('family.reassuranceOn') : t('family.reassuranceOff')}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function CarePlanCard({ id, view }: { id: string; view: Loaded<CarePlanView | undefined> }) {
  const enc = encodeURIComponent(id);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ cadence: 'daily' as Cadence, at: '09:00', answerWindowMinutes: 120, pauseUntil: '', pauseReason: '', reassurance: [] as string[] });
  const [error, setError] = useState<ApiError | null>(null);

  if (view.error) return <Section title={t('retiree.carePlan')} id="sec-plan"><LoadError error={view.error} /></Section>;
  const v = view.data;
  if (!v) return null;
  const startEdit = () => {
    setDraft({ cadence: v.plan.cadence, at: v.plan.at.slice(0, 5), answerWindowMinutes: v.plan.answerWindowMinutes, pauseUntil: v.plan.pause?.until ?? '', pauseReason: v.plan.pause?.reason ?? '', reassurance: v.contacts.filter((c) => c.reassurance).map((c) => c.phone) });
    setError(null);
    setEditing(true);
  };
  async function save(e: Event) {
    e.preventDefault();
    try {
      const body = {
        cadence: draft.cadence, at: draft.at, answerWindowMinutes: Number(draft.answerWindowMinutes), escalateTo: v!.plan.escalateTo,
        skipDays: v!.plan.skipDays, pause: draft.pauseUntil || draft.pauseReason ? { until: draft.pauseUntil || null, reason: draft.pauseReason } : null,
        reassuranceContacts: draft.reassurance,
      };
      view.setData(await api<CarePlanView>(`/api/careplans/${enc}`, { method: 'PUT', body }));
      setEditing(false);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const f = (k: Exclude<keyof typeof draft, 'reassurance'>, key: Parameters<typeof t>[0], type: string, errKey: string = k) => (
    <Field id={`cp-${k}`} label={t(key)} error={error?.field(errKey)}>
      <input {...describedBy(`cp-${k}`, error?.field(errKey))} type={type} value={String(draft[k])} onInput={(e) => setDraft({ ...draft, [k]: e.currentTarget.value })} />
    </Field>
  );
  return (
    <Section title={t('retiree.carePlan')} id="sec-plan">
      {!editing ? (
        <>
          <p>{label('cadence', v.plan.cadence)} · {v.plan.at.slice(0, 5)} · {t('retiree.answerWindow')}: {v.plan.answerWindowMinutes}</p>
          {v.nextDueLocal && <p>{t('retiree.nextCheckIn', { time: formatDateTime(v.nextDueLocal) })}</p>}
          {v.plan.pause && <p class="notice">{t('retiree.pauseUntil')} {formatDay(v.plan.pause.until)}: {v.plan.pause.reason}</p>}
          {v.plan.state === 'stopped' && <p class="notice">{t('retiree.planStopped', { reason: label('stopReason', v.plan.stopReason) })}</p>}
          {!v.stored && <p class="muted">{t('retiree.planDerived')}</p>}
          <FamilyContacts contacts={v.contacts} />
          <button type="button" onClick={startEdit}>{t('edit')}</button>
        </>
      ) : (
        <form onSubmit={save} noValidate>
          {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
          <div class="grid">
            <Field id="cp-cadence" label={t('retiree.cadence')} error={error?.field('cadence')}>
              <select {...describedBy('cp-cadence', error?.field('cadence'))} value={draft.cadence} onChange={(e) => setDraft({ ...draft, cadence: e.currentTarget.value as Cadence })}>
                {cadences.map((c) => <option key={c} value={c}>{label('cadence', c)}</option>)}
              </select>
            </Field>
            {f('at', 'retiree.checkInAt', 'time')}
            {f('answerWindowMinutes', 'retiree.answerWindow', 'number')}
            {f('pauseUntil', 'retiree.pauseUntil', 'date', 'pause.until')}
            {f('pauseReason', 'retiree.pauseReason', 'text', 'pause.reason')}
          </div>
          {v.contacts.length > 0 && (
            <fieldset><legend>{t('family.reassurance')}</legend>
              <p class="muted">{t('family.reassuranceHint')}</p>
              {v.contacts.map((c) => (
                <div class="check" key={c.phone}>
                  <input id={`cp-re-${c.phone}`} type="checkbox" disabled={c.consent !== 'yes'} checked={draft.reassurance.includes(c.phone)}
                    onChange={(e) => setDraft({ ...draft, reassurance: e.currentTarget.checked ? [...draft.reassurance, c.phone] : draft.reassurance.filter((x) => x !== c.phone) })} />
                  <label for={`cp-re-${c.phone}`}>{c.name}{c.relation ? `（${c.relation}）` : ''} · {label('consent', c.consent ?? 'none')}</label>
                </div>
              ))}
            </fieldset>
          )}
          <div class="actions">
            <button type="submit" class="primary">{t('save')}</button>
            <button type="button" onClick={() => setEditing(false)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </Section>
  );
}
