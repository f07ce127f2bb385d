// Batch work (issue 14, items 4–5) in zh-CN on a phone (390 px): pair a volunteer with many retirees, log one
// festival visit for fifty, and the broadcast approval rule (a second member of staff approves).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, apiSignIn, launch, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

const PHONE = { locale: 'zh-CN', viewport: { width: 390, height: 844 } };
let browser, admin;
before(async () => {
  browser = await launch();
  admin = await newPage(browser);
  await apiSignIn(admin);
});
after(async () => { await browser?.close(); });

async function retirees(n, unit) {
  const list = [];
  for (let i = 0; i < n; i += 10) {
    list.push(...await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, k) =>
      apiCall(admin, 'POST', '/api/retirees', { name: `批量${unit.slice(-4)}${i + k}`, birthDate: '1942-04-05', mobile: mobile(), unit }))));
  }
  return list;
}

async function staffAccount(tag) {
  const email = `staff-${tag}@browser.test`;
  await apiCall(admin, 'POST', '/api/accounts', { email, displayName: `工作人员${tag}`, role: 'coordinator', password: 'coordinator-password' });
  return { email, password: 'coordinator-password' };
}

test('a volunteer is paired with every retiree of a filtered list at once, on a phone in Chinese', async () => {
  const tag = unique();
  const unit = `结对单位${tag}`;
  const volunteer = await apiCall(admin, 'POST', '/api/people', { name: `志愿者${tag}`, phone: mobile(), role: 'volunteer' });
  const list = await retirees(3, unit);

  const page = await newPage(browser, PHONE);
  await signIn(page);
  await page.goto(`/app/retirees?unit=${encodeURIComponent(unit)}`);
  await page.getByRole('button', { name: '全选（3）' }).click();
  await page.getByRole('status').filter({ hasText: '已选 3' }).waitFor();
  await page.getByLabel('志愿者', { exact: true }).selectOption(volunteer.id);
  await page.getByLabel('结对方式').selectOption('primary');
  await page.getByRole('button', { name: '与 3 位老同志结对' }).click();
  await page.getByText('已结对 3 位；原已结对 0 位。').waitFor();
  await screenshot(page, 'batch-pairing-phone');
  // The menu is one scrolling row on a phone: the header leaves the screen to the work.
  const header = await page.locator('header.top').boundingBox();
  assert.ok(header.height < 844 / 8, `the header is ${header.height} px high`);

  for (const r of list) assert.deepEqual((await apiCall(admin, 'GET', `/api/retirees/${r.id}`)).profile.volunteerIds, [volunteer.id]);
  // The retiree's page says who is the primary volunteer.
  await page.goto(`/app/retirees/${list[0].id}`);
  await page.locator('.badge', { hasText: '主责志愿者' }).waitFor();
});

test('one festival visit is logged for fifty retirees in one step, visitors chosen from People', async () => {
  const tag = unique();
  const unit = `慰问单位${tag}`;
  const visitor = await apiCall(admin, 'POST', '/api/people', { name: `王处长${tag}`, phone: mobile(), role: 'staff' });
  const list = await retirees(50, unit);

  const page = await newPage(browser, PHONE);
  await signIn(page);
  const started = Date.now();
  await page.goto(`/app/retirees?unit=${encodeURIComponent(unit)}`);
  await page.getByRole('button', { name: '全选（50）' }).click();
  await page.getByRole('status').filter({ hasText: '已选 50' }).waitFor();
  await page.getByLabel('登记走访慰问').check();
  await page.getByLabel('类别', { exact: true }).selectOption('festival');
  await page.getByRole('checkbox', { name: `王处长${tag}` }).check();
  await page.getByLabel('情况记录', { exact: true }).fill('重阳节慰问');
  await page.getByRole('button', { name: '为 50 位老同志登记走访慰问' }).click();
  await page.getByText('已登记走访 50 位；此前已登记 0 位。').waitFor();
  const seconds = (Date.now() - started) / 1000;
  await screenshot(page, 'batch-visits-phone');
  assert.ok(seconds < 30, `fifty visits took ${seconds} s of clicks`);

  const visits = await apiCall(admin, 'GET', `/api/retirees/${list[7].id}/visits`);
  assert.equal(visits.length, 1);
  assert.deepEqual(visits[0].visitorIds, [visitor.id]);
  assert.equal(visits[0].kind, 'festival');
});

test('the drafter cannot approve their own broadcast; a colleague does', async () => {
  const tag = unique();
  const unit = `群发单位${tag}`;
  await retirees(1, unit);
  const drafterAccount = await staffAccount(`a${tag}`);
  const colleagueAccount = await staffAccount(`b${tag}`);

  const drafter = await newPage(browser, PHONE);
  await signIn(drafter, drafterAccount);
  const sendAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const draft = await apiCall(drafter, 'POST', '/api/broadcasts', {
    name: `体检通知${tag}`, templateId: 'notice.general', parameters: { text: '下周二体检' }, filter: { unit }, sendAt, collectAnswers: false,
  });
  await drafter.goto(`/app/messages/broadcasts/${draft.id}`);
  const own = drafter.getByRole('button', { name: '批准并发送' });
  await own.waitFor();
  assert.equal(await own.isDisabled(), true);
  await drafter.getByText('此条群发短信由您起草或修改，须由另一位工作人员审批。').waitFor();
  await screenshot(drafter, 'broadcast-own-draft-phone');
  // The server says the same whatever the button shows.
  const cookies = await drafter.context().cookies();
  const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  assert.equal((await drafter.request.post(`/api/broadcasts/${draft.id}/approve`, { data: {}, headers: { 'X-XSRF-TOKEN': xsrf } })).status(), 403);

  const colleague = await newPage(browser, PHONE);
  await signIn(colleague, colleagueAccount);
  await colleague.goto(`/app/messages/broadcasts/${draft.id}`);
  await colleague.getByRole('button', { name: '批准并发送' }).click();
  await colleague.locator('.badge', { hasText: '已批准' }).waitFor();
  assert.equal((await apiCall(admin, 'GET', `/api/broadcasts/${draft.id}`)).broadcast.approvedBy, colleagueAccount.email);
});
