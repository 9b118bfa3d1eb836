// The comparison report in a real browser, offline: opened from disk with every network request
// refused, it must make none, break no Content-Security-Policy rule, and show the differences,
// the charts and the example frames, in light and in dark mode.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSources } from '../../src-main/engine/analysis/compare';
import { renderComparisonHtml } from '../../src-main/engine/analysis/compare-report';
import { ROOT } from '../helpers/cli';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');

let browser: Browser;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tw-compare-report-'));
  const c = await compareSources(path.join(ROOT, 'samples', 'teltonika-fw-a.pcapng'), path.join(ROOT, 'samples', 'teltonika-fw-b.pcapng'));
  file = path.join(dir, 'compare.html');
  writeFileSync(file, renderComparisonHtml(c));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('comparison report in a browser, offline', () => {
  it.each(['light', 'dark'] as const)('%s: loads nothing, breaks no CSP rule, shows differences, charts and frames', async (scheme) => {
    const context = await browser.newContext({ offline: true, colorScheme: scheme, viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator('table.diffs tbody tr').count()).toBe(3);
    expect(await page.locator('table.diffs').innerText()).toMatch(/codec changed[\s\S]*Codec 8 Extended[\s\S]*#3, #5, #7/);
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
    const bar = await page.locator('svg.chart rect.bar.b').first().evaluate((e) => getComputedStyle(e).fill);
    expect(bar).not.toBe('');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(20, 24, 28)' : 'rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(ARTIFACTS, `compare-report-${scheme}.png`), fullPage: false });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
