/**
 * The profile of a traffic source, for the firmware A/B comparison: frames go in one at a time
 * (a capture of any size streams through), and what stays is bounded summaries — never the trees:
 *
 * - per (protocol, direction, message type): count, first/last time and frame, traits (codec,
 *   header variant), checksum presence and failures, the answer each uplink got and what the device
 *   sent after each answer;
 * - per field (by field id, within the message type): frames carrying it, value kinds, byte
 *   lengths (≤ MAX_LENGTHS), numeric min/max, enum values (≤ MAX_ENUM_VALUES), an example frame;
 * - per protocol and device: intervals between location reports and between heartbeats (fine
 *   log-scale histograms), and sessions per device (reconnects).
 *
 * Field ids are the stable dotted ids of the decoders; a node under a per-instance group (an id
 * ending in a number, like Teltonika's `teltonika.io.66`) is keyed by that group
 * (`teltonika.io.66.value`), so the IO elements of a record are told apart.
 */
import type { DecodedFrame, FieldNode } from '../../../parsers/core/types';
import { getProtocol } from '../../../parsers/index';
import { CODECS } from '../../../parsers/teltonika/fields';
import type { Direction } from '../../api/contract';
import { fieldDef } from './field-defs';

/** One frame as the profile sees it (a lean decode is enough: ids, ranges, values, issues). */
export interface ProfileFrame {
  /** Frame number in the source, 1-based. */
  id: number;
  /** Capture time, ms since the epoch. */
  time: number;
  sessionId: string;
  direction: Direction;
  transport: 'tcp' | 'udp';
  /** null: bytes no protocol decodes. */
  protocol: string | null;
  /** The device of the frame's session, when known. */
  deviceId: string | null;
  bytes: Uint8Array;
  decoded: DecodedFrame;
}

/** Example frames kept per item. */
export const MAX_EXAMPLES = 3;
/** Distinct values kept per enumerated field (more: the field is not compared by values). */
export const MAX_ENUM_VALUES = 32;
/** Distinct byte lengths kept per field (more: variable length). */
export const MAX_LENGTHS = 16;
/** Message types kept per source; further ones are counted under OTHER_TYPE. */
export const MAX_TYPES = 1000;
/** Field ids kept per message type. */
export const MAX_FIELDS = 2000;
/** Distinct trait values, answers and follow-ups kept per message type. */
const MAX_VALUES = 32;
/** Uplinks per session still awaiting an answer; older ones count as unanswered. */
const MAX_PENDING = 16;
/** Sessions tracked for reconnects (beyond: counted, not attributed to devices). */
const MAX_SESSIONS = 200_000;
/** Devices tracked for intervals. */
const MAX_DEVICES = 100_000;

export const OTHER_TYPE = '(other types)';
/** The answer value of an uplink nothing answered. */
export const NO_ANSWER = '(none)';
export const LOCATION_REPORTS = 'location reports';
export const HEARTBEATS = 'heartbeats';

/** Message types counted as heartbeats (keep-alives) across protocols. */
const HEARTBEAT_TYPE = /^(heartbeat|ping|keep-?alive|link|handshake)\b/i;

/** Examples: the first few frame ids. */
function addExample(list: number[], id: number): void {
  if (list.length < MAX_EXAMPLES) list.push(id);
}

export interface Counted {
  count: number;
  examples: number[];
}

/** A bounded tally of string values with examples; values beyond `max` are counted in `overflow`. */
export class Tally {
  readonly values = new Map<string, Counted>();
  overflow = 0;
  total = 0;
  constructor(private readonly max = MAX_VALUES) {}
  add(value: string, example: number): void {
    this.total++;
    let c = this.values.get(value);
    if (!c) {
      if (this.values.size >= this.max) {
        this.overflow++;
        return;
      }
      c = { count: 0, examples: [] };
      this.values.set(value, c);
    }
    c.count++;
    addExample(c.examples, example);
  }
  /** The most frequent value and its share of all, or null when empty. */
  dominant(): { value: string; share: number } | null {
    let best: [string, Counted] | null = null;
    for (const e of this.values) if (!best || e[1].count > best[1].count) best = e;
    return best ? { value: best[0], share: best[1].count / Math.max(1, this.total) } : null;
  }
}

