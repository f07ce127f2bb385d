import { api, query } from '../../api';
import { LoadError, Section } from '../../components/ui';
import { formatDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { daysLeftText } from './Certification';
import type { CampaignView } from './certificationTypes';

/** Reports: the year's certification campaigns, certified and still missing against each deadline. */
export function CertificationReport({ year }: { year: string }) {
  const list = useLoad(() => api<CampaignView[]>(`/api/certification${query({ year })}`), [year]);
  return (
    <Section title={t('reports.certification', { year })} id="rep-certification">
      <LoadError error={list.error} />
      {list.data?.length === 0 && <p>{t('certification.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('certification.deadline')}</th><th scope="col">{t('certification.daysLeft')}</th><th scope="col">{t('certification.total')}</th>
              <th scope="col">{t('certification.done')}</th><th scope="col">{t('certification.missing')}</th><th scope="col">{t('reports.certifiedShare')}</th>
            </tr></thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td><a href={`/app/certification/${encodeURIComponent(c.id)}`}>{formatDay(c.deadline)}</a></td><td>{daysLeftText(c.daysLeft)}</td>
                  <td class="num">{c.total}</td><td class="num">{c.done}</td><td class="num">{c.missing}</td>
                  <td class="num">{c.total === 0 ? '—' : `${Math.round((100 * c.done) / c.total)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
