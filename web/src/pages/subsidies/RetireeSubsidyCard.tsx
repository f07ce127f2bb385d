import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { LoadError, Section } from '../../components/ui';
import { officeDay } from '../../format';
import type { Loaded } from '../../hooks';
import { t } from '../../i18n';
import { band, changeWords, level } from './SubsidyWords';
import { money, type RetireeSubsidy } from './subsidyTypes';

/** Staff: what this retiree is paid now and this year, each change by month, and their hardship level (set with a reason). */
export function RetireeSubsidyCard({ id, data }: { id: string; data: Loaded<RetireeSubsidy | undefined> }) {
  const [form, setForm] = useState({ level: '0', from: officeDay().slice(0, 7), reason: '' });
  const [error, setError] = useState<ApiError>();
  async function save(e: Event) {
    e.preventDefault();
    try {
      await api(`/api/retirees/${encodeURIComponent(id)}/hardship`, { method: 'PUT', body: { level: Number(form.level), from: form.from, reason: form.reason } });
      setError(undefined);
      setForm({ ...form, reason: '' });
      await data.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const s = data.data;
  return (
    <Section title={t('subsidies.title')} id="sec-subsidy">
      <LoadError error={data.error} />
      {s && (
        <>
          <p>{t('subsidies.now', { band: band(s.now.band?.fromAge), level: level(s.now.hardshipLevel), monthly: money(s.now.total) })}</p>
          <p>{t('subsidies.thisYear', { longevity: money(s.yearLongevity), hardship: money(s.yearHardship) })}</p>
          {s.changes.length > 0 && <ul class="subsidy-changes">{s.changes.map((c) => <li key={c.month}>{c.month} · {changeWords(c)}</li>)}</ul>}
          {s.hardship.length > 0 && (
            <ul class="hardship-history">
              {s.hardship.map((h, i) => <li key={i}>{t('subsidies.hardshipSet', { level: level(h.level), from: h.from, reason: h.reason, by: h.setBy })}</li>)}
            </ul>
          )}
        </>
      )}
      <form onSubmit={save} noValidate class="hardship-form">
        <Field id="hs-level" label={t('subsidies.setLevel')} error={error?.field('level')}>
          <select {...describedBy('hs-level', error?.field('level'))} value={form.level} onChange={(e) => setForm({ ...form, level: e.currentTarget.value })}>
            {[0, 1, 2, 3].map((n) => <option key={n} value={String(n)}>{n === 0 ? t('subsidies.noLevel') : level(n)}</option>)}
          </select>
        </Field>
        <Field id="hs-from" label={t('subsidies.fromMonth')} error={error?.field('from')}>
          <input {...describedBy('hs-from', error?.field('from'))} type="month" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
        </Field>
        <Field id="hs-reason" label={t('subsidies.reason')} error={error?.field('reason')}>
          <input {...describedBy('hs-reason', error?.field('reason'))} value={form.reason} maxLength={200} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
        </Field>
        <div class="actions"><button type="submit">{t('subsidies.saveLevel')}</button></div>
      </form>
    </Section>
  );
}
