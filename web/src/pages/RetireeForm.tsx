import { useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import { describedBy, Field } from '../components/Field';
import { label, LoadError } from '../components/ui';
import { useLoad } from '../hooks';
import { t, type StringKey } from '../i18n';
import { navigate } from '../router';
import { api } from '../api';
import type { Area, Person, Retiree, RetireeProfile } from '../types';
import { FamilyFields } from './FamilyFields';
import { statuses, tiers } from './Retirees';

export const emptyProfile: RetireeProfile = {
  name: '', gender: 'unspecified', birthDate: '', idNumber: '', unit: '', title: '', retirementType: 'retired',
  workStartDate: '', retirementDate: '', ethnicity: '', spouse: null, medicalInsurance: '', designatedHospital: '', familyDoctor: '', partyJoinDate: '',
  mobile: '', landline: '', address: '', city: '', livesElsewhere: false, area: '',
  living: 'unknown', emptyNest: false, childless: false, children: [],
  conditions: [], seriousIllness: false, mobility: 'independent', disability: false, selfCare: 'full', hearing: 'normal', sight: 'normal',
  hardship: false, healthNotes: '', partyMember: false, partyBranch: '', groups: [], hobbies: '',
  language: 'zh-CN', smsConsent: true, preferredCheckInTime: null, status: 'active', deceasedOn: null,
  emergencyContacts: [], volunteerIds: [], pairing: 'oneToOne', tierOverride: null,
};

/** What the API accepts: empty dates left out (a date cannot be ""), empty optional text as null. */
export function toRequest(p: RetireeProfile): Record<string, unknown> {
  const body: Record<string, unknown> = { ...p };
  for (const [k, v] of Object.entries(body)) if (v === '') body[k] = null;
  if (!p.birthDate) delete body.birthDate;
  if (p.preferredCheckInTime) body.preferredCheckInTime = p.preferredCheckInTime.length === 5 ? `${p.preferredCheckInTime}:00` : p.preferredCheckInTime;
  if (p.status !== 'deceased') body.deceasedOn = null;
  if (p.tierOverride && !p.tierOverride.tier) body.tierOverride = null;
  // A child row left empty is no child; a spouse's phone may be left out.
  body.children = p.children.filter((c) => c.name.trim() !== '' || (c.phone ?? '').trim() !== '').map((c) => ({ ...c, phone: c.phone || null }));
  if (p.spouse) body.spouse = { ...p.spouse, phone: p.spouse.phone || null };
  return body;
}

type Load = { retiree?: Retiree; etag?: string };

/** Create (no id) or edit a retiree. Keeps the typed values on errors; a stale edit offers a reload. */
export function RetireeForm({ id }: { id?: string }) {
  const loaded = useLoad<Load>(async () => {
    if (!id) return {};
    const res = await request<Retiree>(`/api/retirees/${encodeURIComponent(id)}`);
    return { retiree: res.data, etag: res.headers.get('ETag') ?? undefined };
  }, [id]);
  const volunteers = useLoad(() => api<Person[]>('/api/people').then((ps) => ps.filter((p) => p.role === 'volunteer')), []);
  const areas = useLoad(() => api<Area[]>('/api/areas'), []);

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!loaded.data) return <p class="loading">{t('loading')}</p>;
  return (
    <ProfileForm key={loaded.data.etag ?? 'new'} id={id} initial={loaded.data.retiree?.profile ?? emptyProfile} etag={loaded.data.etag}
      volunteers={volunteers.data ?? []} areas={areas.data ?? []} onReload={loaded.reload} />
  );
}

interface ProfileFormProps { id?: string; initial: RetireeProfile; etag?: string; volunteers: Person[]; areas: Area[]; onReload: () => Promise<void> }

