// Shapes of the API's JSON (camelCase, enums as camelCase strings), as the C# DTOs define them.

export type RiskTier = 'standard' | 'elevated' | 'high' | 'critical';
export type AgeBand = 'under70' | 'from70' | 'from80' | 'from85' | 'from90';
export type RetireeStatus = 'active' | 'hospitalised' | 'away' | 'deceased' | 'archived';

export interface RetireeListItem {
  id: string; name: string; mobile: string; age: number; ageBand: AgeBand; tier: RiskTier; status: RetireeStatus;
  unit?: string | null; partyBranch?: string | null; city?: string | null; livesAlone: boolean; livesElsewhere: boolean;
  area?: string | null; volunteerIds: string[];
}

export interface RetireePage { items: RetireeListItem[]; total: number; page: number; pageSize: number }
/** The registry's head counts (GET /api/retirees/counts), keyed by the filters' values; staff only. */
export interface RetireeCounts { activeByAgeBand: Record<string, number>; activeByTier: Record<string, number>; byStatus: Record<string, number> }

export interface FamilyMember { name: string; relation?: string | null; phone?: string | null }
export interface EmergencyContact { name: string; relation?: string | null; phone: string }

export interface RetireeProfile {
  name: string; gender: 'unspecified' | 'male' | 'female'; birthDate: string; idNumber?: string | null; unit?: string | null;
  title?: string | null; retirementType: 'retired' | 'veteran'; workStartDate?: string | null; retirementDate?: string | null; ethnicity?: string | null;
  mobile: string; landline?: string | null; address?: string | null; city?: string | null; livesElsewhere: boolean; area?: string | null;
  living: 'unknown' | 'alone' | 'withSpouse' | 'withChildren' | 'careHome' | 'other'; emptyNest: boolean; childless: boolean;
  spouse?: FamilyMember | null; children: FamilyMember[];
  conditions: string[]; seriousIllness: boolean; mobility: 'independent' | 'aided' | 'wheelchair' | 'bedridden'; disability: boolean;
  selfCare: 'full' | 'partial' | 'none'; hearing: 'normal' | 'impaired' | 'lost'; sight: 'normal' | 'impaired' | 'lost';
  hardship: boolean; healthNotes?: string | null;
  medicalInsurance?: string | null; designatedHospital?: string | null; familyDoctor?: string | null;
  partyMember: boolean; partyJoinDate?: string | null; partyBranch?: string | null; groups: string[]; hobbies?: string | null;
  language: string; smsConsent: boolean; preferredCheckInTime?: string | null;
  status: RetireeStatus; deceasedOn?: string | null;
  emergencyContacts: EmergencyContact[]; volunteerIds: string[]; pairing: 'oneToOne' | 'manyToOne';
  tierOverride?: { tier: RiskTier; reason: string } | null;
}

export interface Retiree {
  id: string; age: number; ageBand: AgeBand; tier: RiskTier; tierReasons: string[]; createdAt: string; updatedAt: string; profile: RetireeProfile;
  volunteers?: { id: string; name: string; phone: string }[] | null;
}

export interface Person {
  id: string; name: string; phone: string; role: 'staff' | 'liaison' | 'volunteer'; language: string; areas: string[]; active: boolean; notes?: string | null;
}
export interface Area { id: string; name: string; liaisonIds: string[] }

export type IncidentKind = 'missed' | 'undelivered' | 'help' | 'callNotReached';
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type IncidentOutcome = 'well' | 'reachedByPhone' | 'visited' | 'hospitalised' | 'deceased' | 'falseAlarm' | 'other';

export interface IncidentSummary {
  id: string; code: string; retireeId: string; retireeName: string; kind: IncidentKind; status: IncidentStatus; level: number;
  openedAt: string; nextAt?: string | null; pending: boolean; notifiedPhones: string[]; volunteerIds: string[];
  acknowledgedAt?: string | null; acknowledgedBy?: string | null; resolvedAt?: string | null; outcome?: IncidentOutcome | null;
  resolvedBy?: string | null; note?: string | null; noteCode?: string | null; noteArgs?: Record<string, string> | null;
}

/** A page of the resolved incidents' history; next is the cursor of the following page. */
export interface IncidentPage { items: IncidentSummary[]; next?: string | null }

