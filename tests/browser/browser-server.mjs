// One Chromium for the whole browser suite (scripts/browser-tests.sh): each test file connects to it instead of
// launching its own, which cost about a second of both cores per file. Writes its endpoint to the file it is given,
// then runs until stopped.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const server = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
writeFileSync(process.argv[2], server.wsEndpoint());
const stop = async () => { await server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
