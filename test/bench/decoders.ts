/**
 * `npm run bench`: frames per second for detect + split + decode, with the full field tree and
 * lean (what the frame index builds), per protocol, on a stream built from the corpus' frames of
 * that protocol repeated. Timings on a shared machine are noisy, so each result is also given as
 * a ratio to a reference run in the same process (CRC-16/X-25 over the same stream bytes).
 * `--frames N` sets the frames per stream (default 20000).
 */
import { concatBytes, fromHex } from '../../parsers/core/bytes';
import { crc16X25 } from '../../parsers/core/checksum';
import { leanDecode } from '../../parsers/core/reader';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import { StreamCutter } from '../../src-main/engine/stream';
import { loadCorpus, wireHex } from '../helpers/corpus';

let target = 20000;
const CHUNK = 1460; // a typical TCP segment

function stream(protocol: string): { bytes: Uint8Array; frames: number; transport: 'tcp' | 'udp'; datagrams: Uint8Array[] } | null {
  const own = loadCorpus(protocol).filter((f) => f.stage === 'decoder');
  if (!own.length) return null;
  const transport = own.every((f) => f.transport === 'udp') ? 'udp' : 'tcp';
  // Frames the splitter cuts as one whole frame (some corpus frames are fragments or carry stray bytes).
  const p = getProtocol(protocol)!;
  const frames = own
    .filter((f) => f.transport === transport)
    .map((f) => fromHex(wireHex(f)))
    .filter((b) => {
      const r = p.split(b, true);
      return r.frames.length === 1 && r.frames[0]!.start === 0 && r.frames[0]!.end === b.length;
    });
  if (!frames.length) return null;
  const picked: Uint8Array[] = [];
  for (let i = 0; picked.length < target; i++) picked.push(frames[i % frames.length]!);
  return { bytes: concatBytes(...picked), frames: picked.length, transport, datagrams: picked };
}

/** One pass: a new session detects on the first bytes, then splits and decodes everything. */
function run(protocol: string, s: NonNullable<ReturnType<typeof stream>>, lean: boolean): { frames: number; ms: number } {
  const p = getProtocol(protocol)!;
  const t0 = performance.now();
  const cutter = new StreamCutter({ transport: s.transport });
  let frames = 0;
  const decode = (b: Uint8Array) => {
    const d = p.decode(b, { transport: s.transport, direction: 'up' });
    frames += d.messageType ? 1 : 0;
  };
  const body = () => {
    if (s.transport === 'udp') {
      for (const d of s.datagrams) for (const piece of cutter.datagram(d)) if (piece.kind === 'frame') decode(piece.bytes);
      return;
    }
    for (let at = 0; at < s.bytes.length; at += CHUNK) {
      for (const piece of cutter.push(s.bytes.subarray(at, at + CHUNK))) if (piece.kind === 'frame') decode(piece.bytes);
    }
  };
  if (lean) leanDecode(body);
  else body();
  if (cutter.protocol !== protocol) throw new Error(`the session detected ${cutter.protocol ?? 'nothing'}`);
  return { frames, ms: performance.now() - t0 };
}

function reference(bytes: Uint8Array): number {
  const t0 = performance.now();
  let x = 0;
  for (let at = 0; at < bytes.length; at += CHUNK) x ^= crc16X25(bytes, at, Math.min(bytes.length, at + CHUNK));
  if (x === -1) console.log(x);
  return performance.now() - t0;
}

const best = <T extends { ms: number }>(f: () => T, n = 3): T => {
  let b = f();
  for (let i = 1; i < n; i++) {
    const r = f();
    if (r.ms < b.ms) b = r;
  }
  return b;
};

/** Frames per second per protocol, full tree and lean; `frames` per stream. */
export function benchDecoders(frames = 20000): void {
  target = frames;
  console.log(`frames per stream: ${target}, chunks of ${CHUNK} bytes; best of 3 runs; ref = CRC-16/X-25 over the same bytes`);
  const header = ['protocol', 'bytes', 'full fps', 'lean fps', 'full MB/s', 'full/ref', 'lean/ref'];
  const rows: string[][] = [];
  for (const p of PROTOCOLS) {
    const s = stream(p.id);
    if (!s) continue;
    try {
      run(p.id, s, false); // warm-up
    } catch (e) {
      rows.push([p.id, String(s.bytes.length), `skipped: ${(e as Error).message}`]);
      continue;
    }
    const full = best(() => run(p.id, s, false));
    const lean = best(() => run(p.id, s, true));
    const ref = best(() => ({ ms: reference(s.bytes) }));
    const fps = (r: { frames: number; ms: number }) => Math.round((r.frames / r.ms) * 1000);
    rows.push([
      p.id,
      String(s.bytes.length),
      String(fps(full)),
      String(fps(lean)),
      ((s.bytes.length / full.ms) * 1000 / 1e6).toFixed(1),
      (full.ms / ref.ms).toFixed(1),
      (lean.ms / ref.ms).toFixed(1),
    ]);
    if (full.frames !== s.frames) console.error(`${p.id}: decoded ${full.frames} of ${s.frames} frames`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length === header.length).map((r) => r[i]!.length)));
  console.log(header.map((h, i) => (i ? h.padStart(widths[i]!) : h.padEnd(widths[i]!))).join('  '));
  for (const r of rows) console.log(r.map((c, i) => (i && r.length === header.length ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '));
  console.log('full/ref, lean/ref: time relative to the reference pass (lower is faster; compare across machines)');
}