export interface Recipient { role: 'retiree' | 'volunteer' | 'liaison' | 'coordinator' | 'family' | 'other'; name: string; phone: string; language: string; personId?: string | null }
export interface EscalationStep { number: number; level: number; round: number; target: string; startedAt: string; recipients: Recipient[]; sent: boolean }
/** A timeline line: code and args say it in the reader's language; detail is the English (all that older lines have). */
export interface TimelineEvent {
  at: string; kind: string; actor: string; detail: string; level?: number | null; name?: string | null; phone?: string | null; role?: string | null;
  code?: string | null; args?: Record<string, string> | null;
}

export interface IncidentDetail {
  id: string; code: string; retireeId: string; retireeName: string; kind: IncidentKind; status: IncidentStatus; level: number;
  openedAt: string; since: string; nextAt?: string | null;
  acknowledged?: { at: string; by: string; phone?: string | null; via: string } | null;
  resolution?: { outcome: IncidentOutcome; note: string; at: string; by: string; noteCode?: string | null; noteArgs?: Record<string, string> | null } | null;
  steps: EscalationStep[];
  /** Null in Today's list: the card loads it when opened. */
  timeline: TimelineEvent[] | null;
  /** The retiree's mobile, to call them from the card. */
  retireeMobile?: string | null;
}

export type CheckInStatus = 'scheduled' | 'sent' | 'answered' | 'missed' | 'undelivered';
export interface CheckIn {
  id: string; retireeId: string; retireeName: string; mobile: string; language: string; volunteerIds: string[];
  dueAt: string; windowEndsAt: string; status: CheckInStatus; delivery: string; answer?: string | null; answeredAt?: string | null;
  incidentId?: string | null; massId?: string | null; callBack: boolean;
  channel: 'sms' | 'call'; callCode?: string | null; callerName?: string | null; callerPhone?: string | null;
}
/** One count of /api/reports: a kind's items in one state over a day (yyyy-MM-dd) or an office month (yyyy-MM). */
export interface ReportCount { period: string; kind: string; state: string; items: number; amount: number }
export interface ReportCounts { from: string; to: string; days: ReportCount[]; months: ReportCount[] }
export interface CheckInPage { day: string; items: CheckIn[]; answered: number; notYet: number; missed: number; undelivered: number }
/** One retiree's last days of check-ins (GET /api/checkins/recent), newest first. */
export interface RecentCheckIns { today: string; items: CheckIn[] }

export type Cadence = 'daily' | 'everyTwoDays' | 'twiceWeekly' | 'weekly' | 'none';
export interface CarePlan {
  retireeId: string; cadence: Cadence; at: string; skipDays: string[]; pause?: { until: string; reason: string; from?: string | null } | null;
  escalateTo: string[]; answerWindowMinutes: number; anchor: string; custom: boolean; state: 'active' | 'stopped'; stopReason?: string | null;
}
export interface CarePlanView {
  plan: CarePlan; stored: boolean; nextDueLocal?: string | null;
  contacts: { name: string; relation?: string | null; phone: string; consent?: string | null; reassurance: boolean }[];
}

export interface Shift { day: string; start: string; end: string; personId: string }
export interface RosterOverride { from: string; to: string; personId: string; note?: string | null }
export interface RosterView {
  roster: { weekly: Shift[]; overrides: RosterOverride[] };
  onDutyNow: { id: string; name: string; phone: string }[];
  everyCoordinatorFallback: boolean;
}

export interface Attachment { id: string; fileName: string; contentType: string; size: number; uploadedAt: string; uploadedBy: string }
export interface ImportError { line: number; field: string; message: string }
export interface ImportColumn { index: number; header: string; field?: string | null; how: 'known' | 'remembered' | 'mapped' | 'ignored' | 'unknown'; samples: string[] }
export type DuplicateChoice = 'update' | 'skip' | 'create';
export interface ImportDuplicate { line: number; name: string; reason: 'idNumber' | 'nameAndBirthDate' | 'mobile'; retireeId?: string | null; retireeName?: string | null; otherLine?: number | null; choice: DuplicateChoice }
export interface ImportFieldInfo { name: string; chinese: string; english: string }
export interface ImportReport {
  dryRun: boolean; rows: number; valid: number; imported: number; errors: ImportError[];
  readAs?: string; sheets?: string[]; sheet?: string | null; headerLine?: number; columns?: ImportColumn[]; hiddenRows?: number[]; emptyRows?: number;
  duplicates?: ImportDuplicate[]; updated?: number; skipped?: number; fields?: ImportFieldInfo[]; repeated?: boolean;
  /** The job writing the rows (not for a dry run): running until every row is written. */
  jobId?: string | null; state?: 'running' | 'done' | null; processed?: number; total?: number;
}

