// Opens a vastc report.html in headless Chromium (Debian's package) with
// playwright-core, checks the filters work, that no request leaves the page,
// that hostile labels stay inert, and takes a screenshot; also grouping,
// search, fragment links, the click panel and the CSV export.
// Usage: node report.mjs REPORT.html HOSTILE_REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';

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

// 1. The clinic model's report: a virtual list drawn from the JSON data.
{
  const { page, external, errors } = await open(report);
  const total = JSON.parse(await page.locator('#report-data').textContent()).th.id.length;
  check(total > 0, 'report has threats');
  const count = async () => Number((await page.locator('#count').textContent()).split(' ')[0]);
  check(await count() === total, `all ${total} threats counted at first`);
  check(await page.locator('.vrow.threat').count() > 0, 'threat rows are drawn');
  check(await page.locator('table.static').isHidden(), 'the static table is hidden when the script runs');
  const data = JSON.parse(await page.locator('#report-data').textContent());
  const highs = data.th.sv.filter(v => v === 1).length;
  check(highs > 0, 'some high threats');
  await page.locator('input[name="severity"][value="high"]').click();
  check(await count() === total - highs, `unchecking "high" hides exactly the high threats (${await count()} of ${total}, ${highs} high)`);
  check(await page.locator('.vrow.threat[data-severity="high"]').count() === 0, 'no high row drawn');
  await page.locator('input[name="severity"][value="high"]').click();
  check(await count() === total, 'checking it again shows every threat');
  await page.locator('input[name="status"][value="open"]').click();
  const opens = data.th.st.filter(v => v === 0).length;
  check(await count() === total - opens, 'status filter hides the open threats');
  await page.locator('input[name="status"][value="open"]').click();
  // Search matches ID, title, target and rule.
  const firstId = data.s[data.th.id[0]];
  await page.locator('#f-search').fill(firstId);
  await page.waitForFunction(id => document.querySelector('#count').textContent.startsWith('1 of') || [...document.querySelectorAll('.vrow.threat')].every(r => r.textContent.includes(id)), firstId);
  check(await page.locator('.vrow.threat').first().getAttribute('data-id') === firstId, 'search finds a threat by ID');
  await page.locator('#f-search').fill('');
  await page.waitForFunction(n => document.querySelector('#count').textContent.startsWith(n + ' of'), total);
  // Grouping by rule: one row per rule, expandable.
  const rules = new Set(data.th.ru).size;
  await page.locator('#f-group').selectOption('rule');
  check(await page.locator('.vrow.group').count() === Math.min(rules, await page.locator('.vrow').count()), 'one group row per rule');
  check((await page.locator('#count').textContent()).includes(`in ${rules} groups`), 'count line names the groups');
  const firstGroup = page.locator('.vrow.group').first();
  const inGroup = Number((await firstGroup.locator('.c-count').textContent()).split(' ')[0]);
  await firstGroup.locator('button.toggle').click();
  check(await page.locator('.vrow.threat').count() === Math.min(inGroup, await page.locator('.vrow.threat').count()) && await page.locator('.vrow.threat').count() > 0, 'expanding a rule shows its threats');
  await page.locator('#f-group').selectOption('category');
  check(await page.locator('.vrow.group').count() === new Set(data.th.ca).size, 'one group row per category');
  await page.locator('#f-group').selectOption('element');
  check(await page.locator('.vrow.group').count() > 0, 'grouped by element');
  await page.locator('#f-group').selectOption('none');
  // A fragment link to a threat far down the list scrolls to it and marks it.
  const lastId = data.s[data.th.id[total - 1]];
  await page.evaluate(id => { location.hash = 'threat=' + encodeURIComponent(id); }, lastId);
  await page.waitForSelector('.vrow.current');
  check(await page.locator('.vrow.current').getAttribute('data-id') === lastId, '#threat=ID shows that threat');
  // Clicking an element of the diagram opens its panel.
  const g = page.locator('#operational g.element').first();
  const gid = await g.getAttribute('data-id');
  await g.locator('text').first().click({ force: true });
  check(await page.locator('#panel').isVisible(), 'clicking an element opens the panel');
  check((await page.locator('#panel h3').textContent()) === gid, 'the panel names the element');
  const mine = data.th.tg.filter(t => data.s[t] === gid).length;
  check(await page.locator('#panel li a[href^="#threat="]').count() === mine, `the panel lists its ${mine} threats`);
  await page.locator('#panel button.close').click();
  // #el=ID opens the panel on load too.
  await page.evaluate(() => { location.hash = ''; });
  await page.evaluate(id => { location.hash = 'el=' + encodeURIComponent(id); }, gid);
  await page.waitForSelector('#panel:not([hidden])');
  check(await page.locator('#panel').isVisible(), '#el=ID opens the panel');
  await page.locator('#panel button.close').click();
  if (data.sn.length) {
    const sid = data.s[data.sn[0][0]];
    await page.evaluate(id => { location.hash = 'scenario=' + encodeURIComponent(id); }, sid);
    check(await page.locator('#scenario-0').isVisible(), '#scenario=ID goes to the scenario');
  }
  // CSV export of the filtered list: a blob download, cells escaped.
  await page.locator('input[name="severity"][value="high"]').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
  const csv = await readFile(await dl.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  check(lines[0].startsWith('id,rule,title'), 'CSV header');
  check(lines.length - 1 === total - highs, `CSV has the ${total - highs} shown threats (${lines.length - 1})`);
  check(!csv.includes(',high,'), 'CSV leaves out the filtered-out severity');
  await page.locator('input[name="severity"][value="high"]').click();
  await page.evaluate(() => { location.hash = ''; window.scrollTo(0, 0); });
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
  check(await page.locator('script:not([type])').count() === 1 && await page.locator('script').count() === 2, 'only the report\'s own script (and its data) exists');
  check(await page.locator('iframe').count() === 0, 'no iframe was injected');
  await page.locator('#f-group').selectOption('none');
  const text = await page.evaluate(() => document.body.innerText + document.querySelector('svg').textContent);
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
