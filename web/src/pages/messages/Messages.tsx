import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section, Tel } from '../../components/ui';
import { formatDateTime, formatPhone } from '../../format';
import { usePoll, useLoad } from '../../hooks';
import { serverText } from '../../serverText';
import { t } from '../../i18n';
import { isStaff, type Me } from '../../session';
import type { InboxItem, SmsMessageView, SmsTemplate } from '../../types';
import { templateInfo } from '../../templates';
import { BroadcastDetail } from './BroadcastDetail';
import { BroadcastForm, Broadcasts } from './Broadcasts';
import { NewTemplate } from './NewTemplate';

const tabs = [
  { path: '/messages', key: 'messages.inbox' },
  { path: '/messages/broadcasts', key: 'messages.broadcasts' },
  { path: '/messages/templates', key: 'messages.templates' },
  { path: '/messages/outbox', key: 'messages.outbox' },
] as const;

/** The inbox, broadcasts, templates and the outbox, as sub-pages under /messages. */
export function Messages({ me, path, params }: { me: Me; path: string; params: Record<string, string> }) {
  const active = tabs.slice().reverse().find((tab) => path.startsWith(tab.path))!.path;
  let page;
  if (path === '/messages') page = <Inbox />;
  else if (path === '/messages/broadcasts') page = <Broadcasts />;
  else if (path === '/messages/broadcasts/new') page = <BroadcastForm />;
  else if (params.id && path.endsWith('/edit')) page = <BroadcastForm id={params.id} />;
  else if (params.id) page = <BroadcastDetail id={params.id} me={me} />;
  else if (path === '/messages/templates') page = <Templates admin={me.role === 'admin'} />;
  else page = <Outbox />;
  return (
    <div>
      <h1>{t('messages.title')}</h1>
      <nav class="tabs" aria-label={t('messages.title')}>
        {tabs.map((tab) => <a key={tab.path} href={`/app${tab.path}`} aria-current={tab.path === active ? 'page' : undefined}>{t(tab.key)}</a>)}
      </nav>
      {isStaff(me) && page}
    </div>
  );
}

function Inbox() {
  const [all, setAll] = useState(false);
  const inbox = useLoad(() => api<InboxItem[]>(`/api/messages/inbox?status=${all ? 'all' : 'open'}&max=200`), [all]);
  usePoll(() => void inbox.reload(), 10_000);
  return (
    <Section title={t('messages.inbox')} id="inbox">
      <div class="check">
        <input id="inbox-all" type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
        <label for="inbox-all">{t('messages.showHandled')}</label>
      </div>
      <LoadError error={inbox.error} />
      {inbox.data?.length === 0 && <p class="muted">{t('today.inboxEmpty')}</p>}
      <ul class="inbox">
        {inbox.data?.map((m) => <InboxEntry key={m.id} item={m} onChanged={inbox.reload} />)}
      </ul>
    </Section>
  );
}

