/**
 * GT06 (Concox GT06/GT06N and compatibles): `78 78 len(1)` or `79 79 len(2)`, protocol number,
 * content, serial(2), CRC-16/X-25 over length..serial, `0d 0a`.
 * Spec: Concox "GT06 GPS Tracker Communication Protocol" v1.8; layouts checked against the
 * frames of Traccar's Gt06ProtocolDecoderTest (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { crc16X25 } from '../core/checksum';
import { bcdDigits, indexOfBytes, isBcd, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, kmhToKnots } from '../core/units';
import { ACKNOWLEDGED_TYPES, COMMAND, F, HEARTBEAT, LOC, LOGIN, MESSAGE_TYPES } from './fields';

const CRLF = [0x0d, 0x0a] as const;

/** Layout of the frame starting at `at`: header size and the total length its length field claims. */
function layout(b: Uint8Array, at = 0): { ext: boolean; headLen: number; declared: number } | null {
  if (b.length - at < 3) return null;
  if (b[at] === 0x78 && b[at + 1] === 0x78) return { ext: false, headLen: 3, declared: b[at + 2]! + 5 };
  if (b[at] === 0x79 && b[at + 1] === 0x79) {
    if (b.length - at < 4) return null;
    return { ext: true, headLen: 4, declared: ((b[at + 2]! << 8) | b[at + 3]!) + 6 };
  }
  return null;
}

function isHeaderAt(b: Uint8Array, i: number): boolean {
  return i + 1 < b.length && ((b[i] === 0x78 && b[i + 1] === 0x78) || (b[i] === 0x79 && b[i + 1] === 0x79));
}

/** Next position of a 7878/7979 header at or after `from`, or -1. */
function nextHeader(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) if (isHeaderAt(b, i)) return i;
  return -1;
}

/** Longest frame the splitter waits for before it gives up on a header and resynchronises. */
const MAX_FRAME = 2048;

/** Index of the 0d0a that ends the frame at `pos`: the first whose CRC holds, else the first; -1 if none. */
function terminatorAfter(buf: Uint8Array, pos: number, headLen: number): number {
  let first = -1;
  for (let i = indexOfBytes(buf, CRLF, pos + headLen + 1); i >= 0 && i - pos < MAX_FRAME; i = indexOfBytes(buf, CRLF, i + 1)) {
    if (first < 0) first = i;
    if (i - pos >= headLen + 5 && crc16X25(buf, pos + 2, i - 2) === ((buf[i - 2]! << 8) | buf[i - 1]!)) return i;
  }
  return first;
}

