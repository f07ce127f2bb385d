/// <reference types="vitest/config" />
import { disableDefaultColors } from 'tinyrainbow';
import { defineConfig } from 'vite';

// scripts/test.sh greps vitest's summary line ("Tests  N passed"); vitest colours even piped output, and the
// colour codes inside that line would hide the count. Plain text when not on a terminal.
if (!process.stdout.isTTY) disableDefaultColors();

// The app serves web/dist under /app/ (functions/Afterglow.App/Dashboard), so assets are built for that base.
export default defineConfig({
  base: '/app/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:7071' } },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
