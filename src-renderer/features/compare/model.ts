/**
 * Compare and validate in the renderer: which sources the user can pick (captures open, devices,
 * sessions, samples and recent files), the engine spec each becomes, and the rows of the views —
 * differences with their example frames, the message-type table, the interval histograms, the
 * validation checklist — and the names of saved reports. Pure, no React.
 */
import {
  DIFFERENCE_KIND_LABELS,
  type Comparison,
  type DifferenceKind,
  type EngineSourceSpec,
  type Histogram,
  type MessageTypeSide,
  type SourceInfo,
  type TimingRow,
} from '../../../src-main/api/comparison';
import type { CaptureJob, DeviceInfo, RecentCapture, SessionInfo, ValidationCheck, ValidationReport } from '../../../src-main/api/contract';
import { baseName, isFinal } from '../captures/model';
import { formatCount, plural } from '../sessions/format';

/** What one side of a comparison (or a validation) is. */
export type SourceChoice =
  | { kind: 'capture'; captureId: string }
  | { kind: 'device'; deviceId: string }
  | { kind: 'session'; sessionId: string }
  /** A sample or recent file: opened as a capture first, then compared by its job. */
  | { kind: 'file'; path: string };

/** Sessions offered in the pickers (the newest; older ones are reached through their device or capture). */
export const MAX_SESSION_CHOICES = 200;

export interface ChoiceOption {
  key: string;
  label: string;
  title?: string;
}

export interface ChoiceGroup {
  label: string;
  options: ChoiceOption[];
}

/** A choice as a select's value: `capture:file1`, `device:3520…`, `session:tcp-4`, `file:/path`. */
export function choiceKey(c: SourceChoice): string {
  switch (c.kind) {
    case 'capture':
      return `capture:${c.captureId}`;
    case 'device':
      return `device:${c.deviceId}`;
    case 'session':
      return `session:${c.sessionId}`;
    case 'file':
      return `file:${c.path}`;
  }
}

/** The choice of a select value; null for an empty or unknown one. */
export function parseChoice(key: string): SourceChoice | null {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return null;
  const kind = key.slice(0, at);
  const value = key.slice(at + 1);
  if (kind === 'capture') return { kind, captureId: value };
  if (kind === 'device') return { kind, deviceId: value };
  if (kind === 'session') return { kind, sessionId: value };
  if (kind === 'file') return { kind, path: value };
  return null;
}

/** Capture jobs that can be compared: those with frames, not cancelled before any came. */
export function comparableCaptures(captures: readonly CaptureJob[]): CaptureJob[] {
  return captures.filter((j) => j.frames > 0 || j.state === 'reading');
}

/** `teltonika-fw-a.pcapng · 266 frames (file1)`; `(reading)` while it is read. */
export function captureLabel(job: CaptureJob): string {
  const name = job.kind === 'file' ? baseName(job.source) : `live ${job.source}`;
  const state = job.state === 'reading' ? ' (reading…)' : job.state === 'capturing' ? ' (capturing)' : '';
  return `${name} · ${plural(job.frames, 'frame')}${state} (${job.id})`;
}

export interface ChoiceInput {
  captures: readonly CaptureJob[];
  devices: readonly DeviceInfo[];
  sessions: readonly SessionInfo[];
  samples: ReadonlyArray<{ name: string; path: string }>;
  recent: readonly RecentCapture[];
}

