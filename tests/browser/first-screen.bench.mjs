// The dashboard's first screen (issue 5: usable under 1 s against the local app). Run by
// `scripts/benchmark.sh dashboard`, which starts Azurite and the app; not part of the test suite.
// Each cold run is a new browser context (empty cache) with a signed-in session cookie: the time from
// navigation to Today's first section on screen. Warm runs reload the same context (cached scripts).
import { ADMIN, BASE, apiSignIn, launch } from './helpers.mjs';

const RUNS = Number(process.argv[2] ?? 20);
const browser = await launch();
const seed = await browser.newContext({ baseURL: BASE });
await apiSignIn(await seed.newPage(), ADMIN);
const cookies = await seed.cookies(BASE);

async function open(page) {
  const started = performance.now();
  await page.goto('/app/');
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  return performance.now() - started;
}

const cold = [], warm = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ baseURL: BASE, locale: 'en-US' });
  await context.addCookies(cookies);
  const page = await context.newPage();
  if (i === 0) page.on('requestfinished', async (r) => { if (/\.(js|css)$/.test(r.url())) bytes += (await r.sizes()).responseBodySize; });
  cold.push(await open(page));
  warm.push(await open(page));
  await context.close();
}
await browser.close();

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const row = (name, xs) => `| ${name} | ${pct(xs, 50).toFixed(0)} ms | ${pct(xs, 95).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms |`;
console.log(`Dashboard first screen, ${RUNS} runs each, JS + CSS transferred on a cold load: ${(bytes / 1024).toFixed(1)} KB\n`);
console.log('| load | p50 | p95 | max |\n| --- | --- | --- | --- |');
console.log(row('cold (empty cache, signed in)', cold));
console.log(row('warm (reload, cached)', warm));
