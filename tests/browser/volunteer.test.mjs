import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, apiSignIn, launch, mobile, newPage, signIn, unique } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a volunteer sees only their paired retirees and cannot open another volunteer’s retiree', async () => {
  const admin = await newPage(browser);
  await apiSignIn(admin);
  const tag = unique();
  const [a, b] = await Promise.all(['甲', '乙'].map((n) =>
    apiCall(admin, 'POST', '/api/people', { name: `志愿者${n}${tag}`, phone: mobile(), role: 'volunteer' })));
  const mine = await apiCall(admin, 'POST', '/api/retirees', { name: `结对甲${tag}`, birthDate: '1941-01-01', mobile: mobile(), volunteerIds: [a.id] });
  const theirs = await apiCall(admin, 'POST', '/api/retirees', { name: `结对乙${tag}`, birthDate: '1942-02-02', mobile: mobile(), volunteerIds: [b.id] });
  const email = `vol-${tag}@browser.test`;
  await apiCall(admin, 'POST', '/api/accounts', { email, displayName: a.name, role: 'volunteer', password: 'volunteer-password', personId: a.id });

  const page = await newPage(browser);
  await signIn(page, { email, password: 'volunteer-password' });
  // A volunteer's menu has no staff pages.
  assert.equal(await page.getByRole('link', { name: 'Import' }).count(), 0);
  await page.getByRole('link', { name: 'Retirees' }).click();
  await page.getByRole('link', { name: mine.profile.name }).waitFor();
  assert.equal(await page.getByRole('link', { name: theirs.profile.name }).count(), 0);

  await page.getByRole('link', { name: mine.profile.name }).click();
  await page.getByRole('heading', { name: mine.profile.name, level: 1 }).waitFor();

  await page.goto(`/app/retirees/${theirs.id}`);
  await page.getByText('No such retiree, or not one of yours.').waitFor();
  assert.equal(await page.getByText(theirs.profile.name).count(), 0);
  assert.equal((await page.request.get(`/api/retirees/${theirs.id}`)).status(), 404);
});