export function split(buf: Uint8Array): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const h = nextHeader(buf, pos);
    if (h < 0) {
      // Keep a trailing 0x78/0x79 that may be the first half of a header.
      const keep = buf.length > pos && (buf[buf.length - 1] === 0x78 || buf[buf.length - 1] === 0x79) ? 1 : 0;
      if (buf.length - keep > pos) garbage.push({ start: pos, end: buf.length - keep });
      pos = buf.length - keep;
      break;
    }
    if (h > pos) garbage.push({ start: pos, end: h });
    pos = h;
    const l = layout(buf, pos);
    if (!l) break; // header without its length yet
    const end = pos + l.declared;
    if (l.declared >= l.headLen + 7 && end <= buf.length && buf[end - 2] === 0x0d && buf[end - 1] === 0x0a) {
      frames.push({ start: pos, end });
      pos = end;
      continue;
    }
    // Length field disagrees with the terminator (real devices do this): cut at a 0d0a, preferring
    // one where the CRC holds.
    const crlf = terminatorAfter(buf, pos, l.headLen);
    if (crlf >= 0 && crlf + 2 - pos <= MAX_FRAME) {
      frames.push({ start: pos, end: crlf + 2 });
      pos = crlf + 2;
      continue;
    }
    if (buf.length - pos < MAX_FRAME) break; // may still complete
    // Nothing plausible: drop this header as garbage and look for the next one.
    const next = nextHeader(buf, pos + 2);
    const stop = next < 0 ? buf.length : next;
    garbage.push({ start: pos, end: stop });
    pos = stop;
  }
  return { frames, garbage, consumed: pos };
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const l = layout(b);
  if (!l) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: `header ${l.ext ? '7979' : '7878'}`, weight: l.ext ? 0.8 : 1 }];
  const end = l.declared;
  let frameEnd = -1;
  if (end <= b.length && b[end - 2] === 0x0d && b[end - 1] === 0x0a) {
    ev.push({ text: `length ${l.declared - (l.ext ? 6 : 5)} matches 0d0a terminator`, weight: 1 });
    frameEnd = end;
  } else if (end > b.length) {
    ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
  } else {
    const crlf = indexOfBytes(b, CRLF, l.headLen + 1);
    if (crlf >= 0) {
      ev.push({ text: 'length byte disagrees with 0d0a terminator', weight: 0.2 });
      frameEnd = crlf + 2;
    } else ev.push({ text: 'no 0d0a terminator', weight: -0.5 });
  }
  const type = b[l.headLen];
  if (type !== undefined) {
    const name = MESSAGE_TYPES[type];
    ev.push(name ? { text: `known message type 0x${hex2(type)} (${name})`, weight: 0.5 } : { text: `unknown message type 0x${hex2(type)}`, weight: -0.3 });
  }
  if (frameEnd >= l.headLen + 7) {
    const onWire = (b[frameEnd - 4]! << 8) | b[frameEnd - 3]!;
    const computed = crc16X25(b, 2, frameEnd - 4);
    ev.push(onWire === computed ? { text: 'CRC-16/X-25 ok', weight: 1.5 } : { text: 'CRC-16/X-25 mismatch', weight: -0.2 });
  }
  if (type === 0x01 && b.length >= l.headLen + 9) {
    const id = b.subarray(l.headLen + 1, l.headLen + 9);
    if (isBcd(id)) {
      const digits = bcdDigits(id).replace(/^0/, '');
      ev.push(luhnValid(digits) ? { text: `IMEI ${digits} passes Luhn`, weight: 0.5 } : { text: 'terminal id is BCD', weight: 0.2 });
    } else ev.push({ text: 'terminal id is not BCD', weight: -0.5 });
  }
  return scoreEvidence(ev);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'gt06', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const head = r.u16(F.header);
  const ext = head === 0x7979;
  if (head !== 0x7878 && head !== 0x7979) {
    const n = r.tree[0];
    if (n) addIssue(n, issue('gt06.bad_header', 'malformed', 'error', 'start bits are not 7878 or 7979'));
  }
  const declared = ext ? r.u16(F.length) : r.u8(F.length);
  const lengthNode = r.last!;
  const type = r.u8(F.type);
  if (type !== undefined) {
    out.messageCode = `0x${hex2(type)}`;
    out.messageType = MESSAGE_TYPES[type] ?? `type 0x${hex2(type)}`;
    if (!MESSAGE_TYPES[type]) addIssue(r.last!, issue('gt06.unknown_type', 'protocol', 'warning', `unknown protocol number 0x${hex2(type)}`));
  }
  // Trailer: serial(2) crc(2) stop(2) at the end of the frame as cut; the content is between.
  const trailerAt = frame.length - 6;
  const contentLen = trailerAt - r.pos;
  if (declared !== undefined && !r.truncated) {
    const expected = frame.length - (ext ? 6 : 5);
    if (declared !== expected) {
      addIssue(lengthNode, issue('gt06.length_mismatch', 'malformed', 'warning', `length field says ${declared}, frame carries ${expected}`));
    }
  }
  if (type !== undefined && contentLen >= 0) {
    const body = r.sub(contentLen);
    if (ctx?.direction === 'down' && contentLen === 0) {
      out.messageType = `${out.messageType} ack`;
    } else {
      decodeContent(type, body, out);
    }
    const serial = r.u16(F.serial);
    const crc = r.u16(F.crc);
    if (crc !== undefined) {
      const computed = crc16X25(frame, 2, frame.length - 4);
      const node = r.last!;
      r.add({ id: F.crc_computed.id, label: F.crc_computed.label, start: node.start, end: node.end, value: computed, display: `0x${computed.toString(16).padStart(4, '0')}`, generated: true });
      if (computed !== crc) {
        addIssue(node, issue('gt06.checksum_incorrect', 'checksum', 'error', `CRC-16/X-25 on the wire 0x${crc.toString(16).padStart(4, '0')}, computed 0x${computed.toString(16).padStart(4, '0')}`));
      }
    }
    const stop = r.u16(F.stop);
    if (stop !== undefined && stop !== 0x0d0a) addIssue(r.last!, issue('gt06.bad_stop', 'malformed', 'warning', 'stop bits are not 0d0a'));
    if (serial !== undefined) out.attributes.serial = serial;
  } else if (type !== undefined) {
    r.rest(F.extra, 'frame too short for serial, CRC and stop bits');
    const n = r.last ?? r.tree[0]!;
    addIssue(n, issue('gt06.truncated', 'malformed', 'error', 'frame too short: serial, CRC and stop bits missing'));
  }
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

