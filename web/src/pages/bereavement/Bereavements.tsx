import { api } from '../../api';
import { label, LoadError, Section } from '../../components/ui';
import { formatDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { BereavementSummary } from '../../types';

/** 丧事: the open checklists, those with overdue items first; each opens the retiree's page, where the work is done. */
export function Bereavements() {
  const list = useLoad(() => api<BereavementSummary[]>('/api/bereavements'), []);
  return (
    <div>
      <h1>{t('bereavement.listTitle')}</h1>
      <Section title={t('bereavement.open')} id="bereavements-open">
        <p class="muted">{t('bereavement.listNote')}</p>
        <LoadError error={list.error} />
        {list.data?.length === 0 && <p>{t('bereavement.none')}</p>}
        {list.data && list.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('bereavement.open')}</caption>
              <thead><tr>
                <th scope="col">{t('bereavement.name')}</th><th scope="col">{t('bereavement.diedOn')}</th><th scope="col">{t('bereavement.openItems')}</th>
                <th scope="col">{t('bereavement.overdueItems')}</th><th scope="col">{t('bereavement.nextDue')}</th>
              </tr></thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.retireeId} class={s.overdue.length > 0 ? 'overdue' : undefined}>
                    <td><a href={`/app/retirees/${encodeURIComponent(s.retireeId)}#sec-bereavement`}>{s.name}</a></td>
                    <td>{formatDay(s.diedOn)}</td>
                    <td class="num">{s.open}</td>
                    <td>{s.overdue.length === 0 ? '—' : s.overdue.map((i) => `${label('checklistItem', i.kind)} (${formatDay(i.due)}${i.assigneeName ? ` · ${i.assigneeName}` : ''})`).join('、')}</td>
                    <td>{s.nextDue ? formatDay(s.nextDue) : '—'}</td>
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
