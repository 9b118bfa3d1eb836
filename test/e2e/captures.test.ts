// End-to-end: capture files, exports and a live capture in the browser UI — web mode from the
// built CLI, real Chromium, real files read by the engine, exports read back by tshark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PcapngMemoryWriter } from '../../src-main/engine/pcapng/writer';
import { TcpFlowSynth, udpDatagram } from '../../src-main/engine/pcapng/synth';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort, tcpClient, waitFor } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const SAMPLE = path.join(ROOT, 'samples', 'gt06-session.pcap');
// GT06 login and its ACK, a heartbeat (status 0x13), from the corpus (Gt06ProtocolDecoderTest).
const LOGIN = '78780d01012345678901234500018cdd0d0a';
const LOGIN_ACK = '787805010001d9dc0d0a';
const HEARTBEAT = '78780a130604ea04000006bc8a0d0a';
const IMEI = '123456789012345';

/** Packets tshark counts in a capture file (it must read the file without error). */
function tsharkPackets(file: string): number {
  const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l.trim()).length;
}

/** A pcapng of a GT06 connection next to an HTTP connection and a DNS query (not tracker traffic). */
function mixedCapture(): Uint8Array {
  const gt06 = new TcpFlowSynth({ address: '10.0.0.2', port: 40000 }, { address: '10.0.0.1', port: 5023 });
  const http = new TcpFlowSynth({ address: '10.0.0.9', port: 50000 }, { address: '10.0.0.80', port: 80 });
  const hex = (h: string) => Buffer.from(h, 'hex');
  const frames = [
    ...gt06.open(),
    ...gt06.data('up', hex(LOGIN)),
    ...gt06.data('down', hex(LOGIN_ACK)),
    ...http.open(),
    ...http.data('up', Buffer.from('GET /status HTTP/1.1\r\nHost: 10.0.0.80\r\n\r\n')),
    ...http.data('down', Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')),
    ...gt06.data('up', hex(HEARTBEAT)),
    ...http.close(),
    ...gt06.close(),
  ].map((f) => f.bytes);
  frames.push(udpDatagram({ address: '10.0.0.2', port: 53000 }, { address: '10.0.0.53', port: 53 }, hex('abcd01000001000000000000076578616d706c6503636f6d0000010001')));
  const w = new PcapngMemoryWriter();
  w.addInterface({ name: 'test' });
  const t0 = 1_700_000_000_000_000_000n;
  w.writePackets(frames.map((data, i) => ({ interfaceId: 0, timestampNs: t0 + BigInt(i) * 10_000_000n, data })));
  return w.take();
}

/** Whether this machine can capture live: root and the optional `cap` module built. */
function canCaptureLive(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    createRequire(path.join(ROOT, 'package.json'))('cap');
    return true;
  } catch {
    return false;
  }
}

