import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { setSessionExpiredHandler } from './api';
import { locale, setLocale, t, type Locale, type StringKey } from './i18n';
import { currentPath, match, navigate, onLinkClick, useLocation } from './router';
import { fetchMe, isStaff, signOut, takeFirstScreen, type Me } from './session';
import { SignInForm } from './pages/SignIn';
import { applyOffice, loadOffice } from './office';
import { warmUpTimeZones } from './format';
import { lazy } from './lazy';


const Today = lazy(() => import('./pages/Today').then((m) => m.Today));
const Retirees = lazy(() => import('./pages/Retirees').then((m) => m.Retirees));
const IncidentPage = lazy(() => import('./pages/Incident').then((m) => m.IncidentPage));
const IncidentHistory = lazy(() => import('./pages/IncidentHistory').then((m) => m.IncidentHistory));
const RetireeDetail = lazy(() => import('./pages/RetireeDetail').then((m) => m.RetireeDetail));
const RetireeForm = lazy(() => import('./pages/RetireeForm').then((m) => m.RetireeForm));
const Import = lazy(() => import('./pages/Import').then((m) => m.Import));
const People = lazy(() => import('./pages/People').then((m) => m.People));
const Reports = lazy(() => import('./pages/Reports').then((m) => m.Reports));
const Visits = lazy(() => import('./pages/Visits').then((m) => m.Visits));
const Events = lazy(() => import('./pages/events/Events').then((m) => m.Events));
const Subsidies = lazy(() => import('./pages/subsidies/Subsidies').then((m) => m.Subsidies));
const Groups = lazy(() => import('./pages/groups/Groups').then((m) => m.Groups));
const GroupDetail = lazy(() => import('./pages/groups/GroupDetail').then((m) => m.GroupDetail));
const EventDetail = lazy(() => import('./pages/events/EventDetail').then((m) => m.EventDetail));
const EventAttendance = lazy(() => import('./pages/events/EventAttendance').then((m) => m.EventAttendance));
const Bereavements = lazy(() => import('./pages/bereavement/Bereavements').then((m) => m.Bereavements));
const VisitPlans = lazy(() => import('./pages/visitplans/VisitPlans').then((m) => m.VisitPlans));
const VisitTasks = lazy(() => import('./pages/visitplans/VisitTasks').then((m) => m.VisitTasks));
const YearReport = lazy(() => import('./pages/visitplans/YearReport').then((m) => m.YearReport));
const Memo = lazy(() => import('./pages/visitplans/Memo').then((m) => m.Memo));
const Certification = lazy(() => import('./pages/certification/Certification').then((m) => m.Certification));
const CampaignDetail = lazy(() => import('./pages/certification/CampaignDetail').then((m) => m.CampaignDetail));
const Elsewhere = lazy(() => import('./pages/certification/Elsewhere').then((m) => m.Elsewhere));
const Settings = lazy(() => import('./pages/Settings').then((m) => m.Settings));
const PrintCards = lazy(() => import('./pages/printouts/PrintCards').then((m) => m.PrintCards));
const PrintRoute = lazy(() => import('./pages/printouts/PrintRoute').then((m) => m.PrintRoute));
const PrintCalls = lazy(() => import('./pages/printouts/PrintCalls').then((m) => m.PrintCalls));
const EventSignIn = lazy(() => import('./pages/events/EventSignIn').then((m) => m.EventSignIn));
const DevPhone = lazy(() => import('./pages/DevPhone').then((m) => m.DevPhone));
const Messages = lazy(() => import('./pages/messages/Messages').then((m) => m.Messages));

interface NavItem {
  path: string;
  label: StringKey;
  staffOnly?: boolean;
  adminOnly?: boolean;
  /** Shown only when the app runs in Development (its dev routes answer). */
  devOnly?: boolean;
}

