// The README's screenshots, taken from the real app: web mode from the built CLI, Debian's
// Chromium, a sample capture and live simulated devices. `npm run build` first, then
// `node scripts/screenshots.mjs` writes docs/*.png.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist-main', 'cli.cjs');
const DOCS = path.join(ROOT, 'docs');
const { chromium } = createRequire(import.meta.url)('playwright-core');
const data = mkdtempSync(path.join(tmpdir(), 'trackwire-shots-'));
const env = { ...process.env, TRACKWIRE_DATA: data, TRACKWIRE_RECORDINGS: path.join(data, 'rec') };
const DEVICE_PORT = 18_900 + Math.floor(Math.random() * 500);

/** Start a CLI command; resolves with the process and the first output line matching `ready`. */
function start(args, ready) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { env, cwd: ROOT });
    let out = '';
    const on = (d) => {
      out += d;
      const m = out.match(ready);
      if (m) resolve({ proc, match: m });
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.on('exit', (code) => reject(new Error(`trackwire ${args[0]} exited with ${code}:\n${out}`)));
  });
}

const web = await start(['web', '--listen', `127.0.0.1:${DEVICE_PORT}`, '--port', '0'], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
const sims = [];
const browser = await chromium.launch({
  executablePath: process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1500, height: 940 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(web.match[1]);
  await page.getByTestId('status-listeners').waitFor();

  // First start: the samples offered in the empty list.
  await page.getByTestId('first-samples').waitFor();
  await page.screenshot({ path: path.join(DOCS, 'first-start.png') });

  // A shared-port capture, then live devices of two protocols.
  await page.keyboard.press('Control+o');
  await page.getByTestId('open-path').fill(path.join(ROOT, 'samples', 'shared-port-mix.pcapng'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="capture-bar"]')?.getAttribute('data-state') === 'done');
  for (const [protocol, devices] of [['gt06', 2], ['jt808', 1], ['h02', 1]]) {
    sims.push(spawn(process.execPath, [CLI, 'simulate', '--protocol', protocol, '--devices', String(devices), '--interval', '0.7', '--port', String(DEVICE_PORT), '--duration', '60'], { env, cwd: ROOT, stdio: 'ignore' }));
  }
  await page.waitForTimeout(6000);
  await page.getByTestId('sessions-open-only').check();
  await page.locator('[data-testid="session-row"]').first().click();
  await page.waitForTimeout(800);
  const rows = page.locator('[data-testid="frame-row"]');
  await rows.nth(Math.max(0, (await rows.count()) - 6)).click();
  await page.locator('[data-testid="field-node"]').nth(6).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(DOCS, 'screenshot.png') });

  // The same, dark, with a display filter over the whole list.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('display-filter').fill('protocol == gt06 && type == location');
  await page.getByTestId('display-filter').press('Enter');
  await page.waitForTimeout(1500);
  await page.locator('[data-testid="frame-row"]').last().click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(DOCS, 'workbench.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByTestId('display-filter').fill('');
  await page.getByTestId('display-filter').press('Enter');

  console.log(`wrote ${['first-start.png', 'screenshot.png', 'workbench.png'].map((f) => path.join('docs', f)).join(', ')}`);
} finally {
  for (const s of sims) s.kill();
  await browser.close();
  web.proc.kill();
  rmSync(data, { recursive: true, force: true });
}
