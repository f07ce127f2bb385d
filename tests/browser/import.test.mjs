// Issue 15 in zh-CN: an office moves in with what it has — a GBK CSV from Excel on Chinese Windows and an .xlsx
// workbook with Chinese headers — through the mapping step, the duplicate choice, the job's progress bar, the
// result, the failed rows as a file; then the new profile fields on the record and its form.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { apiCall, launch, newPage, signIn, unique, until } from './helpers.mjs';

let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser, { locale: 'zh-CN' });
  await signIn(page);
});
after(async () => { await browser?.close(); });

/** Text as GBK bytes (what Excel on Chinese Windows saves), from the platform's own GBK decoder run backwards. */
function gbk(text) {
  const decoder = new TextDecoder('gbk');
  const table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  const bytes = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch));
    else throw new Error(`${ch} is not in GBK`);
  }
  return Buffer.from(bytes);
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };

/** A zip of deflated entries (what Excel writes). */
function zip(files) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8'), packed = deflateRawSync(data), nameBytes = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30); head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x0800, 6); head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data), 14); head.writeUInt32LE(packed.length, 18); head.writeUInt32LE(data.length, 22); head.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46); central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10); central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed); centrals.push(central, nameBytes);
    offset += head.length + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(centrals), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10); end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** One sheet of inline-string cells as .xlsx. */
function xlsx(rows) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = rows.map((r, y) => `<row r="${y + 1}">${r.map((v, x) => `<c r="${col(x)}${y + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
  return zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
  });
}

const mobileOf = (tag, i) => `137${String((Number.parseInt(tag.slice(-4), 36) % 9000) + 1000)}${String(i).padStart(4, '0')}`;

test('a GBK CSV with an unknown column and a duplicate: mapping step, duplicate choice, progress bar, result, failed rows', async () => {
  const tag = unique();
  // Registered already: the file's line 2 has the same name and birth date.
  const existing = await apiCall(page, 'POST', '/api/retirees', { name: `老同志${tag}`, birthDate: '1945-05-05', mobile: mobileOf(tag, 9999) });
  // 650 rows: more than the upload request writes itself (400), so the job goes on behind a progress bar.
  const lines = ['序号,姓名,出生年月,联系电话,工作单位,鞋码', `1,老同志${tag},1945年5月5日,${mobileOf(tag, 9998)},化学系,42`];
  for (let i = 0; i < 649; i++) lines.push(`${i + 2},导入${tag}号${i},${i === 7 ? '1950年3月' : '1950.3.5'},${mobileOf(tag, i)},物理系,40`);
  const file = gbk(lines.join('\r\n') + '\r\n');

  await page.getByRole('link', { name: '导入', exact: true }).click();
  await page.getByLabel('Excel 或 CSV 文件').setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: file });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByText(/GB18030\/GBK/).waitFor();

  // The mapping step: 鞋码 is unknown, import waits until it is ignored.
  const shoe = page.getByLabel('列“鞋码”对应的字段');
  await shoe.waitFor();
  assert.equal(await page.getByRole('button', { name: '请先对应或忽略 1 列' }).isDisabled(), true);
  await shoe.selectOption('ignore');

  // The duplicate: shown with the registered record, updated instead of skipped.
  const dup = page.locator('table.import-duplicates tbody tr');
  await until(async () => (await dup.count()) === 1, 'one duplicate');
  assert.match(await dup.innerText(), new RegExp(`老同志${tag}`));
  await page.getByLabel('第 2 行的处理方式').selectOption('update');
  const errors = await page.locator('table.import-errors tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText)));
  assert.deepEqual(errors.map(([line, field]) => [line, field]), [['10', 'birthDate']]); // 序号 9 is line 10 (the header is line 1)

  // Slow the first poll, as a busy network would, so the bar is seen between the request and the end.
  let slowed = false;
  await page.route('**/api/retirees/import/jobs/*/run', async (route) => {
    if (!slowed) { slowed = true; await new Promise((r) => setTimeout(r, 1500)); }
    await route.continue();
  });
  await page.getByRole('button', { name: /^导入 \d+ 条有效记录$/ }).click();
  const bar = page.locator('progress#import-progress');
  await bar.waitFor();
  assert.equal(await bar.getAttribute('max'), '649'); // 648 new, 1 update
  assert.equal(await bar.getAttribute('value'), '400');
  await page.getByText(/正在导入：已写入 400 \/ 649 行/).waitFor();

  await page.getByText('已导入 648 人。').waitFor({ timeout: 60_000 });
  await page.getByText('更新 1 人，跳过 0 行。').waitFor();
  const found = await apiCall(page, 'GET', `/api/retirees?pageSize=1&q=${encodeURIComponent(`导入${tag}号`)}`);
  assert.equal(found.total, 648);
  const updated = await apiCall(page, 'GET', `/api/retirees/${existing.id}`);
  assert.equal(updated.profile.unit, '化学系');

  // The failed row as a file: the office's own columns, the row as written, what was wrong in Chinese.
  await page.getByText('有 1 行未能导入').waitFor();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载未导入的行（CSV）' }).click()]);
  const text = (await streamText(await csvDownload.createReadStream())).replace(/^\uFEFF/, '');
  const [header, row] = text.trim().split('\r\n');
  assert.equal(header, '序号,姓名,出生年月,联系电话,工作单位,鞋码,错误说明');
  assert.match(row, new RegExp(`^9,导入${tag}号7,1950年3月,`));
  assert.match(row, /出生年月: “1950年3月”只有年月，没有日/);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载未导入的行（.xlsx）' }).click()]);
  assert.match(xlsxDownload.suggestedFilename(), /\.xlsx$/);
  assert.equal((await streamBytes(await xlsxDownload.createReadStream())).subarray(0, 2).toString(), 'PK');
});

