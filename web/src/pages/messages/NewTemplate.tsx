// Admin only (issue 14): a new template for broadcasts, in both languages; its name is what staff choose it by.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { t } from '../../i18n';

const empty = { id: '', description: '', zhCn: '', en: '' };

export function NewTemplate({ onCreated }: { onCreated: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<ApiError>();
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t('messages.newTemplate')}</button>;

  async function create(e: Event) {
    e.preventDefault();
    try {
      await api('/api/templates', { method: 'POST', body: { ...draft, description: draft.description || null } });
      setDraft(empty);
      setError(undefined);
      setOpen(false);
      await onCreated();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const field = (key: keyof typeof empty, label: string, hint?: string, area = false) => {
    const id = `new-tpl-${key}`;
    const props = { ...describedBy(id, error?.field(key)), value: draft[key], onInput: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value }) };
    return (
      <Field id={id} label={label} error={error?.field(key)} hint={hint}>
        {area ? <textarea {...props} /> : <input {...props} spellcheck={false} />}
      </Field>
    );
  };
  return (
    <form onSubmit={create} noValidate class="card" id="new-template">
      <h3>{t('messages.newTemplate')}</h3>
      {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
      {field('description', t('messages.templateNameLabel'))}
      {field('id', t('messages.templateId'), t('messages.templateIdHint'))}
      {field('zhCn', t('messages.templateZh'), t('messages.templateTextHint'), true)}
      {field('en', t('messages.templateEn'), undefined, true)}
      <div class="actions"><button type="submit" class="primary">{t('messages.createTemplate')}</button><button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button></div>
    </form>
  );
}