const nav: NavItem[] = [
  { path: '/', label: 'today' },
  { path: '/retirees', label: 'retirees' },
  { path: '/visits', label: 'visits', staffOnly: true },
  { path: '/visitplans/tasks', label: 'visitTasks' },
  { path: '/visitplans', label: 'visitPlans', staffOnly: true },
  { path: '/memo', label: 'memo', staffOnly: true },
  { path: '/events', label: 'events', staffOnly: true },
  { path: '/subsidies', label: 'subsidies', staffOnly: true },
  { path: '/groups', label: 'groups', staffOnly: true },
  { path: '/bereavements', label: 'bereavements', staffOnly: true },
  { path: '/certification', label: 'certification' },
  { path: '/import', label: 'import', staffOnly: true },
  { path: '/messages', label: 'messages', staffOnly: true },
  { path: '/people', label: 'people', staffOnly: true },
  { path: '/reports', label: 'reports', staffOnly: true },
  { path: '/settings', label: 'settings', adminOnly: true },
  { path: '/dev/phone', label: 'devPhone', staffOnly: true, devOnly: true },
];

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [, setLang] = useState<Locale>(locale());
  const [expired, setExpired] = useState(false);
  const [officeFor, setOfficeFor] = useState<string | undefined>(undefined);
  const waiting = useRef<(() => void)[]>([]);

  // Not useEffect: that would wait for the first paint of "loading" before even looking (issue 14).
  useLayoutEffect(() => {
    started.then(({ me: signedIn, office }) => {
      if (signedIn && office) setOfficeFor(signedIn.email);
      setMe(signedIn);
    });
  }, []);

  // A 401 mid-session opens the sign-in dialog over the page; requests resume after sign-in.
  useEffect(() => {
    setSessionExpiredHandler(() => new Promise<void>((resolve) => {
      waiting.current.push(resolve);
      setExpired(true);
    }));
    return () => setSessionExpiredHandler(undefined);
  }, []);

  // The office's time zone before any date is shown; if it cannot be read, the default zone is used.
  useEffect(() => {
    if (!me || officeFor === me.email) return;
    const email = me.email;
    loadOffice().catch(() => undefined).finally(() => setOfficeFor(email));
  }, [me?.email]);


  function changeLocale(next: Locale) {
    setLocale(next);
    setLang(next);
  }

  if (me === undefined) return <p class="loading">{t('loading')}</p>;
  if (me === null) {
    return (
      <div class="signin-page">
        <LanguageSwitch onChange={changeLocale} />
        <main id="main"><SignInForm onSignedIn={setMe} /></main>
      </div>
    );
  }

  if (officeFor !== me.email) return <p class="loading">{t('loading')}</p>;

  const visible = nav.filter((n) => (!n.staffOnly || isStaff(me)) && (!n.adminOnly || me.role === 'admin') && (!n.devOnly || !!me.devPhone));
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">{t('skipToContent')}</a>
      <header class="top">
        <a class="brand" href="/app/">{t('appName')}</a>
        <Nav items={visible} />
        <div class="who">
          <LanguageSwitch onChange={changeLocale} />
          <span class="me">{me.displayName}</span>
          <button type="button" onClick={async () => { await signOut(); setMe(null); navigate('/', true); }}>{t('signOut')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes me={me} />
      </main>
      {expired && (
        <ExpiredDialog onSignedIn={(next) => {
          setMe(next);
          setExpired(false);
          waiting.current.splice(0).forEach((resume) => resume());
        }} />
      )}
    </div>
  );
}

function Nav({ items }: { items: NavItem[] }) {
  const { path } = useLocation();
  // The most specific item is current: on /visitplans/tasks, the task list, not the plans.
  const active = (p: string) => (p === '/' ? path === '/' : path.startsWith(p) && !items.some((n) => n.path.length > p.length && n.path.startsWith(p) && path.startsWith(n.path)));
  return (
    <nav aria-label={t('mainNav')}>
      <ul>
        {items.map((n) => (
          <li key={n.path}><a href={`/app${n.path === '/' ? '/' : n.path}`} aria-current={active(n.path) ? 'page' : undefined}>{t(n.label)}</a></li>
        ))}
      </ul>
    </nav>
  );
}

function LanguageSwitch({ onChange }: { onChange: (l: Locale) => void }) {
  return (
    <label class="lang">
      <span class="visually-hidden">{t('language')}</span>
      <select value={locale()} onChange={(e) => onChange(e.currentTarget.value as Locale)}>
        <option value="en" lang="en">English</option>
        <option value="zh-CN" lang="zh-CN">中文</option>
      </select>
    </label>
  );
}

