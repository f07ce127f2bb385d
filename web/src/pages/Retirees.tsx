import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { Field } from '../components/Field';
import { label, LoadError, Tel, TierBadge } from '../components/ui';
import { useLoad } from '../hooks';
import { t } from '../i18n';
import { navigate, useLocation } from '../router';
import { isStaff, type Me } from '../session';
import type { AgeBand, Area, GroupView, RetireePage, RetireeStatus, RiskTier } from '../types';
import { allMatching, RetireeBatch } from './RetireeBatch';

export const tiers: RiskTier[] = ['critical', 'high', 'elevated', 'standard'];
export const ageBands: AgeBand[] = ['under70', 'from70', 'from80', 'from85', 'from90'];
export const statuses: RetireeStatus[] = ['active', 'hospitalised', 'away', 'deceased', 'archived'];
const PAGE_SIZE = 50;
const filterKeys = ['q', 'tier', 'status', 'ageBand', 'area', 'livesAlone', 'livesElsewhere', 'unit', 'branch', 'city', 'groupId'] as const;

/** The registry, one server page at a time; the filters live in the URL so back and reload keep them. */
export function Retirees({ me }: { me: Me }) {
  const { search } = useLocation();
  const filters = Object.fromEntries(filterKeys.map((k) => [k, search.get(k) ?? ''])) as Record<(typeof filterKeys)[number], string>;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const key = search.toString();
  const list = useLoad(() => api<RetireePage>(`/api/retirees${query({ ...filters, page, pageSize: PAGE_SIZE })}`), [key]);
  const areas = useLoad(() => (isStaff(me) ? api<Area[]>('/api/areas') : Promise.resolve([] as Area[])), [me.role]);
  const groups = useLoad(() => (isStaff(me) ? api<GroupView[]>('/api/groups') : Promise.resolve([] as GroupView[])), [me.role]);
  const [draft, setDraft] = useState(filters);
  // Ticked rows (kept across pages) for batch work; names say in a row's error whom it is about.
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const tick = (id: string, name: string, on: boolean) => { const next = new Map(selected); if (on) next.set(id, name); else next.delete(id); setSelected(next); };
  const tickAll = async () => {
    const next = new Map(selected);
    for (const [id, name] of await allMatching(filters)) next.set(id, name);
    setSelected(next);
  };

  const go = (next: Record<string, string | number>) => navigate(`/retirees${query(next)}`);
  const set = (k: keyof typeof filters) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <div>
      <div class="row">
        <h1>{t('retirees.title')}</h1>
        {isStaff(me) && <a class="button primary" href="/app/retirees/new">{t('retirees.new')}</a>}
        {isStaff(me) && <a class="button" href={`/api/retirees/export${query(filters)}`} download>{t('exportCsv')}</a>}
        {/* Staff print for a chosen list, never the whole registry by accident; a volunteer's all is their own few. */}
        {(!isStaff(me) || Object.values(filters).some((v) => v !== '')) && <a class="button" href={`/app/print/cards${query(filters)}`}>{t('print.cardsLink')}</a>}
        {(!isStaff(me) || filters.area !== '') && <a class="button" href={`/app/print/route${query(filters)}`}>{t('print.routeLink')}</a>}
      </div>
      {/* On a phone the filters start folded so the list is on the first screen. */}
      <details class="filter-box" open={typeof matchMedia === 'undefined' || matchMedia('(min-width: 48rem)').matches || Boolean(key.replace(/(^|&)page=\d+/, ''))}>
      <summary>{t('retirees.filters')}</summary>
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); go({ ...draft }); }}>
        <Field id="f-q" label={t('search')}>
          <input id="f-q" type="search" placeholder={t('retirees.search')} value={draft.q} onInput={set('q')} />
        </Field>
        <Field id="f-tier" label={t('retirees.tier')}>
          <select id="f-tier" value={draft.tier} onChange={set('tier')}>
            <option value="">{t('any')}</option>
            {tiers.map((v) => <option key={v} value={v}>{label('tier', v)}</option>)}
          </select>
        </Field>
        <Field id="f-ageBand" label={t('retirees.ageBand')}>
          <select id="f-ageBand" value={draft.ageBand} onChange={set('ageBand')}>
            <option value="">{t('any')}</option>
            {ageBands.map((v) => <option key={v} value={v}>{label('ageBand', v)}</option>)}
          </select>
        </Field>
        <Field id="f-status" label={t('status')}>
          <select id="f-status" value={draft.status} onChange={set('status')}>
            <option value="">{t('any')}</option>
            {statuses.map((v) => <option key={v} value={v}>{label('retireeStatus', v)}</option>)}
          </select>
        </Field>
        {(areas.data?.length ?? 0) > 0 && (
          <Field id="f-area" label={t('retirees.area')}>
            <select id="f-area" value={draft.area} onChange={set('area')}>
              <option value="">{t('any')}</option>
              {areas.data!.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </Field>
        )}
        {(groups.data?.length ?? 0) > 0 && (
          <Field id="f-group" label={t('groups.filter')}>
            <select id="f-group" value={draft.groupId} onChange={set('groupId')}>
              <option value="">{t('any')}</option>
              {groups.data!.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </Field>
        )}
        <Field id="f-alone" label={t('retirees.livesAlone')}>
          <select id="f-alone" value={draft.livesAlone} onChange={set('livesAlone')}>
            <option value="">{t('any')}</option><option value="true">{t('yes')}</option><option value="false">{t('no')}</option>
          </select>
        </Field>
        <Field id="f-elsewhere" label={t('retirees.livesElsewhere')}>
          <select id="f-elsewhere" value={draft.livesElsewhere} onChange={set('livesElsewhere')}>
            <option value="">{t('any')}</option><option value="true">{t('yes')}</option><option value="false">{t('no')}</option>
          </select>
        </Field>
        <Field id="f-city" label={t('retirees.city')}>
          <input id="f-city" value={draft.city} onInput={set('city')} size={10} />
        </Field>
        <Field id="f-branch" label={t('retirees.branch')}>
          <input id="f-branch" value={draft.branch} onInput={set('branch')} size={10} />
        </Field>
        <div class="actions">
          <button type="submit" class="primary">{t('apply')}</button>
          <button type="button" onClick={() => { setDraft(Object.fromEntries(filterKeys.map((k) => [k, ''])) as typeof filters); go({}); }}>{t('clear')}</button>
        </div>
      </form>
      </details>
      <LoadError error={list.error} />
      {isStaff(me) && list.data && list.data.total > 0 && (
        <div class="row batch-select">
          <button type="button" onClick={() => void tickAll()}>{t('batch.selectAll', { n: list.data.total })}</button>
          {selected.size > 0 && <button type="button" onClick={() => setSelected(new Map())}>{t('batch.clearSelection')}</button>}
          <span role="status">{t('batch.selected', { n: selected.size })}</span>
        </div>
      )}
      {isStaff(me) && selected.size > 0 && <RetireeBatch ids={[...selected.keys()]} names={selected} onDone={() => void list.reload()} />}
      {list.data && (
        <>
          <div class="table-wrap">
            <table aria-busy={list.loading}>
              <caption class="visually-hidden">{t('retirees.listCaption')}</caption>
              <thead>
                <tr>{isStaff(me) && <th scope="col"><span class="visually-hidden">{t('batch.tick')}</span></th>}<th scope="col">{t('name')}</th><th scope="col">{t('retirees.tier')}</th><th scope="col">{t('retirees.age')}</th><th scope="col">{t('retirees.mobile')}</th><th scope="col">{t('status')}</th><th scope="col">{t('retirees.unit')}</th><th scope="col">{t('retirees.area')}</th></tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    {isStaff(me) && <td><input type="checkbox" aria-label={t('batch.tickOne', { name: r.name })} checked={selected.has(r.id)} onChange={(e) => tick(r.id, r.name, e.currentTarget.checked)} /></td>}
                    <td><a href={`/app/retirees/${encodeURIComponent(r.id)}`}>{r.name}</a>{r.livesAlone && <span class="muted"> · {t('living.alone')}</span>}</td>
                    <td><TierBadge tier={r.tier} /></td>
                    <td>{r.age}</td>
                    <td><Tel phone={r.mobile} /></td>
                    <td>{label('retireeStatus', r.status)}</td>
                    <td>{r.unit}</td>
                    <td>{areas.data?.find((a) => a.id === r.area)?.name ?? r.area}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data.items.length === 0 && <p>{t('retirees.empty')}</p>}
          <nav class="pager row" aria-label={t('pageOf', { page, pages, total: list.data.total })}>
            <button type="button" disabled={page <= 1} onClick={() => go({ ...filters, page: page - 1 })}>{t('previous')}</button>
            <span>{t('pageOf', { page, pages, total: list.data.total })}</span>
            <button type="button" disabled={page >= pages} onClick={() => go({ ...filters, page: page + 1 })}>{t('next')}</button>
          </nav>
        </>
      )}
    </div>
  );
}
