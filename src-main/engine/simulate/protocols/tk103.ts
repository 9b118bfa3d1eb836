/**
 * TK103 device frames ("TK103 GPS tracker communication protocol"): `(` + 12-digit id + command
 * + body + `)`. Login BP05 (IMEI and a position block) is answered `(<id>AP05)`; the handshake
 * BP00 `<IMEI>HSO`, repeated as the keep-alive, is answered `(<id>AP01HSO)`; isochronous
 * positions BR00 get no answer. Position block: `yymmdd A ddmm.mmmm N dddmm.mmmm E ddd.d(km/h)
 * hhmmss ddd.dd <io 8> L <mileage 8 hex>`.
 */
import { fixAt, type Fix } from '../route';
import { imeiFor, numericId } from '../ids';
import { ascii, d2, nmeaCoord, type OutFrame, type SimDevice, type SimProtocol } from './types';

/** The fixed-width position block of a fix. */
export function block(fix: Fix, odometerM: number): string {
  const t = fix.time;
  const date = d2(t.getUTCFullYear() % 100) + d2(t.getUTCMonth() + 1) + d2(t.getUTCDate());
  const time = d2(t.getUTCHours()) + d2(t.getUTCMinutes()) + d2(t.getUTCSeconds());
  const speed = fix.speedKmh.toFixed(1).padStart(5, '0');
  const course = (Math.round(fix.course) % 360).toFixed(2).padStart(6, '0');
  const lat = nmeaCoord(fix.lat, 2) + (fix.lat < 0 ? 'S' : 'N');
  const lon = nmeaCoord(fix.lon, 3) + (fix.lon < 0 ? 'W' : 'E');
  return `${date}A${lat}${lon}${speed}${time}${course}00000000L${(odometerM >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The IMEI of device `n`, which TK103 frames carry after BP05 and BP00. */
const imei = (d: SimDevice) => imeiFor(d.n);

function answered(kind: OutFrame['kind'], text: string, answer: string): OutFrame {
  return { kind, bytes: ascii(text), expect: { bytes: ascii(answer) } };
}

export const tk103Sim: SimProtocol = {
  id: 'tk103',
  transports: ['tcp'],
  deviceId: (n) => numericId(n, '0270', 12),
  answers: 'split',
  login: (d, now) => [answered('login', `(${d.id}BP05${imei(d)}${block(fixAt(d.n, 0, now), 100_000 + d.n)})`, `(${d.id}AP05)`)],
  position: (d, fix) => ({ kind: 'position', bytes: ascii(`(${d.id}BR00${block(fix, 100_000 + d.n)})`), expect: null }),
  heartbeat: (d) => answered('heartbeat', `(${d.id}BP00${imei(d)}HSO)`, `(${d.id}AP01HSO)`),
};