function decodeContent(type: number, r: FieldReader, out: DecodedFrame): void {
  switch (type) {
    case 0x01:
      r.group(F.login, () => {
        const imei = r.bcd(LOGIN.imei, 8);
        if (imei !== undefined) {
          out.deviceId = imei.replace(/^0/, '');
          const node = r.last;
          if (!luhnValid(out.deviceId) && node) addIssue(node, issue('gt06.imei_luhn', 'protocol', 'info', `IMEI ${out.deviceId} fails the Luhn check`));
        }
        if (r.remaining >= 2) r.u16(LOGIN.model);
        if (r.remaining >= 2) r.u16(LOGIN.timezone);
        r.rest(F.extra, 'login bytes after the timezone field');
      });
      return;
    case 0x10:
    case 0x12:
    case 0x16:
    case 0x1a:
    case 0x22:
    case 0x26:
    case 0x27:
      r.group(F.location, () => decodeLocation(type, r, out));
      return;
    case 0x13:
    case 0x23:
      r.group(F.heartbeat, () => {
        const info = r.u8(HEARTBEAT.terminal_info);
        if (info !== undefined) {
          const bits = addBits(r.last!, info, [
            { id: 'gt06.heartbeat.oil_cut', label: 'Oil and electricity disconnected', bit: 7 },
            { id: 'gt06.heartbeat.gps_tracking', label: 'GPS tracking on', bit: 6 },
            { id: 'gt06.heartbeat.alarm', label: 'Alarm', bit: 3, width: 3, names: { 0: 'normal', 1: 'shock', 2: 'power cut', 3: 'low battery', 4: 'SOS' } },
            { id: 'gt06.heartbeat.charging', label: 'Charging', bit: 2 },
            { id: 'gt06.heartbeat.acc', label: 'ACC high', bit: 1 },
            { id: 'gt06.heartbeat.armed', label: 'Defence activated', bit: 0 },
          ]);
          out.attributes.ignition = bits['gt06.heartbeat.acc'] === 1;
          out.attributes.charge = bits['gt06.heartbeat.charging'] === 1;
          out.attributes.blocked = bits['gt06.heartbeat.oil_cut'] === 1;
        }
        if (r.remaining >= 1) r.u8(HEARTBEAT.voltage);
        if (r.remaining >= 1) r.u8(HEARTBEAT.gsm);
        if (r.remaining >= 2) r.u16(HEARTBEAT.alarm_language);
        r.rest(F.extra, 'heartbeat bytes not decoded');
      });
      return;
    case 0x80:
      r.group(F.command, () => {
        const len = r.u8(COMMAND.length);
        r.u32(COMMAND.server_flag);
        if (len !== undefined) {
          const text = r.ascii(COMMAND.text, Math.max(0, Math.min(len - 4, r.remaining)));
          if (text !== undefined) out.attributes.command = text;
        }
        r.rest(F.extra, 'bytes after the command text (language)');
      });
      return;
  }
  if (r.remaining > 0) {
    r.raw(F.body, r.remaining);
    const n = r.last;
    if (n) addIssue(n, issue('gt06.body_not_decoded', 'undecoded', 'info', `content of ${out.messageType} is shown raw`));
  }
}

