// End-to-end: the display-filter bar in the browser UI — web mode from the built CLI, real
// Chromium, the sample capture read by the engine, the filter applied by the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const SAMPLE = path.join(ROOT, 'samples', 'gt06-session.pcap');

describe('web mode in Chromium: the display filter', () => {
  let proc: ChildProcess;
  let recordDir: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const rows = () => page.locator('[data-testid="frame-row"]');
  const rowTypes = () => rows().evaluateAll((els) => els.map((e) => e.querySelector('[data-col="type"]')?.textContent ?? ''));
  const box = () => page.getByTestId('display-filter');
  const boxState = () => page.locator('.display-filter').getAttribute('data-state');

  beforeAll(async () => {
    const devicePort = await freePort();
    recordDir = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-filter-rec-'));
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--record', recordDir], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    proc = started.proc;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(started.match[1]!);
    await page.getByTestId('status-listeners').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    if (proc) await stop(proc);
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
  });

  it('filters the sample: a valid filter applies on Enter, an invalid one turns red and is not applied, Esc shows all again', async () => {
    // Open the sample through the path dialog.
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-dialog').waitFor();
    await page.getByTestId('open-path').fill(SAMPLE);
    await page.keyboard.press('Enter');
    await page.getByTestId('open-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('capture-bar').getAttribute('data-state'), { timeout: 5000 }).toBe('done');
    await expect.poll(async () => (await rowTypes()).length).toBe(8);
    const all = await rowTypes();

    // Ctrl+/ puts the keyboard in the box.
    await rows().first().click();
    await page.keyboard.press('Control+/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('display-filter');

    // Field names complete the word under the cursor.
    await page.keyboard.type('ty');
    await expect.poll(() => page.getByTestId('display-filter-completion').allTextContents()).toContain('type');
    await page.keyboard.press('Tab');
    expect(await box().inputValue()).toBe('type');

    await page.keyboard.type(' == login');
    expect(await boxState()).toBe('valid');
    await page.keyboard.press('Enter');
    await expect.poll(async () => rowTypes(), { timeout: 5000 }).toEqual(['login']);
    expect(await page.locator('.display-filter').getAttribute('data-applied')).toBe('type == login');
    await expect.poll(() => page.getByTestId('display-filter-count').textContent()).toBe('1 matching frame');

    // Invalid: red, the error shown and marked, nothing applied (the rows stay).
    await box().fill('');
    await page.keyboard.type('type == ');
    expect(await boxState()).toBe('invalid');
    expect(await box().getAttribute('aria-invalid')).toBe('true');
    const error = page.getByTestId('display-filter-error');
    expect((await error.textContent())!.length).toBeGreaterThan(0);
    const at = Number(await error.getAttribute('data-at'));
    expect(at).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('display-filter-mark').getAttribute('data-at')).toBe(String(at));
    const background = await page.locator('.display-filter').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r!).toBeGreaterThan(g!);
    expect(r!).toBeGreaterThan(b!);
    await page.keyboard.press('Enter');
    await new Promise((res) => setTimeout(res, 300));
    expect(await rowTypes()).toEqual(['login']);
    expect(await page.locator('.display-filter').getAttribute('data-applied')).toBe('type == login');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'filter-invalid.png') });

    // Esc in the box clears it: every row again.
    await page.keyboard.press('Escape');
    expect(await box().inputValue()).toBe('');
    await expect.poll(async () => rowTypes(), { timeout: 5000 }).toEqual(all);
    expect(await page.locator('.display-filter').getAttribute('data-applied')).toBe('');

    // The × button clears too.
    await page.keyboard.type('type == heartbeat');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rowTypes()).length, { timeout: 5000 }).toBeLessThan(8);
    await page.getByTestId('display-filter-clear').click();
    await expect.poll(async () => rowTypes(), { timeout: 5000 }).toEqual(all);
    expect(errors).toEqual([]);
  });
});
