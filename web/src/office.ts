import { api } from './api';
import { loadPhoneRules, setOfficePhoneRegion, setOfficeTimeZone } from './format';

/** GET /api/office: the deployment's office settings (read-only in the dashboard). */
export interface Office {
  name: string;
  timeZone: string;
  phoneRegion: string;
  quietHours: { start: string; end: string };
  currency: string;
  costPerSmsSegment: number;
  /** E.164; printed on emergency cards. */
  hotline?: string | null;
}

let current: Office | undefined;

/** Loaded once after sign-in; from then on every date and time is shown in the office's zone. */
export async function loadOffice(): Promise<Office> {
  const [office] = await Promise.all([api<Office>('/api/office', { noRetry: true }), loadPhoneRules()]);
  return applyOffice(office);
}

/** The office's settings as read (by loadOffice, or from the page: session.ts takeFirstScreen), once phones can be shown. */
export async function applyOffice(office: Office): Promise<Office> {
  await loadPhoneRules();
  setOfficeTimeZone(office.timeZone);
  setOfficePhoneRegion(office.phoneRegion);
  current = office;
  return office;
}

export function office(): Office | undefined {
  return current;
}
