import { useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { LoadError, Section } from '../../components/ui';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { serverText } from '../../serverText';
import type { SubsidyRules } from './subsidyTypes';

/** Admin only: the age bands and the three hardship levels, in yuan a year; saved under the ETag read. */
export function RulesCard({ onSaved }: { onSaved: () => Promise<void> }) {
  const loaded = useLoad(async () => {
    const res = await request<SubsidyRules>('/api/subsidies/rules');
    return { rules: res.data, etag: res.headers.get('ETag') ?? '' };
  }, []);
  const [draft, setDraft] = useState<SubsidyRules>();
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  if (loaded.error) return <Section title={t('subsidies.rules')} id="subsidy-rules"><LoadError error={loaded.error} /></Section>;
  if (!loaded.data) return null;
  const r = draft ?? loaded.data.rules;
  const edit = (next: SubsidyRules) => { setSaved(false); setDraft(next); };

  async function save(e: Event) {
    e.preventDefault();
    try {
      await request('/api/subsidies/rules', { method: 'PUT', headers: { 'If-Match': loaded.data!.etag }, body: r });
      await loaded.reload();
      await onSaved();
      setDraft(undefined);
      setError(undefined);
      setSaved(true);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const num = (id: string, field: string, label: string, value: number, onInput: (v: number) => void) => (
    <Field id={id} label={label} error={error?.field(field)}>
      <input {...describedBy(id, error?.field(field))} type="number" min="0" step="any" value={String(value)} onInput={(e) => onInput(Number(e.currentTarget.value))} />
    </Field>
  );
  return (
    <Section title={t('subsidies.rules')} id="subsidy-rules">
      <p>{t('subsidies.rulesNote')}</p>
      <form onSubmit={save} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{serverText(error.title)}</p>}
        {error?.field('longevity') && <p class="error" role="alert">{serverText(error.field('longevity'))}</p>}
        {r.longevity.map((b, i) => (
          <fieldset key={i} class="inline-fields">
            <legend>{t('subsidies.bandN', { n: i + 1 })}</legend>
            {num(`band-age-${i}`, `longevity[${i}].fromAge`, t('subsidies.fromAge'), b.fromAge, (v) => edit({ ...r, longevity: r.longevity.map((x, j) => (j === i ? { ...x, fromAge: v } : x)) }))}
            {num(`band-amount-${i}`, `longevity[${i}].yearlyAmount`, t('subsidies.yearlyAmount'), b.yearlyAmount, (v) => edit({ ...r, longevity: r.longevity.map((x, j) => (j === i ? { ...x, yearlyAmount: v } : x)) }))}
            <button type="button" onClick={() => edit({ ...r, longevity: r.longevity.filter((_, j) => j !== i) })}>{t('subsidies.removeBand')}</button>
          </fieldset>
        ))}
        <button type="button" onClick={() => edit({ ...r, longevity: [...r.longevity, { fromAge: (r.longevity.at(-1)?.fromAge ?? 80) + 5, yearlyAmount: 0 }] })}>{t('subsidies.addBand')}</button>
        {r.hardship.map((h, i) => (
          <div key={`h${i}`}>{num(`level-amount-${i}`, `hardship[${i}].yearlyAmount`, t('subsidies.levelAmount', { n: h.level }), h.yearlyAmount,
            (v) => edit({ ...r, hardship: r.hardship.map((x, j) => (j === i ? { ...x, yearlyAmount: v } : x)) }))}</div>
        ))}
        <div class="actions"><button type="submit" class="primary">{t('save')}</button>{saved && <span role="status">{t('saved')}</span>}</div>
      </form>
    </Section>
  );
}
