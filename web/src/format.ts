// Dates and times always in the office's time zone, whatever the browser's zone is.
import type { CountryCode } from 'libphonenumber-js/min';
import { locale } from './i18n';

// The office's zone comes from GET /api/office after sign-in (src/office.ts); until then, the usual one.
let officeZone = 'Asia/Shanghai';

export function officeTimeZone(): string {
  return officeZone;
}

/** Sets the zone every format below uses by default; an id the browser does not know is ignored. */
export function setOfficeTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  officeZone = zone;
  return true;
}

const shapes = {
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
  parts: { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language, zone and shape, made once: making one costs ~0.1 ms and using it ~1.5 µs, and a page
 * formats a time on every line of a timeline or a table, again on every redraw.
 */
function formatter(lang: string, zone: string, shape: keyof typeof shapes): Intl.DateTimeFormat {
  const key = `${lang} ${zone} ${shape}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(lang, { timeZone: zone, ...shapes[shape] })));
  return f;
}

/**
 * The first formatter with a zone loads the browser's time zone data: 20–60 ms in a new tab, measured. Done while the
 * first screen's scripts and calls are on their way (App.tsx), so the page's first render does not pay it (issue 14).
 */
export function warmUpTimeZones(): void {
  formatter('en-CA', officeZone, 'day').format(0);
}

export function formatDateTime(iso: string | null | undefined, zone = officeZone): string {
  if (!iso) return '';
  return formatter(locale(), zone, 'dateTime').format(new Date(iso));
}

export function formatTime(iso: string | null | undefined, zone = officeZone): string {
  if (!iso) return '';
  return formatter(locale(), zone, 'time').format(new Date(iso));
}

/** A date-only value ("1940-03-02") is a calendar day, not an instant: shown as is, never shifted. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return formatter(locale(), 'UTC', 'day').format(Date.UTC(y, m - 1, d));
}

/** "2 h 5 min" / "2 小时 5 分钟" since an instant; empty if it is in the future. */
export function elapsed(fromIso: string, now: number = Date.now()): string {
  const minutes = Math.floor((now - new Date(fromIso).getTime()) / 60000);
  if (minutes < 0) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const zh = locale() === 'zh-CN';
  if (h >= 48) return zh ? `${Math.floor(h / 24)} 天` : `${Math.floor(h / 24)} d`;
  if (h === 0) return zh ? `${m} 分钟` : `${m} min`;
  return zh ? `${h} 小时 ${m} 分钟` : `${h} h ${m} min`;
}

/** Today's date in the office zone as yyyy-MM-dd, offset by whole days. */
export function officeDay(offsetDays = 0, now: number = Date.now(), zone = officeZone): string {
  const parts = formatter('en-CA', zone, 'day').format(now);
  const [y, m, d] = parts.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

let phoneRegion = 'CN';
let phoneRules: typeof import('libphonenumber-js/min') | undefined;

/** libphonenumber and its metadata (~30 KB gzip) load beside GET /api/office, not in the first screen's bundle. */
export async function loadPhoneRules(): Promise<void> {
  phoneRules ??= await import('libphonenumber-js/min');
}

/** Set once from the office's settings: numbers of that country are shown in national form. */
export function setOfficePhoneRegion(region: string): void {
  phoneRegion = region;
}

/**
 * A stored E.164 number as the office dials it — the server's rule (PhoneNumberRules.Display), shared cases in
 * phone.cases.json: national form at home with a trunk-prefixed area code joined by a hyphen ("0731-8895 8388",
 * "138 0013 8000"), the spaced international form for other countries, anything else as stored.
 */
export function formatPhone(e164: string | null | undefined, region = phoneRegion): string {
  if (!e164) return '';
  if (!phoneRules) return e164;
  // Remembered: parsing costs ~0.1 ms on a cold page, and a work list shows a thousand numbers, redrawn on every refresh.
  const key = `${region} ${e164}`;
  let shown = formatted.get(key);
  if (shown === undefined) {
    if (formatted.size >= 20_000) formatted.clear();
    formatted.set(key, (shown = format(phoneRules, e164, region)));
  }
  return shown;
}

const formatted = new Map<string, string>();

function format(rules: typeof import('libphonenumber-js/min'), e164: string, region: string): string {
  const n = rules.parsePhoneNumberFromString(e164, region as CountryCode);
  if (!n) return e164;
  if (n.countryCallingCode !== rules.getCountryCallingCode(region as CountryCode)) return n.formatInternational().replace(/-/g, ' ');
  const national = n.formatNational();
  const space = national.indexOf(' ');
  return national.startsWith('0') && space > 0 ? `${national.slice(0, space)}-${national.slice(space + 1)}` : national;
}

/** What a tel: link dials: national digits at home (no country code for a mobile's dialer), E.164 abroad. */
export function dialPhone(e164: string | null | undefined, region = phoneRegion): string {
  const shown = formatPhone(e164, region);
  return shown.startsWith('+') ? (e164 ?? '') : shown.replace(/\D/g, '');
}

/** The zone's offset from UTC in minutes at an instant (e.g. +480 in Shanghai). */
export function zoneOffsetMinutes(utcMs: number, zone = officeZone): number {
  const parts = Object.fromEntries(formatter('en-US', zone, 'parts').formatToParts(utcMs).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** A datetime-local value ("2026-11-24T09:30") read as office time, as a UTC ISO string. */
export function officeLocalToUtc(local: string, zone = officeZone): string {
  const naive = Date.parse(`${local}:00Z`);
  const offset = zoneOffsetMinutes(naive - zoneOffsetMinutes(naive, zone) * 60000, zone);
  return new Date(naive - offset * 60000).toISOString();
}

/** A UTC instant as a datetime-local value in office time. */
export function utcToOfficeLocal(iso: string, zone = officeZone): string {
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffsetMinutes(ms, zone) * 60000).toISOString().slice(0, 16);
}
