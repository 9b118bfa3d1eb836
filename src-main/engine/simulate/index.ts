/**
 * The device simulator behind `trackwire simulate`: N trackers of one protocol against a server.
 * Each device has its own identity, connects over TCP (or uses its own UDP socket), logs in, then
 * sends a position every interval along a loop around a city block and a heartbeat every
 * HEARTBEAT_EVERY positions, in the protocol's frame format built byte-exact (protocols/). It cuts
 * the server's answers from its socket, matches each to the frame it answers (by serial and type
 * where the protocol has them, first-in first-out where it has not), records the latency and
 * counts answers that are missing or matched nothing.
 * One timer tick drives the whole fleet; connections open gradually (RAMP_PER_100MS).
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { getProtocol } from '../../../parsers/index';
import { concatBytes, toHex } from '../../../parsers/core/bytes';
import type { ProtocolDescriptor } from '../../../parsers/core/types';
import { formatHostPort } from '../address';
import { corruptChecksum } from '../corrupt';
import { fixAt, type Fix } from './route';
import { LatencyHistogram } from './stats';
import { checkOptions, type SimulateOptions } from './options';
import { getSimProtocol, type Expected, type FrameKind, type OutFrame, type SimDevice, type SimProtocol, type SimVariant, type Transport } from './protocols/index';

export { parseSimulateArgs, parseFaults, parseVariant, checkOptions, SIMULATE_USAGE, MAX_DEVICES, type SimulateOptions, type SimulateFaults, type SimVariant } from './options';
export { SIM_PROTOCOLS, getSimProtocol } from './protocols/index';

export interface SimulateReport {
  protocol: string;
  transport: Transport;
  devices: number;
  /** Frames sent, every kind (login, authentication, position, heartbeat). */
  sent: number;
  /** Frames sent that a server answers. */
  answersExpected: number;
  answered: number;
  /** Answers that did not come within the answer timeout. */
  missing: number;
  /** Answers (or bytes) that matched no frame awaiting one. */
  unexpected: number;
  /** Send-to-answer times; null when nothing was answered. */
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  /** Problems, one line per kind with its count (connection failures, refusals, timeouts). */
  errors: string[];
  /** Wall time of the run in seconds. */
  elapsedSec: number;
}

/** The one timer that drives all devices. */
const TICK_MS = 10;
/** Golden-ratio fraction: device n's first position comes this fraction of an interval (mod 1) after it connects, so a fleet's positions spread evenly over the interval. */
const PHASE = 0.6180339887;
/** Connections (or UDP sockets) opened per 100 ms, so thousands of devices do not all SYN at once. */
export const RAMP_PER_100MS = 200;
/** A heartbeat goes with every this-many-th position. */
export const HEARTBEAT_EVERY = 5;
const DEFAULT_ANSWER_TIMEOUT_SEC = 3;
/** How long closing waits for the server to see every connection's end. */
const CLOSE_WAIT_MS = 2000;
const PROGRESS_MS = 5000;
/** Distinct error kinds kept; further kinds are counted together. */
const MAX_ERROR_KINDS = 20;
const EMPTY = new Uint8Array(0);

interface Pending {
  at: number;
  kind: FrameKind;
  expect: Expected;
}

class Device implements SimDevice {
  state: 'waiting' | 'connecting' | 'open' | 'closed' = 'waiting';
  tcp: net.Socket | null = null;
  udp: dgram.Socket | null = null;
  /** When the device connected: its route starts there. */
  startedAt = 0;
  nextAt = 0;
  steps = 0;
  /** Frames sent after the login (for the bad-checksum fault). */
  sentAfterLogin = 0;
  pending: Pending[] = [];
  /** Answer bytes waiting for the rest of a frame. */
  rx: Uint8Array = EMPTY;
  constructor(
    readonly n: number,
    readonly id: string,
    readonly transport: Transport,
    public serial: number,
    readonly variant?: SimVariant,
  ) {}
}

/**
 * Run the simulation until `durationSec` passes or `signal` aborts, then wait for outstanding
 * answers (up to the answer timeout) and report. Never rejects: bad options and network
 * failures come back in `errors`.
 */
