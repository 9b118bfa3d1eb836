/**
 * Runs corpus frames through detect, split and decode, and checks them against what the corpus
 * expects. Shared by the acceptance test (test/unit/parsers/corpus.test.ts) and `npm run corpus`.
 */
import { fromHex, toHex } from '../../parsers/core/bytes';
import { detect, winner } from '../../parsers/core/detector';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import type { DecodedFrame, FieldNode, FieldValue, Position, ProtocolDescriptor } from '../../parsers/core/types';
import { type CorpusFrame, wireHex } from '../helpers/corpus';

export interface FrameResult {
  frame: CorpusFrame;
  detected: string | null;
  decoded?: DecodedFrame;
  /** Everything that fails an expectation, one line each. */
  failures: string[];
}

export interface ProtocolStats {
  protocol: string;
  frames: number;
  /** Whole frames (`decoder` stage): the ones detection and decoding are judged on. */
  decoderFrames: number;
  detectedRight: number;
  positionsExpected: number;
  positionsDecoded: number;
  valuesExpected: number;
  valuesMatched: number;
  attributesExpected: number;
  attributesCarried: number;
  attributesMatched: number;
  splitsExpected: number;
  splitsMatched: number;
  checksumBad: number;
  checksumFlagged: number;
  issues: number;
  uncoveredFrames: number;
  exceptions: number;
}

/**
 * Frames the corpus marks `verifyPosition` although they carry no coordinates: the reference
 * server passes them only by filling in the device's last known location. Trackwire never invents
 * a position, so for these a missing one is right (any position decoded is still range-checked).
 */
export const NO_FIX_IN_FRAME: Readonly<Record<string, string>> = {
  'Tk103ProtocolDecoderTest.java:53': 'DW5B: a cell tower, Wi-Fi and a time, no coordinates',
};

/**
 * Expected values Trackwire deliberately does not reproduce, each with the evidence from the
 * bytes. They are listed by `npm run corpus` and not counted as matches.
 */
export const DISAGREEMENTS: Readonly<Record<string, { key: string; reason: string }>> = {
  'Gt06ProtocolDecoderTest.java:85': {
    key: 'altitude',
    reason: 'expected -31703 is 0x8429, the CRC read as a signed altitude; the field before the serial says 687 m (the same device says 678 m in :89, which matches)',
  },
  'Gt06ProtocolDecoderTest.java:579': {
    key: 'alarm',
    reason: 'alarm byte 0x19 is "low internal battery" in the GT06 manual and in three other corpus frames; the reference says hardAcceleration only under an LW-model setting nothing in the bytes shows',
  },
};

/** Position fields the corpus lists among attributes. */
const POSITION_KEYS: Record<string, keyof Position> = { speed: 'speedKnots', course: 'course', altitude: 'altitude' };

/** Bytes a decode leaves unexplained: not in a leaf node, nor punctuation inside a group. */
export function coverageGaps(tree: FieldNode[], bytes: Uint8Array): number[] {
  const leaf = new Uint8Array(bytes.length);
  const any = new Uint8Array(bytes.length);
  const walk = (nodes: FieldNode[]) => {
    for (const n of nodes) {
      const target = n.children?.length ? any : leaf;
      for (let i = Math.max(0, n.start); i < Math.min(bytes.length, n.end); i++) target[i] = 1;
      if (n.children) walk(n.children);
    }
  };
  walk(tree);
  const gaps: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (leaf[i]) continue;
    if (any[i] && isPunctuation(bytes[i]!)) continue;
    gaps.push(i);
  }
  return gaps;
}

const isPunctuation = (b: number) => b === 0x20 || b === 0x0d || b === 0x0a || (b > 0x20 && b < 0x7f && !/[0-9A-Za-z]/.test(String.fromCharCode(b)));

function sameValue(expected: unknown, actual: FieldValue | undefined): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) <= Math.max(1e-5, Math.abs(expected) * 1e-9);
  if (typeof expected === 'number' && typeof actual === 'string') return Number(actual) === expected;
  return expected === actual;
}

function positionOk(p: Position): boolean {
  return Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 && !Number.isNaN(Date.parse(p.time));
}