/** The picker's groups, each kind in its own; files already open as a capture are left to it. */
export function sourceGroups(input: ChoiceInput, what: 'compare' | 'validate' = 'compare'): ChoiceGroup[] {
  const groups: ChoiceGroup[] = [];
  const add = (label: string, options: ChoiceOption[]) => {
    if (options.length) groups.push({ label, options });
  };
  if (what === 'compare') {
    add(
      'Captures open',
      comparableCaptures(input.captures)
        .slice()
        .reverse()
        .map((j) => ({ key: choiceKey({ kind: 'capture', captureId: j.id }), label: captureLabel(j), title: j.source })),
    );
  }
  add(
    'Devices',
    input.devices.map((d) => ({
      key: choiceKey({ kind: 'device', deviceId: d.deviceId }),
      label: `${d.deviceId} · ${d.protocol ?? '?'} · ${plural(d.frames, 'frame')}`,
      title: `${plural(d.sessions.length, 'session')}`,
    })),
  );
  add(
    'Sessions',
    input.sessions
      .slice(-MAX_SESSION_CHOICES)
      .reverse()
      .filter((s) => s.framesUp + s.framesDown > 0)
      .map((s) => ({
        key: choiceKey({ kind: 'session', sessionId: s.id }),
        label: `${s.id} · ${s.transport.toUpperCase()} ${s.source}${s.deviceId ? ` · ${s.deviceId}` : ''}`,
        title: `${s.protocol ?? 'unknown protocol'}, ${plural(s.framesUp + s.framesDown, 'frame')}`,
      })),
  );
  if (what === 'compare') {
    const open = new Set(input.captures.filter((j) => j.kind === 'file' && j.state !== 'cancelled').map((j) => j.source));
    add(
      'Samples (opened first)',
      input.samples.filter((s) => !open.has(s.path)).map((s) => ({ key: choiceKey({ kind: 'file', path: s.path }), label: s.name, title: s.path })),
    );
    const samples = new Set(input.samples.map((s) => s.path));
    add(
      'Recent files (opened first)',
      input.recent.filter((r) => r.exists && !open.has(r.path) && !samples.has(r.path)).map((r) => ({ key: choiceKey({ kind: 'file', path: r.path }), label: r.name, title: r.path })),
    );
  }
  return groups;
}

/** Whether a key is among the groups' options. */
export function offered(groups: readonly ChoiceGroup[], key: string): boolean {
  return groups.some((g) => g.options.some((o) => o.key === key));
}

/**
 * The pair offered first: the two newest captures (older as A), else the two first devices,
 * else whatever there is; '' where nothing fits.
 */
export function defaultPair(input: Pick<ChoiceInput, 'captures' | 'devices'>): { a: string; b: string } {
  const caps = comparableCaptures(input.captures);
  if (caps.length >= 2) return { a: choiceKey({ kind: 'capture', captureId: caps[caps.length - 2]!.id }), b: choiceKey({ kind: 'capture', captureId: caps[caps.length - 1]!.id }) };
  const devices = input.devices.map((d) => choiceKey({ kind: 'device', deviceId: d.deviceId }));
  const one = caps.length ? [choiceKey({ kind: 'capture', captureId: caps[0]!.id })] : [];
  const all = [...one, ...devices];
  return { a: all[0] ?? '', b: all[1] ?? '' };
}

/** The capture job already holding a file (the newest that read it, not cancelled), if any. */
export function captureOfFile(captures: readonly CaptureJob[], path: string): CaptureJob | undefined {
  for (let i = captures.length - 1; i >= 0; i--) {
    const j = captures[i]!;
    if (j.kind === 'file' && j.source === path && j.state !== 'cancelled') return j;
  }
  return undefined;
}

/** What a choice needs before it can be compared: a file to open, a capture to finish, or nothing. */
export type SourceStep = { kind: 'ready'; spec: EngineSourceSpec } | { kind: 'open'; path: string } | { kind: 'wait'; captureId: string };

export function stepFor(choice: SourceChoice, captures: readonly CaptureJob[]): SourceStep {
  switch (choice.kind) {
    case 'device':
      return { kind: 'ready', spec: { deviceId: choice.deviceId } };
    case 'session':
      return { kind: 'ready', spec: { sessionId: choice.sessionId } };
    case 'capture': {
      const job = captures.find((j) => j.id === choice.captureId);
      return job && !isFinal(job) && job.kind === 'file' ? { kind: 'wait', captureId: job.id } : { kind: 'ready', spec: { captureId: choice.captureId } };
    }
    case 'file': {
      const job = captureOfFile(captures, choice.path);
      if (!job) return { kind: 'open', path: choice.path };
      return isFinal(job) ? { kind: 'ready', spec: { captureId: job.id } } : { kind: 'wait', captureId: job.id };
    }
  }
}

