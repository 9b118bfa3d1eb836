/**
 * GoSafe binary packets (GoSafe "G79W Protocol" V1.5): `f8 <version> <type> <IMEI u56> [<time u32,
 * s since 2000> <data mask u16> <blocks>] <CRC-16/XMODEM> f8`, the CRC over version..last data
 * byte, then `1b` stuffed as `1b 00` and `f8` as `1b e3` between the flags. Type 0 with the IMEI
 * alone is the heartbeat; type 1 a data packet, here with the GPS block (mask bit 1). The server
 * answers ASCII `1234` to every packet, TCP or UDP, with no serial: answers match first-in,
 * first-out.
 */
import { crc16Xmodem } from '../../../../parsers/core/checksum';
import { escapeBytes } from '../../../../parsers/core/bytes';
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, type OutFrame, type SimDevice, type SimProtocol } from './types';

const FLAG = 0xf8;
/** Stuffing codes: `1b 00` stands for `1b`, `1b e3` for `f8`. */
const STUFF: Readonly<Record<number, number>> = { 0x00: 0x1b, 0xe3: 0xf8 };
const VERSION = 0x06;
const EPOCH_2000 = Date.UTC(2000, 0, 1);
const ACK = ascii('1234');

/** Frame plain bytes (version..last data byte): CRC appended, stuffed, between flags. */
export function packet(plain: Uint8Array): Uint8Array {
  const withCrc = new Uint8Array(plain.length + 2);
  withCrc.set(plain);
  const crc = crc16Xmodem(plain);
  withCrc[plain.length] = crc >> 8;
  withCrc[plain.length + 1] = crc & 0xff;
  const stuffed = escapeBytes(withCrc, 0x1b, STUFF);
  const out = new Uint8Array(stuffed.length + 2);
  out[0] = FLAG;
  out.set(stuffed, 1);
  out[out.length - 1] = FLAG;
  return out;
}

/** Version, type and the IMEI as a 7-byte unsigned integer. */
function head(b: Uint8Array, type: number, imei: string): void {
  b[0] = VERSION;
  b[1] = type;
  let v = BigInt(imei);
  for (let i = 8; i >= 2; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function acked(kind: OutFrame['kind'], bytes: Uint8Array): OutFrame {
  return { kind, bytes, expect: { bytes: ACK } };
}

/** A data packet with the GPS block: satellites/fix, lat/lon × 10^6, speed km/h, course, altitude, HDOP. */
export function dataPacket(imei: string, fix: Fix): Uint8Array {
  const b = new Uint8Array(9 + 4 + 2 + 1 + 19);
  head(b, 0x01, imei);
  const v = new DataView(b.buffer);
  v.setUint32(9, Math.floor((fix.time.getTime() - EPOCH_2000) / 1000));
  v.setUint16(13, 0x0002); // GPS block only
  b[15] = 19; // GPS block length
  v.setUint16(16, 0x003f); // flags, lat/lon, speed, course, altitude, HDOP
  b[18] = 0x20 | Math.min(31, fix.satellites); // fix, satellites
  v.setInt32(19, Math.round(fix.lat * 1e6));
  v.setInt32(23, Math.round(fix.lon * 1e6));
  v.setInt16(27, Math.round(fix.speedKmh));
  v.setUint16(29, Math.round(fix.course) % 360);
  v.setInt16(31, Math.round(fix.altitude));
  v.setUint16(33, 90); // HDOP 0.90
  return packet(b);
}

export const gosafeSim: SimProtocol = {
  id: 'gosafe',
  transports: ['tcp', 'udp'],
  deviceId: imeiFor,
  answers: 'expected',
  login: () => [],
  position: (d: SimDevice, fix) => acked('position', dataPacket(d.id, fix)),
  heartbeat: (d) => {
    const b = new Uint8Array(9);
    head(b, 0x00, d.id);
    return acked('heartbeat', packet(b));
  },
};
