// End-to-end: compare and validate in the browser UI — web mode from the built CLI, real Chromium.
// Two firmware captures opened through the path dialog are compared from the toolbar's Compare…;
// a difference's example frame is a link that selects the frame in the list and the decode; a
// device is validated from the devices table and its evidence reached the same way; the saved
// HTML reports open in a fresh offline browser with every request refused, and need none.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const FW_A = path.join(ROOT, 'samples', 'teltonika-fw-a.pcapng');
const FW_B = path.join(ROOT, 'samples', 'teltonika-fw-b.pcapng');

describe('web mode in Chromium: compare two captures, validate a device, save the reports', () => {
  let proc: ChildProcess;
  let dir: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const reports: Record<'compare' | 'validate', string> = { compare: '', validate: '' };

  beforeAll(async () => {
    const devicePort = await freePort();
    dir = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-compare-'));
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--record', path.join(dir, 'rec')], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    proc = started.proc;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(started.match[1]!);
    await page.getByTestId('status-listeners').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    if (proc) await stop(proc);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Open a capture through the path dialog (Ctrl+O) and wait until it is read. */
  async function open(file: string): Promise<string> {
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-dialog').waitFor();
    await page.getByTestId('open-path').fill(file);
    await page.keyboard.press('Enter');
    await page.getByTestId('open-dialog').waitFor({ state: 'detached' });
    const bar = page.getByTestId('capture-bar');
    await expect.poll(() => bar.getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    expect(await page.getByTestId('capture-title').getAttribute('title')).toBe(file);
    return (await bar.getAttribute('data-job-id'))!;
  }

  /** The select option of a picker whose text names this capture job. */
  async function captureOption(picker: string, jobId: string): Promise<string> {
    const values = await page.getByTestId(picker).locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const value = values.find((v) => v === `capture:${jobId}`);
    expect(value, `${picker} offers ${jobId}: ${values.join(', ')}`).toBeDefined();
    return value!;
  }

  /** The frame is selected: its row is aria-selected (when on screen) and the decode shows it. */
  async function expectShown(id: number, messageType: string): Promise<void> {
    const title = page.locator('.decode-pane .pane-title-main');
    await expect.poll(() => title.textContent(), { timeout: 5000 }).toMatch(new RegExp(`^Frame ${id} · teltonika · ${messageType}$`));
    const row = page.locator(`[data-testid="frame-row"][data-frame-id="${id}"]`);
    await expect.poll(() => row.getAttribute('aria-selected'), { timeout: 5000 }).toBe('true');
    expect(await row.locator('[data-col="type"]').textContent()).toBe(messageType);
  }

  /** Save a report by its button: the download's name and its text. */
  async function save(testId: string): Promise<{ name: string; file: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return { name: download.suggestedFilename(), file, text: readFileSync(file, 'utf8') };
  }

  it('compares the two firmware captures and reaches a difference’s frame from its link', async () => {
    const jobA = await open(FW_A);
    const jobB = await open(FW_B);
    // Both files' frames are counted (the count follows the pushes and the status).
    await expect.poll(async () => Number((await page.getByTestId('frame-count').textContent())!.replace(/,/g, '')), { timeout: 5000 }).toBe(266 + 90);

    await page.getByTestId('open-compare').click();
    await page.getByTestId('compare-panel').waitFor();
    await page.getByTestId('compare-a').selectOption(await captureOption('compare-a', jobA));
    await page.getByTestId('compare-b').selectOption(await captureOption('compare-b', jobB));
    await page.getByTestId('compare-run').click();

    const diffs = page.getByTestId('difference');
    await expect.poll(() => diffs.count(), { timeout: 10_000 }).toBe(3);
    expect(await diffs.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-message-type')}`))).toEqual([
      'codec-changed location',
      'interval-changed heartbeats',
      'interval-changed location reports',
    ]);
    const codec = page.locator('[data-testid="difference"][data-kind="codec-changed"]');
    expect(await codec.innerText()).toMatch(/Codec 8\b[\s\S]*Codec 8 Extended/);
    expect(await page.getByTestId('compare-source').count()).toBe(2);
    expect(await page.locator('[data-testid="compare-type"][data-message-type="location"]').count()).toBe(1);
    expect(await page.getByTestId('compare-histogram').count()).toBe(4);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'compare-panel.png') });
    await page.locator('.compare-timing').last().scrollIntoViewIfNeeded();
    await page.getByTestId('compare-panel').screenshot({ path: path.join(ARTIFACTS, 'compare-intervals.png') });

    // B's first example: a frame of the second capture, after all of A's.
    const link = codec.locator('[data-testid="diff-frame"][data-side="b"]').first();
    const id = Number(await link.getAttribute('data-frame-id'));
    expect(id).toBeGreaterThan(266);
    expect(await link.textContent()).toBe(`B: frame ${id}`);
    await link.click();
    await expectShown(id, 'location');

    // And one of A's, which scrolls the list back up.
    const linkA = codec.locator('[data-testid="diff-frame"][data-side="a"]').first();
    const idA = Number(await linkA.getAttribute('data-frame-id'));
    expect(idA).toBeLessThanOrEqual(266);
    await linkA.click();
    await expectShown(idA, 'location');

    // The reports: the engine's HTML and the comparison as JSON.
    const html = await save('compare-save-html');
    expect(html.name).toBe('trackwire-compare-teltonika-fw-a-vs-teltonika-fw-b.html');
    expect(html.text).toMatch(/^<!doctype html>/i);
    reports.compare = html.file;
    const json = await save('compare-save-json');
    expect(json.name).toBe('trackwire-compare-teltonika-fw-a-vs-teltonika-fw-b.json');
    const parsed = JSON.parse(json.text);
    expect(parsed.differences).toHaveLength(3);
    expect(parsed.b.engineFrames).toBe(true);
    expect(parsed.html).toBeUndefined();
  });

  it('validates a device from the devices table, shows its clock, and reaches an evidence frame', async () => {
    await page.getByTestId('tab-devices').click();
    const row = page.getByTestId('device-row').first();
    await row.waitFor();
    const deviceId = (await row.getAttribute('data-device-id'))!;
    await expect.poll(() => row.getByTestId('device-clock').textContent(), { timeout: 8000 }).toMatch(/UTC/);

    await row.getByTestId('device-validate').click();
    const report = page.getByTestId('validation');
    await report.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('compare-tab-validate').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('validate-source').inputValue()).toBe(`device:${deviceId}`);
    const checks = await page.getByTestId('check').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-check')}:${e.getAttribute('data-status')}`));
    expect(checks.map((c) => c.split(':')[0])).toEqual(['connects', 'protocol', 'answers', 'interval', 'positions', 'clock', 'frames', 'commands']);
    expect(checks.every((c) => /:(pass|fail|warn|n\/a)$/.test(c))).toBe(true);
    expect(await page.getByTestId('validation-verdict').textContent()).toMatch(/^(PASS|FAIL) · /);
    await page.screenshot({ path: path.join(ARTIFACTS, 'validate-panel.png') });

    // The login that proves it connects.
    const evidence = page.locator('[data-testid="check"][data-check="connects"] [data-testid="evidence-frame"]').first();
    const id = Number(await evidence.getAttribute('data-frame-id'));
    await evidence.click();
    await expectShown(id, 'login');

    const html = await save('validate-save-html');
    expect(html.name).toBe(`trackwire-validate-${deviceId}.html`);
    reports.validate = html.file;
    const json = JSON.parse((await save('validate-save-json')).text);
    expect(json.device).toBe(deviceId);
    expect(json.checks).toHaveLength(8);
    expect(errors).toEqual([]);
  });

  it('the saved reports open offline with every request refused: none is made, nothing fails, the content is there', async () => {
    for (const what of ['compare', 'validate'] as const) {
      const file = reports[what];
      expect(file, `${what} report saved`).toBeTruthy();
      const url = pathToFileURL(file).href;
      const context = await browser.newContext({ offline: true });
      const refused: string[] = [];
      await context.route('**', (route) => (route.request().url() === url ? route.continue() : (refused.push(route.request().url()), route.abort())));
      const offline = await context.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      offline.on('request', (r) => r.url() !== url && requests.push(r.url()));
      offline.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
      offline.on('pageerror', (e) => problems.push(e.message));
      await offline.goto(url);
      if (what === 'compare') {
        await expect.poll(() => offline.locator('table.diffs tbody tr').count()).toBe(3);
        expect(await offline.locator('table.diffs').innerText()).toMatch(/codec changed[\s\S]*Codec 8 Extended/);
        expect(await offline.locator('body').innerText()).toContain('as the frame list of the Trackwire window');
      } else {
        await expect.poll(() => offline.locator('table.checklist tbody tr').count()).toBe(8);
      }
      expect(await offline.locator('svg').count()).toBeGreaterThan(0);
      expect(requests).toEqual([]);
      expect(refused).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
