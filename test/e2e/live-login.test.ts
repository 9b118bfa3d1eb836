// End-to-end: web mode from the built CLI, real Chromium, a real TCP device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort, tcpClient } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const LOGIN = '78780d01012345678901234500018cdd0d0a';
const LOCATION = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';

describe('web mode in Chromium: a tracker login shows up live', () => {
  let proc: ChildProcess;
  let url: string;
  let devicePort: number;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    devicePort = await freePort();
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0'], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    proc = started.proc;
    url = started.match[1]!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.getByTestId('status-listeners').waitFor();
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (proc) await stop(proc);
  });

  it('lists the login within 2 s with protocol gt06 and its IMEI', async () => {
    const device = await tcpClient(devicePort);
    const sent = Date.now();
    await device.write(LOGIN);
    const row = page.locator('[data-testid="frame-row"]').first();
    await row.locator('[data-col="protocol"]', { hasText: 'gt06' }).waitFor({ timeout: 2000 });
    expect(Date.now() - sent).toBeLessThan(2000);
    await expect.poll(() => row.locator('[data-col="device"]').textContent()).toContain('123456789012345');
    expect(await row.locator('[data-col="type"]').textContent()).toContain('login');
    await device.write(LOCATION);
    await page.locator('[data-testid="frame-row"]').nth(3).waitFor({ timeout: 2000 });
    await device.close();
  });

  it('clicking the IMEI field highlights exactly its 8 bytes; clicking a byte selects its field', async () => {
    await page.locator('[data-testid="frame-row"]').first().click();
    const imei = page.locator('[data-testid="field-node"][data-field-id="gt06.login.imei"]');
    await imei.waitFor();
    await imei.click();
    await expect.poll(async () => page.locator('[data-testid="hex-byte"][data-selected="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await page.locator('[data-testid="field-node"][data-selected="true"]').getAttribute('data-field-id')).toBe('gt06.login.imei');

    await page.locator('[data-testid="hex-byte"][data-offset="14"]').click();
    await expect.poll(() => page.locator('[data-testid="field-node"][data-selected="true"]').getAttribute('data-field-id')).toBe('gt06.crc');
    await imei.click();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('[data-testid="frame-row"]').nth(2).hover();
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-login.png') });
  });

  it('shows the detection candidates with evidence', async () => {
    const c = page.locator('[data-testid="candidate"][data-protocol="gt06"]');
    await c.waitFor();
    expect(await c.textContent()).toMatch(/CRC-16\/X-25 ok/);
  });
});
