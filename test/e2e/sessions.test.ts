// End-to-end: the sessions and devices panel, per-session responder, filters, recorder and
// limits — web mode from the built CLI, real Chromium, two real TCP devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort, tcpClient, waitFor } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
// GT06 logins of two devices and a heartbeat (status 0x13), from the corpus (Gt06ProtocolDecoderTest).
const IMEI_A = '123456789012345';
const LOGIN_A = '78780d01012345678901234500018cdd0d0a';
const IMEI_B = '864717003283581';
const LOGIN_B = '78780d01086471700328358100093f040d0a';
const HEARTBEAT = '78780a130604ea04000006bc8a0d0a';
/** How long a device waits to be sure no answer is coming. */
const QUIET_MS = 600;

type Device = Awaited<ReturnType<typeof tcpClient>>;

describe('web mode in Chromium: sessions, devices and the responder', () => {
  let proc: ChildProcess;
  let devicePort: number;
  let recordDir: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const devices: Device[] = [];
  let a: Device;
  let b: Device;
  let sessionA = '';
  let sessionB = '';

  const sessionRow = (id: string) => page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
  const frameSessions = () => page.locator('[data-testid="frame-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
  const connect = async () => {
    const d = await tcpClient(devicePort);
    devices.push(d);
    return d;
  };

  beforeAll(async () => {
    devicePort = await freePort();
    recordDir = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-rec-'));
    const started = await startCli(
      ['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--record', recordDir, '--max-connections', '2'],
      /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    );
    proc = started.proc;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(started.match[1]!);
    await page.getByTestId('status-listeners').waitFor();
  });

  afterAll(async () => {
    for (const d of devices) d.sock.destroy();
    await browser?.close();
    if (proc) await stop(proc);
    if (recordDir) rmSync(recordDir, { recursive: true, force: true });
  });

  it('shows both sessions with their device ids and counters', async () => {
    a = await connect();
    await a.write(LOGIN_A);
    b = await connect();
    await b.write(LOGIN_B);

    const rowA = page.locator(`[data-testid="session-row"][data-device-id="${IMEI_A}"]`);
    const rowB = page.locator(`[data-testid="session-row"][data-device-id="${IMEI_B}"]`);
    await rowA.waitFor({ timeout: 3000 });
    await rowB.waitFor({ timeout: 3000 });
    sessionA = (await rowA.getAttribute('data-session-id'))!;
    sessionB = (await rowB.getAttribute('data-session-id'))!;
    expect(sessionA).not.toBe(sessionB);

    for (const row of [rowA, rowB]) {
      await expect.poll(() => row.getAttribute('data-answers')).toBe('1');
      expect(await row.getAttribute('data-state')).toBe('open');
      expect(await row.getAttribute('data-frames-up')).toBe('1');
      expect(await row.getAttribute('data-frames-down')).toBe('1');
      expect(await row.locator('[data-col="frames"]').textContent()).toBe('↑1 ↓1');
      expect(await row.locator('[data-col="bytes"]').textContent()).toMatch(/^↑18 B ↓10 B$/);
      expect(await row.locator('[data-col="transport"]').textContent()).toBe('TCP');
      expect(await row.locator('[data-testid="session-protocol"]').getAttribute('data-value')).toBe('gt06');
      expect(await row.locator('[data-testid="session-responder"]').getAttribute('data-value')).toBe('global');
    }
    expect(await rowA.locator('[data-col="device"]').textContent()).toBe(IMEI_A);
    // Both devices got their login ACK.
    expect(a.received().length).toBeGreaterThan(0);
    expect(b.received().length).toBeGreaterThan(0);
  });

  it('clicking a session shows only its frames; Esc shows all again; the keyboard does the same', async () => {
    await sessionRow(sessionA).locator('[data-col="source"]').click();
    const chip = page.getByTestId('filter-chip');
    await chip.waitFor();
    expect(await chip.getAttribute('data-value')).toBe(sessionA);
    expect(await chip.textContent()).toContain(IMEI_A);
    await expect.poll(frameSessions).toEqual([sessionA, sessionA]);
    expect(await sessionRow(sessionA).getAttribute('aria-selected')).toBe('true');

    // Frames of the other device arrive but stay out of the filtered list.
    const bBefore = b.received().length;
    await b.write(HEARTBEAT);
    await waitFor(() => b.received().length > bBefore, 3000, 'the heartbeat ACK to device B');
    await expect.poll(() => sessionRow(sessionB).getAttribute('data-frames-up')).toBe('2');
    expect(await frameSessions()).toEqual([sessionA, sessionA]);

    await page.keyboard.press('Escape');
    await chip.waitFor({ state: 'detached' });
    await expect.poll(async () => (await frameSessions()).length).toBe(6);

    // Keyboard: the grid takes focus, Home puts the cursor on the first session, Enter filters.
    await page.getByTestId('session-grid').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await chip.waitFor();
    expect(await chip.getAttribute('data-value')).toBe(sessionA);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => chip.getAttribute('data-value')).toBe(sessionB);
    await expect.poll(frameSessions).toEqual([sessionB, sessionB, sessionB, sessionB]);
    // Tab reaches the cursor row's selectors.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('session-protocol');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="session-row"]')?.getAttribute('data-session-id'))).toBe(sessionB);
    await page.getByTestId('filter-clear').click();
    await chip.waitFor({ state: 'detached' });
  });

  it('a session set to silent gets no answer while the other device still gets its ACK', async () => {
    await sessionRow(sessionA).locator('[data-col="source"]').click();
    await sessionRow(sessionA).locator('[data-testid="session-responder"]').selectOption('silent');
    await expect.poll(() => sessionRow(sessionA).getAttribute('data-responder')).toBe('silent');
    expect(await sessionRow(sessionB).getAttribute('data-responder')).toBe('global');

    const aBefore = a.received().length;
    const bBefore = b.received().length;
    await a.write(HEARTBEAT);
    await b.write(HEARTBEAT);
    await waitFor(() => b.received().length > bBefore, 3000, 'the heartbeat ACK to device B');
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(a.received().length).toBe(aBefore);

    await expect.poll(() => sessionRow(sessionA).getAttribute('data-frames-up')).toBe('2');
    expect(await sessionRow(sessionA).getAttribute('data-answers')).toBe('1');
    await expect.poll(() => sessionRow(sessionB).getAttribute('data-answers')).toBe('3');
    // The filtered list takes the new frame of its session live.
    await expect.poll(frameSessions).toEqual([sessionA, sessionA, sessionA]);
  });

  it('a device that reconnects stays one device with two sessions', async () => {
    await a.close();
    await expect.poll(() => sessionRow(sessionA).getAttribute('data-state'), { timeout: 3000 }).toBe('closed');
    const a2 = await connect();
    await a2.write(LOGIN_A);
    const reopened = page.locator(`[data-testid="session-row"][data-device-id="${IMEI_A}"][data-state="open"]`);
    await reopened.waitFor({ timeout: 3000 });
    const sessionA2 = (await reopened.getAttribute('data-session-id'))!;
    expect(sessionA2).not.toBe(sessionA);
    // The new session follows the global responder again: it got its login ACK.
    await waitFor(() => a2.received().length > 0, 3000, 'the login ACK on the new connection');

    await page.getByTestId('tab-devices').click();
    const deviceA = page.locator(`[data-testid="device-row"][data-device-id="${IMEI_A}"]`);
    await deviceA.waitFor();
    await expect.poll(() => deviceA.getAttribute('data-session-count')).toBe('2');
    expect(await deviceA.getAttribute('data-online')).toBe('true');
    expect(await deviceA.locator('[data-testid="device-session"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).toEqual([sessionA, sessionA2]);
    const deviceB = page.locator(`[data-testid="device-row"][data-device-id="${IMEI_B}"]`);
    expect(await deviceB.getAttribute('data-session-count')).toBe('1');

    // The device's frames come from both its sessions.
    await deviceA.locator('[data-col="device"]').click();
    const chip = page.getByTestId('filter-chip');
    await expect.poll(() => chip.getAttribute('data-value')).toBe(IMEI_A);
    expect(await chip.getAttribute('data-kind')).toBe('device');
    await expect.poll(async () => [...new Set(await frameSessions())].sort()).toEqual([sessionA, sessionA2].sort());
    expect((await frameSessions()).length).toBe(5);

    // A session chip narrows it to that session.
    await deviceA.locator(`[data-testid="device-session"][data-session-id="${sessionA2}"]`).click();
    await expect.poll(() => chip.getAttribute('data-value')).toBe(sessionA2);
    await expect.poll(frameSessions).toEqual([sessionA2, sessionA2]);
  });

  it('the status bar shows the recording, offers its path to copy in web mode, and counts refused connections', async () => {
    const recorder = page.getByTestId('recorder');
    expect(await recorder.getAttribute('data-state')).toBe('recording');
    expect(await page.getByTestId('recorder-path').textContent()).toMatch(/\.pcapng$/);
    await expect.poll(async () => Number((await page.getByTestId('recorder-counts').textContent())?.match(/^([\d,]+) packets?/)?.[1]?.replace(/,/g, '') ?? 0)).toBeGreaterThan(0);
    await page.getByTestId('recorder-open').click();
    await page.getByTestId('recorder-copy').waitFor();
    const fullPath = (await page.getByTestId('recorder-path').textContent())!;
    expect(fullPath.startsWith(recordDir)).toBe(true);
    await page.getByTestId('recorder-copy').click();
    await expect.poll(() => page.getByTestId('recorder-copy').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fullPath);

    // Two connections are open (B and A's second): a third is refused at the limit of 2.
    const third = await connect();
    third.sock.on('error', () => undefined);
    await new Promise<void>((r) => (third.sock.destroyed ? r() : third.sock.once('close', () => r())));
    await expect.poll(() => page.getByTestId('limit-events').textContent(), { timeout: 3000 }).toContain('1 connection refused (limit 2)');
    expect(await page.getByTestId('recorder-warning').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sessions-devices.png') });
  });

  it('the global responder applies to sessions without their own', async () => {
    await page.getByTestId('tab-sessions').click();
    const global = page.getByTestId('global-responder');
    await global.selectOption('silent');
    await expect.poll(() => global.getAttribute('data-value')).toBe('silent');
    const bBefore = b.received().length;
    await b.write(HEARTBEAT);
    await expect.poll(() => sessionRow(sessionB).getAttribute('data-frames-up'), { timeout: 3000 }).toBe('4');
    await new Promise((r) => setTimeout(r, QUIET_MS));
    expect(b.received().length).toBe(bBefore);
    await global.selectOption('answer');
    await expect.poll(() => global.getAttribute('data-value')).toBe('answer');
  });

  it('a delay typed for a session holds its answers back that long', async () => {
    const responder = sessionRow(sessionB).locator('[data-testid="session-responder"]');
    await responder.selectOption('delay');
    const delay = sessionRow(sessionB).locator('[data-testid="session-responder-delay"]');
    await expect.poll(() => delay.inputValue()).toBe('1000');
    await delay.fill('400');
    await delay.press('Enter');
    await expect.poll(() => responder.getAttribute('title')).toBe('Delay 400 ms');
    const bBefore = b.received().length;
    const sent = Date.now();
    await b.write(HEARTBEAT);
    await waitFor(() => b.received().length > bBefore, 3000, 'the delayed heartbeat ACK');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(350);
    await responder.selectOption('global');
    await expect.poll(() => sessionRow(sessionB).getAttribute('data-responder')).toBe('global');
  });

  it('"decode as" forces a protocol on a live session and goes back to detection', async () => {
    const select = sessionRow(sessionB).locator('[data-testid="session-protocol"]');
    await select.selectOption('h02');
    await expect.poll(() => select.getAttribute('data-value')).toBe('h02');
    expect(await select.inputValue()).toBe('h02');
    await select.selectOption('');
    await expect.poll(() => select.inputValue()).toBe('');
    // A closed session keeps its protocol: nothing to decode any more.
    expect(await sessionRow(sessionA).locator('[data-testid="session-protocol"]').isDisabled()).toBe(true);
  });

  it('shows no page errors (screenshot of a session filter with a frame open)', async () => {
    await sessionRow(sessionB).locator('[data-col="source"]').click();
    await page.locator('[data-testid="frame-row"]').nth(2).click();
    await page.locator('[data-testid="field-node"]').first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sessions.png') });
    expect(errors).toEqual([]);
  });
});