export interface FieldStats {
  key: string;
  /** The decoder's field id (the table's), which `key` may qualify with an instance group. */
  id: string;
  /** Frames of the type that carry it. */
  frames: number;
  occurrences: number;
  /** typeof value: number, string, boolean, null; `group` for nodes with children, `none` for no value. */
  kinds: Tally;
  /** Byte lengths of leaf nodes. */
  lengths: Tally;
  min: number | null;
  max: number | null;
  /** Values of fields whose table lists an enum (null once more than MAX_ENUM_VALUES). */
  enumValues: Tally | null;
  /** The first frames that carry it. */
  examples: number[];
  /** The key of the node it sits in (first seen), null at the top. */
  parent: string | null;
  /** Internal: the last frame counted in `frames`. */
  lastFrame: number;
}

export interface TypeStats {
  protocol: string;
  direction: Direction;
  messageType: string;
  count: number;
  firstTime: number;
  lastTime: number;
  firstId: number;
  lastId: number;
  examples: number[];
  fields: Map<string, FieldStats>;
  /** Field ids not kept (MAX_FIELDS). */
  fieldsOmitted: number;
  /** Frames that are printable text (field widths follow their values there). */
  textFrames: number;
  codecs: Tally;
  variants: Tally;
  /** Frames with a checksum on the wire, and of those the ones whose checksum fails. */
  checksummed: number;
  checksumExamples: number[];
  badChecksums: number;
  badChecksumExamples: number[];
  /** Uplinks: what answered them (message type of the downlink, or NO_ANSWER). */
  answers: Tally;
  /** Downlinks: the message type the device sent next in the session. */
  followUps: Tally;
}

/** Log-scale histogram of intervals: 2 % wide buckets (a few hundred for ms .. days), examples per bucket. */
export class IntervalHistogram {
  static readonly STEP = Math.log(1.02);
  readonly buckets = new Map<number, { count: number; sum: number; example: [number, number] }>();
  count = 0;
  add(ms: number, from: number, to: number): void {
    const k = ms < 1 ? -1 : Math.floor(Math.log(ms) / IntervalHistogram.STEP);
    const b = this.buckets.get(k);
    if (b) {
      b.count++;
      b.sum += ms;
    } else this.buckets.set(k, { count: 1, sum: ms, example: [from, to] });
    this.count++;
  }
  /** Representative value (ms) of bucket k: its geometric middle. */
  static value(k: number): number {
    return k < 0 ? 0 : Math.exp((k + 0.5) * IntervalHistogram.STEP);
  }
  /** The interval at fraction q (0..1) — the mean of its bucket — and an example pair of frames from it; null when empty. */
  quantile(q: number): { ms: number; example: [number, number] } | null {
    if (!this.count) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const k of [...this.buckets.keys()].sort((x, y) => x - y)) {
      const b = this.buckets.get(k)!;
      seen += b.count;
      if (seen >= rank) return { ms: b.sum / b.count, example: b.example };
    }
    return null;
  }
  /** Counts over coarse display buckets with these upper edges (ms); the last bucket is open. */
  coarse(edges: readonly number[]): number[] {
    const out = new Array<number>(edges.length + 1).fill(0);
    for (const [k, b] of this.buckets) {
      const v = IntervalHistogram.value(k);
      let i = 0;
      while (i < edges.length && v >= edges[i]!) i++;
      out[i]! += b.count;
    }
    return out;
  }
}

export interface DeviceTiming {
  lastLocation: { time: number; id: number } | null;
  lastHeartbeat: { time: number; id: number } | null;
}

export interface SessionTrack {
  protocol: string;
  deviceId: string | null;
  firstTime: number;
  lastTime: number;
  firstId: number;
  /** Uplinks awaiting an answer: message type key, frame id, the bytes a server would answer. */
  pending: Array<{ key: string; id: number; expected: Uint8Array | null }>;
  /** The downlink type just seen, whose follow-up is the next uplink. */
  lastAnswer: string | null;
}

