// Opens a page in headless Chromium (Debian's) and waits for it to POST its
// result to /__report: the browser tests and the browser benchmark drive
// pages this way instead of through a WebDriver. The page is served by
// static-server.mjs on 127.0.0.1, cross-origin isolated with `isolated`.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './static-server.mjs';

// Resolves with the parsed report; rejects when Chromium cannot start, exits
// early, or the page does not report within `timeout` seconds.
export async function runPage({ root, page, isolated = false, routes = {},
                                timeout = 120,
                                chromium = process.env.CHROMIUM ??
                                           '/usr/bin/chromium' }) {
  let report;
  const reported = new Promise((ok) => { report = ok; });
  const server = await startServer({
    root, isolated, routes,
    onPost: (path, body) => { if (path === '/__report') report(body); },
  });
  const profile = mkdtempSync(join(tmpdir(), 'sparrow-chromium-'));
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-extensions', '--disable-background-networking',
    `--user-data-dir=${profile}`, `${server.url}/${page}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  browser.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((ok) => browser.on('exit', ok));
  let timer;
  try {
    const text = await Promise.race([
      reported,
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(
          `no result from the page within ${timeout} s`)), timeout * 1000);
      }),
      new Promise((_, fail) => browser.on('error', fail)),
      exited.then((code) => {
        throw new Error(`chromium exited (${code}) before the page ` +
          `reported: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      }),
    ]);
    return JSON.parse(text);
  } finally {
    clearTimeout(timer);
    browser.kill('SIGKILL');
    await exited;
    server.close();
    // Chromium's child processes may still be writing to the profile for a
    // moment after the browser process is gone.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10,
                        retryDelay: 100 });
    } catch { /* a leftover profile in the temp folder is harmless */ }
  }
}
