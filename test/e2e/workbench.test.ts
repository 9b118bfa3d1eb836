// End-to-end: the analyser workbench in the browser — web mode from the built CLI, real Chromium.
// A capture of 30,000 frames written in the test (the list pages it from the engine), the time
// formats, Go to frame, Find, tree ↔ hex, and a simulated device arriving live with its track.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort } from '../helpers/net';
import { writeTrafficCapture, type DeviceTraffic } from '../bench/traffic';
import { getSimProtocol, runSimulation } from '../../src-main/engine/simulate/index';
import { fixAt } from '../../src-main/engine/simulate/route';
import type { SimDevice } from '../../src-main/engine/simulate/protocols/types';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const FRAMES = 30_000;
const PROTOCOLS = ['gt06', 'jt808', 'h02', 'teltonika'];

/** Device `n` of the capture: its login, then positions ten seconds apart (as many as asked). */
function device(n: number, startMs: number): DeviceTraffic {
  const sim = getSimProtocol(PROTOCOLS[n % PROTOCOLS.length]!)!;
  const dev: SimDevice = { n, id: sim.deviceId(n), transport: 'tcp', serial: sim.firstSerial ?? 0 };
  const out = [...sim.login(dev, new Date(startMs))];
  for (let i = 0; i < 150; i++) out.push(sim.position(dev, fixAt(n, i * 10, new Date(startMs + i * 10_000))));
  return { protocol: sim.id, frames: out.map((f) => f.bytes)[Symbol.iterator]() };
}

