import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';

// 养老金资格认证 in zh-CN: a coordinator opens a campaign for a group, sends reminders (seen on the dev phone), marks
// some done (one click and in batch), and sees who is still missing; the retiree's timeline shows it.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('open a campaign, remind by SMS, mark some done, see who is missing', async () => {
  const unit = `认证单位${unique()}`;
  const people = [];
  for (const [name, extra] of [[`甲${unique()}`, {}], [`乙${unique()}`, { livesElsewhere: true, city: '深圳' }], [`丙${unique()}`, {}], [`丁${unique()}`, {}]]) {
    const phone = mobile();
    const r = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1944-06-01', mobile: phone, unit, ...extra });
    people.push({ ...r, name, phone });
  }
  const [a, b, c, d] = people;
  const segment = await apiCall(page, 'POST', '/api/segments', { name: `认证范围${unique()}`, filter: { unit } });
  // Retirees are not texted in quiet hours (21:00–08:00 office time): move the app's clock to the morning if needed.
  let now = await advanceClock(page, 1);
  const hour = Number(now.localNow.match(/T(\d\d)/)[1]);
  if (hour >= 21 || hour < 8) now = await advanceClock(page, minutesUntil(now.localNow, '10:00'));
  const year = now.localNow.slice(0, 4);
  const deadline = new Date(Date.parse(`${now.localNow.slice(0, 10)}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);

  await page.goto(`/app/certification?year=${year}`);
  await page.getByRole('heading', { name: '养老金资格认证', level: 1 }).waitFor();
  // A deadline in the past is refused, by name and in Chinese.
  await page.getByLabel('截止日期').fill(`${Number(year) - 1}-01-01`);
  await page.getByRole('button', { name: '发起认证' }).click();
  await page.getByText('不能早于现在。').waitFor();
  await page.getByLabel('截止日期').fill(deadline);
  await page.getByLabel('认证范围').selectOption({ label: segment.name });
  await page.getByLabel('认证方式说明（随提醒短信发送）').fill('请携带身份证到老干部活动中心二楼认证。');
  await page.getByRole('button', { name: '发起认证' }).click();

  await page.getByText('应认证 4 人 · 已认证 0 人 · 未认证 4 人').waitFor();
  await page.getByText('还剩 20 天').first().waitFor();
  const row = (p) => page.locator(`tr[data-retiree="${p.id}"]`);
  await row(b).getByText('异地认证').waitFor();

  // 丁 cannot go out: a home visit, not an SMS.
  await row(d).getByLabel(`修改${d.name}的状态`).selectOption({ label: '需上门认证' });
  await row(d).getByText('需上门认证').waitFor();

  page.once('dialog', (dlg) => dlg.accept());
  await page.getByRole('button', { name: '发送提醒' }).click();
  await page.getByText('已排队 3 条提醒短信；0 人无法接收短信').waitFor();
  await row(a).getByText('已提醒').waitFor();

  // The reminders on the dev phone: the office's text, and for 乙 the text for those living elsewhere.
  await page.goto(`/app/dev/phone/${a.phone}`);
  await page.locator('.sms.out', { hasText: '请携带身份证到老干部活动中心二楼认证。' }).waitFor({ timeout: 75_000 });
  await page.goto(`/app/dev/phone/${b.phone}`);
  await page.locator('.sms.out', { hasText: '在居住地完成' }).waitFor({ timeout: 75_000 });

  // Mark done: 甲 with one click (at the office), 乙 and 丁 ticked and done in one batch (by the institution).
  const campaigns = await apiCall(page, 'GET', `/api/certification?year=${year}`);
  const campaign = campaigns.find((x) => x.segmentId === segment.id);
  await page.goto(`/app/certification/${campaign.id}`);
  await row(a).getByRole('button', { name: '已认证（来处办理）' }).click();
  await row(a).getByText(/已认证 · 来处办理/).waitFor();
  await page.getByRole('combobox', { name: /^认证方式/ }).selectOption({ label: '单位代认证' });
  await row(b).getByLabel(`勾选${b.name}`).check();
  await row(d).getByLabel(`勾选${d.name}`).check();
  await page.getByRole('button', { name: '将勾选的 2 人登记为已认证' }).click();
  await page.getByText('已登记 2 人认证。').waitFor();
  await page.getByText('应认证 4 人 · 已认证 3 人 · 未认证 1 人').waitFor();

  // Who is still missing: 丙 alone.
  await page.getByRole('combobox', { name: /^显示/ }).selectOption({ label: '仅未认证' });
  await until(async () => (await page.locator('tbody tr').count()) === 1, 'the missing list');
  await row(c).waitFor();
  await screenshot(page, 'certification');

  // The missing list as CSV, in Chinese.
  const file = await page.request.get(`/api/certification/${campaign.id}/export?format=csv&language=zh-CN`);
  const text = (await file.text()).replace(/^\uFEFF/, '');
  assert.ok(text.startsWith('姓名,单位,手机,所在城市'), text.slice(0, 80));
  assert.ok(text.includes(c.name) && !text.includes(a.name), 'only who is missing');

  // The retiree's page: the card and the timeline.
  await page.goto(`/app/retirees/${a.id}`);
  await page.locator('#sec-certification').getByText('已认证').first().waitFor();
  await page.locator('#sec-timeline').getByText(/养老金资格认证：已认证（来处办理）/).waitFor();
  await page.locator('#sec-timeline').getByText(/养老金资格认证：发送提醒短信（第 1 轮）/).waitFor();

  // Reports: the campaign's numbers.
  await page.goto('/app/reports');
  const report = page.locator('#rep-certification');
  await report.getByRole('heading', { name: `${year}年养老金资格认证` }).waitFor();
  await report.locator('tr', { hasText: '75%' }).first().waitFor();
});

test('retirees living elsewhere by city, and a reminder drafted for them', async () => {
  const city = `异地城${unique()}`;
  const name = `异地${unique()}`;
  await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1946-02-01', mobile: mobile(), livesElsewhere: true, city });
  await page.goto('/app/elsewhere');
  await page.getByRole('heading', { name: '异地居住人员', level: 1 }).waitFor();
  await page.locator('summary', { hasText: city }).click();
  await page.getByRole('link', { name }).waitFor();

  await page.getByRole('combobox', { name: /^城市/ }).selectOption(city);
  await page.getByLabel('发送时间').fill('2099-01-05T10:00');
  await page.getByLabel('截止日期（短信中的写法）').fill('12月20日');
  await page.getByRole('button', { name: '起草群发' }).click();
  // The broadcast's own page: previewed, and approved there like any other.
  await page.waitForURL(/\/app\/messages\/broadcasts\/b[0-9a-f]+/);
  const id = page.url().split('/').pop();
  const broadcast = await apiCall(page, 'GET', `/api/broadcasts/${id}`);
  assert.equal(broadcast.broadcast.templateId, 'elsewhere.medicalClaims');
  assert.deepEqual(broadcast.broadcast.filter.livesElsewhere, true);
  assert.equal(broadcast.broadcast.filter.city, city);
});

test('a volunteer sees the home visits their paired retirees need and marks one done from the phone', async () => {
  const tag = unique();
  const [v, other] = await Promise.all(['甲', '乙'].map((n) => apiCall(page, 'POST', '/api/people', { name: `认证志愿者${n}${tag}`, phone: mobile(), role: 'volunteer' })));
  const unit = `上门单位${tag}`;
  const mine = await apiCall(page, 'POST', '/api/retirees', { name: `卧床甲${tag}`, birthDate: '1935-01-01', mobile: mobile(), unit, volunteerIds: [v.id] });
  const theirs = await apiCall(page, 'POST', '/api/retirees', { name: `卧床乙${tag}`, birthDate: '1936-01-01', mobile: mobile(), unit, volunteerIds: [other.id] });
  const now = await advanceClock(page, 1);
  const year = Number(now.localNow.slice(0, 4));
  const campaign = await apiCall(page, 'POST', '/api/certification', { year, deadline: `${year + 1}-01-31`, filter: { unit } });
  for (const r of [mine, theirs]) await apiCall(page, 'PUT', `/api/certification/${campaign.id}/retirees/${r.id}`, { state: 'homeVisit' });
  const email = `cert-vol-${tag}@browser.test`;
  await apiCall(page, 'POST', '/api/accounts', { email, displayName: v.name, role: 'volunteer', password: 'volunteer-password', personId: v.id });

  const phone = await newPage(browser, { locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  await signIn(phone, { email, password: 'volunteer-password' });
  await phone.goto('/app/certification');
  await phone.getByRole('heading', { name: '上门认证', level: 1 }).waitFor();
  const card = phone.locator('li.card', { hasText: mine.profile.name });
  await card.waitFor();
  assert.equal(await phone.getByText(theirs.profile.name).count(), 0, 'another volunteer’s retiree is not listed');
  await card.getByRole('button', { name: '已上门认证' }).click();
  await phone.getByText('暂无需上门认证的人员。').waitFor();
  await phone.context().close();

  const rows = await apiCall(page, 'GET', `/api/certification/${campaign.id}/retirees`);
  const done = rows.items.find((r) => r.retireeId === mine.id);
  assert.equal(done.state, 'done');
  assert.equal(done.how, 'homeVisit');
  const visits = await apiCall(page, 'GET', `/api/retirees/${mine.id}/visits`);
  assert.ok(visits.some((x) => x.kind === 'home' && x.note.includes('养老金资格认证')), 'logged as a home visit');
});
