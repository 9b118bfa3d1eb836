/**
 * Hardware validation of one device from its frames (a live session or a capture): a checklist
 * of pass/fail/warn with the frames that show each result — connects and logs in, protocol
 * detected with high confidence, answers accepted (no repeated logins), reporting interval in the
 * expected range, positions valid, clock correct, no malformed or bad-checksum frames, commands
 * acknowledged. Pure: frames (summary, lean decode with its lint issues, whether an answer is
 * due) in, report out; the engine gathers the frames, the HTML is validate-report.ts.
 */
import type { Candidate, DecodedFrame } from '../../../parsers/core/types';
import { deviceTimeOffset, formatDuration } from '../../../parsers/core/lint';
import type { CommandRecord, DeviceClock, FrameSummary, ValidationCheck, ValidationReport } from '../../api/contract';
import { inferClock, median } from './timezone';

/** One frame of the device, up or down. */
export interface ValidationFrame {
  summary: FrameSummary;
  /** The (lean) decode, its issues including the lint issues found on arrival. */
  decoded: DecodedFrame;
  /** For uplinks: the protocol's server answers this frame. */
  answerDue?: boolean;
}

export interface ValidationSession {
  id: string;
  /** Detection's ranked candidates for the session's first bytes. */
  candidates: readonly Candidate[];
  /** The user chose the protocol instead of detection. */
  protocolForced?: boolean;
}

export interface ValidationInput {
  device: string;
  protocol: string | null;
  /** The device's frames in frame order. */
  frames: readonly ValidationFrame[];
  sessions: readonly ValidationSession[];
  /** Downlink commands sent to the device (none for captures). */
  commands?: readonly CommandRecord[];
  /** Expected seconds between position reports (default DEFAULT_INTERVAL). */
  interval?: { minSec: number; maxSec: number };
  now?: number;
}

/** Reporting interval range when none is given: faster than 5 s floods a server, slower than 10 min is a tracker asleep. */
export const DEFAULT_INTERVAL = { minSec: 5, maxSec: 600 } as const;
/** A detection score at least this high is "high confidence" (several independent pieces of evidence agree). */
export const HIGH_CONFIDENCE = 0.8;
/** A runner-up of another protocol this close to the winner makes the detection ambiguous. */
export const AMBIGUOUS_MARGIN = 0.1;
/** Bad frames up to this share of the uplinks are a warning (a rare line error); more fail the check. */
export const BAD_FRAME_WARN_RATE = 0.001;
/** Below this share of valid fixes the positions check warns (a device mostly without a fix). */
export const MIN_VALID_SHARE = 0.5;
/** Gaps outside the range up to this share of all intervals are a warning; the median decides pass/fail. */
export const INTERVAL_OUTLIER_SHARE = 0.1;
/** Evidence frames listed per check at most. */
export const MAX_EVIDENCE = 20;
/** Message types that log a device in (a second one on one connection means the answer was not accepted). */
const LOGIN_TYPES = new Set(['login', 'register', 'auth']);
/** Histogram bucket edges for report intervals, seconds. */
const INTERVAL_EDGES = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

const LINT_POSITION_FAIL = new Set(['lint.zero_position', 'lint.valid_without_fix']);
const LINT_POSITION_WARN = new Set(['lint.impossible_jump', 'lint.few_satellites', 'lint.cell_only']);
const LINT_CLOCK = new Set(['lint.time_1970', 'lint.time_future', 'lint.clock_drift']);

const TITLES: Record<ValidationCheck['id'], string> = {
  connects: 'Connects and logs in',
  protocol: 'Protocol detected with high confidence',
  answers: 'Answers accepted (no repeated logins)',
  interval: 'Reporting interval within the expected range',
  positions: 'Positions valid',
  clock: 'Clock correct',
  frames: 'No malformed or bad-checksum frames',
  commands: 'Commands acknowledged',
};

