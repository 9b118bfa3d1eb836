/**
 * Carscop CCTR-620/801 text frames (Traccar's CarscopProtocolDecoder layout): `*<yymmddhhmmss>
 * <command><payload><position block>^`. The handshake `UB00HSO` opens the session and repeats as
 * the keep-alive; `UB05<IMEI>` + the fixed-width block `hhmmss A ddmm.mmmm N dddmm.mmmm E ddd.d
 * yymmdd ddd.dd <state 8> L <odometer 6>` (speed in knots) reports a position. The server answers
 * nothing.
 */
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, d2, nmeaCoord, type SimDevice, type SimProtocol } from './types';

const stamp = (t: Date) => d2(t.getUTCFullYear() % 100) + d2(t.getUTCMonth() + 1) + d2(t.getUTCDate()) + d2(t.getUTCHours()) + d2(t.getUTCMinutes()) + d2(t.getUTCSeconds());

/** The UB05 frame of a fix. */
export function ub05(imei: string, fix: Fix, odometerKm: number): string {
  const t = fix.time;
  const s = stamp(t);
  const knots = (fix.speedKmh / 1.852).toFixed(1).padStart(5, '0');
  const course = (Math.round(fix.course) % 360).toFixed(2).padStart(6, '0');
  const block = `${s.slice(6)}A${nmeaCoord(fix.lat, 2)}${fix.lat < 0 ? 'S' : 'N'}${nmeaCoord(fix.lon, 3)}${fix.lon < 0 ? 'W' : 'E'}${knots}${s.slice(0, 6)}${course}00000000L${String(odometerKm % 1_000_000).padStart(6, '0')}`;
  return `*${s}UB05${imei}${block}^`;
}

const handshake = (kind: 'login' | 'heartbeat', now: Date) => ({ kind, bytes: ascii(`*${stamp(now)}UB00HSO^`), expect: null });

export const carscopSim: SimProtocol = {
  id: 'carscop',
  transports: ['tcp'],
  deviceId: imeiFor,
  answers: 'split',
  login: (_d, now) => [handshake('login', now)],
  position: (d: SimDevice, fix) => ({ kind: 'position', bytes: ascii(ub05(d.id, fix, 1200 + d.n)), expect: null }),
  heartbeat: (_d, now) => handshake('heartbeat', now),
};
