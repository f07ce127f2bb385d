import { Section } from '../../components/ui';
import { formatPhone, formatTime } from '../../format';
import type { Loaded } from '../../hooks';
import { t } from '../../i18n';
import type { InboxItem } from '../../types';

/** Today's short view of the inbox: replies nobody has handled yet, urgent ones first. */
export function InboxWaiting({ inbox }: { inbox: Loaded<InboxItem[] | undefined> }) {
  // Before the messages API exists (404) the section stays hidden rather than showing an error.
  if (inbox.error || !inbox.data) return null;
  // Replies to read have their own section (RepliesToRead).
  const items = inbox.data.filter((m) => m.flag !== 'toRead').sort((a, b) => Number(b.flag === 'urgent') - Number(a.flag === 'urgent'));
  return (
    <Section title={t('today.inbox')} id="inbox-waiting">
      {items.length === 0 && <p class="muted">{t('today.inboxEmpty')}</p>}
      <ul>
        {items.slice(0, 10).map((m) => (
          <li key={m.id}>
            {m.flag === 'urgent' && <span class="badge level-high">{t('messages.urgent')}</span>}{' '}
            <strong>{m.retireeName ?? m.personName ?? formatPhone(m.from)}</strong>: {m.text} <span class="muted">{formatTime(m.receivedAt)}</span>
          </li>
        ))}
      </ul>
      {items.length > 0 && <a href="/app/messages">{t('messages.openInbox', { n: items.length })}</a>}
    </Section>
  );
}
