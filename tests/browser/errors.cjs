// Browser test for `informed serve`, run by tests/serve_browser.rs: a notice that stops
// parsing shows its error in the open page (the last good page stays), and saving a fix clears it.
//
// usage: node errors.cjs URL NOTICE_FILE BROKEN_TEXT_FILE FIXED_TEXT_FILE FIXED_MARKER
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [url, noticeFile, brokenFile, fixedFile, fixedMarker] = process.argv.slice(2);
if (!fixedMarker) {
  console.error('usage: node errors.cjs URL NOTICE_FILE BROKEN_TEXT_FILE FIXED_TEXT_FILE FIXED_MARKER');
  process.exit(2);
}
const TIMEOUT = 20000;
const AXE = require.resolve('axe-core/axe.min.js', { paths: [path.resolve(__dirname, '..', '..')] });
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function save(from) {
  const tmp = path.join(path.dirname(noticeFile), '.' + path.basename(noticeFile) + '.tmp');
  fs.writeFileSync(tmp, fs.readFileSync(from));
  fs.renameSync(tmp, noticeFile);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'informed-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Only so axe-core can be injected; serve's own files need no CSP exception (live_reload.cjs
    // checks that with the CSP on).
    bypassCSP: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const result = {};
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('html[data-informed-live="open"]', { state: 'attached' });
    const bodyBefore = await page.$eval('main', (m) => m.innerText);

    save(brokenFile);
    await page.waitForSelector('#informed-errors', { state: 'visible' });
    result.errorText = await page.$eval('#informed-errors', (e) => e.innerText);
    result.errorRole = await page.$eval('#informed-errors', (e) => e.getAttribute('role'));
    result.lastGoodKept = (await page.$eval('main', (m) => m.innerText)) === bodyBefore;
    // Accessibility of what serve adds (the theme is checked by tests/a11y.rs): the error box and
    // the findings panel, opened.
    await page.click('#informed-findings summary');
    await page.addScriptTag({ path: AXE });
    result.axeViolations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run({ include: [['#informed-findings'], ['#informed-errors']] },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, WCAG);

    // The box can be dismissed from the keyboard.
    await page.focus('#informed-errors .informed-dismiss');
    await page.keyboard.press('Enter');
    result.dismissed = await page.$eval('#informed-errors', (e) => e.hidden);

    save(fixedFile);
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), fixedMarker);
    result.errorGone = (await page.$('#informed-errors')) === null;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
