// Every main page's first screen on a seeded office (issue 5; issue 14: 6,000 retirees, a year of work, under
// 1 s p95). Run by `scripts/benchmark.sh dashboard`, which seeds the office (`seed-office`), starts the app on that
// storage and passes the seeded ids in AFTERGLOW_SEEDED; not part of the test suite.
// A cold run is a new browser context (empty cache) with a signed-in session cookie, in zh-CN; a warm run reloads
// the same page (cached scripts). The first screen ends at the page's last change to the document once every API
// call it made has answered (and nothing has changed for 300 ms after): data loaded and drawn, not just the shell.
// The page must then show no "loading" and no error, or the run fails.
import { ADMIN, BASE, apiSignIn, launch } from './helpers.mjs';

const RUNS = Number(process.argv[2] ?? 20);
const LATENCY = Number(process.env.AFTERGLOW_LATENCY_MS ?? 0);
const seeded = JSON.parse(process.env.AFTERGLOW_SEEDED ?? '{}');
const only = process.env.AFTERGLOW_PAGES?.split(',');
const PAGES = [
  ['Today', '/app/'],
  ['Retirees', '/app/retirees'],
  ['Retiree (long history)', `/app/retirees/${seeded.longHistoryRetireeId}`],
  ['Incidents history', '/app/incidents'],
  ['Visits', '/app/visits'],
  ['Messages: inbox', '/app/messages'],
  ['Messages: broadcasts', '/app/messages/broadcasts'],
  ['Messages: templates', '/app/messages/templates'],
  ['Messages: outbox', '/app/messages/outbox'],
  ['People', '/app/people'],
  ['Reports', '/app/reports'],
  ['Settings', '/app/settings'],
  ['Events', '/app/events'],
  ['Event', `/app/events/${seeded.eventId}`],
].filter(([name]) => !only || only.includes(name));

