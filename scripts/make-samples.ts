/**
 * Builds the sample captures in samples/ from real tracker frames: the corpus in
 * test/fixtures/corpus/frames.jsonl (frames real devices sent, from Traccar's test suites,
 * Apache-2.0). Each frame is captured when its own newest fix says, plus a second or few of
 * network delay, so device clocks and capture agree; frames without a time sit a few seconds
 * after the device's previous frame. A device's frames closer than VISIT_GAP_MS share one TCP
 * connection (a UDP flow for UDP-only protocols) from an address of its own: the handshake, the
 * login again where the protocol identifies the device only there, its frames, Trackwire's own
 * answer to each (the protocol's `respond`) a moment later, then the close. Packets are Ethernet
 * + IPv4 + TCP/UDP with real checksums (src-main/engine/pcapng/synth.ts), written as pcapng
 * with each packet's origin in its comment (the corpus source line, or "Trackwire answer").
 *
 * Only whole, clean frames are used: cut as one frame, no decoder or GPS/time check (lint)
 * warning or error (notes such as "no GNSS fix in this message" are fine). Every file is read
 * back through the capture pipeline before it is written: each flow must be detected as its
 * protocol and every frame must come out clean, or the script fails.
 *
 * The output is the same on every run (seeded sequence numbers, ports and delays).
 * Run: node scripts/run-ts.mjs scripts/make-samples.ts [samples-dir]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getProtocol } from '../parsers/index';
import { fromHex, toHex } from '../parsers/core/bytes';
import { EPOCH_LIMIT_MS, lintFrame, type LintState } from '../parsers/core/lint';
import type { DecodedFrame, ProtocolDescriptor } from '../parsers/core/types';
import { CapturePipeline, type CaptureFrame } from '../src-main/engine/capture/loader';
import { decodeWith } from '../src-main/engine/frames';
import { TcpFlowSynth, udpDatagram, type Endpoint } from '../src-main/engine/pcapng/synth';
import { PcapngMemoryWriter, msToNs } from '../src-main/engine/pcapng/writer';
import { imeiFor } from '../src-main/engine/simulate/ids';
import { teltonikaSim } from '../src-main/engine/simulate/protocols/teltonika';
import { loadCorpus, wireHex, type CorpusFrame } from '../test/helpers/corpus';
import { seededRandom as rng } from '../test/helpers/seeded';

const OUT_DIR = path.resolve(process.argv[2] ?? 'samples');
/** Where devices whose frames carry no time at all are placed: 2025-03-14 09:00 UTC. */
const UNTIMED_START = Date.UTC(2025, 2, 14, 9, 0, 0);
/** Frames of a device further apart than this go on a new connection (the device reconnected). */
const VISIT_GAP_MS = 30 * 60_000;
const SERVER_ADDRESS = '10.20.0.5';
const SHARED_PORT = 8888;


/** One frame a device sends, decoded, with where it comes from. */
interface Uplink {
  bytes: Uint8Array;
  decoded: DecodedFrame;
  comment: string;
}

/** One device: its protocol, the id its frames carry, the login that tells it (when the protocol needs one) and its other frames. */
interface Device {
  protocol: string;
  id: string;
  transport: 'tcp' | 'udp';
  login?: Uplink;
  frames: Uplink[];
}

/** Warnings and errors (notes do not count). */
function problems(issues: DecodedFrame['issues']): string[] {
  return issues.filter((i) => i.severity !== 'info').map((i) => `${i.id} (${i.message})`);
}

/** Whether the protocol cuts these bytes as exactly one frame. */
function isWholeFrame(p: ProtocolDescriptor, bytes: Uint8Array, direction: 'up' | 'down' = 'up'): boolean {
  const s = p.split(bytes, false, direction);
  if (!('frames' in s) || s.frames.length !== 1) return false;
  const f = s.frames[0]!;
  return f.start === 0 && s.consumed === bytes.length && s.garbage.length === 0;
}

function source(f: CorpusFrame): string {
  return `Traccar ${f.source} (${f.protocol}, real device frame)`;
}

