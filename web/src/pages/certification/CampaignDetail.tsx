import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { label, LoadError, Section, Tel } from '../../components/ui';
import { formatDateTime, formatDay } from '../../format';
import { useLoad } from '../../hooks';
import { locale, t } from '../../i18n';
import { daysLeftText } from './Certification';
import { hows, settable, states, type BatchResult, type CertifiedHow, type CertifyingPage, type CertifyingView, type RemindResult } from './certificationTypes';

/**
 * One campaign: its numbers and days left, reminder rounds by SMS, and the list — who is missing first — with a one-click
 * "done" per row (the way chosen above the list) and for every row ticked, a state set by hand, and the missing list as CSV.
 */
export function CampaignDetail({ id }: { id: string }) {
  const [filter, setFilter] = useState({ state: '', city: '', q: '' });
  const [how, setHow] = useState<CertifiedHow>('office');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const enc = encodeURIComponent(id);
  const params = () => ({ state: filter.state && filter.state !== 'missing' ? filter.state : null, missing: filter.state === 'missing' ? 'true' : null, city: filter.city || null, q: filter.q || null });
  const page = useLoad(() => api<CertifyingPage>(`/api/certification/${enc}/retirees${query(params())}`), [id, filter.state, filter.city, filter.q]);

  async function act<T>(work: () => Promise<T>, done: (r: T) => string) {
    try {
      const r = await work();
      setError(null);
      setMessage(done(r));
      await page.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const remind = () => confirm(t('certification.remindConfirm', { n: c ? c.missing - c.byState.homeVisit : 0 })) &&
    act(() => api<RemindResult>(`/api/certification/${enc}/remind`, { method: 'POST' }), (r) => t('certification.reminded', { queued: r.queued, notBySms: r.notBySms }));
  const mark = (r: CertifyingView, body: Record<string, string>) =>
    act(() => api(`/api/certification/${enc}/retirees/${encodeURIComponent(r.retireeId)}`, { method: 'PUT', body }), () => t('certification.marked', { name: r.name }));
  const markPicked = () => act(() => api<BatchResult>(`/api/certification/${enc}/done`, { method: 'POST', body: { retireeIds: [...picked], how } }),
    (r) => { setPicked(new Set()); return t('certification.batchDone', { n: r.changed }); });
  const toggle = (rid: string) => { const next = new Set(picked); if (next.has(rid)) next.delete(rid); else next.add(rid); setPicked(next); };

  const c = page.data?.campaign;
  const cities = [...new Set(page.data?.items.map((i) => i.city).filter((x): x is string => !!x))].sort();
  return (
    <div class="certification">
      <p><a href="/app/certification">← {t('certification.title')}</a></p>
      <LoadError error={page.error} />
      {c && (
        <>
          <h1>{t('certification.campaignName', { year: c.year, deadline: formatDay(c.deadline) })}</h1>
          <Section title={t('certification.numbers')} id="cert-numbers">
            <p class="cert-numbers"><strong>{daysLeftText(c.daysLeft)}</strong> · {t('certification.counts', { total: c.total, done: c.done, missing: c.missing })}</p>
            <p class="muted">{states.map((s) => `${label('certificationState', s)} ${c.byState[s]}`).join(' · ')}</p>
            <p class="muted">{t('certification.howLine')}{c.howText}</p>
            <p class="muted">{t('certification.elsewhereLine')}{c.elsewhereText}</p>
            <div class="actions no-print">
              <button type="button" onClick={remind} disabled={c.missing === 0}>{t('certification.remind')}</button>
              {c.lastRemindedAt && <span class="muted">{t('certification.lastReminded', { n: c.rounds, at: formatDateTime(c.lastRemindedAt) })}</span>}
              <a class="button secondary" href={`/api/certification/${enc}/export${query({ format: 'csv', language: locale(), ...params(), missing: filter.state ? params().missing : 'true' })}`} download>{t('certification.exportMissing')}</a>
            </div>
            {message && <p role="status">{message}</p>}
            {error && <p class="error" role="alert">{error.title}{Object.values(error.errors).flat().map((m) => ` ${m}`)}</p>}
          </Section>
        </>
      )}
      <Section title={t('certification.list')} id="cert-list">
        <div class="row no-print">
          <label class="inline">{t('certification.show')}{' '}
            <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.currentTarget.value })}>
              <option value="">{t('certification.all')}</option>
              <option value="missing">{t('certification.missingOnly')}</option>
              {states.map((s) => <option key={s} value={s}>{label('certificationState', s)}</option>)}
            </select>
          </label>
          <label class="inline">{t('certification.city')}{' '}
            <select value={filter.city} onChange={(e) => setFilter({ ...filter, city: e.currentTarget.value })}>
              <option value="">{t('certification.all')}</option>
              {cities.map((x) => <option key={x} value={x}>{x}</option>)}
            </select>
          </label>
          <label class="inline">{t('certification.search')}{' '}<input type="search" value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.currentTarget.value })} /></label>
        </div>
        <div class="row no-print">
          <label class="inline">{t('certification.howDone')}{' '}
            <select value={how} onChange={(e) => setHow(e.currentTarget.value as CertifiedHow)}>
              {hows.map((h) => <option key={h} value={h}>{label('certifiedHow', h)}</option>)}
            </select>
          </label>
          <button type="button" disabled={picked.size === 0} onClick={markPicked}>{t('certification.markPicked', { n: picked.size })}</button>
        </div>
        {page.data?.items.length === 0 && <p>{t('certification.nobody')}</p>}
        {page.data && page.data.items.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('certification.list')}</caption>
              <thead><tr>
                <th scope="col"><span class="visually-hidden">{t('certification.pick')}</span></th>
                <th scope="col">{t('certification.name')}</th><th scope="col">{t('certification.unit')}</th><th scope="col">{t('certification.city')}</th>
                <th scope="col">{t('certification.mobile')}</th><th scope="col">{t('certification.state')}</th><th scope="col">{t('certification.reminders')}</th>
                <th scope="col">{t('certification.actions')}</th>
              </tr></thead>
              <tbody>
                {page.data.items.map((r) => (
                  <tr key={r.retireeId} data-retiree={r.retireeId}>
                    <td>{r.state !== 'done' && <input type="checkbox" aria-label={t('certification.pickOne', { name: r.name })} checked={picked.has(r.retireeId)} onChange={() => toggle(r.retireeId)} />}</td>
                    <td><a href={`/app/retirees/${encodeURIComponent(r.retireeId)}`}>{r.name}</a></td>
                    <td>{r.unit ?? ''}</td><td>{r.city ?? ''}{r.livesElsewhere ? ` (${t('certification.elsewhereShort')})` : ''}</td>
                    <td><Tel phone={r.mobile} /></td>
                    <td class="cert-state">{label('certificationState', r.state)}{r.how ? ` · ${label('certifiedHow', r.how)}` : ''}{r.doneAt ? ` · ${formatDateTime(r.doneAt)}` : ''}</td>
                    <td class="num">{r.reminders}</td>
                    <td class="actions">
                      {r.state !== 'done' && <button type="button" onClick={() => mark(r, { how })}>{t('certification.markDone', { how: label('certifiedHow', how) })}</button>}
                      <select aria-label={t('certification.setState', { name: r.name })} value="" onChange={(e) => e.currentTarget.value && mark(r, { state: e.currentTarget.value })}>
                        <option value="">{t('certification.setStateShort')}</option>
                        {settable.filter((s) => s !== r.state).map((s) => <option key={s} value={s}>{label('certificationState', s)}</option>)}
                      </select>
                    </td>
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
