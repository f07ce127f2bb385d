import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceClock, apiCall, launch, minutesUntil, mobile, newPage, screenshot, signIn, unique, until } from './helpers.mjs';


let browser, page;
before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await signIn(page);
});
after(async () => { await browser?.close(); });

test('a broadcast is composed, previewed, approved, arrives on the dev phone, and the reply shows as its answer', async () => {
  const name = `群发${unique()}`;
  const phone = mobile();
  const retiree = await apiCall(page, 'POST', '/api/retirees', { name, birthDate: '1943-03-08', mobile: phone });
  // Retirees are not texted in quiet hours (21:00–08:00 office time): move the app's clock to the morning if needed.
  const now = await advanceClock(page, 1);
  const hour = Number(now.localNow.match(/T(\d\d)/)[1]);
  if (hour >= 21 || hour < 8) await advanceClock(page, minutesUntil(now.localNow, '10:00'));

  await page.goto('/app/messages/broadcasts');
  await page.getByRole('link', { name: 'New broadcast' }).click();
  await page.getByLabel('Broadcast name', { exact: true }).fill(`体检通知 ${name}`);
  await page.getByLabel('Template').selectOption('notice.general');
  await page.getByLabel('Text for text').fill('明天上午体检，参加请回复1');
  await page.getByLabel('Search').fill(name);
  await page.getByText('1 match; 1 will receive it, 0 excluded.').waitFor();
  await page.getByLabel('Collect answers').check();
  await screenshot(page, 'broadcast-compose');
  await page.getByRole('button', { name: 'Save draft and preview' }).click();

  await page.locator('#preview').getByText('明天上午体检，参加请回复1').waitFor();
  await page.locator('#preview dd', { hasText: /^1$/ }).first().waitFor();
  // A second member of staff approves (ADR 0014c): a colleague signs in and approves it.
  const colleague = { email: `approver-${unique()}@browser.test`, password: 'approver-password' };
  await apiCall(page, 'POST', '/api/accounts', { email: colleague.email, displayName: '审批人', role: 'coordinator', password: colleague.password });
  const approver = await newPage(browser);
  await signIn(approver, colleague);
  await approver.goto(page.url());
  await approver.getByRole('button', { name: 'Approve and send' }).click();
  await approver.locator('.badge', { hasText: /Sent|Approved/ }).waitFor();
  await approver.context().close();

  // The dev phone of that number receives it (the dispatcher runs at once, or on the next minute).
  await page.goto(`/app/dev/phone/${phone}`);
  await page.locator('.sms.out', { hasText: '明天上午体检，参加请回复1' }).waitFor({ timeout: 75_000 });
  await page.getByLabel('Reply as this phone').fill('1');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText('The app took it as: an answer to a broadcast').waitFor();
  await page.locator('.sms.in', { hasText: '1' }).waitFor();
  await screenshot(page, 'dev-phone');

  await page.goto('/app/messages/broadcasts');
  await page.getByRole('link', { name: `体检通知 ${name}` }).click();
  const answers = page.locator('#answers');
  await answers.getByRole('heading', { name: 'Answers (1)' }).waitFor();
  await answers.getByRole('cell', { name: name }).waitFor();
  assert.equal(await answers.locator('tbody td').nth(2).innerText(), '1');
  await until(async () => (await page.locator('#delivery').innerText()).match(/Delivered\s*1/), 'the delivery report');
  await screenshot(page, 'broadcast');

  // The retiree's own timeline shows the SMS.
  await page.goto(`/app/retirees/${retiree.id}`);
  await page.locator('#sec-timeline').getByText(/明天上午体检，参加请回复1/).waitFor();
});
