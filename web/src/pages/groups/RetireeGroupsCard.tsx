import { label, LoadError, Section } from '../../components/ui';
import { formatDay } from '../../format';
import type { Loaded } from '../../hooks';
import { t } from '../../i18n';
import type { RetireeGroupView } from '../../types';
import { roleWord } from './GroupDetail';

/** A retiree's groups (党支部, classes, interest groups), their role and the meetings of this year they came to. Staff open the group. */
export function RetireeGroupsCard({ groups, staff }: { groups: Loaded<RetireeGroupView[]>; staff: boolean }) {
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
