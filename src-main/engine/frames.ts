/**
 * The frame index, columnar and compact: per frame a few typed-array cells (time, session,
 * direction/transport/severity, protocol, message type, device, length, issue count, where its
 * bytes are) and the wire bytes in an append-only arena; about 45 bytes per frame plus the frame
 * itself. Summaries and field trees are decoded again on demand, never kept per frame.
 */
import type { Candidate, DecodedFrame, FieldNode, Issue } from '../../parsers/core/types';
import { deviceTimeOffset, lintFrame, type LintState } from '../../parsers/core/lint';
import { inferClock, type ClockEstimate } from './analysis/timezone';
import { getProtocol } from '../../parsers/index';
import { toHex } from '../../parsers/core/bytes';
import { downsample } from '../../parsers/core/downsample';
import { collectIssues, issue, leanDecode } from '../../parsers/core/reader';
import type { Direction, FrameDetail, FrameSummary, TrackPoint, Transport } from '../api/contract';
import { trackPoints } from './positions';
import type { CompiledFilter } from '../../parsers/core/display-filter';

export interface FrameInput {
  time: number;
  sessionId: string;
  transport: Transport;
  source: string;
  local: string;
  direction: Direction;
  protocol: string | null;
  candidates: Candidate[];
  bytes: Uint8Array;
  /** Why these bytes were not cut as a frame (garbage between frames, unknown protocol). */
  undecodedReason?: string;
  /** Device id the session learnt earlier (decode context for frames that omit it). */
  deviceId?: string;
}

/** Decode bytes with the protocol named, or show them as one undecoded node. Never throws. */
export function decodeWith(protocol: string | null, bytes: Uint8Array, ctx: { transport: Transport; direction: Direction; deviceId?: string }, undecodedReason?: string): DecodedFrame {
  const p = protocol && !undecodedReason ? getProtocol(protocol) : undefined;
  if (p) {
    try {
      return p.decode(bytes, { transport: ctx.transport, direction: ctx.direction, deviceId: ctx.deviceId });
    } catch (e) {
      return rawDecode(protocol, bytes, `decoder failed: ${(e as Error).message}`, 'malformed');
    }
  }
  return rawDecode(protocol, bytes, undecodedReason ?? 'no protocol detected for these bytes', 'undecoded');
}

function rawDecode(protocol: string | null, bytes: Uint8Array, reason: string, group: 'malformed' | 'undecoded'): DecodedFrame {
  const node: FieldNode = {
    id: 'data',
    label: 'Data',
    start: 0,
    end: bytes.length,
    value: toHex(bytes),
    display: `${bytes.length} bytes`,
    issues: [issue(group === 'malformed' ? 'core.decoder_error' : 'core.undecoded', group, group === 'malformed' ? 'error' : 'warning', reason)],
  };
  const tree = [node];
  return { protocol: protocol ?? 'unknown', messageType: 'undecoded', positions: [], attributes: {}, tree, issues: collectIssues(tree), summary: reason };
}

const SEVERITY_RANK = { info: 1, warning: 2, error: 3 } as const;
const SEVERITIES: ReadonlyArray<FrameSummary['severity']> = [null, 'info', 'warning', 'error'];

