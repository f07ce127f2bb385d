import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError, Section, Tel, TierBadge } from '../components/ui';
import { formatBytes, formatDateTime, formatDay, officeDay, officeLocalToUtc } from '../format';
import { useLoad, type Loaded } from '../hooks';
import { t } from '../i18n';
import { isStaff, type Me } from '../session';
import type { Attachment, AuditEntry, BereavementPage, CarePlanView, CheckIn, InboxItem, IncidentPage, IncidentSummary, Person, RecentCheckIns, Retiree, RetireeEventView, RetireeGroupView, SmsMessageView, Visit } from '../types';
import { resolutionNote } from '../timeline';
import { changeText } from './changes';
import { CarePlanCard } from './CarePlanCard';
import { RetireeVisits } from './RetireeVisits';
import { RetireeSubsidyCard } from './subsidies/RetireeSubsidyCard';
import type { RetireeSubsidy } from './subsidies/subsidyTypes';
import { RetireeGroupsCard } from './groups/RetireeGroupsCard';
import { roleWord } from './groups/GroupDetail';
import { BereavementCard, caseLineText } from './bereavement/BereavementCard';
import { certificationLineText, RetireeCertificationCard } from './certification/RetireeCertificationCard';
import type { RetireeCertificationView } from './certification/certificationTypes';

