import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Section, Tel } from '../components/ui';
import { formatTime } from '../format';
import { t } from '../i18n';
import type { CheckIn } from '../types';

type Outcome = 'reachedWell' | 'unwell' | 'help' | 'notReached';
const outcomes: Outcome[] = ['reachedWell', 'unwell', 'help', 'notReached'];

/** The call tasks among a day's check-ins: on the call channel and not yet recorded (the printed call list too). */
export const callTasks = (checkIns: CheckIn[]) => checkIns.filter((c) => c.channel === 'call' && c.status === 'sent');

/**
 * Today's call tasks (check-ins on the call channel not yet recorded), laid out for a phone: who to call, the
 * number as a tap-to-call link, and one tap for the outcome. Volunteers see only their own retirees' tasks.
 */
export function CallTasks({ checkIns, onChanged }: { checkIns: CheckIn[]; onChanged: () => Promise<void> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tasks = callTasks(checkIns);
  if (checkIns.every((c) => c.channel !== 'call')) return null;

  async function record(c: CheckIn, outcome: Outcome) {
    setBusy(c.id);
    setError(null);
    try {
      await api(`/api/checkins/${encodeURIComponent(c.id)}/call`, { method: 'POST', body: { outcome } });
      await onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e.title : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Section title={t('calls.title')} id="calls">
      {error && <p class="error" role="alert">{error}</p>}
      {tasks.length === 0 ? <p class="muted">{t('calls.none')}</p> : <p><a class="button" href="/app/print/calls">{t('print.callsLink')}</a></p>}
      <ul class="to-read">
        {tasks.map((c) => (
          <li key={c.id} class="card call-task" aria-labelledby={`call-${c.id}`}>
            <p id={`call-${c.id}`}>
              <a href={`/app/retirees/${encodeURIComponent(c.retireeId)}`}>{c.retireeName}</a>{' '}
              {c.mobile && <Tel phone={c.mobile} />}
            </p>
            <p class="muted">{t('calls.detail', { until: formatTime(c.windowEndsAt), caller: c.callerName ?? '—', code: c.callCode ?? '' })}</p>
            <div class="actions" role="group" aria-label={t('calls.outcome')}>
              {outcomes.map((o) => (
                <button key={o} type="button" class={o === 'help' ? 'danger' : o === 'reachedWell' ? 'primary' : ''} disabled={busy === c.id} onClick={() => void record(c, o)}>
                  {t(`calls.${o}`)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
