import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query, request } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Section } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { locale, t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import type { SegmentView } from '../../types';
import { useLoad } from '../../hooks';

type MemoKind = 'festival' | 'checkup' | 'certification' | 'branchMeeting' | 'birthdayCelebration' | 'other';
const memoKinds: MemoKind[] = ['festival', 'checkup', 'certification', 'branchMeeting', 'birthdayCelebration', 'other'];
interface MemoEntry { id?: string; date: string; title: string; kind: MemoKind; note: string | null; smsText: string | null; broadcastId?: string | null }
interface AnnualMemo { year: number; entries: MemoEntry[]; revision: number }

/** 工作备忘录: the year's dates on one page, printable and exportable, and sent as a series of broadcast drafts. */
export function Memo() {
  const { search } = useLocation();
  const thisYear = Number(officeDay().slice(0, 4));
  const year = search.get('year') ?? String(thisYear);
  const [etag, setEtag] = useState('');
  const [entries, setEntries] = useState<MemoEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const memo = useLoad(async () => {
    const res = await request<AnnualMemo>(`/api/memos/${year}`);
    return { memo: res.data, etag: res.headers.get('ETag') ?? '' };
  }, [year]);
  useEffect(() => { if (memo.data) { setEntries(memo.data.memo.entries); setEtag(memo.data.etag); } }, [memo.data]);
  const err = (k: string) => error?.field(k);
  const change = (i: number, k: keyof MemoEntry, v: string) => setEntries(entries.map((e, j) => (j === i ? { ...e, [k]: v } : e)));

  async function save(e: Event) {
    e.preventDefault();
    try {
      const res = await request<AnnualMemo>(`/api/memos/${year}`, {
        method: 'PUT', headers: { 'If-Match': etag },
        body: { entries: entries.map((x) => ({ id: x.id ?? null, date: x.date || null, title: x.title, kind: x.kind, note: x.note || null, smsText: x.smsText || null })) },
      });
      setEntries(res.data.entries);
      setEtag(res.headers.get('ETag') ?? '');
      setError(null);
      setStatus(t('memo.saved'));
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }

  const file = (format: string) => `/api/memos/${year}/export${query({ format, language: locale() })}`;
  return (
    <div class="memo">
      <div class="row">
        <h1>{t('memo.title', { year })}</h1>
        <label class="inline no-print">{t('events.year')}{' '}
          <select value={year} onChange={(e) => navigate(`/memo${query({ year: e.currentTarget.value })}`)}>
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => <option key={y} value={String(y)}>{y}</option>)}
          </select>
        </label>
      </div>
      <p class="muted">{t('memo.note')}</p>
      <div class="actions no-print">
        <a class="button" href={file('xlsx')} download>{t('memo.exportXlsx')}</a>
        <a class="button" href={file('csv')} download>{t('exportCsv')}</a>
        <button type="button" onClick={() => window.print()}>{t('memo.print')}</button>
      </div>
      <LoadError error={memo.error} />
      <Section title={t('memo.dates')} id="memo-dates">
        <form onSubmit={save} noValidate>
          {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
          {status && <p role="status">{status}</p>}
          {entries.length === 0 && <p>{t('memo.none')}</p>}
          <ol class="memo-entries">
            {entries.map((x, i) => (
              <li key={x.id ?? `new${i}`} class="card">
                <div class="grid">
                  <Field id={`m${i}-date`} label={t('memo.date')} error={err(`entries[${i}].date`)}>
                    <input {...describedBy(`m${i}-date`, err(`entries[${i}].date`))} type="date" value={x.date} onInput={(e) => change(i, 'date', e.currentTarget.value)} />
                  </Field>
                  <Field id={`m${i}-title`} label={t('memo.what')} error={err(`entries[${i}].title`)}>
                    <input {...describedBy(`m${i}-title`, err(`entries[${i}].title`))} value={x.title} onInput={(e) => change(i, 'title', e.currentTarget.value)} />
                  </Field>
                  <Field id={`m${i}-kind`} label={t('memo.kind')} error={err(`entries[${i}].kind`)}>
                    <select {...describedBy(`m${i}-kind`, err(`entries[${i}].kind`))} value={x.kind} onChange={(e) => change(i, 'kind', e.currentTarget.value)}>
                      {memoKinds.map((k) => <option key={k} value={k}>{label('memoKind', k)}</option>)}
                    </select>
                  </Field>
                </div>
                <Field id={`m${i}-sms`} label={t('memo.smsText')} error={err(`entries[${i}].smsText`)}>
                  <input {...describedBy(`m${i}-sms`, err(`entries[${i}].smsText`))} value={x.smsText ?? ''} onInput={(e) => change(i, 'smsText', e.currentTarget.value)} />
                </Field>
                <p class="muted">{formatDay(x.date)}{x.broadcastId ? ` · ${t('memo.drafted')}` : ''}</p>
                <button type="button" class="no-print" onClick={() => setEntries(entries.filter((_, j) => j !== i))}>{t('memo.remove')}</button>
              </li>
            ))}
          </ol>
          <div class="actions no-print">
            <button type="button" onClick={() => setEntries([...entries, { date: '', title: '', kind: 'festival', note: null, smsText: null }])}>{t('memo.add')}</button>
            <button type="submit" class="primary">{t('memo.save')}</button>
          </div>
        </form>
      </Section>
      <SendMemo year={year} onSent={memo.reload} />
    </div>
  );
}

function SendMemo({ year, onSent }: { year: string; onSent: () => void }) {
  const segments = useLoad(() => api<SegmentView[]>('/api/segments'), []);
  const [d, setD] = useState({ segmentId: '', daysBefore: '3', at: '09:00' });
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState('');
  const err = (k: string) => error?.field(k);
  async function send(e: Event) {
    e.preventDefault();
    try {
      const r = await api<{ drafted: number; alreadyDrafted: number; past: number }>(`/api/memos/${year}/send`, {
        method: 'POST', body: { segmentId: d.segmentId || null, daysBefore: Number(d.daysBefore), at: d.at },
      });
      setError(null);
      setResult(t('memo.sent', { drafted: r.drafted, already: r.alreadyDrafted, past: r.past }));
      onSent();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    }
  }
  return (
    <Section title={t('memo.send')} id="memo-send">
      <p class="muted">{t('memo.sendNote')}</p>
      <form onSubmit={send} noValidate class="no-print">
        {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
        {result && <p role="status">{result}</p>}
        <div class="grid">
          <Field id="ms-segment" label={t('messages.savedSegment')} error={err('segmentId')}>
            <select {...describedBy('ms-segment', err('segmentId'))} value={d.segmentId} onChange={(e) => setD({ ...d, segmentId: e.currentTarget.value })}>
              <option value="">—</option>
              {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.recipients})</option>)}
            </select>
          </Field>
          <Field id="ms-days" label={t('memo.daysBefore')} error={err('daysBefore')}>
            <input {...describedBy('ms-days', err('daysBefore'))} type="number" min={0} max={60} value={d.daysBefore} onInput={(e) => setD({ ...d, daysBefore: e.currentTarget.value })} />
          </Field>
          <Field id="ms-at" label={t('memo.at')} error={err('at')}>
            <input {...describedBy('ms-at', err('at'))} type="time" value={d.at} onInput={(e) => setD({ ...d, at: e.currentTarget.value })} />
          </Field>
        </div>
        <div class="actions"><button type="submit" class="primary">{t('memo.makeDrafts')}</button></div>
      </form>
    </Section>
  );
}
