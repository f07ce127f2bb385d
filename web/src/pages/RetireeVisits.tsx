import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section } from '../components/ui';
import { formatDay, officeDay } from '../format';
import type { Loaded } from '../hooks';
import { t } from '../i18n';
import type { Visit, VisitKind } from '../types';
import { visitKinds } from './Visits';

const empty = () => ({ date: officeDay(), kind: 'home' as VisitKind, visitors: '', note: '', amount: '' });

/** A retiree's visits (走访慰问) and a small form to log one; staff may delete a mistaken entry. */
export function RetireeVisits({ retireeId, visits, staff }: { retireeId: string; visits: Loaded<Visit[]>; staff: boolean }) {
  const base = `/api/retirees/${encodeURIComponent(retireeId)}/visits`;
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof ReturnType<typeof empty>) => (e: Event) => { setSaved(false); setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value }); };

  async function log(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = {
        date: draft.date || null, kind: draft.kind, visitors: draft.visitors || null, note: draft.note || null,
        amount: draft.amount.trim() === '' ? null : Number(draft.amount),
      };
      await api<Visit>(base, { method: 'POST', body });
      setDraft({ ...empty(), kind: draft.kind, visitors: draft.visitors });
      setError(null);
      setSaved(true);
      await visits.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  async function remove(v: Visit) {
    if (!confirm(t('visits.confirmDelete', { date: formatDay(v.date), kind: label('visitKind', v.kind) }))) return;
    try {
      await api(`${base}/${encodeURIComponent(v.id)}`, { method: 'DELETE' });
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
    await visits.reload();
  }

  return (
    <Section title={t('visits.forRetiree')} id="sec-visits">
      <LoadError error={visits.error} />
      {visits.data?.length === 0 && <p class="muted">{t('visits.none')}</p>}
      <ul class="visits">
        {visits.data?.map((v) => (
          <li key={v.id}>
            <strong>{formatDay(v.date)} · {label('visitKind', v.kind)}</strong>
            {v.visitors && <> · {v.visitors}</>}
            {v.amount != null && <> · {t('visits.amountShort', { amount: v.amount })}</>}
            {v.note && <div>{v.note}</div>}
            <div class="muted">{t('visits.recordedBy', { who: v.recordedBy })}
              {staff && <> <button type="button" aria-label={`${t('visits.delete')}: ${formatDay(v.date)} ${label('visitKind', v.kind)}`} onClick={() => remove(v)}>{t('visits.delete')}</button></>}
            </div>
          </li>
        ))}
      </ul>
      <form onSubmit={log} noValidate aria-labelledby="visit-form-h">
        <h3 id="visit-form-h">{t('visits.logOne')}</h3>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        <div class="grid">
          <Field id="visit-date" label={t('visits.date')} error={err('date')}>
            <input {...describedBy('visit-date', err('date'))} type="date" max={officeDay()} value={draft.date} onInput={set('date')} />
          </Field>
          <Field id="visit-kind" label={t('visits.kind')} error={err('kind')}>
            <select {...describedBy('visit-kind', err('kind'))} value={draft.kind} onChange={set('kind')}>
              {visitKinds.map((k) => <option key={k} value={k}>{label('visitKind', k)}</option>)}
            </select>
          </Field>
          <Field id="visit-visitors" label={t('visits.visitors')} error={err('visitors')}>
            <input {...describedBy('visit-visitors', err('visitors'))} value={draft.visitors} onInput={set('visitors')} />
          </Field>
          <Field id="visit-amount" label={t('visits.amount')} error={err('amount')}>
            <input {...describedBy('visit-amount', err('amount'))} type="number" min="0" step="0.01" inputMode="decimal" value={draft.amount} onInput={set('amount')} />
          </Field>
        </div>
        <Field id="visit-note" label={t('visits.note')} error={err('note')}>
          <textarea {...describedBy('visit-note', err('note'))} value={draft.note} onInput={set('note')} />
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{busy ? t('saving') : t('visits.save')}</button>
          {saved && <span role="status">{t('saved')}</span>}
        </div>
      </form>
    </Section>
  );
}
