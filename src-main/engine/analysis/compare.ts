/**
 * The firmware A/B comparison: two profiles (profile.ts) diffed by protocol, direction and message
 * type into a list of differences, each with example frames on both sides.
 *
 * What counts as a difference is the FORMAT and BEHAVIOUR of the traffic, never its values:
 * - message types and fields (by id) present on one side only — when the other side, at the rate
 *   this side shows them, would have shown them at least MIN_EXPECTED times (a rare alarm seen
 *   once is listed in the tables, not reported);
 * - a field's value kind, or its byte length where that is format (binary frames; a text field's
 *   width follows its value) — each side showing one kind/length over ≥ MIN_SAMPLES occurrences;
 * - the values of enumerated fields (their table names the values), with the same MIN_EXPECTED;
 * - numeric ranges only where a measured field's magnitude moved by RANGE_SCALE or more (a unit or
 *   resolution change): positions, speeds, times and counters differ between any two runs;
 * - codec and framing variant; a codec/variant change takes the message type's field differences
 *   along as its details (the codec defines the field widths);
 * - checksums present on one side only, or bad-checksum shares ≥ CHECKSUM_SHARE apart;
 * - the answer an uplink type mostly gets, and what the device mostly sends after an answer
 *   (each side's majority ≥ DOMINANT_SHARE); a new downlink type that only answers a new uplink
 *   type is folded into that type's difference;
 * - median report/heartbeat interval per device apart by > INTERVAL_RATIO and > INTERVAL_MIN_MS;
 * - reconnects per device apart by ≥ RECONNECTS_MIN and a factor RECONNECTS_RATIO per hour.
 */
import type { Comparison, Difference, DifferenceKind, FieldRow, FieldSide, Histogram, MessageTypeRow, MessageTypeSide, ReconnectSide, FileSourceSpec, TimingRow } from '../../api/comparison';
import type { Direction } from '../../api/contract';
import { fieldDef } from './field-defs';
import { HEARTBEATS, IntervalHistogram, LOCATION_REPORTS, NO_ANSWER, type FieldStats, type Profile, type Tally, type TypeStats } from './profile';
import { loadSource, type LoadedSource, type SourceOptions } from './source';

/** Occurrences the side lacking something would have shown, at the other side's rate, before its absence is a difference. */
export const MIN_EXPECTED = 2;
/** Frames (or occurrences) each side needs before kinds, lengths, ranges, checksums and answers are compared. */
export const MIN_SAMPLES = 3;
/** Interval medians must differ by more than this fraction (of the smaller) … */
export const INTERVAL_RATIO = 0.2;
/** … and by more than this many milliseconds: timer jitter and network delay stay below both. */
export const INTERVAL_MIN_MS = 2000;
/** Intervals each side needs before medians are compared. */
export const MIN_INTERVALS = 3;
/** A measured field's largest magnitude must change by this factor to count as a change of scale. */
export const RANGE_SCALE = 100;
/** Bad-checksum shares must be this far apart (0..1). */
export const CHECKSUM_SHARE = 0.5;
/** The majority answer (or follow-up) must have at least this share on each side to be compared. */
export const DOMINANT_SHARE = 0.6;
/** Reconnects per device must differ by at least this … */
export const RECONNECTS_MIN = 1;
/** … and their rates per device-hour by this factor (or be zero on one side). */
export const RECONNECTS_RATIO = 2;

export const THRESHOLDS: Record<string, number> = {
  MIN_EXPECTED, MIN_SAMPLES, INTERVAL_RATIO, INTERVAL_MIN_MS, MIN_INTERVALS, RANGE_SCALE, CHECKSUM_SHARE, DOMINANT_SHARE, RECONNECTS_MIN, RECONNECTS_RATIO,
};

