import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';

// 签到 at the door: a coordinator with a phone (390 px, an iPhone 12–15) marks who came to an event.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('attendance is taken from a phone-sized list: taps are saved and counted, without sideways scrolling', async () => {
  const unit = `体检${unique()}`;
  const names = ['签到张', '签到李', '签到王'].map((n) => `${n}${unique()}`);
  const ids = [];
  for (const name of names) ids.push((await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1945-02-01', mobile: mobile(), unit })).id);

  // Tomorrow at 09:00 in the office; everyone in the unit invited, all three signed up by phone.
  const now = await advanceClock(page, 1);
  const tomorrow = new Date(Date.parse(`${now.localNow.slice(0, 10)}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const event = await apiCall(page, 'POST', '/api/events', { title: '健康体检', kind: 'checkup', date: tomorrow, time: '09:00', place: '校医院', capacity: 10, filter: { unit } });
  await apiCall(page, 'POST', `/api/events/${event.id}/invite`);
  for (const retireeId of ids.slice(0, 2)) await apiCall(page, 'POST', `/api/events/${event.id}/attendees`, { retireeId, answer: 'join' });
  // The third calls the office: found by name on the event's page and signed up there.
  await page.goto(`/app/events/${event.id}`);
  const byPhone = page.locator('#event-by-phone');
  await byPhone.getByLabel('Name, phone or ID number').fill(names[2]);
  await byPhone.getByRole('button', { name: 'Search' }).click();
  await byPhone.getByRole('listitem').filter({ hasText: names[2] }).getByRole('button', { name: 'Sign up' }).click();
  await byPhone.getByRole('status').filter({ hasText: `${names[2]}: Signed up.` }).waitFor();
  assert.equal(await byPhone.getByRole('listitem').count(), 0, 'the matches are cleared once answered');

  // The morning of the event.
  await advanceClock(page, minutesUntil(now.localNow, '08:30') + (now.localNow.slice(11, 16) < '08:30' ? 24 * 60 : 0));
  await page.goto(`/app/events/${event.id}/attendance`);
  await page.getByRole('heading', { name: 'Attendance', level: 1 }).waitFor();
  await page.getByText('0 of 3 signed up have come').waitFor();

  await page.getByRole('button', { name: `Came: ${names[0]}` }).click();
  await page.getByRole('button', { name: `Did not come: ${names[1]}` }).click();
  await page.getByText('1 of 3 signed up have come').waitFor();
  await until(async () => (await page.getByRole('button', { name: `Came: ${names[0]}` }).getAttribute('aria-pressed')) === 'true', 'the tap to show');

  // The filter finds a name; the buttons are large enough for a thumb; nothing scrolls sideways.
  await page.getByLabel('Find a name').fill(names[2]);
  await until(async () => (await page.locator('.attendance-list li').count()) === 1, 'one row');
  const box = await page.getByRole('button', { name: `Came: ${names[2]}` }).boundingBox();
  assert.ok(box.height >= 44, `button height ${box.height}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling at 390 px');
  await page.getByLabel('Find a name').fill('');
  await page.getByText('1 of 3 signed up have come').waitFor();
  assert.equal(await page.getByRole('button', { name: `Came: ${names[0]}` }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: `Did not come: ${names[1]}` }).getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'event-attendance');

  // Saved on the server: the list shows who came and who did not.
  const list = await apiCall(page, 'GET', `/api/events/${event.id}/attendees`);
  const byId = Object.fromEntries(list.map((a) => [a.retireeId, a]));
  assert.equal(byId[ids[0]].attended, true);
  assert.equal(byId[ids[1]].attended, false);
  assert.equal(byId[ids[2]].attended, null);
});
