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

/**
 * How many retirees the applied filter (festival visits, this month) counts as visited, and the page's line saying the
 * same. Read from the API with the page's own filter: right after Apply the line can still show the previous filter's
 * answer (any kind), as the retiree's link waited on is in both.
 */
async function visitedCount() {
  await page.waitForURL(/kind=festival/);
  const filter = new URL(page.url()).searchParams;
  const { visited } = await apiCall(page, 'GET', `/api/visits/coverage?from=${filter.get('from')}&to=${filter.get('to')}&kind=festival`);
  await page.locator('#visit-coverage p.big', { hasText: new RegExp(`^${visited} of \\d+`) }).waitFor();
  return visited;
}

test('a festival visit logged on a retiree shows in their timeline and takes them off the not-yet-visited list', async () => {
  // Ninety-six and living alone: critical, so near the top of the work list.
  const who = `走访${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name: who, birthDate: '1930-06-01', mobile: mobile(), living: 'alone' });

  // Before: on the work list for this month's festival visits.
  await page.getByRole('link', { name: 'Visits' }).click();
  await page.getByLabel('Kind').selectOption('festival');
  await page.getByRole('button', { name: 'Apply' }).click();
  const worklist = page.locator('#visit-worklist');
  await worklist.getByRole('link', { name: who }).waitFor();
  const before = await visitedCount();

  // Log the visit from the retiree's page; a negative amount is refused next to its field.
  await worklist.getByRole('link', { name: who }).click();
  await page.getByRole('heading', { name: who, level: 1 }).waitFor();
  const form = page.locator('#sec-visits');
  await form.getByLabel('Kind').selectOption('festival');
  await form.getByLabel('Visitors').fill('王处长、志愿者小陈');
  await form.getByLabel('Note').fill('重阳节慰问，精神很好');
  await form.getByLabel('Gifts or subsidy (amount)').fill('-5');
  await form.getByRole('button', { name: 'Log visit' }).click();
  await page.locator('#visit-amount-error', { hasText: 'An amount from 0' }).waitFor();
  assert.equal(await form.getByLabel('Gifts or subsidy (amount)').getAttribute('aria-invalid'), 'true');
  await form.getByLabel('Gifts or subsidy (amount)').fill('200');
  await form.getByRole('button', { name: 'Log visit' }).click();
  await form.getByText('Saved.').waitFor();
  await form.getByText('王处长、志愿者小陈').waitFor();
  assert.equal(await page.locator('#visit-amount-error').count(), 0);

  // In the one timeline, with the day of the visit.
  await page.locator('#sec-timeline li', { hasText: 'Visit: Festival visit · 王处长、志愿者小陈: 重阳节慰问，精神很好' }).waitFor();

  // After: counted in the coverage, gone from the work list, listed among the period's visits.
  await page.getByRole('link', { name: 'Visits' }).click();
  await page.getByLabel('Kind').selectOption('festival');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('#visit-list').getByRole('link', { name: who }).waitFor();
  assert.equal(await worklist.getByRole('link', { name: who }).count(), 0);
  assert.equal(await visitedCount(), before + 1);
  await screenshot(page, 'visits');

  // The API agrees: one visit on the retiree, by the admin.
  const visits = await apiCall(page, 'GET', `/api/retirees/${retiree.id}/visits`);
  assert.deepEqual(visits.map((v) => [v.kind, v.amount]), [['festival', 200]]);
});
