import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, launch, newPage, screenshot } from './helpers.mjs';

// One page through the file (the app allows ten sign-ins a minute, shared by the whole suite).
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
});
after(async () => { await browser?.close(); });

test('a wrong password is refused; the right one signs in', async () => {
  await page.goto('/');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Wrong email or password.').waitFor();
  await screenshot(page, 'sign-in');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.match(page.url(), /\/app\/$/);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});

test('switching to zh-CN shows the dashboard in Chinese, and the choice is kept', async () => {
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '未结事件' }).waitFor();
  await screenshot(page, 'today-zh');
  await page.getByRole('link', { name: '离退休人员' }).click();
  await page.getByRole('heading', { name: '离退休人员', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.reload();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  await page.getByLabel('语言').selectOption('en');
});

test('a signed-in page opens without first asking who is signed in or for the office', async () => {
  const asked = [];
  const listen = (r) => { if (/^\/api\/(me|office)$/.test(new URL(r.url()).pathname)) asked.push(r.url()); };
  page.on('request', listen);
  await page.goto('/app/retirees');
  await page.getByRole('heading', { name: 'Retirees', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Today' }).click();
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  page.off('request', listen);
  // The page carried both (Dashboard/FirstScreen.cs); the office's zone and name are in use without a call.
  assert.deepEqual(asked, []);
});

test('signing out returns to the sign-in form and ends the session', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Afterglow' }).waitFor();
  assert.equal((await page.request.get('/api/me')).status(), 401);
  // Reloaded, the page carries nothing of the ended session, and signing in again in it works.
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to Afterglow' }).waitFor();
  assert.doesNotMatch(await (await page.request.get('/app/')).text(), /first-screen/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Afterglow' }).waitFor();
});

test('a Chinese browser gets Chinese by default', async () => {
  const zh = await newPage(browser, { locale: 'zh-CN' });
  await zh.goto('/app/');
  await zh.getByRole('heading', { name: '登录晚霞关爱' }).waitFor();
});
