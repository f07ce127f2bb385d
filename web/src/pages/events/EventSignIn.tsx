// The event's sign-in sheet on paper: the export's own table (format=json), so the printed sheet and the .xlsx
// list the same people in the same order.
import { api, query } from '../../api';
import { LoadError } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { PrintBar, printLanguage } from '../printouts/PrintBar';

interface ExportTable { header: string[]; rows: string[][] }

export function EventSignIn({ id }: { id: string }) {
  const enc = encodeURIComponent(id);
  const event = useLoad(() => api<{ title: string; startsAt: string; place: string }>(`/api/events/${enc}`), [id]);
  const sheet = useLoad(() => api<ExportTable>(`/api/events/${enc}/export${query({ list: 'signin', format: 'json', language: printLanguage() })}`), [id]);
  return (
    <div>
      <PrintBar title={t('print.signInTitle')} />
      <LoadError error={event.error ?? sheet.error} />
      {event.data && <p class="print-subtitle">{event.data.title} · {formatDateTime(event.data.startsAt)} · {event.data.place}</p>}
      {sheet.data && (
        <table class="print-table sign-in">
          <thead><tr>{sheet.data.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
          <tbody>{sheet.data.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v}</td>)}</tr>)}</tbody>
        </table>
      )}
    </div>
  );
}
