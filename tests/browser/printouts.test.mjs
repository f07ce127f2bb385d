// Issue 17, printouts: emergency cards ten to an A4 page, a visit route and an event's sign-in sheet, each printed
// by Chromium to PDF and its pages counted (a card or a row that did not fit would add a page).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique } from './helpers.mjs';

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

/** The pages of a PDF as Chromium writes it: one uncompressed "/Type /Page" object per page. */
function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

async function printToPdf() {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return pdf;
}

async function setHotline(hotline) {
  const read = await page.request.get('/api/office');
  const office = await read.json();
  await apiCall(page, 'PUT', '/api/office', { name: office.name, timeZone: office.timeZone, quietHours: office.quietHours, hotline }, { 'If-Match': read.headers().etag });
}

test('23 emergency cards print on 3 A4 pages, 10 a page, none split, each with its QR code', async () => {
  await setHotline('010-62751234');
  const unit = `胸卡${unique()}`;
  for (let i = 0; i < 23; i++) {
    await apiCall(page, 'POST', '/api/retirees', {
      name: `卡${unique()}`, birthDate: '1941-03-01', mobile: mobile(), unit,
      emergencyContacts: [{ name: `联系人${i}`, relation: '女儿', phone: mobile() }], conditions: ['高血压'],
    });
  }
  await page.goto(`/app/print/cards?unit=${encodeURIComponent(unit)}`);
  await page.getByRole('heading', { name: '紧急联系卡', level: 1 }).waitFor();
  await page.getByText('共 23 张卡，3 页。').waitFor();
  const first = page.locator('.id-card').first();
  await first.getByText('服务热线').waitFor();
  assert.match(await first.innerText(), /010-6275 1234/);
  assert.doesNotMatch(await first.innerText(), /高血压/, 'medical notes are off unless chosen');
  assert.equal(await page.locator('.id-card svg path').count(), 23);
  await screenshot(page, 'cards');

  // Under print styles: three sheets of 10, 10 and 3, each inside A4's 277 mm between the margins.
  await page.emulateMedia({ media: 'print' });
  const sheets = await page.evaluate(() => [...document.querySelectorAll('.card-page')].map((p) => ({ cards: p.querySelectorAll('.id-card').length, mm: p.getBoundingClientRect().height * 25.4 / 96 })));
  assert.deepEqual(sheets.map((s) => s.cards), [10, 10, 3]);
  for (const s of sheets) assert.ok(s.mm <= 277, `a sheet of ${s.mm.toFixed(1)} mm`);
  assert.equal(pdfPages(await printToPdf()), 3);

  // With medical notes, chosen for this print.
  await page.getByLabel(/印上病情备注/).check();
  await page.locator('.id-card', { hasText: '病情备注' }).first().waitFor();
  assert.equal(await page.locator('.id-card', { hasText: '高血压' }).count(), 23);
  assert.equal(pdfPages(await printToPdf()), 3);

  // The same people as a saved segment, chosen on the page.
  const segment = await apiCall(page, 'POST', '/api/segments', { name: `人群${unique()}`, filter: { unit } });
  await page.goto('/app/print/cards');
  await page.getByText('请在此选择人群').waitFor();
  await page.getByLabel('人群').selectOption(segment.id);
  await page.getByText('共 23 张卡，3 页。').waitFor();
});

test('a visit route prints sorted by address on one page', async () => {
  const area = `网格${unique()}`;
  const stops = [['路线乙', '幸福路12栋'], ['路线甲', '幸福路3栋'], ['路线丙', '']].map(([n, address]) => [`${n}${unique()}`, address]);
  for (const [name, address] of stops) await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1940-01-01', mobile: mobile(), area, address: address || undefined, notes: '请多敲门' });
  await page.goto(`/app/print/route?area=${encodeURIComponent(area)}`);
  await page.getByRole('heading', { name: '走访路线表', level: 1 }).waitFor();
  await page.getByText('（共 3 户）').waitFor();
  const names = await page.locator('.print-table tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual(names, [stops[1][0], stops[0][0], stops[2][0]]);
  assert.equal(pdfPages(await printToPdf()), 1);
});

test("an event's sign-in sheet prints the export's table", async () => {
  const unit = `签到${unique()}`;
  const names = ['签乙', '签甲'].map((n) => `${n}${unique()}`);
  const ids = [];
  for (const name of names) ids.push((await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1945-02-01', mobile: mobile(), unit })).id);
  const now = await advanceClock(page, 1);
  const day = new Date(Date.parse(`${now.localNow.slice(0, 10)}T12:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const event = await apiCall(page, 'POST', '/api/events', { title: '健康讲座', kind: 'lecture', date: day, time: '09:00', place: '老年活动中心', capacity: 10, filter: { unit } });
  await apiCall(page, 'POST', `/api/events/${event.id}/invite`);
  for (const retireeId of ids) await apiCall(page, 'POST', `/api/events/${event.id}/attendees`, { retireeId, answer: 'join' });

  await page.goto(`/app/events/${event.id}/signin`);
  await page.getByRole('heading', { name: '签到表', level: 1 }).waitFor();
  await page.getByText('健康讲座', { exact: false }).first().waitFor();
  await page.locator('.print-table tbody tr').nth(1).waitFor();
  const header = await page.locator('.print-table thead th').allInnerTexts();
  assert.deepEqual(header, ['序号', '姓名', '单位', '手机', '签名']);
  const rows = await page.locator('.print-table tbody tr').count();
  assert.equal(rows, 2);
  assert.match(await page.locator('.print-table tbody tr').first().innerText(), /1\s+\S+\s+签到\d+\s+1\d\d \d{4} \d{4}/);
  assert.equal(pdfPages(await printToPdf()), 1);
});

test("today's call list prints the call tasks the Today page shows", async () => {
  const name = `电话${unique()}`;
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1936-06-06', mobile: mobile(), living: 'alone' });
  // A call-channel plan two minutes from now in the office, then the clock past it: one call task.
  const now = await advanceClock(page, 1);
  const [h, m] = now.localNow.slice(11, 16).split(':').map(Number);
  const t = (h * 60 + m + 2) % (24 * 60);
  const at = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  await apiCall(page, 'PUT', `/api/careplans/${retiree.id}`, { cadence: 'daily', at, answerWindowMinutes: 60, channel: 'call' });
  await advanceClock(page, minutesUntil(now.localNow, at) + 1);

  await page.goto('/app/print/calls');
  await page.getByRole('heading', { name: '电话联系表', level: 1 }).waitFor();
  const row = page.locator('.print-table tbody tr', { hasText: name });
  await row.waitFor();
  assert.match(await row.innerText(), /1\d\d \d{4} \d{4}/);
  assert.match(await row.innerText(), /□ 平安/);
  assert.equal(pdfPages(await printToPdf()), 1);
});
