/**
 * Time zone → standard offset, for `setTimezone` encoders (watch `LZ`, jt600 `S09`): what Java's
 * `TimeZone.getRawOffset()` gives, i.e. the offset without daylight saving. Accepts `GMT`/`UTC`
 * with an offset (`GMT+4`, `GMT-11:30`, `UTC+0545`, `+05:30`) and IANA names (`Europe/Amsterdam`,
 * through Intl). Pure: no Node APIs.
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

/** The offset `fmt` shows at `d` (`GMT+01:00` → 60), or null when it shows none. */
function offsetAt(fmt: Intl.DateTimeFormat, d: Date): number | null {
  const name = fmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT' || name === 'UTC') return 0;
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}
