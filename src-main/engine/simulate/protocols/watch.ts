/**
 * 3G watch device frames (SeTracker "3G watch communication protocol"): `[3G*<id>*<length, 4 hex>
 * *<content>]`. The link message `LK,<steps>,<rolls>,<battery %>` opens the session and repeats as
 * the keep-alive, answered `[3G*<id>*0002*LK]`; positions `UD,ddmmyy,hhmmss,A,lat,N,lon,E,speed
 * (km/h),course,altitude,satellites,gsm,battery,steps,rolls,status,0,0` get no answer.
 */
import type { Fix } from '../route';
import { numericId } from '../ids';
import { ascii, d2, type OutFrame, type SimDevice, type SimProtocol } from './types';

/** `[3G*<id>*<len>*<content>]`, the content needing no escaping (no `[ ] , *` beyond separators). */
export function frame(id: string, content: string): Uint8Array {
  return ascii(`[3G*${id}*${content.length.toString(16).toUpperCase().padStart(4, '0')}*${content}]`);
}

function link(d: SimDevice, kind: OutFrame['kind']): OutFrame {
  return { kind, bytes: frame(d.id, `LK,0,0,${95 - (d.n % 20)}`), expect: { bytes: ascii(`[3G*${d.id}*0002*LK]`) } };
}

/** The UD content of a fix. */
export function ud(fix: Fix, battery: number): string {
  const t = fix.time;
  const date = d2(t.getUTCDate()) + d2(t.getUTCMonth() + 1) + d2(t.getUTCFullYear() % 100);
  const time = d2(t.getUTCHours()) + d2(t.getUTCMinutes()) + d2(t.getUTCSeconds());
  const lat = `${Math.abs(fix.lat).toFixed(6)},${fix.lat < 0 ? 'S' : 'N'}`;
  const lon = `${Math.abs(fix.lon).toFixed(6)},${fix.lon < 0 ? 'W' : 'E'}`;
  return `UD,${date},${time},A,${lat},${lon},${fix.speedKmh.toFixed(2)},${(Math.round(fix.course) % 360).toFixed(1)},${fix.altitude.toFixed(1)},${fix.satellites},100,${battery},0,0,00000000,0,0`;
}

export const watchSim: SimProtocol = {
  id: 'watch',
  transports: ['tcp'],
  deviceId: (n) => numericId(n, '47', 10),
  answers: 'split',
  login: (d) => [link(d, 'login')],
  position: (d, fix) => ({ kind: 'position', bytes: frame(d.id, ud(fix, 95 - (d.n % 20))), expect: null }),
  heartbeat: (d) => link(d, 'heartbeat'),
};