test('an .xlsx with Chinese headers fills the new profile fields, shown on the record and editable on its form', async () => {
  const tag = unique();
  const name = `工作簿${tag}`;
  const file = xlsx([
    ['姓名', '性别', '出生日期', '手机', '民族', '职务职称', '参加工作时间', '配偶姓名', '配偶电话', '子女及电话', '医保类型', '定点医院', '家庭医生', '入党时间'],
    [name, '女', '1941-06-07', mobileOf(tag, 1), '回族', '副教授', '1960年9月1日', '李配偶', mobileOf(tag, 2), `李长子 ${mobileOf(tag, 3)}；李次女`, '公费医疗', '校医院', '王医生', '1962-07-01'],
  ]);
  await page.getByRole('link', { name: '导入', exact: true }).click();
  await page.getByLabel('Excel 或 CSV 文件').setInputFiles({ name: '名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByText('共 1 行，有效 1 行，问题 0 处。').waitFor();
  await page.getByRole('button', { name: '导入 1 条有效记录' }).click();
  await page.getByText('已导入 1 人。').waitFor();

  const [r] = (await apiCall(page, 'GET', `/api/retirees?q=${encodeURIComponent(name)}`)).items;
  await page.goto(`/app/retirees/${encodeURIComponent(r.id)}`);
  for (const [label, value] of [['民族', '回族'], ['职务职称', '副教授'], ['参加工作时间', '1960'], ['配偶', '李配偶'], ['子女 1', '李长子'], ['子女 2', '李次女'],
    ['医保类型', '公费医疗'], ['定点医院', '校医院'], ['家庭医生', '王医生'], ['入党时间', '1962']]) {
    const row = page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    assert.match(await row.innerText(), new RegExp(value), label);
  }

  await page.getByRole('link', { name: '编辑' }).click();
  assert.equal(await page.getByLabel('民族').inputValue(), '回族');
  assert.equal(await page.getByLabel('配偶', { exact: true }).inputValue(), '李配偶');
  await page.getByLabel('民族').fill('满族');
  await page.getByLabel('定点医院').fill('市第一医院');
  await page.getByRole('button', { name: '添加子女' }).click();
  await page.locator('#r-child2-name').fill('李幼子');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('dt', { hasText: /^子女 3$/ }).waitFor();
  const saved = await apiCall(page, 'GET', `/api/retirees/${r.id}`);
  assert.equal(saved.profile.ethnicity, '满族');
  assert.equal(saved.profile.designatedHospital, '市第一医院');
  assert.deepEqual(saved.profile.children.map((c) => c.name), ['李长子', '李次女', '李幼子']);
  assert.equal(saved.profile.spouse.name, '李配偶');
});

async function streamBytes(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}
async function streamText(stream) { return (await streamBytes(stream)).toString('utf8'); }
