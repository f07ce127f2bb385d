import type { Filter } from '../../types';

export type CertificationState = 'toDo' | 'reminded' | 'homeVisit' | 'elsewhere' | 'done';
export type CertifiedHow = 'app' | 'office' | 'homeVisit' | 'institution';

export const states: CertificationState[] = ['toDo', 'reminded', 'homeVisit', 'elsewhere', 'done'];
export const hows: CertifiedHow[] = ['app', 'office', 'homeVisit', 'institution'];
/** The states staff set by hand (reminded comes from sending, done from marking done). */
export const settable: CertificationState[] = ['toDo', 'homeVisit', 'elsewhere'];

export interface CampaignView {
  id: string; year: number; deadline: string; daysLeft: number; segmentId: string | null; filter: Filter; howText: string; elsewhereText: string;
  total: number; done: number; missing: number; byState: Record<CertificationState, number>; rounds: number; lastRemindedAt: string | null;
  createdBy: string; createdAt: string;
}

export interface CertifyingView {
  retireeId: string; name: string; unit: string | null; city: string | null; livesElsewhere: boolean; mobile: string;
  state: CertificationState; how: CertifiedHow | null; doneAt: string | null; doneBy: string | null; reminders: number; remindedAt: string | null; note: string | null;
}

export interface CertifyingPage { campaign: CampaignView; items: CertifyingView[] }

export interface CertificationLine { at: string; code: string; by: string; args: Record<string, string> }

export interface RetireeCertificationView {
  campaignId: string; year: number; deadline: string; daysLeft: number; state: CertificationState; how: CertifiedHow | null; doneAt: string | null;
  lines: CertificationLine[];
}

export interface CertificationVisitView { campaignId: string; year: number; deadline: string; daysLeft: number; retireeId: string; name: string; mobile: string; area: string | null; unit: string | null }

export interface RemindResult { queued: number; notBySms: number; campaign: CampaignView }
export interface BatchResult { changed: number; notInCampaign: string[]; campaign: CampaignView }

export interface ElsewhereCity { city: string; count: number; retirees: { id: string; name: string; mobile: string; unit: string | null; area: string | null }[] }
