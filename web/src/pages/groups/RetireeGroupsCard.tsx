import { api } from '../../api';
import { label, LoadError, Section } from '../../components/ui';
import { formatDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { RetireeGroupView } from '../../types';
import { roleWord } from './GroupDetail';

/** A retiree's groups (党支部, classes, interest groups), their role and the meetings of this year they came to. Staff open the group. */
export function RetireeGroupsCard({ id, staff }: { id: string; staff: boolean }) {
  const groups = useLoad(() => api<RetireeGroupView[]>(`/api/retirees/${encodeURIComponent(id)}/groups`), [id]);
  return (
    <Section title={t('groups.ofRetiree')} id="sec-groups">
      <LoadError error={groups.error} />
      {groups.data?.length === 0 && <p class="muted">{t('groups.inNone')}</p>}
      {groups.data && groups.data.length > 0 && (
        <ul class="retiree-groups">
          {groups.data.map((g) => (
            <li key={g.groupId}>
              {staff ? <a href={`/app/groups/${encodeURIComponent(g.groupId)}`}>{g.name}</a> : g.name}
              {' '}<span class="badge">{label('groupType', g.type)}</span>{' '}{roleWord(g, g.role)}
              {' · '}{t('groups.cameThisYear', { n: g.attendedThisYear })}{g.lastAttended ? ` · ${t('groups.lastCame', { day: formatDay(g.lastAttended) })}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
