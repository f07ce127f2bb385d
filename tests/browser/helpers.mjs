// Shared setup for the browser tests: Debian's Chromium driven by playwright-core against the app that
// scripts/test.sh started (AFTERGLOW_URL, AFTERGLOW_ADMIN_EMAIL, AFTERGLOW_ADMIN_PASSWORD).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = process.env.AFTERGLOW_URL ?? 'http://127.0.0.1:7071';
export const ADMIN = { email: process.env.AFTERGLOW_ADMIN_EMAIL ?? 'admin@browser.test', password: process.env.AFTERGLOW_ADMIN_PASSWORD ?? 'browser-test-password' };
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

/** The suite's shared Chromium when scripts/browser-tests.sh started one (AFTERGLOW_BROWSER_WS), else one of its own. */
export async function launch() {
  if (process.env.AFTERGLOW_BROWSER_WS) return chromium.connect(process.env.AFTERGLOW_BROWSER_WS);
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/** A fresh context (own cookies) in English unless told otherwise; page.request shares its cookies. */
export async function newPage(browser, { locale = 'en-US', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ baseURL: BASE, locale, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function signIn(page, { email, password } = ADMIN) {
  await page.goto('/app/');
  await page.getByLabel(/^(Email|电子邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  for (let attempt = 0; ; attempt++) {
    const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
    // The app allows ten sign-ins a minute per address; the whole suite runs from one address.
    if ((await response).status() !== 429 || attempt > 0) break;
    await new Promise((r) => setTimeout(r, 61_000));
  }
  await page.getByRole('button', { name: /^(Sign out|退出登录)$/ }).waitFor();
}

/** Calls the API with the page's session, sending the anti-forgery header the way the dashboard does. */
export async function apiCall(page, method, path, body, headers = {}) {
  const cookies = await page.context().cookies(BASE);
  const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  const res = await page.request.fetch(path, { method, data: body, headers: { 'X-XSRF-TOKEN': xsrf, ...headers } });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Signs in through the API (for setup steps that are not what a test is about). */
export async function apiSignIn(page, { email, password } = ADMIN) {
  let res = await page.request.post('/api/auth/login', { data: { email, password } });
  if (res.status() === 429) {
    await new Promise((r) => setTimeout(r, 61_000)); // ten sign-ins a minute per address
    res = await page.request.post('/api/auth/login', { data: { email, password } });
  }
  if (!res.ok()) throw new Error(`login ${email} → ${res.status()}`);
}

/**
 * Saves docs/screenshots/<name>.png in Chinese, the office's language (issue 14): a page in English is switched to
 * zh-CN with the language menu for the picture (the app re-words in place, keeping the page's state) and back after,
 * so the test goes on in the language it asserts in.
 */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const was = await setLanguage(page, 'zh-CN');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
  if (was && was !== 'zh-CN') await setLanguage(page, was);
}

/** Chooses a language in the page's language menu (hidden in the phone menu too); returns the one it had, or null without a menu. */
async function setLanguage(page, next) {
  const was = await page.evaluate((lang) => {
    const select = document.querySelector('.lang select');
    if (!select) return null;
    const before = select.value;
    if (before !== lang) {
      select.value = lang;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return before;
  }, next);
  if (was && was !== next) await page.waitForFunction((lang) => document.documentElement.lang === lang, next);
  // Two frames: the re-render is drawn before the picture is taken.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return was;
}

/** Unique per run so tests can share one app and storage without colliding; digits only, so a made-up name adds no Latin word to a Chinese page. */
export const unique = () => `${Date.now() % 1e9}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

/** A valid mainland mobile number, unique enough for one run. */
export function mobile() {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Polls until check() is truthy (the page updates asynchronously); fails with the message after the timeout. */
export async function until(check, message = 'condition', timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Moves the app's development clock forward. Steps of at most 4 hours with a request in between keep the
 * sliding session alive, as a coordinator's open dashboard would; a session past its absolute lifetime (12 h
 * after sign-in) has ended, so the coordinator signs in again, as they would the next morning.
 * Returns the last answer (localNow).
 */
export async function advanceClock(page, minutes, account = ADMIN) {
  let last;
  while (minutes > 0) {
    const step = Math.min(minutes, 240);
    last = await apiCall(page, 'POST', '/api/dev/clock/advance', { minutes: step });
    const me = await page.request.get('/api/me');
    if (me.status() === 401) await apiSignIn(page, account);
    else if (!me.ok()) throw new Error(`GET /api/me → ${me.status()}: ${await me.text()}`);
    minutes -= step;
  }
  return last;
}

/** Minutes from an office-local ISO time until the next hh:mm (a full day if it is that time now). */
export function minutesUntil(localNowIso, hhmm) {
  const [, h, m] = localNowIso.match(/T(\d\d):(\d\d)/).map(Number);
  const [th, tm] = hhmm.split(':').map(Number);
  return ((th * 60 + tm) - (h * 60 + m) + 24 * 60) % (24 * 60) || 24 * 60;
}