/** Milliseconds as `850 ms`, `12 s`, `2.5 min`, `1.2 h`; `–` for none. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const round = (v: number, digits: number) => String(Number(v.toFixed(digits)));
  if (ms < 60_000) return `${round(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000, 1)} min`;
  return `${round(ms / 3_600_000, 1)} h`;
}

/** A time as `2025-03-14 10:00:01Z`; `–` for none. */
export function formatTime(ms: number | null): string {
  return ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `45.2 %`. */
export function formatShare(share: number): string {
  return `${String(Number((share * 100).toFixed(1)))} %`;
}

/** One line about a source: frames, directions, devices, sessions, protocols. */
export function sourceSummary(s: SourceInfo): string {
  const parts = [
    `${plural(s.frames, 'frame')} (${formatCount(s.framesUp)} up, ${formatCount(s.framesDown)} down${s.undecoded ? `, ${formatCount(s.undecoded)} undecoded` : ''})`,
    plural(s.deviceCount, 'device'),
    plural(s.sessions, 'session'),
    s.protocols.join(', ') || 'no protocol',
  ];
  return parts.join(' · ');
}

export type Badge = 'add' | 'del' | 'chg';

export function kindBadge(kind: DifferenceKind): Badge {
  return kind.endsWith('-added') ? 'add' : kind.endsWith('-removed') ? 'del' : 'chg';
}

export interface DifferenceRow {
  key: string;
  index: number;
  kind: DifferenceKind;
  kindLabel: string;
  badge: Badge;
  /** `teltonika ↑ location`. */
  where: string;
  protocol: string;
  direction: 'up' | 'down';
  messageType: string;
  fieldId: string;
  a: string;
  b: string;
  details: readonly string[];
  /** Example frames on each side; `linkable` when they are ids of the frame list (engine sources). */
  frames: { a: readonly number[]; b: readonly number[] };
  linkable: { a: boolean; b: boolean };
}

const arrow = (d: 'up' | 'down') => (d === 'up' ? '↑' : '↓');

export function differenceRows(c: Comparison): DifferenceRow[] {
  return c.differences.map((d, i) => ({
    key: `${i}:${d.kind}:${d.protocol}:${d.direction}:${d.messageType}:${d.fieldId ?? ''}`,
    index: i + 1,
    kind: d.kind,
    kindLabel: DIFFERENCE_KIND_LABELS[d.kind],
    badge: kindBadge(d.kind),
    where: `${d.protocol} ${arrow(d.direction)} ${d.messageType}`,
    protocol: d.protocol,
    direction: d.direction,
    messageType: d.messageType,
    fieldId: d.fieldId ?? '',
    a: d.a,
    b: d.b,
    details: d.details ?? [],
    frames: { a: d.examples.a, b: d.examples.b },
    linkable: { a: c.a.engineFrames === true, b: c.b.engineFrames === true },
  }));
}

/** `3 differences: codec changed × 1, interval changed × 2`, or `No differences`. */
export function differencesHeadline(c: Comparison): string {
  if (!c.differences.length) return 'No differences: the same message types, fields, codecs, framing, checksums and answers, at the same intervals.';
  const counts = new Map<DifferenceKind, number>();
  for (const d of c.differences) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  return `${plural(c.differences.length, 'difference')}: ${[...counts].map(([k, n]) => `${DIFFERENCE_KIND_LABELS[k]} × ${n}`).join(', ')}`;
}

export interface TypeSideView {
  count: string;
  share: string;
  /** 0..1, for the share bar. */
  fraction: number;
  first: string;
  last: string;
  firstId: number;
  lastId: number;
}

export interface TypeRow {
  key: string;
  protocol: string;
  direction: 'up' | 'down';
  /** `↑ device`, `↓ server`. */
  directionText: string;
  messageType: string;
  presence: 'both' | 'only-a' | 'only-b';
  a: TypeSideView | null;
  b: TypeSideView | null;
  linkable: { a: boolean; b: boolean };
}

function typeSide(s: MessageTypeSide | null): TypeSideView | null {
  if (!s) return null;
  return { count: formatCount(s.count), share: formatShare(s.share), fraction: Math.max(0, Math.min(1, s.share)), first: formatTime(s.firstTime), last: formatTime(s.lastTime), firstId: s.firstId, lastId: s.lastId };
}

export function typeRows(c: Comparison): TypeRow[] {
  return c.messageTypes.map((m) => ({
    key: `${m.protocol}:${m.direction}:${m.messageType}`,
    protocol: m.protocol,
    direction: m.direction,
    directionText: m.direction === 'up' ? '↑ device' : '↓ server',
    messageType: m.messageType,
    presence: m.a && m.b ? 'both' : m.a ? 'only-a' : 'only-b',
    a: typeSide(m.a),
    b: typeSide(m.b),
    linkable: { a: c.a.engineFrames === true, b: c.b.engineFrames === true },
  }));
}

export interface HistogramBar {
  label: string;
  count: number;
  /** Height as a share of the tallest bar of both sides, 0..1. */
  fraction: number;
}

export interface HistogramSide {
  name: 'A' | 'B';
  /** `119 intervals · median 10 s · p90 10 s`. */
  summary: string;
  bars: HistogramBar[];
  /** The buckets the median and the 90th percentile fall in (null: none). */
  medianAt: number | null;
  p90At: number | null;
}

export interface HistogramView {
  key: string;
  /** `teltonika: location reports (per device)`. */
  title: string;
  sides: [HistogramSide, HistogramSide];
}

/** The display bucket a value falls in. */
export function bucketOf(h: Pick<Histogram, 'edgesMs'>, ms: number): number {
  let i = 0;
  while (i < h.edgesMs.length && ms >= h.edgesMs[i]!) i++;
  return i;
}

/** `<10 s` for a bucket with an upper edge, `≥1 h` for the open last one. */
export function bucketLabel(h: Pick<Histogram, 'edgesMs'>, i: number): string {
  const hi = h.edgesMs[i];
  return hi === undefined ? `≥${formatMs(h.edgesMs[i - 1] ?? 0)}` : `<${formatMs(hi)}`;
}

/**
 * The histograms of a timing row, trimmed to the buckets either side uses (plus one around), on a
 * common scale so A and B compare by eye.
 */
export function histogramView(t: TimingRow): HistogramView {
  const n = Math.max(t.a.counts.length, t.b.counts.length);
  let lo = n;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    if ((t.a.counts[i] ?? 0) > 0 || (t.b.counts[i] ?? 0) > 0) {
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
  }
  if (hi < 0) {
    lo = 0;
    hi = n - 1;
  } else {
    lo = Math.max(0, lo - 1);
    hi = Math.min(n - 1, hi + 1);
  }
  const max = Math.max(1, ...t.a.counts, ...t.b.counts);
  const side = (name: 'A' | 'B', h: Histogram): HistogramSide => {
    const bars: HistogramBar[] = [];
    for (let i = lo; i <= hi; i++) bars.push({ label: bucketLabel(h, i), count: h.counts[i] ?? 0, fraction: (h.counts[i] ?? 0) / max });
    const at = (ms: number | null) => {
      if (ms === null) return null;
      const i = bucketOf(h, ms);
      return i >= lo && i <= hi ? i - lo : null;
    };
    const summary = h.count ? `${plural(h.count, 'interval')} · median ${formatMs(h.medianMs)} · p90 ${formatMs(h.p90Ms)}` : 'no intervals';
    return { name, summary, bars, medianAt: at(h.medianMs), p90At: at(h.p90Ms) };
  };
  return { key: `${t.protocol}:${t.what}`, title: `${t.protocol}: ${t.what} (per device)`, sides: [side('A', t.a), side('B', t.b)] };
}

/** A file name for a saved report: lowercase words of the labels, `-` between, no path characters. */
export function reportFileName(what: 'compare' | 'validate', labels: readonly string[], ext: 'html' | 'json'): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/\.(pcapng|pcap|cap)\b/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40);
  const parts = labels.map(slug).filter(Boolean);
  return `trackwire-${what}${parts.length ? `-${parts.join(what === 'compare' ? '-vs-' : '-')}` : ''}.${ext}`;
}

