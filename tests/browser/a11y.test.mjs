import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, launch, newPage, screenshot } from './helpers.mjs';

// One page for the file: the app allows ten sign-ins a minute, and the whole suite shares that.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
});
after(async () => { await browser?.close(); });

/** Every visible form control has an accessible name (a label, aria-label or aria-labelledby). */
async function unlabelledControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    .map((el) => el.outerHTML.slice(0, 80)));
}

const overflows = (page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

test('keyboard only: sign in with Tab and Enter, and focus is visible', async () => {
  await page.goto('/app/');
  await page.getByLabel('Email').waitFor();
  await page.keyboard.press('Tab'); // the language switch comes first
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-email');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  for (const path of ['/app/', '/app/retirees', '/app/retirees/new', '/app/import', '/app/people', '/app/settings', '/app/messages/broadcasts/new']) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls on ${path}`);
  }
});

test('on a phone, and with text at 200 %, pages reflow without sideways scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/app/', '/app/retirees', '/app/retirees/new', '/app/people', '/app/messages']) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await overflows(page), false, `${path} scrolls sideways at 390 px`);
  }
  await page.goto('/app/retirees');
  await page.locator('main table').waitFor();
  await screenshot(page, 'phone-retirees');

  await page.setViewportSize({ width: 1280, height: 900 });
  for (const path of ['/app/', '/app/retirees', '/app/retirees/new']) {
    await page.goto(path);
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await overflows(page), false, `${path} scrolls sideways with 200 % text`);
  }
});
