// Visit plans (分级走访) in zh-CN: a coordinator makes a monthly plan for a segment, sees who is due and who is
// overdue on a phone (390 px), marks a task done, which logs a real visit on the retiree's page; then the yearly
// report upward, exported in the office's language.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

async function streamText(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

test('a monthly plan shows due and overdue tasks; done on a phone logs the visit on the retiree', async () => {
  const now = await advanceClock(page, 1);
  const today = now.localNow.slice(0, 10);
  const [y, m] = today.split('-').map(Number);
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const tag = unique();
  const unit = `走访单位${tag}`;
  const leader = await apiCall(page, 'POST', '/api/people', { name: `王处长${tag}`, phone: mobile(), role: 'staff' });
  const a = await apiCall(page, 'POST', '/api/retirees', { name: `甲${tag}`, birthDate: '1938-05-01', mobile: mobile(), unit });
  const b = await apiCall(page, 'POST', '/api/retirees', { name: `乙${tag}`, birthDate: '1936-08-08', mobile: mobile(), unit, living: 'alone' });
  await apiCall(page, 'POST', '/api/segments', { name: `走访对象${tag}`, filter: { unit } });
  // 甲 was visited last month; 乙 was not.
  await apiCall(page, 'POST', `/api/retirees/${a.id}/visits`, { date: `${lastMonth}-15`, kind: 'home', visitors: '李老师' });

  await page.goto('/app/visitplans');
  await page.getByRole('heading', { name: '走访计划', level: 1 }).waitFor();
  await page.getByLabel('计划名称').fill(`处领导每月走访${tag}`);
  await page.getByLabel(`王处长${tag}`).check();
  await page.getByLabel('已保存的人群').selectOption({ label: `走访对象${tag} (2)` });
  await page.getByLabel('走访频次').selectOption('monthly');
  await page.getByLabel('开始日期（不填为今天）').fill(`${lastMonth}-01`);
  await page.getByRole('button', { name: '保存计划' }).click();
  await page.getByText('计划已保存，任务见走访任务。').waitFor();
  const planLink = page.getByRole('link', { name: `处领导每月走访${tag}` });
  await planLink.waitFor();
  assert.match(await page.locator('#visit-plans tr', { has: planLink }).innerText(), /每月/);

  // On a phone: the plan's tasks, overdue first.
  await page.setViewportSize({ width: 390, height: 844 });
  await planLink.click();
  await page.getByRole('heading', { name: '走访任务', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: '已逾期 1 · 待走访 2 · 已走访 0' }).waitFor();
  const cards = page.locator('li.task');
  assert.equal(await cards.count(), 3);
  assert.equal(await cards.first().getAttribute('data-state'), 'overdue');
  assert.match(await cards.first().innerText(), new RegExp(`乙${tag}[\\s\\S]*已逾期[\\s\\S]*${lastMonth}`));
  assert.equal(await overflows(), false, 'the task list scrolls sideways at 390 px');
  await screenshot(page, 'visit-tasks-phone');

  // 乙's task this month: done, with a note.
  const due = page.locator('li.task[data-state="due"]', { hasText: `乙${tag}` });
  await due.getByRole('button', { name: '完成走访' }).click();
  await due.getByLabel('备注').fill('精神很好，谈了冬季取暖');
  await due.getByRole('button', { name: '登记走访' }).click();
  await page.getByRole('status').filter({ hasText: '已逾期 1 · 待走访 1 · 已走访 1' }).waitFor();
  await page.locator('li.task[data-state="done"]', { hasText: `乙${tag}` }).getByText(/已于 .* 走访/).waitFor();
  assert.equal(await overflows(), false, 'the task list scrolls sideways after the form');

  // The visit is in 乙's visit log, by the plan's visitor, however the task list shows it.
  await page.goto(`/app/retirees/${b.id}`);
  const visits = page.locator('#sec-visits');
  await visits.getByText('精神很好，谈了冬季取暖').waitFor();
  assert.match(await visits.innerText(), new RegExp(`王处长${tag}`));
  const logged = await apiCall(page, 'GET', `/api/retirees/${b.id}/visits`);
  assert.equal(logged.length, 1);
  assert.deepEqual(logged[0].visitorIds, [leader.id]);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the yearly report shows the year and exports it in Chinese', async () => {
  const now = await advanceClock(page, 1);
  const year = now.localNow.slice(0, 4);
  await page.goto('/app/reports');
  await page.getByRole('link', { name: '年度工作统计' }).click();
  await page.getByRole('heading', { name: `${year} 年度工作统计`, level: 1 }).waitFor();
  const visits = page.locator('section', { has: page.getByRole('heading', { name: '走访慰问（按类型）' }) });
  await visits.getByRole('cell', { name: '家访' }).waitFor();
  const report = await apiCall(page, 'GET', `/api/reports/year?year=${year}`);
  const home = report.sections.find((s) => s.key === 'yearReport.visits').lines.find((l) => l.key === 'visitKind.home').count;
  assert.ok(home >= 2, 'the visits logged this run are counted');
  assert.match(await visits.locator('tr', { hasText: '家访' }).innerText(), new RegExp(`家访\\s+${home}`));
  await page.locator('section', { hasText: '人数（按年龄段）' }).getByRole('cell', { name: '合计' }).waitFor();
  await screenshot(page, 'year-report');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), `年度工作统计-${year}.csv`);
  const text = await streamText(await csv.createReadStream());
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], '项目,分类,数量,短信条数（计费）');
  assert.ok(lines.includes(`走访慰问（按类型）,家访,${home},`), text);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
});

