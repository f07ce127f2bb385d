import type { ComponentChildren } from 'preact';
import { locale, t } from '../../i18n';

/** The controls above a printout (never printed): its title, options, and the button that opens the print dialog. */
export function PrintBar({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="print-bar no-print">
      <h1>{title}</h1>
      {children}
      <button type="button" class="primary" onClick={() => window.print()}>{t('print.print')}</button>
      <button type="button" onClick={() => history.back()}>{t('print.back')}</button>
    </div>
  );
}

/** The language the server words a printout in: the dashboard's own. */
export const printLanguage = (): 'en' | 'zh-CN' => (locale() === 'en' ? 'en' : 'zh-CN');