function ProfileForm({ id, initial, etag, volunteers, areas, onReload }: ProfileFormProps) {
  const [p, setP] = useState<RetireeProfile>(() => ({ ...emptyProfile, ...initial, preferredCheckInTime: initial.preferredCheckInTime?.slice(0, 5) ?? null }));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (field: string) => error?.field(field);

  function set<K extends keyof RetireeProfile>(k: K, v: RetireeProfile[K]) {
    setP((prev) => ({ ...prev, [k]: v }));
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = id
        ? await request<Retiree>(`/api/retirees/${encodeURIComponent(id)}`, { method: 'PUT', body: toRequest(p), headers: etag ? { 'If-Match': etag } : {} })
        : await request<Retiree>('/api/retirees', { method: 'POST', body: toRequest(p) });
      navigate(`/retirees/${encodeURIComponent(res.data.id)}`);
    } catch (ex) {
      const apiError = ex instanceof ApiError ? ex : new ApiError(0, String(ex));
      setError(apiError);
      // Move focus to the first field with a message, so keyboard and screen-reader users find it.
      setTimeout(() => (document.querySelector('[aria-invalid="true"], .form-problem') as HTMLElement | null)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const text = (k: keyof RetireeProfile, key: StringKey, opts: { type?: string; autocomplete?: string; required?: boolean } = {}) => (
    <Field id={`r-${k}`} label={t(key)} error={err(k)}>
      <input {...describedBy(`r-${k}`, err(k))} type={opts.type ?? 'text'} autocomplete={opts.autocomplete} required={opts.required}
        value={(p[k] as string | null) ?? ''} onInput={(e) => set(k, e.currentTarget.value as never)} />
    </Field>
  );
  const check = (k: keyof RetireeProfile, key: StringKey) => (
    <div class="check">
      <input id={`r-${k}`} type="checkbox" checked={Boolean(p[k])} onChange={(e) => set(k, e.currentTarget.checked as never)} />
      <label for={`r-${k}`}>{t(key)}</label>
    </div>
  );
  const choice = (k: keyof RetireeProfile, key: StringKey, prefix: string, values: string[]) => (
    <Field id={`r-${k}`} label={t(key)} error={err(k)}>
      <select {...describedBy(`r-${k}`, err(k))} value={p[k] as string} onChange={(e) => set(k, e.currentTarget.value as never)}>
        {values.map((v) => <option key={v} value={v}>{label(prefix, v)}</option>)}
      </select>
    </Field>
  );
  const contacts = p.emergencyContacts;
  const setContact = (i: number, field: 'name' | 'relation' | 'phone', v: string) =>
    set('emergencyContacts', contacts.map((c, n) => (n === i ? { ...c, [field]: v } : c)));
  const stale = error?.status === 412;
  const general = error && !stale && Object.keys(error.errors).length === 0 ? error.title : undefined;

  return (
    <form class="retiree-form" onSubmit={submit} noValidate>
      <h1>{id ? t('retiree.editTitle', { name: initial.name }) : t('retiree.createTitle')}</h1>
      {stale && (
        <div class="notice form-problem" role="alert" tabIndex={-1}>
          <p>{t('retiree.stale')}</p>
          <button type="button" onClick={() => void onReload()}>{t('retiree.reloadLatest')}</button>
        </div>
      )}
      {error && Object.keys(error.errors).length > 0 && <p class="error form-problem" role="alert" tabIndex={-1}>{t('retiree.fixErrors')}</p>}
      {general && <p class="error form-problem" role="alert" tabIndex={-1}>{general}</p>}

      <fieldset><legend>{t('retiree.identity')}</legend>
        <div class="grid">
          {text('name', 'retiree.name', { required: true, autocomplete: 'off' })}
          {choice('gender', 'retiree.gender', 'gender', ['unspecified', 'male', 'female'])}
          {text('birthDate', 'retiree.birthDate', { type: 'date', required: true })}
          {text('idNumber', 'retiree.idNumber')}
          {text('unit', 'retiree.unit')}
          {text('title', 'retiree.title')}
          {text('ethnicity', 'retiree.ethnicity')}
          {choice('retirementType', 'retiree.retirementType', 'retirementType', ['retired', 'veteran'])}
          {text('workStartDate', 'retiree.workStartDate', { type: 'date' })}
          {text('retirementDate', 'retiree.retirementDate', { type: 'date' })}
        </div>
      </fieldset>

      <fieldset><legend>{t('retiree.contact')}</legend>
        <div class="grid">
          {text('mobile', 'retiree.mobile', { type: 'tel' })}
          {text('landline', 'retiree.landline', { type: 'tel' })}
          {text('address', 'retiree.address')}
          {text('city', 'retiree.city')}
          <Field id="r-area" label={t('retiree.area')} error={err('area')}>
            <select {...describedBy('r-area', err('area'))} value={p.area ?? ''} onChange={(e) => set('area', e.currentTarget.value)}>
              <option value="">{t('none')}</option>
              {areas.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              {p.area && !areas.some((a) => a.id === p.area) && <option value={p.area}>{p.area}</option>}
            </select>
          </Field>
          {check('livesElsewhere', 'retiree.livesElsewhere')}
        </div>
      </fieldset>

      <fieldset><legend>{t('retiree.household')}</legend>
        <div class="grid">
          {choice('living', 'retiree.living', 'living', ['unknown', 'alone', 'withSpouse', 'withChildren', 'careHome', 'other'])}
          {check('emptyNest', 'retiree.emptyNest')}
          {check('childless', 'retiree.childless')}
        </div>
        <FamilyFields spouse={p.spouse} children={p.children} err={err} onSpouse={(v) => set('spouse', v)} onChildren={(v) => set('children', v)} />
      </fieldset>

      <fieldset><legend>{t('retiree.health')}</legend>
        <div class="grid">
          {check('seriousIllness', 'retiree.seriousIllness')}
          {check('disability', 'retiree.disability')}
          {check('hardship', 'retiree.hardship')}
          {choice('mobility', 'retiree.mobility', 'mobility', ['independent', 'aided', 'wheelchair', 'bedridden'])}
          {choice('selfCare', 'retiree.selfCare', 'selfCare', ['full', 'partial', 'none'])}
          {text('medicalInsurance', 'retiree.medicalInsurance')}
          {text('designatedHospital', 'retiree.designatedHospital')}
          {text('familyDoctor', 'retiree.familyDoctor')}
        </div>
        <Field id="r-healthNotes" label={t('retiree.healthNotes')} error={err('healthNotes')}>
          <textarea {...describedBy('r-healthNotes', err('healthNotes'))} value={p.healthNotes ?? ''} onInput={(e) => set('healthNotes', e.currentTarget.value)} />
        </Field>
      </fieldset>

      <fieldset><legend>{t('retiree.affiliations')}</legend>
        <div class="grid">
          {check('partyMember', 'retiree.partyMember')}
          {text('partyJoinDate', 'retiree.partyJoinDate', { type: 'date' })}
          {text('partyBranch', 'retiree.partyBranch')}
          {text('hobbies', 'retiree.hobbies')}
        </div>
      </fieldset>

      <fieldset><legend>{t('retiree.preferences')}</legend>
        <div class="grid">
          <Field id="r-language" label={t('retiree.language')} error={err('language')}>
            <select {...describedBy('r-language', err('language'))} value={p.language} onChange={(e) => set('language', e.currentTarget.value)}>
              <option value="zh-CN">中文</option><option value="en">English</option>
            </select>
          </Field>
          {check('smsConsent', 'retiree.smsConsent')}
          {text('preferredCheckInTime', 'retiree.preferredCheckInTime', { type: 'time' })}
          {choice('status', 'retiree.status', 'retireeStatus', statuses)}
          {p.status === 'deceased' && text('deceasedOn', 'retiree.deceasedOn', { type: 'date' })}
          <Field id="r-tierOverride" label={t('retiree.tierOverride')} error={err('tierOverride')}>
            <select {...describedBy('r-tierOverride', err('tierOverride'))} value={p.tierOverride?.tier ?? ''}
              onChange={(e) => set('tierOverride', e.currentTarget.value ? { tier: e.currentTarget.value as never, reason: p.tierOverride?.reason ?? '' } : null)}>
              <option value="">{t('none')}</option>
              {tiers.map((v) => <option key={v} value={v}>{label('tier', v)}</option>)}
            </select>
          </Field>
          {p.tierOverride && (
            <Field id="r-tierOverride-reason" label={t('retiree.tierOverrideReason')} error={err('tierOverride.reason')}>
              <input {...describedBy('r-tierOverride-reason', err('tierOverride.reason'))} value={p.tierOverride.reason}
                onInput={(e) => set('tierOverride', { ...p.tierOverride!, reason: e.currentTarget.value })} />
            </Field>
          )}
        </div>
      </fieldset>

      <fieldset><legend>{t('retiree.people')}</legend>
        {err('emergencyContacts') && <p class="error">{err('emergencyContacts')}</p>}
        {contacts.map((c, i) => (
          <fieldset key={i} class="contact"><legend>{t('retiree.contactN', { n: i + 1 })}</legend>
            <div class="grid">
              {(['name', 'relation', 'phone'] as const).map((f) => {
                const fid = `r-ec${i}-${f}`;
                const msg = err(`emergencyContacts[${i}].${f}`);
                return (
                  <Field key={f} id={fid} label={t(f === 'name' ? 'name' : f === 'phone' ? 'phone' : 'retiree.relation')} error={msg}>
                    <input {...describedBy(fid, msg)} type={f === 'phone' ? 'tel' : 'text'} value={c[f] ?? ''} onInput={(e) => setContact(i, f, e.currentTarget.value)} />
                  </Field>
                );
              })}
            </div>
            <button type="button" class="danger" onClick={() => set('emergencyContacts', contacts.filter((_, n) => n !== i))}>{t('remove')}</button>
          </fieldset>
        ))}
        {contacts.length < 3 && <button type="button" onClick={() => set('emergencyContacts', [...contacts, { name: '', relation: '', phone: '' }])}>{t('retiree.addContact')}</button>}

        <fieldset class="volunteers"><legend>{t('retiree.volunteers')}</legend>
          {volunteers.length === 0 && <p class="muted">{t('retiree.noVolunteer')}</p>}
          {volunteers.map((v) => (
            <div class="check" key={v.id}>
              <input id={`r-vol-${v.id}`} type="checkbox" checked={p.volunteerIds.includes(v.id)}
                onChange={(e) => set('volunteerIds', e.currentTarget.checked ? [...p.volunteerIds, v.id] : p.volunteerIds.filter((x) => x !== v.id))} />
              <label for={`r-vol-${v.id}`}>{v.name}{p.pairing !== 'manyToOne' && p.volunteerIds[0] === v.id && <span class="muted"> · {t('volunteer.primary')}</span>}{p.pairing !== 'manyToOne' && p.volunteerIds[1] === v.id && <span class="muted"> · {t('volunteer.backup')}</span>}</label>
            </div>
          ))}
          {Object.keys(error?.errors ?? {}).filter((k) => k.startsWith('volunteerIds')).map((k) => <p key={k} class="error">{error!.errors[k][0]}</p>)}
        </fieldset>
        {choice('pairing', 'retiree.pairing', 'pairing', ['oneToOne', 'manyToOne'])}
      </fieldset>

      <div class="actions sticky">
        <button type="submit" class="primary" disabled={busy}>{busy ? t('saving') : t('save')}</button>
        <button type="button" onClick={() => history.back()}>{t('cancel')}</button>
      </div>
    </form>
  );
}