export interface ProtocolTiming {
  location: IntervalHistogram;
  heartbeat: IntervalHistogram;
}

export interface Profile {
  frames: number;
  framesUp: number;
  framesDown: number;
  undecoded: number;
  firstTime: number | null;
  lastTime: number | null;
  /** Keyed by typeKey(protocol, direction, messageType). */
  types: Map<string, TypeStats>;
  timing: Map<string, ProtocolTiming>;
  sessions: Map<string, SessionTrack>;
  /** Sessions beyond MAX_SESSIONS (not tracked). */
  sessionsOmitted: number;
  devices: Set<string>;
}

export function typeKey(protocol: string, direction: Direction, messageType: string): string {
  return `${protocol}\u0000${direction}\u0000${messageType}`;
}

/** Protocol traits read from a frame: which fields they consume, and how they read them. */
interface TraitReader {
  /** Fields that ARE the trait: not compared field by field. */
  fields: readonly string[];
  codec?(values: ReadonlyMap<string, FieldNode>): string | undefined;
  variant?(values: ReadonlyMap<string, FieldNode>): string | undefined;
}

const hex = (v: unknown, digits: number) => (typeof v === 'number' ? v.toString(16).padStart(digits, '0') : String(v));

/** Per protocol: codec and framing variant. The transport is part of every variant. */
const TRAITS: Readonly<Record<string, TraitReader>> = {
  teltonika: {
    fields: ['teltonika.codec'],
    codec: (v) => {
      const c = v.get('teltonika.codec')?.value;
      return c === undefined ? undefined : typeof c === 'number' ? CODECS[c] ?? `codec 0x${hex(c, 2)}` : String(c);
    },
  },
  gt06: {
    fields: ['gt06.header'],
    variant: (v) => (v.has('gt06.header') ? hex(v.get('gt06.header')!.value, 4) : undefined),
  },
  jt808: {
    fields: ['jt808.header.version'],
    variant: (v) => (v.has('jt808.header') ? (v.has('jt808.header.version') ? 'JT/T 808-2019' : 'JT/T 808-2013') : undefined),
  },
  h02: {
    fields: [],
    variant: (v) => (v.has('h02.binary') ? 'binary' : 'text'),
  },
};

/** Ids of groups whose children are keyed by them: the last segment is a number (IO ids, item ids). */
const INSTANCE = /\.(\d+|0x[0-9a-f]+)$/i;

/** The comparison key of a node under `parentKey`. */
export function fieldKey(id: string, parentKey: string | null): string {
  if (parentKey && INSTANCE.test(parentKey) && !id.startsWith(`${parentKey}.`)) return `${parentKey}.${id.slice(id.lastIndexOf('.') + 1)}`;
  return id;
}

function newType(protocol: string, direction: Direction, messageType: string, f: ProfileFrame): TypeStats {
  return {
    protocol,
    direction,
    messageType,
    count: 0,
    firstTime: f.time,
    lastTime: f.time,
    firstId: f.id,
    lastId: f.id,
    examples: [],
    fields: new Map(),
    fieldsOmitted: 0,
    textFrames: 0,
    codecs: new Tally(),
    variants: new Tally(),
    checksummed: 0,
    checksumExamples: [],
    badChecksums: 0,
    badChecksumExamples: [],
    answers: new Tally(),
    followUps: new Tally(),
  };
}

/** Builds a Profile from frames added in source order; `finish` settles what is still open. */
export class ProfileBuilder {
  private readonly p: Profile = {
    frames: 0,
    framesUp: 0,
    framesDown: 0,
    undecoded: 0,
    firstTime: null,
    lastTime: null,
    types: new Map(),
    timing: new Map(),
    sessions: new Map(),
    sessionsOmitted: 0,
    devices: new Set(),
  };
  private readonly deviceTiming = new Map<string, DeviceTiming>();

