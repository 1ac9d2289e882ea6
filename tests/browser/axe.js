// Runs axe-core in headless Chromium against each URL given on the command line and fails on any
// violation of WCAG 2.2 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa).
//
// Usage: node tests/browser/axe.js URL...
// Environment: CHROMIUM (default /usr/bin/chromium).
// Exit code: 0 no violations, 1 violations, 2 could not run.
'use strict';

const path = require('path');
const { chromium } = require('playwright-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 375, height: 740 },
];
const AXE = require.resolve('axe-core/axe.min.js', { paths: [path.resolve(__dirname, '..', '..')] });

async function main() {
  const urls = process.argv.slice(2);
  if (urls.length === 0) {
    console.error('usage: node tests/browser/axe.js URL...');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failures = 0;
  let checked = 0;
  try {
    for (const viewport of VIEWPORTS) {
      // The pages' Content-Security-Policy forbids inline scripts; axe is injected by the test.
      const context = await browser.newContext({ bypassCSP: true, viewport });
      const page = await context.newPage();
      for (const url of urls) {
        const response = await page.goto(url, { waitUntil: 'load' });
        if (!response) {
          throw new Error(`no response for ${url}`);
        }
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(async (tags) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          }));
        }, TAGS);
        checked += 1;
        for (const v of result) {
          failures += 1;
          console.log(`FAIL ${url} [${viewport.width}px] ${v.id} (${v.impact}): ${v.help}`);
          for (const n of v.nodes.slice(0, 5)) {
            console.log(`    at ${n.target}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`);
          }
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`axe-core: ${checked} page views checked, ${failures} violation${failures === 1 ? '' : 's'}`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`axe run failed: ${err && err.stack ? err.stack : err}`);
  process.exit(2);
});
