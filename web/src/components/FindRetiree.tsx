import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { describedBy, Field } from './Field';
import { t } from '../i18n';
import type { RetireePage } from '../types';

type Found = RetireePage['items'][number];

/** One button beside each match: what it does to that retiree, and the sentence that says it was done. */
export interface RetireeAction { label: string; run: (retiree: Found) => Promise<string> }

/** Find a retiree by name or phone, then act on one of the matches (join an event, add to a group…). */
export function FindRetiree({ id, actions }: { id: string; actions: RetireeAction[] }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState('');

  async function attempt(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  const find = (e: Event) => {
    e.preventDefault();
    setDone('');
    void attempt(async () => setFound((await api<RetireePage>(`/api/retirees${query({ q, pageSize: 8 })}`)).items));
  };
  const act = (action: RetireeAction, r: Found) => attempt(async () => {
    setDone(await action.run(r));
    setFound([]);
    setQ('');
  });
  // The search box is the only field: whichever field the server names (the retiree, the answer), it is said here.
  const fieldError = error ? Object.keys(error.errors).map((f) => error.field(f)).find(Boolean) : undefined;
  return (
    <>
      <form class="row" onSubmit={find} noValidate>
        <Field id={id} label={t('retirees.search')} error={fieldError}>
          <input {...describedBy(id, fieldError)} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t('search')}</button>
      </form>
      {error && !fieldError && <p class="error" role="alert">{error.detail ? `${error.title} ${error.detail}` : error.title}</p>}
      {done && <p role="status">{done}</p>}
      <ul>
        {found.map((r) => (
          <li key={r.id}>{r.name} <span class="muted">{r.unit}</span>
            {actions.map((a) => [' ', <button key={a.label} type="button" onClick={() => void act(a, r)}>{a.label}</button>])}
          </li>
        ))}
      </ul>
    </>
  );
}