/** The comparison as the JSON file saves it (without the HTML that came along). */
export function comparisonJson(c: Comparison & { html?: string }): string {
  const { html: _html, ...rest } = c;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** The validation report as the JSON file saves it (without its HTML). */
export function validationJson(r: ValidationReport): string {
  const { html: _html, ...rest } = r;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** Evidence links shown per check; the rest are counted. */
export const MAX_EVIDENCE_LINKS = 8;

export interface CheckRow {
  id: ValidationCheck['id'];
  title: string;
  status: ValidationCheck['status'];
  /** `✓ pass`, `✗ fail`, `! warn`, `– n/a`. */
  statusText: string;
  detail: string;
  evidence: readonly number[];
  moreEvidence: number;
}

const STATUS_MARK: Record<ValidationCheck['status'], string> = { pass: '✓', fail: '✗', warn: '!', 'n/a': '–' };

export function checkRows(r: ValidationReport): CheckRow[] {
  return r.checks.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    statusText: `${STATUS_MARK[c.status]} ${c.status}`,
    detail: c.detail,
    evidence: c.evidenceFrameIds.slice(0, MAX_EVIDENCE_LINKS),
    moreEvidence: Math.max(0, c.evidenceFrameIds.length - MAX_EVIDENCE_LINKS),
  }));
}

