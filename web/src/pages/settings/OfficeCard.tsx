// Admin only: the office's name, time zone, quiet hours and hotline (printed on emergency cards) (PUT /api/office under the ETag read); they take the
// place of the deployment's app settings at once, without a restart. Phone region and SMS cost stay app settings.
import { useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { LoadError, Section } from '../../components/ui';
import { formatPhone, officeTimeZone } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { loadOffice, type Office } from '../../office';
import { serverText } from '../../serverText';

type Draft = { name: string; timeZone: string; start: string; end: string; hotline: string };

export function OfficeCard() {
  const loaded = useLoad(async () => {
    const res = await request<Office>('/api/office');
    return { office: res.data, etag: res.headers.get('ETag') ?? '' };
  }, []);
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  if (loaded.error) return <Section title={t('settings.office')} id="office"><LoadError error={loaded.error} /></Section>;
  if (!loaded.data) return null;
  const { office: o, etag } = loaded.data;
  const d = draft ?? { name: o.name, timeZone: o.timeZone, start: o.quietHours.start, end: o.quietHours.end, hotline: o.hotline ? formatPhone(o.hotline) : '' };
  const set = (patch: Partial<Draft>) => { setSaved(false); setDraft({ ...d, ...patch }); };

  async function save(e: Event) {
    e.preventDefault();
    try {
      await request('/api/office', {
        method: 'PUT', headers: { 'If-Match': etag },
        body: { name: d.name, timeZone: d.timeZone, quietHours: { start: d.start, end: d.end }, hotline: d.hotline },
      });
      await loadOffice(); // every date on the dashboard is shown in the new zone from now on
      await loaded.reload();
      setDraft(undefined);
      setError(undefined);
      setSaved(true);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  const input = (id: string, field: string, label: string, value: string, onInput: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <Field id={id} label={label} error={error?.field(field)}>
      <input {...describedBy(id, error?.field(field))} value={value} onInput={(e) => onInput(e.currentTarget.value)} {...extra} />
    </Field>
  );
  return (
    <Section title={t('settings.office')} id="office">
      <p>{t('settings.officeNote', { zone: officeTimeZone() })}</p>
      <form onSubmit={save} noValidate class="office-form">
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{serverText(error.title)}</p>}
        {input('office-name', 'name', t('settings.officeName'), d.name, (v) => set({ name: v }), { maxLength: 60, autocomplete: 'organization' })}
        {input('office-zone', 'timeZone', t('settings.timeZone'), d.timeZone, (v) => set({ timeZone: v }), { list: 'office-zones', spellcheck: false })}
        {input('office-hotline', 'hotline', t('settings.hotline'), d.hotline, (v) => set({ hotline: v }), { type: 'tel', autocomplete: 'tel' })}
        <p class="muted">{t('settings.hotlineHint')}</p>
        <datalist id="office-zones">{zones().map((z) => <option key={z} value={z} />)}</datalist>
        <fieldset>
          <legend>{t('settings.quietHours')}</legend>
          <div class="row">
            {input('office-quiet-start', 'quietHours.start', t('settings.quietFrom'), d.start, (v) => set({ start: v }), { type: 'time' })}
            {input('office-quiet-end', 'quietHours.end', t('settings.quietTo'), d.end, (v) => set({ end: v }), { type: 'time' })}
          </div>
          <p class="muted">{t('settings.quietHint')}</p>
        </fieldset>
        <button type="submit">{t('save')}</button>
        {saved && <span class="ok" role="status">{t('saved')}</span>}
      </form>
      <dl class="office-settings">
        <dt>{t('settings.phoneRegion')}</dt><dd>{o.phoneRegion} <code class="muted">Office__PhoneRegion</code></dd>
        <dt>{t('settings.smsCost')}</dt><dd>{`${o.costPerSmsSegment} ${o.currency}`} <code class="muted">Sms__CostPerSegment</code></dd>
      </dl>
    </Section>
  );
}

// The browser's own list of IANA zones where it has one; typing any other IANA id works too.
function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Taipei'];
}
