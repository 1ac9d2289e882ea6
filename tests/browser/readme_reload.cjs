// Browser test for `informed serve` started as the README says (in the site folder, no --root),
// run by tests/serve_users.rs.
//
// Opens a served notice in Debian's headless Chromium (driven by playwright-core, no browser
// download), waits until the page's live-reload stream is open, saves a new version of the
// notice the way editors do (a temp file renamed over it), and waits for the page to reload by
// itself and show the change. Prints what it saw as JSON on stdout.
//
// usage: node readme_reload.cjs URL NOTICE_FILE MARKER
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [url, noticeFile, marker] = process.argv.slice(2);
if (!marker) {
  console.error('usage: node readme_reload.cjs URL NOTICE_FILE MARKER');
  process.exit(2);
}
const TIMEOUT = 20000;

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'informed-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const result = { consoleErrors: [], badResponses: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) {
        result.badResponses.push(res.status() + ' ' + res.url());
      }
    });
    page.on('pageerror', (err) => result.consoleErrors.push(String(err)));

    await page.goto(url, { waitUntil: 'load' });
    // The live-reload stream must be open before the edit, or the test proves nothing.
    await page.waitForSelector('html[data-informed-live="open"]', { state: 'attached' });
    result.markerBefore = await page.evaluate((m) => document.body.innerText.includes(m), marker);
    // Survives only as long as this document does: gone after a reload.
    await page.evaluate(() => { window.__informedBeforeEdit = true; });

    const reloaded = page.waitForEvent('load', { timeout: TIMEOUT });
    const text = fs.readFileSync(noticeFile, 'utf8') + '\n' + marker + '\n';
    const tmp = path.join(path.dirname(noticeFile), '.' + path.basename(noticeFile) + '.tmp');
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, noticeFile);
    const started = Date.now();
    await reloaded;
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker);
    result.reloadMs = Date.now() - started;
    result.reloaded = await page.evaluate(() => window.__informedBeforeEdit === undefined);
    result.markerAfter = await page.evaluate((m) => document.body.innerText.includes(m), marker);
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