export async function runSimulation(opts: SimulateOptions, log?: (line: string) => void): Promise<SimulateReport> {
  const problem = checkOptions(opts);
  const transport: Transport = opts.udp ? 'udp' : 'tcp';
  if (problem) return emptyReport(opts, transport, [problem]);
  let address: string;
  let family: number;
  try {
    ({ address, family } = await lookup(opts.host));
  } catch (e) {
    return emptyReport(opts, transport, [`cannot resolve host '${opts.host}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  return new Simulation(opts, getSimProtocol(opts.protocol)!, address, family, log).run();
}

function emptyReport(opts: SimulateOptions, transport: Transport, errors: string[]): SimulateReport {
  return {
    protocol: String(opts.protocol),
    transport,
    devices: Number(opts.devices) || 0,
    sent: 0,
    answersExpected: 0,
    answered: 0,
    missing: 0,
    unexpected: 0,
    latencyMs: { p50: null, p90: null, p99: null, max: null },
    errors,
    elapsedSec: 0,
  };
}

class Simulation {
  private readonly desc: ProtocolDescriptor;
  private readonly transport: Transport;
  private readonly devices: Device[] = [];
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly where: string;
  private readonly latency = new LatencyHistogram();
  private readonly errors = new Map<string, { count: number; example?: string }>();
  private sent = 0;
  private expected = 0;
  private answered = 0;
  private missing = 0;
  private unexpected = 0;
  /** Answers awaited and neither received nor timed out yet. */
  private outstanding = 0;
  private launched = 0;
  private connected = 0;
  private startAt = 0;
  private endAt = Infinity;
  private stopping = false;
  private lastExpiry = 0;
  private lastProgress = 0;
  private allConnectedLogged = false;
  private timer: NodeJS.Timeout | null = null;
  private done: (r: SimulateReport) => void = () => undefined;
  private readonly onUdpSent = (e: Error | null) => {
    if (e) this.addError('UDP send failed', (e as NodeJS.ErrnoException).code ?? e.message);
  };

  constructor(
    private readonly opts: SimulateOptions,
    private readonly sim: SimProtocol,
    private readonly address: string,
    private readonly family: number,
    private readonly log?: (line: string) => void,
  ) {
    this.desc = getProtocol(sim.id)!;
    this.transport = opts.udp ? 'udp' : 'tcp';
    this.intervalMs = opts.intervalSec * 1000;
    this.timeoutMs = (opts.answerTimeoutSec ?? DEFAULT_ANSWER_TIMEOUT_SEC) * 1000;
    this.where = formatHostPort(address, opts.port);
    for (let n = 0; n < opts.devices; n++) this.devices.push(new Device(n, sim.deviceId(n), this.transport, sim.firstSerial ?? 0, opts.variant));
  }

  run(): Promise<SimulateReport> {
    this.startAt = performance.now();
    this.lastProgress = this.startAt;
    if (this.opts.durationSec !== undefined) this.endAt = this.startAt + this.opts.durationSec * 1000;
    this.say(
      `Simulating ${this.devices.length} ${this.sim.id} device(s) over ${this.transport.toUpperCase()} against ${this.where}: a position every ${this.opts.intervalSec} s, ` +
        `${this.opts.durationSec !== undefined ? `for ${this.opts.durationSec} s` : 'until stopped'}.`,
    );
    return new Promise((resolve) => {
      this.done = resolve;
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.tick();
    });
  }

  /** A progress line to the caller's log; a failing log must not stop the run. */
  private say(line: string): void {
    try {
      this.log?.(line);
    } catch {
      // ignored: the report still comes
    }
  }

  /** One step of the fleet; a failure in it ends the run with the failure reported, never an exception. */
  private tick(): void {
    this.guard(() => this.step());
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      const where = (e as Error).stack?.split('\n')[1]?.trim();
      this.addError('simulator failure', `${(e as Error).message ?? String(e)}${where ? ` (${where})` : ''}`);
      this.stopping = true;
      this.missing += this.outstanding;
      this.outstanding = 0;
      for (const d of this.devices) d.pending.length = 0;
      if (this.timer) void this.finish(performance.now());
    }
  }

  private step(): void {
    const now = performance.now();
    if (!this.stopping && (this.opts.signal?.aborted || now >= this.endAt)) this.stopping = true;
    if (!this.stopping) {
      this.ramp(now);
      this.drive(now);
    }
    if (now - this.lastExpiry >= 100) this.expire(now);
    if (now - this.lastProgress >= PROGRESS_MS) this.progress(now);
    if (this.stopping && this.outstanding === 0 && this.timer) void this.finish(now);
  }

  /** Open the next devices' connections at RAMP_PER_100MS per 100 ms, spread over the ticks. */
  private ramp(now: number): void {
    // Tick k (k·TICK_MS ≤ elapsed < (k+1)·TICK_MS) may have opened (k+1) ticks' share: never more than RAMP_PER_100MS within 100 ms.
    const ticks = Math.floor((now - this.startAt) / TICK_MS) + 1;
    const allowed = Math.min(this.devices.length, Math.floor((RAMP_PER_100MS * ticks * TICK_MS) / 100));
    while (this.launched < allowed) this.connect(this.devices[this.launched++]!);
  }

  /** Send whatever is due: a position per interval, with a heartbeat every HEARTBEAT_EVERY. */
  private drive(now: number): void {
    let date: Date | null = null;
    for (const d of this.devices) {
      if (d.state !== 'open' || d.nextAt > now) continue;
      date ??= new Date();
      d.steps++;
      if (d.steps % HEARTBEAT_EVERY === 0) {
        const hb = this.sim.heartbeat(d, date);
        if (hb) this.send(d, hb, now);
        const extra = d.variant?.extraMessage ? this.sim.extra?.(d, date) : null;
        if (extra) this.send(d, extra, now);
      }
      this.send(d, this.sim.position(d, this.faulty(d, fixAt(d.n, (now - d.startedAt) / 1000, date))), now);
      d.nextAt += this.intervalMs;
      // Behind by more than an interval (a stalled loop): skip ahead rather than burst.
      if (d.nextAt <= now) d.nextAt = now + this.intervalMs;
    }
  }

  /** The fix as the faults asked for (`opts.faults`): at 0°, 0° every n-th time, its time drifting ahead. */
  private faulty(d: Device, fix: Fix): Fix {
    const f = this.opts.faults;
    if (!f) return fix;
    let out = fix;
    if (f.zeroFixEvery && d.steps % f.zeroFixEvery === 0) out = { ...out, lat: 0, lon: 0 };
    if (f.clockDriftSecPerPosition) out = { ...out, time: new Date(out.time.getTime() + d.steps * f.clockDriftSecPerPosition * 1000) };
    return out;
  }

  private send(d: Device, f: OutFrame, now: number): void {
    const every = this.opts.faults?.badChecksumEvery;
    const bytes = every && f.kind !== 'login' && f.kind !== 'auth' && ++d.sentAfterLogin % every === 0 ? corruptChecksum(this.sim.id, f.bytes, this.transport) : f.bytes;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (d.tcp) d.tcp.write(buf);
    else if (d.udp) d.udp.send(buf, this.onUdpSent);
    else return;
    this.sent++;
    if (f.expect) {
      this.expected++;
      this.outstanding++;
      d.pending.push({ at: now, kind: f.kind, expect: f.expect });
    }
  }

  private connect(d: Device): void {
    d.state = 'connecting';
    if (this.transport === 'udp') {
      const s = dgram.createSocket(this.family === 6 ? 'udp6' : 'udp4');
      d.udp = s;
      s.on('message', (msg) => this.guard(() => this.onDatagram(d, msg)));
      s.on('error', (e: NodeJS.ErrnoException) => {
        this.addError(d.state === 'connecting' ? `UDP socket for ${this.where} failed` : 'UDP socket error', e.code ?? e.message);
        if (d.state === 'connecting') d.state = 'closed';
      });
      s.connect(this.opts.port, this.address, () => this.guard(() => this.opened(d)));
      return;
    }
    const s = net.connect({ host: this.address, port: this.opts.port, family: this.family });
    d.tcp = s;
    s.setNoDelay(true);
    s.on('connect', () => this.guard(() => this.opened(d)));
    s.on('data', (chunk: Buffer) => this.guard(() => this.onStream(d, chunk)));
    s.on('error', (e: NodeJS.ErrnoException) => {
      this.addError(d.state === 'connecting' ? `TCP connect to ${this.where} failed` : 'TCP connection error', e.code ?? e.message);
      if (d.state === 'connecting') d.state = 'closed';
    });
    s.on('close', () => {
      if (d.state === 'open' && !this.stopping) this.addError('connections closed by the server before the end');
      if (d.state === 'open') this.connected--;
      d.state = 'closed';
    });
  }

  private opened(d: Device): void {
    if (this.stopping || d.state !== 'connecting') {
      this.close(d);
      return;
    }
    d.state = 'open';
    this.connected++;
    const now = performance.now();
    d.startedAt = now;
    d.nextAt = now + this.intervalMs * ((d.n * PHASE) % 1);
    for (const f of this.sim.login(d, new Date())) this.send(d, f, now);
    if (!this.allConnectedLogged && this.connected === this.devices.length) {
      this.allConnectedLogged = true;
      if (this.devices.length > RAMP_PER_100MS) this.say(`All ${this.devices.length} devices connected after ${((now - this.startAt) / 1000).toFixed(1)} s.`);
    }
  }

  /** TCP bytes from the server: cut into answers (the protocol's splitter, or the answers awaited). */
  private onStream(d: Device, chunk: Uint8Array): void {
    const now = performance.now();
    const buf = d.rx.length ? concatBytes(d.rx, chunk) : chunk;
    const used = this.sim.answers === 'split' ? this.cut(d, buf, false, now) : this.cutAwaited(d, buf, now);
    d.rx = used < buf.length ? buf.slice(used) : EMPTY;
  }

  /**
   * Cut answers that have no framing of their own (`1234`, `01`, `LOAD`) by the bytes awaited:
   * at each offset the oldest awaited answer that the bytes start with is taken; bytes that start
   * none are one unexpected run; a prefix of an awaited answer waits for the rest.
   */
  private cutAwaited(d: Device, buf: Uint8Array, now: number): number {
    let used = 0;
    let junk = -1;
    while (used < buf.length) {
      const n = awaitedAt(d.pending, buf, used);
      if (n < 0) {
        if (junk < 0) junk = used;
        used++;
        continue;
      }
      if (junk >= 0) this.stray(buf.subarray(junk, used));
      junk = -1;
      if (n === 0) break;
      this.answer(d, buf.subarray(used, used + n), now);
      used += n;
    }
    if (junk >= 0) this.stray(buf.subarray(junk, used));
    return used;
  }

  /** Answers and garbage the protocol's splitter finds in `buf`; returns the bytes used up. */
  private cut(d: Device, buf: Uint8Array, final: boolean, now: number): number {
    let r;
    try {
      r = this.desc.split(buf, final);
    } catch {
      this.stray(buf);
      return buf.length;
    }
    for (const g of r.garbage) if (g.end > g.start) this.stray(buf.subarray(g.start, g.end));
    for (const f of r.frames) this.answer(d, buf.subarray(f.start, f.end), now);
    return Math.min(buf.length, Math.max(0, r.consumed));
  }

  /** A UDP answer: one datagram, cut by the splitter where the protocol has one for answers. */
  private onDatagram(d: Device, msg: Uint8Array): void {
    const now = performance.now();
    if (this.sim.answers === 'expected') return this.answer(d, msg, now);
    const used = this.cut(d, msg, true, now);
    if (used < msg.length) this.stray(msg.subarray(used));
  }

  /** Match one answer to the oldest frame awaiting it; otherwise it is unexpected. */
  private answer(d: Device, bytes: Uint8Array, now: number): void {
    const list = d.pending;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      if (!(this.sim.matches ? this.sim.matches(p.expect, bytes, d) : sameBytes(p.expect.bytes, bytes))) continue;
      list.splice(i, 1);
      this.answered++;
      this.outstanding--;
      this.latency.add(now - p.at);
      const problem = this.sim.problem?.(bytes, d);
      if (problem) this.addError('answers reporting a failure', problem);
      const next = this.stopping ? null : this.sim.followUp?.(d, bytes, p.expect);
      if (next) this.send(d, next, now);
      return;
    }
    this.stray(bytes);
  }

  private stray(bytes: Uint8Array): void {
    this.unexpected++;
    this.addError('answers matching no frame awaiting one', toHex(bytes.subarray(0, 40)) + (bytes.length > 40 ? '…' : ''));
  }

  /** Awaited answers older than the timeout count as missing. */
  private expire(now: number): void {
    this.lastExpiry = now;
    for (const d of this.devices) {
      const list = d.pending;
      let k = 0;
      while (k < list.length && now - list[k]!.at >= this.timeoutMs) {
        this.addError(`no answer within ${this.timeoutMs / 1000} s to ${list[k]!.kind} frames`);
        k++;
      }
      if (k) {
        list.splice(0, k);
        this.missing += k;
        this.outstanding -= k;
      }
    }
  }

  private progress(now: number): void {
    this.lastProgress = now;
    const p50 = this.latency.quantile(0.5);
    this.say(
      `${Math.round((now - this.startAt) / 1000)} s: ${this.connected}/${this.devices.length} connected, sent ${this.sent}, answered ${this.answered}/${this.expected}` +
        `${p50 === null ? '' : ` (p50 ${p50} ms)`}, missing ${this.missing}, unexpected ${this.unexpected}`,
    );
  }

  private async finish(now: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const d of this.devices) {
      if (d.rx.length && this.sim.answers === 'split') {
        const used = this.cut(d, d.rx, true, now);
        if (used < d.rx.length) this.stray(d.rx.subarray(used));
      } else if (d.rx.length) this.stray(d.rx);
      d.rx = EMPTY;
    }
    const stuck = this.devices.filter((d) => d.state === 'connecting').length;
    if (stuck) this.addError(`${stuck} device(s) still connecting to ${this.where} when the run ended (the TCP handshake never completed)`);
    await this.closeAll();
    const q = (v: number) => this.latency.quantile(v);
    this.done({
      protocol: this.sim.id,
      transport: this.transport,
      devices: this.devices.length,
      sent: this.sent,
      answersExpected: this.expected,
      answered: this.answered,
      missing: this.missing,
      unexpected: this.unexpected,
      latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: this.latency.count ? Math.round(this.latency.max * 100) / 100 : null },
      errors: [...this.errors].map(([kind, e]) => `${kind}${e.count > 1 ? ` (×${e.count})` : ''}${e.example ? `: ${e.example}` : ''}`),
      elapsedSec: Math.round((performance.now() - this.startAt) / 100) / 10,
    });
  }

  /** End every connection and wait (up to CLOSE_WAIT_MS) until the server has seen each end. */
  private async closeAll(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const d of this.devices) {
      const s = d.tcp;
      if (s && !s.destroyed) waits.push(new Promise<void>((res) => s.once('close', () => res())));
      this.close(d);
    }
    if (!waits.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(waits), new Promise<void>((res) => (timer = setTimeout(res, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
    for (const d of this.devices) d.tcp?.destroy();
  }

  private close(d: Device): void {
    if (d.tcp) {
      if (d.state === 'connecting') d.tcp.destroy();
      else d.tcp.end();
    }
    if (d.udp) {
      const s = d.udp;
      d.udp = null;
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    if (d.state === 'open') this.connected--;
    d.state = 'closed';
  }

  /** Count one problem of `kind`; the first example of each kind is kept. */
  private addError(kind: string, example?: string): void {
    let e = this.errors.get(kind);
    if (!e) {
      const key = this.errors.size < MAX_ERROR_KINDS ? kind : 'other problems';
      e = this.errors.get(key) ?? { count: 0, example: key === kind ? example : `${kind}${example ? `: ${example}` : ''}` };
      this.errors.set(key, e);
    }
    e.count++;
  }
}

/**
 * At `at` in `buf`: the length of the oldest awaited answer the bytes start with, 0 when they are
 * a prefix of one (wait for more), -1 when they start none.
 */
function awaitedAt(pending: readonly Pending[], buf: Uint8Array, at: number): number {
  outer: for (const p of pending) {
    const want = p.expect.bytes;
    if (!want) continue;
    const n = Math.min(want.length, buf.length - at);
    for (let i = 0; i < n; i++) if (buf[at + i] !== want[i]) continue outer;
    return n === want.length ? n : 0;
  }
  return -1;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The report as plain text lines for the terminal. */
export function formatReport(r: SimulateReport): string {
  const l = r.latencyMs;
  const ms = (v: number | null) => (v === null ? '–' : `${v} ms`);
  const pct = r.answersExpected ? ` (${((100 * r.answered) / r.answersExpected).toFixed(1)} %)` : '';
  const lines = [
    `Simulated ${r.devices} ${r.protocol} device(s) over ${r.transport.toUpperCase()} for ${r.elapsedSec} s`,
    `  frames sent       ${r.sent}`,
    `  answers expected  ${r.answersExpected}`,
    `  answered          ${r.answered}${pct}`,
    `  missing           ${r.missing}`,
    `  unexpected        ${r.unexpected}`,
    `  answer latency    p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`,
  ];
  if (r.errors.length) lines.push('  problems:', ...r.errors.map((e) => `    ${e}`));
  else lines.push('  problems          none');
  return lines.join('\n');
}
