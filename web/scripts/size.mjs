// Prints the gzip size of what the first page load fetches: the JS and CSS that dist/index.html links.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const html = readFileSync('dist/index.html', 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
for (const a of assets) {
  const size = gzipSync(readFileSync(`dist/${a}`), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KB  ${a}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  initial JS+CSS, gzip (budget 150 KB)`);
if (total > 150 * 1024) process.exit(1);
