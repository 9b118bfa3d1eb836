// End-to-end: the first start and opening captures without a path — web mode from the built
// CLI with an empty engine and a fresh data folder, real Chromium. The frame list offers the
// samples; a capture dropped on the window is uploaded and opened; non-captures are refused with
// the accepted types; recent files are listed; the theme follows the system (emulated) unless
// the user chose one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type JSHandle, type Page } from 'playwright-core';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const GT06 = path.join(ROOT, 'samples', 'gt06-session.pcap');

describe('web mode in Chromium: first start, dropped captures, recent files, themes', () => {
  let proc: ChildProcess;
  let url: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const rows = () => page.locator('[data-testid="frame-row"]');
  const bar = () => page.getByTestId('capture-bar');

  /** A DataTransfer holding one file, made in the page (as a drag from the desktop would carry it). */
  function fileTransfer(name: string, bytes: Uint8Array): Promise<JSHandle<DataTransfer>> {
    return page.evaluateHandle(
      ([fileName, base64]) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], fileName));
        return transfer;
      },
      [name, Buffer.from(bytes).toString('base64')] as const,
    );
  }

  beforeAll(async () => {
    const devicePort = await freePort();
    dataDir = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-first-'));
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--no-record'], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, { TRACKWIRE_DATA: dataDir });
    proc = started.proc;
    url = started.match[1]!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.getByTestId('status-listeners').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    if (proc) await stop(proc);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers the samples in the empty frame list; one click opens one and its frames are listed', async () => {
    const list = page.getByTestId('first-samples');
    await list.waitFor();
    const names = await list.locator('[data-testid="first-sample"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names).toEqual(expect.arrayContaining(['shared-port-mix.pcapng', 'h02-tk100b.pcapng', 'gosafe-sp7600.pcapng', 'teltonika-fmb.pcapng', 'carscop-cc688-jt808.pcapng', 'gt06-session.pcap']));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-start.png') });

    await list.locator('[data-testid="first-sample"][data-name="shared-port-mix.pcapng"]').click();
    await expect.poll(() => bar().getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    expect(await page.getByTestId('capture-title').textContent()).toBe('shared-port-mix.pcapng: loaded');
    expect(await page.getByTestId('capture-frames').textContent()).toMatch(/^1\d\d frames$/);
    await expect.poll(() => rows().count()).toBeGreaterThan(10);
    const protocols = await rows().evaluateAll((els) => [...new Set(els.map((e) => e.querySelector('[data-col="protocol"]')?.textContent ?? ''))]);
    expect(protocols.length).toBeGreaterThan(1);
    // Something to show now: the offer is gone.
    await list.waitFor({ state: 'detached' });
  });

  it('opens a capture dropped on the window: the overlay while dragging, then the upload read under its own name', async () => {
    const transfer = await fileTransfer('dropped-trace.pcap', readFileSync(GT06));
    await page.dispatchEvent('.app', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
    const overlay = page.getByTestId('drop-overlay');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('Drop a capture to open it');
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-start-drop.png') });
    await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
    await overlay.waitFor({ state: 'detached' });

    await expect.poll(() => page.getByTestId('capture-title').textContent(), { timeout: 10_000 }).toBe('dropped-trace.pcap: loaded');
    const job = (await bar().getAttribute('data-job-id'))!;
    expect(await page.getByTestId('capture-frames').textContent()).toBe('8 frames');
    await expect.poll(() => page.locator(`[data-testid="frame-row"][data-session-id="${job}-1"]`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const session = page.locator(`[data-testid="session-row"][data-session-id="${job}-1"]`);
    await session.waitFor();
    expect(await session.getAttribute('data-device-id')).toBe('123456789012345');
  });

  it('refuses a dropped file that is not a capture, naming the accepted types', async () => {
    const transfer = await fileTransfer('notes.txt', new TextEncoder().encode('not a capture'));
    await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
    const banner = page.getByTestId('banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-kind')).toBe('error');
    expect(await banner.textContent()).toContain('notes.txt is not a capture file. Trackwire opens pcapng and pcap captures (.pcapng, .pcap, .cap)');
    // A capture's name with other bytes: the engine looks at them.
    const fake = await fileTransfer('fake.pcapng', new TextEncoder().encode('PK\u0003\u0004 zipped'));
    await page.dispatchEvent('.app', 'drop', { dataTransfer: fake });
    await expect.poll(() => banner.textContent()).toContain('fake.pcapng is not a capture file (not a pcap or pcapng file: it starts with 50 4b 03 04 (a zip archive; extract the capture first))');
    await page.locator('.banner-close').click();
  });

  it('lists the files opened, most recent first, in the open dialog; a click opens one again', async () => {
    await page.getByTestId('open-capture').click();
    const dialog = page.getByTestId('open-dialog');
    await dialog.waitFor();
    const recent = dialog.locator('[data-testid="recent"]');
    await expect.poll(() => recent.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['dropped-trace.pcap', 'shared-port-mix.pcapng']);
    expect(await recent.first().getAttribute('data-exists')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-start-recent.png') });
    await recent.nth(1).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('capture-title').textContent(), { timeout: 10_000 }).toBe('shared-port-mix.pcapng: loaded');
    expect(errors).toEqual([]);
  });

  it('follows the system theme (emulated dark and light); a chosen theme beats it', async () => {
    const background = (p: Page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background(page)).toBe('rgb(255, 255, 255)');

    const dark = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(url);
    await darkPage.getByTestId('status-listeners').waitFor();
    expect(await background(darkPage)).toBe('rgb(23, 25, 30)');
    expect(await darkPage.evaluate(() => getComputedStyle(document.querySelector('.top-bar')!).color)).toBe('rgb(221, 225, 232)');
    await darkPage.screenshot({ path: path.join(ARTIFACTS, 'first-start-dark.png') });

    // The user's choice (what the theme control stores) wins over the system, both ways.
    await darkPage.evaluate(() => localStorage.setItem('trackwire.theme', 'light'));
    await darkPage.reload();
    await darkPage.getByTestId('status-listeners').waitFor();
    expect(await darkPage.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('light');
    expect(await background(darkPage)).toBe('rgb(255, 255, 255)');
    await dark.close();

    await page.evaluate(() => localStorage.setItem('trackwire.theme', 'dark'));
    await page.reload();
    await page.getByTestId('status-listeners').waitFor();
    expect(await background(page)).toBe('rgb(23, 25, 30)');
    await page.evaluate(() => localStorage.removeItem('trackwire.theme'));
  });
});
