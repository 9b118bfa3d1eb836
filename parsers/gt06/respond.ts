/**
 * What a GT06 server answers (PROTOCOLS.md; JM-VL03 protocol; Traccar's Gt06ProtocolDecoder):
 * acknowledgements `78 78 05 <type> <serial> <crc> 0d 0a`, the UTC time for 0x8a, the address
 * answer for 0x2a, the first photo-data request for 0x35 and the time echo of the Wi-Fi packets.
 */
import type { DecodedFrame } from '../core/types';
import { crc16X25 } from '../core/checksum';
import { ACKNOWLEDGED_TYPES, MESSAGE_TYPES } from './fields';
import { layout, wifiFrameLength } from './framing';

/** A server packet: header, length, type, content, serial, CRC-16/X-25, 0d0a. */
export function packet(type: number, content: ArrayLike<number>, serial: number, extended = false): Uint8Array {
  const len = 5 + content.length;
  const head = extended ? [0x79, 0x79, len >> 8, len & 0xff] : [0x78, 0x78, len & 0xff];
  const b = new Uint8Array(head.length + 1 + content.length + 6);
  b.set(head, 0);
  let i = head.length;
  b[i++] = type;
  b.set(Array.from(content), i);
  i += content.length;
  b[i++] = (serial >> 8) & 0xff;
  b[i++] = serial & 0xff;
  const crc = crc16X25(b, 2, i);
  b[i++] = crc >> 8;
  b[i++] = crc & 0xff;
  b[i++] = 0x0d;
  b[i++] = 0x0a;
  return b;
}

/** The server's acknowledgement: `78 78 05 <type> <serial> <crc> 0d 0a` (7979 form for extended frames). */
export function ack(type: number, serial: number, extended = false): Uint8Array {
  return packet(type, [], serial, extended);
}

/** Time calibration answer to 0x8a: `78 78 0b 8a yy mm dd hh mi ss <serial> <crc> 0d 0a`, UTC. */
export function timeResponse(serial: number, now: Date = new Date()): Uint8Array {
  const t = [now.getUTCFullYear() - 2000, now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()];
  return packet(0x8a, t, serial);
}

/** Address answer to 0x2a (no address service): 0x7979 0x97 with `NA&&NA&&0##`, serial 0. */
export function addressResponse(): Uint8Array {
  const text = Array.from('NA&&NA&&0##', (c) => c.charCodeAt(0));
  return packet(0x97, [text.length, 0, 0, 0, 0, ...text], 0, true);
}

/** Types a real server leaves unanswered in the 0x7878 form. */
const UNANSWERED: ReadonlySet<number> = new Set([0x80, 0x81, 0x82, 0x94, 0x97, 0xf3]);

/** The bytes a real server answers to this frame, or null. */
export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const l = layout(frame);
  if (!l || frame.length < l.headLen + 3) return null;
  if (decoded.issues.some((i) => i.group === 'malformed' && i.severity === 'error')) return null;
  if (decoded.messageType.endsWith(' ack')) return null;
  const type = frame[l.headLen]!;
  const at = l.headLen + 1;
  if (!l.ext && wifiFrameLength(frame) === frame.length) {
    // Wi-Fi packets without CRC: the server echoes the date, also without CRC.
    return Uint8Array.from([0x78, 0x78, 0x00, type, ...frame.subarray(at, at + 6), 0x0d, 0x0a]);
  }
  if (frame.length < l.headLen + 7 || decoded.issues.some((i) => i.id === 'gt06.checksum_missing')) return null;
  const serial = (frame[frame.length - 6]! << 8) | frame[frame.length - 5]!;
  const contentLen = frame.length - 6 - at;
  if (l.ext) {
    if (type === 0x32 || type === 0x33 || type === 0x41) return ack(type, serial, true);
    if (type === 0x70) return ack(0x70, serial);
    return [0x01, 0x12, 0x13, 0x16, 0x19, 0x22, 0x23, 0x26, 0x27].includes(type) ? ack(type, serial, true) : null;
  }
  if (type === 0x8a) return contentLen === 0 ? timeResponse(serial) : null;
  if (type === 0x2a) return addressResponse();
  if (type === 0x35 && contentLen >= 26) {
    // Ask for the first block of the picture: id, offset 0, up to 1024 bytes.
    const size = ((frame[at + 18]! << 24) >>> 0) + ((frame[at + 19]! << 16) | (frame[at + 20]! << 8) | frame[at + 21]!);
    return packet(0x36, [...frame.subarray(at + 22, at + 26), 0, 0, 0, 0, Math.min(size, 1024) >> 8, Math.min(size, 1024) & 0xff], 0);
  }
  if (UNANSWERED.has(type)) return null;
  // Layouts the reference server answers with nothing: X1 location, SR411 mini, Space10X multi-LBS.
  if (decoded.messageType === 'location' && (type === 0x34 || type === 0x24)) return null;
  if (type === 0x19 && decoded.messageType === 'lbs multiple') return null;
  if (ACKNOWLEDGED_TYPES.has(type) || !MESSAGE_TYPES[type]) return ack(type, serial);
  return null;
}
