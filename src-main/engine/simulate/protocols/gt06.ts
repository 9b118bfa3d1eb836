/**
 * GT06 device frames (Concox "GT06 GPS Tracker Communication Protocol" v1.8): `78 78 len type
 * content serial(2) CRC-16/X-25 0d 0a`, the CRC over length..serial. Login 0x01 (IMEI in BCD),
 * GPS+LBS location 0x12, status/heartbeat 0x13; the server acknowledges each with
 * `78 78 05 <type> <serial> <crc> 0d 0a`.
 */
import { crc16X25 } from '../../../../parsers/core/checksum';
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { bcdBytes, nextSerial, type OutFrame, type SimDevice, type SimProtocol } from './types';

/** A `78 78` packet: length, type, content, serial, CRC-16/X-25, `0d 0a`. */
export function packet(type: number, content: ArrayLike<number>, serial: number): Uint8Array {
  const b = new Uint8Array(content.length + 10);
  b[0] = 0x78;
  b[1] = 0x78;
  b[2] = content.length + 5;
  b[3] = type;
  b.set(content, 4);
  let i = 4 + content.length;
  b[i++] = serial >> 8;
  b[i++] = serial & 0xff;
  const crc = crc16X25(b, 2, i);
  b[i++] = crc >> 8;
  b[i++] = crc & 0xff;
  b[i++] = 0x0d;
  b[i] = 0x0a;
  return b;
}

/** Frame `type` with content, and the acknowledgement of the same type and serial it awaits. */
function acked(d: SimDevice, kind: OutFrame['kind'], type: number, content: ArrayLike<number>): OutFrame {
  const serial = nextSerial(d);
  return { kind, bytes: packet(type, content, serial), expect: { bytes: packet(type, [], serial) } };
}

/** 0x12 content: UTC date-time, GPS length/satellites, lat/lon (minutes × 30000), speed, course/status, cell. */
export function locationContent(fix: Fix, n: number): Uint8Array {
  const c = new Uint8Array(26);
  const t = fix.time;
  c.set([t.getUTCFullYear() % 100, t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()], 0);
  c[6] = 0xc0 | Math.min(15, fix.satellites);
  const dv = new DataView(c.buffer);
  dv.setUint32(7, Math.round(Math.abs(fix.lat) * 1_800_000));
  dv.setUint32(11, Math.round(Math.abs(fix.lon) * 1_800_000));
  c[15] = Math.min(255, Math.round(fix.speedKmh));
  // Bit 12 positioned, 13 real-time, 10 north, 11 west; course in bits 0..9.
  const flags = 0x3000 | (fix.lat >= 0 ? 0x0400 : 0) | (fix.lon < 0 ? 0x0800 : 0) | (Math.round(fix.course) % 360);
  dv.setUint16(16, flags);
  dv.setUint16(18, 262); // MCC Germany
  c[20] = 1; // MNC
  dv.setUint16(21, 0x1000 + (n % 0x1000)); // LAC
  c[23] = 0x00;
  dv.setUint16(24, 0x1000 + (n % 0xf000)); // cell id (3 bytes)
  return c;
}

export const gt06Sim: SimProtocol = {
  id: 'gt06',
  transports: ['tcp'],
  deviceId: imeiFor,
  firstSerial: 1,
  answers: 'split',
  login: (d) => [acked(d, 'login', 0x01, bcdBytes(`0${d.id}`))],
  position: (d, fix) => acked(d, 'position', 0x12, locationContent(fix, d.n)),
  // Terminal info (GPS tracking on, charging, ACC high), voltage level 6, GSM 4, alarm none, language English.
  heartbeat: (d) => acked(d, 'heartbeat', 0x13, [0x46, 0x06, 0x04, 0x00, 0x02]),
  variants: ['extraMessage'],
  // 0x94 information: external power 12.34 V (0x04d2 / 100); a real server leaves it unanswered.
  extra: (d) => ({ kind: 'extra', bytes: packet(0x94, [0x04, 0xd2], nextSerial(d)), expect: null }),
};