/** `#12, #15, #20 and 4 more`. */
export function frameList(ids: readonly number[], max = 5): string {
  const shown = ids.slice(0, max).map((id) => `#${id}`);
  return ids.length > max ? `${shown.join(', ')} and ${ids.length - max} more` : shown.join(', ');
}

/** Seconds for humans: `0.2 s`, `10 s`, `5 min`. */
export function formatSeconds(sec: number): string {
  if (sec < 10) return `${Number(sec.toFixed(sec < 1 ? 2 : 1))} s`;
  return formatDuration(sec * 1000);
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

function bucketLabel(k: number): string {
  const s = (v: number) => (v >= 60 ? `${v / 60} min` : `${v} s`);
  if (k === 0) return `<${s(INTERVAL_EDGES[0]!)}`;
  if (k === INTERVAL_EDGES.length) return `≥${s(INTERVAL_EDGES[k - 1]!)}`;
  return `${s(INTERVAL_EDGES[k - 1]!)}–${s(INTERVAL_EDGES[k]!)}`;
}

/** The bucket of an interval in seconds (0 .. INTERVAL_EDGES.length). */
export function intervalBucket(sec: number): number {
  let k = 0;
  while (k < INTERVAL_EDGES.length && sec >= INTERVAL_EDGES[k]!) k++;
  return k;
}

type Bucket = ValidationReport['stats']['intervalHistogram'][number];

/** Interval histogram over the buckets that hold intervals or the expected range's ends. */
function histogram(intervals: readonly number[], range: { minSec: number; maxSec: number }): Bucket[] {
  const counts = new Array<number>(INTERVAL_EDGES.length + 1).fill(0);
  for (const v of intervals) counts[intervalBucket(v)]!++;
  let first = counts.findIndex((c) => c > 0);
  if (first < 0) return [];
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  first = Math.min(first, intervalBucket(range.minSec));
  last = Math.max(last, intervalBucket(range.maxSec));
  const buckets: Bucket[] = [];
  for (let k = first; k <= last; k++) buckets.push({ label: bucketLabel(k), count: counts[k]!, fromSec: k ? INTERVAL_EDGES[k - 1]! : 0, toSec: INTERVAL_EDGES[k] ?? null });
  return buckets;
}

/**
 * Where `sec` falls on a histogram of these buckets, as a fractional bucket index (k − 0.5 is
 * bucket k's left edge), for chart markers; null when it is off the chart.
 */
export function histogramPosition(buckets: readonly Bucket[], sec: number): number | null {
  for (let k = 0; k < buckets.length; k++) {
    const b = buckets[k]!;
    const to = b.toSec ?? b.fromSec * 2;
    if (sec >= b.fromSec && (sec < to || (b.toSec === null && k === buckets.length - 1))) return k - 0.5 + Math.min(1, (sec - b.fromSec) / (to - b.fromSec));
  }
  return null;
}

/** Validate one device; see the module comment. */
export function validate(input: ValidationInput): ValidationReport {
  const range = input.interval ?? DEFAULT_INTERVAL;
  const frames = input.frames;
  const up = frames.filter((f) => f.summary.direction === 'up');
  const down = frames.filter((f) => f.summary.direction === 'down');
  const issueCounts: Record<string, number> = {};
  for (const f of up) for (const i of f.decoded.issues) issueCounts[i.id] = (issueCounts[i.id] ?? 0) + 1;
  const withIssue = (ids: ReadonlySet<string>) => up.filter((f) => f.decoded.issues.some((i) => ids.has(i.id))).map((f) => f.summary.id);

  // Positions and their report intervals (frames with positions, in arrival order).
  const posFrames = up.filter((f) => f.decoded.positions.length);
  const positions = posFrames.reduce((n, f) => n + f.decoded.positions.length, 0);
  const validPositions = posFrames.reduce((n, f) => n + f.decoded.positions.filter((p) => p.valid).length, 0);
  const byTime = [...posFrames].sort((a, b) => a.summary.time - b.summary.time || a.summary.id - b.summary.id);
  const gaps: Array<{ sec: number; id: number }> = [];
  for (let k = 1; k < byTime.length; k++) gaps.push({ sec: (byTime[k]!.summary.time - byTime[k - 1]!.summary.time) / 1000, id: byTime[k]!.summary.id });
  const sortedGaps = gaps.map((g) => g.sec).sort((a, b) => a - b);
  const intervalSec = { median: median(sortedGaps), p10: quantile(sortedGaps, 0.1), p90: quantile(sortedGaps, 0.9), count: sortedGaps.length };

  const offsets: number[] = [];
  for (const f of up) {
    const o = deviceTimeOffset(f.decoded, f.summary.time);
    if (o !== null) offsets.push(o);
  }
  const estimate = inferClock(offsets, input.protocol);
  const clock: DeviceClock | null = estimate ? { offsetMinutes: estimate.offsetMinutes, text: estimate.text, samples: estimate.samples } : null;

  const badIds = up.filter((f) => f.summary.messageType === 'undecoded' || f.decoded.issues.some((i) => i.group === 'malformed' || i.group === 'checksum')).map((f) => f.summary.id);
  const cmds = (input.commands ?? []).filter((c) => c.state !== 'queued' && c.state !== 'cancelled');

  const checks: ValidationCheck[] = [
    checkConnects(input, up),
    checkProtocol(input, frames),
    checkAnswers(input, up, down),
    checkInterval(gaps, intervalSec, range, byTime.length),
    checkPositions(posFrames, positions, validPositions, withIssue),
    checkClock(estimate, withIssue),
    checkFrames(up.length, badIds, up),
    checkCommands(cmds),
  ];
  const times = frames.map((f) => f.summary.time);
  return {
    device: input.device,
    protocol: input.protocol,
    verdict: checks.some((c) => c.status === 'fail') ? 'fail' : 'pass',
    checks,
    stats: {
      sessions: input.sessions.length,
      framesUp: up.length,
      framesDown: down.length,
      from: times.length ? Math.min(...times) : null,
      to: times.length ? Math.max(...times) : null,
      positions,
      validPositions,
      intervalSec,
      expectedIntervalSec: { min: range.minSec, max: range.maxSec },
      intervalHistogram: histogram(sortedGaps, range),
      clock,
      badFrames: badIds.length,
      issues: issueCounts,
      commands: { sent: cmds.length, acknowledged: cmds.filter((c) => c.state === 'acknowledged' || c.state === 'answered').length },
    },
    generatedAt: input.now ?? Date.now(),
  };
}

function check(id: ValidationCheck['id'], status: ValidationCheck['status'], detail: string, evidence: readonly number[] = []): ValidationCheck {
  return { id, title: TITLES[id], status, detail, evidenceFrameIds: evidence.slice(0, MAX_EVIDENCE) };
}

function checkConnects(input: ValidationInput, up: readonly ValidationFrame[]): ValidationCheck {
  if (!up.length) return check('connects', 'fail', `No frame from ${input.device}: it never connected, or the capture holds none of its traffic.`);
  const n = input.sessions.length;
  const conn = `${n} ${n === 1 ? 'connection' : 'connections'}`;
  const login = up.find((f) => LOGIN_TYPES.has(f.summary.messageType));
  if (login) return check('connects', 'pass', `${conn}; logged in with ${login.summary.messageType} (frame #${login.summary.id}) as ${input.device}.`, [login.summary.id]);
  const named = up.find((f) => f.decoded.deviceId);
  if (named) return check('connects', 'pass', `${conn}; no login message (${input.protocol ?? 'the protocol'} names the device in its frames): identified as ${named.decoded.deviceId} in frame #${named.summary.id}.`, [named.summary.id]);
  return check('connects', 'warn', `${conn}, but no frame names the device (no login seen).`, [up[0]!.summary.id]);
}

function checkProtocol(input: ValidationInput, frames: readonly ValidationFrame[]): ValidationCheck {
  if (!input.protocol) return check('protocol', 'fail', 'No protocol detected for the device’s bytes.', frames.slice(0, 1).map((f) => f.summary.id));
  const firstOf = (sid: string) => frames.find((f) => f.summary.sessionId === sid)?.summary.id;
  const forced = input.sessions.filter((s) => s.protocolForced);
  if (forced.length) return check('protocol', 'warn', `${input.protocol} was chosen by hand (decode as) for ${forced.length} session(s): detection was not tested.`, forced.map((s) => firstOf(s.id)).filter((x): x is number => x !== undefined));
  const protos = new Set(frames.filter((f) => f.summary.direction === 'up' && f.summary.protocol).map((f) => f.summary.protocol!));
  let worst: { score: number; session: ValidationSession; evidence: string; runnerUp?: Candidate } | null = null;
  for (const s of input.sessions) {
    const mine = s.candidates.find((c) => c.protocol === input.protocol);
    const score = mine?.score ?? 0;
    const runnerUp = s.candidates.find((c) => c.protocol !== input.protocol && score - c.score < AMBIGUOUS_MARGIN);
    if (!worst || score < worst.score || (runnerUp && !worst.runnerUp && score === worst.score)) {
      worst = { score, session: s, evidence: (mine?.evidence ?? []).filter((e) => e.weight > 0).map((e) => e.text).slice(0, 3).join(', '), runnerUp };
    }
  }
  if (protos.size > 1) return check('protocol', 'warn', `The device’s sessions were decoded as ${[...protos].join(' and ')}.`, input.sessions.map((s) => firstOf(s.id)).filter((x): x is number => x !== undefined));
  if (!worst || !input.sessions.some((s) => s.candidates.length)) return check('protocol', 'warn', `${input.protocol}, with no detection scores recorded.`, frames.slice(0, 1).map((f) => f.summary.id));
  const ev = worst.evidence ? ` (${worst.evidence})` : '';
  const at = firstOf(worst.session.id);
  const evidence = at === undefined ? [] : [at];
  const score = worst.score.toFixed(2);
  if (worst.runnerUp) return check('protocol', 'warn', `${input.protocol} scored ${score}${ev}, but ${worst.runnerUp.protocol} scored ${worst.runnerUp.score.toFixed(2)}: ambiguous.`, evidence);
  if (worst.score >= HIGH_CONFIDENCE) return check('protocol', 'pass', `${input.protocol} in ${input.sessions.length === 1 ? 'the session' : `all ${input.sessions.length} sessions`}, lowest score ${score}${ev}.`, evidence);
  return check('protocol', 'fail', `${input.protocol} scored only ${score}${ev}; high confidence needs ${HIGH_CONFIDENCE}.`, evidence);
}

function checkAnswers(input: ValidationInput, up: readonly ValidationFrame[], down: readonly ValidationFrame[]): ValidationCheck {
  const repeated: number[] = [];
  const loginsBySession = new Map<string, Map<string, number>>();
  const reportsAfterLogin = new Map<string, number>();
  for (const f of up) {
    const sid = f.summary.sessionId;
    const type = f.summary.messageType;
    if (LOGIN_TYPES.has(type)) {
      const seen = loginsBySession.get(sid) ?? new Map<string, number>();
      loginsBySession.set(sid, seen);
      if (seen.has(type)) repeated.push(f.summary.id);
      seen.set(type, (seen.get(type) ?? 0) + 1);
    } else if (loginsBySession.has(sid)) reportsAfterLogin.set(sid, (reportsAfterLogin.get(sid) ?? 0) + 1);
  }
  if (repeated.length) return check('answers', 'fail', `Logged in again on the same connection ${repeated.length} time(s) (frames ${frameList(repeated)}): the device did not accept the server’s answer.`, repeated);
  // A connection that only logged in, followed by another login: the device gave up on the answer and reconnected.
  const sessionsInOrder = input.sessions.map((s) => s.id).filter((sid) => loginsBySession.has(sid));
  const retried: number[] = [];
  for (let k = 0; k + 1 < sessionsInOrder.length; k++) {
    if (!reportsAfterLogin.get(sessionsInOrder[k]!)) {
      const next = up.find((f) => f.summary.sessionId === sessionsInOrder[k + 1] && LOGIN_TYPES.has(f.summary.messageType));
      if (next) retried.push(next.summary.id);
    }
  }
  if (retried.length) return check('answers', 'fail', `Reconnected and logged in again ${retried.length} time(s) without reporting in between (frames ${frameList(retried)}): the login answer was not accepted.`, retried);
  const due = up.filter((f) => f.answerDue).length;
  const logins = [...loginsBySession.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
  if (due && !down.length) return check('answers', 'warn', `${due} frames expect an answer but none was seen (the server side is missing from the capture, or the responder is silent).`, up.filter((f) => f.answerDue).slice(0, 3).map((f) => f.summary.id));
  const answered = due ? `; ${down.length} answers to ${due} frames that expect one` : '';
  return check('answers', 'pass', `${logins ? `${logins} login message(s), none repeated on a connection` : 'No repeated logins'}${answered}.`, down.slice(0, 1).map((f) => f.summary.id));
}

function checkInterval(gaps: ReadonlyArray<{ sec: number; id: number }>, s: ValidationReport['stats']['intervalSec'], range: { minSec: number; maxSec: number }, reports: number): ValidationCheck {
  const expected = `expected ${formatSeconds(range.minSec)}–${formatSeconds(range.maxSec)}`;
  if (s.median === null) return check('interval', 'n/a', `${reports} position report(s): too few to measure an interval (${expected}).`);
  const out = gaps.filter((g) => g.sec < range.minSec || g.sec > range.maxSec);
  const long = out.filter((g) => g.sec > range.maxSec).length;
  const short = out.length - long;
  const spread = `median ${formatSeconds(s.median)} (10–90 %: ${formatSeconds(s.p10!)}–${formatSeconds(s.p90!)}) over ${s.count} intervals; ${expected}`;
  const outliers = out.length ? `; ${[long ? `${long} longer` : '', short ? `${short} shorter` : ''].filter(Boolean).join(', ')} (frames ${frameList(out.map((g) => g.id))})` : '';
  if (s.median < range.minSec || s.median > range.maxSec) return check('interval', 'fail', `${spread}${outliers}.`, out.map((g) => g.id));
  if (out.length > s.count * INTERVAL_OUTLIER_SHARE) return check('interval', 'warn', `${spread}${outliers}.`, out.map((g) => g.id));
  return check('interval', 'pass', `${spread}${outliers}.`, out.length ? out.map((g) => g.id) : gaps.slice(0, 1).map((g) => g.id));
}

function checkPositions(posFrames: readonly ValidationFrame[], positions: number, valid: number, withIssue: (ids: ReadonlySet<string>) => number[]): ValidationCheck {
  if (!positions) return check('positions', 'fail', 'No position reported.');
  const bad = withIssue(LINT_POSITION_FAIL);
  const share = `${valid} of ${positions} fixes valid (${Math.round((100 * valid) / positions)} %)`;
  const named = (ids: ReadonlySet<string>) => {
    const parts: string[] = [];
    for (const id of ids) {
      const frames = withIssue(new Set([id]));
      if (frames.length) parts.push(`${id.replace('lint.', '').replace(/_/g, ' ')} in ${frames.length} frame(s) (${frameList(frames)})`);
    }
    return parts.join('; ');
  };
  if (bad.length) return check('positions', 'fail', `${share}; ${named(LINT_POSITION_FAIL)}.`, bad);
  if (!valid) return check('positions', 'fail', `${share}: the device never had a fix.`, posFrames.slice(0, 3).map((f) => f.summary.id));
  const warn = withIssue(LINT_POSITION_WARN);
  if (warn.length) return check('positions', 'warn', `${share}; ${named(LINT_POSITION_WARN)}.`, warn);
  if (valid < positions * MIN_VALID_SHARE) return check('positions', 'warn', `${share}: the device is mostly without a fix.`, posFrames.filter((f) => f.decoded.positions.some((p) => !p.valid)).map((f) => f.summary.id));
  const first = posFrames.find((f) => f.decoded.positions.some((p) => p.valid));
  return check('positions', 'pass', `${share}; none at 0°/0°, no impossible jumps.`, first ? [first.summary.id] : []);
}

function checkClock(estimate: ReturnType<typeof inferClock>, withIssue: (ids: ReadonlySet<string>) => number[]): ValidationCheck {
  const bad = withIssue(LINT_CLOCK);
  if (bad.length) {
    const what = [...LINT_CLOCK].map((id) => [id, withIssue(new Set([id])).length] as const).filter(([, n]) => n).map(([id, n]) => `${id.replace('lint.', '').replace(/_/g, ' ')} in ${n} frame(s)`);
    return check('clock', 'fail', `${estimate ? `${estimate.text}; ` : ''}${what.join(', ')} (frames ${frameList(bad)}).`, bad);
  }
  if (!estimate) return check('clock', 'n/a', 'No valid fix with a time to compare with the arrival.');
  const off = `median offset ${estimate.medianMs >= 0 ? '+' : '−'}${formatDuration(estimate.medianMs)} from the arrival over ${estimate.samples} fix(es)`;
  return check('clock', 'pass', `${estimate.text}; ${off}.`);
}

function checkFrames(upCount: number, badIds: readonly number[], up: readonly ValidationFrame[]): ValidationCheck {
  if (!upCount) return check('frames', 'n/a', 'No frame from the device.');
  if (!badIds.length) return check('frames', 'pass', `${upCount} frames, none malformed, none with a bad checksum.`);
  const bad = new Set(badIds);
  const checksum = up.filter((f) => bad.has(f.summary.id) && f.decoded.issues.some((i) => i.group === 'checksum')).length;
  const rate = badIds.length / upCount;
  const detail = `${badIds.length} of ${upCount} frames bad (${(rate * 100).toFixed(rate < 0.01 ? 2 : 1)} %): ${checksum} with a bad checksum, ${badIds.length - checksum} malformed or undecodable (frames ${frameList(badIds)}).`;
  return check('frames', rate <= BAD_FRAME_WARN_RATE ? 'warn' : 'fail', detail, badIds);
}

function checkCommands(cmds: readonly CommandRecord[]): ValidationCheck {
  if (!cmds.length) return check('commands', 'n/a', 'No command was sent to the device.');
  const ok = cmds.filter((c) => c.state === 'acknowledged' || c.state === 'answered');
  const failed = cmds.filter((c) => c.state === 'failed' || c.state === 'expired');
  const waiting = cmds.filter((c) => c.state === 'sent');
  const ids = (list: readonly CommandRecord[]) => list.map((c) => c.replyFrameId ?? c.frameId).filter((x): x is number => x !== null);
  const summary = `${ok.length} of ${cmds.length} command(s) acknowledged`;
  if (failed.length) return check('commands', 'fail', `${summary}; ${failed.map((c) => `${c.label} ${c.state}${c.reply ? ` (${c.reply})` : ''}`).join('; ')}.`, ids(failed));
  if (waiting.length) return check('commands', 'warn', `${summary}; ${waiting.length} still awaiting a reply.`, ids(waiting));
  return check('commands', 'pass', `${summary}.`, ids(ok));
}
