import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { StreamCutter } from '../../src-main/engine/stream';
import { getProtocol } from '../../parsers/index';
import type { FrameSummary } from '../../src-main/api/contract';
import { RAMP_PER_100MS, SIM_PROTOCOLS, formatReport, runSimulation, type SimulateOptions, type SimulateReport } from '../../src-main/engine/simulate/index';
import { freePort, waitFor } from '../helpers/net';

const HOST = '127.0.0.1';
const DEVICES = 3;
/** Each protocol and transport, run at the same time against one engine (each session is detected on its own). */
const runs = SIM_PROTOCOLS.flatMap((sim) => sim.transports.map((transport) => ({ sim, transport, name: `${sim.id}/${transport}` })));
const ANSWERING = SIM_PROTOCOLS.filter((s) => !['carscop', 'meitrack'].includes(s.id));

let engine: Engine;
let enginePort: number;
const servers: net.Server[] = [];
const serverSockets = new Set<net.Socket>();
const reports = new Map<string, SimulateReport>();

/** A TCP server on 127.0.0.1 that reads everything; `onConnection` gets every socket. */
async function server(onConnection: (s: net.Socket) => void): Promise<number> {
  const s = net.createServer((sock) => {
    serverSockets.add(sock);
    sock.on('error', () => undefined);
    sock.on('close', () => serverSockets.delete(sock));
    onConnection(sock);
    sock.resume();
  });
  servers.push(s);
  await new Promise<void>((res) => s.listen(0, HOST, () => res()));
  return (s.address() as net.AddressInfo).port;
}

/**
 * A server that answers as Trackwire's responder does, but hands the answers to the socket in
 * chunks of 1, 5, 2, 40, 3 and 64 bytes, 15 ms apart: answers arrive split and merged.
 */
function chunkyServer(): Promise<number> {
  const sizes = [1, 5, 2, 40, 3, 64];
  return server((sock) => {
    sock.setNoDelay(true);
    const cutter = new StreamCutter({ transport: 'tcp' });
    let queue: number[] = [];
    let k = 0;
    sock.on('data', (chunk) => {
      for (const piece of cutter.push(new Uint8Array(chunk))) {
        const p = piece.kind === 'frame' && cutter.protocol ? getProtocol(cutter.protocol) : undefined;
        const answer = p?.respond(piece.bytes, p.decode(piece.bytes, { transport: 'tcp', direction: 'up' }));
        if (answer) queue = queue.concat([...answer]);
      }
    });
    const timer = setInterval(() => {
      if (!queue.length || sock.destroyed) return;
      sock.write(Buffer.from(queue.splice(0, sizes[k++ % sizes.length]!)));
    }, 15);
    sock.on('close', () => clearInterval(timer));
  });
}

/** A server that answers as Trackwire does but puts two bytes of junk (`ff ee`) before every answer. */
function noisyServer(): Promise<number> {
  return server((sock) => {
    const cutter = new StreamCutter({ transport: 'tcp' });
    sock.on('data', (chunk) => {
      for (const piece of cutter.push(new Uint8Array(chunk))) {
        const p = piece.kind === 'frame' && cutter.protocol ? getProtocol(cutter.protocol) : undefined;
        const answer = p?.respond(piece.bytes, p.decode(piece.bytes, { transport: 'tcp', direction: 'up' }));
        if (answer) sock.write(Buffer.concat([Buffer.from([0xff, 0xee]), answer]));
      }
    });
  });
}

const base = (protocol: string, port: number, more: Partial<SimulateOptions> = {}): SimulateOptions => ({ protocol, devices: DEVICES, intervalSec: 0.2, durationSec: 1.5, host: HOST, port, ...more });

let silent: Record<string, SimulateReport> = {};
let chunky: Record<string, SimulateReport> = {};
let noisy: Record<string, SimulateReport> = {};
let refused: SimulateReport;
let aborted: { report: SimulateReport; ms: number };
let preAborted: SimulateReport;
const logs: string[] = [];