/** Strings seen many times (protocols, message types, device and session ids), stored once. */
class StringTable {
  readonly list: string[] = [''];
  private index = new Map<string, number>();
  /** Its number (0 is reserved for "none"). */
  id(s: string | null | undefined): number {
    if (s === null || s === undefined) return 0;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  get(i: number): string | null {
    return i ? this.list[i]! : null;
  }
}

/** Recent clock offsets kept per device for the time-zone inference (a median over them). */
const CLOCK_SAMPLES = 101;

/** Per device: the lint checks' state and its recent clock offsets (a ring). */
interface DeviceLint {
  state: LintState;
  offsets: number[];
  next: number;
}

/** The first index of ascending `ids` whose id is above `value` (ids.length when none is). */
export function upperBound(ids: readonly number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes of one arena chunk; a larger frame gets a chunk of its own. */
const CHUNK = 4 * 1024 * 1024;
/** Display-filter results kept warm at once (the list's, Find's, an export's). */
const FILTER_CACHE_SIZE = 4;

/** What stays constant for a session's frames. */
interface SessionMeta {
  id: string;
  source: string;
  local: string;
  candidates: Candidate[];
  /** Frame ids of the session, in order (for the session and device filters). */
  ids: number[];
  /** Positions of the first `upTo` of `ids`, extracted once (see `positionsOf`). */
  track?: { upTo: number; points: TrackPoint[] };
}

export class FrameStore {
  private n = 0;
  private cap = 0;
  private time = new Float64Array(0);
  private session = new Uint32Array(0);
  /** bit 0: down; bit 1: UDP; bits 2-3: severity (0 none, 1 info, 2 warning, 3 error). */
  private flags = new Uint8Array(0);
  private proto = new Uint16Array(0);
  private type = new Uint32Array(0);
  private device = new Uint32Array(0);
  private length = new Uint32Array(0);
  private issues = new Uint32Array(0);
  private chunkOf = new Uint32Array(0);
  private posOf = new Uint32Array(0);
  private chunks: Uint8Array[] = [];
  private chunkUsed = 0;
  private strings = new StringTable();
  private sessions: SessionMeta[] = [];
  private sessionIndex = new Map<string, number>();
  private reasons = new Map<number, string>();
  /**
   * GPS/time issues (group `lint`) of the frames that have some, as an index into `lintLists`;
   * they depend on the device's previous frames, so they are found once, on arrival.
   */
  private lint = new Map<number, number>();
  /** Distinct lint issue lists, shared by the frames that have the same one (a GMT+8 clock gives every fix the same). */
  private lintLists: Issue[][] = [];
  private lintListIndex = new Map<string, number>();
  /** Lint state by device id (or `@session` before the device is known). */
  private deviceLint = new Map<string, DeviceLint>();

  get count(): number {
    return this.n;
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const g = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(cap);
      b.set(a);
      return b;
    };
    this.time = g(this.time, Float64Array);
    this.session = g(this.session, Uint32Array);
    this.flags = g(this.flags, Uint8Array);
    this.proto = g(this.proto, Uint16Array);
    this.type = g(this.type, Uint32Array);
    this.device = g(this.device, Uint32Array);
    this.length = g(this.length, Uint32Array);
    this.issues = g(this.issues, Uint32Array);
    this.chunkOf = g(this.chunkOf, Uint32Array);
    this.posOf = g(this.posOf, Uint32Array);
    this.cap = cap;
  }

  /** Copy the frame's bytes into the arena; returns [chunk, position]. */
  private store(bytes: Uint8Array): [number, number] {
    if (bytes.length > CHUNK) {
      this.chunks.push(bytes.slice());
      const c = this.chunks.length - 1;
      // A fresh normal chunk follows, so later frames do not land in this one.
      this.chunks.push(new Uint8Array(CHUNK));
      this.chunkUsed = 0;
      return [c, 0];
    }
    if (!this.chunks.length || this.chunkUsed + bytes.length > CHUNK) {
      this.chunks.push(new Uint8Array(CHUNK));
      this.chunkUsed = 0;
    }
    const c = this.chunks.length - 1;
    const at = this.chunkUsed;
    this.chunks[c]!.set(bytes, at);
    this.chunkUsed += bytes.length;
    return [c, at];
  }

  private bytesOf(i: number): Uint8Array {
    const at = this.posOf[i]!;
    return this.chunks[this.chunkOf[i]!]!.subarray(at, at + this.length[i]!);
  }

  /** Add a frame; decodes it once for the summary and returns the summary and the decode. */
  add(input: FrameInput): { summary: FrameSummary; decoded: DecodedFrame } {
    // The summary needs no display texts: the full tree is decoded again when a frame is opened.
    let decoded = leanDecode(() => decodeWith(input.protocol, input.bytes, input, input.undecodedReason));
    const lint = input.direction === 'up' && !input.undecodedReason ? this.lintOnArrival(decoded, input) : null;
    if (lint) decoded = { ...decoded, issues: [...decoded.issues, ...lint] };
    let severity: FrameSummary['severity'] = null;
    for (const i of decoded.issues) if (!severity || SEVERITY_RANK[i.severity] > SEVERITY_RANK[severity]) severity = i.severity;
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const id = i + 1;
    let si = this.sessionIndex.get(input.sessionId);
    if (si === undefined) {
      si = this.sessions.length;
      this.sessions.push({ id: input.sessionId, source: input.source, local: input.local, candidates: input.candidates, ids: [] });
      this.sessionIndex.set(input.sessionId, si);
    }
    const meta = this.sessions[si]!;
    meta.candidates = input.candidates;
    meta.ids.push(id);
    this.time[i] = input.time;
    this.session[i] = si;
    this.flags[i] = (input.direction === 'down' ? 1 : 0) | (input.transport === 'udp' ? 2 : 0) | ((severity ? SEVERITY_RANK[severity] : 0) << 2);
    this.proto[i] = this.strings.id(input.protocol);
    this.type[i] = this.strings.id(decoded.messageType);
    this.device[i] = this.strings.id(decoded.deviceId ?? null);
    this.length[i] = input.bytes.length;
    this.issues[i] = decoded.issues.length;
    const [c, at] = this.store(input.bytes);
    this.chunkOf[i] = c;
    this.posOf[i] = at;
    if (input.undecodedReason) this.reasons.set(id, input.undecodedReason);
    if (lint) this.lint.set(id, this.internLint(lint));
    return { summary: this.summaryOf(i, decoded.summary), decoded };
  }

  /** The lint issues of an uplink frame (null: none), advancing its device's state and clock samples. */
  private lintOnArrival(decoded: DecodedFrame, input: FrameInput): Issue[] | null {
    if (!decoded.positions.length && decoded.messageType === 'undecoded') return null;
    const key = decoded.deviceId ?? input.deviceId ?? `@${input.sessionId}`;
    let d = this.deviceLint.get(key);
    if (!d) this.deviceLint.set(key, (d = { state: {}, offsets: [], next: 0 }));
    const offset = deviceTimeOffset(decoded, input.time);
    if (offset !== null) {
      d.offsets[d.next] = offset;
      d.next = (d.next + 1) % CLOCK_SAMPLES;
    }
    const issues = lintFrame(decoded, input.time, d.state);
    return issues.length ? issues : null;
  }

  /** The number of this list of lint issues in `lintLists`, added when new. */
  private internLint(issues: Issue[]): number {
    const key = issues.map((i) => `${i.id}\u0000${i.severity}\u0000${i.message}`).join('\u0001');
    let k = this.lintListIndex.get(key);
    if (k === undefined) {
      k = this.lintLists.length;
      this.lintLists.push(issues);
      this.lintListIndex.set(key, k);
    }
    return k;
  }

  /** The lint issues found for frame `id` when it arrived (shared: do not change them). */
  lintOf(id: number): readonly Issue[] {
    const k = this.lint.get(id);
    return k === undefined ? [] : this.lintLists[k]!;
  }

  /** The device clock inferred from its recent fixes (see analysis/timezone.ts), or null without any. */
  clockOf(deviceId: string, protocol: string | null): ClockEstimate | null {
    const d = this.deviceLint.get(deviceId);
    return d ? inferClock(d.offsets, protocol) : null;
  }

  /** Frame `id` decoded lean (no display texts), its lint issues included, with its summary and bytes; null when there is none. */
  decodedLean(id: number): { summary: FrameSummary; decoded: DecodedFrame; bytes: Uint8Array; undecodedReason?: string } | null {
    const f = this.raw(id);
    if (!f) return null;
    return { ...f, decoded: this.withLint(id, this.leanAt(id - 1)) };
  }

  /** A decode of frame `id` with its lint issues added. */
  withLint(id: number, d: DecodedFrame): DecodedFrame {
    const lint = this.lintOf(id);
    return lint.length ? { ...d, issues: [...d.issues, ...lint] } : d;
  }

  /** Frame index `i` decoded again, lean (no display texts), as it was on arrival but without its lint issues. */
  private leanAt(i: number): DecodedFrame {
    const f = this.flags[i]!;
    const context = { transport: (f & 2 ? 'udp' : 'tcp') as Transport, direction: (f & 1 ? 'down' : 'up') as Direction, deviceId: this.strings.get(this.device[i]!) ?? undefined };
    return leanDecode(() => decodeWith(this.strings.get(this.proto[i]!), this.bytesOf(i), context, this.reasons.get(i + 1)));
  }

  /** The row of frame index `i`; the one-line summary is decoded again unless given. */
  private summaryOf(i: number, text?: string): FrameSummary {
    const meta = this.sessions[this.session[i]!]!;
    const f = this.flags[i]!;
    const protocol = this.strings.get(this.proto[i]!);
    const deviceId = this.strings.get(this.device[i]!);
    const transport: Transport = f & 2 ? 'udp' : 'tcp';
    const direction: Direction = f & 1 ? 'down' : 'up';
    if (text === undefined) text = this.leanAt(i).summary;
    return {
      id: i + 1,
      time: this.time[i]!,
      sessionId: meta.id,
      transport,
      source: meta.source,
      local: meta.local,
      direction,
      protocol,
      messageType: this.strings.get(this.type[i]!) ?? '',
      deviceId,
      length: this.length[i]!,
      issueCount: this.issues[i]!,
      severity: SEVERITIES[(f >> 2) & 3]!,
      summary: text,
    };
  }

  /** Attach a device id learnt later in the session to a frame already stored. */
  setDeviceId(id: number, deviceId: string): void {
    const i = id - 1;
    if (i >= 0 && i < this.n && !this.device[i]) this.device[i] = this.strings.id(deviceId);
  }

  list(from: number, count: number): FrameSummary[] {
    const start = Math.max(1, Math.floor(from)) - 1;
    const end = Math.min(this.n, start + Math.max(0, Math.min(count, 10000)));
    const out: FrameSummary[] = [];
    for (let i = start; i < end; i++) out.push(this.summaryOf(i));
    return out;
  }

  /** Frame ids of these sessions merged in frame order. */
  idsOf(sessionIds: readonly string[]): number[] {
    const lists = sessionIds.map((s) => this.sessions[this.sessionIndex.get(s) ?? -1]?.ids ?? []).filter((l) => l.length);
    if (lists.length <= 1) return lists[0] ?? [];
    return lists.flat().sort((a, b) => a - b);
  }

  /** Ids of the sessions the store holds frames of, first frame first, that `test` accepts. */
  sessionIds(test: (sessionId: string) => boolean): string[] {
    return this.sessions.filter((s) => test(s.id)).map((s) => s.id);
  }

  /** Like `list`, within the frames of these sessions; `from` is 1-based within them. */
  listOf(sessionIds: readonly string[], from: number, count: number): FrameSummary[] {
    const ids = this.idsOf(sessionIds);
    const start = Math.max(1, Math.floor(from)) - 1;
    return ids.slice(start, start + Math.max(0, Math.min(count, 10000))).map((id) => this.summaryOf(id - 1));
  }

  /**
   * Ids of the frames (of these sessions, or all) a display filter keeps, in order. Frame-level
   * filters read the columns only; others decode each frame (lean). The last result is kept and
   * extended with frames that arrived since, so paging through a filter costs one pass.
   */
  matching(filter: CompiledFilter, needsTree: boolean, key: string, sessionIds: readonly string[] | null): number[] {
    for (;;) {
      const step = this.matchingStep(filter, needsTree, key, sessionIds, Infinity);
      if (step.done) return step.ids;
    }
  }

  /**
   * `matching` a slice at a time: tests at most `budget` more frames and says whether the result
   * is complete, so the engine can answer sockets between slices of a long filter. Steps for
   * the same filter share one cursor; `tested` and `of` measure the progress.
   */
  matchingStep(filter: CompiledFilter, needsTree: boolean, key: string, sessionIds: readonly string[] | null, budget: number): { ids: number[]; done: boolean; tested: number; of: number } {
    const cacheKey = `${key}|${sessionIds?.join(',') ?? '*'}`;
    let c = this.filterCache.get(cacheKey);
    if (c) this.filterCache.delete(cacheKey);
    else c = { upTo: 0, ids: [] };
    // Most recently used last; a few filters stay warm (the list's, Find's, an export's).
    this.filterCache.set(cacheKey, c);
    if (this.filterCache.size > FILTER_CACHE_SIZE) this.filterCache.delete(this.filterCache.keys().next().value!);
    const test = (i: number) => {
      const f = this.flags[i]!;
      const protocol = this.strings.get(this.proto[i]!);
      const deviceId = this.strings.get(this.device[i]!);
      const transport: Transport = f & 2 ? 'udp' : 'tcp';
      const direction: Direction = f & 1 ? 'down' : 'up';
      const meta = this.sessions[this.session[i]!]!;
      const decoded = needsTree ? this.withLint(i + 1, this.leanAt(i)) : undefined;
      return filter.test({ protocol, messageType: this.strings.get(this.type[i]!) ?? '', deviceId, direction, transport, length: this.length[i]!, sessionId: meta.id, source: meta.source, decoded });
    };
    const end = this.n;
    if (sessionIds) {
      const candidates = this.idsOf(sessionIds);
      // The first candidate not tested yet.
      const lo = upperBound(candidates, c.upTo);
      const stop = Math.min(candidates.length, lo + budget);
      for (let k = lo; k < stop; k++) {
        const id = candidates[k]!;
        if (test(id - 1)) c.ids.push(id);
        c.upTo = id;
      }
      const done = stop >= candidates.length;
      if (done) c.upTo = end;
      return { ids: c.ids, done, tested: stop, of: candidates.length };
    }
    const stop = Math.min(end, c.upTo + budget);
    for (let i = c.upTo; i < stop; i++) if (test(i)) c.ids.push(i + 1);
    c.upTo = stop;
    return { ids: c.ids, done: stop >= end, tested: stop, of: end };
  }

  private filterCache = new Map<string, { upTo: number; ids: number[] }>();

  /**
   * The next frame after (or before, `backwards`) `fromId` among `ids` (all frames when null)
   * that `test` accepts, wrapping around once; null when none does.
   */
  find(ids: readonly number[] | null, fromId: number, backwards: boolean, test: (id: number) => boolean): number | null {
    const n = ids ? ids.length : this.n;
    if (n === 0) return null;
    const idAt = (k: number) => (ids ? ids[k]! : k + 1);
    // Position of the first candidate after fromId (or the last before it).
    const lo = ids ? upperBound(ids, fromId) : Math.min(n, Math.max(0, Math.floor(fromId)));
    const start = backwards ? lo - 1 - (lo > 0 && idAt(lo - 1) === fromId ? 1 : 0) : lo;
    for (let step = 0; step < n; step++) {
      const k = backwards ? (((start - step) % n) + n) % n : (start + step) % n;
      const id = idAt(k);
      if (test(id)) return id;
    }
    return null;
  }

  /** Whether the frame's summary columns (protocol, type, device, source, summary) contain `needle` (lower case). */
  textMatches(id: number, needle: string): boolean {
    const i = id - 1;
    if (!(i >= 0 && i < this.n)) return false;
    const s = this.summaryOf(i);
    return [s.protocol ?? '', s.messageType, s.deviceId ?? '', s.source, s.summary].some((t) => t.toLowerCase().includes(needle));
  }

  /** Whether the frame's wire bytes contain `needle`. */
  bytesMatch(id: number, needle: Uint8Array): boolean {
    const i = id - 1;
    if (!(i >= 0 && i < this.n) || needle.length === 0) return false;
    const b = this.bytesOf(i);
    outer: for (let k = 0; k + needle.length <= b.length; k++) {
      for (let j = 0; j < needle.length; j++) if (b[k + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }

  /** Rows of frame ids, `from` 1-based within them. */
  rows(ids: readonly number[], from: number, count: number): FrameSummary[] {
    const start = Math.max(1, Math.floor(from)) - 1;
    return ids.slice(start, start + Math.max(0, Math.min(count, 10000))).map((id) => this.summaryOf(id - 1));
  }

  /** The stored frame: its summary and wire bytes (for exports). */
  raw(id: number): { summary: FrameSummary; bytes: Uint8Array; undecodedReason?: string } | null {
    const i = id - 1;
    if (!(i >= 0 && i < this.n)) return null;
    return { summary: this.summaryOf(i, ''), bytes: this.bytesOf(i), undecodedReason: this.reasons.get(id) };
  }

  detail(id: number): FrameDetail | null {
    const i = id - 1;
    if (!(i >= 0 && i < this.n)) return null;
    const s = this.summaryOf(i, '');
    const bytes = this.bytesOf(i);
    const d = this.withLint(id, decodeWith(s.protocol, bytes, { ...s, deviceId: s.deviceId ?? undefined }, this.reasons.get(id)));
    return { ...s, summary: d.summary, hex: toHex(bytes), tree: d.tree, issues: d.issues, candidates: this.sessions[this.session[i]!]!.candidates, positions: d.positions };
  }

  /**
   * The positions in these sessions' uplink frames, in frame order, evenly downsampled to `limit`.
   * Each session's points are extracted once (lean decode) and extended with frames that came since.
   */
  positionsOf(sessionIds: readonly string[], limit: number): TrackPoint[] {
    const lists: TrackPoint[][] = [];
    for (const sid of new Set(sessionIds)) {
      const meta = this.sessions[this.sessionIndex.get(sid) ?? -1];
      if (!meta) continue;
      const t = (meta.track ??= { upTo: 0, points: [] });
      for (; t.upTo < meta.ids.length; t.upTo++) {
        const id = meta.ids[t.upTo]!;
        const i = id - 1;
        const f = this.flags[i]!;
        if (f & 1 || this.reasons.has(id) || !this.proto[i]) continue;
        const decoded = this.leanAt(i);
        if (decoded.positions.length) t.points.push(...trackPoints(decoded.positions, id, this.time[i]!));
      }
      if (t.points.length) lists.push(t.points);
    }
    if (lists.length <= 1) return downsample(lists[0] ?? [], limit);
    // A device's sessions mostly follow one another; interleaved ones (reconnect overlap) are sorted.
    const all = lists.flat();
    for (let k = 1; k < all.length; k++) {
      if (all[k]!.frameId < all[k - 1]!.frameId) {
        all.sort((a, b) => a.frameId - b.frameId);
        break;
      }
    }
    return downsample(all, limit);
  }

  /** Bytes the index holds: columns, arena and tables (for the benchmark's bytes-per-frame). */
  get footprint(): number {
    const cols = this.cap * (8 + 4 + 1 + 2 + 4 + 4 + 4 + 4 + 4 + 4);
    const arena = this.chunks.reduce((n, c) => n + c.length, 0);
    const ids = this.sessions.reduce((n, s) => n + s.ids.length * 8, 0);
    return cols + arena + ids;
  }
}
