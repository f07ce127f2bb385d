import { useState } from 'preact/hooks';
import { api, ApiError, query, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { LoadError, Section, Tel } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { isStaff, type Me } from '../../session';
import type { SegmentView } from '../../types';
import type { CampaignView, CertificationVisitView } from './certificationTypes';

/** 养老金资格认证: staff see the year's campaigns and open one; a volunteer sees the home visits their paired retirees need. */
export function Certification({ me }: { me: Me }) {
  return isStaff(me) ? <Campaigns /> : <HomeVisits />;
}

function Campaigns() {
  const { search } = useLocation();
  const year = search.get('year') ?? officeDay().slice(0, 4);
  const list = useLoad(() => api<CampaignView[]>(`/api/certification${query({ year })}`), [year]);
  return (
    <div class="certification">
      <div class="row">
        <h1>{t('certification.title')}</h1>
        <label class="inline">{t('events.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/certification${query({ year: e.currentTarget.value })}`)}>
            {[Number(year) - 1, Number(year), Number(year) + 1].map((v) => <option key={v} value={String(v)}>{v}</option>)}
          </select>
        </label>
        <a class="button secondary" href="/app/elsewhere">{t('elsewhere.title')}</a>
      </div>
      <Section title={t('certification.campaigns', { year })} id="cert-campaigns">
        <LoadError error={list.error} />
        {list.data?.length === 0 && <p>{t('certification.none')}</p>}
        {list.data && list.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('certification.campaigns', { year })}</caption>
              <thead><tr>
                <th scope="col">{t('certification.deadline')}</th><th scope="col">{t('certification.daysLeft')}</th><th scope="col">{t('certification.total')}</th>
                <th scope="col">{t('certification.done')}</th><th scope="col">{t('certification.missing')}</th><th scope="col">{t('certification.rounds')}</th>
              </tr></thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.id} class={c.daysLeft < 0 && c.missing > 0 ? 'overdue' : undefined}>
                    <td><a href={`/app/certification/${encodeURIComponent(c.id)}`}>{t('certification.campaignName', { year: c.year, deadline: formatDay(c.deadline) })}</a></td>
                    <td class="num">{daysLeftText(c.daysLeft)}</td><td class="num">{c.total}</td><td class="num">{c.done}</td>
                    <td class="num">{c.missing}</td><td class="num">{c.rounds}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <OpenCampaign year={year} />
    </div>
  );
}

export function daysLeftText(n: number): string {
  return n > 0 ? t('certification.daysLeftN', { n }) : n === 0 ? t('certification.dueToday') : t('certification.overdueN', { n: -n });
}

function OpenCampaign({ year }: { year: string }) {
  const segments = useLoad(() => api<SegmentView[]>('/api/segments'), []);
  const [d, setD] = useState({ year, deadline: `${year}-12-31`, segmentId: '', howText: '', elsewhereText: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => error?.field(k);
  const set = (k: keyof typeof d) => (e: Event) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value });

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await request<CampaignView>('/api/certification', { method: 'POST', body: {
        year: Number(d.year) || null, deadline: d.deadline || null, segmentId: d.segmentId || null, howText: d.howText || null, elsewhereText: d.elsewhereText || null,
      } });
      navigate(`/certification/${encodeURIComponent(created.data.id)}`);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('certification.open')} id="cert-open">
      <p class="muted">{t('certification.openNote')}</p>
      <form onSubmit={save} noValidate>
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        <div class="grid">
          <Field id="cert-year" label={t('certification.year')} error={err('year')}>
            <input {...describedBy('cert-year', err('year'))} type="number" value={d.year} onInput={set('year')} />
          </Field>
          <Field id="cert-deadline" label={t('certification.deadline')} error={err('deadline')}>
            <input {...describedBy('cert-deadline', err('deadline'))} type="date" value={d.deadline} onInput={set('deadline')} />
          </Field>
          <Field id="cert-segment" label={t('certification.who')} error={err('segmentId')}>
            <select {...describedBy('cert-segment', err('segmentId'))} value={d.segmentId} onChange={set('segmentId')}>
              <option value="">{t('certification.everyone')}</option>
              {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
        </div>
        <Field id="cert-how" label={t('certification.howText')} error={err('howText')} hint={t('certification.howTextHint')}>
          <textarea {...describedBy('cert-how', err('howText'), t('certification.howTextHint'))} rows={2} maxLength={200} value={d.howText} onInput={set('howText')} />
        </Field>
        <Field id="cert-elsewhere" label={t('certification.elsewhereText')} error={err('elsewhereText')}>
          <textarea {...describedBy('cert-elsewhere', err('elsewhereText'))} rows={2} maxLength={200} value={d.elsewhereText} onInput={set('elsewhereText')} />
        </Field>
        <button type="submit" disabled={busy}>{t('certification.openSubmit')}</button>
      </form>
    </Section>
  );
}

/** A volunteer's list: paired retirees who cannot go out and wait to be certified at home; done from the phone. */
function HomeVisits() {
  const list = useLoad(() => api<CertificationVisitView[]>('/api/certification/visits'), []);
  const [error, setError] = useState<ApiError | null>(null);
  async function done(v: CertificationVisitView) {
    try {
      await request(`/api/retirees/${encodeURIComponent(v.retireeId)}/certification/visit`, { method: 'POST', body: { campaignId: v.campaignId } });
      setError(null);
      await list.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <div class="certification">
      <h1>{t('certification.visitsTitle')}</h1>
      <p class="muted">{t('certification.visitsNote')}</p>
      <LoadError error={list.error ?? error ?? undefined} />
      {list.data?.length === 0 && <p>{t('certification.noVisits')}</p>}
      <ul class="cards">
        {list.data?.map((v) => (
          <li key={`${v.campaignId}-${v.retireeId}`} class="card">
            <a href={`/app/retirees/${encodeURIComponent(v.retireeId)}`}>{v.name}</a> · <Tel phone={v.mobile} />
            <p class="muted">{t('certification.campaignName', { year: v.year, deadline: formatDay(v.deadline) })} · {daysLeftText(v.daysLeft)}</p>
            <button type="button" onClick={() => done(v)}>{t('certification.visitDone')}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