/**
 * The corpus's clean frames of a protocol as devices: a frame that carries an id starts or joins
 * that device; one without (a GT06 location after its login) goes to the device that spoke last
 * in the same test, as in the test suite's decoder. Frames with a decoder warning or error, or
 * not cut as one whole frame, are left out.
 */
function devicesOf(protocol: string): Device[] {
  const p = getProtocol(protocol)!;
  const byId = new Map<string, Device>();
  const lastOfTest = new Map<string, Device>();
  const frames = loadCorpus(protocol)
    .filter((f) => f.stage === 'decoder')
    .sort((a, b) => (a.test === b.test ? a.seq - b.seq : a.test < b.test ? -1 : 1));
  for (const f of frames) {
    const bytes = fromHex(wireHex(f));
    const known = lastOfTest.get(f.test);
    const decoded = decodeWith(protocol, bytes, { transport: f.transport, direction: 'up', deviceId: known?.id });
    if (problems(decoded.issues).length > 0 || !isWholeFrame(p, bytes)) continue;
    // Its position takes the time it is decoded: no capture time would agree with it for long.
    if (decoded.issues.some((i) => i.id === 'osmand.no_timestamp')) continue;
    const id = decoded.deviceId ?? known?.id;
    if (!id) continue;
    let device = byId.get(`${id}/${f.transport}`);
    if (!device) {
      device = { protocol, id, transport: f.transport, frames: [] };
      byId.set(`${id}/${f.transport}`, device);
    }
    const up = { bytes, decoded, comment: source(f) };
    // A login that names the device: sent again at the start of each of its connections.
    if (decoded.messageType === 'login' && decoded.deviceId) device.login ??= up;
    else device.frames.push(up);
    lastOfTest.set(f.test, device);
  }
  return [...byId.values()];
}

/**
 * Teltonika devices open with an IMEI handshake the corpus does not hold: the AVL packets (real,
 * from FM-series devices) follow a handshake built by the simulator's encoder for one IMEI that
 * passes Luhn.
 */
function teltonikaDevices(): Device[] {
  const p = getProtocol('teltonika')!;
  const imei = imeiFor(7);
  const loginBytes = teltonikaSim.login({ n: 7, id: imei, transport: 'tcp', serial: 0 }, new Date(UNTIMED_START))[0]!.bytes;
  const login = { bytes: loginBytes, decoded: decodeWith('teltonika', loginBytes, { transport: 'tcp', direction: 'up' }), comment: 'IMEI handshake (built by Trackwire: not in the corpus)' };
  const frames: Uplink[] = [];
  for (const f of loadCorpus('teltonika')) {
    if (f.stage !== 'decoder' || f.transport !== 'tcp') continue;
    const bytes = fromHex(wireHex(f));
    const decoded = decodeWith('teltonika', bytes, { transport: 'tcp', direction: 'up', deviceId: imei });
    if (problems(decoded.issues).length > 0 || decoded.messageType !== 'location' || !isWholeFrame(p, bytes)) continue;
    frames.push({ bytes, decoded, comment: source(f) });
  }
  return [{ protocol: 'teltonika', id: imei, transport: 'tcp', login, frames }];
}

