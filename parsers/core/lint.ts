/**
 * GPS and time checks on what a well-formed frame says (issue group `lint`): a fix flagged valid
 * without satellites or at 0°/0°, too few satellites, a jump no reported speed explains, a 1970
 * or far-future timestamp, a device clock off from the arrival time, a location from cells only.
 * Pure: one frame, its arrival time and a small per-device state (the last plausible fix) in,
 * issues out; the caller keeps one state per device and feeds its uplink frames in order.
 *
 * Issue ids (stable, for filters such as `issue.lint.zero_position`):
 *   lint.zero_position      a fix flagged valid at exactly 0°, 0° (the device sent zeros as a fix)
 *   lint.valid_without_fix  a fix flagged valid while the device reports 0 satellites
 *   lint.few_satellites     a fix flagged valid with 1 or 2 satellites (a 2D fix needs 3)
 *   lint.impossible_jump    the distance from the previous fix needs a speed far above the reported one
 *   lint.time_1970          a timestamp before 2001: the device clock was never set
 *   lint.time_future        a timestamp more than a day after the frame arrived
 *   lint.clock_drift        the device time is ahead of the arrival, or hours behind it (not flagged archive)
 *   lint.cell_only          a location report with cell towers but no valid GPS fix
 */
import type { DecodedFrame, FieldNode, Issue, Position } from './types';
import { KMH_PER_KNOT } from './units';
import { formatGmtOffset, nearestZoneOffset } from './timezone';

/** Coordinates closer to 0 than this (degrees, ~0.1 m) count as "0": devices without a fix send exact zeros. */
const ZERO_DEGREES = 1e-6;
/** A 2D fix needs three satellites (a 3D fix four): fewer with the valid flag set is not a real fix. */
export const MIN_FIX_SATELLITES = 3;
/** Earliest plausible timestamp: a clock never set starts at 1970 (Unix), 1980 (GPS) or 2000 (many RTCs). */
export const EPOCH_LIMIT_MS = Date.UTC(2001, 0, 1);
/** "Far future": no time zone explains more than UTC+14, so a day ahead is a broken clock or date field. */
export const FUTURE_LIMIT_MS = 24 * 3600_000;
/** A fix cannot be taken after it arrives; two minutes leave room for a capture host's clock error. */
export const AHEAD_TOLERANCE_MS = 2 * 60_000;
/**
 * The newest fix of a real-time frame is at most a reporting interval old; buffered data a device
 * does not flag as archive can be older, so only an hour behind counts as a clock problem.
 */
export const BEHIND_TOLERANCE_MS = 3600_000;
/** Jumps shorter than this are GPS noise or a short gap, whatever the time between the fixes. */
export const JUMP_MIN_METRES = 500;
/** A jump is impossible when its speed exceeds twice the faster reported speed plus 100 km/h. */
export const JUMP_SPEED_FACTOR = 2;
export const JUMP_SPEED_MARGIN_KMH = 100;
/** How close (ms) an offset must be to a whole or half hour to be called a zone. */
export const ZONE_TOLERANCE_MS = 2 * 60_000;

const EARTH_RADIUS_M = 6_371_000;

