// End-to-end: the command composer — web mode from the built CLI, real Chromium, a real GT06
// device on TCP. Monaco edits the command, the engine previews, sends and matches the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { crc16X25 } from '../../parsers/core/checksum';
import { ROOT, startCli, stop } from '../helpers/cli';
import { freePort, tcpClient, waitFor } from '../helpers/net';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'e2e', 'artifacts');
const IMEI = '123456789012345';
const LOGIN = '78780d01012345678901234500018cdd0d0a';

/** A GT06 0x15 string answer: 78 78 len 15 <len> <server flag> <text> <serial> <CRC-16/X-25> 0d 0a. */
function gt06TextReply(text: string, serial: number): string {
  const ascii = Buffer.from(text, 'ascii');
  const body = Buffer.concat([Buffer.from([0x15, 4 + ascii.length, 0, 0, 0, 1]), ascii, Buffer.from([serial >> 8, serial & 0xff])]);
  const withLength = Buffer.concat([Buffer.from([body.length + 2]), body]);
  const crc = crc16X25(withLength);
  return Buffer.concat([Buffer.from([0x78, 0x78]), withLength, Buffer.from([crc >> 8, crc & 0xff, 0x0d, 0x0a])]).toString('hex');
}

describe('web mode in Chromium: the command composer', () => {
  let proc: ChildProcess;
  let devicePort: number;
  let browser: Browser;
  let page: Page;
  let device: Awaited<ReturnType<typeof tcpClient>>;
  let sessionId = '';
  const errors: string[] = [];
  const blocked: string[] = [];

  const composer = () => page.getByTestId('composer');
  const preview = () => page.getByTestId('composer-preview');
  const commandRow = (id: string) => page.locator(`[data-testid="command-row"][data-command-id="${id}"]`);
  const selectedFrame = () => page.locator('[data-testid="frame-row"][aria-selected="true"]').getAttribute('data-frame-id');

  /** Replace the editor's text as if typed (Monaco's own textarea takes the input). */
  async function setEditorText(text: string): Promise<void> {
    await page.locator('[data-testid="composer-editor"] .monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  beforeAll(async () => {
    devicePort = await freePort();
    const started = await startCli(['web', '--listen', `127.0.0.1:${devicePort}`, '--port', '0', '--no-record'], /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    proc = started.proc;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A worker that cannot start makes Monaco fall back to the main thread, with a warning.
      if (/Content Security Policy|Refused to|web worker/i.test(m.text())) blocked.push(m.text());
    });
    // Nothing may come from outside this origin (Monaco from a CDN would).
    page.on('request', (r) => {
      if (!r.url().startsWith(started.match[1]!.replace(/\/\?token=.*$/, '')) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && !r.url().startsWith('ws:')) blocked.push(`request to ${r.url()}`);
    });
    await page.goto(started.match[1]!);
    await page.getByTestId('status-listeners').waitFor();
  });

  afterAll(async () => {
    device?.sock.destroy();
    await browser?.close();
    if (proc) await stop(proc);
  });

  it('loads Monaco only when the composer opens', async () => {
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.js(\?|$)/.test(n)));
    expect(scripts.some((s) => /ComposerPanel|editor\.api/.test(s))).toBe(false);
  });

  it('opens from a session row for its device, with the catalogue and a live preview of the bytes', async () => {
    device = await tcpClient(devicePort);
    await device.write(LOGIN);
    const row = page.locator(`[data-testid="session-row"][data-device-id="${IMEI}"]`);
    await row.waitFor({ timeout: 3000 });
    sessionId = (await row.getAttribute('data-session-id'))!;
    await expect.poll(() => row.getAttribute('data-answers')).toBe('1');

    await row.locator('[data-col="source"]').click({ button: 'right' });
    await page.getByTestId('session-menu-command').click();
    await composer().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('composer-session').inputValue()).toBe(sessionId);
    await page.locator('[data-testid="composer-editor"] .monaco-editor').waitFor({ timeout: 15_000 });
    const types = await page.getByTestId('command-type').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['engineStop', 'engineResume', 'positionPeriodic', 'custom']));

    // The first document is a positionPeriodic template, previewed at once.
    await preview().waitFor({ timeout: 5000 });
    expect(await preview().getAttribute('data-message-type')).toBeTruthy();

    await setEditorText('{ "type": "positionPeriodic", "attributes": { "frequency": 60 } }');
    const text = Buffer.from('TIMER,60,60#').toString('hex');
    await expect.poll(async () => (await preview().getAttribute('data-hex')) ?? '', { timeout: 5000 }).toContain(text);
    const hex = (await preview().getAttribute('data-hex'))!;
    expect(hex.startsWith('7878')).toBe(true);
    expect(hex.endsWith('0d0a')).toBe(true);
    const bytes = preview().locator('[data-testid="hex-byte"]');
    expect(await bytes.count()).toBe(hex.length / 2);
    expect(await preview().locator('[data-testid="field-node"]').count()).toBeGreaterThan(3);

    // Tree and hex are linked both ways, within the preview.
    const node = preview().locator('[data-testid="field-node"]').nth(1);
    await node.click();
    const [start, end] = [Number(await node.getAttribute('data-start')), Number(await node.getAttribute('data-end'))];
    await expect.poll(() => preview().locator('[data-testid="hex-byte"][data-selected="true"]').count()).toBe(end - start);
    await bytes.nth(hex.length / 2 - 1).click();
    await expect.poll(() => preview().locator('[data-testid="field-node"][data-selected="true"]').getAttribute('data-end')).toBe(String(hex.length / 2));
  });

  it('shows the engine refusing a bad attribute in red, and Monaco flags it from the schema', async () => {
    await setEditorText('{ "type": "positionPeriodic", "attributes": { "frequency": 1 } }');
    const error = page.getByTestId('composer-error');
    await error.waitFor({ timeout: 5000 });
    expect(await error.textContent()).toMatch(/frequency.*at least 5/);
    expect(await error.evaluate((e) => getComputedStyle(e).color)).toMatch(/rgb\((1[4-9]\d|2\d\d), \d{1,2}, \d{1,2}\)/);
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);
    // The JSON worker validates against the catalogue's schema: a squiggle under the value.
    await page.locator('[data-testid="composer-editor"] .squiggly-warning, [data-testid="composer-editor"] .squiggly-error').first().waitFor({ timeout: 10_000 });
  });

  it('saves the document as a named template and loads it back into the editor', async () => {
    await setEditorText('{ "type": "positionPeriodic", "attributes": { "frequency": 120 } }');
    await page.getByTestId('composer-template-name').fill('every two minutes');
    await page.getByTestId('composer-template-save').click();
    const pick = page.getByTestId('composer-template-pick');
    await expect.poll(() => pick.locator('option').allTextContents(), { timeout: 5000 }).toContain('every two minutes');
    await setEditorText('{ "type": "positionSingle", "attributes": {} }');
    await pick.selectOption('every two minutes');
    await expect.poll(() => page.getByTestId('composer-editor').textContent(), { timeout: 5000 }).toContain('120');
  });

  it('completes command types from the schema', async () => {
    await setEditorText('{ "type": "');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.monaco-editor .suggest-widget');
    await suggest.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => suggest.textContent(), { timeout: 5000 }).toContain('engineStop');
    await page.keyboard.press('Escape');
  });

  it('sends: the device gets the exact bytes, the command is sent and linked to its frame', async () => {
    await setEditorText('{ "type": "positionPeriodic", "attributes": { "frequency": 60 } }');
    await expect.poll(async () => (await preview().getAttribute('data-hex')) ?? '', { timeout: 5000 }).toContain(Buffer.from('TIMER,60,60#').toString('hex'));
    const previewHex = (await preview().getAttribute('data-hex'))!;
    const before = device.received().length;
    await page.getByTestId('composer-send').click();

    const row = page.locator('[data-testid="command-row"]').first();
    await row.waitFor({ timeout: 5000 });
    const id = (await row.getAttribute('data-command-id'))!;
    await expect.poll(() => commandRow(id).getAttribute('data-state'), { timeout: 5000 }).toBe('sent');
    await waitFor(() => device.received().length > before, 3000, 'the command at the device');
    const got = device.received().subarray(before).toString('hex');
    expect(got).toBe(previewHex);
    expect((await commandRow(id).getByTestId('command-hex').textContent())!.replace(/ /g, '')).toBe(got);

    const frameId = (await commandRow(id).getAttribute('data-frame-id'))!;
    expect(Number(frameId)).toBeGreaterThan(0);
    await commandRow(id).getByTestId('command-frame').click();
    await expect.poll(selectedFrame).toBe(frameId);
  });

  it('the device answers with a 0x15 text: the command is answered, its reply linked', async () => {
    const row = page.locator('[data-testid="command-row"]').first();
    const id = (await row.getAttribute('data-command-id'))!;
    await device.write(gt06TextReply('TIMER:60,60 OK', 2));
    await expect.poll(() => commandRow(id).getAttribute('data-state'), { timeout: 5000 }).toBe('answered');
    expect(await commandRow(id).getByTestId('command-state').textContent()).toBe('answered');
    expect(await commandRow(id).getByTestId('command-reply-text').textContent()).toBe('TIMER:60,60 OK');
    expect(await page.getByTestId('composer-sent').textContent()).toBe(`Command ${id} answered: TIMER:60,60 OK.`);
    const replyId = (await commandRow(id).getAttribute('data-reply-frame-id'))!;
    expect(Number(replyId)).toBeGreaterThan(Number(await commandRow(id).getAttribute('data-frame-id')));
    await commandRow(id).getByTestId('command-reply').click();
    await expect.poll(selectedFrame).toBe(replyId);
    await expect.poll(() => page.locator('.pane--decode .pane-title-main').textContent()).toContain(`Frame ${replyId}`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'composer.png') });
  });

  it('engineStop asks first; Cancel sends nothing, Send sends it confirmed', async () => {
    const rowsBefore = await page.getByTestId('command-row').count();
    await page.locator('[data-testid="command-type"][data-type="engineStop"]').click();
    await expect.poll(() => preview().getAttribute('data-hex'), { timeout: 5000 }).toContain(Buffer.from('Relay,1#').toString('hex'));
    await page.getByTestId('composer-send').click();
    const dialog = page.getByTestId('confirm-immobilise');
    await dialog.waitFor();
    expect(await page.getByTestId('confirm-text').textContent()).toMatch(/^Engine stop immobilises the vehicle of device 123456789012345.*Send\?$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-cancel');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'composer-confirm.png') });
    await page.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('command-row').count()).toBe(rowsBefore);

    const before = device.received().length;
    await page.getByTestId('composer-send').click();
    await page.getByTestId('confirm-send').click();
    await expect.poll(() => page.getByTestId('command-row').count()).toBe(rowsBefore + 1);
    const row = page.locator('[data-testid="command-row"]').first();
    await expect.poll(() => row.getAttribute('data-state')).toBe('sent');
    await waitFor(() => device.received().length > before, 3000, 'engine stop at the device');
    expect(device.received().subarray(before).toString('hex')).toContain(Buffer.from('Relay,1#').toString('hex'));
  });

  it('queues for a device id that is not connected, and cancels it', async () => {
    await page.getByTestId('composer-target-device').check();
    await page.getByTestId('composer-device-id').fill('864717003283581');
    await page.getByTestId('composer-protocol').selectOption('gt06');
    await page.locator('[data-testid="command-type"][data-type="rebootDevice"]').click();
    await expect.poll(() => preview().getAttribute('data-hex'), { timeout: 5000 }).toContain(Buffer.from('RESET#').toString('hex'));
    await page.getByTestId('composer-send').click();
    const row = page.locator('[data-testid="command-row"]').first();
    await expect.poll(() => row.getAttribute('data-state')).toBe('queued');
    await row.getByTestId('command-cancel').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('cancelled');
  });

  it('Ctrl+Shift+K and the toolbar open it; no page errors, nothing fetched from elsewhere or blocked', async () => {
    await page.getByTestId('composer-close').click();
    await composer().waitFor({ state: 'detached' });
    await page.getByTestId('frame-count').click();
    await page.keyboard.press('Control+Shift+K');
    await composer().waitFor();
    await page.getByTestId('composer-close').click();
    await page.getByTestId('open-composer').click();
    await composer().waitFor();
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