export function RetireeDetail({ id, me }: { id: string; me: Me }) {
  const enc = encodeURIComponent(id);
  const retiree = useLoad(() => api<Retiree>(`/api/retirees/${enc}`), [id]);
  const people = useLoad(() => (isStaff(me) ? api<Person[]>('/api/people') : Promise.resolve([] as Person[])), [me.role]);
  // Shared by the visits card and the timeline, so a visit just logged shows in both.
  const visits = useLoad(() => api<Visit[]>(`/api/retirees/${enc}/visits`), [id]);
  // Shared by the bereavement card and the timeline (丧事: the checklist and its lines).
  const bereavement = useLoad(() => api<BereavementPage>(`/api/retirees/${enc}/bereavement`), [id]);
  // Shared by the certification card and the timeline (养老金资格认证: each campaign's state and its lines).
  const certification = useLoad(() => api<RetireeCertificationView[]>(`/api/retirees/${enc}/certification`), [id]);
  // Shared by the groups card and the timeline.
  const groups = useLoad(() => api<RetireeGroupView[]>(`/api/retirees/${enc}/groups`), [id]);
  // The timeline's own lists, asked beside the record rather than after it.
  const records = useLoad(() => loadRecords(id, isStaff(me)), [id, me.role]);
  // Staff's cards, asked beside the record too: drawn only once it has answered, they asked a round trip later.
  const none = () => Promise.resolve(undefined);
  const plan = useLoad(() => (isStaff(me) ? api<CarePlanView>(`/api/careplans/${enc}`) : none()), [id, me.role]);
  const subsidy = useLoad(() => (isStaff(me) ? api<RetireeSubsidy>(`/api/retirees/${enc}/subsidy`) : none()), [id, me.role]);
  const attachments = useLoad(() => (isStaff(me) ? api<Attachment[]>(`/api/retirees/${enc}/attachments`) : none()), [id, me.role]);

  if (retiree.error?.status === 404) return <p role="alert">{t('retiree.notFound')}</p>;
  if (retiree.error) return <LoadError error={retiree.error} />;
  const r = retiree.data;
  if (!r) return <p class="loading">{t('loading')}</p>;
  const p = r.profile;
  const yesNo = (b: boolean) => (b ? t('yes') : t('no'));
  const row = (k: string, v: preact.ComponentChildren) => (v === null || v === undefined || v === '' ? null : <><dt>{k}</dt><dd>{v}</dd></>);
  const personName = (pid: string) => people.data?.find((x) => x.id === pid)?.name ?? (pid === me.personId ? me.displayName : pid);

  return (
    <div class="retiree">
      <div class="row">
        <h1>{p.name}</h1>
        <TierBadge tier={r.tier} />
        <span>{t('retiree.age', { age: r.age })}</span>
        <span class="badge">{label('retireeStatus', p.status)}</span>
        {isStaff(me) && <a class="button" href={`/app/retirees/${enc}/edit`}>{t('edit')}</a>}
        <a class="button" href={`/app/print/cards?retireeId=${enc}`}>{t('print.card')}</a>
      </div>
      {r.tierReasons.length > 0 && <p class="muted">{r.tierReasons.map((x) => label('reason', x)).join(' · ')}{p.tierOverride ? ` · ${t('retiree.tierOverride')}: ${p.tierOverride.reason}` : ''}</p>}

      <div class="grid">
        <Section title={t('retiree.contact')} id="sec-contact">
          <dl>
            {row(t('retiree.mobile'), <Tel phone={p.mobile} />)}
            {row(t('retiree.landline'), p.landline && <Tel phone={p.landline} />)}
            {row(t('retiree.address'), p.address)}
            {row(t('retiree.city'), p.city)}
            {row(t('retiree.livesElsewhere'), p.livesElsewhere ? t('yes') : null)}
            {row(t('retiree.area'), p.area)}
          </dl>
        </Section>
        <Section title={t('retiree.identity')} id="sec-identity">
          <dl>
            {row(t('retiree.gender'), label('gender', p.gender))}
            {row(t('retiree.birthDate'), formatDay(p.birthDate))}
            {row(t('retiree.idNumber'), p.idNumber)}
            {row(t('retiree.unit'), p.unit)}
            {row(t('retiree.title'), p.title)}
            {row(t('retiree.ethnicity'), p.ethnicity)}
            {row(t('retiree.retirementType'), label('retirementType', p.retirementType))}
            {row(t('retiree.workStartDate'), p.workStartDate && formatDay(p.workStartDate))}
            {row(t('retiree.retirementDate'), p.retirementDate && formatDay(p.retirementDate))}
          </dl>
        </Section>
        <Section title={t('retiree.household')} id="sec-household">
          <dl>
            {row(t('retiree.living'), label('living', p.living))}
            {row(t('retiree.emptyNest'), yesNo(p.emptyNest))}
            {row(t('retiree.childless'), yesNo(p.childless))}
            {p.spouse && row(t('retiree.spouseName'), <>{p.spouse.name} {p.spouse.phone && <Tel phone={p.spouse.phone} />}</>)}
            {p.children.map((c, i) => row(t('retiree.childN', { n: i + 1 }), <>{c.name} {c.phone && <Tel phone={c.phone} />}</>))}
          </dl>
        </Section>
        <Section title={t('retiree.health')} id="sec-health">
          <dl>
            {row(t('retiree.seriousIllness'), yesNo(p.seriousIllness))}
            {row(t('retiree.disability'), yesNo(p.disability))}
            {row(t('retiree.mobility'), label('mobility', p.mobility))}
            {row(t('retiree.selfCare'), label('selfCare', p.selfCare))}
            {row(t('retiree.hardship'), yesNo(p.hardship))}
            {row(t('retiree.healthNotes'), p.healthNotes)}
            {row(t('retiree.medicalInsurance'), p.medicalInsurance)}
            {row(t('retiree.designatedHospital'), p.designatedHospital)}
            {row(t('retiree.familyDoctor'), p.familyDoctor)}
          </dl>
        </Section>
        <Section title={t('retiree.affiliations')} id="sec-affiliations">
          <dl>
            {row(t('retiree.partyMember'), yesNo(p.partyMember))}
            {row(t('retiree.partyJoinDate'), p.partyJoinDate && formatDay(p.partyJoinDate))}
            {row(t('retiree.partyBranch'), p.partyBranch)}
            {row(t('retiree.hobbies'), p.hobbies)}
            {row(t('retiree.language'), p.language === 'en' ? 'English' : '中文')}
            {row(t('retiree.smsConsent'), yesNo(p.smsConsent))}
          </dl>
        </Section>
        <Section title={t('retiree.people')} id="sec-people">
          <h3>{t('retiree.emergencyContacts')}</h3>
          {p.emergencyContacts.length === 0 ? <p class="muted">{t('retiree.noContacts')}</p> : (
            <ol>{p.emergencyContacts.map((c, i) => <li key={i}>{c.name}{c.relation ? ` (${c.relation})` : ''} <Tel phone={c.phone} /></li>)}</ol>
          )}
          <h3>{t('retiree.volunteers')} <span class="muted">· {label('pairing', p.pairing)}</span></h3>
          {p.volunteerIds.length === 0 ? <p class="muted">{t('retiree.noVolunteer')}</p> : (
            <ul>{p.volunteerIds.map((v, i) => {
              const person = people.data?.find((x) => x.id === v) ?? r.volunteers?.find((x) => x.id === v);
              // The first is notified first (primary); the second stands in when the primary is away (backup).
              const role = p.pairing === 'manyToOne' ? null : i === 0 ? t('volunteer.primary') : i === 1 ? t('volunteer.backup') : null;
              return <li key={v}>{role && <span class="badge">{role}</span>} {person?.name ?? personName(v)} {person && <Tel phone={person.phone} />}</li>;
            })}</ul>
          )}
        </Section>
      </div>
      <BereavementCard retiree={r} page={bereavement} staff={isStaff(me)} people={people.data ?? []}
        onChange={async () => { await Promise.all([bereavement.reload(), retiree.reload()]); }} />
      <RetireeVisits retireeId={id} visits={visits} staff={isStaff(me)} />
      {isStaff(me) && <CarePlanCard id={id} view={plan} />}
      {isStaff(me) && <RetireeSubsidyCard id={id} data={subsidy} />}
      <RetireeGroupsCard groups={groups} staff={isStaff(me)} />
      <RetireeCertificationCard retireeId={id} list={certification} />
      {isStaff(me) && <Attachments id={id} list={attachments} />}
      <Timeline retiree={r} staff={isStaff(me)} records={records} visits={visits} groups={groups} bereavement={bereavement} certification={certification} />
    </div>
  );
}