/** The newest plausible time among the frame's positions (ms), or null. */
function newestFix(d: DecodedFrame): number | null {
  let newest: number | null = null;
  for (const p of d.positions) {
    const t = p.time ? Date.parse(p.time) : NaN;
    if (Number.isFinite(t) && t >= EPOCH_LIMIT_MS && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** One uplink at its arrival time. */
interface Timed {
  up: Uplink;
  at: number;
}

/**
 * A device's frames at their arrival times, split into connections (visits). Timed frames arrive
 * 1–4 s after their newest fix; a frame without a time 4–20 s after the device's previous frame
 * (in corpus order), or before its next one when it comes first; a device without any time starts
 * at `untimedStart`. Frames the GPS/time checks would flag (a jump, zeros, too few satellites,
 * two fixes at the same time in different places) are left out, in time order as Trackwire
 * checks them.
 */
function visitsOf(device: Device, random: () => number, untimedStart: number): Timed[][] {
  const fix = device.frames.map((f) => newestFix(f.decoded));
  const at: number[] = [];
  let previous: number | null = null;
  for (let i = 0; i < device.frames.length; i++) {
    const t = fix[i];
    if (t !== null && t !== undefined) previous = t + 1000 + random() * 3000;
    else if (previous !== null) previous += 4000 + random() * 16000;
    else {
      const next = fix.slice(i).find((x): x is number => x !== null);
      previous = next !== undefined ? next - (i + 1) * (4000 + random() * 16000) : untimedStart + random() * 5000;
    }
    at.push(previous);
  }
  const timed = device.frames.map((up, i) => ({ up, at: at[i]! })).sort((a, b) => a.at - b.at);
  const lint: LintState = {};
  const kept = timed.filter((t) => {
    const before = lint.last ? { ...lint.last } : undefined;
    if (problems(lintFrame(t.up.decoded, t.at, lint)).length === 0) return true;
    lint.last = before;
    return false;
  });
  const visits: Timed[][] = [];
  for (const t of kept) {
    const current = visits.at(-1);
    if (current && t.at - current.at(-1)!.at <= VISIT_GAP_MS) current.push(t);
    else visits.push([t]);
  }
  if (device.login) for (const v of visits) v.unshift({ up: device.login, at: v[0]!.at - 2000 - random() * 3000 });
  return visits;
}

/**
 * Whether Trackwire reads an answer of its own back from a capture as a clean frame: the
 * protocol cuts it as one frame and decodes it (direction down) without a warning or an error.
 * Answers that do not are left out of the samples (so they show no issue of their own making),
 * listed when the script ends, and make it fail.
 */
function readsBack(p: ProtocolDescriptor, answer: Uint8Array, d: Device): boolean {
  return isWholeFrame(p, answer, 'down') && problems(decodeWith(p.id, answer, { transport: d.transport, direction: 'down', deviceId: d.id }).issues).length === 0;
}

/** Answers left out (protocol and first bytes → how many), for the report. */
const leftOut = new Map<string, number>();

/** One packet on the way to the file. */
interface Packet {
  timeMs: number;
  data: Uint8Array;
  comment: string;
}

/** What a sample shows, for the read-back check: per device address (`host:port`), its protocol and frames each way. */
type Expected = Map<string, { protocol: string; up: number; down: number }>;

/** The packets of devices talking to `serverPort(device)`: one connection (or UDP flow) per visit, each answer 80–400 ms after its frame. */
function conversation(devices: Device[], serverPort: (d: Device) => number, seed: number): { packets: Packet[]; expected: Expected; frames: number } {
  const random = rng(seed);
  const packets: Packet[] = [];
  const expected: Expected = new Map();
  let frames = 0;
  devices.forEach((d, i) => {
    const p = getProtocol(d.protocol)!;
    const address = `100.64.${10 + Math.floor(i / 200)}.${20 + (i % 200)}`;
    const server: Endpoint = { address: SERVER_ADDRESS, port: serverPort(d) };
    let visits = 0;
    for (const visit of visitsOf(d, random, UNTIMED_START + i * 7000)) {
      // A new source port per connection, as a reconnecting device's TCP stack picks.
      const device: Endpoint = { address, port: 40000 + ((Math.floor(random() * 20000) + visits * 7) % 20000) };
      visits++;
      const counts = { protocol: d.protocol, up: 0, down: 0 };
      expected.set(`${device.address}:${device.port}`, counts);
      const tcp = d.transport === 'tcp' ? new TcpFlowSynth(device, server, { isnUp: Math.floor(random() * 2 ** 32), isnDown: Math.floor(random() * 2 ** 32) }) : null;
      // A flow's packets keep the order they were made in (sequence numbers): each at least 0.2 ms after the one before.
      let clock = -Infinity;
      const add = (list: Array<{ bytes: Uint8Array }>, at: number, comment: string) => {
        for (const f of list) {
          clock = Math.max(at, clock + 0.2);
          packets.push({ timeMs: clock, data: f.bytes, comment });
        }
      };
      if (tcp) add(tcp.open(), visit[0]!.at - 300 - random() * 500, '');
      for (const { up, at } of visit) {
        if (tcp) add(tcp.data('up', up.bytes), at, up.comment);
        else add([{ bytes: udpDatagram(device, server, up.bytes, 'up', counts.up + 1) }], at, up.comment);
        counts.up++;
        let answer: Uint8Array | null = null;
        try {
          answer = p.respond(up.bytes, up.decoded);
        } catch {
          answer = null;
        }
        if (answer && !readsBack(p, answer, d)) {
          const key = `${d.protocol} ${toHex(answer).slice(0, 16)}`;
          leftOut.set(key, (leftOut.get(key) ?? 0) + 1);
          answer = null;
        }
        if (!answer) continue;
        const when = at + 80 + random() * 320;
        const comment = `Trackwire ${d.protocol} answer`;
        if (tcp) add(tcp.data('down', answer), when, comment);
        else add([{ bytes: udpDatagram(server, device, answer, 'down', counts.down + 1) }], when, comment);
        counts.down++;
      }
      if (tcp) add(tcp.close(), clock + 1000 + random() * 2000, '');
      frames += counts.up + counts.down;
    }
  });
  packets.sort((a, b) => a.timeMs - b.timeMs);
  return { packets, expected, frames };
}

/** The pcapng bytes of the packets. */
function pcapng(packets: Packet[], description: string): Uint8Array {
  const w = new PcapngMemoryWriter({ section: { comment: description, userAppl: 'Trackwire scripts/make-samples.ts' } });
  w.addInterface({ name: 'eth0', description: 'tracker server' });
  w.writePackets(packets.map((p) => ({ interfaceId: 0, timestampNs: msToNs(p.timeMs), data: p.data, comment: p.comment || undefined })));
  return w.take();
}

/** Read the file back as Trackwire does; throws when a flow or a frame is not what was put in, or not clean. */
function check(name: string, bytes: Uint8Array, expected: Expected): { frames: number; flows: number } {
  const frames: CaptureFrame[] = [];
  const pipeline = new CapturePipeline({ onFrame: (f) => frames.push(f) });
  pipeline.push(bytes);
  const summary = pipeline.end();
  const wrong: string[] = [];
  if (summary.reason) wrong.push(summary.reason);
  if (summary.nonTrackerFlows.length) wrong.push(`not detected: ${summary.nonTrackerFlows.map((f) => f.flow).join(', ')}`);
  const seen = new Map<string, { up: number; down: number }>();
  const deviceOf = new Map<string, string>();
  // The engine keeps the GPS/time checks' state per device, across its connections.
  const lint = new Map<string, LintState>();
  for (const f of frames) {
    const want = expected.get(f.client);
    if (!want) {
      wrong.push(`unexpected flow ${f.flow}`);
      continue;
    }
    if (f.protocol !== want.protocol) wrong.push(`${f.flow}: detected as ${f.protocol}, sent as ${want.protocol}`);
    if (f.undecodedReason) wrong.push(`${f.flow}: ${f.undecodedReason} (${toHex(f.bytes).slice(0, 40)})`);
    const d = decodeWith(f.protocol, f.bytes, { transport: f.transport, direction: f.direction, deviceId: deviceOf.get(f.client) });
    if (d.deviceId) deviceOf.set(f.client, d.deviceId);
    const issues = [...d.issues];
    if (f.direction === 'up') {
      const key = d.deviceId ?? deviceOf.get(f.client) ?? `@${f.client}`;
      if (!lint.has(key)) lint.set(key, {});
      issues.push(...lintFrame(d, f.time, lint.get(key)!));
    }
    if (problems(issues).length) wrong.push(`${f.flow} ${f.direction} ${d.messageType}: ${problems(issues).join(', ')}`);
    const s = seen.get(f.client) ?? { up: 0, down: 0 };
    s[f.direction]++;
    seen.set(f.client, s);
  }
  for (const [client, want] of expected) {
    const got = seen.get(client) ?? { up: 0, down: 0 };
    if (got.up !== want.up || got.down !== want.down) wrong.push(`${client} (${want.protocol}): ${got.up}/${got.down} frames up/down read back, ${want.up}/${want.down} sent`);
  }
  if (wrong.length) throw new Error(`${name}:\n  ${wrong.join('\n  ')}`);
  return { frames: frames.length, flows: summary.flows };
}

function write(name: string, devices: Device[], serverPort: (d: Device) => number, description: string, seed: number): void {
  const { packets, expected, frames: sent } = conversation(devices, serverPort, seed);
  const bytes = pcapng(packets, description);
  const { frames, flows } = check(name, bytes, expected);
  if (frames !== sent) throw new Error(`${name}: ${frames} frames read back, ${sent} sent`);
  writeFileSync(path.join(OUT_DIR, name), bytes);
  const protocols = [...new Set(devices.map((d) => d.protocol))].join(', ');
  const times = packets.map((p) => new Date(p.timeMs).toISOString().slice(0, 10));
  console.log(`${name}: ${packets.length} packets, ${flows} flows, ${frames} frames, ${devices.length} devices (${protocols}), ${times[0]} to ${times.at(-1)}, ${bytes.length} bytes`);
}

/** At most `devices` devices with at most `frames` frames each, the devices with most frames first. */
function pick(list: Device[], devices: number, frames: number): Device[] {
  return [...list]
    .sort((a, b) => b.frames.length - a.frames.length || (a.id < b.id ? -1 : 1))
    .slice(0, devices)
    .map((d) => ({ ...d, frames: d.frames.slice(0, frames) }));
}

/** Devices of several protocols, interleaved so the capture shows them side by side. */
function interleave(groups: Device[][]): Device[] {
  const out: Device[] = [];
  for (let i = 0; groups.some((g) => i < g.length); i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}

const ALL = ['gt06', 'jt808', 'h02', 'gosafe', 'carscop', 'teltonika', 'tk103', 'gps103', 'gl200', 'meitrack', 'watch', 'osmand', 'skypatrol', 'jt600', 'xexun', 'xexun2', 'xexun3'];
const devicesFor = (protocol: string) => (protocol === 'teltonika' ? teltonikaDevices() : devicesOf(protocol));
const defaultPort = (d: Device) => getProtocol(d.protocol)!.defaultPort;
const HEAD = "Trackwire sample: real tracker frames (Traccar test suites, Apache-2.0) in synthesised TCP/UDP packets with Trackwire's answers.";

write(
  'shared-port-mix.pcapng',
  interleave(ALL.map((p) => pick(devicesFor(p), 2, 4))),
  () => SHARED_PORT,
  `${HEAD} Every protocol Trackwire decodes, on one shared port (${SHARED_PORT}), several devices each.`,
  1,
);
write('carscop-cc688-jt808.pcapng', interleave([pick(devicesFor('carscop'), 6, 6), pick(devicesFor('jt808'), 8, 6)]), defaultPort, `${HEAD} Carscop and JT808 devices on their usual ports.`, 2);
write('h02-tk100b.pcapng', pick(devicesFor('h02'), 12, 8), defaultPort, `${HEAD} H02 devices.`, 3);
write('gosafe-sp7600.pcapng', pick(devicesFor('gosafe'), 12, 8), defaultPort, `${HEAD} GoSafe devices.`, 4);
write('teltonika-fmb.pcapng', devicesFor('teltonika'), defaultPort, `${HEAD} A Teltonika device (Codec 8 / 8 Extended AVL packets).`, 5);

if (leftOut.size) {
  console.error('Answers Trackwire does not read back from a capture as clean frames (fix the protocol\'s downlink split or decode):');
  for (const [key, n] of leftOut) console.error(`  ${key}… ×${n}`);
  process.exitCode = 1;
}
