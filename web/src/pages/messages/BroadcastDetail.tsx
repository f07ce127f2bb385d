import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { label, LoadError, Section } from '../../components/ui';
import { formatDateTime, formatPhone } from '../../format';
import { usePoll, useLoad } from '../../hooks';
import { serverText } from '../../serverText';
import { t } from '../../i18n';
import type { Me } from '../../session';
import type { Broadcast, BroadcastAnswer, BroadcastRecipient, Preview, SmsState } from '../../types';

const tallyOrder: SmsState[] = ['pending', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'];

/** One broadcast: the preview before approval (who, who not and why, cost), then delivery and answers live. */
export function BroadcastDetail({ id, me }: { id: string; me: Me }) {
  const base = `/api/broadcasts/${encodeURIComponent(id)}`;
  const detail = useLoad(() => api<{ broadcast: Broadcast; tally: Record<SmsState, number>; answers: Record<string, number> }>(base), [id]);
  const rule = useLoad(() => api<{ drafterMayApprove: boolean }>('/api/broadcasts/approval-rule'), []);
  const preview = useLoad(() => api<Preview>(`${base}/preview`), [id]);
  const answers = useLoad(() => api<BroadcastAnswer[]>(`${base}/answers`), [id]);
  const recipients = useLoad(() => api<BroadcastRecipient[]>(`${base}/recipients`), [id]);
  const [error, setError] = useState<ApiError | null>(null);
  const b = detail.data?.broadcast;
  const live = b?.state === 'approved' || b?.state === 'queued';
  usePoll(() => { if (live) { void detail.reload(); void answers.reload(); void recipients.reload(); } }, 3000);

  async function act(action: 'approve' | 'cancel') {
    try {
      await api(`${base}/${action}`, { method: 'POST', body: {} });
      setError(null);
      await Promise.all([detail.reload(), recipients.reload()]);
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  if (detail.error) return <LoadError error={detail.error} />;
  if (!b) return <p class="loading">{t('loading')}</p>;
  const p = preview.data;
  const tally = detail.data!.tally;
  // Four eyes (ADR 0014c): whoever drafted or last edited it asks a colleague, unless an admin allowed it.
  const mine = [b.createdBy, b.updatedBy].some((x) => x?.toLowerCase() === me.email.toLowerCase());
  const mayApprove = !mine || rule.data?.drafterMayApprove === true;
  return (
    <div>
      <div class="row">
        <h2>{b.name}</h2>
        <span class="badge">{b.state === 'queued'
          ? t('messages.sentCounts', { sent: (tally.sent ?? 0) + (tally.delivered ?? 0), delivered: tally.delivered ?? 0, failed: (tally.failed ?? 0) + (tally.expired ?? 0) })
          : label('broadcastState', b.state)}</span>
      </div>
      <p>{t('messages.sendAt')}: {formatDateTime(b.sendAt)} · {t('messages.createdBy')}: {b.createdBy}{b.approvedBy ? ` · ${t('messages.approvedBy', { by: b.approvedBy })}` : ''}</p>
      {error && <p class="error" role="alert">{error.title} {error.detail}</p>}
      <div class="actions">
        {b.state === 'draft' && <a class="button" href={`/app/messages/broadcasts/${encodeURIComponent(id)}/edit`}>{t('edit')}</a>}
        {b.state === 'draft' && <button type="button" class="primary" disabled={!mayApprove} aria-describedby={mayApprove ? undefined : 'own-draft'} onClick={() => void act('approve')}>{t('messages.approve')}</button>}
        {b.state === 'draft' && !mayApprove && <p class="muted" id="own-draft">{t('messages.ownDraft')}</p>}
        {b.state === 'approved' && <button type="button" class="danger" onClick={() => void act('cancel')}>{t('messages.cancelBroadcast')}</button>}
      </div>
      <div class="grid">
        <Section title={t('messages.preview')} id="preview">
          <LoadError error={preview.error} />
          {p && (
            <>
              <blockquote class="sms-text">{p.sample}</blockquote>
              <dl>
                <dt>{t('messages.recipients')}</dt><dd>{p.recipients}</dd>
                <dt>{t('messages.segmentsPer')}</dt><dd>{p.segmentsPerMessage} ({p.encoding})</dd>
                <dt>{t('messages.cost')}</dt><dd>{p.totalCost.toFixed(2)} {p.currency} ({p.costPerMessage.toFixed(2)} × {p.recipients})</dd>
              </dl>
              <h3>{t('messages.excluded', { n: p.excluded.length })}</h3>
              {p.excluded.length > 0 && <ul>{p.excluded.map((x) => <li key={x.retireeId}><a href={`/app/retirees/${encodeURIComponent(x.retireeId)}`}>{x.name}</a> — {label('exclusion', x.reason)}</li>)}</ul>}
            </>
          )}
        </Section>
        <Section title={t('messages.delivery')} id="delivery">
          <dl>{tallyOrder.map((s) => <Fragment key={s}><dt>{label('smsState', s)}</dt><dd>{detail.data!.tally[s] ?? 0}</dd></Fragment>)}</dl>
          {(recipients.data?.length ?? 0) > 0 && (
            <details>
              <summary>{t('messages.recipients')} ({recipients.data!.length})</summary>
              <ul>{recipients.data!.map((r) => <li key={r.to}>{formatPhone(r.to)} — {label('smsState', r.state)}{r.error ? ` (${serverText(r.error)})` : ''}</li>)}</ul>
            </details>
          )}
        </Section>
      </div>
      {b.collectAnswers && (
        <Section title={t('messages.answers', { n: answers.data?.length ?? 0 })} id="answers">
          <a class="button" href={`${base}/answers?format=csv`} download>{t('exportCsv')}</a>
          <LoadError error={answers.error} />
          {answers.data && answers.data.length > 0 && (
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">{t('name')}</th><th scope="col">{t('phone')}</th><th scope="col">{t('messages.answer')}</th><th scope="col">{t('messages.when')}</th></tr></thead>
                <tbody>{answers.data.map((a, i) => <tr key={i}><td>{a.name}</td><td>{formatPhone(a.phone)}</td><td>{a.text}</td><td>{formatDateTime(a.at)}</td></tr>)}</tbody>
              </table>
            </div>
          )}
          {Object.keys(detail.data!.answers ?? {}).length > 0 && (
            <table class="answer-tally">
              <caption>{t('messages.answerTally')}</caption>
              <thead><tr><th scope="col">{t('messages.choice')}</th><th scope="col">{t('messages.choiceCount')}</th></tr></thead>
              <tbody>{Object.entries(detail.data!.answers).map(([choice, n]) => <tr key={choice}><td>{choice}</td><td>{n}</td></tr>)}</tbody>
            </table>
          )}
        </Section>
      )}
    </div>
  );
}
