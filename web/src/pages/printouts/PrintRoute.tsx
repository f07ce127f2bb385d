// A visit route list: the retirees of an area or a volunteer, sorted by address as a walk goes. A volunteer's own
// route needs no choice (the server gives only their paired retirees).
import { useState } from 'preact/hooks';
import { api, query } from '../../api';
import { LoadError } from '../../components/ui';
import { formatPhone } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { Area, Person } from '../../types';
import { PrintBar } from './PrintBar';

interface Stop { retireeId: string; name: string; address?: string | null; area?: string | null; mobile: string; landline?: string | null; notes?: string | null }

export function PrintRoute({ staff }: { staff: boolean }) {
  const { search } = useLocation();
  const area = search.get('area') ?? '';
  const volunteerId = search.get('volunteerId') ?? '';
  const key = search.toString();
  const chosen = !staff || area !== '' || volunteerId !== '';
  const route = useLoad(async () => (chosen ? api<{ stops: Stop[] }>(`/api/printouts/route?${key}`) : undefined), [key]);
  const areas = useLoad(async () => (staff ? api<Area[]>('/api/areas') : []), [staff]);
  const people = useLoad(async () => (staff ? api<Person[]>('/api/people') : []), [staff]);
  const [draft, setDraft] = useState({ area, volunteerId });
  const volunteer = people.data?.find((p) => p.id === volunteerId);

  return (
    <div>
      <PrintBar title={t('print.routeTitle')} />
      {staff && (
        <form class="filters no-print" onSubmit={(e) => { e.preventDefault(); navigate(`/print/route${query(draft)}`, true); }}>
          <label>{t('print.area')}
            <select value={draft.area} onChange={(e) => setDraft({ ...draft, area: e.currentTarget.value })}>
              <option value="">—</option>
              {areas.data?.map((a) => <option key={a.id} value={a.name}>{a.name}</option>)}
            </select>
          </label>
          <label>{t('print.volunteer')}
            <select value={draft.volunteerId} onChange={(e) => setDraft({ ...draft, volunteerId: e.currentTarget.value })}>
              <option value="">—</option>
              {people.data?.filter((p) => p.role === 'volunteer').map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <button type="submit">{t('print.show')}</button>
        </form>
      )}
      <LoadError error={route.error} />
      {!chosen && <p class="muted">{t('print.chooseRoute')}</p>}
      {route.data && (
        <>
          <p class="print-subtitle">{[area, volunteer?.name].filter(Boolean).join(' · ')} {t('print.routeCount', { n: route.data.stops.length })}</p>
          <table class="print-table">
            <thead><tr><th>{t('print.no')}</th><th>{t('print.name')}</th><th>{t('print.address')}</th><th>{t('print.phone')}</th><th>{t('print.notes')}</th><th>{t('print.visited')}</th></tr></thead>
            <tbody>
              {route.data.stops.map((s, i) => (
                <tr key={s.retireeId}>
                  <td>{i + 1}</td><td>{s.name}</td><td>{s.address ?? '—'}</td>
                  <td>{formatPhone(s.mobile)}{s.landline && <><br />{formatPhone(s.landline)}</>}</td>
                  <td>{s.notes ?? ''}</td><td />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
