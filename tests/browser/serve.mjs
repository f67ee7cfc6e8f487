// Drives `vastc serve` in headless Chromium (Debian's package) with
// playwright-core: the page shows the report; a save shows in it within a
// second; a model with errors shows its diagnostics instead of the report;
// fixing it brings the report back. Prints one JSON line:
// {"reload_ms": N}. Usage: node serve.mjs URL MODEL.vast
import { chromium } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';

const [url, model] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const page = await browser.newPage();
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
await page.goto(url, { waitUntil: 'load' });

// The text of the framed report, or null while it is hidden or loading.
const reportText = () => page.evaluate(() => {
  const f = document.getElementById('report');
  if (f.hidden || !f.contentDocument || !f.contentDocument.body) return null;
  return f.contentDocument.body.innerText;
});
async function until(what, test, ms) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await test()) return Date.now() - start;
    await new Promise(r => setTimeout(r, 20));
  }
  failures.push(`${what}: not within ${ms} ms`);
  return null;
}

await until('first report', async () => (await reportText() || '').includes('Clinic booking'), 10000);
const original = await readFile(model, 'utf8');
const probe = original + '\nboundary probe-zone "Probe zone" {\n  kind third-party\n  actor live-probe "Live reload probe" { kind user }\n}\n';
const saved = Date.now();
await writeFile(model, probe);
await until('the saved change', async () => (await reportText() || '').includes('Live reload probe'), 5000);
const reload_ms = Date.now() - saved;
if (reload_ms > 1000) failures.push(`reload took ${reload_ms} ms, goal 1000 ms`);

await writeFile(model, probe + '\nboundary {\n');
await until('diagnostics instead of the report', () => page.evaluate(() => {
  const e = document.getElementById('errors');
  return !e.hidden && e.textContent.includes('vast::syntax') &&
    document.getElementById('report').hidden;
}), 5000);

await writeFile(model, original);
await until('the report after the fix', async () => {
  const t = await reportText();
  return t !== null && t.includes('Clinic booking') && !t.includes('Live reload probe');
}, 5000);
if (errors.length) failures.push('page errors: ' + errors.join('; '));
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(JSON.stringify({ reload_ms }));
