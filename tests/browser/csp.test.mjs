import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, signIn } from './helpers.mjs';

// The built dashboard must work under the app's Content-Security-Policy (no inline script, styles from our
// own origin): any violation shows up as a console error or a securitypolicyviolation event.
let browser, page;
const violations = [];
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
});
after(async () => { await browser?.close(); });

test('the dashboard is served with a strict policy and runs under it', async () => {
  const response = await page.goto('/app/');
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to ${e.violatedDirective}: ${e.blockedURI}`)));

  await signIn(page);
  for (const name of ['Retirees', 'People', 'Messages', 'Visits', 'Reports', 'Settings']) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForLoadState('networkidle');
  }
  assert.deepEqual(violations, []);
});