describe('web mode in Chromium: the workbench', () => {
  let proc: ChildProcess;
  let work: string;
  let capture: string;
  let devicePort: number;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const grid = () => page.locator('[role=grid][aria-label=Frames]');
  const rowCount = async () => Number(await grid().getAttribute('aria-rowcount')) - 1;
  const selectedRow = () => page.locator('[data-testid="frame-row"][aria-selected="true"]');
  const selectedId = async () => Number(await selectedRow().first().getAttribute('data-frame-id'));

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-workbench-'));
    capture = path.join(work, 'fleet.pcapng');
    const written = writeTrafficCapture(capture, { device, maxFrames: FRAMES, concurrent: 8 });
    expect(written.frames).toBe(FRAMES);
    devicePort = await freePort();
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--record', path.join(work, 'rec')], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    proc = started.proc;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(started.match[1]!);
    await page.getByTestId('status-listeners').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (proc) await stop(proc);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens a capture of 30,000 frames: all counted, the newest shown, the first reached with Home, the last with End', async () => {
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-dialog').waitFor();
    await page.getByTestId('open-path').fill(capture);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('capture-bar').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await expect.poll(rowCount, { timeout: 10_000 }).toBe(FRAMES);
    // The list follows the newest frames while they arrive.
    await expect.poll(() => page.locator(`[data-testid="frame-row"][data-frame-id="${FRAMES}"]`).count()).toBe(1);
    const protocols = await page.locator('[data-testid="frame-row"] [data-col="protocol"]').evaluateAll((els) => [...new Set(els.map((e) => e.textContent))]);
    expect(protocols.every((p) => PROTOCOLS.includes(p ?? ''))).toBe(true);

    await grid().focus();
    await page.keyboard.press('Home');
    await expect.poll(selectedId).toBe(1);
    await page.keyboard.press('PageDown');
    await expect.poll(selectedId).toBeGreaterThan(10);
    await page.keyboard.press('End');
    await expect.poll(selectedId).toBe(FRAMES);
    // Rows still loading show as placeholders only for a moment.
    await expect.poll(() => page.locator('[data-testid="frame-row-pending"]').count()).toBe(0);
  });

  it('scrolls to the middle by the scrollbar and the rows there load', async () => {
    await grid().evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    const shownIds = () => page.locator('[data-testid="frame-row"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame-id'))).sort((a, b) => a - b));
    await expect.poll(async () => (await shownIds()).at(-1)).toBeLessThan(FRAMES * 0.6);
    await expect.poll(() => page.locator('[data-testid="frame-row-pending"]').count()).toBe(0);
    const ids = await shownIds();
    expect(ids[0]).toBeGreaterThan(FRAMES * 0.4);
    expect(ids[ids.length - 1]).toBeLessThan(FRAMES * 0.6);
    // Consecutive: no row missing, none twice.
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1)).toBe(true);
  });

  it('Ctrl+G goes to a frame by number; a number out of range is refused', async () => {
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill('99999999');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('goto-error').textContent()).toBe(`There are frames 1 to ${FRAMES}`);
    await page.getByTestId('goto-input').fill('12345');
    await page.keyboard.press('Enter');
    await expect.poll(selectedId).toBe(12345);
    expect(await page.getByTestId('goto-bar').count()).toBe(0);
    // The keyboard goes on from there.
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedId).toBe(12346);
  });

  it('switches the time column: time of day, seconds since the first frame, since the row above', async () => {
    const timeOf = (id: number) => page.locator(`[data-testid="frame-row"][data-frame-id="${id}"] [data-col="time"]`).textContent();
    expect(await timeOf(12346)).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await page.getByTestId('time-mode').selectOption('relative');
    expect(await timeOf(12346)).toMatch(/^\d+\.\d{3}$/);
    await page.getByTestId('time-mode').selectOption('delta');
    const delta = Number(await timeOf(12346));
    expect(delta).toBeGreaterThanOrEqual(0);
    expect(delta).toBeLessThan(60);
    await page.getByTestId('time-mode').selectOption('absolute');
  });

  it('Ctrl+F finds the next frame by text, by hex bytes and by display filter, wrapping around', async () => {
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('teltonika');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-message').textContent()).toMatch(/^Frame \d+/);
    const first = await selectedId();
    expect(first).toBeGreaterThan(12346);
    expect(await selectedRow().locator('[data-col="protocol"]').textContent()).toBe('teltonika');
    await page.keyboard.press('Enter');
    await expect.poll(selectedId).toBeGreaterThan(first);
    await page.keyboard.press('Shift+Enter');
    await expect.poll(selectedId).toBe(first);

    await page.getByTestId('find-mode').selectOption('hex');
    await page.getByTestId('find-input').fill('78 78');
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(async () => selectedRow().locator('[data-col="protocol"]').textContent()).toBe('gt06');

    await page.getByTestId('find-mode').selectOption('filter');
    await page.getByTestId('find-input').fill('protocol == jt808 && direction == down');
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(async () => selectedRow().getAttribute('class')).toMatch(/frame-row--down/);
    expect(await selectedRow().locator('[data-col="protocol"]').textContent()).toBe('jt808');

    await page.getByTestId('find-mode').selectOption('text');
    await page.getByTestId('find-input').fill('no-such-thing-anywhere');
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(() => page.getByTestId('find-message').textContent()).toBe('No match');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('find-bar').count()).toBe(0);
  });

  it('a display filter over 30,000 frames: the count, only matching rows, the selection kept when it matches', async () => {
    const gt06 = await page.locator('[data-testid="frame-row"][aria-selected="true"]').getAttribute('data-frame-id');
    expect(gt06).not.toBeNull();
    await page.getByTestId('display-filter').fill('protocol == jt808');
    await page.getByTestId('display-filter').press('Enter');
    await expect.poll(() => page.getByTestId('display-filter-count').getAttribute('data-counted')).toBe('true');
    const count = Number((await page.getByTestId('display-filter-count').textContent())!.replace(/\D/g, ''));
    expect(count).toBeGreaterThan(FRAMES / 8);
    expect(count).toBeLessThan(FRAMES / 2);
    await expect.poll(rowCount).toBe(count);
    await expect.poll(() => page.locator('[data-testid="frame-row-pending"]').count()).toBe(0);
    const shown = await page.locator('[data-testid="frame-row"] [data-col="protocol"]').evaluateAll((els) => [...new Set(els.map((e) => e.textContent))]);
    expect(shown).toEqual(['jt808']);
    // End reaches the last matching frame.
    await grid().focus();
    await page.keyboard.press('End');
    await expect.poll(async () => selectedRow().locator('[data-col="protocol"]').textContent()).toBe('jt808');
    const lastMatch = await selectedId();
    expect(lastMatch).toBeGreaterThan(FRAMES - 50);
    await page.getByTestId('display-filter').fill('');
    await page.getByTestId('display-filter').press('Enter');
    await expect.poll(rowCount).toBe(FRAMES);
    // The selection stays and stays in view.
    await expect.poll(selectedId).toBe(lastMatch);
  });

  it('selecting a frame links tree and hex both ways', async () => {
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill('1');
    await page.keyboard.press('Enter');
    await expect.poll(selectedId).toBe(1);
    const node = page.locator('[data-testid="field-node"]').filter({ has: page.locator(':scope[data-start]') }).nth(2);
    await node.waitFor();
    const start = Number(await node.getAttribute('data-start'));
    const end = Number(await node.getAttribute('data-end'));
    await node.click();
    await expect
      .poll(() => page.locator('[data-testid="hex-byte"][data-selected="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset')))))
      .toEqual(Array.from({ length: end - start }, (_, i) => start + i));
    await page.locator(`[data-testid="hex-byte"][data-offset="${start}"]`).click();
    const chosen = page.locator('[data-testid="field-node"][data-selected="true"]');
    await expect.poll(async () => Number(await chosen.getAttribute('data-start'))).toBeLessThanOrEqual(start);
    expect(Number(await chosen.getAttribute('data-end'))).toBeGreaterThan(start);
  });

  it('a live simulated device appears in the sidebar within a second, its frames arrive, and the track plot draws its route', async () => {
    const abort = new AbortController();
    const t0 = Date.now();
    const run = runSimulation({ protocol: 'gt06', devices: 1, intervalSec: 0.3, host: '127.0.0.1', port: devicePort, durationSec: 4, signal: abort.signal });
    try {
      // The capture's 120 sessions are closed: the open ones alone show the live device.
      await page.getByTestId('tab-sessions').click();
      await page.getByTestId('sessions-open-only').check();
      const id = getSimProtocol('gt06')!.deviceId(0);
      const row = page.locator(`[data-testid="session-row"][data-device-id="${id}"]`);
      await row.waitFor({ timeout: 5000 });
      expect(Date.now() - t0).toBeLessThan(1000 + 500); // within a second of connecting, plus the poll
      // Its frames join the list while the list shows all frames.
      await expect.poll(rowCount, { timeout: 3000 }).toBeGreaterThan(FRAMES);
      await row.click();
      await expect.poll(() => page.getByTestId('filter-chip').getAttribute('data-kind')).toBe('session');
      const plot = page.getByTestId('track-plot');
      await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 6000 }).toBeGreaterThanOrEqual(4);
      await run;
      // Click a point of the route: its frame is selected.
      await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 3000 }).toBeGreaterThanOrEqual(8);
      const route = JSON.parse((await plot.getAttribute('data-route'))!) as Array<{ frameId: number; x: number; y: number }>;
      expect(route.length).toBeGreaterThanOrEqual(4);
      const target = route[Math.floor(route.length / 2)]!;
      const canvas = page.getByTestId('track-canvas');
      await canvas.click({ position: { x: target.x, y: target.y } });
      await expect.poll(selectedId).toBe(target.frameId);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'workbench.png') });
    } finally {
      abort.abort();
      await run.catch(() => undefined);
    }
  });

  it('shows no page errors', () => {
    expect(errors).toEqual([]);
  });
});
