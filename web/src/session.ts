import { api } from './api';

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

export const isStaff = (me: Me) => me.role === 'admin' || me.role === 'coordinator';
