// Resolving many incidents at once, e.g. after a mass check-in: tick them, one outcome and note for all (issue 14).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Field } from '../components/Field';
import { label } from '../components/ui';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import type { IncidentDetail, IncidentOutcome } from '../types';

type IncidentRow = Pick<IncidentDetail, 'id' | 'code' | 'retireeName' | 'kind' | 'openedAt'>;

const outcomes: IncidentOutcome[] = ['well', 'reachedByPhone', 'visited', 'hospitalised', 'deceased', 'falseAlarm', 'other'];

/** Today's open incidents (the list Today already loaded, every one of them) with boxes to tick. */
export function IncidentBatch({ incidents, onChanged }: { incidents: IncidentRow[] | undefined; onChanged: () => Promise<void> }) {
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<IncidentOutcome | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const open = incidents ?? [];
  if (open.length < 2) return null;

  const tick = (id: string, on: boolean) => { const next = new Set(ticked); if (on) next.add(id); else next.delete(id); setTicked(next); };
  const resolve = async () => {
    setBusy(true);
    setMessage(undefined);
    const ids = [...ticked];
    try {
      const r = await api<{ resolved: number; alreadyResolved: number }>('/api/incidents/resolve', { method: 'POST', body: { incidentIds: ids, outcome: outcome || null, note } });
      setMessage({ ok: true, text: t('batch.resolved', { resolved: r.resolved, already: r.alreadyResolved }) });
      setTicked(new Set());
      await onChanged();
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, String(e));
      const [field, messages] = Object.entries(err.errors)[0] ?? [];
      const row = field?.match(/^incidentIds\[(\d+)\]$/);
      const who = row ? open.find((i) => i.id === ids[Number(row[1])])?.retireeName : undefined;
      setMessage({ ok: false, text: messages ? who ? `${who}: ${messages[0]}` : messages[0] : err.title });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="incident-batch">
      <summary>{t('batch.resolveMany', { n: open.length })}</summary>
      <div class="row">
        <button type="button" onClick={() => setTicked(new Set(open.map((i) => i.id)))}>{t('batch.selectAll', { n: open.length })}</button>
        <span role="status">{t('batch.selected', { n: ticked.size })}</span>
      </div>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('batch.resolveMany', { n: open.length })}</caption>
          <thead><tr><th scope="col"><span class="visually-hidden">{t('batch.tick')}</span></th><th scope="col">{t('name')}</th><th scope="col">{t('batch.kind')}</th><th scope="col">{t('batch.openedAt')}</th></tr></thead>
          <tbody>
            {open.map((i) => (
              <tr key={i.id}>
                <td><input type="checkbox" aria-label={t('batch.tickOne', { name: i.retireeName })} checked={ticked.has(i.id)} onChange={(e) => tick(i.id, e.currentTarget.checked)} /></td>
                <td>{i.retireeName} <span class="muted">{i.code}</span></td>
                <td>{label('kind', i.kind)}</td>
                <td>{formatDateTime(i.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); void resolve(); }}>
        <Field id="ib-outcome" label={t('today.outcome')}>
          <select id="ib-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as IncidentOutcome)}>
            <option value="">{t('batch.choose')}</option>
            {outcomes.map((o) => <option key={o} value={o}>{label('outcome', o)}</option>)}
          </select>
        </Field>
        <Field id="ib-note" label={t('batch.resolutionNote')}>
          <input id="ib-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </Field>
        <div class="actions"><button type="submit" class="primary" disabled={busy || ticked.size === 0}>{t('batch.resolveButton', { n: ticked.size })}</button></div>
      </form>
      {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </details>
  );
}