export interface EscalationLevel { target: string; waitMinutes: number; repeat: boolean }
export interface EscalationPolicy { levels: EscalationLevel[]; ackTimeoutMinutes: number; urgentWaitMinutes: number; maxRepeats: number; maxAckReminders: number }

export interface Account { email: string; displayName: string; role: 'admin' | 'coordinator' | 'volunteer'; personId?: string | null; disabled: boolean; lockedUntil?: string | null }
export interface AuditEntry { at: string; actor: string; role: string; action: string; retireeId?: string | null; detail: string; actorName?: string | null }

export type SmsState = 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled';
export interface SmsMessageView {
  id: string; to: string; text: string; language: string; templateId: string; purpose: string; cause: string; state: SmsState;
  createdAt: string; notBefore: string; sentAt?: string | null; deliveredAt?: string | null; finishedAt?: string | null;
  attempts: number; segments: number; error?: string | null; retireeId?: string | null; broadcastId?: string | null;
}
export interface InboxItem {
  id: string; from: string; text: string; receivedAt: string; flag: 'none' | 'urgent' | 'optedOut' | 'toRead';
  retireeId?: string | null; retireeName?: string | null; personId?: string | null; personName?: string | null;
  handled: boolean; handledBy?: string | null; handledAt?: string | null; note?: string | null;
  checkInIds: string[]; answer?: 'unclear' | 'well' | 'unwell' | 'help' | 'optOut' | null;
}
export interface SmsTemplate { id: string; zhCn: string; en: string; description?: string | null; edited: boolean; parameters: string[] }
export type Filter = Partial<Record<'tier' | 'status' | 'ageBand' | 'retirementType' | 'unit' | 'branch' | 'city' | 'area' | 'volunteerId' | 'group' | 'groupId' | 'q', string | null>> & { livesAlone?: boolean | null; livesElsewhere?: boolean | null; ageBands?: AgeBand[] | null };
export interface SegmentView { id: string; name: string; filter: Filter; matched: number; recipients: number; updatedAt: string }
export interface Broadcast {
  id: string; name: string; templateId: string; parameters: Record<string, string>; segmentId?: string | null; filter?: Filter | null;
  sendAt: string; collectAnswers: boolean; state: 'draft' | 'approved' | 'queued' | 'cancelled'; createdBy: string; createdAt: string;
  approvedBy?: string | null; approvedAt?: string | null; queuedAt?: string | null; queued: number; updatedBy?: string | null;
}
export interface Preview {
  recipients: number; excluded: { retireeId: string; name: string; reason: string }[]; sample: string; encoding: string;
  segmentsPerMessage: number; costPerMessage: number; totalCost: number; currency: string;
}
export interface BroadcastAnswer { phone: string; retireeId?: string | null; name?: string | null; text: string; at: string }
export interface BroadcastRecipient { to: string; retireeId?: string | null; state: SmsState; error?: string | null; sentAt?: string | null; deliveredAt?: string | null }

export type VisitKind = 'home' | 'hospital' | 'festival' | 'birthday' | 'condolence' | 'phone' | 'other';

export interface Visit {
  id: string; retireeId: string; retireeName?: string | null; date: string; kind: VisitKind; visitors?: string | null; note?: string | null;
  amount?: number | null; recordedBy: string; recordedAt: string;
}

export interface VisitPage { items: Visit[]; total: number; truncated: boolean }

export interface NotVisitedRetiree { id: string; name: string; tier: RiskTier; mobile: string; area?: string | null; unit?: string | null }

export interface Coverage {
  from: string; to: string; kind?: VisitKind | null; total: number; visited: number; visits: number;
  byTier: { tier: RiskTier; total: number; visited: number }[];
  notVisited: NotVisitedRetiree[]; notVisitedTotal: number; truncated: boolean;
}

