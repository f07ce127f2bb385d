import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section } from '../components/ui';
import { formatDateTime, formatPhone, formatTime } from '../format';
import { usePoll, useLoad } from '../hooks';
import { t } from '../i18n';
import { navigate } from '../router';

interface PhoneThread { number: string; messages: number; lastAt: string; lastText: string; reachable: boolean }
interface PhoneLine { id: string; direction: 'out' | 'in'; text: string; at: string; status: 'sent' | 'delivered' | 'failed' | null; messageId: string | null }
interface PhoneView { number: string; reachable: boolean; lines: PhoneLine[] }

/** Development only: every number the app texted, as a phone; replies go through the real inbound path. */
export function DevPhone({ number }: { number?: string }) {
  const threads = useLoad(() => api<PhoneThread[]>('/api/dev/phone'), []);
  const [open, setOpen] = useState('');
  usePoll(() => void threads.reload(), 3000);

  return (
    <div>
      <h1>{t('devPhone')}</h1>
      <p class="muted">{t('dev.hint')}</p>
      <div class="phone-layout">
        <Section title={t('dev.threads')} id="threads">
          <LoadError error={threads.error} />
          {threads.data?.length === 0 && <p class="muted">{t('dev.noThreads')}</p>}
          <ul class="threads">
            {threads.data?.map((th) => (
              <li key={th.number}>
                <a href={`/app/dev/phone/${encodeURIComponent(th.number)}`} aria-current={number && (th.number === number || th.number.endsWith(number)) ? 'true' : undefined}>
                  <strong>{formatPhone(th.number)}</strong> <span class="muted">({th.messages}) {formatTime(th.lastAt)}</span>
                  <span class="last">{th.lastText}</span>
                </a>
              </li>
            ))}
          </ul>
          <form class="row" onSubmit={(e) => { e.preventDefault(); if (open.trim()) navigate(`/dev/phone/${encodeURIComponent(open.trim())}`); }}>
            <Field id="dev-open" label={t('dev.openNumber')}>
              <input id="dev-open" type="tel" value={open} onInput={(e) => setOpen(e.currentTarget.value)} />
            </Field>
            <button type="submit">{t('dev.open')}</button>
          </form>
          <ClockControl />
        </Section>
        {number && <Thread key={number} number={number} />}
      </div>
    </div>
  );
}

function Thread({ number }: { number: string }) {
  const path = `/api/dev/phone/${encodeURIComponent(number)}`;
  const phone = useLoad(() => api<PhoneView>(path), [number]);
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState('');
  usePoll(() => void phone.reload(), 2000);

  async function reply(e: Event) {
    e.preventDefault();
    try {
      const res = await api<{ outcome: string | null; phone: PhoneView }>(`${path}/reply`, { method: 'POST', body: { text } });
      phone.setData(res.phone);
      // Null: the reply is still on the sms-events queue; the thread's poll shows it once handled.
      setOutcome(res.outcome ? label('inboundOutcome', res.outcome) : t('dev.queued'));
      setText('');
      setError(null);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  async function reachable(value: boolean) {
    await api(path, { method: 'PUT', body: { reachable: value } });
    await phone.reload();
  }

  return (
    <Section title={t('dev.phoneOf', { number: formatPhone(number) })} id="thread">
      <LoadError error={phone.error} />
      {phone.data && (
        <>
          <div class="check">
            <input id="dev-reachable" type="checkbox" checked={phone.data.reachable} onChange={(e) => void reachable(e.currentTarget.checked)} />
            <label for="dev-reachable">{t('dev.reachable')}</label>
          </div>
          <ol class="sms-thread" aria-live="polite">
            {phone.data.lines.map((l) => (
              <li key={l.id} class={`sms ${l.direction}`}>
                <span class="visually-hidden">{l.direction === 'in' ? t('dev.sentByPhone') : t('dev.received')}: </span>
                <p>{l.text}</p>
                <time dateTime={l.at}>{formatDateTime(l.at)}{l.status ? ` · ${t(`dev.status.${l.status}` as never)}` : ''}</time>
              </li>
            ))}
          </ol>
          {phone.data.lines.length === 0 && <p class="muted">{t('dev.empty')}</p>}
        </>
      )}
      <form onSubmit={reply} noValidate>
        <Field id="dev-reply" label={t('dev.reply')} error={error?.field('text') ?? (error && !error.field('text') ? error.title : undefined)}>
          <input {...describedBy('dev-reply', error?.field('text'))} value={text} onInput={(e) => setText(e.currentTarget.value)} autocomplete="off" />
        </Field>
        <button type="submit" class="primary">{t('dev.send')}</button>
        {outcome && <p role="status">{t('dev.outcome', { outcome })}</p>}
      </form>
    </Section>
  );
}

/** The development clock: lets a coordinator see a missed check-in escalate without waiting. */
function ClockControl() {
  const [minutes, setMinutes] = useState('60');
  const [result, setResult] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function advance(e: Event) {
    e.preventDefault();
    try {
      const r = await api<{ localNow: string; sweep: string }>('/api/dev/clock/advance', { method: 'POST', body: { minutes: Number(minutes) } });
      setResult(`${formatDateTime(r.localNow)} — ${r.sweep}`);
      setError(null);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <form class="clock" onSubmit={advance} noValidate>
      <h3>{t('today.advanceClock')}</h3>
      <Field id="dev-minutes" label={t('today.minutes')} error={error?.field('minutes')}>
        <input {...describedBy('dev-minutes', error?.field('minutes'))} type="number" min="1" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
      </Field>
      <button type="submit">{t('today.advance')}</button>
      {result && <p role="status" class="muted">{result}</p>}
    </form>
  );
}