function Attachments({ id, list }: { id: string; list: Loaded<Attachment[] | undefined> }) {
  const base = `/api/retirees/${encodeURIComponent(id)}/attachments`;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setBusy(true);
    setError(null);
    try {
      await api(base, { method: 'POST', body: form });
      input.value = '';
      await list.reload();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('retiree.attachments')} id="sec-attachments">
      <LoadError error={list.error} />
      {list.data?.length === 0 && <p class="muted">{t('retiree.noAttachments')}</p>}
      <ul>
        {list.data?.map((a) => (
          <li key={a.id}><a href={`${base}/${encodeURIComponent(a.id)}`} target="_blank" rel="noopener">{a.fileName}</a> <span class="muted">{formatBytes(a.size)} · {formatDateTime(a.uploadedAt)} · {a.uploadedBy}</span></li>
        ))}
      </ul>
      <Field id="att-file" label={busy ? t('retiree.uploading') : t('retiree.upload')} error={error?.field('file') ?? (error ? error.title : undefined)}>
        <input {...describedBy('att-file', error?.field('file'))} type="file" accept="image/jpeg,image/png,application/pdf" disabled={busy} onChange={upload} />
      </Field>
    </Section>
  );
}

interface Entry { at: string; text: string; href?: string; /** A calendar day shown without a time (visits). */ day?: string }

/** A visit sits at the time it was logged when that was on its day, else at midday of its day (office time). */
function visitEntry(v: Visit): Entry {
  const at = officeDay(0, Date.parse(v.recordedAt)) === v.date ? v.recordedAt : officeLocalToUtc(`${v.date}T12:00`);
  const who = v.visitors ? ` · ${v.visitors}` : '';
  return { at, day: v.date, text: `${t('retiree.visit', { kind: label('visitKind', v.kind) })}${who}${v.note ? `: ${v.note}` : ''}` };
}

/** What the timeline reads besides the record, the visits and the cards' own lists: asked by id only. */
interface Records { open: IncidentSummary[]; closed: IncidentSummary[]; week: CheckIn[]; events: RetireeEventView[]; inbox: InboxItem[]; changes: AuditEntry[] }

/**
 * The timeline's lists, everything at once, one request per kind (the week's check-ins were seven, one a day). By the
 * retiree's id, so they are asked beside the record itself, not after it: one wait fewer on a cold page (issue 14).
 * Only this retiree's incidents, check-ins and replies travel; the office's lists stay on the server.
 */
async function loadRecords(id: string, staff: boolean): Promise<Records> {
  const enc = encodeURIComponent(id);
  const only = `retireeId=${enc}`;
  const [open, closed, week, events, [inbox, changes]] = await Promise.all([
    api<IncidentSummary[]>(`/api/incidents?status=open&${only}`),
    api<IncidentPage>(`/api/incidents/history?max=200&${only}`).then((p) => p.items).catch(() => [] as IncidentSummary[]),
    api<RecentCheckIns>(`/api/checkins/recent?days=7&${only}`).then((r) => r.items).catch(() => [] as CheckIn[]),
    api<RetireeEventView[]>(`/api/retirees/${enc}/events`).catch(() => [] as RetireeEventView[]),
    staff ? Promise.all([
      api<InboxItem[]>(`/api/messages/inbox?status=all&max=200&${only}`).catch(() => [] as InboxItem[]),
      api<AuditEntry[]>(`/api/retirees/${enc}/changes`).catch(() => [] as AuditEntry[]),
    ]) : Promise.resolve([[], []] as [InboxItem[], AuditEntry[]]),
  ]);
  return { open, closed, week, events, inbox, changes };
}

