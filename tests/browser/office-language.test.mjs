// Issue 14 in zh-CN: a coordinator's day in the office's own words and numbers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, launch, newPage, signIn, unique } from './helpers.mjs';

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('numbers are shown and dialled as the office dials them: area code with its 0, mobiles grouped', async () => {
  const n = String(Math.floor(Math.random() * 1e4)).padStart(4, '0');
  const name = `座机${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', {
    name, birthDate: '1938-05-01', mobile: `13800${n}00`, landline: `0731-8895${n}`, living: 'alone',
    emergencyContacts: [{ name: '女儿', relation: '女儿', phone: '+852 9123 4567' }],
  });
  await page.goto(`/app/retirees/${encodeURIComponent(retiree.id)}`);
  const landline = page.getByRole('link', { name: `0731-8895 ${n}` });
  await landline.waitFor();
  assert.equal(await landline.getAttribute('href'), `tel:07318895${n}`);
  const mobile = page.getByRole('link', { name: `138 00${n.slice(0, 2)} ${n.slice(2)}00` });
  assert.equal(await mobile.getAttribute('href'), `tel:13800${n}00`);
  // A number abroad keeps its country code, so it still dials from a mainland phone.
  assert.equal(await page.getByRole('link', { name: '+852 9123 4567' }).getAttribute('href'), 'tel:+85291234567');

  // The registry list shows the same form.
  await page.goto(`/app/retirees?q=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name: `138 00${n.slice(0, 2)} ${n.slice(2)}00` }).waitFor();
});