// Events (issue 17): 健康体检, 讲座, 出游, 慰问品领取.
export type EventKind = 'checkup' | 'lecture' | 'outing' | 'giftPickup' | 'meeting' | 'other';
export type EventState = 'draft' | 'open' | 'cancelled';
export type AttendeeState = 'invited' | 'joined' | 'waiting' | 'declined' | 'elsewhere';
export interface EventView {
  id: string; title: string; kind: EventKind; startsAt: string; place: string; capacity: number; segmentId: string | null; filter: Filter;
  elsewhereText: string | null; code: string; state: EventState; past: boolean; invited: number; joined: number; waiting: number;
  declined: number; attended: number; noShows: number; invitedAt: string | null; createdBy: string; createdAt: string;
}
export interface AttendeeView {
  retireeId: string; name: string; mobile: string; unit: string | null; state: AttendeeState; answeredBy: string | null;
  answeredAt: string | null; waitingPosition: number | null; attended: boolean | null; noShow: boolean;
}
export interface RetireeEventView {
  eventId: string; title: string; kind: EventKind; startsAt: string; place: string; eventState: EventState; state: AttendeeState;
  invitedAt: string | null; answeredAt: string | null; attended: boolean | null; noShow: boolean;
}

// Bereavement (丧事): a recorded death and its checklist.
export type ChecklistItemKind = 'condolenceVisit' | 'funeralAllowance' | 'pensionPayment' | 'survivorAid';
export type ChecklistItemState = 'open' | 'done' | 'notNeeded';
export type LearnedFrom = 'family' | 'volunteer' | 'liaison' | 'hospital' | 'street' | 'colleague' | 'other';
export interface NextOfKin { source: string; name: string; relation: string | null; phone: string | null }
export interface ChecklistItemView {
  kind: ChecklistItemKind; due: string; assigneeId: string | null; assigneeName: string | null; state: ChecklistItemState;
  note: string | null; closedAt: string | null; closedBy: string | null; overdue: boolean;
}
export interface CaseLine { at: string; code: string; by: string; args: Record<string, string> }
export interface BereavementView {
  retireeId: string; name: string; diedOn: string; learnedOn: string; learnedFrom: LearnedFrom; learnedNote: string | null;
  nextOfKin: NextOfKin | null; items: ChecklistItemView[]; lines: CaseLine[]; archived: boolean; archivedAt: string | null;
  recordedBy: string; recordedAt: string; eTag: string;
}
export interface BereavementPage { case: BereavementView | null; nextOfKinChoices: NextOfKin[]; survivorAidApplies: boolean }
export interface BereavementSummary {
  retireeId: string; name: string; diedOn: string; learnedOn: string; open: number; overdue: ChecklistItemView[]; nextDue: string | null;
}

export type GroupType = 'branch' | 'class' | 'interest';
export type MeetingKind = 'organisation' | 'committee' | 'lecture' | 'review' | 'activity';
export type MemberRole = 'member' | 'leader';
export interface ChecklistLine { kind: MeetingKind; required: number; held: number }
export interface GroupView {
  id: string; name: string; type: GroupType; note?: string | null; required: Partial<Record<MeetingKind, number>>; term?: string | null;
  termStart?: string | null; termEnd?: string | null; capacity?: number | null; members: number; full: boolean; year: number;
  meetingsHeld: number; meetingsRequired: number; heldTowardsRequired: number; checklist: ChecklistLine[]; createdBy: string; createdAt: string;
}
export interface MemberView { retireeId: string; name: string; unit?: string | null; mobile: string; status: RetireeStatus; role: MemberRole; joinedAt: string; term?: string | null }
export interface MeetingView { id: string; date: string; kind: MeetingKind; topic: string; attendeeIds: string[]; attended: number; recordedBy: string; recordedAt: string }
export interface MeetingsYear { year: number; checklist: ChecklistLine[]; heldTowardsRequired: number; required: number; meetings: MeetingView[] }
export interface RetireeGroupView { groupId: string; name: string; type: GroupType; role: MemberRole; joinedAt: string; attendedThisYear: number; lastAttended?: string | null }