beforeAll(async () => {
  engine = new Engine();
  const [l] = await engine.start({ listen: [{ host: HOST, port: 0 }] });
  enginePort = l!.port;
  const silentPort = await server(() => undefined);
  const chunkyPort = await chunkyServer();
  const noisyPort = await noisyServer();
  const deadPort = await freePort();
  const abort = new AbortController();

  // Everything at once, so the file stays short: the longest is the silent server (1.5 s + 3 s timeout).
  await Promise.all([
    ...runs.map(async (r) => {
      reports.set(r.name, await runSimulation(base(r.sim.id, enginePort, { udp: r.transport === 'udp' }), (line) => logs.push(line)));
    }),
    ...['gt06', 'jt808', 'teltonika', 'gosafe'].map(async (p) => {
      silent[p] = await runSimulation(base(p, silentPort));
    }),
    ...ANSWERING.map(async (s) => {
      chunky[s.id] = await runSimulation(base(s.id, chunkyPort, { durationSec: 1.2 }));
    }),
    ...['gt06', 'gosafe', 'teltonika'].map(async (p) => {
      noisy[p] = await runSimulation(base(p, noisyPort, { durationSec: 1 }));
    }),
    (async () => {
      refused = await runSimulation(base('gt06', deadPort));
    })(),
    (async () => {
      const t = performance.now();
      setTimeout(() => abort.abort(), 700);
      const report = await runSimulation({ protocol: 'gt06', devices: DEVICES, intervalSec: 0.2, host: HOST, port: chunkyPort, signal: abort.signal });
      aborted = { report, ms: performance.now() - t };
    })(),
    (async () => {
      preAborted = await runSimulation({ ...base('gt06', chunkyPort), signal: AbortSignal.abort() });
    })(),
  ]);
}, 20_000);

afterAll(async () => {
  await engine?.stop();
  for (const s of serverSockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((res) => s.close(() => res()))));
});

async function engineFrames(): Promise<FrameSummary[]> {
  const out: FrameSummary[] = [];
  for (let from = 1; ; from += 10_000) {
    const page = (await engine.handle('listFrames', { from, count: 10_000 })) as FrameSummary[];
    out.push(...page);
    if (page.length < 10_000) return out;
  }
}

describe('simulated devices against the real engine', () => {
  it.each(runs)('$name: every frame arrives, every answer comes and matches', async ({ sim, transport, name }) => {
    const r = reports.get(name)!;
    const text = formatReport(r);
    expect(r.errors, text).toEqual([]);
    expect(r).toMatchObject({ protocol: sim.id, transport, devices: DEVICES, missing: 0, unexpected: 0 });
    // 1.5 s at 0.2 s: about seven positions per device, plus login and heartbeat.
    expect(r.sent, text).toBeGreaterThanOrEqual(DEVICES * 6);
    expect(r.answered, text).toBe(r.answersExpected);
    if (ANSWERING.includes(sim)) {
      expect(r.answersExpected, text).toBeGreaterThanOrEqual(DEVICES);
      expect(r.latencyMs.p50, text).not.toBeNull();
      expect(r.latencyMs.max!, text).toBeLessThan(1000);
    } else expect(r.answersExpected, text).toBe(0);

    // The engine's frame index holds exactly the frames sent, decoded as this protocol without issues.
    const mine = (f: FrameSummary) => f.transport === transport && (f.protocol === sim.id || f.protocol === null);
    const up = await waitFor(async () => {
      const fs = (await engineFrames()).filter((f) => mine(f) && f.direction === 'up');
      return fs.length >= r.sent ? fs : null;
    }, 3000, `${r.sent} ${name} frames in the engine`);
    expect(up.length).toBe(r.sent);
    expect(up.filter((f) => f.protocol !== sim.id || f.issueCount > 0 || f.messageType === 'undecoded').map((f) => f.summary)).toEqual([]);
    const ids = new Set(Array.from({ length: DEVICES }, (_, n) => (sim.id === 'jt808' ? sim.deviceId(n).replace(/^0+/, '') : sim.deviceId(n))));
    expect(new Set(up.map((f) => f.deviceId).filter((d) => d !== null))).toEqual(ids);
    // …and exactly the answers the simulator matched.
    expect((await engineFrames()).filter((f) => mine(f) && f.direction === 'down').length).toBe(r.answered);
  });

  it('logs a start line for each run', () => {
    expect(logs.filter((l) => l.startsWith('Simulating 3 '))).toHaveLength(runs.length);
    expect(logs).toContain(`Simulating 3 gt06 device(s) over TCP against 127.0.0.1:${enginePort}: a position every 0.2 s, for 1.5 s.`);
  });
});

