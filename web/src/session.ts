import { api } from './api';
import type { Office } from './office';

export interface Me {
  email: string;
  displayName: string;
  role: 'admin' | 'coordinator' | 'volunteer';
  personId?: string | null;
  oidcEnabled: boolean;
  /** The development phone is there (Development, staff): its menu entry shows. */
  devPhone?: boolean;
}

export function signIn(email: string, password: string): Promise<Me> {
  return api<Me>('/api/auth/login', { method: 'POST', body: { email, password }, noRetry: true });
}

export function signOut(): Promise<void> {
  return api<void>('/api/auth/logout', { method: 'POST', noRetry: true });
}

export function fetchMe(): Promise<Me> {
  return api<Me>('/api/me', { noRetry: true });
}

/**
 * What a signed-in caller's page carries (functions/Afterglow.App/Dashboard/FirstScreen.cs): /api/me and /api/office
 * as they would answer, so the first screen does not wait a round trip for them (issue 14). Read once and removed:
 * after signing out and in again, the page asks.
 */
export function takeFirstScreen(doc: Document = document): { me: Me; office: Office } | undefined {
  const block = doc.getElementById('first-screen');
  if (!block) return undefined;
  block.remove();
  try {
    const data = JSON.parse(block.textContent ?? '');
    return data?.me && data?.office ? data : undefined;
  } catch {
    return undefined;
  }
}

export const isStaff = (me: Me) => me.role === 'admin' || me.role === 'coordinator';
