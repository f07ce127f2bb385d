// Issue 14: the office's name, time zone and quiet hours are changed in Settings (zh-CN), without a restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiCall, launch, newPage, signIn, unique } from './helpers.mjs';

let browser, page, original;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
  original = await apiCall(page, 'GET', '/api/office');
});
after(async () => {
  // Other browser tests expect the office as it was: put it back.
  const res = await page.request.get('/api/office');
  const cookies = await page.context().cookies();
  await page.request.put('/api/office', {
    data: { name: original.name, timeZone: original.timeZone, quietHours: original.quietHours },
    headers: { 'If-Match': res.headers().etag, 'X-XSRF-TOKEN': cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '' },
  });
  await browser?.close();
});

test('an admin changes the office name and quiet hours; a wrong time zone is refused in Chinese, naming the field', async () => {
  await page.goto('/app/settings');
  const office = page.locator('#office');
  await office.getByLabel('本单位时区').waitFor();

  await office.getByLabel('本单位时区').fill('Mars/Olympus');
  await office.getByRole('button', { name: '保存' }).click();
  await page.locator('#office-zone-error', { hasText: '不是有效的时区标识（IANA，如 Asia/Shanghai）。' }).waitFor();
  assert.deepEqual(await apiCall(page, 'GET', '/api/office'), original);

  await office.getByLabel('本单位时区').fill(original.timeZone);
  await office.getByLabel('单位名称').fill('城南离退休服务中心');
  await office.getByLabel('开始').fill('22:30');
  await office.getByLabel('结束').fill('07:15');
  await office.getByRole('button', { name: '保存' }).click();
  await office.getByText('已保存。').waitFor();

  const saved = await apiCall(page, 'GET', '/api/office');
  assert.equal(saved.name, '城南离退休服务中心');
  assert.deepEqual(saved.quietHours, { start: '22:30', end: '07:15' });
  // Shown again after a reload: it is stored, not just in the form.
  await page.reload();
  assert.equal(await page.locator('#office').getByLabel('单位名称').inputValue(), '城南离退休服务中心');
});

test('an admin creates an SMS template in both languages; a bad id is refused in Chinese', async () => {
  await page.goto('/app/messages/templates');
  await page.getByRole('button', { name: '新建模板' }).click();
  const form = page.locator('#new-template');
  const id = `notice.checkup${unique()}`;
  await form.getByLabel('名称').fill('春季体检通知');
  await form.getByLabel('模板编号').fill('Notice Checkup');
  await form.getByLabel('中文内容').fill('【{office}】{name}同志：{day}在校医院体检。');
  await form.getByLabel('英文内容').fill('[{office}] {name}: check-up on {day} at the clinic.');
  await form.getByRole('button', { name: '创建模板' }).click();
  await page.locator('#new-tpl-id-error', { hasText: '小写英文单词用点号连接' }).waitFor();

  await form.getByLabel('模板编号').fill(id);
  await form.getByRole('button', { name: '创建模板' }).click();
  // Listed by its name, the id kept as the heading's tooltip.
  await page.locator(`#templates h3[title="${id}"]`, { hasText: '春季体检通知' }).waitFor();
  const created = (await apiCall(page, 'GET', '/api/templates')).find((x) => x.id === id);
  assert.equal(created.description, '春季体检通知');
  assert.deepEqual([...created.parameters].sort(), ['day', 'name', 'office']);
});