function ExpiredDialog({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  // Escape would leave the page waiting forever; the dialog stays until the user signs in.
  return (
    <dialog ref={ref} class="expired" aria-labelledby="signin-title" onCancel={(e) => e.preventDefault()}>
      <SignInForm expired onSignedIn={onSignedIn} />
    </dialog>
  );
}

interface RouteContext { me: Me; staff: boolean; path: string }
type Route = [pattern: string, page: { preload: () => Promise<void> }, render: (p: Record<string, string>, c: RouteContext) => preact.JSX.Element | null];

// Every page of the dashboard: its address, its script, and who sees it (a page that is not yours is "not found").
const routes: Route[] = [
  ['/', Today, (_, c) => <Today me={c.me} />],
  ['/retirees', Retirees, (_, c) => <Retirees me={c.me} />],
  ['/incidents', IncidentHistory, (_, c) => <IncidentHistory me={c.me} />],
  ['/incidents/:id', IncidentPage, (p, c) => <IncidentPage key={p.id} id={p.id} />],
  ['/retirees/new', RetireeForm, (_, c) => (c.staff ? <RetireeForm /> : null)],
  ['/retirees/:id/edit', RetireeForm, (p, c) => (c.staff ? <RetireeForm key={p.id} id={p.id} /> : null)],
  ['/retirees/:id', RetireeDetail, (p, c) => <RetireeDetail key={p.id} id={p.id} me={c.me} />],
  ['/import', Import, (_, c) => (c.staff ? <Import /> : null)],
  ['/people', People, (_, c) => (c.staff ? <People /> : null)],
  ['/reports', Reports, (_, c) => (c.staff ? <Reports /> : null)],
  ['/visits', Visits, (_, c) => (c.staff ? <Visits /> : null)],
  ['/events', Events, (_, c) => (c.staff ? <Events /> : null)],
  ['/subsidies', Subsidies, (_, c) => (c.staff ? <Subsidies me={c.me} /> : null)],
  ['/groups', Groups, (_, c) => (c.staff ? <Groups /> : null)],
  ['/groups/:id', GroupDetail, (p, c) => (c.staff ? <GroupDetail key={p.id} id={p.id} /> : null)],
  ['/events/:id', EventDetail, (p, c) => (c.staff ? <EventDetail key={p.id} id={p.id} /> : null)],
  ['/events/:id/attendance', EventAttendance, (p, c) => (c.staff ? <EventAttendance key={p.id} id={p.id} /> : null)],
  ['/events/:id/signin', EventSignIn, (p, c) => (c.staff ? <EventSignIn key={p.id} id={p.id} /> : null)],
  ['/print/cards', PrintCards, (_, c) => <PrintCards staff={c.staff} />],
  ['/print/route', PrintRoute, (_, c) => <PrintRoute staff={c.staff} />],
  ['/print/calls', PrintCalls, (_, c) => <PrintCalls />],
  ['/bereavements', Bereavements, (_, c) => (c.staff ? <Bereavements /> : null)],
  ['/visitplans', VisitPlans, (_, c) => (c.staff ? <VisitPlans /> : null)],
  ['/visitplans/tasks', VisitTasks, (_, c) => <VisitTasks me={c.me} />],
  ['/reports/year', YearReport, (_, c) => (c.staff ? <YearReport /> : null)],
  ['/memo', Memo, (_, c) => (c.staff ? <Memo /> : null)],
  ['/certification', Certification, (_, c) => <Certification me={c.me} />],
  ['/certification/:id', CampaignDetail, (p, c) => (c.staff ? <CampaignDetail key={p.id} id={p.id} /> : null)],
  ['/elsewhere', Elsewhere, (_, c) => (c.staff ? <Elsewhere /> : null)],
  ['/settings', Settings, (_, c) => (c.me.role === 'admin' ? <Settings /> : null)],
  ['/messages', Messages, (_, c) => (c.staff ? <Messages me={c.me} path={c.path} params={{}} /> : null)],
  ['/messages/broadcasts', Messages, (_, c) => (c.staff ? <Messages me={c.me} path={c.path} params={{}} /> : null)],
  ['/messages/broadcasts/new', Messages, (_, c) => (c.staff ? <Messages me={c.me} path={c.path} params={{}} /> : null)],
  ['/messages/broadcasts/:id', Messages, (p, c) => (c.staff ? <Messages key={p.id} me={c.me} path={c.path} params={p} /> : null)],
  ['/messages/broadcasts/:id/edit', Messages, (p, c) => (c.staff ? <Messages key={`${p.id}-edit`} me={c.me} path={c.path} params={p} /> : null)],
  ['/messages/templates', Messages, (_, c) => (c.staff ? <Messages me={c.me} path={c.path} params={{}} /> : null)],
  ['/messages/outbox', Messages, (_, c) => (c.staff ? <Messages me={c.me} path={c.path} params={{}} /> : null)],
  ['/dev/phone', DevPhone, (_, c) => (c.staff ? <DevPhone /> : null)],
  ['/dev/phone/:number', DevPhone, (p, c) => (c.staff ? <DevPhone number={p.number} /> : null)],
];

function Routes({ me }: { me: Me }) {
  const { path } = useLocation();
  const c = { me, staff: isStaff(me), path };
  for (const [pattern, , render] of routes) {
    const params = match(pattern, path);
    if (params) return render(params, c) ?? <p>{t('notFound')}</p>;
  }
  return <p>{t('notFound')}</p>;
}

// The page the address names starts loading now, beside /api/me and /api/office, not after them.
routes.find(([pattern]) => match(pattern, currentPath().split('?')[0]))?.[1].preload().catch(() => undefined);

/**
 * Who is signed in and the office's settings, as this script runs rather than after the first paint. A signed-in
 * caller's page carries both (takeFirstScreen), so the first screen waits for no call; otherwise the office loads
 * beside /api/me, not after it. Not signed in (401) or the app unreachable: the sign-in form is the place to start.
 */
const started: Promise<{ me: Me | null; office: boolean }> = (() => {
  const first = takeFirstScreen();
  const office = (first ? applyOffice(first.office) : loadOffice()).then(() => true, () => false);
  const me = first ? Promise.resolve(first.me) : fetchMe();
  return me.then(async (signedIn) => ({ me: signedIn, office: await office }), () => ({ me: null, office: false }));
})();
// Then, once the page's script and these are asked for, the time zone data every page needs before its first render.
setTimeout(warmUpTimeZones, 0);
