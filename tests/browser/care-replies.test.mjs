import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';

// A coordinator on a phone-sized screen (390 px, an iPhone 12–15) works Today's replies to read and call tasks.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('an unclear reply waits to be read and is marked, and a call outcome is recorded, at 390 px', async () => {
  const n = unique();
  const smsName = `待读${n}`;
  const callName = `电话${n}`;
  const phone = mobile();
  const smsRetiree = await apiCall(page, 'POST', '/api/retirees', { name: smsName, birthDate: '1938-05-05', mobile: phone, living: 'alone' });
  const callRetiree = await apiCall(page, 'POST', '/api/retirees', { name: callName, birthDate: '1937-07-07', mobile: mobile(), living: 'alone' });
  await apiCall(page, 'PUT', `/api/careplans/${smsRetiree.id}`, { cadence: 'daily', at: '09:00', answerWindowMinutes: 60 });
  const plan = await apiCall(page, 'PUT', `/api/careplans/${callRetiree.id}`, { cadence: 'daily', at: '09:00', answerWindowMinutes: 60, channel: 'call' });
  assert.equal(plan.plan.channel, 'call');

  // To 09:01 office time: one check-in SMS and one call task go out.
  const now = await advanceClock(page, 1);
  await advanceClock(page, minutesUntil(now.localNow, '09:01') - 1);

  // She answers in words nobody can grade: the check-in counts as answered, a person reads it.
  const replied = await apiCall(page, 'POST', `/api/dev/phone/${encodeURIComponent(phone)}/reply`, { text: '我在楼下晒太阳，等会儿回家' });
  assert.equal(replied.outcome, 'toRead');

  await page.goto('/app/');
  const toRead = page.locator('#replies-to-read li', { has: page.getByRole('link', { name: smsName }) });
  await toRead.getByText('我在楼下晒太阳，等会儿回家').waitFor();
  const calls = page.locator('#calls li', { has: page.getByRole('link', { name: callName }) });
  await calls.waitFor();
  // Nothing spills sideways on a phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling at 390 px');
  await screenshot(page, 'today-phone-replies-and-calls');

  await toRead.getByRole('button', { name: 'Unwell: volunteer calls back' }).click();
  await until(async () => (await page.locator('#replies-to-read li', { has: page.getByRole('link', { name: smsName }) }).count()) === 0, 'the marked reply to leave the list');

  await calls.getByRole('button', { name: 'Reached: well' }).click();
  await until(async () => (await page.locator('#calls li', { has: page.getByRole('link', { name: callName }) }).count()) === 0, 'the recorded call to leave the list');

  const day = await apiCall(page, 'GET', `/api/checkins?retireeId=${callRetiree.id}`);
  assert.equal(day.items[0].status, 'answered');
  assert.equal(day.items[0].answer, 'well');
  const own = await apiCall(page, 'GET', `/api/checkins?retireeId=${smsRetiree.id}`);
  assert.equal(own.items[0].answer, 'unwell');
  assert.equal((await apiCall(page, 'GET', `/api/incidents?status=open`)).filter((i) => i.retireeName === smsName).length, 0);
});
