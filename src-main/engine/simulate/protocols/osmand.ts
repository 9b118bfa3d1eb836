/**
 * OsmAnd / Traccar Client over HTTP/1.1 (one kept-alive connection per device): `GET /?id=<IMEI>
 * &timestamp=<Unix s>&lat=…&lon=…&speed=<knots>&bearing=…&altitude=…&accuracy=…&batt=…`, each
 * answered `HTTP/1.1 200 OK` with an empty body (`content-length: 0`), as Traccar's HTTP
 * protocols answer. No login or heartbeat.
 */
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, type SimProtocol } from './types';

const OK = ascii('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');

/** The GET request of a fix. */
export function request(id: string, fix: Fix, host: string, battery: number): string {
  const q =
    `id=${id}&timestamp=${Math.floor(fix.time.getTime() / 1000)}&lat=${fix.lat.toFixed(6)}&lon=${fix.lon.toFixed(6)}` +
    `&speed=${(fix.speedKmh / 1.852).toFixed(2)}&bearing=${(Math.round(fix.course) % 360).toFixed(1)}&altitude=${fix.altitude.toFixed(1)}&accuracy=5.0&batt=${battery.toFixed(1)}`;
  return `GET /?${q} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: trackwire-simulate\r\n\r\n`;
}

export const osmandSim: SimProtocol = {
  id: 'osmand',
  transports: ['tcp'],
  deviceId: imeiFor,
  answers: 'expected',
  login: () => [],
  position: (d, fix) => ({ kind: 'position', bytes: ascii(request(d.id, fix, 'trackwire', 95 - (d.n % 20))), expect: { bytes: OK } }),
  heartbeat: () => null,
};
