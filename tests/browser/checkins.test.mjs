import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';

const advance = (minutes) => advanceClock(page, minutes);

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('a check-in that goes unanswered opens an incident, which a coordinator acknowledges from Today', async () => {
  const name = `未回复${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1936-09-09', mobile: mobile(), living: 'alone' });
  await apiCall(page, 'PUT', `/api/careplans/${retiree.id}`, { cadence: 'daily', at: '09:00', answerWindowMinutes: 30 });

  // To 09:01 office time: the check-in goes out and waits for an answer.
  const now = await advance(1);
  await advance(minutesUntil(now.localNow, '09:01') - 1);
  await page.goto('/app/');
  await page.locator('#unanswered').getByRole('link', { name }).waitFor();

  // Past the 30-minute window: missed, an incident opens at level 1.
  await advance(31);
  const card = page.locator('li.incident', { has: page.getByRole('link', { name }) });
  await card.waitFor({ timeout: 30_000 }); // Today polls every 15 s, no reload
  await card.locator('h3 .badge', { hasText: 'Missed check-in' }).waitFor();
  await card.locator('h3 .badge', { hasText: 'Level 1' }).waitFor();
  await card.getByText(/No answer since/).waitFor();
  assert.ok(await card.getByRole('link', { name: `Call ${name}` }).getAttribute('href').then((h) => /^tel:1\d{10}$/.test(h)) /* national digits, dialable from any mobile */);
  await screenshot(page, 'today');

  await card.getByRole('button', { name: 'Acknowledge' }).click();
  await card.locator('p.ok', { hasText: /Acknowledged by Administrator/ /* the account's display name, not its email */ }).waitFor();
  assert.equal(await card.getByRole('button', { name: 'Acknowledge' }).count(), 0);

  // A note, then resolving it takes it off Today.
  await card.getByRole('button', { name: 'Resolve' }).click();
  await card.getByLabel('Outcome').selectOption('reachedByPhone');
  await card.getByLabel('Note').fill('电话联系上了，一切平安');
  await card.locator('form').getByRole('button', { name: 'Resolve' }).click();
  await until(async () => (await page.locator('li.incident', { has: page.getByRole('link', { name }) }).count()) === 0, 'the resolved incident to leave Today');
  const incidents = await apiCall(page, 'GET', '/api/incidents?status=closed');
  assert.equal(incidents.find((i) => i.retireeName === name)?.outcome, 'reachedByPhone');
});

test('a volunteer texts from the door: a field report on the incident timeline, then the code and 住院 resolve it', async () => {
  const name = `现场${unique()}`;
  const volunteerName = `现场志愿${unique()}`;
  const volunteerPhone = mobile();
  const volunteer = await apiCall(page, 'POST', '/api/people', { name: volunteerName, phone: volunteerPhone, role: 'volunteer' });
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1935-05-05', mobile: mobile(), living: 'alone', volunteerIds: [volunteer.id] });
  await apiCall(page, 'PUT', `/api/careplans/${retiree.id}`, { cadence: 'daily', at: '09:00', answerWindowMinutes: 30 });

  // Missed at 09:31, reminded again at 10:01, the volunteer alerted at 10:31 (level 3), an hour after the window closed.
  const now = await advance(1);
  await advance(minutesUntil(now.localNow, '09:01') - 1);
  await advance(31);
  await advance(30);
  await advance(30);
  const [incident] = (await apiCall(page, 'GET', `/api/incidents?retireeId=${retiree.id}`));
  assert.equal(incident.level, 3);
  const full = await apiCall(page, 'GET', `/api/incidents/${incident.id}`);
  assert.ok(full.steps.at(-1).recipients.some((r) => r.phone === `+86${volunteerPhone}`), 'the volunteer was alerted');

  const report = '到门口了，敲门半天没人开';
  const replied = await apiCall(page, 'POST', `/api/dev/phone/${encodeURIComponent(volunteerPhone)}/reply`, { text: report });
  assert.equal(replied.outcome, 'fieldReport');

  await page.goto('/app/');
  const card = page.locator('li.incident', { has: page.getByRole('link', { name }) });
  await card.waitFor({ timeout: 30_000 });
  await card.getByText(/^Timeline/).click();
  const line = card.locator('li.field-report', { hasText: report });
  await line.getByText(`Field report from ${volunteerName} (Volunteer):`).waitFor();

  // The liaison-style resolution: the code and an outcome word, no login.
  const resolved = await apiCall(page, 'POST', `/api/dev/phone/${encodeURIComponent(volunteerPhone)}/reply`, { text: `${incident.code} 已送医院，住院了` });
  assert.equal(resolved.outcome, 'resolved');
  // Off Today once the list is drawn again: a reload, not the 15-second poll the first test proves.
  await page.reload();
  await page.locator('#incidents li.incident, #incidents p.ok').first().waitFor();
  assert.equal(await page.locator('li.incident', { has: page.getByRole('link', { name }) }).count(), 0, 'the resolved incident left Today');
  const closed = await apiCall(page, 'GET', `/api/incidents?status=closed&retireeId=${retiree.id}`);
  assert.equal(closed[0]?.outcome, 'hospitalised');
  assert.equal((await apiCall(page, 'GET', `/api/retirees/${retiree.id}`)).profile.status, 'hospitalised');
});

test('when the session expires mid-edit, a sign-in dialog appears and the typed change is saved afterwards', async () => {
  const name = `会话${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1944-04-04', mobile: mobile() });
  await page.goto(`/app/retirees/${retiree.id}/edit`);
  await page.getByLabel('Address').fill('长寿路 88 号');

  // Eleven hours pass on the app's clock with no request: the 10-hour session ends.
  await apiCall(page, 'POST', '/api/dev/clock/advance', { minutes: 660 });
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Your session has ended').waitFor();
  await dialog.getByLabel('Email').fill(process.env.AFTERGLOW_ADMIN_EMAIL ?? 'admin@browser.test');
  await dialog.getByLabel('Password').fill(process.env.AFTERGLOW_ADMIN_PASSWORD ?? 'browser-test-password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();

  // The interrupted save goes through with what was typed.
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  // The contact section's address, not the timeline's record of the change (which quotes it too).
  await page.locator('#sec-contact dd', { hasText: '长寿路 88 号' }).waitFor();
});
