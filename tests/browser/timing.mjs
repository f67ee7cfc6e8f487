// Time to the first visible threat row of each vastc report.html given,
// in headless Chromium: milliseconds from navigation start to the first
// animation frame in which a threat row is on screen (a row of the
// virtual list, or of the plain table of older reports). Prints one line of
// JSON per file: {"file":…,"bytes":…,"ms":…}.
// With --check-overview, each report must show the overview of its
// boundaries (large models) and a box must open a non-empty view.
// Usage: node timing.mjs REPORT.html… [--check-overview] [--shot-grouped PNG --shot-boundary PNG]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { statSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = name => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : null; };
const grouped = opt('--shot-grouped');
const boundary = opt('--shot-boundary');
const checkOverview = args.indexOf('--check-overview') >= 0 && args.splice(args.indexOf('--check-overview'), 1);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const file of args) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'commit', timeout: 120000 });
  const ms = await (await page.waitForFunction(() => {
    const r = document.querySelector('.vrow.threat, tr.row');
    return r && r.getBoundingClientRect().height > 0 && performance.now();
  }, null, { polling: 'raf', timeout: 120000 })).jsonValue();
  if (errors.length) { console.error(errors.join('\n')); process.exit(1); }
  console.log(JSON.stringify({ file, bytes: statSync(file).size, ms: Math.round(ms) }));
  // A large model's overview: boxes of boundaries, one opening its view.
  if (checkOverview) {
    const boxes = await page.locator('#overview .box').count();
    const inline = await page.locator('#operational svg').count();
    if (!boxes || inline) { console.error(`${file}: overview has ${boxes} boxes, ${inline} inline diagrams`); process.exit(1); }
    await page.locator('#overview .box').last().click();
    const rows = await page.locator('#boundary-view tr a[href^="#el="]').count();
    const inner = await page.locator('#boundary-view .box').count();
    if (!rows && !inner) { console.error(`${file}: the boundary view is empty`); process.exit(1); }
    await page.locator('#boundary-view button').first().click();
    if (!await page.locator('#overview').isVisible()) { console.error(`${file}: back to the overview fails`); process.exit(1); }
  }
  if (grouped) {
    await page.locator('#f-group').selectOption('rule');
    await page.locator('.vrow.group button.toggle').first().click();
    await page.locator('#threats').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('threats').scrollIntoView());
    await page.screenshot({ path: grouped });
  }
  if (boundary && await page.locator('#overview .box').count()) {
    await page.evaluate(() => document.getElementById('overview').scrollIntoView());
    await page.screenshot({ path: boundary.replace(/\.png$/, '-overview.png') });
    // The box with the most threats.
    const counts = await page.locator('#overview .box span').allTextContents();
    const n = counts.map(t => Number((t.match(/(\d+) threats/) || [0, 0])[1]));
    await page.locator('#overview .box').nth(n.indexOf(Math.max(...n))).click();
    // Then, while it has boundaries inside, the one of those with the most.
    for (let depth = 0; depth < 8 && await page.locator('#boundary-view .box').count(); depth++) {
      const inner = (await page.locator('#boundary-view .box span').allTextContents())
        .map(t => Number((t.match(/(\d+) threats/) || [0, 0])[1]));
      await page.locator('#boundary-view .box').nth(inner.indexOf(Math.max(...inner))).click();
    }
    await page.locator('#boundary-view a').first().click();
    await page.evaluate(() => document.getElementById('boundary-view').scrollIntoView());
    await page.screenshot({ path: boundary });
  }
  await page.close();
}
await browser.close();
