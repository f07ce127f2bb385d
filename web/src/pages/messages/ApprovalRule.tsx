// Admin only: whether the drafter of a broadcast may approve it (an office with one member of staff; ADR 0014c).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { LoadError, Section } from '../../components/ui';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';

export function ApprovalRuleCard() {
  const rule = useLoad(() => api<{ drafterMayApprove: boolean }>('/api/broadcasts/approval-rule'), []);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const save = async (drafterMayApprove: boolean) => {
    try {
      await api('/api/broadcasts/approval-rule', { method: 'PUT', body: { drafterMayApprove } });
      await rule.reload();
      setMessage({ ok: true, text: t('messages.approvalRuleSaved') });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.title : String(e) });
    }
  };

  return (
    <Section title={t('messages.approvalRule')} id="approval-rule">
      <LoadError error={rule.error} />
      {rule.data && (
        <div class="check">
          <input id="ar-drafter" type="checkbox" checked={rule.data.drafterMayApprove} onChange={(e) => void save(e.currentTarget.checked)} />
          <label for="ar-drafter">{t('messages.drafterMayApprove')}</label>
        </div>
      )}
      {message && <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </Section>
  );
}
