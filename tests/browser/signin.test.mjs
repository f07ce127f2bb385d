import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, launch, newPage, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a wrong password is refused, the right one signs in, sign-out returns to the form', async () => {
  const page = await newPage(browser);
  await page.goto('/');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Wrong email or password.').waitFor();
  await screenshot(page, 'sign-in');

  await signIn(page);
  assert.match(page.url(), /\/app\/$/);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Afterglow' }).waitFor();
  const me = await page.request.get('/api/me');
  assert.equal(me.status(), 401);
});

test('switching to zh-CN shows the dashboard in Chinese, and the choice is kept', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '未结事件' }).waitFor();
  await screenshot(page, 'today-zh');
  await page.getByRole('link', { name: '离退休人员' }).click();
  await page.getByRole('heading', { name: '离退休人员', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.reload();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
});

test('a Chinese browser gets Chinese by default', async () => {
  const page = await newPage(browser, { locale: 'zh-CN' });
  await page.goto('/app/');
  await page.getByRole('heading', { name: '登录晚霞关爱' }).waitFor();
});