// In the page before its scripts: API calls in flight, when the last answered, when the document last changed.
const probe = () => {
  const fs = (window.__fs = { inflight: 0, api: 0, changed: 0, calls: [] });
  const original = window.fetch;
  window.fetch = async (...args) => {
    fs.inflight++;
    const started = performance.now();
    let status = 0;
    try { const r = await original(...args); status = r.status; return r; } finally {
      fs.inflight--;
      fs.api = performance.now();
      fs.calls.push([String(args[0]), Math.round(fs.api - started), status, Math.round(started)]);
    }
  };
  new MutationObserver(() => { fs.changed = performance.now(); }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

async function open(page, path) {
  await page.goto(path);
  await page.waitForFunction(() => {
    const fs = window.__fs;
    return fs.api > 0 && fs.inflight === 0 && performance.now() - Math.max(fs.api, fs.changed) > 300;
  }, null, { timeout: 30_000, polling: 50 });
  const r = await page.evaluate(() => ({
    ms: window.__fs.changed, calls: window.__fs.calls,
    // Where a load's time went: the document's arrival, the scripts' arrival, the first and the page's own calls.
    html: performance.getEntriesByType('navigation')[0]?.responseEnd ?? 0,
    scripts: Math.max(0, ...performance.getEntriesByType('resource').filter((e) => /\.js$/.test(e.name)).map((e) => e.responseEnd)),
    broken: !!document.querySelector('main .loading, main .error, main [role="alert"].error'),
    text: document.querySelector('main')?.innerText.slice(0, 200) ?? '',
  }));
  // A page of "not found" loads fast and proves nothing: every call but the dev phone's (absent in Production) must succeed.
  const failed = r.calls.filter(([url, , status]) => !url.startsWith('/api/dev/') && !(status >= 200 && status < 300));
  if (r.broken || failed.length) throw new Error(`${path} did not load: ${JSON.stringify(failed)} ${r.text}`);
  return r;
}

// AFTERGLOW_COMPARE="before=http://…,after=http://…": two builds of the app on the same storage, measured alternately.
const apps = process.env.AFTERGLOW_COMPARE ? process.env.AFTERGLOW_COMPARE.split(',').map((x) => x.split('=')) : [['', BASE]];
const browser = await launch();
for (const app of apps) {
  const seed = await browser.newContext({ baseURL: app[1] });
  await apiSignIn(await seed.newPage(), ADMIN);
  app.push(await seed.cookies(app[1]));
}
const results = new Map(apps.flatMap(([variant]) => PAGES.map(([name]) => [`${variant} ${name}`.trim(), { cold: [], warm: [], server: [], parts: [], slowest: [] }])));
let bytes = 0;
// Runs alternate between pages (and builds), so a slow moment of the shared machine falls on all of them alike.
for (let i = 0; i < RUNS; i++) {
  for (const [name, path] of PAGES) for (const [variant, base, cookies] of apps) {
    const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
    await context.addCookies(cookies);
    await context.addInitScript(probe);
    const page = await context.newPage();
    // AFTERGLOW_LATENCY_MS: every request waits this long more, as from an office far from its Azure region.
    if (LATENCY) await (await context.newCDPSession(page)).send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 });
    if (i === 0 && name === 'Today' && base === apps[0][1]) page.on('requestfinished', async (r) => { if (/\.(js|css)$/.test(r.url())) bytes += (await r.sizes()).responseBodySize; });
    const cold = await open(page, path);
    const warm = await open(page, path);
    const result = results.get(`${variant} ${name}`.trim());
    result.cold.push(cold.ms);
    const starts = (pick) => Math.min(...cold.calls.filter(([u]) => pick(u)).map(([, , , at]) => at));
    result.parts.push([cold.html, cold.scripts, starts(() => true), starts((u) => !/^\/api\/(me|office)(\?|$)|^\/api\/dev\//.test(u)),
      Math.max(...cold.calls.map(([, took, , at]) => at + took)), cold.ms]);
    const [url, took, , at] = cold.calls.reduce((a, b) => (b[1] > a[1] ? b : a));
    result.slowest.push(`${url.split('?')[0]} ${took} ms from ${at}`);
    result.warm.push(warm.ms);
    // The slowest API call of the warm load: the server's share (plus the network hop) of the first screen.
    result.server.push(Math.max(0, ...warm.calls.map(([, ms]) => ms)));
    if (i === 0) result.calls = warm.calls;
    await context.close();
  }
}
await browser.close();

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x) => x.toFixed(0);
console.log(`First screen in zh-CN${LATENCY ? `, ${LATENCY} ms added to every request` : ''}, ${RUNS} runs of each page (cold: new context, signed in; warm: reload). JS + CSS on a cold load: ${(bytes / 1024).toFixed(1)} KB\n`);
console.log('| page | cold p50 | cold p95 | cold max | warm p50 | warm p95 | warm max | slowest API call p50 / p95 |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, { cold, warm, server }] of results)
  console.log(`| ${name} | ${ms(pct(cold, 50))} | ${ms(pct(cold, 95))} | ${ms(Math.max(...cold))} | ${ms(pct(warm, 50))} | ${ms(pct(warm, 95))} | ${ms(Math.max(...warm))} | ${ms(pct(server, 50))} / ${ms(pct(server, 95))} |`);
console.log('\nCold loads, medians (ms after navigation starts): document arrived, scripts arrived, first API call, the page\'s own first call, last answer, last change.\n');
console.log('| page | document | scripts | first call | page call | last answer | last change |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, { parts }] of results)
  console.log(`| ${name} | ${[0, 1, 2, 3, 4, 5].map((k) => ms(pct(parts.map((x) => x[k]), 50))).join(' | ')} |`);
// The tail: where the slowest cold load of each page lost its time, against the medians above.
console.log('\nCold loads, the slowest of each page (ms after navigation starts), and its slowest call.\n');
console.log('| page | document | scripts | first call | page call | last answer | last change | slowest call |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, { parts, slowest }] of results) {
  const worst = parts.reduce((a, b) => (b[5] > a[5] ? b : a));
  console.log(`| ${name} | ${worst.map(ms).join(' | ')} | ${slowest[parts.indexOf(worst)]} |`);
}
if (process.env.AFTERGLOW_BENCH_CALLS)
  for (const [name, { calls }] of results) console.log(`\n${name}: ${calls.map(([u, t]) => `${u} ${t} ms`).join(', ')}`);
