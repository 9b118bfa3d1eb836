/**
 * H02 device sentences (the vendor's "GPS tracker communication protocol"):
 * `*HQ,<id>,V1,hhmmss,A,ddmm.mmmm,N,dddmm.mmmm,E,<speed kn>,<course>,ddmmyy,<status>#` positions
 * (no answer), `*HQ,<id>,V0#` login and `*HQ,<id>,HTBT#` heartbeat, which the server echoes up to
 * the command: `*HQ,<id>,V0#`, `*HQ,<id>,HTBT#`. Same bytes over TCP and UDP.
 */
import type { Fix } from '../route';
import { numericId } from '../ids';
import { ascii, d2, nmeaCoord, type OutFrame, type SimDevice, type SimProtocol } from './types';

/** A command echoed by the server: the sentence up to the command, then `#`. */
function echoed(d: SimDevice, kind: OutFrame['kind'], command: string): OutFrame {
  const bytes = ascii(`*HQ,${d.id},${command}#`);
  return { kind, bytes, expect: { bytes } };
}

/** The V1 sentence of a fix. */
export function v1(id: string, fix: Fix): string {
  const t = fix.time;
  const time = d2(t.getUTCHours()) + d2(t.getUTCMinutes()) + d2(t.getUTCSeconds());
  const date = d2(t.getUTCDate()) + d2(t.getUTCMonth() + 1) + d2(t.getUTCFullYear() % 100);
  const lat = `${nmeaCoord(fix.lat, 2)},${fix.lat < 0 ? 'S' : 'N'}`;
  const lon = `${nmeaCoord(fix.lon, 3)},${fix.lon < 0 ? 'W' : 'E'}`;
  const knots = (fix.speedKmh / 1.852).toFixed(2);
  return `*HQ,${id},V1,${time},A,${lat},${lon},${knots},${String(Math.round(fix.course) % 360).padStart(3, '0')},${date},FFFFFBFF#`;
}

export const h02Sim: SimProtocol = {
  id: 'h02',
  transports: ['tcp', 'udp'],
  deviceId: (n) => numericId(n, '41', 10),
  answers: 'split',
  login: (d) => [echoed(d, 'login', 'V0')],
  position: (d, fix) => ({ kind: 'position', bytes: ascii(v1(d.id, fix)), expect: null }),
  heartbeat: (d) => echoed(d, 'heartbeat', 'HTBT'),
};
