// temporary: each call alone, 5 times, median (not committed)
const base = process.env.AFTERGLOW_URL;
const login = await fetch(base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: process.env.AFTERGLOW_ADMIN_EMAIL, password: process.env.AFTERGLOW_ADMIN_PASSWORD }) });
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
for (const path of process.argv.slice(2)) {
  const times = []; let size = 0, status = 0;
  for (let i = 0; i < 5; i++) { const t = performance.now(); const r = await fetch(base + path, { headers: { cookie } }); const b = await r.arrayBuffer(); times.push(performance.now() - t); size = b.byteLength; status = r.status; }
  times.sort((a, b) => a - b);
  console.log(`${path}: ${status} p50 ${times[2].toFixed(0)} max ${times[4].toFixed(0)} ms ${(size / 1024).toFixed(1)} KB`);
}
