/**
 * Meitrack GPRS protocol (MEITRACK GPRS Protocol, "Command Format"): `$$<flag><length>,<IMEI>,AAA,
 * <event>,<lat>,<lon>,<yymmddhhmmss>,A,<sats>,<gsm>,<speed km/h>,<course>,<hdop>,<altitude>,
 * <odometer>,<runtime>,<mcc|mnc|lac|ci>,<state>,<ad1|…|ad5>,,*<sum>\r\n`, `length` counting from
 * the comma after it to the closing `\r\n`, `sum` the byte sum mod 256 of everything up to `*`
 * (two hex digits). Event 35 is the timed report; the server answers nothing. No login or
 * heartbeat.
 */
import { sum8 } from '../../../../parsers/core/checksum';
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, d2, nextSerial, type SimProtocol } from './types';

/** Wrap `,<IMEI>,<command>,<content>` (from the first comma) into a whole frame. */
export function frame(flag: string, body: string): Uint8Array {
  const length = body.length + 1 + 2 + 2; // body, '*', sum, CR LF
  const head = ascii(`$$${flag}${length}${body}*`);
  const out = new Uint8Array(head.length + 4);
  out.set(head);
  const sum = sum8(head);
  out.set(ascii(sum.toString(16).toUpperCase().padStart(2, '0')), head.length);
  out[out.length - 2] = 0x0d;
  out[out.length - 1] = 0x0a;
  return out;
}

/** The AAA event-35 report of a fix. */
export function aaa(imei: string, fix: Fix, n: number, flag: string): Uint8Array {
  const t = fix.time;
  const time = d2(t.getUTCFullYear() % 100) + d2(t.getUTCMonth() + 1) + d2(t.getUTCDate()) + d2(t.getUTCHours()) + d2(t.getUTCMinutes()) + d2(t.getUTCSeconds());
  const body =
    `,${imei},AAA,35,${fix.lat.toFixed(6)},${fix.lon.toFixed(6)},${time},A,${fix.satellites},20,${Math.round(fix.speedKmh)},${Math.round(fix.course) % 360},0.9,` +
    `${Math.round(fix.altitude)},${10_000 + n},${600 + n},262|1|1000|${(0x1000 + (n % 0xf000)).toString(16).toUpperCase()},0000,0000|0000|0000|0190|0000,,`;
  return frame(flag, body);
}

export const meitrackSim: SimProtocol = {
  id: 'meitrack',
  transports: ['tcp'],
  deviceId: imeiFor,
  answers: 'split',
  login: () => [],
  // The flag is one character that changes with every frame (A..z).
  position: (d, fix) => ({ kind: 'position', bytes: aaa(d.id, fix, d.n, String.fromCharCode(0x41 + (nextSerial(d) % 26))), expect: null }),
  heartbeat: () => null,
};
