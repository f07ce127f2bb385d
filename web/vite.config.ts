/// <reference types="vitest/config" />
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { disableDefaultColors } from 'tinyrainbow';
import { defineConfig, type Plugin } from 'vite';

// scripts/test.sh greps vitest's summary line ("Tests  N passed"); vitest colours even piped output, and the
// colour codes inside that line would hide the count. Plain text when not on a terminal.
if (!process.stdout.isTTY) disableDefaultColors();

// Scripts and styles compressed once, at the highest levels, beside each file (x.js.br, x.js.gz): the app sends
// these as they are instead of compressing every cold load at its fastest level (issue 14: 105 KB became 79 KB).
function precompress(): Plugin {
  let assets = '';
  return {
    name: 'afterglow-precompress',
    apply: 'build',
    configResolved(config) {
      assets = resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    closeBundle() {
      for (const name of readdirSync(assets).filter((n) => /\.(js|css|svg)$/.test(n))) {
        const bytes = readFileSync(join(assets, name));
        writeFileSync(join(assets, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

// The app serves web/dist under /app/ (functions/Afterglow.App/Dashboard), so assets are built for that base.
export default defineConfig({
  base: '/app/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [precompress()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:7071' } },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
