/**
 * Teltonika FMB device packets (Teltonika wiki "Teltonika Data Sending Protocols", "Codec 8").
 * TCP: the IMEI handshake `00 0f` + 15 ASCII digits, answered `01`; then AVL packets `00000000`
 * + data length(4) + codec 08 + record count + records + count + CRC-16/IBM (in 4 bytes) over
 * codec..count, answered with the record count in 4 bytes; a lone `ff` is the keep-alive (no
 * answer). UDP: length(2), packet id(2), type 01, AVL packet id(1), IMEI length(2) + IMEI, then
 * the codec data without CRC, answered `00 05 <packet id> 01 <AVL packet id> <count>`.
 */
import { crc16Ibm } from '../../../../parsers/core/checksum';
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, nextSerial, type OutFrame, type SimDevice, type SimProtocol } from './types';

/** Codec 8 data with one record: codec, count, record, count. */
export function codec8(fix: Fix, n: number): Uint8Array {
  // IO: N1 239 ignition, 240 movement, 21 GSM signal; N2 66 external voltage (mV), 24 speed; N4 16 odometer (m).
  const b = new Uint8Array(2 + 24 + 2 + 1 + 6 + 1 + 6 + 1 + 5 + 1 + 1);
  const v = new DataView(b.buffer);
  b[0] = 0x08;
  b[1] = 1;
  v.setBigUint64(2, BigInt(fix.time.getTime()));
  b[10] = 0; // priority low
  v.setInt32(11, Math.round(fix.lon * 1e7));
  v.setInt32(15, Math.round(fix.lat * 1e7));
  v.setInt16(19, Math.round(fix.altitude));
  v.setUint16(21, Math.round(fix.course) % 360);
  b[23] = fix.satellites;
  v.setUint16(24, Math.round(fix.speedKmh));
  let i = 26;
  b[i++] = 0; // event IO id: periodic record
  b[i++] = 6; // total IO count
  b.set([3, 239, 1, 240, 1, 21, 4], i);
  i += 7;
  b[i++] = 2;
  b[i++] = 66;
  v.setUint16(i, 12_800 + (n % 1000));
  i += 2;
  b[i++] = 24;
  v.setUint16(i, Math.round(fix.speedKmh));
  i += 2;
  b[i++] = 1;
  b[i++] = 16;
  v.setUint32(i, 1_000_000 + n * 10);
  i += 4;
  b[i++] = 0; // no 8-byte IO
  b[i] = 1; // record count again
  return b;
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
  const data = codec8(fix, d.n);
  if (d.transport === 'tcp') return { kind: 'position', bytes: tcpPacket(data), expect: { bytes: Uint8Array.of(0, 0, 0, 1) } };
  const id = nextSerial(d);
  return { kind: 'position', bytes: udpPacket(id, id & 0xff, d.id, data), expect: { bytes: Uint8Array.of(0, 5, id >> 8, id & 0xff, 1, id & 0xff, 1) } };
}

export const teltonikaSim: SimProtocol = {
  id: 'teltonika',
  transports: ['tcp', 'udp'],
  deviceId: imeiFor,
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