describe('web mode in Chromium: capture files, exports, live capture', () => {
  let proc: ChildProcess;
  let devicePort: number;
  let recordDir: string;
  let work: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let sampleJob = '';

  const rows = () => page.locator('[data-testid="frame-row"]');
  const rowData = () =>
    rows().evaluateAll((els) =>
      els.map((e) => ({ session: e.getAttribute('data-session-id') ?? '', protocol: e.querySelector('[data-col="protocol"]')?.textContent ?? '', type: e.querySelector('[data-col="type"]')?.textContent ?? '' })),
    );
  const bar = () => page.getByTestId('capture-bar');

  /** Open a file through the web dialog's path box (keyboard: Ctrl+O, type, Enter). */
  async function openByPath(file: string): Promise<void> {
    await page.keyboard.press('Control+o');
    const dialog = page.getByTestId('open-dialog');
    await dialog.waitFor();
    // The path box has the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-path');
    await page.getByTestId('open-path').fill(file);
    await page.keyboard.press('Enter');
  }

  beforeAll(async () => {
    devicePort = await freePort();
    recordDir = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-rec-'));
    work = mkdtempSync(path.join(tmpdir(), 'trackwire-e2e-captures-'));
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--record', recordDir], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
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
    await browser?.close();
    if (proc) await stop(proc);
    for (const dir of [recordDir, work]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the path dialog offers the samples and reports a file that is not there', async () => {
    await page.getByTestId('open-capture').click();
    const dialog = page.getByTestId('open-dialog');
    await dialog.waitFor();
    const sample = page.locator('[data-testid="sample"][data-name="gt06-session.pcap"]');
    await sample.waitFor();
    expect(await sample.getAttribute('title')).toBe(SAMPLE);
    await page.getByTestId('open-path').fill(path.join(work, 'missing.pcap'));
    await page.getByTestId('open-submit').click();
    await expect.poll(() => page.getByTestId('open-error').textContent()).toContain('no such file');
    // Esc closes the dialog without touching anything else.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await bar().count()).toBe(0);
  });

  it('opens the sample by its path: its frames (gt06) as a session of their own, and the summary', async () => {
    await openByPath(SAMPLE);
    await page.getByTestId('open-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => bar().getAttribute('data-state'), { timeout: 5000 }).toBe('done');
    sampleJob = (await bar().getAttribute('data-job-id'))!;
    expect(sampleJob).toMatch(/^file\d+$/);

    const packets = tsharkPackets(SAMPLE);
    expect(await page.getByTestId('capture-title').textContent()).toBe('gt06-session.pcap: loaded');
    expect(await page.getByTestId('capture-packets').textContent()).toBe(`${packets} packets`);
    expect(await page.getByTestId('capture-frames').textContent()).toBe('8 frames');
    expect(await page.getByTestId('capture-flows').textContent()).toBe('1 flow');
    expect(await page.getByTestId('capture-gaps').textContent()).toBe('no gaps');
    expect(await page.getByTestId('capture-warning').count()).toBe(0);
    expect(await page.getByTestId('capture-nontracker').count()).toBe(0);

    await expect.poll(async () => (await rowData()).length).toBe(8);
    const data = await rowData();
    expect(new Set(data.map((r) => r.protocol))).toEqual(new Set(['gt06']));
    expect(new Set(data.map((r) => r.session))).toEqual(new Set([`${sampleJob}-1`]));
    expect(data.map((r) => r.type).slice(0, 2)).toEqual(['login', 'login ack']);

    // The flow is a (closed) session with the device learnt from its login, marked with its file.
    const session = page.locator(`[data-testid="session-row"][data-session-id="${sampleJob}-1"]`);
    await session.waitFor();
    expect(await session.getAttribute('data-state')).toBe('closed');
    expect(await session.getAttribute('data-device-id')).toBe(IMEI);
    expect(await session.locator('[data-testid="session-origin"]').textContent()).toBe(sampleJob);
    expect(await session.locator('[data-testid="session-origin"]').getAttribute('title')).toBe(`from ${SAMPLE}`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'captures-sample.png') });
  });

  it('a truncated copy says where reading stopped, with what came before it loaded', async () => {
    const whole = readFileSync(SAMPLE);
    const cut = Math.floor(whole.length * 0.6);
    const truncated = path.join(work, 'gt06-truncated.pcap');
    writeFileSync(truncated, whole.subarray(0, cut));
    await openByPath(truncated);
    await expect.poll(() => bar().getAttribute('data-state'), { timeout: 5000 }).toBe('error');
    const job = (await bar().getAttribute('data-job-id'))!;
    expect(job).not.toBe(sampleJob);
    const warning = (await page.getByTestId('capture-warning').textContent())!;
    expect(warning).toMatch(/stopped at byte ([\d,]+): .+ — everything before it was loaded$/);
    const at = Number(warning.match(/stopped at byte ([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(at).toBeGreaterThan(24);
    expect(at).toBeLessThanOrEqual(cut);
    expect(await page.getByTestId('capture-title').textContent()).toBe('gt06-truncated.pcap: damaged');
    // The frames before the cut are in the list, as their own session.
    const frames = Number((await page.getByTestId('capture-frames').textContent())!.match(/^(\d+)/)![1]);
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(8);
    await expect.poll(async () => (await rowData()).filter((r) => r.session === `${job}-1` && r.protocol === 'gt06').length).toBe(frames);
    await page.screenshot({ path: path.join(ARTIFACTS, 'captures-damaged.png') });
  });

  it('lists the flows that are not tracker traffic, with ports and byte counts, in a list that opens', async () => {
    const mixed = path.join(work, 'mixed.pcapng');
    writeFileSync(mixed, mixedCapture());
    await openByPath(mixed);
    await expect.poll(() => bar().getAttribute('data-state'), { timeout: 5000 }).toBe('done');
    expect(await page.getByTestId('capture-packets').textContent()).toBe(`${tsharkPackets(mixed)} packets`);
    expect(await page.getByTestId('capture-frames').textContent()).toBe('3 frames');
    const other = page.getByTestId('capture-nontracker');
    expect(await other.locator('summary').textContent()).toBe('2 flows are not tracker traffic');
    const flows = other.locator('[data-testid="capture-flow"]');
    expect(await flows.first().isVisible()).toBe(false);
    await other.locator('summary').click();
    await expect.poll(() => flows.first().isVisible()).toBe(true);
    const texts = await flows.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts.find((t) => t.startsWith('TCP 10.0.0.9:50000 → 10.0.0.80:80'))).toMatch(/ · \d+ packets · \d+ B$/);
    expect(texts.find((t) => t.startsWith('UDP 10.0.0.2:53000 → 10.0.0.53:53'))).toBe('UDP 10.0.0.2:53000 → 10.0.0.53:53 · 1 packet · 29 B');
    await page.screenshot({ path: path.join(ARTIFACTS, 'captures-other-flows.png') });
    await page.getByTestId('capture-dismiss').click();
    await bar().waitFor({ state: 'detached' });
  });

  it("exports the sample's session as NDJSON (scope: the session filter) and shows path, count and size", async () => {
    await page.locator(`[data-testid="session-row"][data-session-id="${sampleJob}-1"] [data-col="source"]`).click();
    await expect.poll(() => page.getByTestId('filter-chip').getAttribute('data-value')).toBe(`${sampleJob}-1`);
    await expect.poll(async () => (await rowData()).length).toBe(8);

    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('export-dialog').waitFor();
    // Several frames are not selected: the filter is offered first.
    expect(await page.locator('[data-testid="export-scope"][value="filter"]').isChecked()).toBe(true);
    await page.locator('[data-testid="export-format"][value="ndjson"]').check();
    const target = path.join(work, 'session.ndjson');
    await page.getByTestId('export-path').fill(target);
    await page.getByTestId('export-submit').click();
    const result = page.getByTestId('export-result');
    await result.waitFor();
    expect(await page.getByTestId('export-result-path').textContent()).toBe(target);
    expect(await result.getAttribute('data-frames')).toBe('8');
    expect(Number(await result.getAttribute('data-bytes'))).toBe(statSync(target).size);
    expect(await result.textContent()).toMatch(/^Wrote 8 frames · [\d.]+ (B|KiB) to/);

    const lines = readFileSync(target, 'utf8').split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ protocol: 'gt06' });

    await page.getByTestId('export-copy').click();
    await expect.poll(() => page.getByTestId('export-copy').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(target);
    await page.screenshot({ path: path.join(ARTIFACTS, 'captures-export.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    // Esc in the dialog closed only the dialog: the filter stays.
    expect(await page.getByTestId('filter-chip').getAttribute('data-value')).toBe(`${sampleJob}-1`);
  });

  it('exports the frames selected with Shift+click as pcapng, which tshark reads', async () => {
    await rows().nth(0).click();
    await rows().nth(3).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-testid="frame-row"][aria-selected="true"]').count()).toBe(4);
    // Ctrl+click takes one out again.
    await rows().nth(2).click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('[data-testid="frame-row"][aria-selected="true"]').count()).toBe(3);
    const selected = await page.locator('[data-testid="frame-row"][aria-selected="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-frame-id'))));

    await page.getByTestId('export-frames').click();
    await page.getByTestId('export-dialog').waitFor();
    expect(await page.locator('[data-testid="export-scope"][value="selection"]').isChecked()).toBe(true);
    expect(await page.locator('label', { has: page.locator('[data-testid="export-scope"][value="selection"]') }).textContent()).toBe('Selected frames (3 frames)');
    await page.locator('[data-testid="export-format"][value="pcapng"]').check();
    // The typed path follows the format.
    await page.getByTestId('export-path').fill(path.join(work, 'selection.ndjson'));
    await page.locator('[data-testid="export-format"][value="csv"]').check();
    await page.locator('[data-testid="export-format"][value="pcapng"]').check();
    const target = path.join(work, 'selection.pcapng');
    expect(await page.getByTestId('export-path').inputValue()).toBe(target);
    await page.getByTestId('export-submit').click();
    await page.getByTestId('export-result').waitFor();
    expect(await page.getByTestId('export-result').getAttribute('data-frames')).toBe(String(selected.length));
    expect(statSync(target).size).toBeGreaterThan(0);
    expect(tsharkPackets(target)).toBeGreaterThanOrEqual(selected.length);
    await page.getByTestId('export-dialog-close').click();
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('filter-clear').click();
  });

  it.skipIf(!canCaptureLive())('captures live on lo with a filter on the device port: a GT06 login sent to it appears', async () => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('live-dialog').waitFor();
    const lo = page.locator('[data-testid="live-interface"][data-name="lo"] input');
    await lo.waitFor();
    await lo.check();
    await page.getByTestId('live-filter').fill(`tcp port ${devicePort}`);
    await page.getByTestId('live-start').click();
    const running = page.getByTestId('live-running');
    await running.waitFor();
    const job = (await running.getAttribute('data-job-id'))!;
    expect(job).toMatch(/^live\d+$/);
    expect(await running.textContent()).toContain(`lo (tcp port ${devicePort})`);
    await page.keyboard.press('Escape');
    await page.getByTestId('live-dialog').waitFor({ state: 'detached' });

    const status = page.getByTestId('live-status');
    await status.waitFor();
    expect(await page.getByTestId('live-capture').locator('.rec-dot').count()).toBe(1);

    const device = await tcpClient(devicePort);
    await device.write(LOGIN);
    await waitFor(() => device.received().length > 0, 3000, 'the login ACK');
    // The listener's session and the capture's both show the login; the capture's is `<job>-1`.
    await expect
      .poll(async () => (await rowData()).filter((r) => r.session.startsWith(`${job}-`) && r.protocol === 'gt06').map((r) => r.type), { timeout: 5000 })
      .toEqual(['login', 'login ack']);
    await expect.poll(() => page.getByTestId('live-counts').textContent(), { timeout: 5000 }).toMatch(/^[1-9]\d* packets? · 2 frames$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'captures-live.png') });

    // Ctrl+E stops it.
    await page.locator('[role="grid"][aria-label="Frames"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+e');
    await status.waitFor({ state: 'detached' });
    await device.close();
  });

  it('a capture filter that is not BPF is refused with the engine message, in the dialog', async () => {
    await page.getByTestId('live-capture').click();
    await page.getByTestId('live-dialog').waitFor();
    const error = page.getByTestId('live-error');
    await Promise.race([page.locator('[data-testid="live-interface"]').first().waitFor(), error.waitFor()]);
    if (await error.count()) {
      // No libpcap or no permission here: the message says how to fix it.
      expect(await error.textContent()).toMatch(/libpcap|cap|privileges|root/i);
    } else {
      await page.locator('[data-testid="live-interface"][data-name="lo"] input').check();
      await page.getByTestId('live-filter').fill('tcp port');
      await page.getByTestId('live-filter').press('Enter');
      await expect.poll(() => error.textContent()).toContain("the capture filter 'tcp port' is not valid BPF");
      expect(await page.getByTestId('live-status').count()).toBe(0);
    }
    await page.getByTestId('live-dialog-close').click();
    await page.getByTestId('live-dialog').waitFor({ state: 'detached' });
  });

  it("Decode as on a capture's session reads the file again with that flow decoded so, and shows it", async () => {
    if (await page.getByTestId('filter-clear').count()) await page.getByTestId('filter-clear').click();
    const select = page.locator(`[data-testid="session-row"][data-session-id="${sampleJob}-1"] [data-testid="session-protocol"]`);
    await select.waitFor();
    expect(await select.isDisabled()).toBe(false);
    expect(await select.getAttribute('title')).toMatch(/reads .*gt06-session\.pcap again with this flow decoded so/);
    await select.selectOption('h02');
    // The new reading's session of the same flow is what the list shows now.
    await expect.poll(() => page.getByTestId('filter-chip').getAttribute('data-value'), { timeout: 5000 }).toMatch(/^file\d+-1$/);
    const next = (await page.getByTestId('filter-chip').getAttribute('data-value'))!;
    expect(next).not.toBe(`${sampleJob}-1`);
    await expect.poll(async () => (await rowData()).length, { timeout: 5000 }).toBeGreaterThan(0);
    const data = await rowData();
    expect(data.every((r) => r.session === next)).toBe(true);
    // Not GT06 any more: the bytes are cut as H02 (which they are not, so flagged) or left undecoded.
    expect(data.some((r) => r.protocol === 'gt06')).toBe(false);
    const chosen = page.locator(`[data-testid="session-row"][data-session-id="${next}"] [data-testid="session-protocol"]`);
    await expect.poll(() => chosen.inputValue()).toBe('h02');
    await page.getByTestId('filter-clear').click();
  });

  it('shows no page errors', () => {
    expect(errors).toEqual([]);
  });
});