  add(f: ProfileFrame): void {
    const p = this.p;
    p.frames++;
    if (f.direction === 'up') p.framesUp++;
    else p.framesDown++;
    p.firstTime = p.firstTime === null ? f.time : Math.min(p.firstTime, f.time);
    p.lastTime = p.lastTime === null ? f.time : Math.max(p.lastTime, f.time);
    const decoded = f.decoded;
    const undecoded = !f.protocol || decoded.messageType === 'undecoded';
    if (undecoded) p.undecoded++;
    const protocol = f.protocol ?? 'unknown';
    if (f.deviceId && p.devices.size < MAX_DEVICES) p.devices.add(f.deviceId);

    let key = typeKey(protocol, f.direction, decoded.messageType);
    let t = p.types.get(key);
    if (!t) {
      if (p.types.size >= MAX_TYPES) key = typeKey(protocol, f.direction, OTHER_TYPE);
      t = p.types.get(key);
      if (!t) {
        t = newType(protocol, f.direction, p.types.size >= MAX_TYPES ? OTHER_TYPE : decoded.messageType, f);
        p.types.set(key, t);
      }
    }
    t.count++;
    if (f.time < t.firstTime) t.firstTime = f.time;
    if (f.time >= t.lastTime) {
      t.lastTime = f.time;
      t.lastId = f.id;
    }
    addExample(t.examples, f.id);
    if (!undecoded) this.fields(t, f);
    this.session(key, t, f, protocol);
    if (f.direction === 'up' && !undecoded) this.timing(protocol, f);
  }

  /** Walk the tree: field stats, traits, checksums. */
  private fields(t: TypeStats, f: ProfileFrame): void {
    const reader = TRAITS[f.protocol!];
    const traitFields = new Map<string, FieldNode>();
    let checksum = false;
    const walk = (nodes: readonly FieldNode[], parentKey: string | null) => {
      for (const n of nodes) {
        if (n.generated) continue;
        traitFields.set(n.id, n);
        const key = fieldKey(n.id, parentKey);
        const def = fieldDef(n.id);
        if (def?.type === 'checksum') checksum = true;
        if (!reader?.fields.includes(n.id)) this.field(t, f.id, key, parentKey, n, def?.enum !== undefined);
        if (n.children?.length) walk(n.children, key);
      }
    };
    walk(f.decoded.tree, null);
    if (isText(f.bytes)) t.textFrames++;
    const codec = reader?.codec?.(traitFields);
    if (codec !== undefined) t.codecs.add(codec, f.id);
    const variant = reader?.variant?.(traitFields);
    t.variants.add(variant === undefined ? f.transport.toUpperCase() : `${f.transport.toUpperCase()} ${variant}`, f.id);
    if (checksum) {
      t.checksummed++;
      if (f.decoded.issues.some((i) => i.group === 'checksum')) {
        t.badChecksums++;
        addExample(t.badChecksumExamples, f.id);
      } else addExample(t.checksumExamples, f.id);
    }
  }

  private field(t: TypeStats, frameId: number, key: string, parent: string | null, n: FieldNode, isEnum: boolean): void {
    let s = t.fields.get(key);
    if (!s) {
      if (t.fields.size >= MAX_FIELDS) {
        t.fieldsOmitted++;
        return;
      }
      s = { key, id: n.id, frames: 0, occurrences: 0, kinds: new Tally(8), lengths: new Tally(MAX_LENGTHS), min: null, max: null, enumValues: isEnum ? new Tally(MAX_ENUM_VALUES) : null, examples: [], parent, lastFrame: 0 };
      t.fields.set(key, s);
    }
    s.occurrences++;
    if (s.lastFrame !== frameId) {
      s.frames++;
      s.lastFrame = frameId;
      addExample(s.examples, frameId);
    }
    const group = !!n.children?.length;
    const v = n.value;
    s.kinds.add(group ? 'group' : v === undefined ? 'none' : v === null ? 'null' : typeof v, frameId);
    if (group) return;
    s.lengths.add(String(n.end - n.start), frameId);
    if (typeof v === 'number' && Number.isFinite(v)) {
      s.min = s.min === null ? v : Math.min(s.min, v);
      s.max = s.max === null ? v : Math.max(s.max, v);
    }
    if (s.enumValues && v !== undefined) {
      s.enumValues.add(String(v), frameId);
      if (s.enumValues.overflow) s.enumValues = null;
    }
  }