describe('answers that do not come, come in pieces, or cannot come', () => {
  it.each(['gt06', 'jt808', 'teltonika', 'gosafe'])('%s against a server that never answers: every awaited answer is missing', (p) => {
    const r = silent[p]!;
    expect(r.answersExpected).toBeGreaterThan(0);
    expect(r).toMatchObject({ answered: 0, unexpected: 0, missing: r.answersExpected, latencyMs: { p50: null, p90: null, p99: null, max: null } });
    expect(r.errors.join('\n')).toMatch(/no answer within 3 s to (login|position) frames \(×\d+\)/);
    expect(formatReport(r)).toMatch(new RegExp(`missing +${r.answersExpected}\\n`));
  });

  it.each(ANSWERING.map((s) => s.id))('%s: answers split into pieces and merged together are still matched one by one', (p) => {
    const r = chunky[p]!;
    const text = formatReport(r);
    expect(r.answersExpected, text).toBeGreaterThan(DEVICES);
    expect(r, text).toMatchObject({ missing: 0, unexpected: 0, errors: [] });
    expect(r.answered, text).toBe(r.answersExpected);
  });

  it.each(['gt06', 'gosafe', 'teltonika'])('%s: junk before each answer counts as unexpected once, and the answer after it still matches', (p) => {
    const r = noisy[p]!;
    expect(r.answersExpected).toBeGreaterThan(DEVICES);
    expect(r).toMatchObject({ missing: 0, answered: r.answersExpected, unexpected: r.answersExpected });
    expect(r.errors).toEqual([`answers matching no frame awaiting one (×${r.answersExpected}): ffee`]);
  });

  it('opens connections gradually: RAMP_PER_100MS at once, the next batch 100 ms later', async () => {
    const accepts: number[] = [];
    const port = await server(() => accepts.push(performance.now()));
    const start = performance.now();
    const report = await runSimulation({ protocol: 'h02', devices: 3 * RAMP_PER_100MS, intervalSec: 5, durationSec: 0.5, host: HOST, port, answerTimeoutSec: 0.2 });
    expect(accepts).toHaveLength(3 * RAMP_PER_100MS);
    // The server's accepts lag the connects, never lead them: nothing beyond the first batch before 100 ms.
    expect(accepts.filter((t) => t < start + 100).length).toBeLessThanOrEqual(RAMP_PER_100MS);
    expect(accepts.filter((t) => t < start + 200).length).toBeLessThanOrEqual(2 * RAMP_PER_100MS);
    expect(Math.max(...accepts) - start).toBeGreaterThanOrEqual(200);
    // One login each (answer due, none comes) and the first positions of devices whose phase falls early.
    expect(report.sent).toBeGreaterThanOrEqual(3 * RAMP_PER_100MS);
    expect(report).toMatchObject({ answersExpected: 3 * RAMP_PER_100MS, missing: 3 * RAMP_PER_100MS, errors: ['no answer within 0.2 s to login frames (×600)'] });
  });

  it('reports a refused connection per device instead of throwing', () => {
    expect(refused).toMatchObject({ sent: 0, answersExpected: 0, missing: 0 });
    expect(refused.errors).toEqual([expect.stringMatching(/^TCP connect to 127\.0\.0\.1:\d+ failed \(×3\): ECONNREFUSED$/)]);
  });

  it('stops on the abort signal and still waits for the answers due', () => {
    expect(aborted.ms).toBeGreaterThan(650);
    expect(aborted.ms).toBeLessThan(2500);
    expect(aborted.report.sent).toBeGreaterThan(DEVICES);
    expect(aborted.report).toMatchObject({ missing: 0, unexpected: 0, errors: [] });
    expect(aborted.report.answered).toBe(aborted.report.answersExpected);
    expect(preAborted).toMatchObject({ sent: 0, errors: [] });
  });

  it('turns bad options and unknown hosts into report errors, not exceptions', async () => {
    const bad = await runSimulation({ protocol: 'gt06', devices: 0, intervalSec: 1, host: HOST, port: 1 });
    expect(bad.errors).toEqual(['--devices expects a whole number from 1 to 20000, got 0']);
    const udp = await runSimulation({ protocol: 'jt808', devices: 1, intervalSec: 1, host: HOST, port: 1, udp: true });
    expect(udp.errors).toEqual(['jt808 runs over TCP only: drop --udp']);
    const host = await runSimulation({ protocol: 'gt06', devices: 1, intervalSec: 1, host: 'no-such-host.invalid', port: 1 });
    expect(host.errors[0]).toMatch(/^cannot resolve host 'no-such-host\.invalid': /);
  });
});
