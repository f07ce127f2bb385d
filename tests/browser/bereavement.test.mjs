import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

// 丧事 in zh-CN: a coordinator records a death on the retiree's page, works the checklist, and it is archived when closed.
let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('recording a death stops messages, starts the checklist, and closing it archives the case', async () => {
  const name = `丧事${unique()}`;
  const volunteer = await apiCall(page, 'POST', '/api/people', { name: `志愿者${unique()}`, phone: mobile(), role: 'volunteer' });
  const retiree = await apiCall(page, 'POST', '/api/retirees', {
    name, birthDate: '1936-04-01', mobile: mobile(), volunteerIds: [volunteer.id],
    spouse: { name: '王老伴', relation: '妻子', phone: mobile() },
    emergencyContacts: [{ name: '李长子', relation: '儿子', phone: mobile() }],
  });
  const { localNow } = await advanceClock(page, 1);
  const today = localNow.slice(0, 10);

  await page.goto(`/app/retirees/${retiree.id}`);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page.getByRole('button', { name: '登记去世' }).click();
  // Nothing recorded without the way the office learned of it: the field says so, in Chinese.
  page.on('dialog', (d) => d.accept());
  await page.getByLabel('去世日期', { exact: true }).fill(today);
  await page.locator('form').getByRole('button', { name: '登记去世' }).click();
  await page.getByText('请选择获知途径').waitFor();

  await page.getByLabel('获知途径', { exact: true }).selectOption({ label: '家属告知' });
  await page.getByLabel('备注（谁来电、何时）').fill('长子上午来电');
  await page.getByLabel('负责人', { exact: true }).selectOption({ label: volunteer.name });
  await page.locator('form').getByRole('button', { name: '登记去世' }).click();

  const card = page.locator('#sec-bereavement');
  await card.getByRole('heading', { name: '丧事办理清单' }).waitFor();
  for (const item of ['慰问', '丧葬费', '抚恤金', '遗属困难补助']) await card.getByRole('rowheader', { name: item, exact: true }).waitFor();
  await card.getByText('李长子 (儿子)').waitFor();
  await page.locator('.row .badge', { hasText: '已故' }).waitFor();
  await page.locator('#sec-timeline').getByText(/登记去世：.*经家属告知获知/).waitFor();
  await page.locator('#sec-timeline').getByText(`已短信告知结对志愿者${volunteer.name}`).waitFor();
  // The record's own change, read again because the record changed while the page was open.
  await page.locator('#sec-timeline').getByText(/档案修改 · .*状态：在册 → 已故/).waitFor();

  const row = (item) => card.locator('tr', { has: page.getByRole('rowheader', { name: item, exact: true }) });
  await row('慰问').getByLabel('备注：慰问').fill('已上门慰问家属');
  await row('慰问').getByRole('button', { name: '已办结' }).click();
  await row('慰问').getByRole('button', { name: '重新打开' }).waitFor();
  assert.ok((await row('慰问').textContent()).includes('已上门慰问家属'), 'the note is kept');
  await screenshot(page, 'bereavement');

  // On the staff's list of open checklists until it closes.
  await page.goto('/app/bereavements');
  await page.getByRole('link', { name }).waitFor();
  await page.getByRole('link', { name }).click();
  await card.getByRole('heading', { name: '丧事办理清单' }).waitFor();

  await row('丧葬费').getByRole('button', { name: '已办结' }).click();
  await row('丧葬费').getByRole('button', { name: '重新打开' }).waitFor();
  await row('抚恤金').getByRole('button', { name: '已办结' }).click();
  await row('抚恤金').getByRole('button', { name: '重新打开' }).waitFor();
  // Not needed says why.
  await row('遗属困难补助').getByRole('button', { name: '无需办理' }).click();
  await row('遗属困难补助').getByText('请说明不需要办理的原因。').waitFor();
  await row('遗属困难补助').getByLabel('备注：遗属困难补助').fill('配偶有退休金，无困难');
  await row('遗属困难补助').getByRole('button', { name: '无需办理' }).click();
  await card.getByRole('heading', { name: '丧事办理清单（已归档）' }).waitFor();
  await page.locator('#sec-timeline').getByText('丧事办理清单已办结并归档').waitFor();

  const page2 = await apiCall(page, 'GET', `/api/retirees/${retiree.id}/bereavement`);
  assert.equal(page2.case.archived, true);
  const open = await apiCall(page, 'GET', '/api/bereavements');
  assert.ok(!open.some((c) => c.retireeId === retiree.id), 'an archived case leaves the open list');
  const after = await apiCall(page, 'GET', `/api/retirees/${retiree.id}`);
  assert.equal(after.profile.status, 'deceased');
  assert.equal(after.profile.deceasedOn, today);

  // The year's deaths by month in Reports: this death in its month.
  await page.goto('/app/reports');
  const deaths = page.locator('#rep-deaths');
  await deaths.getByRole('heading', { name: `${today.slice(0, 4)}年去世人数（按月）` }).waitFor();
  await deaths.getByText(/今年共登记去世 [1-9]\d* 人。/).waitFor();
});
