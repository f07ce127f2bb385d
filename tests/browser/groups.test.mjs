import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

// 党支部 in zh-CN: a coordinator sets up a branch, adds its members, records a meeting with who came, reads the year's
// checklist, and sends the branch an SMS through the broadcast path (a colleague approves; it reaches the dev phone).
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('a branch with members, a meeting recorded with attendance, its checklist, and an SMS to the branch', async () => {
  const tag = unique();
  const people = [`书记${tag}`, `党员甲${tag}`, `党员乙${tag}`];
  const phones = people.map(() => mobile());
  const ids = [];
  for (const [i, name] of people.entries()) ids.push((await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1948-07-01', mobile: phones[i] })).id);
  // No SMS to retirees in quiet hours (21:00–08:00): the app's clock goes to the morning if needed.
  const now = await advanceClock(page, 1);
  const hour = Number(now.localNow.match(/T(\d\d)/)[1]);
  if (hour >= 21 || hour < 8) await advanceClock(page, minutesUntil(now.localNow, '10:00'));

  // Set up the branch; the required meetings start at 4 / 3 / 2 / 1.
  const branch = `离退休第一党支部${tag}`;
  await page.goto('/app/groups');
  const form = page.locator('#groups-new');
  await form.getByLabel('名称').fill(branch);
  await form.getByLabel('类型').selectOption('branch');
  assert.equal(await form.getByLabel('党员大会').inputValue(), '4');
  await form.getByRole('button', { name: '建立' }).click();
  await page.getByRole('heading', { name: branch, level: 1 }).waitFor();

  // Members: the secretary as the leader, two members.
  const members = page.locator('#group-members');
  for (const [i, name] of people.entries()) {
    await members.getByLabel('姓名、电话或身份证号').fill(name);
    await members.getByRole('button', { name: '搜索' }).click();
    await members.getByRole('button', { name: i === 0 ? '添加为负责人' : '添加为成员' }).click();
    await members.getByRole('status').filter({ hasText: `已添加${name}` }).waitFor();
  }
  await members.getByRole('heading', { name: '成员（3 人）' }).waitFor();
  await members.locator('tr', { hasText: people[0] }).getByText('支部书记').waitFor();

  // A meeting: 党员大会 today, the secretary and one member came.
  const record = page.locator('form.record-meeting');
  await record.getByLabel('类别').selectOption('organisation');
  await record.getByLabel('主题').fill('学习党的二十大精神');
  await record.getByLabel(people[0]).check();
  await record.getByLabel(people[1]).check();
  await record.getByRole('button', { name: '登记会议' }).click();
  await record.getByRole('status').filter({ hasText: '会议已登记（到会 2 人）' }).waitFor();
  const checklist = page.locator('#group-checklist');
  const row = checklist.locator('tr', { hasText: '党员大会' });
  await row.getByText('还差 3 次').waitFor();
  assert.match(await row.innerText(), /党员大会\s+4\s+1/);
  await checklist.getByText('应开会议 10 次，已开 1 次。').waitFor();
  await page.locator('#group-meetings').getByText(/学习党的二十大精神 · 到会 2 人/).waitFor();
  await screenshot(page, 'groups');

  // SMS to the branch: the broadcast form opens with the group chosen, and counts its three members.
  await page.getByRole('link', { name: '给本组成员发短信' }).click();
  await page.getByLabel('群发名称', { exact: true }).fill(`支部通知${tag}`);
  await page.getByLabel('模板').selectOption('notice.general');
  await page.getByLabel('text 的内容').fill('本周五上午九点在活动室开支部党员大会');
  await page.getByText('符合 3 人；将发送 3 人，排除 0 人。').waitFor();
  await page.getByRole('button', { name: '保存草稿并预览' }).click();
  await page.locator('#preview').getByText('本周五上午九点在活动室开支部党员大会').waitFor();
  const colleague = { email: `group-approver-${tag}@browser.test`, password: 'approver-password' };
  await apiCall(page, 'POST', '/api/accounts', { email: colleague.email, displayName: '审批人', role: 'coordinator', password: colleague.password });
  const approver = await newPage(browser, { locale: 'zh-CN' });
  await signIn(approver, colleague);
  await approver.goto(page.url());
  await approver.getByRole('button', { name: '批准并发送' }).click();
  await approver.locator('.badge', { hasText: /已发送|已批准/ }).waitFor();
  await approver.context().close();

  await page.goto(`/app/dev/phone/${phones[1]}`);
  await page.locator('.sms.out', { hasText: '本周五上午九点在活动室开支部党员大会' }).waitFor({ timeout: 75_000 });

  // On the member's page: the branch, as what, and the meeting they came to.
  await page.goto(`/app/retirees/${ids[1]}`);
  await page.locator('#sec-groups', { hasText: branch }).getByText(/本年参加 1 次/).waitFor();
  await page.locator('#sec-timeline').getByText(`加入${branch}（成员）`).waitFor();
});
