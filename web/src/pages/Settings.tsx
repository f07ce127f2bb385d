import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section } from '../components/ui';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { t, type StringKey } from '../i18n';
import { templateInfo } from '../templates';
import { actorName } from '../timeline';
import { carePlanText, changeText, diffText } from './changes';
import type { Account, AuditEntry, EscalationLevel, EscalationPolicy, Person } from '../types';
import { ApprovalRuleCard } from './messages/ApprovalRule';
import { OfficeCard } from './settings/OfficeCard';

const targets = ['retiree', 'volunteers', 'liaisonAndDuty', 'emergencyContacts', 'onSiteVisit'];

/** Admin only: the escalation ladder, accounts and roles, the audit trail, and the office settings. */
export function Settings() {
  return (
    <div>
      <h1>{t('settings.title')}</h1>
      <PolicyCard />
      <AccountsCard />
      <AuditCard />
      <SmsTemplatesCard />
      <ApprovalRuleCard />
      <OfficeCard />
    </div>
  );
}

interface Registration { language: string; provider: string; code: string | null; providerText: string; variables: string[]; marketing: boolean; problem: string | null }
interface TemplateRow { id: string; description: string | null; registrations: Registration[] | null }

/** Mainland providers only (issue 11): each template the app can send, as registered per language, and what is missing. */
function SmsTemplatesCard() {
  const templates = useLoad(() => api<TemplateRow[]>('/api/templates'), []);
  if (templates.error) return <Section title={t('settings.smsTemplates')} id="sms-templates"><LoadError error={templates.error} /></Section>;
  const rows = (templates.data ?? []).flatMap((tp) => (tp.registrations ?? []).map((r) => ({ tp, r })));
  if (rows.length === 0) return null;
  const missing = rows.filter(({ r }) => !r.code).map(({ tp, r }) => `${tp.id} (${r.language})`);
  return (
    <Section title={t('settings.smsTemplates')} id="sms-templates">
      <p>{t('settings.smsTemplatesNote', { provider: rows[0].r.provider })}</p>
      {missing.length > 0 && <p class="error" role="alert">{t('settings.smsTemplatesMissing', { n: missing.length, list: missing.join(', ') })}</p>}
      <div class="table-wrap">
        <table>
          <thead><tr><th>{t('settings.template')}</th><th>{t('settings.language')}</th><th>{t('settings.templateCode')}</th><th>{t('settings.registeredText')}</th><th>{t('settings.problem')}</th></tr></thead>
          <tbody>
            {rows.map(({ tp, r }) => (
              <tr key={`${tp.id}-${r.language}`}>
                <td><code>{tp.id}</code>{templateInfo(tp) && <div class="muted">{templateInfo(tp)}</div>}</td>
                <td>{r.language}</td>
                <td>{r.code ?? '—'}</td>
                <td>{r.providerText}{r.marketing && <div class="muted">{t('settings.marketing')}</div>}</td>
                <td>{r.problem ?? '✓'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function PolicyCard() {
  const policy = useLoad(() => api<EscalationPolicy>('/api/incidents/policy'), []);
  const [draft, setDraft] = useState<EscalationPolicy | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const p = draft ?? policy.data;
  if (policy.error) return <Section title={t('settings.policy')} id="policy"><LoadError error={policy.error} /></Section>;
  if (!p) return null;
  const setLevel = (i: number, patch: Partial<EscalationLevel>) => { setSaved(false); setDraft({ ...p, levels: p.levels.map((l, n) => (n === i ? { ...l, ...patch } : l)) }); };
  const num = (k: 'ackTimeoutMinutes' | 'urgentWaitMinutes' | 'maxRepeats' | 'maxAckReminders') => (
    <Field id={`pol-${k}`} label={t(`settings.${k}`)} error={error?.field(k)}>
      <input {...describedBy(`pol-${k}`, error?.field(k))} type="number" min="0" value={p[k]} onInput={(e) => { setSaved(false); setDraft({ ...p, [k]: Number(e.currentTarget.value) }); }} />
    </Field>
  );
  async function save(e: Event) {
    e.preventDefault();
    try {
      policy.setData(await api<EscalationPolicy>('/api/incidents/policy', { method: 'PUT', body: p }));
      setDraft(null);
      setError(null);
      setSaved(true);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('settings.policy')} id="policy">
      <p class="muted">{t('settings.policyHint')}</p>
      <form onSubmit={save} noValidate>
        {error && (error.field('levels') || Object.keys(error.errors).length === 0) && <p class="error" role="alert">{error.field('levels') ?? error.title}</p>}
        <ol class="levels">
          {p.levels.map((l, i) => (
            <li key={i} class="row">
              <Field id={`lvl-${i}-target`} label={t('settings.levelTarget', { n: i + 1 })} error={error?.field(`levels[${i}].target`)}>
                <select {...describedBy(`lvl-${i}-target`, error?.field(`levels[${i}].target`))} value={l.target} onChange={(e) => setLevel(i, { target: e.currentTarget.value })}>
                  {targets.map((x) => <option key={x} value={x}>{label('target', x)}</option>)}
                </select>
              </Field>
              <Field id={`lvl-${i}-wait`} label={t('settings.waitMinutes')} error={error?.field(`levels[${i}].waitMinutes`)}>
                <input {...describedBy(`lvl-${i}-wait`, error?.field(`levels[${i}].waitMinutes`))} type="number" value={l.waitMinutes} onInput={(e) => setLevel(i, { waitMinutes: Number(e.currentTarget.value) })} />
              </Field>
              <div class="check">
                <input id={`lvl-${i}-repeat`} type="checkbox" checked={l.repeat} onChange={(e) => setLevel(i, { repeat: e.currentTarget.checked })} />
                <label for={`lvl-${i}-repeat`}>{t('settings.repeat')}</label>
              </div>
              {/* When a silent retiree's ladder reaches this level: the time to a person is the office's choice, shown. */}
              <p class="muted">{t('settings.levelStarts', { m: p.levels.slice(0, i).reduce((sum, x) => sum + (Number(x.waitMinutes) || 0), 0) })}</p>
              {error?.field(`levels[${i}].repeat`) && <p class="error">{error.field(`levels[${i}].repeat`)}</p>}
              <button type="button" class="danger" onClick={() => setDraft({ ...p, levels: p.levels.filter((_, n) => n !== i) })}>{t('remove')}<span class="visually-hidden"> {t('settings.levelTarget', { n: i + 1 })}</span></button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => setDraft({ ...p, levels: [...p.levels, { target: 'liaisonAndDuty', waitMinutes: 60, repeat: false }] })}>{t('settings.addLevel')}</button>
        <div class="grid">{num('ackTimeoutMinutes')}{num('urgentWaitMinutes')}{num('maxRepeats')}{num('maxAckReminders')}</div>
        <div class="actions">
          <button type="submit" class="primary">{t('save')}</button>
          {saved && <span class="ok" role="status">{t('saved')}</span>}
        </div>
      </form>
    </Section>
  );
}

type AccountDraft = { email: string; displayName: string; role: Account['role']; password: string; personId: string; disabled: boolean; isNew: boolean };

function AccountsCard() {
  const accounts = useLoad(() => api<Account[]>('/api/accounts'), []);
  const volunteers = useLoad(() => api<Person[]>('/api/people').then((ps) => ps.filter((p) => p.role === 'volunteer')), []);
  const [draft, setDraft] = useState<AccountDraft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const err = (f: string) => error?.field(f);
  async function save(e: Event) {
    e.preventDefault();
    const d = draft!;
    try {
      if (d.isNew) {
        await api('/api/accounts', { method: 'POST', body: { email: d.email, displayName: d.displayName, role: d.role, password: d.password, personId: d.personId || null } });
      } else {
        await api(`/api/accounts/${encodeURIComponent(d.email)}`, { method: 'PUT', body: { displayName: d.displayName, role: d.role, password: d.password || null, personId: d.personId || null, disabled: d.disabled } });
      }
      setDraft(null);
      setError(null);
      await accounts.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('settings.accounts')} id="accounts">
      <LoadError error={accounts.error} />
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('email')}</th><th scope="col">{t('name')}</th><th scope="col">{t('people.role')}</th><th scope="col">{t('status')}</th><th scope="col">{t('actions')}</th></tr></thead>
          <tbody>
            {accounts.data?.map((a) => (
              <tr key={a.email}>
                <td>{a.email}</td><td>{a.displayName}</td><td>{label('role', a.role)}</td>
                <td>{a.disabled ? t('settings.disabled') : a.lockedUntil ? t('settings.locked', { time: formatDateTime(a.lockedUntil) }) : t('people.active')}</td>
                <td><button type="button" onClick={() => { setError(null); setDraft({ ...a, personId: a.personId ?? '', password: '', isNew: false }); }}>{t('edit')}<span class="visually-hidden"> {a.email}</span></button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!draft && <button type="button" class="primary" onClick={() => { setError(null); setDraft({ email: '', displayName: '', role: 'coordinator', password: '', personId: '', disabled: false, isNew: true }); }}>{t('settings.addAccount')}</button>}
      {draft && (
        <form class="card" onSubmit={save} noValidate>
          {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
          <div class="grid">
            <Field id="acc-email" label={t('email')} error={err('email')}>
              <input {...describedBy('acc-email', err('email'))} type="email" value={draft.email} disabled={!draft.isNew} onInput={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
            </Field>
            <Field id="acc-name" label={t('name')} error={err('displayName')}>
              <input {...describedBy('acc-name', err('displayName'))} value={draft.displayName} onInput={(e) => setDraft({ ...draft, displayName: e.currentTarget.value })} />
            </Field>
            <Field id="acc-role" label={t('people.role')} error={err('role')}>
              <select {...describedBy('acc-role', err('role'))} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value as Account['role'] })}>
                {(['admin', 'coordinator', 'volunteer'] as const).map((r) => <option key={r} value={r}>{label('role', r)}</option>)}
              </select>
            </Field>
            {draft.role === 'volunteer' && (
              <Field id="acc-person" label={t('settings.volunteerRecord')} error={err('personId')}>
                <select {...describedBy('acc-person', err('personId'))} value={draft.personId} onChange={(e) => setDraft({ ...draft, personId: e.currentTarget.value })}>
                  <option value="">—</option>
                  {volunteers.data?.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
                </select>
              </Field>
            )}
            <Field id="acc-password" label={draft.isNew ? t('password') : t('settings.newPassword')} error={err('password')} hint={t('settings.passwordHint')}>
              <input {...describedBy('acc-password', err('password'), t('settings.passwordHint'))} type="password" autocomplete="new-password" value={draft.password} onInput={(e) => setDraft({ ...draft, password: e.currentTarget.value })} />
            </Field>
            {!draft.isNew && (
              <div class="check">
                <input id="acc-disabled" type="checkbox" checked={draft.disabled} onChange={(e) => setDraft({ ...draft, disabled: e.currentTarget.checked })} />
                <label for="acc-disabled">{t('settings.disabled')}</label>
              </div>
            )}
          </div>
          <div class="actions">
            <button type="submit" class="primary">{t('save')}</button>
            <button type="button" onClick={() => setDraft(null)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </Section>
  );
}

function AuditCard() {
  // Empty means the app's own today, which is also right when the development clock has been advanced.
  const [date, setDate] = useState('');
  const [retireeId, setRetireeId] = useState('');
  const [shown, setShown] = useState({ date, retireeId });
  const trail = useLoad(() => api<AuditEntry[]>(`/api/audit${query(shown)}`), [shown.date, shown.retireeId]);
  return (
    <Section title={t('settings.audit')} id="audit">
      <form class="filters" onSubmit={(e) => {
        e.preventDefault();
        if (date === shown.date && retireeId === shown.retireeId) void trail.reload();
        else setShown({ date, retireeId });
      }}>
 <Field id="audit-date" label={t('settings.auditDate')} hint={t('settings.auditToday')}>
          <input {...describedBy('audit-date', undefined, t('settings.auditToday'))} type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </Field>
        <Field id="audit-retiree" label={t('settings.auditRetiree')}>
          <input id="audit-retiree" value={retireeId} onInput={(e) => setRetireeId(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('apply')}</button>
      </form>
      <LoadError error={trail.error} />
      {trail.data?.length === 0 && <p class="muted">{t('settings.auditEmpty')}</p>}
      {trail.data && trail.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('settings.when')}</th><th scope="col">{t('settings.who')}</th><th scope="col">{t('settings.action')}</th><th scope="col">{t('settings.detail')}</th></tr></thead>
            <tbody>
              {trail.data.map((a, i) => (
                <tr key={i}>
                  <td>{formatDateTime(a.at)}</td><td>{actorName(a.actorName ?? a.actor)} {a.role && <span class="muted">({label('role', a.role)})</span>}</td>
                  <td>{auditAction(a.action)}</td>
                  <td>{a.retireeId && <a href={`/app/retirees/${encodeURIComponent(a.retireeId)}`}>{a.retireeId}</a>} <AuditDetail entry={a} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** The action in words ("retiree.archive: 迁往外地" → 归档 · 迁往外地); an action this dashboard does not know, as recorded. */
function auditAction(action: string): string {
  const [code, ...rest] = action.split(': ');
  const key = `audit.${code}` as StringKey;
  const words = t(key);
  if (words === key) return action;
  return code === 'retiree.archive' && rest.length ? `${words} · ${rest.join(': ')}` : words;
}

/** Record changes are worded field by field; other details are kept as the server wrote them (English), marked so. */
function AuditDetail({ entry: a }: { entry: AuditEntry }) {
  if (a.action === 'retiree.update' || a.action.startsWith('retiree.archive')) return <>{diffText(a.detail)}</>;
  if (a.action.startsWith('careplan.')) return <>{carePlanText(a.detail)}</>;
  if (a.action.startsWith('retiree.ageBand')) return <>{changeText(a)}</>;
  return <details class="raw"><summary>{t('settings.rawDetail')}</summary><span lang="en">{a.detail}</span></details>;
}
