// Opens a vastc report.html in headless Chromium (Debian's package) with
// playwright-core, checks the filters work, that no request leaves the page,
// that hostile labels stay inert, and takes a screenshot.
// Usage: node report.mjs REPORT.html HOSTILE_REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, hostile, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
function check(ok, what) { if (!ok) failures.push(what); }

async function open(file) {
  const page = await browser.newPage();
  const external = [];
  const errors = [];
  const dialogs = [];
  page.on('request', r => { if (!r.url().startsWith('file:')) external.push(r.url()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, external, errors, dialogs };
}

// 1. The clinic model's report: filters by severity.
{
  const { page, external, errors } = await open(report);
  const rows = page.locator('tr.row');
  const total = await rows.count();
  check(total > 0, 'report has threat rows');
  const visible = async () => page.locator('tr.row:visible').count();
  check(await visible() === total, 'all rows visible at first');
  const highRows = await page.locator('tr.row[data-severity="high"]').count();
  check(highRows > 0, 'some high threats');
  await page.locator('input[name="severity"][value="high"]').click();
  check(await visible() === total - highRows, `unchecking "high" hides exactly the high rows (${await visible()} of ${total}, ${highRows} high)`);
  check(await page.locator('tr.row[data-severity="high"]:visible').count() === 0, 'no high row visible');
  await page.locator('input[name="severity"][value="high"]').click();
  check(await visible() === total, 'checking it again shows every row');
  await page.locator('input[name="status"][value="open"]').click();
  const openRows = await page.locator('tr.row[data-status="open"]').count();
  check(await visible() === total - openRows, 'status filter hides the open rows');
  check((await page.locator('#count').textContent()).includes(`of ${total}`), 'count line updates');
  check(await page.locator('.diagram svg').count() >= 2, 'diagrams are inline');
  // Pan and zoom of the operational diagram: the buttons and keys change the viewBox.
  const vb = () => page.locator('#operational svg').getAttribute('viewBox');
  const before = await vb();
  await page.locator('button.zoom[data-act="zoom-in"]').click();
  check(await vb() !== before, 'the zoom-in button zooms');
  await page.locator('button.zoom[data-act="zoom-reset"]').click();
  check(await vb() === before, 'reset restores the fitted view');
  await page.locator('button.zoom[data-act="zoom-in"]').click();
  await page.locator('#operational').focus();
  await page.keyboard.press('0');
  check(await vb() === before, 'the 0 key resets the view');
  await page.screenshot({ path: shot, fullPage: false });
  check(external.length === 0, 'no request leaves the page: ' + external.join(', '));
  check(errors.length === 0, 'no script errors: ' + errors.join('; '));
  await page.close();
}

// 2. Hostile labels: nothing runs, nothing is injected.
{
  const { page, external, errors, dialogs } = await open(hostile);
  check(dialogs.length === 0, 'no alert() ran: ' + dialogs.join(', '));
  check(await page.locator('body img').count() === 0, 'no <img> element was injected');
  check(await page.locator('script').count() === 1, 'only the report\'s own script exists');
  check(await page.locator('iframe').count() === 0, 'no iframe was injected');
  const text = await page.evaluate(() => document.body.textContent);
  check(text.includes('<img src=x') && text.includes('onerror=alert(1)>'), 'the hostile label shows as text (wrapped over lines in the diagram)');
  check(text.includes("alert('flow')") && text.includes('</script>'), 'the hostile flow label shows as text');
  check(external.length === 0, 'hostile report makes no request: ' + external.join(', '));
  check(errors.length === 0, 'no script errors: ' + errors.join('; '));
  await page.close();
}

await browser.close();
if (failures.length) {
  console.error('FAILED:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log('browser checks passed');
