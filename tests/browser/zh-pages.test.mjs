// Issue 14.2 and 14.3 in zh-CN: every page tells what happened in Chinese, and a resolved incident keeps its record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, mobile, newPage, signIn, unique, until } from './helpers.mjs';

let browser, page, me;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
  me = await apiCall(page, 'GET', '/api/me');
});
after(async () => { await browser?.close(); });

/** Words that are Chinese offices' own (SMS, ID, CSV…), names of things, and the language switch's "English". */
const ALLOWED = new Set(['SMS', 'ID', 'CSV', 'Excel', 'xlsx', 'csv', 'English', 'HELP', 'OK', 'STOP', 'START', 'YES', 'NO', 'UTC', 'PDF', 'JPEG', 'PNG', 'URL', 'UTF', 'GBK', 'CNY', 'CN']);

/** A retiree with a volunteer, whose call for help a coordinator resolved with a note. */
async function resolvedIncident(note) {
  const name = `记录${unique()}`;
  const volunteer = await apiCall(page, 'POST', '/api/people', { name: `志愿${unique()}`, phone: mobile(), role: 'volunteer' });
  const phone = mobile();
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1937-02-02', mobile: phone, living: 'alone', volunteerIds: [volunteer.id] });
  const replied = await apiCall(page, 'POST', `/api/dev/phone/${encodeURIComponent(phone)}/reply`, { text: '求助' });
  assert.ok(replied, 'the help call reached the app');
  let incident;
  await until(async () => ((incident = (await apiCall(page, 'GET', `/api/incidents?retireeId=${retiree.id}`))[0]) !== undefined), 'the help incident');
  await apiCall(page, 'POST', `/api/incidents/${incident.id}/notes`, { note: '邻居说屋里有动静' });
  await apiCall(page, 'POST', `/api/incidents/${incident.id}/resolve`, { outcome: 'hospitalised', note });
  return { name, retiree, incident };
}

/** The visible text's Latin words that are not on the allow-list, user data (emails, the admin's name) taken out first. */
async function englishOn(path) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await until(async () => (await page.locator('.loading').count()) === 0, `${path} to finish loading`);
  // Closed sections count too: a timeline folded away is still read. Text the page marks lang="en" is a record
  // kept as the server wrote it before codes (old timeline lines, the audit trail's detail): declared, not leaked.
  // A folded section may load what it shows once opened (Today's incident timelines): opened, then waited for.
  await page.evaluate(async () => {
    const folded = [...document.querySelectorAll('details')].filter((d) => !d.open);
    await Promise.all(folded.map((d) => new Promise((opened) => { d.addEventListener('toggle', opened, { once: true }); d.open = true; })));
    await new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn, 50)));
  });
  await until(async () => (await page.locator('.loading').count()) === 0, `${path}'s opened sections to finish loading`);
  await page.evaluate(() => {
    document.querySelectorAll('main [lang="en"]').forEach((e) => { e.style.display = 'none'; });
    // A setting's name (Office__PhoneRegion in <code>) is what an admin types in Azure, not a sentence.
    document.querySelectorAll('main code').forEach((e) => { e.style.display = 'none'; });
  });
  const text = await page.locator('main').innerText();
  // User data and codes: emails, the admin's name, record ids, template placeholders ({name}), time-zone names.
  const cleaned = text.replace(/[\w.+-]+@[\w.-]+/g, ' ').split(me.displayName).join(' ')
    .replace(/\b[a-z]?-?[0-9A-Z]{20,}\b|\bi-[\w-]+/g, ' ').replace(/\{\w+\}/g, ' ').replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ');
  return [...new Set(cleaned.match(/[A-Za-z]{2,}/g) ?? [])].filter((w) => !ALLOWED.has(w));
}

/** The incident history for one office day. */
async function historyOf(day) {
  await page.goto('/app/incidents');
  await page.getByLabel('解决日期自').fill(day);
  await page.getByLabel('至', { exact: true }).fill(day);
  await page.getByRole('button', { name: '查看' }).click();
}

