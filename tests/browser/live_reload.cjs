// Browser test for `informed serve`, run by tests/serve_browser.rs.
//
// Opens a served notice in Debian's headless Chromium (driven by playwright-core, no browser
// download), saves a new version of the notice's file, and waits for the page to reload by
// itself. Then reads the findings panel and prints what it saw as JSON on stdout; the Rust test
// compares it with what the pipeline reports for the file.
//
// With RESTART_MARKER, it then keeps the page open while the test restarts the server (on the
// same port, with RESTART_MARKER added to the notice) and checks the page reconnects and reloads.
//
// usage: node live_reload.cjs URL NOTICE_FILE NEW_TEXT_FILE MARKER [RESTART_MARKER]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [url, noticeFile, newTextFile, marker, restartMarker] = process.argv.slice(2);
if (!marker) {
  console.error('usage: node live_reload.cjs URL NOTICE_FILE NEW_TEXT_FILE MARKER');
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
  const result = { consoleErrors: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    result.badResponses = [];
    page.on('response', (res) => {
      // Browsers ask for /favicon.ico on their own; a site without one answers 404, as hosts do.
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) {
        result.badResponses.push(res.status() + ' ' + res.url());
      }
    });
    page.on('console', (msg) => {
      // Failed loads are reported above, with their URL.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        result.consoleErrors.push(msg.text());
      }
    });
    page.on('pageerror', (err) => result.consoleErrors.push(String(err)));

    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#informed-findings');
    // The live-reload stream must be open before the edit, or the test proves nothing.
    await page.waitForSelector('html[data-informed-live="open"]', { state: 'attached' });
    result.panelBefore = await page.$eval('#informed-findings summary', (s) => s.textContent);
    // Survives only as long as this document does: gone after a reload.
    await page.evaluate(() => { window.__informedBeforeEdit = true; });

    const reloaded = page.waitForEvent('load', { timeout: TIMEOUT });
    const tmp = path.join(path.dirname(noticeFile), '.' + path.basename(noticeFile) + '.tmp');
    fs.writeFileSync(tmp, fs.readFileSync(newTextFile));
    fs.renameSync(tmp, noticeFile);
    const started = Date.now();
    await reloaded;
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker);
    result.reloadMs = Date.now() - started;
    result.reloaded = await page.evaluate(() => window.__informedBeforeEdit === undefined);

    result.findings = await page.$$eval('#informed-findings .informed-finding', (items) => items.map((li) => ({
      level: li.dataset.level,
      line: Number(li.dataset.line),
      code: li.dataset.code,
      message: li.querySelector('.informed-message').textContent,
    })));
    result.elements = await page.$$eval('#informed-findings .informed-element', (items) => items.map((li) => ({
      id: li.dataset.element,
      present: li.dataset.present === 'true',
    })));
    // Every link in the panel points at an element of the page.
    result.brokenLinks = await page.$$eval('#informed-findings a[href^="#"]', (links) => links
      .map((a) => a.getAttribute('href').slice(1))
      .filter((id) => !document.getElementById(decodeURIComponent(id))));
    result.linkCount = await page.$$eval('#informed-findings a[href^="#"]', (l) => l.length);

    // Keyboard: tab to the panel's summary and open it with Enter.
    const closedBefore = await page.$eval('#informed-findings details', (d) => !d.open);
    await page.focus('#informed-findings summary');
    await page.keyboard.press('Enter');
    result.openedByKeyboard = closedBefore && (await page.$eval('#informed-findings details', (d) => d.open));
    process.stdout.write(JSON.stringify(result) + '\n');

    if (restartMarker) {
      await page.evaluate(() => { window.__informedBeforeRestart = true; });
      const started = Date.now();
      await page.waitForFunction((m) => document.body && document.body.innerText.includes(m),
        restartMarker, { timeout: 30000 });
      const after = {
        restartReloaded: await page.evaluate(() => window.__informedBeforeRestart === undefined),
        restartMs: Date.now() - started,
      };
      process.stdout.write(JSON.stringify(after) + '\n');
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