/**
 * Evaluate one frame; `deviceId` carries session context (the id learnt from an earlier frame);
 * `occurrence` counts earlier `frame_decoder` cases of the same test with the same input (the
 * reference test reads one buffer repeatedly: the k-th read expects the k-th frame).
 */
export function evaluateFrame(f: CorpusFrame, deviceId?: string, occurrence = 0): FrameResult {
  const failures: string[] = [];
  const bytes = fromHex(wireHex(f));
  const proto = getProtocol(f.protocol);
  const candidates = detect(bytes, { transport: f.transport }, PROTOCOLS);
  const detected = winner(candidates)?.protocol ?? null;
  if (f.stage === 'decoder' && detected !== f.protocol) failures.push(`detected ${detected ?? 'nothing'}${candidates[0] ? ` (${candidates[0].score})` : ''}, expected ${f.protocol}`);
  const result: FrameResult = { frame: f, detected, failures };
  if (!proto) {
    failures.push(`protocol ${f.protocol} is not registered`);
    return result;
  }
  if (f.stage === 'frame_decoder') {
    checkSplit(proto, f, bytes, failures, occurrence);
    return result;
  }
  let d: DecodedFrame;
  try {
    d = proto.decode(bytes, { transport: f.transport, direction: 'up', deviceId });
  } catch (e) {
    failures.push(`exception: ${(e as Error).stack ?? e}`);
    return result;
  }
  result.decoded = d;
  const e = f.expect;
  const wantsPosition = e.position === true || e.positions === true || e.lat !== undefined;
  // The reference server fills in the last known location for these (attribute checks, and
  // position lists whose location it does not check): never invent one.
  const mayLackPosition = f.check === 'verifyAttributes' || e.check_location === false || f.source in NO_FIX_IN_FRAME;
  if (wantsPosition && !mayLackPosition && d.positions.length === 0) failures.push('no position decoded');
  if (e.position === false && d.positions.length > 0) failures.push('position decoded where the corpus expects none');
  for (const p of d.positions) if (!positionOk(p)) failures.push(`position out of range: ${JSON.stringify(p)}`);
  const checked = e.applies_to === 'every position in the list' ? d.positions : d.positions.slice(0, 1);
  if (e.lat !== undefined) {
    if (!checked.length) failures.push('exact values expected, no position');
    for (const p of checked) {
      if (e.time !== undefined && p.time !== e.time) failures.push(`time ${p.time}, expected ${e.time}`);
      if (e.valid !== undefined && p.valid !== e.valid) failures.push(`valid ${p.valid}, expected ${e.valid}`);
      if (Math.abs(p.lat - e.lat) > 1e-5) failures.push(`lat ${p.lat}, expected ${e.lat}`);
      if (e.lon !== undefined && Math.abs(p.lon - e.lon) > 1e-5) failures.push(`lon ${p.lon}, expected ${e.lon}`);
    }
  }
  for (const [key, want] of Object.entries(e.attributes ?? {})) {
    if (DISAGREEMENTS[f.source]?.key === key) continue;
    const got = key in POSITION_KEYS ? (d.positions[0]?.[POSITION_KEYS[key]!] as FieldValue | undefined) : d.attributes[key];
    if (got !== undefined && !sameValue(want, got)) failures.push(`attribute ${key} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  const hasChecksumIssue = d.issues.some((i) => i.group === 'checksum');
  if (f.checksum && !f.checksum.ok && !hasChecksumIssue) failures.push('bad checksum not flagged');
  if (f.checksum?.ok && hasChecksumIssue) failures.push('good checksum flagged');
  const gaps = coverageGaps(d.tree, bytes);
  if (gaps.length) failures.push(`${gaps.length} byte(s) not covered by any field, first at offset ${gaps[0]}`);
  for (const n of allNodes(d.tree)) {
    if (n.start < 0 || n.end > bytes.length || n.start > n.end) failures.push(`node ${n.id} range [${n.start}, ${n.end}) outside the frame of ${bytes.length}`);
  }
  return result;
}

function checkSplit(proto: ProtocolDescriptor, f: CorpusFrame, bytes: Uint8Array, failures: string[], k: number): void {
  const want = f.expect.frame;
  if (!want) return;
  let cut: Uint8Array | undefined;
  try {
    const s = proto.split(bytes, true); // the input is all there is
    const kth = s.frames[k];
    if (kth) cut = bytes.subarray(kth.start, kth.end);
  } catch (e) {
    failures.push(`exception in split: ${(e as Error).stack ?? e}`);
    return;
  }
  if (!cut) return void failures.push(`split cut no frame, expected ${want}`);
  const plain = proto.plain ? toHex(proto.plain(cut)) : undefined;
  if (toHex(cut) !== want && plain !== want) failures.push(`split cut ${toHex(cut)}${plain ? ` (plain ${plain})` : ''}, expected ${want}`);
}

function* allNodes(nodes: FieldNode[]): Generator<FieldNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* allNodes(n.children);
  }
}

/** Evaluate frames in corpus order, carrying the device id through each test's session. */
export function evaluate(frames: CorpusFrame[]): FrameResult[] {
  const sessions = new Map<string, string>();
  const reads = new Map<string, number>();
  return frames.map((f) => {
    const key = `${f.protocol}|${f.source.split(':')[0]}|${f.test}`;
    const readKey = `${key}|${f.hex}`;
    const k = f.stage === 'frame_decoder' ? reads.get(readKey) ?? 0 : 0;
    if (f.stage === 'frame_decoder') reads.set(readKey, k + 1);
    const r = evaluateFrame(f, sessions.get(key), k);
    if (r.decoded?.deviceId) sessions.set(key, r.decoded.deviceId);
    return r;
  });
}

export function summarise(results: FrameResult[]): ProtocolStats[] {
  const by = new Map<string, ProtocolStats>();
  for (const r of results) {
    const f = r.frame;
    let s = by.get(f.protocol);
    if (!s) {
      s = { protocol: f.protocol, frames: 0, decoderFrames: 0, detectedRight: 0, positionsExpected: 0, positionsDecoded: 0, valuesExpected: 0, valuesMatched: 0, attributesExpected: 0, attributesCarried: 0, attributesMatched: 0, splitsExpected: 0, splitsMatched: 0, checksumBad: 0, checksumFlagged: 0, issues: 0, uncoveredFrames: 0, exceptions: 0 };
      by.set(f.protocol, s);
    }
    s.frames++;
    if (r.failures.some((x) => x.startsWith('exception'))) s.exceptions++;
    if (f.stage === 'frame_decoder') {
      if (f.expect.frame) {
        s.splitsExpected++;
        if (!r.failures.some((x) => x.startsWith('split'))) s.splitsMatched++;
      }
      continue;
    }
    s.decoderFrames++;
    if (r.detected === f.protocol) s.detectedRight++;
    const d = r.decoded;
    const e = f.expect;
    if ((e.position || e.positions || e.lat !== undefined) && f.check !== 'verifyAttributes' && e.check_location !== false && !(f.source in NO_FIX_IN_FRAME)) {
      s.positionsExpected++;
      if (d?.positions.length) s.positionsDecoded++;
    }
    if (e.lat !== undefined) {
      s.valuesExpected++;
      if (!r.failures.some((x) => /^(time|valid|lat|lon|exact)/.test(x))) s.valuesMatched++;
    }
    for (const key of Object.keys(e.attributes ?? {})) {
      s.attributesExpected++;
      const carried = key in POSITION_KEYS ? d?.positions[0]?.[POSITION_KEYS[key]!] !== undefined : d?.attributes[key] !== undefined;
      if (carried) {
        s.attributesCarried++;
        const disagreed = DISAGREEMENTS[f.source]?.key === key;
        if (!disagreed && !r.failures.some((x) => x.startsWith(`attribute ${key} `))) s.attributesMatched++;
      }
    }
    if (f.checksum && !f.checksum.ok) {
      s.checksumBad++;
      if (d?.issues.some((i) => i.group === 'checksum')) s.checksumFlagged++;
    }
    s.issues += d?.issues.length ?? 0;
    if (r.failures.some((x) => x.includes('not covered'))) s.uncoveredFrames++;
  }
  return [...by.values()];
}
