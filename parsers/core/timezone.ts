/**
 * Time zone → standard offset, for `setTimezone` encoders (watch `LZ`, jt600 `S09`): what Java's
 * `TimeZone.getRawOffset()` gives, i.e. the offset without daylight saving. Accepts `GMT`/`UTC`
 * with an offset (`GMT+4`, `GMT-11:30`, `UTC+0545`, `+05:30`) and IANA names (`Europe/Amsterdam`,
 * through Intl). Also the reverse, for the clock checks (core/lint.ts, the engine's time-zone
 * inference): whether an observed clock offset is a zone (`isZoneOffset`, `nearestZoneOffset`) and
 * how to name it (`formatGmtOffset`). Pure: no Node APIs.
 */

const FIXED = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Minutes east of UTC a zone's clocks show outside daylight saving, or null for an unknown zone. */
export function rawOffsetMinutes(zone: string, at: Date = new Date()): number | null {
  const z = zone.trim();
  if (/^(GMT|UTC|Z)$/i.test(z)) return 0;
  const m = FIXED.exec(z);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? 0);
    if (h > 23 || min > 59) return null;
    return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: z, timeZoneName: 'longOffset' });
  } catch {
    return null;
  }
  // Standard time is the smaller of the January and July offsets (daylight saving adds time).
  const year = at.getUTCFullYear();
  const offsets = [0, 6].map((month) => offsetAt(fmt, new Date(Date.UTC(year, month, 1))));
  if (offsets.some((o) => o === null)) return null;
  return Math.min(...(offsets as number[]));
}

/** Zones off the half hour that clocks really use (Nepal +5:45, Eucla +8:45, Chatham +12:45), minutes east. */
const QUARTER_ZONES = [345, 525, 765];
/** Farthest a zone is from UTC (UTC+14, Line Islands; UTC-12, Baker Island). */
const MAX_ZONE_MINUTES = 14 * 60;

/** Whether `minutes` east of UTC is an offset clocks are set to: a whole or half hour (or a :45 zone), within ±14 h. */
export function isZoneOffset(minutes: number): boolean {
  if (!Number.isInteger(minutes) || Math.abs(minutes) > MAX_ZONE_MINUTES) return false;
  return minutes % 30 === 0 || QUARTER_ZONES.includes(Math.abs(minutes));
}

/** The zone offset (minutes) nearest to a clock offset in ms, when within `toleranceMs` of one; else null. */
export function nearestZoneOffset(offsetMs: number, toleranceMs: number): number | null {
  const minutes = offsetMs / 60_000;
  const candidates = [Math.round(minutes / 30) * 30, ...QUARTER_ZONES.map((q) => Math.sign(minutes || 1) * q)];
  let best: number | null = null;
  for (const c of candidates) {
    if (!isZoneOffset(c) || Math.abs(offsetMs - c * 60_000) > toleranceMs) continue;
    if (best === null || Math.abs(offsetMs - c * 60_000) < Math.abs(offsetMs - best * 60_000)) best = c;
  }
  // `|| 0` turns -0 (a slightly negative offset rounded) into 0.
  return best === null ? null : best || 0;
}

/** `GMT+8`, `GMT-3:30`, `GMT` for 0: how device manuals and setting commands write a zone. */
export function formatGmtOffset(minutes: number): string {
  if (!minutes) return 'GMT';
  const abs = Math.abs(minutes);
  const m = abs % 60;
  return `GMT${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** The offset `fmt` shows at `d` (`GMT+01:00` → 60), or null when it shows none. */
function offsetAt(fmt: Intl.DateTimeFormat, d: Date): number | null {
  const name = fmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT' || name === 'UTC') return 0;
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}
