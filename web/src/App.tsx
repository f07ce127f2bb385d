import { useEffect, useRef, useState } from 'preact/hooks';
import { setSessionExpiredHandler } from './api';
import { locale, setLocale, t, type Locale, type StringKey } from './i18n';
import { match, navigate, onLinkClick, useLocation } from './router';
import { fetchMe, isStaff, signOut, type Me } from './session';
import { SignInForm } from './pages/SignIn';
import { Today } from './pages/Today';
import { Retirees } from './pages/Retirees';
import { IncidentPage } from './pages/Incident';
import { IncidentHistory } from './pages/IncidentHistory';
import { RetireeDetail } from './pages/RetireeDetail';
import { RetireeForm } from './pages/RetireeForm';
import { Import } from './pages/Import';
import { People } from './pages/People';
import { Reports } from './pages/Reports';
import { Visits } from './pages/Visits';
import { Events } from './pages/events/Events';
import { Subsidies } from './pages/subsidies/Subsidies';
import { Groups } from './pages/groups/Groups';
import { GroupDetail } from './pages/groups/GroupDetail';
import { EventDetail } from './pages/events/EventDetail';
import { EventAttendance } from './pages/events/EventAttendance';
import { Bereavements } from './pages/bereavement/Bereavements';
import { VisitPlans } from './pages/visitplans/VisitPlans';
import { VisitTasks } from './pages/visitplans/VisitTasks';
import { YearReport } from './pages/visitplans/YearReport';
import { Memo } from './pages/visitplans/Memo';
import { Certification } from './pages/certification/Certification';
import { CampaignDetail } from './pages/certification/CampaignDetail';
import { Elsewhere } from './pages/certification/Elsewhere';
import { Settings } from './pages/Settings';
import { PrintCards } from './pages/printouts/PrintCards';
import { PrintRoute } from './pages/printouts/PrintRoute';
import { PrintCalls } from './pages/printouts/PrintCalls';
import { EventSignIn } from './pages/events/EventSignIn';
import { DevPhone } from './pages/DevPhone';
import { Messages } from './pages/messages/Messages';
import { api } from './api';
import { loadOffice } from './office';

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
  const [devMode, setDevMode] = useState(false);
  const [officeFor, setOfficeFor] = useState<string | undefined>(undefined);
  const waiting = useRef<(() => void)[]>([]);

  useEffect(() => {
    // The office's settings load beside /api/me, not after it: a signed-in coordinator's first screen waits for one
    // round trip, not two (issue 14). Not signed in (401) or the app unreachable: the sign-in form is the place to start.
    const office = loadOffice().then(() => true, () => false);
    fetchMe().then(async (signedIn) => {
      if (await office) setOfficeFor(signedIn.email);
      setMe(signedIn);
    }, () => setMe(null));
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

  // The dev phone's route exists only in Development; a 404 elsewhere hides the page.
  useEffect(() => {
    if (me && isStaff(me)) api('/api/dev/phone', { noRetry: true }).then(() => setDevMode(true), () => setDevMode(false));
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

  const visible = nav.filter((n) => (!n.staffOnly || isStaff(me)) && (!n.adminOnly || me.role === 'admin') && (!n.devOnly || devMode));
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

function Routes({ me }: { me: Me }) {
  const { path } = useLocation();
  const staff = isStaff(me);
  const routes: [string, (p: Record<string, string>) => preact.JSX.Element | null][] = [
    ['/', () => <Today me={me} />],
    ['/retirees', () => <Retirees me={me} />],
    ['/incidents', () => <IncidentHistory me={me} />],
    ['/incidents/:id', (p) => <IncidentPage key={p.id} id={p.id} />],
    ['/retirees/new', () => (staff ? <RetireeForm /> : null)],
    ['/retirees/:id/edit', (p) => (staff ? <RetireeForm key={p.id} id={p.id} /> : null)],
    ['/retirees/:id', (p) => <RetireeDetail key={p.id} id={p.id} me={me} />],
    ['/import', () => (staff ? <Import /> : null)],
    ['/people', () => (staff ? <People /> : null)],
    ['/reports', () => (staff ? <Reports /> : null)],
    ['/visits', () => (staff ? <Visits /> : null)],
    ['/events', () => (staff ? <Events /> : null)],
    ['/subsidies', () => (staff ? <Subsidies me={me} /> : null)],
    ['/groups', () => (staff ? <Groups /> : null)],
    ['/groups/:id', (p) => (staff ? <GroupDetail key={p.id} id={p.id} /> : null)],
    ['/events/:id', (p) => (staff ? <EventDetail key={p.id} id={p.id} /> : null)],
    ['/events/:id/attendance', (p) => (staff ? <EventAttendance key={p.id} id={p.id} /> : null)],
    ['/events/:id/signin', (p) => (staff ? <EventSignIn key={p.id} id={p.id} /> : null)],
    ['/print/cards', () => <PrintCards staff={staff} />],
    ['/print/route', () => <PrintRoute staff={staff} />],
    ['/print/calls', () => <PrintCalls />],
    ['/bereavements', () => (staff ? <Bereavements /> : null)],
    ['/visitplans', () => (staff ? <VisitPlans /> : null)],
    ['/visitplans/tasks', () => <VisitTasks me={me} />],
    ['/reports/year', () => (staff ? <YearReport /> : null)],
    ['/memo', () => (staff ? <Memo /> : null)],
    ['/certification', () => <Certification me={me} />],
    ['/certification/:id', (p) => (staff ? <CampaignDetail key={p.id} id={p.id} /> : null)],
    ['/elsewhere', () => (staff ? <Elsewhere /> : null)],
    ['/settings', () => (me.role === 'admin' ? <Settings /> : null)],
    ['/messages', () => (staff ? <Messages me={me} path={path} params={{}} /> : null)],
    ['/messages/broadcasts', () => (staff ? <Messages me={me} path={path} params={{}} /> : null)],
    ['/messages/broadcasts/new', () => (staff ? <Messages me={me} path={path} params={{}} /> : null)],
    ['/messages/broadcasts/:id', (p) => (staff ? <Messages key={p.id} me={me} path={path} params={p} /> : null)],
    ['/messages/broadcasts/:id/edit', (p) => (staff ? <Messages key={`${p.id}-edit`} me={me} path={path} params={p} /> : null)],
    ['/messages/templates', () => (staff ? <Messages me={me} path={path} params={{}} /> : null)],
    ['/messages/outbox', () => (staff ? <Messages me={me} path={path} params={{}} /> : null)],
    ['/dev/phone', () => (staff ? <DevPhone /> : null)],
    ['/dev/phone/:number', (p) => (staff ? <DevPhone number={p.number} /> : null)],
  ];
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) return render(params) ?? <p>{t('notFound')}</p>;
  }
  return <p>{t('notFound')}</p>;
}
