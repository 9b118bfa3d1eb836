/**
 * Time-zone inference: per device, the median offset of its fix times from their arrival times,
 * shown as the zone the device clock is set to — `device clock ≈ UTC+8 (likely configured GMT+8)`
 * when the offset is a whole or half hour — or as a clock error when it is not. The offset is of
 * the clock as it shows on the wire: decoders turn JT/T 808's Beijing time into UTC, so the
 * protocol's own zone (`clockOffsetMinutes`) is added back.
 */
import { formatGmtOffset, nearestZoneOffset } from '../../../parsers/core/timezone';
import { ZONE_TOLERANCE_MS, formatDuration } from '../../../parsers/core/lint';
import { getProtocol } from '../../../parsers/index';

/** What the device clock is set to, as inferred from its fixes. */
export interface ClockEstimate {
  /** Minutes east of UTC the device clock shows (the zone when it is one, else the rounded offset). */
  offsetMinutes: number;
  /** The offset is a whole or half hour (a zone setting rather than a clock error). */
  zone: boolean;
  /** `device clock ≈ UTC+8 (likely configured GMT+8)`. */
  text: string;
  /** Fixes the median is taken over. */
  samples: number;
  /** Median of (decoded UTC fix time − arrival), ms: how far the times the server stores are off. */
  medianMs: number;
}

/** `UTC`, `UTC+8`, `UTC-3:30`. */
export function formatUtcOffset(minutes: number): string {
  return formatGmtOffset(minutes).replace('GMT', 'UTC');
}

/** The median of some numbers (null for none). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The device clock from offsets (decoded fix time − arrival, ms) of one device speaking
 * `protocol`; null without samples.
 */
export function inferClock(offsetsMs: readonly number[], protocol?: string | null): ClockEstimate | null {
  const m = median(offsetsMs);
  if (m === null) return null;
  const desc = protocol ? getProtocol(protocol) : undefined;
  const wireZone = desc?.clockOffsetMinutes ?? 0;
  const wire = m + wireZone * 60_000;
  const zone = nearestZoneOffset(wire, ZONE_TOLERANCE_MS);
  const samples = offsetsMs.length;
  if (zone !== null) {
    const own = !wireZone ? '' : zone === wireZone ? `, as ${desc!.name} expects` : `; ${desc!.name} expects ${formatGmtOffset(wireZone)}`;
    const text = zone === 0 && !wireZone ? 'device clock ≈ UTC' : `device clock ≈ ${formatUtcOffset(zone)} (likely configured ${formatGmtOffset(zone)}${own})`;
    return { offsetMinutes: zone, zone: true, text, samples, medianMs: m };
  }
  const ref = wireZone ? formatGmtOffset(wireZone) : 'UTC';
  return {
    offsetMinutes: Math.round(wire / 60_000),
    zone: false,
    text: `device clock ${formatDuration(m)} ${m > 0 ? 'ahead of' : 'behind'} ${ref} (not a whole or half hour: a clock error, not a time zone)`,
    samples,
    medianMs: m,
  };
}
