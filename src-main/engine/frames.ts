/**
 * The frame index, columnar and compact: per frame a few typed-array cells (time, session,
 * direction/transport/severity, protocol, message type, device, length, issue count, where its
 * bytes are) and the wire bytes in an append-only arena; about 45 bytes per frame plus the frame
 * itself. Summaries and field trees are decoded again on demand, never kept per frame.
 */
import type { Candidate, DecodedFrame, FieldNode } from '../../parsers/core/types';
import { getProtocol } from '../../parsers/index';
import { toHex } from '../../parsers/core/bytes';
import { collectIssues, issue, leanDecode } from '../../parsers/core/reader';
import type { Direction, FrameDetail, FrameSummary, Transport } from '../api/contract';
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

/** Bytes of one arena chunk; a larger frame gets a chunk of its own. */
const CHUNK = 4 * 1024 * 1024;

/** What stays constant for a session's frames. */
interface SessionMeta {
  id: string;
  source: string;
  local: string;
  candidates: Candidate[];
  /** Frame ids of the session, in order (for the session and device filters). */
  ids: number[];
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
    const decoded = leanDecode(() => decodeWith(input.protocol, input.bytes, input, input.undecodedReason));
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
    return { summary: this.summaryOf(i, decoded.summary), decoded };
  }

  /** The row of frame index `i`; the one-line summary is decoded again unless given. */
  private summaryOf(i: number, text?: string): FrameSummary {
    const meta = this.sessions[this.session[i]!]!;
    const f = this.flags[i]!;
    const protocol = this.strings.get(this.proto[i]!);
    const deviceId = this.strings.get(this.device[i]!);
    const transport: Transport = f & 2 ? 'udp' : 'tcp';
    const direction: Direction = f & 1 ? 'down' : 'up';
    if (text === undefined) {
      const reason = this.reasons.get(i + 1);
      text = leanDecode(() => decodeWith(protocol, this.bytesOf(i), { transport, direction, deviceId: deviceId ?? undefined }, reason)).summary;
    }
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
    const cacheKey = `${key}|${sessionIds?.join(',') ?? '*'}`;
    let c = this.filterCache;
    if (!c || c.key !== cacheKey) c = this.filterCache = { key: cacheKey, upTo: 0, ids: [] };
    const candidates = sessionIds ? this.idsOf(sessionIds) : null;
    const test = (i: number) => {
      const f = this.flags[i]!;
      const protocol = this.strings.get(this.proto[i]!);
      const deviceId = this.strings.get(this.device[i]!);
      const transport: Transport = f & 2 ? 'udp' : 'tcp';
      const direction: Direction = f & 1 ? 'down' : 'up';
      const meta = this.sessions[this.session[i]!]!;
      const decoded = needsTree
        ? leanDecode(() => decodeWith(protocol, this.bytesOf(i), { transport, direction, deviceId: deviceId ?? undefined }, this.reasons.get(i + 1)))
        : undefined;
      return filter.test({ protocol, messageType: this.strings.get(this.type[i]!) ?? '', deviceId, direction, transport, length: this.length[i]!, sessionId: meta.id, source: meta.source, decoded });
    };
    if (candidates) {
      for (const id of candidates) if (id > c.upTo && test(id - 1)) c.ids.push(id);
    } else {
      for (let i = c.upTo; i < this.n; i++) if (test(i)) c.ids.push(i + 1);
    }
    c.upTo = this.n;
    return c.ids;
  }

  private filterCache: { key: string; upTo: number; ids: number[] } | null = null;

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
    const d = decodeWith(s.protocol, bytes, { ...s, deviceId: s.deviceId ?? undefined }, this.reasons.get(id));
    return { ...s, summary: d.summary, hex: toHex(bytes), tree: d.tree, issues: d.issues, candidates: this.sessions[this.session[i]!]!.candidates, positions: d.positions };
  }

  /** Bytes the index holds: columns, arena and tables (for the benchmark's bytes-per-frame). */
  get footprint(): number {
    const cols = this.cap * (8 + 4 + 1 + 2 + 4 + 4 + 4 + 4 + 4 + 4);
    const arena = this.chunks.reduce((n, c) => n + c.length, 0);
    const ids = this.sessions.reduce((n, s) => n + s.ids.length * 8, 0);
    return cols + arena + ids;
  }
}
