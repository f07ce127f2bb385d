// Today's call list for the call channel, on paper: the same tasks the Today page shows (GET /api/checkins,
// filtered by callTasks), for a caller working from a landline.
import { api } from '../../api';
import { LoadError } from '../../components/ui';
import { formatDay, formatPhone, formatTime } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import type { CheckInPage } from '../../types';
import { callTasks } from '../CallTasks';
import { PrintBar } from './PrintBar';

export function PrintCalls() {
  const page = useLoad(() => api<CheckInPage>('/api/checkins'), []);
  const tasks = page.data ? callTasks(page.data.items) : [];
  return (
    <div>
      <PrintBar title={t('print.callsTitle')} />
      <LoadError error={page.error} />
      {page.data && (
        <>
          <p class="print-subtitle">{formatDay(page.data.day)} {t('print.callsCount', { n: tasks.length })}</p>
          <table class="print-table">
            <thead><tr><th>{t('print.no')}</th><th>{t('print.name')}</th><th>{t('print.phone')}</th><th>{t('print.callBefore')}</th><th>{t('print.smsCode')}</th><th>{t('print.outcome')}</th></tr></thead>
            <tbody>
              {tasks.map((c, i) => (
                <tr key={c.id}>
                  <td>{i + 1}</td><td>{c.retireeName}</td><td>{formatPhone(c.mobile)}</td><td>{formatTime(c.windowEndsAt)}</td><td>{c.callCode ?? ''}</td>
                  <td class="outcome-boxes">{t('print.outcomeBoxes')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
