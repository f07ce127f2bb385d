import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { t } from '../i18n';
import { signIn, type Me } from '../session';
import { serverText } from '../serverText';

/** The sign-in form, used as a page and inside the session-expired dialog. */
export function SignInForm({ onSignedIn, expired }: { onSignedIn: (me: Me) => void; expired?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  }

  const general = error && !error.field('email') && !error.field('password') ? error.title : undefined;
  return (
    <form class="signin" onSubmit={submit} noValidate>
      <h1 id="signin-title">{t('signInTitle')}</h1>
      {expired && <p class="notice">{t('signInExpired')}</p>}
      {general && <p class="error" role="alert">{serverText(general)}{error?.detail ? ` ${error.detail}` : ''}</p>}
      <Field id="signin-email" label={t('email')} error={error?.field('email')}>
        <input {...describedBy('signin-email', error?.field('email'))} type="email" autocomplete="username" required
          value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </Field>
      <Field id="signin-password" label={t('password')} error={error?.field('password')}>
        <input {...describedBy('signin-password', error?.field('password'))} type="password" autocomplete="current-password" required
          value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary" disabled={busy}>{busy ? t('signingIn') : t('signIn')}</button>
    </form>
  );
}
