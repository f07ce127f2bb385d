import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, launch, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('People: adding a volunteer shows the phone error inline, then the volunteer is listed and can be paired', async () => {
  await page.getByRole('link', { name: 'People' }).click();
  await page.getByRole('button', { name: 'Add person' }).click();
  const name = `新志愿者${unique()}`;
  await page.locator('#pf-name').fill(name);
  await page.locator('#pf-phone').fill('123');
  await page.locator('form').getByRole('button', { name: 'Save' }).first().click();
  await page.locator('#pf-phone-error', { hasText: 'Enter a valid mobile number.' }).waitFor();

  await page.locator('#pf-phone').fill(mobile());
  await page.locator('form').getByRole('button', { name: 'Save' }).first().click();
  await page.getByRole('cell', { name, exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Duty roster (weekly)' }).waitFor();

  const person = (await apiCall(page, 'GET', '/api/people')).find((p) => p.name === name);
  await apiCall(page, 'POST', '/api/retirees', { name: `被结对${unique()}`, birthDate: '1939-03-03', mobile: mobile(), volunteerIds: [person.id] });
  await page.getByLabel('Volunteer', { exact: true }).selectOption(person.id);
  await page.getByText('1 retirees paired with this volunteer.').waitFor();
  await screenshot(page, 'people');

  // The volunteer goes away for a week: the period is kept.
  await page.locator('#away').getByLabel('Name').selectOption(person.id);
  await page.getByRole('button', { name: 'Add away period' }).click();
  await page.locator('#away-0-from').fill('2030-01-01');
  await page.locator('#away-0-to').fill('2030-01-07');
  await page.locator('#away-0-note').fill('探亲');
  await page.locator('#away').getByRole('button', { name: 'Save' }).click();
  await page.locator('#away').getByText('Saved.').waitFor();
  const away = await apiCall(page, 'GET', `/api/roster/away/${person.id}`);
  assert.deepEqual(away.periods, [{ from: '2030-01-01', to: '2030-01-07', note: '探亲' }]);
});

test('Settings: an invalid escalation level is refused with its message; the audit trail lists the day’s actions', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Escalation policy' }).waitFor();
  const wait = page.getByLabel('Wait (minutes)').first();
  const before = await wait.inputValue();
  await wait.fill('1');
  await page.locator('#policy').getByRole('button', { name: 'Save' }).click();
  await page.locator('#policy').getByText('Between 5 and 1440 minutes.').waitFor();
  await wait.fill(before);
  await page.locator('#policy').getByRole('button', { name: 'Save' }).click();
  await page.locator('#policy').getByText('Saved.').waitFor();

  await page.locator('#audit').getByRole('button', { name: 'Apply' }).click();
  await page.locator('#audit').getByRole('cell', { name: 'Alert levels changed' }).first().waitFor();
  await page.locator('#accounts').getByRole('cell', { name: 'admin@browser.test', exact: true }).waitFor();
  await screenshot(page, 'settings');
});

test('Reports: registry counts match the API, with numbers beside the bars', async () => {
  await page.getByRole('link', { name: 'Reports' }).click();
  const active = await apiCall(page, 'GET', '/api/retirees?status=active&pageSize=1');
  const numbers = page.locator('#rep-age td.num');
  await numbers.first().waitFor();
  const sum = (await numbers.allInnerTexts()).reduce((s, n) => s + Number(n), 0);
  assert.equal(sum, active.total);
  await page.locator('#rep-answers table').waitFor();
  await screenshot(page, 'reports');
});

test('People: a one-off cover puts its coordinator on duty; an end before its start is refused', async () => {
  const before = await apiCall(page, 'GET', '/api/roster');
  const name = `替班${unique()}`;
  await apiCall(page, 'POST', '/api/people', { name, phone: mobile(), role: 'staff', language: 'zh-CN' });
  try {
    await page.goto('/app/people');
    await page.getByRole('heading', { name: 'One-off cover' }).waitFor();
    const n = before.roster.overrides.length;
    await page.getByRole('button', { name: 'Add cover' }).click();
    await page.locator(`#cover-${n}-person`).selectOption({ label: name });
    await page.locator(`#cover-${n}-from`).fill('2040-01-02T09:00');
    await page.locator(`#cover-${n}-to`).fill('2040-01-01T09:00');
    await page.locator('#roster').getByRole('button', { name: 'Save' }).click();
    await page.locator(`#cover-${n}-to-error`, { hasText: 'Ends after it starts.' }).waitFor();

    // Wide enough to hold whatever the development clock says now; office time is UTC+8.
    await page.locator(`#cover-${n}-from`).fill('2020-01-01T08:00');
    await page.locator(`#cover-${n}-to`).fill('2040-01-01T08:00');
    await page.locator('#roster').getByRole('button', { name: 'Save' }).click();
    await page.locator('#roster').getByText('Saved.').waitFor();
    await page.locator('#roster').getByText(new RegExp(`On duty now: .*${name}`)).waitFor();
    const cover = (await apiCall(page, 'GET', '/api/roster')).roster.overrides.at(-1);
    assert.equal(Date.parse(cover.from), Date.parse('2020-01-01T00:00:00Z'));
    assert.equal(Date.parse(cover.to), Date.parse('2040-01-01T00:00:00Z'));
  } finally {
    await apiCall(page, 'PUT', '/api/roster', { weekly: before.roster.weekly, overrides: before.roster.overrides });
  }
});
