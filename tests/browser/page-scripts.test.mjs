import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, signIn } from './helpers.mjs';

// Each page is its own script (issue 14: a cold first screen parses the shell and one page). A page opened at its
// address loads its script at once; another page's script is fetched only when opened; a script that fails to load
// says so on the page and the page comes back on reload.
let browser, page;
const scripts = [];
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  page.on('request', (r) => { if (/\/app\/assets\/.*\.js$/.test(r.url())) scripts.push(new URL(r.url()).pathname.split('/').pop()); });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('pages load their own script when opened, and a page whose script fails says so and comes back on reload', async () => {
  scripts.length = 0;
  await page.goto('/app/visits');
  await page.getByRole('heading', { level: 1, name: 'Visits' }).waitFor();
  assert.ok(scripts.some((s) => s.startsWith('Visits-')), `the Visits script was not loaded: ${scripts}`);
  assert.ok(!scripts.some((s) => s.startsWith('People-') || s.startsWith('Reports-')), `other pages' scripts were loaded: ${scripts}`);

  // The People script cannot be fetched (a network blip, or a version deployed since the tab opened).
  await page.route(/\/assets\/People-[^/]*\.js$/, (route) => route.abort('connectionreset'));
  await page.getByRole('link', { name: 'People', exact: true }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await failed.waitFor();
  await page.unroute(/\/assets\/People-[^/]*\.js$/);
  await failed.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'This page could not be loaded' }).count(), 0);
});
