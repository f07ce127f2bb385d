// temporary: cold timeline of one page (not committed)
import { ADMIN, apiSignIn, launch } from './helpers.mjs';
const base = process.env.AFTERGLOW_URL; const path = process.argv[2];
const browser = await launch();
const seed = await browser.newContext({ baseURL: base });
await apiSignIn(await seed.newPage(), ADMIN);
const cookies = await seed.cookies(base);
for (let i = 0; i < Number(process.argv[3] ?? 2); i++) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  await context.addCookies(cookies);
  await context.addInitScript(() => {
    window.__changed = 0;
    new MutationObserver(() => { window.__changed = performance.now(); }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForTimeout(2500);
  const r = await page.evaluate(() => ({ changed: window.__changed, nav: performance.getEntriesByType('navigation').map((e) => [e.responseEnd, e.domContentLoadedEventEnd]), res: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd), e.encodedBodySize]) }));
  console.log(`--- ${path} run ${i} changed=${Math.round(r.changed)} nav=${JSON.stringify(r.nav.map(x=>x.map(Math.round)))}`);
  for (const x of r.res.sort((a, b) => a[1] - b[1])) console.log(`  ${x[1]}→${x[2]} (${x[2]-x[1]} ms) ${x[3]}B ${x[0]}`);
  await context.close();
}
await browser.close();
