import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { FindRetiree, type RetireeAction } from '../../components/FindRetiree';
import { label, LoadError, Section, Tel } from '../../components/ui';
import { formatDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { GroupView, MemberRole, MemberView } from '../../types';
import { GroupMeetings } from './GroupMeetings';

/** One group: the year's checklist, its members and leaders, the meetings held, and SMS to the group. */
export function GroupDetail({ id }: { id: string }) {
  const enc = encodeURIComponent(id);
  const group = useLoad(() => api<GroupView>(`/api/groups/${enc}`), [id]);
  const members = useLoad(() => api<MemberView[]>(`/api/groups/${enc}/members`), [id]);
  const [error, setError] = useState<ApiError | null>(null);

  if (group.error?.status === 404) return <p role="alert">{t('groups.notFound')}</p>;
  if (group.error) return <LoadError error={group.error} />;
  const g = group.data;
  if (!g) return <p class="loading">{t('loading')}</p>;
  const reload = () => Promise.all([group.reload(), members.reload()]).then(() => undefined);

  async function change(path: string, method: 'PUT' | 'DELETE', body?: unknown, confirmText?: string) {
    if (confirmText && !confirm(confirmText)) return;
    setError(null);
    try {
      await api(`/api/groups/${enc}/members/${path}`, { method, body });
      await reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  return (
    <div>
      <div class="row">
        <h1>{g.name}</h1>
        <span class="badge">{label('groupType', g.type)}</span>
        {g.full && <span class="badge">{t('groups.full')}</span>}
      </div>
      {g.note && <p>{g.note}</p>}
      {g.type === 'class' && <p>{t('groups.termLine', { term: g.term ?? '', start: g.termStart ? formatDay(g.termStart) : '—', end: g.termEnd ? formatDay(g.termEnd) : '—', members: g.members, capacity: g.capacity ?? 0 })}</p>}
      <div class="actions">
        <a class="button primary" href={`/app/messages/broadcasts/new${query({ groupId: id })}`}>{t('groups.sendSms')}</a>
        <a class="button" href={`/app/retirees${query({ groupId: id })}`}>{t('groups.inRegistry')}</a>
      </div>
      <p class="muted">{t('groups.smsNote')}</p>
      {error && <p class="error" role="alert">{error.detail ? `${error.title} ${error.detail}` : error.title}</p>}
      <Section title={t('groups.membersTitle', { n: g.members })} id="group-members">
        <LoadError error={members.error} />
        {members.data?.length === 0 && <p>{t('groups.noMembers')}</p>}
        {members.data && members.data.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('groups.membersTitle', { n: g.members })}</caption>
              <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('retirees.unit')}</th><th scope="col">{t('retirees.mobile')}</th><th scope="col">{t('groups.role')}</th><th scope="col">{t('status')}</th><th scope="col"><span class="visually-hidden">{t('groups.actions')}</span></th></tr></thead>
              <tbody>
                {members.data.map((m) => (
                  <tr key={m.retireeId}>
                    <td><a href={`/app/retirees/${encodeURIComponent(m.retireeId)}`}>{m.name}</a></td>
                    <td>{m.unit}</td>
                    <td><Tel phone={m.mobile} /></td>
                    <td>{roleWord(g, m.role)}</td>
                    <td>{m.status === 'active' ? '' : label('retireeStatus', m.status)}</td>
                    <td>
                      <button type="button" onClick={() => void change(encodeURIComponent(m.retireeId), 'PUT', { role: m.role === 'leader' ? 'member' : 'leader' })}>
                        {m.role === 'leader' ? t('groups.makeMember') : t('groups.makeLeader')}
                      </button>{' '}
                      <button type="button" onClick={() => void change(encodeURIComponent(m.retireeId), 'DELETE', undefined, t('groups.confirmRemove', { name: m.name }))}>{t('groups.remove')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <AddMember groupId={id} full={g.full} onDone={reload} />
      </Section>
      <GroupMeetings group={g} members={members.data ?? []} onChange={() => group.reload()} />
    </div>
  );
}

/** 书记 for a branch, 班长 for a class, 组长 for an interest group. */
export function roleWord(g: { type: string }, role: MemberRole): string {
  return role === 'leader' ? label('groupLeader', g.type) : t('groups.member');
}

/** Find a retiree by name or phone and add them, as a member or a leader. */
function AddMember({ groupId, full, onDone }: { groupId: string; full: boolean; onDone: () => Promise<void> }) {
  const add = (role: MemberRole): RetireeAction => ({
    label: t(role === 'leader' ? 'groups.addAsLeader' : 'groups.addAsMember'),
    run: async (r) => {
      await api(`/api/groups/${encodeURIComponent(groupId)}/members`, { method: 'POST', body: { retireeId: r.id, role } });
      await onDone();
      return t('groups.added', { name: r.name });
    },
  });
  return (
    <div class="add-member">
      <h3>{t('groups.addMember')}</h3>
      {full && <p class="muted">{t('groups.fullNote')}</p>}
      <FindRetiree id="gr-find" actions={[add('member'), add('leader')]} />
    </div>
  );
}