/** Upper edges (ms) of the histogram buckets shown in reports; the last bucket is open. */
export const DISPLAY_EDGES_MS: readonly number[] = [1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/** The order differences are listed in within a protocol. */
const KIND_ORDER: readonly DifferenceKind[] = [
  'message-type-added', 'message-type-removed', 'codec-changed', 'header-variant-changed', 'checksum-changed', 'answer-changed',
  'field-added', 'field-removed', 'field-changed', 'enum-values-changed', 'range-changed', 'interval-changed', 'reconnects-changed',
];

/** Types of fields whose byte width follows the value, not the format. */
const VALUE_WIDTH_TYPES: ReadonlySet<string> = new Set(['ascii']);

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** `8 s`, `1.5 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(s < 10 ? 1 : 0))} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${Math.round(s % 60) ? ` ${Math.round(s % 60)} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** Read both capture files (at the same time) and compare them. */
export async function compareSources(a: FileSourceSpec, b: FileSourceSpec, opts: SourceOptions = {}): Promise<Comparison> {
  const [la, lb] = await Promise.all([loadSource(a, opts), loadSource(b, opts)]);
  return compareProfiles(la, lb);
}

/** A tally's values with shares, most frequent first: `codec 8 (100 %)`. */
function describeTally(t: Tally, name: (v: string) => string = (v) => v): string {
  if (!t.values.size) return 'none';
  return [...t.values]
    .sort((x, y) => y[1].count - x[1].count)
    .map(([v, c]) => (t.values.size === 1 ? name(v) : `${name(v)} (${pct(c.count / Math.max(1, t.total))})`))
    .join(', ');
}

/** Values one tally shows often enough that the other (over `otherTotal` samples) would have shown them. */
function significantOnly(mine: Tally, other: Tally, otherTotal: number): string[] {
  const out: string[] = [];
  for (const [v, c] of mine.values) {
    if (other.values.has(v)) continue;
    if ((c.count / Math.max(1, mine.total)) * otherTotal >= MIN_EXPECTED) out.push(v);
  }
  return out;
}

/** Examples of these values in a tally (or of its most frequent value). */
function examplesOf(t: Tally, values: readonly string[]): number[] {
  const out: number[] = [];
  const pick = values.length ? values : [t.dominant()?.value ?? ''];
  for (const v of pick) for (const id of t.values.get(v)?.examples ?? []) if (out.length < 3 && !out.includes(id)) out.push(id);
  return out;
}

/** A profile's frames in one direction (the denominator of a message type's share). */
function framesIn(p: Profile, dir: Direction): number {
  return dir === 'up' ? p.framesUp : p.framesDown;
}

class Differ {
  readonly out: Difference[] = [];
  constructor(
    private readonly A: Profile,
    private readonly B: Profile,
  ) {}

  add(d: Difference): Difference {
    this.out.push(d);
    return d;
  }

  /** Message types only one side shows. */
  presence(keys: string[]): Map<string, Difference> {
    const made = new Map<string, Difference>();
    for (const key of keys) {
      const ta = this.A.types.get(key);
      const tb = this.B.types.get(key);
      if (ta && tb) continue;
      const t = (ta ?? tb)!;
      const mine = ta ? this.A : this.B;
      const other = ta ? this.B : this.A;
      // Scaled by all frames, not the direction's: a server that stops answering has no downlinks at all.
      const expected = (t.count / Math.max(1, mine.frames)) * other.frames;
      if (expected < MIN_EXPECTED) continue;
      const text = `${t.count} frames (${pct(t.count / Math.max(1, framesIn(mine, t.direction)))})`;
      made.set(
        key,
        this.add({
          kind: ta ? 'message-type-removed' : 'message-type-added',
          protocol: t.protocol,
          direction: t.direction,
          messageType: t.messageType,
          a: ta ? text : 'absent',
          b: ta ? 'absent' : text,
          examples: { a: ta ? [...t.examples] : [], b: ta ? [] : [...t.examples] },
        }),
      );
    }
    return made;
  }

  /** Codec, variant, checksum, answers and fields of a type both sides show. */
  both(ta: TypeStats, tb: TypeStats): { answer?: Difference } {
    const base = { protocol: ta.protocol, direction: ta.direction, messageType: ta.messageType };
    let format: Difference | undefined;
    for (const [kind, pa, pb] of [
      ['codec-changed', ta.codecs, tb.codecs],
      ['header-variant-changed', ta.variants, tb.variants],
    ] as const) {
      const onlyA = significantOnly(pa, pb, pb.total);
      const onlyB = significantOnly(pb, pa, pa.total);
      if (!onlyA.length && !onlyB.length) continue;
      const d = this.add({ kind, ...base, a: describeTally(pa), b: describeTally(pb), examples: { a: examplesOf(pa, onlyA), b: examplesOf(pb, onlyB) } });
      format ??= d;
    }
    this.checksums(ta, tb, base);
    const answer = this.answers(ta, tb, base);
    const fieldDiffs = this.fields(ta, tb);
    if (format) {
      // The codec/variant decides the layout: its field differences are its consequences.
      if (fieldDiffs.length) format.details = fieldDiffs.map((d) => `${d.kind === 'field-changed' ? '' : `${d.kind.replace('-', ' ')}: `}${d.fieldId} ${d.a} → ${d.b}`);
    } else for (const d of fieldDiffs) this.add(d);
    return { answer };
  }

  checksums(ta: TypeStats, tb: TypeStats, base: Pick<Difference, 'protocol' | 'direction' | 'messageType'>): void {
    const side = (t: TypeStats) => ({ has: t.checksummed / t.count, bad: t.checksummed ? t.badChecksums / t.checksummed : 0 });
    const sa = side(ta);
    const sb = side(tb);
    const text = (t: TypeStats) => (t.checksummed ? `checksum in ${pct(t.checksummed / t.count)} of frames, ${pct(t.badChecksums / t.checksummed)} of them bad` : 'no checksum');
    const ex = (t: TypeStats, bad: boolean) => (bad && t.badChecksumExamples.length ? [...t.badChecksumExamples] : t.checksumExamples.length ? [...t.checksumExamples] : [...t.examples]);
    const presenceChanged = (!ta.checksummed && sb.has * ta.count >= MIN_EXPECTED) || (!tb.checksummed && sa.has * tb.count >= MIN_EXPECTED);
    const badChanged = ta.checksummed >= MIN_SAMPLES && tb.checksummed >= MIN_SAMPLES && Math.abs(sa.bad - sb.bad) >= CHECKSUM_SHARE;
    if (!presenceChanged && !badChanged) return;
    this.add({ kind: 'checksum-changed', ...base, a: text(ta), b: text(tb), examples: { a: ex(ta, sa.bad > sb.bad), b: ex(tb, sb.bad > sa.bad) } });
  }

  answers(ta: TypeStats, tb: TypeStats, base: Pick<Difference, 'protocol' | 'direction' | 'messageType'>): Difference | undefined {
    const [pa, pb, what] = ta.direction === 'up' ? [ta.answers, tb.answers, 'answered by'] : [ta.followUps, tb.followUps, 'device then sends'];
    if (pa.total < MIN_SAMPLES || pb.total < MIN_SAMPLES) return undefined;
    const da = pa.dominant();
    const db = pb.dominant();
    if (!da || !db || da.value === db.value || da.share < DOMINANT_SHARE || db.share < DOMINANT_SHARE) return undefined;
    const text = (d: { value: string; share: number }) => (d.value === NO_ANSWER && what === 'answered by' ? `no answer (${pct(d.share)})` : `${what} ${d.value} (${pct(d.share)})`);
    return this.add({ kind: 'answer-changed', ...base, a: text(da), b: text(db), examples: { a: examplesOf(pa, [da.value]), b: examplesOf(pb, [db.value]) } });
  }

  /** Field differences of a type both sides show (not yet added). */
  fields(ta: TypeStats, tb: TypeStats): Difference[] {
    const out: Difference[] = [];
    const base = { protocol: ta.protocol, direction: ta.direction, messageType: ta.messageType };
    const added = new Set<string>();
    const removed = new Set<string>();
    const keys = [...new Set([...ta.fields.keys(), ...tb.fields.keys()])];
    for (const key of keys) {
      const fa = ta.fields.get(key);
      const fb = tb.fields.get(key);
      if (fa && fb) continue;
      const f = (fa ?? fb)!;
      const [mine, other] = fa ? [ta, tb] : [tb, ta];
      if ((f.frames / mine.count) * other.count >= MIN_EXPECTED) (fa ? removed : added).add(key);
    }
    for (const key of keys) {
      const fa = ta.fields.get(key);
      const fb = tb.fields.get(key);
      if (added.has(key) || removed.has(key)) {
        const f = (fa ?? fb)!;
        // Reported at the topmost node that is new: its children come with it.
        if (f.parent !== null && (added.has(f.parent) || removed.has(f.parent))) continue;
        const [mine, other] = fa ? [ta, tb] : [tb, ta];
        const text = `in ${pct(f.frames / mine.count)} of frames`;
        out.push({
          kind: fa ? 'field-removed' : 'field-added',
          ...base,
          fieldId: key,
          a: fa ? text : 'absent',
          b: fa ? 'absent' : text,
          examples: fa ? { a: [...f.examples], b: other.examples.slice(0, 3) } : { a: other.examples.slice(0, 3), b: [...f.examples] },
        });
        continue;
      }
      if (fa && fb) out.push(...this.field(ta, tb, fa, fb, base));
    }
    return out;
  }

  /** Kind, width, scale and enum values of one field both sides carry. */
  field(ta: TypeStats, tb: TypeStats, fa: FieldStats, fb: FieldStats, base: Pick<Difference, 'protocol' | 'direction' | 'messageType'>): Difference[] {
    const out: Difference[] = [];
    const def = fieldDef(fa.id);
    const fieldId = fa.key;
    const only = (t: Tally) => (t.values.size === 1 && !t.overflow ? [...t.values.keys()][0]! : null);
    const enough = fa.occurrences >= MIN_SAMPLES && fb.occurrences >= MIN_SAMPLES;
    const ka = only(fa.kinds);
    const kb = only(fb.kinds);
    const changes: string[][] = [[], []];
    const ex: number[][] = [[], []];
    if (enough && ka && kb && ka !== kb) {
      changes[0]!.push(ka);
      changes[1]!.push(kb);
      ex[0]!.push(...fa.kinds.values.get(ka)!.examples);
      ex[1]!.push(...fb.kinds.values.get(kb)!.examples);
    }
    const text = ta.textFrames * 2 > ta.count || tb.textFrames * 2 > tb.count;
    const la = only(fa.lengths);
    const lb = only(fb.lengths);
    if (enough && !text && !VALUE_WIDTH_TYPES.has(def?.type ?? '') && la && lb && la !== lb) {
      const bytes = (l: string) => `${l} byte${l === '1' ? '' : 's'}`;
      changes[0]!.push(bytes(la));
      changes[1]!.push(bytes(lb));
      for (const id of fa.lengths.values.get(la)!.examples) if (!ex[0]!.includes(id)) ex[0]!.push(id);
      for (const id of fb.lengths.values.get(lb)!.examples) if (!ex[1]!.includes(id)) ex[1]!.push(id);
    }
    const range = (f: FieldStats) => (f.min === null || f.max === null ? 'no numbers' : f.min === f.max ? `${f.min}` : `${f.min}…${f.max}`);
    if (changes[0]!.length) {
      out.push({ kind: 'field-changed', ...base, fieldId, a: changes[0]!.join(', '), b: changes[1]!.join(', '), examples: { a: ex[0]!.slice(0, 3), b: ex[1]!.slice(0, 3) } });
    } else if (enough && def?.unit && fa.max !== null && fb.max !== null && fa.min !== null && fb.min !== null) {
      const ma = Math.max(Math.abs(fa.min), Math.abs(fa.max));
      const mb = Math.max(Math.abs(fb.min), Math.abs(fb.max));
      if (ma >= 1 && mb >= 1 && Math.max(ma, mb) / Math.min(ma, mb) >= RANGE_SCALE) {
        out.push({ kind: 'range-changed', ...base, fieldId, a: `${range(fa)} ${def.unit}`, b: `${range(fb)} ${def.unit}`, examples: { a: [...fa.examples], b: [...fb.examples] } });
      }
    }
    if (fa.enumValues && fb.enumValues) {
      const onlyA = significantOnly(fa.enumValues, fb.enumValues, fb.enumValues.total);
      const onlyB = significantOnly(fb.enumValues, fa.enumValues, fa.enumValues.total);
      if (onlyA.length || onlyB.length) {
        const names = (t: Tally) => describeTally(t, (v) => enumName(def?.enum, v));
        out.push({ kind: 'enum-values-changed', ...base, fieldId, a: names(fa.enumValues), b: names(fb.enumValues), examples: { a: examplesOf(fa.enumValues, onlyA), b: examplesOf(fb.enumValues, onlyB) } });
      }
    }
    return out;
  }

  timing(protocols: string[]): TimingRow[] {
    const rows: TimingRow[] = [];
    for (const protocol of protocols) {
      const ta = this.A.timing.get(protocol);
      const tb = this.B.timing.get(protocol);
      for (const [what, pick] of [
        [LOCATION_REPORTS, (t: typeof ta) => t?.location],
        [HEARTBEATS, (t: typeof ta) => t?.heartbeat],
      ] as const) {
        const ha = pick(ta);
        const hb = pick(tb);
        if (!ha?.count && !hb?.count) continue;
        rows.push({ protocol, what, a: histogram(ha), b: histogram(hb) });
        if (!ha || !hb || ha.count < MIN_INTERVALS || hb.count < MIN_INTERVALS) continue;
        const ma = ha.quantile(0.5)!;
        const mb = hb.quantile(0.5)!;
        const lo = Math.min(ma.ms, mb.ms);
        const hi = Math.max(ma.ms, mb.ms);
        if (hi - lo <= INTERVAL_MIN_MS || hi <= lo * (1 + INTERVAL_RATIO)) continue;
        const text = (h: IntervalHistogram, m: number) => `median ${formatDuration(m)}, p90 ${formatDuration(h.quantile(0.9)!.ms)} (${h.count} intervals)`;
        this.add({ kind: 'interval-changed', protocol, direction: 'up', messageType: what, a: text(ha, ma.ms), b: text(hb, mb.ms), examples: { a: [...ma.example], b: [...mb.example] } });
      }
    }
    return rows;
  }

  reconnects(protocols: string[]): Comparison['reconnects'] {
    const rows: Comparison['reconnects'] = [];
    for (const protocol of protocols) {
      const ra = reconnectSide(this.A, protocol);
      const rb = reconnectSide(this.B, protocol);
      if (!ra && !rb) continue;
      rows.push({ protocol, a: ra?.side ?? null, b: rb?.side ?? null });
      if (!ra || !rb) continue;
      const a = ra.side;
      const b = rb.side;
      if (Math.abs(a.reconnectsPerDevice - b.reconnectsPerDevice) < RECONNECTS_MIN) continue;
      const rate = (s: ReconnectSide) => (s.sessions - s.devices) / Math.max(s.deviceHours, 1e-9);
      const lo = Math.min(rate(a), rate(b));
      const hi = Math.max(rate(a), rate(b));
      if (lo > 0 && hi < lo * RECONNECTS_RATIO) continue;
      const text = (s: ReconnectSide) => `${s.sessions} sessions of ${s.devices} device(s): ${Number(s.reconnectsPerDevice.toFixed(2))} reconnects per device`;
      this.add({ kind: 'reconnects-changed', protocol, direction: 'up', messageType: 'sessions', a: text(a), b: text(b), examples: { a: ra.examples, b: rb.examples } });
    }
    return rows;
  }
}

function enumName(table: Readonly<Record<number, string>> | undefined, v: string): string {
  const name = table?.[Number(v)];
  return name ? `${v} (${name})` : v;
}

function histogram(h: IntervalHistogram | undefined): Histogram {
  const counts = h ? h.coarse(DISPLAY_EDGES_MS) : new Array<number>(DISPLAY_EDGES_MS.length + 1).fill(0);
  const q = (x: number) => {
    const v = h?.quantile(x);
    return v ? Math.round(v.ms) : null;
  };
  return { edgesMs: [...DISPLAY_EDGES_MS], counts, count: h?.count ?? 0, medianMs: q(0.5), p90Ms: q(0.9) };
}

/** Sessions per device of one protocol, with the first frames of reconnected sessions. */
function reconnectSide(p: Profile, protocol: string): { side: ReconnectSide; examples: number[] } | null {
  const byDevice = new Map<string, Array<{ first: number; last: number; id: number }>>();
  for (const [sid, s] of p.sessions) {
    if (s.protocol !== protocol) continue;
    const dev = s.deviceId ?? `session ${sid}`;
    let l = byDevice.get(dev);
    if (!l) byDevice.set(dev, (l = []));
    l.push({ first: s.firstTime, last: s.lastTime, id: s.firstId });
  }
  if (!byDevice.size) return null;
  let sessions = 0;
  let ms = 0;
  const examples: number[] = [];
  for (const l of byDevice.values()) {
    sessions += l.length;
    l.sort((x, y) => x.first - y.first);
    ms += Math.max(...l.map((s) => s.last)) - l[0]!.first;
    for (const s of l.slice(1)) if (examples.length < 3) examples.push(s.id);
  }
  return { side: { devices: byDevice.size, sessions, reconnectsPerDevice: (sessions - byDevice.size) / byDevice.size, deviceHours: ms / 3_600_000 }, examples };
}

function typeSide(t: TypeStats | undefined, dirTotal: number): MessageTypeSide | null {
  if (!t) return null;
  return { count: t.count, share: t.count / Math.max(1, dirTotal), firstTime: t.firstTime, lastTime: t.lastTime, firstId: t.firstId, lastId: t.lastId };
}

function fieldSide(f: FieldStats | undefined): FieldSide | null {
  if (!f) return null;
  const lengths = [...f.lengths.values.keys()].map(Number).sort((x, y) => x - y);
  const side: FieldSide = {
    frames: f.frames,
    occurrences: f.occurrences,
    kinds: [...f.kinds.values.keys()],
    lengths,
    variableLength: f.lengths.overflow > 0,
    min: f.min,
    max: f.max,
    example: f.examples[0] ?? 0,
  };
  if (f.enumValues) side.values = [...f.enumValues.values.keys()];
  return side;
}

/** Compare two loaded sources. */
export function compareProfiles(A: LoadedSource, B: LoadedSource): Comparison {
  const d = new Differ(A.profile, B.profile);
  const keys = [...new Set([...A.profile.types.keys(), ...B.profile.types.keys()])].sort();
  const presence = d.presence(keys);
  const answerChanged = new Map<string, Difference>();
  for (const key of keys) {
    const ta = A.profile.types.get(key);
    const tb = B.profile.types.get(key);
    if (!ta || !tb) continue;
    const r = d.both(ta, tb);
    if (r.answer) answerChanged.set(key, r.answer);
  }
  foldAnswerTypes(d, A.profile, B.profile, presence, answerChanged);
  const protocols = [...new Set([...A.profile.types.values(), ...B.profile.types.values()].map((t) => t.protocol))].filter((p) => p !== 'unknown').sort();
  const timing = d.timing(protocols);
  const reconnects = d.reconnects(protocols);

  const messageTypes: MessageTypeRow[] = keys.map((key) => {
    const ta = A.profile.types.get(key);
    const tb = B.profile.types.get(key);
    const t = (ta ?? tb)!;
    return { protocol: t.protocol, direction: t.direction, messageType: t.messageType, a: typeSide(ta, framesIn(A.profile, t.direction)), b: typeSide(tb, framesIn(B.profile, t.direction)) };
  });
  const fields: FieldRow[] = [];
  for (const key of keys) {
    const ta = A.profile.types.get(key);
    const tb = B.profile.types.get(key);
    const t = (ta ?? tb)!;
    const fkeys = [...new Set([...(ta?.fields.keys() ?? []), ...(tb?.fields.keys() ?? [])])];
    for (const fk of fkeys) {
      const fa = ta?.fields.get(fk);
      const fb = tb?.fields.get(fk);
      const def = fieldDef((fa ?? fb)!.id);
      const row: FieldRow = { protocol: t.protocol, direction: t.direction, messageType: t.messageType, fieldId: fk, a: fieldSide(fa), b: fieldSide(fb) };
      if (def) row.type = def.type;
      if (def?.unit) row.unit = def.unit;
      fields.push(row);
    }
  }
  const rank = (k: DifferenceKind) => KIND_ORDER.indexOf(k);
  const differences = d.out.sort(
    (x, y) => x.protocol.localeCompare(y.protocol) || rank(x.kind) - rank(y.kind) || x.messageType.localeCompare(y.messageType) || x.direction.localeCompare(y.direction) || (x.fieldId ?? '').localeCompare(y.fieldId ?? ''),
  );
  return { a: A.info, b: B.info, differences, messageTypes, fields, timing, reconnects, thresholds: { ...THRESHOLDS }, generatedAt: new Date().toISOString() };
}

/**
 * A downlink type present on one side only that (mostly) answers uplink types which are new
 * themselves, or whose answer changed, is part of that difference: folded in as a detail.
 */
function foldAnswerTypes(d: Differ, A: Profile, B: Profile, presence: Map<string, Difference>, answerChanged: Map<string, Difference>): void {
  for (const [key, diff] of presence) {
    if (diff.direction !== 'down') continue;
    const p = diff.kind === 'message-type-added' ? B : A;
    const down = p.types.get(key)!;
    let owner: Difference | undefined;
    let answered = 0;
    for (const [ukey, t] of p.types) {
      if (t.protocol !== down.protocol || t.direction !== 'up') continue;
      const n = t.answers.values.get(down.messageType)?.count ?? 0;
      if (!n) continue;
      const o = presence.get(ukey) ?? answerChanged.get(ukey);
      if (!o) {
        owner = undefined;
        answered = -1;
        break;
      }
      owner ??= o;
      answered += n;
    }
    if (!owner || answered * 2 < down.count) continue;
    (owner.details ??= []).push(`answered by ${down.messageType} (${diff.a === 'absent' ? `B: ${diff.b}` : `A: ${diff.a}`})`);
    const at = d.out.indexOf(diff);
    if (at >= 0) d.out.splice(at, 1);
  }
}
