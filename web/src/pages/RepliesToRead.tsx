import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Section } from '../components/ui';
import { formatPhone, formatTime } from '../format';
import type { Loaded } from '../hooks';
import { t } from '../i18n';
import type { InboxItem } from '../types';

type Answer = 'well' | 'unwell' | 'help';
const answers: Answer[] = ['well', 'unwell', 'help'];

/**
 * Replies that answered a check-in in words nobody could grade: the check-in already counts as answered (no
 * escalation); a coordinator reads the words and says what they meant. Unwell and help then take their usual paths.
 */
export function RepliesToRead({ inbox }: { inbox: Loaded<InboxItem[] | undefined> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (inbox.error || !inbox.data) return null;
  const items = inbox.data.filter((m) => m.flag === 'toRead');

  async function mark(item: InboxItem, answer: Answer) {
    setBusy(item.id);
    setError(null);
    try {
      await api(`/api/messages/inbox/${encodeURIComponent(item.id)}/answer`, { method: 'POST', body: { answer } });
      await inbox.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.title : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Section title={t('toRead.title')} id="replies-to-read">
      <p class="muted">{t('toRead.hint')}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {items.length === 0 && <p class="muted">{t('toRead.empty')}</p>}
      <ul class="to-read">
        {items.map((m) => (
          <li key={m.id} class="card" aria-labelledby={`read-${m.id}`}>
            <p id={`read-${m.id}`}>
              {m.retireeId ? <a href={`/app/retirees/${encodeURIComponent(m.retireeId)}`}>{m.retireeName}</a> : <strong>{formatPhone(m.from)}</strong>}{' '}
              <span class="muted">{formatTime(m.receivedAt)}</span>
            </p>
            <blockquote class="reply-text">{m.text.trim() === '' ? t('toRead.emptyText') : m.text}</blockquote>
            <div class="actions" role="group" aria-label={t('toRead.markAs')}>
              {answers.map((a) => (
                <button key={a} type="button" class={a === 'help' ? 'danger' : a === 'well' ? 'primary' : ''} disabled={busy === m.id} onClick={() => void mark(m, a)}>
                  {t(`toRead.${a}`)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
