import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, apiCall, launch, mobile, newPage, screenshot, unique } from './helpers.mjs';

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

/**
 * Text whose contrast with what is behind it is below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or bold
 * from 18.66 px). The background is found by blending the element's and its ancestors' background colours;
 * disabled controls are exempt, as WCAG allows.
 */
async function lowContrastText(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const blend = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const luminance = (rgb) => {
      const [r, g, b] = rgb.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const backgroundOf = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; }
      }
      return layers.reverse().reduce((under, top) => blend(top, under), [255, 255, 255, 1]);
    };
    const low = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || el.offsetParent === null || el.closest(':disabled')) continue;
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const bg = backgroundOf(el);
      const fg = blend(parse(style.color), bg);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) low.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    return low;
  });
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
  for (const path of ['/app/', '/app/retirees', '/app/retirees/new', '/app/import', '/app/people', '/app/settings', '/app/messages/broadcasts/new',
    '/app/visitplans', '/app/visitplans/tasks', '/app/memo', '/app/reports/year']) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls on ${path}`);
  }
});

test('on a phone, and with text at 200 %, pages reflow without sideways scrolling', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/app/', '/app/retirees', '/app/retirees/new', '/app/people', '/app/messages', '/app/visitplans/tasks', '/app/visitplans', '/app/memo']) {
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
    // Through the CSSOM: the app's Content-Security-Policy refuses an injected <style> element.
    await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await overflows(page), false, `${path} scrolls sideways with 200 % text`);
  }
});

test('text meets WCAG AA contrast on every main page', async () => {
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name: `对比${unique()}`, birthDate: '1936-04-05', mobile: mobile(), living: 'alone' });
  const pages = ['/app/', '/app/retirees', `/app/retirees/${retiree.id}`, '/app/retirees/new', '/app/visits', '/app/import',
    '/app/messages', '/app/messages/broadcasts/new', '/app/messages/templates', '/app/people', '/app/reports', '/app/settings', '/app/dev/phone', '/app/certification', '/app/elsewhere'];
  for (const path of pages) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await lowContrastText(page), [], `text below AA contrast on ${path}`);
  }
});
