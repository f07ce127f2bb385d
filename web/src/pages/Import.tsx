import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { locale, t } from '../i18n';
import type { DuplicateChoice, ImportReport } from '../types';
import { serverText } from '../serverText';

const choices: DuplicateChoice[] = ['update', 'skip', 'create'];

/**
 * Upload an .xlsx or CSV, choose the sheet, map the columns the office named its own way, decide what to do with
 * people already registered, read the dry run's problems by line and field, then import.
 */
export function Import() {
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState('');
  const [sheets, setSheets] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [forAll, setForAll] = useState<DuplicateChoice>('skip');
  const [perLine, setPerLine] = useState<Record<number, DuplicateChoice>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const language = locale() === 'en' ? 'en' : 'zh-CN';

  async function send(dryRun: boolean) {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    if (sheet) form.append('sheet', sheet);
    if (Object.keys(mapping).length > 0) form.append('mapping', JSON.stringify(mapping));
    form.append('duplicates', forAll);
    if (Object.keys(perLine).length > 0) form.append('choices', JSON.stringify(perLine));
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      let next = await api<ImportReport>(`/api/retirees/import?dryRun=${dryRun}`, { method: 'POST', body: form });
      setReport(next);
      // A large file is written as a job: each poll lends the job a few seconds and brings its progress back.
      while (next.state === 'running' && next.jobId) {
        const before = next.processed;
        next = await api<ImportReport>(`/api/retirees/import/jobs/${encodeURIComponent(next.jobId)}/run`, { method: 'POST' });
        setReport(next);
        // Another runner (the timer) holds the job: wait a moment instead of asking again at once.
        if (next.processed === before) await new Promise((r) => setTimeout(r, 1000));
      }
    } catch (ex) {
      const e = ex instanceof ApiError ? ex : new ApiError(0, String(ex));
      const offered = (e.body as { sheets?: string[] } | undefined)?.sheets;
      if (e.field('sheet') && offered) setSheets(offered);
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  function reset(next: File | null) {
    setFile(next); setReport(null); setSheet(''); setSheets([]); setPerLine({}); setError(null);
  }

  const unknown = (report?.columns ?? []).filter((c) => c.how === 'unknown' && !mapping[c.header]);
  const fieldLabel = (name: string) => {
    const f = report?.fields?.find((x) => x.name === name);
    return f ? (language === 'en' ? f.english : f.chinese) : name;
  };
  const fileError = error && !error.field('sheet') ? (error.field('file') ?? error.field('mapping') ?? error.title) : undefined;

  return (
    <div>
      <h1>{t('import.title')}</h1>
      <p>{t('import.help')}</p>
      <p class="actions">
        <a class="button" href={`/api/retirees/import/template?language=${language}`} download>{t('import.template')}</a>
        <a class="button" href={`/api/retirees/export?format=xlsx&language=${language}`} download>{t('import.exportXlsx')}</a>
        <a class="button" href={`/api/retirees/export?format=csv&language=${language}`} download>{t('exportCsv')}</a>
      </p>
      <form onSubmit={(e) => { e.preventDefault(); void send(true); }}>
        <Field id="import-file" label={t('import.file')} error={fileError}>
          <input {...describedBy('import-file', fileError)} type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => reset(e.currentTarget.files?.[0] ?? null)} />
        </Field>
        {sheets.length > 0 && (
          <Field id="import-sheet" label={t('import.sheet')} error={error?.field('sheet') ? t('import.chooseSheet') : undefined}>
            <select id="import-sheet" value={sheet} onChange={(e) => setSheet(e.currentTarget.value)}>
              <option value="">—</option>
              {sheets.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </Field>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={!file || busy !== null || (sheets.length > 0 && !sheet)}>{busy === 'check' ? t('import.checking') : t('import.dryRun')}</button>
        </div>
      </form>
      {report && (
        <section class="card" aria-live="polite">
          {report.repeated && <p role="status">{t('import.repeated')}</p>}
          {report.dryRun
            ? <p>{t('import.summary', { rows: report.rows, valid: report.valid, errors: report.errors.length })} {report.readAs && <span>({report.readAs})</span>}</p>
            : report.state === 'running'
              ? <p role="status"><label for="import-progress">{t('import.progress', { processed: report.processed ?? 0, total: report.total ?? 0 })}</label>{' '}
                  <progress id="import-progress" value={report.processed ?? 0} max={report.total || 1} /></p>
              : <p class="ok" role="status">{t('import.done', { n: report.imported })} {t('import.updatedSkipped', { updated: report.updated ?? 0, skipped: report.skipped ?? 0 })}</p>}
          {!report.dryRun && report.state === 'done' && report.jobId && report.errors.length > 0 && (
            <p class="actions">
              {t('import.failedRows', { n: new Set(report.errors.map((e) => e.line)).size })}{' '}
              <a class="button" href={`/api/retirees/import/jobs/${encodeURIComponent(report.jobId)}/failed?format=xlsx&language=${language}`} download>{t('import.failedXlsx')}</a>
              <a class="button" href={`/api/retirees/import/jobs/${encodeURIComponent(report.jobId)}/failed?format=csv&language=${language}`} download>{t('import.failedCsv')}</a>
            </p>
          )}
          {(report.hiddenRows?.length ?? 0) > 0 && <p>{t('import.hiddenRows', { rows: report.hiddenRows!.join(', ') })}</p>}

          {report.dryRun && (report.columns?.length ?? 0) > 0 && (
            <div class="table-wrap">
              <table class="import-columns">
                <caption>{t('import.columnsCaption')}</caption>
                <thead><tr><th scope="col">{t('import.column')}</th><th scope="col">{t('import.samples')}</th><th scope="col">{t('import.mapsTo')}</th></tr></thead>
                <tbody>
                  {report.columns!.map((c) => (
                    <tr key={c.index} class={c.how === 'unknown' && !mapping[c.header] ? 'needs-choice' : undefined}>
                      <th scope="row">{c.header}</th>
                      <td>{c.samples.join(' · ')}</td>
                      <td>
                        {c.how === 'known' ? fieldLabel(c.field ?? '') : (
                          <select aria-label={t('import.mapColumn', { column: c.header })} value={mapping[c.header] ?? (c.how === 'unknown' ? '' : c.field ?? '')}
                            onChange={(e) => setMapping({ ...mapping, [c.header]: e.currentTarget.value })}>
                            <option value="" disabled>{t('import.chooseField')}</option>
                            <option value="ignore">{t('import.ignore')}</option>
                            {(report.fields ?? []).map((f) => <option key={f.name} value={f.name}>{language === 'en' ? f.english : f.chinese}</option>)}
                          </select>
                        )}
                        {c.how === 'remembered' && <small> {t('import.remembered')}</small>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {report.dryRun && (report.duplicates?.length ?? 0) > 0 && (
            <div class="table-wrap">
              <label>{t('import.forAll')}{' '}
                <select value={forAll} onChange={(e) => { setForAll(e.currentTarget.value as DuplicateChoice); setPerLine({}); }}>
                  {choices.map((c) => <option key={c} value={c}>{t(`import.choice.${c}`)}</option>)}
                </select>
              </label>
              <table class="import-duplicates">
                <caption>{t('import.duplicatesCaption')}</caption>
                <thead><tr><th scope="col">{t('import.line')}</th><th scope="col">{t('import.name')}</th><th scope="col">{t('import.matches')}</th><th scope="col">{t('import.choice')}</th></tr></thead>
                <tbody>
                  {report.duplicates!.map((d) => (
                    <tr key={d.line}>
                      <td>{d.line}</td>
                      <td>{d.name}</td>
                      <td>{t(`import.reason.${d.reason}`)}: {d.retireeId ? <a href={`/app/retirees/${encodeURIComponent(d.retireeId)}`}>{d.retireeName}</a> : t('import.otherLine', { line: d.otherLine ?? '' })}</td>
                      <td>
                        <select aria-label={t('import.choiceFor', { line: d.line })} value={perLine[d.line] ?? forAll}
                          onChange={(e) => setPerLine({ ...perLine, [d.line]: e.currentTarget.value as DuplicateChoice })}>
                          {choices.map((c) => <option key={c} value={c}>{t(`import.choice.${c}`)}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

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
          {report.dryRun && (
            <div class="actions">
              <button type="button" onClick={() => void send(true)} disabled={busy !== null}>{t('import.checkAgain')}</button>
              {report.valid + (report.duplicates?.length ?? 0) > 0 && (
                <button type="button" class="primary" disabled={busy !== null || unknown.length > 0} onClick={() => void send(false)}>
                  {busy === 'import' ? t('import.importing') : unknown.length > 0 ? t('import.mapFirst', { n: unknown.length }) : t('import.run', { n: report.valid })}
                </button>
              )}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