test('the annual memo lists the year, exports it and drafts an SMS per date ahead', async () => {
  const now = await advanceClock(page, 1);
  const year = Number(now.localNow.slice(0, 4)) + 1; // next year: every date is ahead
  const tag = unique();
  await apiCall(page, 'POST', '/api/retirees', { name: `备忘${tag}`, birthDate: '1940-02-02', mobile: mobile(), unit: `备忘单位${tag}` });
  await apiCall(page, 'POST', '/api/segments', { name: `备忘对象${tag}`, filter: { unit: `备忘单位${tag}` } });

  await page.goto(`/app/memo?year=${year}`);
  await page.getByRole('heading', { name: `${year} 年工作备忘录`, level: 1 }).waitFor();
  await page.getByText('还没有安排。').waitFor();
  for (const [date, what, kind] of [[`${year}-10-18`, '重阳节集体生日会', 'birthdayCelebration'], [`${year}-04-15`, '健康体检开始', 'checkup']]) {
    await page.getByRole('button', { name: '添加日期' }).click();
    const entry = page.locator('ol.memo-entries > li').last();
    await entry.getByLabel('日期', { exact: true }).fill(date);
    await entry.getByLabel('事项', { exact: true }).fill(what);
    await entry.getByLabel('类别', { exact: true }).selectOption(kind);
  }
  // A title left empty is named by its field, and nothing is saved.
  await page.getByRole('button', { name: '添加日期' }).click();
  await page.locator('ol.memo-entries > li').last().getByLabel('日期', { exact: true }).fill(`${year}-07-01`);
  await page.getByRole('button', { name: '保存备忘录' }).click();
  await page.locator('ol.memo-entries > li').last().getByRole('alert').waitFor();
  assert.equal((await apiCall(page, 'GET', `/api/memos/${year}`)).entries.length, 0);
  await page.locator('ol.memo-entries > li').last().getByRole('button', { name: '删除' }).click();
  await page.getByRole('button', { name: '保存备忘录' }).click();
  await page.getByRole('status').filter({ hasText: '备忘录已保存。' }).waitFor();
  // Saved in date order.
  assert.deepEqual((await apiCall(page, 'GET', `/api/memos/${year}`)).entries.map((e) => e.title), ['健康体检开始', '重阳节集体生日会']);
  await page.reload();
  assert.equal(await page.locator('ol.memo-entries > li').first().getByLabel('事项', { exact: true }).inputValue(), '健康体检开始');

  await page.getByLabel('已保存的人群').selectOption({ label: `备忘对象${tag} (1)` });
  await page.getByRole('button', { name: '生成短信草稿' }).click();
  await page.getByRole('status').filter({ hasText: '新生成 2 条草稿' }).waitFor();
  await page.getByText('已生成短信').first().waitFor();
  await screenshot(page, 'annual-memo');
  const memo = await apiCall(page, 'GET', `/api/memos/${year}`);
  const draft = await apiCall(page, 'GET', `/api/broadcasts/${memo.entries[1].broadcastId}`);
  assert.equal(draft.broadcast.state, 'draft');
  assert.equal(draft.broadcast.parameters.text, '10月18日 重阳节集体生日会');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
  const lines = (await streamText(await csv.createReadStream())).trim().split('\r\n');
  assert.deepEqual(lines, ['日期,事项,类别,说明,短信内容', `${year}-04-15,健康体检开始,健康体检,,`, `${year}-10-18,重阳节集体生日会,集体生日会,,`]);
});
