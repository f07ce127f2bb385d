import { useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { label, LoadError, Section } from '../../components/ui';
import { formatDateTime, formatDay } from '../../format';
import type { Loaded } from '../../hooks';
import { t } from '../../i18n';
import { daysLeftText } from './Certification';
import type { CertificationLine, RetireeCertificationView } from './certificationTypes';

/** A timeline line of certification in the reader's words (certification.line.*). */
export function certificationLineText(year: number, l: CertificationLine): string {
  const a = l.args ?? {};
  const key = `certification.line.${l.code}` as Parameters<typeof t>[0];
  const text = t(key, { year, state: label('certificationState', a.state), how: label('certifiedHow', a.how), round: a.round ?? '', by: l.by });
  return text === key ? l.code : text;
}

/**
 * 养老金资格认证 on the retiree's page: this year's state (and earlier years'); whoever may see the retiree — a paired
 * volunteer too — marks a home visit done here, which the office sees at once.
 */
export function RetireeCertificationCard({ retireeId, list }: { retireeId: string; list: Loaded<RetireeCertificationView[]> }) {
  const [error, setError] = useState<ApiError | null>(null);
  if (list.error) return <LoadError error={list.error} />;
  if (!list.data || list.data.length === 0) return null;
  async function visited(campaignId: string) {
    try {
      await request(`/api/retirees/${encodeURIComponent(retireeId)}/certification/visit`, { method: 'POST', body: { campaignId } });
      setError(null);
      await list.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('certification.card')} id="sec-certification">
      {error && <p class="error" role="alert">{error.title}</p>}
      <ul>
        {list.data.map((c) => (
          <li key={c.campaignId}>
            {t('certification.campaignName', { year: c.year, deadline: formatDay(c.deadline) })}: <strong>{label('certificationState', c.state)}</strong>
            {c.how ? ` · ${label('certifiedHow', c.how)}` : ''}{c.doneAt ? ` · ${formatDateTime(c.doneAt)}` : ` · ${daysLeftText(c.daysLeft)}`}
            {c.state === 'homeVisit' && <> <button type="button" onClick={() => visited(c.campaignId)}>{t('certification.visitDone')}</button></>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