/** What the checks remember of a device between its frames. */
export interface LintState {
  /** The last plausible fix (valid, not 0/0, sane time): UTC ms, degrees, knots. */
  last?: { time: number; lat: number; lon: number; speedKnots?: number };
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** `8 h`, `3 min 20 s`, `2 d 4 h`, `900 ms`: a duration for messages. */
export function formatDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(a)} ms`;
  const s = Math.round(a / 1000);
  if (s < 60) return `${s} s`;
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const min = Math.round(a / 60_000);
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min / 60} h`;
  const h = Math.round(a / 3600_000);
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`;
}

/** The position's time as UTC ms, or null when absent or unreadable. */
function timeOf(p: Position): number | null {
  if (!p.time) return null;
  const t = Date.parse(p.time);
  return Number.isFinite(t) ? t : null;
}

const isZero = (p: Position) => Math.abs(p.lat) < ZERO_DEGREES && Math.abs(p.lon) < ZERO_DEGREES;

/**
 * The device clock's offset from the arrival (ms, positive ahead) by the frame's newest valid fix,
 * or null when it has none with a usable time (1970-style and far-future times say nothing of
 * the offset). What the time-zone inference collects.
 */
export function deviceTimeOffset(decoded: DecodedFrame, arrival: number): number | null {
  let newest: number | null = null;
  for (const p of decoded.positions) {
    if (!p.valid || isZero(p)) continue;
    const t = timeOf(p);
    if (t !== null && t >= EPOCH_LIMIT_MS && t - arrival <= FUTURE_LIMIT_MS && (newest === null || t > newest)) newest = t;
  }
  return newest === null ? null : newest - arrival;
}

/** Last segments of field ids that carry cell-tower data (MCC, LAC, cell id). */
const CELL_FIELDS = new Set(['mcc', 'lac', 'cid', 'cell_id', 'cell']);
/** Message types that report a location (for frames that carry cells but no fix at all). */
const LOCATION_TYPE = /lbs|locat|position|report|cell|gps/i;

function hasCell(nodes: readonly FieldNode[]): boolean {
  for (const n of nodes) {
    if (CELL_FIELDS.has(n.id.slice(n.id.lastIndexOf('.') + 1))) return true;
    if (n.children && hasCell(n.children)) return true;
  }
  return false;
}

/** One issue per id and frame: the first occurrence, with how many positions had it. */
class Collector {
  private byId = new Map<string, { issue: Issue; count: number }>();
  constructor(private readonly positions: number) {}
  add(id: string, severity: Issue['severity'], message: string): void {
    const e = this.byId.get(id);
    if (e) e.count++;
    else this.byId.set(id, { issue: { id, group: 'lint', severity, message }, count: 1 });
  }
  issues(): Issue[] {
    return [...this.byId.values()].map(({ issue, count }) => (count > 1 ? { ...issue, message: `${issue.message} (${count} of ${this.positions} positions)` } : issue));
  }
}

/** A clock offset for messages: `8 h ahead of the arrival (device clock likely set to GMT+8 instead of UTC)`. */
function describeOffset(offsetMs: number): string {
  const zone = nearestZoneOffset(offsetMs, ZONE_TOLERANCE_MS);
  const side = offsetMs > 0 ? 'ahead of' : 'behind';
  const hint = zone ? ` (device clock likely set to ${formatGmtOffset(zone)} instead of UTC)` : '';
  return `${formatDuration(offsetMs)} ${side} the arrival${hint}`;
}

/**
 * The lint issues of one uplink frame that arrived at `arrival` (ms since the epoch); updates
 * `state` with the frame's last plausible fix. Never throws.
 */
export function lintFrame(decoded: DecodedFrame, arrival: number, state: LintState): Issue[] {
  const positions = decoded.positions;
  const out = new Collector(positions.length);
  const archive = decoded.attributes.archive === true;
  let anyValid = false;
  let newestValid: number | null = null;
  for (const p of positions) {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    const t = timeOf(p);
    const zero = isZero(p);
    if (p.valid) {
      anyValid = true;
      if (zero) out.add('lint.zero_position', 'error', 'Fix flagged valid at 0°, 0°: the device sends zeros as a position');
      if (p.satellites === 0) out.add('lint.valid_without_fix', 'error', 'Fix flagged valid while the device reports 0 satellites: there is no fix');
      else if (p.satellites !== undefined && p.satellites < MIN_FIX_SATELLITES) {
        out.add('lint.few_satellites', 'warning', `Fix flagged valid with ${p.satellites} satellite${p.satellites === 1 ? '' : 's'}: a fix needs at least ${MIN_FIX_SATELLITES}`);
      }
    }
    let saneTime = false;
    if (t !== null) {
      if (t < EPOCH_LIMIT_MS) out.add('lint.time_1970', 'error', `Timestamp ${p.time}: the device clock was never set (1970/1980/2000 epoch)`);
      else if (t - arrival > FUTURE_LIMIT_MS) out.add('lint.time_future', 'error', `Timestamp ${p.time} is ${formatDuration(t - arrival)} after the frame arrived: no time zone explains it`);
      else {
        saneTime = true;
        if (t - arrival > AHEAD_TOLERANCE_MS) out.add('lint.clock_drift', 'warning', `Device time ${describeOffset(t - arrival)}`);
        if (p.valid && !zero && (newestValid === null || t > newestValid)) newestValid = t;
      }
    }
    if (!p.valid || zero || !saneTime) continue;
    const last = state.last;
    if (last && t! >= last.time) {
      const metres = distanceMetres(last.lat, last.lon, p.lat, p.lon);
      const seconds = (t! - last.time) / 1000;
      const reportedKmh = Math.max(last.speedKnots ?? 0, p.speedKnots ?? 0) * KMH_PER_KNOT;
      const limitKmh = JUMP_SPEED_FACTOR * reportedKmh + JUMP_SPEED_MARGIN_KMH;
      const impliedKmh = seconds > 0 ? (metres / seconds) * 3.6 : Infinity;
      if (metres > JUMP_MIN_METRES && impliedKmh > limitKmh) {
        const how = seconds > 0 ? `${Math.round(impliedKmh)} km/h` : 'no time at all';
        out.add('lint.impossible_jump', 'warning', `Jump of ${(metres / 1000).toFixed(2)} km in ${formatDuration(seconds * 1000)} from the previous fix needs ${how}; reported ${Math.round(reportedKmh)} km/h`);
      }
    }
    // Out-of-order (older) fixes are buffered data: they neither jump nor become the reference.
    if (!last || t! >= last.time) state.last = { time: t!, lat: p.lat, lon: p.lon, speedKnots: p.speedKnots };
  }
  // Hours behind: checked on the newest fix only (a batch's older records are old by design).
  if (newestValid !== null && !archive && arrival - newestValid > BEHIND_TOLERANCE_MS) {
    out.add('lint.clock_drift', 'warning', `Device time ${describeOffset(newestValid - arrival)} (a slow clock, or buffered data not flagged as such)`);
  }
  if (!anyValid && (positions.length || LOCATION_TYPE.test(decoded.messageType)) && hasCell(decoded.tree)) {
    out.add('lint.cell_only', 'info', 'Location from cell towers only: no valid GPS fix in this report');
  }
  return out.issues();
}