/** One timeline from what the API has: the record's changes, incidents, visits, the last week's check-ins and SMS. */
function Timeline({ retiree, staff, records, visits, groups, bereavement, certification }:
  { retiree: Retiree; staff: boolean; records: Loaded<Records>; visits: Loaded<Visit[]>; groups: Loaded<RetireeGroupView[]>;
    bereavement: Loaded<BereavementPage>; certification: Loaded<RetireeCertificationView[]> }) {
  // The SMS are found by number, so they wait for the record (and follow a changed number).
  const sms = useLoad(() => (staff
    ? api<SmsMessageView[]>(`/api/messages?to=${encodeURIComponent(retiree.profile.mobile)}&days=30&max=200`).catch(() => [] as SmsMessageView[])
    : Promise.resolve([] as SmsMessageView[])), [retiree.profile.mobile, staff]);
  // An edit of the record here is one more line in its changes: ask again when the record changes.
  const shown = useRef(retiree.updatedAt);
  useEffect(() => {
    if (shown.current === retiree.updatedAt) return;
    shown.current = retiree.updatedAt;
    void records.reload();
  }, [retiree.updatedAt]);

  // Shown once every list has answered (the groups' own card shows their error, if any).
  const entries = records.data && sms.data && !groups.loading ? timelineEntries(retiree, staff, records.data, sms.data, groups.data ?? []) : undefined;
  const lines = (bereavement.data?.case?.lines ?? []).map((l): Entry => ({ at: l.at, text: caseLineText(l), href: '#sec-bereavement' }));
  const certified = (certification.data ?? []).flatMap((c) => c.lines.map((l): Entry => ({ at: l.at, text: certificationLineText(c.year, l), href: '#sec-certification' })));
  const all = entries && [...entries, ...(visits.data ?? []).map(visitEntry), ...lines, ...certified].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section title={t('retiree.timeline')} id="sec-timeline">
      <p class="muted">{t('retiree.timelineNote')}</p>
      <LoadError error={records.error} />
      {all?.length === 0 && <p>{t('retiree.timelineEmpty')}</p>}
      <ol class="timeline">
        {all?.map((e, i) => <li key={i}>{e.day ? <time dateTime={e.day}>{formatDay(e.day)}</time> : <time dateTime={e.at}>{formatDateTime(e.at)}</time>}{e.href ? <a href={e.href}>{e.text}</a> : e.text}</li>)}
      </ol>
    </Section>
  );
}

/** The timeline's lines from its lists, newest first. Staff see every change with who made it; volunteers see when the record was created and last changed. */
function timelineEntries(retiree: Retiree, staff: boolean, { open, closed, week, events, inbox, changes }: Records, sms: SmsMessageView[], groups: RetireeGroupView[]): Entry[] {
  const list: Entry[] = staff
    ? [
        ...(changes.some((c) => c.action === 'retiree.create') ? [] : [{ at: retiree.createdAt, text: t('retiree.created') }]),
        ...changes.map((c) => ({ at: c.at, text: changeText(c) })),
      ]
    : [
        { at: retiree.createdAt, text: t('retiree.created') },
        ...(retiree.updatedAt !== retiree.createdAt ? [{ at: retiree.updatedAt, text: t('retiree.updated') }] : []),
      ];
  for (const i of [...open, ...closed]) {
    // Each opens its whole record: the timeline, and for a resolved one the outcome and the note.
    const note = i.status === 'resolved' ? resolutionNote(i) : '';
    list.push({ at: i.openedAt, href: `/app/incidents/${encodeURIComponent(i.id)}`,
      text: `${t('retiree.incident', { code: i.code, kind: label('kind', i.kind) })} · ${label('incidentStatus', i.status)}${i.outcome ? ` · ${label('outcome', i.outcome)}` : ''}${note ? ` · ${note}` : ''}` });
  }
  for (const c of week) {
    list.push({ at: c.answeredAt ?? c.dueAt, text: t('retiree.checkIn', { status: label('checkInStatus', c.status) }) });
  }
  // Events: the answer (or the invitation), and whether they came once it has begun.
  for (const ev of events) {
    list.push({ at: ev.answeredAt ?? ev.invitedAt ?? ev.startsAt, text: t('retiree.event', { title: ev.title, state: label('attendeeState', ev.state) }) });
    if (ev.attended === true) list.push({ at: ev.startsAt, text: t('retiree.eventCame', { title: ev.title }) });
    else if (ev.noShow) list.push({ at: ev.startsAt, text: t('retiree.eventNoShow', { title: ev.title }) });
  }
  // Groups: when they joined (a branch, a class, an interest group) and as what.
  for (const g of groups) list.push({ at: g.joinedAt, text: t('retiree.groupJoined', { name: g.name, role: roleWord(g, g.role) }) });
  for (const m of inbox) list.push({ at: m.receivedAt, text: `${t('retiree.reply')}: ${m.text}` });
  for (const m of sms) list.push({ at: m.sentAt ?? m.createdAt, text: `${t('retiree.sms', { purpose: label('purpose', m.purpose), state: label('smsState', m.state) })}: ${m.text}` });
  return list.sort((a, b) => b.at.localeCompare(a.at));
}
