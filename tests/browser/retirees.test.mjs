import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, launch, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';

// One signed-in page for the file: the app allows ten sign-ins a minute.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('creating a retiree shows the validation errors inline first, then saves and opens the record', async () => {
  await page.getByRole('link', { name: 'Retirees' }).click();
  await page.getByRole('link', { name: 'New retiree' }).click();

  // Name and birth date left empty, a mobile that is not a number.
  await page.getByLabel('Mobile', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Some fields need attention').waitFor();
  const name = page.getByLabel('Name', { exact: true });
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await page.locator('#r-name-error', { hasText: 'This field is required.' }).waitFor();
  await page.locator('#r-birthDate-error').waitFor();
  await page.locator('#r-mobile-error', { hasText: 'not a valid phone number' }).waitFor();
  await screenshot(page, 'retiree-validation');

  // What was typed is still there; fix it and save.
  assert.equal(await page.getByLabel('Mobile', { exact: true }).inputValue(), '12');
  const who = `测试老人${unique()}`;
  await name.fill(who);
  await page.getByLabel('Birth date').fill('1938-05-04');
  await page.getByLabel('Mobile', { exact: true }).fill(mobile());
  await page.getByLabel('Living arrangement').selectOption('alone');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.locator('#r-ec0-name').fill('李女儿');
  await page.locator('#r-ec0-phone').fill(mobile());
  await page.getByRole('button', { name: 'Save' }).click();

  await page.getByRole('heading', { name: who, level: 1 }).waitFor();
  await page.getByText('Lives alone').first().waitFor();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText('Record created').waitFor();

  // The list finds the new retiree by search, paged on the server.
  await page.getByRole('link', { name: 'Retirees' }).click();
  await page.getByLabel('Search').fill(who);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('link', { name: who }).waitFor();
  assert.match(page.url(), /q=/);
  await page.getByText(/Page 1 of 1 · 1 in all/).waitFor();
});

test('a stale edit says someone else changed the record and reloads the latest version', async () => {
  const created = await apiCall(page, 'POST', '/api/retirees', { name: `陈${unique()}`, birthDate: '1945-01-01', mobile: mobile() });
  await page.goto(`/app/retirees/${created.id}/edit`);
  await page.getByLabel('Address').fill('幸福路 1 号');

  // Someone else saves first.
  const current = await page.request.get(`/api/retirees/${created.id}`);
  await apiCall(page, 'PUT', `/api/retirees/${created.id}`, { ...(await current.json()).profile, city: '杭州' }, { 'If-Match': current.headers().etag });

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Someone else changed this record since you opened it').waitFor();
  await page.getByRole('button', { name: 'Reload the latest version' }).click();
  await until(async () => (await page.getByLabel('City', { exact: true }).inputValue()) === '杭州', 'the reloaded city');
  await page.getByLabel('Address').fill('幸福路 2 号');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('幸福路 2 号').first().waitFor();

  // Both saves are in the record's timeline, with who made them and what changed.
  const timeline = page.locator('#sec-timeline li');
  await timeline.filter({ hasText: /Record changed · .+: .*City: — → 杭州/ }).waitFor();
  await timeline.filter({ hasText: /Record changed · .+: .*幸福路 2 号/ }).waitFor();
  await timeline.filter({ hasText: 'Record created' }).waitFor();
});

test('importing a CSV lists the bad row by line and field, then imports the good rows', async () => {
  await page.getByRole('link', { name: 'Import' }).click();
  const tag = unique();
  const csv = [
    '姓名,出生日期,手机,居住情况',
    `导入甲${tag},1940-02-03,${mobile()},独居`,
    `导入乙${tag},not-a-date,${mobile()},与配偶`,
    `导入丙${tag},1950-07-08,${mobile()},与子女`,
  ].join('\n');
  await page.getByLabel('Excel or CSV file').setInputFiles({ name: 'retirees.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText(/^3 rows, 2 valid/).waitFor();
  // Every problem points at line 3 (the header is line 1) and its birthDate field.
  const rows = await page.locator('table.import-errors tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText)));
  assert.ok(rows.length >= 1);
  for (const [line, field] of rows) assert.deepEqual([line, field], ['3', 'birthDate']);
  await screenshot(page, 'import');

  await page.getByRole('button', { name: 'Import 2 valid rows' }).click();
  await page.getByText('Imported 2 retirees.').waitFor();
  const found = await apiCall(page, 'GET', `/api/retirees?q=${encodeURIComponent(tag)}`);
  assert.deepEqual(found.items.map((r) => r.name).sort(), [`导入丙${tag}`, `导入甲${tag}`]);

  // Found in the list the way a coordinator finds one among thousands: by name.
  await page.getByRole('link', { name: 'Retirees' }).click();
  await page.locator('table tbody tr').first().waitFor();
  await screenshot(page, 'retirees');
  await page.getByLabel('Search').fill(tag);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('link', { name: `导入甲${tag}` }).waitFor();
  await page.getByRole('link', { name: `导入丙${tag}` }).waitFor();
});