  /** Sessions (reconnects), answers and follow-ups. */
  private session(key: string, t: TypeStats, f: ProfileFrame, protocol: string): void {
    const p = this.p;
    let s = p.sessions.get(f.sessionId);
    if (!s) {
      if (p.sessions.size >= MAX_SESSIONS) {
        p.sessionsOmitted++;
        return;
      }
      s = { protocol, deviceId: f.deviceId, firstTime: f.time, lastTime: f.time, firstId: f.id, pending: [], lastAnswer: null };
      p.sessions.set(f.sessionId, s);
    }
    if (protocol !== 'unknown' && s.protocol === 'unknown') s.protocol = protocol;
    s.deviceId ??= f.deviceId;
    s.lastTime = Math.max(s.lastTime, f.time);
    if (f.direction === 'up') {
      if (s.lastAnswer !== null) {
        p.types.get(s.lastAnswer)?.followUps.add(t.messageType, f.id);
        s.lastAnswer = null;
      }
      let expected: Uint8Array | null = null;
      const desc = f.protocol ? getProtocol(f.protocol) : undefined;
      if (desc) {
        try {
          expected = desc.respond(f.bytes, f.decoded);
        } catch {
          expected = null;
        }
      }
      s.pending.push({ key, id: f.id, expected });
      if (s.pending.length > MAX_PENDING) this.unanswered(s.pending.shift()!);
      return;
    }
    // A downlink answers the oldest pending uplink a server would answer with exactly these bytes,
    // else the oldest that expects an answer at all, else the oldest; older ones went unanswered.
    if (s.pending.length) {
      let at = s.pending.findIndex((u) => u.expected !== null && sameBytes(u.expected, f.bytes));
      if (at < 0) at = s.pending.findIndex((u) => u.expected !== null);
      if (at < 0) at = 0;
      for (const u of s.pending.splice(0, at)) this.unanswered(u);
      const u = s.pending.shift()!;
      p.types.get(u.key)?.answers.add(t.messageType, u.id);
    }
    s.lastAnswer = key;
  }

  private unanswered(u: { key: string; id: number }): void {
    this.p.types.get(u.key)?.answers.add(NO_ANSWER, u.id);
  }

  /** Intervals between a device's location reports and between its heartbeats. */
  private timing(protocol: string, f: ProfileFrame): void {
    const location = f.decoded.positions.length > 0;
    const heartbeat = !location && HEARTBEAT_TYPE.test(f.decoded.messageType);
    if (!location && !heartbeat) return;
    const dev = f.deviceId ?? `session ${f.sessionId}`;
    let d = this.deviceTiming.get(dev);
    if (!d) {
      if (this.deviceTiming.size >= MAX_DEVICES) return;
      d = { lastLocation: null, lastHeartbeat: null };
      this.deviceTiming.set(dev, d);
    }
    let pt = this.p.timing.get(protocol);
    if (!pt) {
      pt = { location: new IntervalHistogram(), heartbeat: new IntervalHistogram() };
      this.p.timing.set(protocol, pt);
    }
    const last = location ? d.lastLocation : d.lastHeartbeat;
    if (last) (location ? pt.location : pt.heartbeat).add(f.time - last.time, last.id, f.id);
    const now = { time: f.time, id: f.id };
    if (location) d.lastLocation = now;
    else d.lastHeartbeat = now;
  }

  /** The profile; uplinks still awaiting an answer count as unanswered. */
  finish(): Profile {
    for (const s of this.p.sessions.values()) {
      for (const u of s.pending) this.unanswered(u);
      s.pending = [];
    }
    return this.p;
  }
}

/** Printable ASCII (tab, CR and LF allowed): a text protocol's frame. */
function isText(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if ((c < 0x20 || c > 0x7e) && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return b.length > 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