function InboxEntry({ item: m, onChanged }: { item: InboxItem; onChanged: () => Promise<void> }) {
  const [mode, setMode] = useState<'reply' | 'handled' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const base = `/api/messages/inbox/${encodeURIComponent(m.id)}`;
  async function submit(e: Event) {
    e.preventDefault();
    try {
      await api(base + (mode === 'reply' ? '/reply' : '/handled'), { method: 'POST', body: mode === 'reply' ? { text } : { note: text || null } });
      setMode(null);
      setText('');
      setError(null);
      await onChanged();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const who = m.retireeName ?? m.personName;
  const fid = `inbox-${m.id}`;
  return (
    <li class="card">
      <p>
        {m.flag === 'urgent' && <span class="badge level-high">{t('messages.urgent')}</span>}{' '}
        {m.flag === 'optedOut' && <span class="badge level-medium">{t('messages.optedOut')}</span>}{' '}
        {m.retireeId ? <a href={`/app/retirees/${encodeURIComponent(m.retireeId)}`}>{who}</a> : <strong>{who ?? t('messages.unknownSender')}</strong>}{' '}
        <Tel phone={m.from} /> <span class="muted">{formatDateTime(m.receivedAt)}</span>
      </p>
      <blockquote class="sms-text">{m.text}</blockquote>
      {m.handled && <p class="ok">{t('messages.handledBy', { by: m.handledBy ?? '', time: formatDateTime(m.handledAt) })}{m.note ? ` — ${m.note}` : ''}</p>}
      {!m.handled && (
        <div class="actions">
          <button type="button" aria-expanded={mode === 'reply'} onClick={() => setMode(mode === 'reply' ? null : 'reply')}>{t('messages.reply')}</button>
          <button type="button" aria-expanded={mode === 'handled'} onClick={() => setMode(mode === 'handled' ? null : 'handled')}>{t('messages.markHandled')}</button>
        </div>
      )}
      {mode && (
        <form onSubmit={submit} noValidate>
          <Field id={fid} label={mode === 'reply' ? t('messages.replyText') : t('today.note')} error={error?.field(mode === 'reply' ? 'text' : 'note') ?? (error && Object.keys(error.errors).length === 0 ? error.title : undefined)}>
            <textarea {...describedBy(fid, error?.field('text'))} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </Field>
          <button type="submit" class="primary">{mode === 'reply' ? t('messages.sendReply') : t('messages.markHandled')}</button>
        </form>
      )}
    </li>
  );
}

function Templates({ admin }: { admin: boolean }) {
  const templates = useLoad(() => api<SmsTemplate[]>('/api/templates'), []);
  const [editing, setEditing] = useState<SmsTemplate | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    try {
      await api(`/api/templates/${encodeURIComponent(editing!.id)}`, { method: 'PUT', body: { zhCn: editing!.zhCn, en: editing!.en, description: editing!.description ?? null } });
      setEditing(null);
      setError(null);
      await templates.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('messages.templates')} id="templates">
      <LoadError error={templates.error} />
      {admin && <NewTemplate onCreated={templates.reload} />}
      <ul class="templates">
        {templates.data?.map((tpl) => (
          <li key={tpl.id} class="card">
            {/* Named by what it is for; the id (an internal name) only as a tooltip. */}
            <h3 title={tpl.id}>{templateInfo(tpl) || tpl.id} {tpl.edited && <span class="badge">{t('messages.edited')}</span>}</h3>
            {editing?.id === tpl.id ? (
              <form onSubmit={save} noValidate>
                <Field id={`tpl-zh-${tpl.id}`} label="中文" error={error?.field('zhCn')} hint={t('messages.parameters', { list: tpl.parameters.map((p) => `{${p}}`).join(' ') || '—' })}>
                  <textarea {...describedBy(`tpl-zh-${tpl.id}`, error?.field('zhCn'))} value={editing.zhCn} onInput={(e) => setEditing({ ...editing, zhCn: e.currentTarget.value })} />
                </Field>
                <Field id={`tpl-en-${tpl.id}`} label="English" error={error?.field('en')}>
                  <textarea {...describedBy(`tpl-en-${tpl.id}`, error?.field('en'))} value={editing.en} onInput={(e) => setEditing({ ...editing, en: e.currentTarget.value })} />
                </Field>
                <div class="actions"><button type="submit" class="primary">{t('save')}</button><button type="button" onClick={() => setEditing(null)}>{t('cancel')}</button></div>
              </form>
            ) : (
              <>
                <p lang="zh-CN">{tpl.zhCn}</p>
                <p lang="en">{tpl.en}</p>
                {admin && <button type="button" onClick={() => { setError(null); setEditing(tpl); }}>{t('edit')}<span class="visually-hidden"> {templateInfo(tpl) || tpl.id}</span></button>}
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const states = ['', 'pending', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'];

function Outbox() {
  const [state, setState] = useState('');
  const messages = useLoad(() => api<SmsMessageView[]>(`/api/messages?days=7&max=200${state ? `&state=${state}` : ''}`), [state]);
  return (
    <Section title={t('messages.outbox')} id="outbox">
      <Field id="outbox-state" label={t('status')}>
        <select id="outbox-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
          {states.map((s) => <option key={s} value={s}>{s ? label('smsState', s) : t('all')}</option>)}
        </select>
      </Field>
      <LoadError error={messages.error} />
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('messages.when')}</th><th scope="col">{t('messages.to')}</th><th scope="col">{t('messages.text')}</th><th scope="col">{t('messages.purpose')}</th><th scope="col">{t('status')}</th><th scope="col">{t('messages.segments')}</th></tr></thead>
          <tbody>
            {messages.data?.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.createdAt)}</td><td>{formatPhone(m.to)}</td><td>{m.text}</td><td>{label('purpose', m.purpose)}</td>
                <td>{label('smsState', m.state)}{m.error ? ` — ${serverText(m.error)}` : ''}</td><td>{m.segments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
