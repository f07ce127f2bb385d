import { api } from '../../api';
import { label, LoadError, Section } from '../../components/ui';
import { downloadCsv } from '../../csv';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { GroupView } from '../../types';
import { groupTypes } from './Groups';

/** Reports: this year's groups by type — how many, their members, meetings held, and a branch's required meetings held against required. */
export function GroupReport() {
  const rows = useLoad(async () => {
    const list = await api<GroupView[]>('/api/groups');
    return groupTypes.map((type) => {
      const of = list.filter((g) => g.type === type);
      const sum = (f: (g: GroupView) => number) => of.reduce((n, g) => n + f(g), 0);
      return { type, groups: of.length, members: sum((g) => g.members), held: sum((g) => g.meetingsHeld), towards: sum((g) => g.heldTowardsRequired), required: sum((g) => g.meetingsRequired),
        behind: of.filter((g) => g.heldTowardsRequired < g.meetingsRequired).length };
    }).filter((r) => r.groups > 0);
  }, []);
  const head = [t('groups.type'), t('reports.groupsCount'), t('groups.members'), t('reports.meetingsHeld'), t('reports.requiredHeld'), t('reports.branchesBehind')];
  const line = (r: NonNullable<typeof rows.data>[number]) => [label('groupType', r.type), r.groups, r.members, r.held, r.required > 0 ? `${r.towards} / ${r.required}` : '—', r.required > 0 ? r.behind : '—'];
  return (
    <Section title={t('reports.groups')} id="rep-groups">
      <p class="muted">{t('reports.groupsNote')}</p>
      <LoadError error={rows.error} />
      {rows.data && rows.data.length === 0 && <p>{t('groups.none')}</p>}
      {rows.data && rows.data.length > 0 && (
        <>
          <div class="table-wrap">
            <table>
              <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
              <tbody>{rows.data.map((r) => { const [first, ...rest] = line(r); return <tr key={r.type}><th scope="row">{first}</th>{rest.map((v, i) => <td key={i} class="num">{v}</td>)}</tr>; })}</tbody>
            </table>
          </div>
          <button type="button" onClick={() => downloadCsv('groups.csv', [head, ...rows.data!.map(line)])}>{t('exportCsv')}</button>
        </>
      )}
    </Section>
  );
}
