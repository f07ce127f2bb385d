import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { t } from '../i18n';
import type { ImportReport } from '../types';
import { serverText } from '../serverText';

/** Upload a CSV, read the dry run's problems by line and field, then import the valid rows. */
export function Import() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  async function send(dryRun: boolean) {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      setReport(await api<ImportReport>(`/api/retirees/import?dryRun=${dryRun}`, { method: 'POST', body: form }));
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div>
      <h1>{t('import.title')}</h1>
      <p>{t('import.help')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void send(true); }}>
        <Field id="import-file" label={t('import.file')} error={error?.field('file') ?? (error && !error.field('file') ? error.title : undefined)}>
          <input {...describedBy('import-file', error?.field('file'))} type="file" accept=".csv,text/csv"
            onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setReport(null); }} />
        </Field>
        <div class="actions">
          <button type="submit" class="primary" disabled={!file || busy !== null}>{busy === 'check' ? t('import.checking') : t('import.dryRun')}</button>
        </div>
      </form>
      {report && (
        <section class="card" aria-live="polite">
          {report.dryRun
            ? <p>{t('import.summary', { rows: report.rows, valid: report.valid, errors: report.errors.length })}</p>
            : <p class="ok" role="status">{t('import.done', { n: report.imported })} {report.errors.length > 0 && t('import.summary', { rows: report.rows, valid: report.valid, errors: report.errors.length })}</p>}
          {report.errors.length === 0 ? <p>{t('import.noErrors')}</p> : (
            <div class="table-wrap">
              <table class="import-errors">
                <caption>{t('import.errorsCaption')}</caption>
                <thead><tr><th scope="col">{t('import.line')}</th><th scope="col">{t('import.field')}</th><th scope="col">{t('import.message')}</th></tr></thead>
                <tbody>
                  {report.errors.map((e, i) => <tr key={i}><td>{e.line}</td><td><code>{e.field}</code></td><td>{serverText(e.message)}</td></tr>)}
                </tbody>
              </table>
            </div>
          )}
          {report.dryRun && report.valid > 0 && (
            <button type="button" class="primary" disabled={busy !== null} onClick={() => void send(false)}>
              {busy === 'import' ? t('import.importing') : t('import.run', { n: report.valid })}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