test('a resolved incident keeps its timeline, outcome and note: from the retiree page, the history and by link', async () => {
  const note = '开锁，120送医院';
  const { name, retiree, incident } = await resolvedIncident(note);

  // The retiree's page links the incident with its outcome and note.
  await page.goto(`/app/retirees/${encodeURIComponent(retiree.id)}`);
  const entry = page.locator('#sec-timeline a', { hasText: incident.code });
  await entry.waitFor();
  assert.match(await entry.innerText(), /已住院.*开锁，120送医院/);
  await entry.click();

  // Its own page: the resolution and every line of the timeline, in Chinese.
  await page.locator('.resolution', { hasText: '已解决：已住院' }).waitFor();
  await page.locator('.resolution-note', { hasText: note }).waitFor();
  const timeline = page.locator('ul.timeline');
  await timeline.getByText('邻居说屋里有动静').waitFor();
  await timeline.getByText(/老同志于 .* 发出求助。/).waitFor();
  await timeline.getByText(`已解决：已住院。${note}`).waitFor();
  assert.equal(await page.getByRole('button', { name: '解决' }).count(), 0, 'a resolved incident is read, not acted on');
  const url = page.url();

  // The history lists it for its day, with the note; its code opens the same record. The day is the app's
  // (other tests move its clock ahead of this browser's), chosen the way a coordinator chooses a period.
  const resolvedAt = (await apiCall(page, 'GET', `/api/incidents/${incident.id}`)).resolution.at;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(resolvedAt));
  await historyOf(day);
  const row = page.locator('tr', { has: page.getByRole('link', { name }) });
  await row.waitFor();
  assert.match(await row.innerText(), /已住院/);
  assert.match(await row.innerText(), /开锁，120送医院/);
  await row.getByRole('link', { name: `#${incident.code}` }).click();
  await page.waitForURL(url);

  // The period's file for reports upward, in the office's language.
  await historyOf(day);
  const href = await page.getByRole('link', { name: '下载 CSV' }).or(page.getByRole('link', { name: /CSV/ })).first().getAttribute('href');
  const file = await (await page.request.get(href)).text();
  assert.match(file, /^\uFEFF?编号,姓名,类别,开始时间,解决时间,结果,处理人,情况说明/);
  assert.ok(file.split('\n').some((l) => l.includes(name) && l.includes('已住院') && l.includes(note)), file);

  // A direct link stays readable after a reload, and another volunteer's link is not found.
  await page.goto(url);
  await page.locator('.resolution-note', { hasText: note }).waitFor();
});

test('every page in Chinese shows no English word but the allowed ones', async () => {
  const { name, retiree, incident } = await resolvedIncident('在女儿家，一切平安');
  // A class with the retiree enrolled and a session held: the groups pages and the retiree's groups card have content.
  const group = await apiCall(page, 'POST', '/api/groups', { name: `书法班${unique()}`, type: 'class', term: '2026年秋季', capacity: 30 });
  await apiCall(page, 'POST', `/api/groups/${group.id}/members`, { retireeId: retiree.id, role: 'leader' });
  const { localNow } = await advanceClock(page, 1);
  await apiCall(page, 'POST', `/api/groups/${group.id}/meetings`, { date: localNow.slice(0, 10), kind: 'activity', topic: '楷书入门', attendeeIds: [retiree.id] });
  // A certification campaign with this retiree in it: its page, the retiree's card and timeline lines.
  const clock = await apiCall(page, 'POST', '/api/dev/clock/advance', { minutes: 1 });
  const year = Number(clock.localNow.slice(0, 4));
  const campaign = await apiCall(page, 'POST', '/api/certification', { year, deadline: `${year + 1}-01-31`, filter: { q: name } });
  await apiCall(page, 'PUT', `/api/certification/${campaign.id}/retirees/${retiree.id}`, { state: 'homeVisit' });
  const paths = [
    '/app/', '/app/retirees', `/app/retirees/${retiree.id}`, `/app/retirees/${retiree.id}/edit`, '/app/retirees/new',
    '/app/incidents', `/app/incidents/${incident.id}`, '/app/visits', '/app/import', '/app/messages', '/app/messages/broadcasts',
    '/app/messages/templates', '/app/messages/outbox',
    '/app/people', '/app/reports', '/app/settings', '/app/dev/phone', '/app/subsidies', '/app/groups', `/app/groups/${group.id}`,
    '/app/visitplans', '/app/visitplans/tasks', '/app/reports/year', '/app/memo',
    '/app/certification', `/app/certification/${campaign.id}`, '/app/elsewhere',
    `/app/print/cards?retireeId=${retiree.id}&medical=true`, '/app/print/cards', '/app/print/route', '/app/print/calls',
  ];
  const found = [];
  for (const path of paths) {
    const words = await englishOn(path);
    if (words.length) found.push(`${path}: ${words.join(' ')}`);
  }
  assert.deepEqual(found, []);
});
