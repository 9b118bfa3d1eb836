/**
 * GPS103 (Coban TK103-2 style) device text: login `##,imei:<IMEI>,A;` answered `LOAD`, heartbeat
 * `<IMEI>;` answered `ON`, positions `imei:<IMEI>,tracker,<yymmddhhmm>,,F,<hhmmss.sss>,A,
 * ddmm.mmmm,N,dddmm.mmmm,E,<speed kn>,<course>;` unanswered. The answers carry no terminator, so
 * they are cut by the length of the answer awaited.
 */
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, d2, nmeaCoord, type SimProtocol } from './types';

const LOAD = ascii('LOAD');
const ON = ascii('ON');

/** The `tracker` report of a fix. */
export function tracker(imei: string, fix: Fix): string {
  const t = fix.time;
  const local = d2(t.getUTCFullYear() % 100) + d2(t.getUTCMonth() + 1) + d2(t.getUTCDate()) + d2(t.getUTCHours()) + d2(t.getUTCMinutes());
  const time = `${d2(t.getUTCHours())}${d2(t.getUTCMinutes())}${d2(t.getUTCSeconds())}.000`;
  const lat = `${nmeaCoord(fix.lat, 2)},${fix.lat < 0 ? 'S' : 'N'}`;
  const lon = `${nmeaCoord(fix.lon, 3)},${fix.lon < 0 ? 'W' : 'E'}`;
  return `imei:${imei},tracker,${local},,F,${time},A,${lat},${lon},${(fix.speedKmh / 1.852).toFixed(2)},${(Math.round(fix.course) % 360).toFixed(2)};`;
}

export const gps103Sim: SimProtocol = {
  id: 'gps103',
  transports: ['tcp', 'udp'],
  deviceId: imeiFor,
  answers: 'expected',
  login: (d) => [{ kind: 'login', bytes: ascii(`##,imei:${d.id},A;`), expect: { bytes: LOAD } }],
  position: (d, fix) => ({ kind: 'position', bytes: ascii(tracker(d.id, fix)), expect: null }),
  heartbeat: (d) => ({ kind: 'heartbeat', bytes: ascii(`${d.id};`), expect: { bytes: ON } }),
};