function decodeLocation(type: number, r: FieldReader, out: DecodedFrame): void {
  const start = r.absPos;
  const t = r.raw(LOC.time, 6);
  if (!t) return;
  const timeNode = r.last!;
  const [yy, mo, dd, hh, mi, ss] = Array.from(t);
  const iso = `${2000 + yy!}-${pad(mo!)}-${pad(dd!)}T${pad(hh!)}:${pad(mi!)}:${pad(ss!)}.000Z`;
  const okTime = mo! >= 1 && mo! <= 12 && dd! >= 1 && dd! <= 31 && hh! < 24 && mi! < 60 && ss! < 60;
  timeNode.value = iso;
  timeNode.display = okTime ? iso.replace('T', ' ').replace('.000Z', ' UTC') : `invalid date ${iso}`;
  if (!okTime) addIssue(timeNode, issue('gt06.bad_time', 'protocol', 'warning', 'date/time fields out of range'));
  const gps = r.u8(LOC.gps_info, { display: (v) => `${v >> 4} bytes, ${v & 0x0f} satellites` });
  const lat = r.u32(LOC.latitude, { display: (v) => `${(v / 1800000).toFixed(6)}° (raw ${v})` });
  const lon = r.u32(LOC.longitude, { display: (v) => `${(v / 1800000).toFixed(6)}° (raw ${v})` });
  const speed = r.u8(LOC.speed);
  const cs = r.u16(LOC.course_status);
  if (gps === undefined || lat === undefined || lon === undefined || speed === undefined || cs === undefined) return;
  const bits = addBits(r.last!, cs, [
    { id: 'gt06.location.course', label: 'Course', bit: 0, width: 10 },
    { id: 'gt06.location.north', label: 'Latitude', bit: 10, names: { 0: 'south', 1: 'north' } },
    { id: 'gt06.location.west', label: 'Longitude', bit: 11, names: { 0: 'east', 1: 'west' } },
    { id: 'gt06.location.positioned', label: 'GPS positioned', bit: 12 },
    { id: 'gt06.location.realtime', label: 'Differential / real-time', bit: 13 },
  ]);
  const latDeg = (bits['gt06.location.north'] ? 1 : -1) * (lat / 1800000);
  const lonDeg = (bits['gt06.location.west'] ? -1 : 1) * (lon / 1800000);
  const pos: Position = {
    time: iso,
    valid: bits['gt06.location.positioned'] === 1,
    lat: round6(latDeg),
    lon: round6(lonDeg),
    speedKnots: round6(kmhToKnots(speed)),
    course: bits['gt06.location.course'],
    satellites: gps & 0x0f,
  };
  if (okTime) out.positions.push(pos);
  if (type === 0x10 || type === 0x1a) return void r.rest(F.extra, 'bytes after the GPS block');
  if (r.remaining >= 8) {
    const mcc = r.u16(LOC.mcc, { display: (v) => String(v & 0x7fff) });
    if (mcc !== undefined && mcc & 0x8000) r.u16(LOC.mnc);
    else r.u8(LOC.mnc);
    r.u16(LOC.lac);
    r.u24(LOC.cell);
  }
  if (type === 0x22 && r.remaining >= 3 && r.remaining <= 7) {
    const acc = r.u8(LOC.acc);
    if (acc !== undefined) out.attributes.ignition = acc === 1;
    r.u8(LOC.upload_mode);
    r.u8(LOC.reupload);
  }
  r.rest(F.extra, `location bytes after offset ${r.absPos - start} not decoded`);
}

export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const l = layout(frame);
  if (!l || frame.length < l.headLen + 7) return null;
  const type = frame[l.headLen]!;
  if (!ACKNOWLEDGED_TYPES.has(type)) return null;
  if (decoded.issues.some((i) => i.group === 'malformed' && i.severity === 'error')) return null;
  const serialHi = frame[frame.length - 6]!;
  const serialLo = frame[frame.length - 5]!;
  return ack(type, (serialHi << 8) | serialLo, l.ext);
}

/** The server's acknowledgement: `78 78 05 <type> <serial> <crc> 0d 0a` (7979 form for extended frames). */
export function ack(type: number, serial: number, extended = false): Uint8Array {
  const head = extended ? [0x79, 0x79, 0x00, 0x05] : [0x78, 0x78, 0x05];
  const b = new Uint8Array(head.length + 7);
  b.set(head, 0);
  let i = head.length;
  b[i++] = type;
  b[i++] = serial >> 8;
  b[i++] = serial & 0xff;
  const crc = crc16X25(b, 2, i);
  b[i++] = crc >> 8;
  b[i++] = crc & 0xff;
  b[i++] = 0x0d;
  b[i++] = 0x0a;
  return b;
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  if (p) {
    return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`;
  }
  if (d.deviceId && d.messageType === 'login') return `IMEI ${d.deviceId}`;
  if (typeof d.attributes.command === 'string') return d.attributes.command;
  return d.messageType;
}

const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const pad = (v: number) => String(v).padStart(2, '0');
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export const gt06: ProtocolDescriptor = {
  id: 'gt06',
  name: 'GT06 (Concox)',
  transports: ['tcp'],
  defaultPort: 5023,
  detect,
  split,
  decode,
  respond,
};
