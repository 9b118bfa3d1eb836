/**
 * Downlink commands on real sockets: a JT808 device gets 0x8105 engine stop with a fresh serial,
 * answers 0x0001 for that serial, and the command is acknowledged; a command for an offline
 * device waits and goes out when it connects; an expired one is never sent; immobilising
 * commands need confirmation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import type { CommandRecord } from '../../src-main/api/contract';
import { getProtocol } from '../../parsers/index';
import { message, deviceIdToPhone } from '../../parsers/jt808/index';
import { toHex } from '../../parsers/core/bytes';
import { getSimProtocol } from '../../src-main/engine/simulate/index';
import { tcpClient, waitFor } from '../helpers/net';

const IMEI = '123456789012345';
let engine: Engine;
afterEach(() => engine?.stop());

async function start() {
  engine = new Engine();
  const pushed: CommandRecord[] = [];
  engine.subscribe((e) => e.type === 'commands' && pushed.push(...e.commands));
  const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }] });
  return { port: ls[0]!.port, pushed };
}

describe('commands', () => {
  it('JT808: engine stop with a fresh serial, acknowledged by the 0x0001 for that serial', async () => {
    const { port } = await start();
    const sim = getSimProtocol('jt808')!;
    const dev = { n: 0, id: sim.deviceId(0), transport: 'tcp' as const, serial: 0 };
    const c = await tcpClient(port);
    for (const f of sim.login(dev, new Date())) await c.write(toHex(f.bytes));
    await waitFor(() => c.received().length > 0, 2000, 'register response');
    const [session] = await engine.handle('listSessions', undefined);
    await expect(engine.handle('sendCommand', { sessionId: session!.id, type: 'engineStop' })).rejects.toThrow(/immobilises the vehicle: confirm/);
    const before = c.received().length;
    const cmd = await engine.handle('sendCommand', { sessionId: session!.id, type: 'engineStop', confirmed: true });
    expect(cmd.state).toBe('sent');
    await waitFor(() => c.received().length > before, 2000, 'the command');
    const sent = new Uint8Array(c.received().subarray(before));
    const d = getProtocol('jt808')!.decode(sent, { transport: 'tcp', direction: 'down' });
    expect(d.messageCode).toBe('0x8105');
    expect(d.issues.filter((i) => i.group === 'checksum' || i.group === 'malformed')).toEqual([]);
    expect(cmd.serial).toBeGreaterThan(0);
    // The device answers: general response for that serial, message 0x8105, result 0.
    const s = cmd.serial!;
    const body = [s >> 8, s & 0xff, 0x81, 0x05, 0x00];
    await c.write(toHex(message(0x0001, { v2019: false, version: 0, phone: deviceIdToPhone(dev.id) } as never, 7, body)));
    const acked = await waitFor(async () => (await engine.handle('listCommands', undefined)).find((x) => x.id === cmd.id && x.state === 'acknowledged'), 2000, 'acknowledged');
    expect(acked.replyFrameId).toBeGreaterThan(acked.frameId!);
    const frames = await engine.handle('listFrames', { from: acked.frameId!, count: 1 });
    expect(frames[0]).toMatchObject({ direction: 'down', protocol: 'jt808' });
    await c.close();
  });

  it('queues a command for an offline device and sends it when the device connects; an expired one never goes', async () => {
    const { port, pushed } = await start();
    const queued = await engine.handle('sendCommand', { deviceId: IMEI, protocol: 'gt06', type: 'custom', attributes: { data: 'STATUS#' } });
    const expiring = await engine.handle('sendCommand', { deviceId: IMEI, protocol: 'gt06', type: 'custom', attributes: { data: 'WHERE#' }, expiresInSec: 0.2 });
    expect([queued.state, expiring.state]).toEqual(['queued', 'queued']);
    await waitFor(() => pushed.find((x) => x.id === expiring.id && x.state === 'expired'), 3000, 'expiry');
    const c = await tcpClient(port);
    await c.write('78780d01012345678901234500018cdd0d0a'); // GT06 login of IMEI
    await waitFor(() => c.received().length > 10, 2000, 'ACK and the command');
    const got = c.received().toString('latin1');
    expect(got).toContain('STATUS#');
    expect(got).not.toContain('WHERE#');
    const all = await engine.handle('listCommands', undefined);
    expect(all.find((x) => x.id === queued.id)).toMatchObject({ state: 'sent', sessionId: expect.stringMatching(/^tcp-/) });
    expect(all.find((x) => x.id === expiring.id)!.state).toBe('expired');
    await c.close();
  });

  it('previews the exact bytes and their decode without sending', async () => {
    await start();
    const p = await engine.handle('previewCommand', { protocol: 'gt06', deviceId: IMEI, type: 'engineStop' });
    expect(p.hex).toMatch(/^78781[0-9a-f]80/);
    expect(p.immobilises).toBe(true);
    expect(p.tree[0]).toMatchObject({ id: 'gt06.header', start: 0, end: 2 });
    await expect(engine.handle('previewCommand', { protocol: 'gt06', deviceId: IMEI, type: 'nope' })).rejects.toThrow(/gt06 has no command 'nope'; known: /);
  });
});

describe('command history and templates persist in the data folder', () => {
  it('keeps queued commands and templates across restarts', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tw-data-'));
    const first = new Engine();
    await first.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    const q = await first.handle('sendCommand', { deviceId: IMEI, protocol: 'gt06', type: 'custom', attributes: { data: 'STATUS#' } });
    await first.handle('saveCommandTemplate', { name: 'every minute', protocol: 'gt06', type: 'positionPeriodic', attributes: { frequency: 60 } });
    await first.stop();
    engine = new Engine();
    const ls = await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    expect((await engine.handle('listCommands', undefined)).map((c) => [c.id, c.state])).toEqual([[q.id, 'queued']]);
    expect(await engine.handle('listCommandTemplates', undefined)).toEqual([{ name: 'every minute', protocol: 'gt06', type: 'positionPeriodic', attributes: { frequency: 60 } }]);
    // The queued command still goes out when the device connects after the restart.
    const c = await tcpClient(ls[0]!.port);
    await c.write('78780d01012345678901234500018cdd0d0a');
    await waitFor(() => c.received().toString('latin1').includes('STATUS#'), 2000, 'queued command after restart');
    expect(await engine.handle('deleteCommandTemplate', { name: 'every minute', protocol: 'gt06' })).toEqual([]);
    await c.close();
  });
});
