/**
 * Builds the two firmware A/B samples in samples/ for `trackwire compare` and the compare view:
 * one Teltonika device (IMEI 356938030000880) on port 5027 for 20 minutes from
 * 2025-03-14 10:00 UTC, as two firmware versions would send it —
 *   teltonika-fw-a.pcapng: Codec 8, a position every 10 s;
 *   teltonika-fw-b.pcapng: Codec 8 Extended, a position every 30 s;
 * both with the IMEI handshake, a keep-alive (`ff`) with every fifth position, and Trackwire's own
 * answer to each frame (the protocol's `respond`) 40 ms later. Frames are the simulator's encoders
 * (src-main/engine/simulate), positions along its route; send times jitter by up to ±400 ms
 * (seeded), so the output is the same on every run. Packets are Ethernet + IPv4 + TCP with real
 * checksums (src-main/engine/pcapng/synth.ts).
 *
 * The script reads both files back and compares them: it fails unless the comparison reports
 * exactly the codec change and the two interval changes (positions and keep-alives).
 * Run: node scripts/run-ts.mjs scripts/make-compare-samples.ts [samples-dir]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getProtocol } from '../parsers/index';
import { TcpFlowSynth } from '../src-main/engine/pcapng/synth';
import { PcapngMemoryWriter, msToNs } from '../src-main/engine/pcapng/writer';
import { HEARTBEAT_EVERY } from '../src-main/engine/simulate/index';
import { teltonikaSim } from '../src-main/engine/simulate/protocols/teltonika';
import type { OutFrame, SimDevice, SimVariant } from '../src-main/engine/simulate/protocols/types';
import { fixAt } from '../src-main/engine/simulate/route';
import { compareSources } from '../src-main/engine/analysis/compare';
import { seededRandom as seeded } from '../test/helpers/seeded';

const OUT_DIR = path.resolve(process.argv[2] ?? 'samples');
const START = Date.UTC(2025, 2, 14, 10, 0, 0);
const MINUTES = 20;
const DEVICE_N = 88;
const ANSWER_MS = 40;
const JITTER_MS = 400;
const device = { address: '100.64.0.88', port: 41_088 };
const server = { address: '10.20.0.5', port: 5027 };


interface Packet {
  timeMs: number;
  data: Uint8Array;
  comment?: string;
}

function build(name: string, variant: SimVariant, intervalSec: number, seed: number, description: string): string {
  const random = seeded(seed);
  const teltonika = getProtocol('teltonika')!;
  const d: SimDevice = { n: DEVICE_N, id: teltonikaSim.deviceId(DEVICE_N), transport: 'tcp', serial: 0, variant };
  const flow = new TcpFlowSynth(device, server, { isnUp: Math.floor(random() * 2 ** 32), isnDown: Math.floor(random() * 2 ** 32) });
  const packets: Packet[] = [];
  const push = (timeMs: number, frames: Array<{ bytes: Uint8Array }>, comment?: string) => frames.forEach((f, i) => packets.push({ timeMs, data: f.bytes, comment: i === frames.length - 1 ? comment : undefined }));
  const send = (t: number, f: OutFrame) => {
    push(t, flow.data('up', f.bytes), `${f.kind}${variant.codec === '8E' && f.kind === 'position' ? ' (Codec 8 Extended)' : ''}`);
    const answer = teltonika.respond(f.bytes, teltonika.decode(f.bytes, { transport: 'tcp', direction: 'up' }));
    if (answer) push(t + ANSWER_MS, flow.data('down', answer), 'Trackwire answer');
  };
  push(START - 200, flow.open());
  for (const f of teltonikaSim.login(d, new Date(START))) send(START, f);
  const end = START + MINUTES * 60_000;
  let last = START;
  for (let step = 1, t = START + 1000; t < end; step++, t += intervalSec * 1000) {
    const at = Math.round(t + (random() * 2 - 1) * JITTER_MS);
    if (step % HEARTBEAT_EVERY === 0) send(at, teltonikaSim.heartbeat(d, new Date(at))!);
    send(at + 1, teltonikaSim.position(d, fixAt(DEVICE_N, (at - START) / 1000, new Date(at))));
    last = at + 1;
  }
  push(last + 5000, flow.close('up'));
  packets.sort((a, b) => a.timeMs - b.timeMs);
  const w = new PcapngMemoryWriter({ section: { comment: description, userAppl: 'Trackwire scripts/make-compare-samples.ts' } });
  w.addInterface({ name: 'eth0', description: 'tracker server' });
  w.writePackets(packets.map((p) => ({ interfaceId: 0, timestampNs: msToNs(p.timeMs), data: p.data, comment: p.comment })));
  const file = path.join(OUT_DIR, name);
  writeFileSync(file, w.take());
  return file;
}

const a = build('teltonika-fw-a.pcapng', {}, 10, 0xa, 'Firmware A: Teltonika Codec 8, a position every 10 s (trackwire compare sample)');
const b = build('teltonika-fw-b.pcapng', { codec: '8E' }, 30, 0xb, 'Firmware B: Teltonika Codec 8 Extended, a position every 30 s (trackwire compare sample)');
const c = await compareSources(a, b);
const got = c.differences.map((x) => `${x.kind} ${x.messageType}`).sort();
const want = ['codec-changed location', 'interval-changed heartbeats', 'interval-changed location reports'];
if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`the samples compare as ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
for (const s of [c.a, c.b]) console.log(`${path.relative(process.cwd(), s.file)}: ${s.frames} frames (${s.framesUp} from the device), ${s.sessions} session`);
console.log(`compare: ${want.join(', ')}`);
