import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { describedBy, Field } from '../../components/Field';
import { label, LoadError, Tel, TierBadge } from '../../components/ui';
import { formatDay, officeDay } from '../../format';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { isStaff, type Me } from '../../session';
import type { VisitKind } from '../../types';
import { visitKinds } from '../Visits';
import type { PlanTask, PlanTaskList, VisitPlanView } from './visitPlanTypes';

/**
 * 走访任务: the visit plans' tasks — overdue first, then due, then done — as cards that fit a phone. "Done" logs
 * the visit in the retiree's visit log. Staff choose a visitor or a plan; a volunteer sees their paired retirees.
 */
export function VisitTasks({ me }: { me: Me }) {
  const { search } = useLocation();
  const params = { visitorId: search.get('visitorId') ?? '', planId: search.get('planId') ?? '', state: search.get('state') ?? '' };
  const key = `${params.visitorId}|${params.planId}|${params.state}`;
  const tasks = useLoad(() => api<PlanTaskList>(`/api/visitplans/tasks${query({ ...params, visitorId: params.visitorId || null, planId: params.planId || null, state: params.state || null })}`), [key]);
  const plans = useLoad(async () => (isStaff(me) ? api<VisitPlanView[]>('/api/visitplans') : []), [me.role]);
  const go = (k: keyof typeof params) => (e: Event) => navigate(`/visitplans/tasks${query({ ...params, [k]: (e.currentTarget as HTMLSelectElement).value || null })}`);
  const visitors = new Map((plans.data ?? []).flatMap((p) => p.visitors).map((v) => [v.id, v.name]));
  const d = tasks.data;
  return (
    <div class="visit-tasks">
      <h1>{t('visitTasks.title')}</h1>
      <p class="muted">{t('visitTasks.note')}</p>
      {isStaff(me) && (
        <div class="filters no-print">
          <Field id="vt-visitor" label={t('visitTasks.visitor')}>
            <select id="vt-visitor" value={params.visitorId} onChange={go('visitorId')}>
              <option value="">{t('visitTasks.everyone')}</option>
              {[...visitors].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
            </select>
          </Field>
          <Field id="vt-plan" label={t('visitTasks.plan')}>
            <select id="vt-plan" value={params.planId} onChange={go('planId')}>
              <option value="">{t('visitTasks.allPlans')}</option>
              {plans.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
        </div>
      )}
      <div class="filters no-print">
        <Field id="vt-state" label={t('visitTasks.show')}>
          <select id="vt-state" value={params.state} onChange={go('state')}>
            <option value="">{t('visitTasks.allStates')}</option>
            {(['overdue', 'due', 'done'] as const).map((s) => <option key={s} value={s}>{label('taskState', s)}</option>)}
          </select>
        </Field>
      </div>
      <LoadError error={tasks.error} />
      {d && <p class="task-counts" role="status">{t('visitTasks.counts', { overdue: d.overdue, due: d.due, done: d.done })}</p>}
      {d?.items.length === 0 && <p>{t('visitTasks.none')}</p>}
      <ul class="task-cards">
        {d?.items.map((task) => <TaskCard key={`${task.planId}|${task.periodKey}|${task.retireeId}`} task={task} onDone={tasks.reload} />)}
      </ul>
      {d?.truncated && <p class="muted">{t('visitTasks.truncated')}</p>}
    </div>
  );
}

function TaskCard({ task, onDone }: { task: PlanTask; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const today = officeDay();
  const [form, setForm] = useState({ date: today < task.to ? today : task.to, kind: '' as VisitKind | '', note: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `task-${task.planId}-${task.retireeId}-${task.periodKey}`.replace(/[^\w-]/g, '');
  const err = (k: string) => error?.field(k);

  async function done(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      await api(`/api/visitplans/${encodeURIComponent(task.planId)}/tasks/${encodeURIComponent(task.retireeId)}/done`, {
        method: 'POST', body: { date: form.date || null, kind: form.kind || null, note: form.note || null },
      });
      setOpen(false);
      onDone();
    } catch (ex) {
      setError(ex instanceof ApiError ? ex : new ApiError(0, String(ex)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class={`card task task-${task.state}`} data-state={task.state}>
      <div class="row">
        <strong><a href={`/app/retirees/${encodeURIComponent(task.retireeId)}#sec-visits`}>{task.retireeName}</a></strong>
        <TierBadge tier={task.tier} />
        <span class={`badge state-${task.state}`}>{label('taskState', task.state)}</span>
      </div>
      <p>{task.planName} · {task.festival ?? task.periodKey} · {t('visitTasks.by', { day: formatDay(task.to) })}</p>
      <p class="muted">{task.visitors.map((v) => v.name).join('、')}{task.area ? ` · ${task.area}` : ''} · <Tel phone={task.mobile} /></p>
      {task.state === 'done' && task.visitedOn && <p>{t('visitTasks.visitedOn', { day: formatDay(task.visitedOn) })}</p>}
      {task.state !== 'done' && !open && <button type="button" class="primary" onClick={() => setOpen(true)}>{t('visitTasks.markDone')}</button>}
      {open && (
        <form onSubmit={done} noValidate>
          {error && Object.keys(error.errors).length === 0 && <p class="error" role="alert">{error.title}</p>}
          <Field id={`${id}-date`} label={t('visitTasks.date')} error={err('date')}>
            <input {...describedBy(`${id}-date`, err('date'))} type="date" value={form.date} min={task.from} max={today < task.to ? today : task.to}
              onInput={(e) => setForm({ ...form, date: e.currentTarget.value })} />
          </Field>
          <Field id={`${id}-kind`} label={t('visitTasks.kind')} error={err('kind')}>
            <select {...describedBy(`${id}-kind`, err('kind'))} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as VisitKind | '' })}>
              <option value="">{t('visitTasks.planKind')}</option>
              {visitKinds.map((k) => <option key={k} value={k}>{label('visitKind', k)}</option>)}
            </select>
          </Field>
          <Field id={`${id}-note`} label={t('visitTasks.visitNote')} error={err('note')}>
            <textarea {...describedBy(`${id}-note`, err('note'))} rows={2} value={form.note} onInput={(e) => setForm({ ...form, note: e.currentTarget.value })} />
          </Field>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{t('visitTasks.logVisit')}</button>
            <button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </li>
  );
}
