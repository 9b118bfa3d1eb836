/** Unit conversions and time/coordinate helpers shared by the protocol modules. */

export const KMH_PER_KNOT = 1.852;
export const MPH_PER_KNOT = 1.150779;

/** km/h → knots. */
export const kmhToKnots = (v: number): number => v / KMH_PER_KNOT;
/** mph → knots. */
export const mphToKnots = (v: number): number => v / MPH_PER_KNOT;

/** Round to `digits` decimals (coordinates use 6). */
export function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * An ISO-8601 UTC time from calendar fields (year in full, or 0..99 meaning 20yy), shifted by
 * `offsetMinutes` (the zone the device reports in, e.g. +480 for JT808's GMT+8); null when a
 * field is out of range.
 */
export function isoTime(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes = 0, millis = 0): string | null {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61)) return null;
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null;
  const y = year < 100 ? 2000 + year : year;
  const t = Date.UTC(y, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const d = new Date(t);
  if (Number.isNaN(t) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 2200) return null;
  return d.toISOString();
}

/** Parse `digits` (e.g. "251120" or "101512") into 2-digit integers; null when not all digits. */
export function pairs(digits: string): number[] | null {
  if (!/^\d+$/.test(digits) || digits.length % 2) return null;
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(Number(digits.slice(i, i + 2)));
  return out;
}

/**
 * NMEA-style degrees-and-minutes (`ddmm.mmmm` / `dddmm.mmmm`) to signed degrees; `hemi` is
 * N/S/E/W (S and W negative). Null when the text is not a number.
 */
export function nmeaDegrees(text: string, hemi?: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const v = Number(text);
  const deg = Math.floor(v / 100);
  const min = v - deg * 100;
  const d = deg + min / 60;
  return hemi === 'S' || hemi === 'W' || hemi === 's' || hemi === 'w' ? -d : d;
}

/** Whether a coordinate pair is within the globe. */
export const validLatLon = (lat: number, lon: number): boolean => Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && Number.isFinite(lat) && Number.isFinite(lon);
