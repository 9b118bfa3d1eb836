/**
 * Teltonika FMB device packets (Teltonika wiki "Teltonika Data Sending Protocols", "Codec 8").
 * TCP: the IMEI handshake `00 0f` + 15 ASCII digits, answered `01`; then AVL packets `00000000`
 * + data length(4) + codec 08 (or 8e, Codec 8 Extended, as a variant) + record count + records + count + CRC-16/IBM (in 4 bytes) over
 * codec..count, answered with the record count in 4 bytes; a lone `ff` is the keep-alive (no
 * answer). UDP: length(2), packet id(2), type 01, AVL packet id(1), IMEI length(2) + IMEI, then
 * the codec data without CRC, answered `00 05 <packet id> 01 <AVL packet id> <count>`.
 */
import { crc16Ibm } from '../../../../parsers/core/checksum';
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, nextSerial, type OutFrame, type SimDevice, type SimProtocol, type SimVariant } from './types';

/**
 * AVL data with one record: codec, count, record, count. Codec 8 (default) has 1-byte IO ids and
 * counts; Codec 8 Extended (`variant.codec` 8E) 2-byte ones and a trailing group of
 * variable-length elements (empty here). `variant.extraField` adds IO 113 (battery level, %).
 */
export function avlData(fix: Fix, n: number, variant: SimVariant = {}): Uint8Array {
  const ext = variant.codec === '8E';
  const out: number[] = [];
  const u8 = (v: number) => out.push(v & 0xff);
  const u16 = (v: number) => out.push((v >> 8) & 0xff, v & 0xff);
  const u32 = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const wide = ext ? u16 : u8;
  u8(ext ? 0x8e : 0x08);
  u8(1);
  const ms = fix.time.getTime();
  u32(Math.floor(ms / 2 ** 32));
  u32(ms >>> 0);
  u8(0); // priority low
  u32(Math.round(fix.lon * 1e7));
  u32(Math.round(fix.lat * 1e7));
  u16(Math.round(fix.altitude));
  u16(Math.round(fix.course) % 360);
  u8(fix.satellites);
  u16(Math.round(fix.speedKmh));
  // IO: N1 239 ignition, 240 movement, 21 GSM signal (+ 113 battery level); N2 66 external voltage (mV), 24 speed; N4 16 odometer (m).
  const one: Array<[number, number]> = [[239, 1], [240, 1], [21, 4]];
  if (variant.extraField) one.push([113, 87]);
  const two: Array<[number, number]> = [[66, 12_800 + (n % 1000)], [24, Math.round(fix.speedKmh)]];
  const four: Array<[number, number]> = [[16, 1_000_000 + n * 10]];
  wide(0); // event IO id: periodic record
  wide(one.length + two.length + four.length);
  for (const [group, put] of [[one, u8], [two, u16], [four, u32]] as const) {
    wide(group.length);
    for (const [id, v] of group) {
      wide(id);
      put(v);
    }
  }
  wide(0); // no 8-byte IO
  if (ext) wide(0); // no variable-length IO
  u8(1); // record count again
  return Uint8Array.from(out);
}

/** The TCP AVL packet around codec data: preamble, length, data, CRC-16/IBM in 4 bytes. */
export function tcpPacket(data: Uint8Array): Uint8Array {
  const b = new Uint8Array(8 + data.length + 4);
  const v = new DataView(b.buffer);
  v.setUint32(4, data.length);
  b.set(data, 8);
  v.setUint32(8 + data.length, crc16Ibm(data));
  return b;
}

/** The UDP datagram around codec data: length, packet id, type 01, AVL packet id, IMEI. */
export function udpPacket(packetId: number, avlId: number, imei: string, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(2 + 2 + 1 + 1 + 2 + imei.length + data.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, b.length - 2);
  v.setUint16(2, packetId);
  b[4] = 0x01;
  b[5] = avlId;
  v.setUint16(6, imei.length);
  b.set(ascii(imei), 8);
  b.set(data, 8 + imei.length);
  return b;
}

function position(d: SimDevice, fix: Fix): OutFrame {
  const data = avlData(fix, d.n, d.variant);
  if (d.transport === 'tcp') return { kind: 'position', bytes: tcpPacket(data), expect: { bytes: Uint8Array.of(0, 0, 0, 1) } };
  const id = nextSerial(d);
  return { kind: 'position', bytes: udpPacket(id, id & 0xff, d.id, data), expect: { bytes: Uint8Array.of(0, 5, id >> 8, id & 0xff, 1, id & 0xff, 1) } };
}

export const teltonikaSim: SimProtocol = {
  id: 'teltonika',
  transports: ['tcp', 'udp'],
  deviceId: imeiFor,
  variants: ['codec', 'extraField'],
  answers: 'expected',
  login: (d) => {
    if (d.transport === 'udp') return [];
    const b = new Uint8Array(17);
    b[1] = 15;
    b.set(ascii(d.id), 2);
    return [{ kind: 'login', bytes: b, expect: { bytes: Uint8Array.of(1) } }];
  },
  position,
  heartbeat: (d) => (d.transport === 'tcp' ? { kind: 'heartbeat', bytes: Uint8Array.of(0xff), expect: null } : null),
};