/** `PASS · 7 checks passed, 1 n/a` or `FAIL · 2 failed, 1 warning, 5 passed`. */
export function verdictText(r: ValidationReport): string {
  const n = { pass: 0, fail: 0, warn: 0, 'n/a': 0 };
  for (const c of r.checks) n[c.status]++;
  const parts: string[] = [];
  if (n.fail) parts.push(`${n.fail} failed`);
  if (n.warn) parts.push(`${plural(n.warn, 'warning')}`);
  parts.push(`${n.pass} passed`);
  if (n['n/a']) parts.push(`${n['n/a']} n/a`);
  return `${r.verdict.toUpperCase()} · ${parts.join(', ')}`;
}

/** One line of the validation's numbers. */
export function validationSummary(r: ValidationReport): string {
  const s = r.stats;
  const interval = s.intervalSec.median === null ? 'no report interval' : `report interval median ${formatMs(s.intervalSec.median * 1000)} (${plural(s.intervalSec.count, 'interval')})`;
  return [`${r.protocol ?? 'unknown protocol'}`, plural(s.sessions, 'session'), `${formatCount(s.framesUp)} frames up, ${formatCount(s.framesDown)} down`, `${formatCount(s.positions)} positions (${formatCount(s.validPositions)} valid)`, interval].join(' · ');
}

export interface ValidationBar {
  label: string;
  count: number;
  fraction: number;
}

/** The report-interval histogram as bars on the tallest's scale. */
export function validationBars(r: ValidationReport): ValidationBar[] {
  const h = r.stats.intervalHistogram;
  const max = Math.max(1, ...h.map((b) => b.count));
  return h.map((b) => ({ label: b.label, count: b.count, fraction: b.count / max }));
}
