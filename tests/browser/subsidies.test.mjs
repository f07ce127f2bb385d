import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

// 补贴 in Chinese: the year's list for finance, and a hardship level set on the retiree's page with its reason.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('the year list pays a 95-year-old their band; a hardship level needs a reason and then shows on the record', async () => {
  const now = await advanceClock(page, 1);
  const year = Number(now.localNow.slice(0, 4));
  const name = `补贴${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: `${year - 95}-01-01`, mobile: mobile(), unit: '化学系' });

  await page.goto(`/app/subsidies?year=${year}`);
  const row = page.locator('table.subsidy-list tr', { has: page.getByRole('link', { name }) });
  await row.waitFor();
  assert.match(await row.innerText(), /95岁以上/);
  assert.match(await row.innerText(), /2400\.00/);
  await page.getByRole('link', { name: '下载 Excel' }).first().waitFor();
  await screenshot(page, 'subsidies');

  // On the record: without a reason, the field says so and nothing is set.
  await row.getByRole('link', { name }).click();
  const card = page.locator('#sec-subsidy');
  await card.getByText(/当前：高龄补贴 95岁以上/).waitFor();
  await card.getByLabel('困难补助级别').selectOption('2');
  await card.getByRole('button', { name: '设定级别' }).click();
  await card.locator('#hs-reason-error', { hasText: '请说明原因' }).waitFor();
  assert.equal((await apiCall(page, 'GET', `/api/retirees/${retiree.id}/subsidy`)).hardship.length, 0);

  await card.getByLabel('原因').fill('低保户');
  await card.getByRole('button', { name: '设定级别' }).click();
  await card.getByText(/困难补助 2级/).waitFor();
  await card.locator('.hardship-history', { hasText: '低保户' }).waitFor();
  await page.reload();
  await page.locator('#sec-timeline', { hasText: '困难补助级别调整' }).waitFor();
});
