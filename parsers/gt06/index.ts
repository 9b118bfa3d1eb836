/**
 * GT06 (Concox GT06/GT06N and compatibles): `78 78 len(1)` or `79 79 len(2)`, protocol number,
 * content, serial(2), CRC-16/X-25 over length..serial, `0d 0a`. Some Wi-Fi packets (0x17, 0x69)
 * carry the access-point count in the length byte and no serial or CRC.
 * Spec: Concox "GT06 GPS Tracker Communication Protocol" v1.8 and "JM-VL03" v1.1.2; model
 * layouts checked against the frames of Traccar's Gt06ProtocolDecoderTest (shared/corpus).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { crc16X25 } from '../core/checksum';
import { bcdDigits, indexOfBytes, isBcd, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT } from '../core/units';
import { F, MESSAGE_TYPES, WIFI } from './fields';
import { decodeContent } from './messages';
import { hex2, readTime } from './blocks';
import { WIFI_NO_CRC, isHeaderAt, layout, nextHeader, wifiFrameLength } from './framing';
import { ack, respond } from './respond';
import { commands } from './commands';

export { ack, timeResponse } from './respond';

const CRLF = [0x0d, 0x0a] as const;

/** Longest frame the splitter waits for before it gives up on a header and resynchronises. */
const MAX_FRAME = 2048;

/**
 * End of the frame at `pos`, or 'wait' for more bytes, or 'drop' when no end appears within
 * MAX_FRAME. Each 0d0a is judged on bytes up to two past it, so chunking does not change the cut:
 * one at the end the length field gives, or one where the CRC holds, ends the frame; so does one in
 * the last four bytes before that end (a short frame: the reference server cuts at any 0d0a). An
 * earlier one (text answers carry CR LF) or one past that end (a wrong length byte) ends the frame
 * only when a header follows, or when `final` says nothing more is coming.
 */
function frameEnd(buf: Uint8Array, pos: number, headLen: number, declared: number, final: boolean): number | 'wait' | 'drop' {
  const declEnd = pos + declared;
  if (declEnd <= buf.length && buf[declEnd - 2] === 0x0d && buf[declEnd - 1] === 0x0a && declared >= headLen + 7 && crc16X25(buf, pos + 2, declEnd - 4) === ((buf[declEnd - 4]! << 8) | buf[declEnd - 3]!)) return declEnd;
  // Wi-Fi packets without CRC (length byte = access-point count).
  const wifi = wifiFrameLength(buf, pos);
  if (wifi > 0) return pos + wifi;
  if (wifi === 0 && !final) return buf.length - pos < MAX_FRAME ? 'wait' : 'drop';
  for (let i = indexOfBytes(buf, CRLF, pos + headLen + 1); i >= 0; i = indexOfBytes(buf, CRLF, i + 1)) {
    const e = i + 2;
    if (e - pos > MAX_FRAME) return 'drop';
    if (e === declEnd) return e;
    if (e - pos >= headLen + 7 && crc16X25(buf, pos + 2, i - 2) === ((buf[i - 2]! << 8) | buf[i - 1]!)) return e;
    if (e >= declEnd - 4 && e < declEnd) return e;
    if (e + 2 > buf.length) return final ? e : 'wait';
    if (isHeaderAt(buf, e)) return e;
  }
  if (buf.length - pos >= MAX_FRAME) return 'drop';
  return 'wait';
}

/** Cut frames out of a stream buffer; resynchronises after garbage, never throws. */
export function split(buf: Uint8Array, final = false): SplitResult {
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
    const end = frameEnd(buf, pos, l.headLen, l.declared, final);
    if (end === 'wait') break;
    if (end === 'drop') {
      // Nothing plausible: drop this header as garbage and look for the next one.
      const next = nextHeader(buf, pos + 2);
      const stop = next < 0 ? buf.length : next;
      garbage.push({ start: pos, end: stop });
      pos = stop;
      continue;
    }
    frames.push({ start: pos, end });
    pos = end;
  }
  return { frames, garbage, consumed: pos };
}

/** Score the first bytes: header, length/terminator, known type, CRC, login IMEI. */
export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const l = layout(b);
  if (!l) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: `header ${l.ext ? '7979' : '7878'}`, weight: l.ext ? 0.8 : 1 }];
  const type = b[l.headLen];
  const wifi = wifiFrameLength(b);
  const end = l.declared;
  let frameEnd = -1;
  if (wifi > 0) {
    ev.push({ text: `Wi-Fi layout (0x${hex2(type!)}) fits the frame exactly, no CRC by design`, weight: 1.2 });
  } else if (end <= b.length && b[end - 2] === 0x0d && b[end - 1] === 0x0a) {
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

/** Whether the bytes end with the 0d0a stop bits. */
const endsCrlf = (b: Uint8Array) => b.length >= 2 && b[b.length - 2] === 0x0d && b[b.length - 1] === 0x0a;

/** Decode one frame as the splitter cut it; problems become issues, never exceptions. */
export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'gt06', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const head = r.u16(F.header);
  const ext = head === 0x7979;
  if (head !== 0x7878 && head !== 0x7979) {
    const n = r.tree[0];
    if (n) addIssue(n, issue('gt06.bad_header', 'malformed', 'error', 'start bits are not 7878 or 7979'));
  }
  const headLen = ext ? 4 : 3;
  const declared = ext ? r.u16(F.length) : r.u8(F.length);
  const lengthNode = r.last!;
  const type = r.u8(F.type);
  if (type === undefined) return finish(out);
  out.messageCode = `0x${hex2(type)}`;
  out.messageType = MESSAGE_TYPES[type] ?? `type 0x${hex2(type)}`;
  const typeNode = r.last!;
  const typeEnd = r.pos;
  const crlf = endsCrlf(frame);
  if (!MESSAGE_TYPES[type]) {
    // The server's empty acknowledgement echoes the device's type: well formed whatever the type.
    const echo = ctx?.direction === 'down' && crlf && frame.length === typeEnd + 6;
    addIssue(typeNode, echo ? issue('gt06.unknown_type', 'protocol', 'info', `acknowledges protocol number 0x${hex2(type)}, not in the known list`) : issue('gt06.unknown_type', 'protocol', 'warning', `unknown protocol number 0x${hex2(type)}`));
  }
  const wifiNoCrc = !ext && WIFI_NO_CRC.has(type) && wifiFrameLength(frame) === frame.length;
  const bare = crlf && frame.length === typeEnd + 2;
  const declTotal = declared === undefined ? -1 : declared + headLen + 2;

  if (!ext && ctx?.direction === 'down' && WIFI_NO_CRC.has(type) && declared === 0 && frame.length === 12 && crlf && isBcd(frame.subarray(4, 10))) {
    // The server's echo of a Wi-Fi packet: the date, no serial or CRC.
    out.messageType = 'wifi ack';
    r.group(F.wifi, () => readTime(r, WIFI.time, true));
    r.u16(F.stop);
    return finish(out);
  }
  if (wifiNoCrc) {
    addIssue(lengthNode, issue('gt06.length_is_count', 'protocol', 'info', 'in this Wi-Fi layout the length byte carries the access-point count'));
  } else if (declared !== undefined && !bare && declTotal !== frame.length) {
    addIssue(lengthNode, issue('gt06.length_mismatch', 'malformed', 'warning', `length field says ${declared}, frame carries ${frame.length - headLen - 2}`));
  }

  // Where the serial number starts: before the final 0d0a, or where the length field puts it when
  // the frame does not end with 0d0a (truncated, or bytes after the stop bits).
  let trailerAt = crlf || declTotal - 6 < typeEnd ? frame.length - 6 : declTotal - 6;
  let noTrailer = wifiNoCrc || bare;
  if (noTrailer) trailerAt = frame.length - 2;
  if (trailerAt < typeEnd) {
    if (r.remaining) r.rest(F.extra, 'frame too short for serial, CRC and stop bits');
    addIssue(r.last ?? r.tree[0]!, issue('gt06.truncated', 'malformed', 'error', 'frame too short: serial, CRC and stop bits missing'));
    return finish(out);
  }
  // Several frames glued together: the length field ends the first with 0d0a and a header follows.
  const glued = crlf && declTotal > typeEnd + 6 && declTotal < frame.length - 6 && frame[declTotal - 2] === 0x0d && frame[declTotal - 1] === 0x0a && isHeaderAt(frame, declTotal);
  const contentEnd = glued ? declTotal - 6 : trailerAt;

  const info = { declared, direction: ctx?.direction ?? 'up', wifiNoCrc } as const;
  let content = decodeInto(frame, typeEnd, Math.min(contentEnd, frame.length), type, ext, info, out.messageType);
  const crcHolds = crlf && frame.length >= 6 && crc16X25(frame, 2, frame.length - 4) === ((frame[frame.length - 4]! << 8) | frame[frame.length - 3]!);
  if (content.r.truncated && crlf && !crcHolds && !noTrailer && !glued && trailerAt < frame.length - 2) {
    // The content runs into the last six bytes and they hold no valid CRC: the device left no
    // room for serial and CRC.
    const wide = decodeInto(frame, typeEnd, frame.length - 2, type, ext, info, out.messageType);
    if (!wide.r.truncated) {
      content = wide;
      noTrailer = true;
      trailerAt = frame.length - 2;
    }
  }
  if (ctx?.direction === 'down' && contentEnd === typeEnd && !noTrailer) out.messageType = `${out.messageType} ack`;
  else {
    r.tree.push(...content.r.tree);
    Object.assign(out.attributes, content.out.attributes);
    out.positions.push(...content.out.positions);
    out.messageType = content.out.messageType;
    if (content.out.deviceId) out.deviceId = content.out.deviceId;
  }
  r.skip(Math.min(frame.length, noTrailer ? trailerAt : contentEnd) - r.pos);
  if (glued) {
    const g = r.raw(F.glued, trailerAt - contentEnd);
    if (g) {
      let n = 0;
      for (let i = contentEnd + 6; i >= 0 && i < trailerAt; i = nextHeader(frame, i + 2)) n++;
      const own = crc16X25(frame, 2, declTotal - 4) === ((frame[declTotal - 4]! << 8) | frame[declTotal - 3]!);
      addIssue(r.last!, issue('gt06.glued_frames', 'protocol', 'warning', `${n} more frame(s) follow the end the length field gives; the first frame's own CRC is ${own ? 'ok' : 'wrong'}, the splitter cuts them apart`));
    }
  }

  if (noTrailer) {
    const stop = r.u16(F.stop);
    const node = r.last!;
    if (stop !== undefined && stop !== 0x0d0a) addIssue(node, issue('gt06.bad_stop', 'malformed', 'warning', 'stop bits are not 0d0a'));
    const why = wifiNoCrc ? 'this Wi-Fi layout carries no serial number or CRC' : bare ? 'the frame carries no content, serial number or CRC' : 'the content runs up to the stop bits: no serial number or CRC';
    addIssue(node, issue('gt06.checksum_missing', 'checksum', 'warning', why));
    return finish(out);
  }
  const serial = r.u16(F.serial);
  const crc = r.u16(F.crc);
  if (crc !== undefined) {
    const computed = crc16X25(frame, 2, r.pos - 2);
    const node = r.last!;
    r.add({ id: F.crc_computed.id, label: F.crc_computed.label, start: node.start, end: node.end, value: computed, display: `0x${computed.toString(16).padStart(4, '0')}`, generated: true });
    if (computed !== crc) {
      addIssue(node, issue('gt06.checksum_incorrect', 'checksum', 'error', `CRC-16/X-25 on the wire 0x${crc.toString(16).padStart(4, '0')}, computed 0x${computed.toString(16).padStart(4, '0')}`));
    }
  }
  const stop = r.u16(F.stop);
  if (stop !== undefined && stop !== 0x0d0a) addIssue(r.last!, issue('gt06.bad_stop', 'malformed', 'warning', 'stop bits are not 0d0a'));
  if (serial !== undefined) out.attributes.serial = serial;
  if (!r.truncated && r.remaining) r.rest(F.extra, 'bytes after the stop bits');
  return finish(out);
}

/** Decode the content [start, end) in its own reader, so a layout that does not fit can be retried. */
function decodeInto(frame: Uint8Array, start: number, end: number, type: number, ext: boolean, info: Parameters<typeof decodeContent>[4], messageType: string) {
  const r = new FieldReader(frame, 0, Math.max(start, end));
  r.pos = start;
  const out: DecodedFrame = { protocol: 'gt06', messageType, positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  decodeContent(type, ext, r, out, info);
  return { r, out };
}

/** Collect the issues and write the summary. */
function finish(out: DecodedFrame): DecodedFrame {
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** One line for the frame list: the fix, the IMEI, or the answer text. */
function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  if (p) {
    return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${alarm}`;
  }
  if (d.deviceId && d.messageType === 'login') return `IMEI ${d.deviceId}`;
  for (const k of ['command', 'result', 'iccid', 'eventFiles'] as const) {
    const v = d.attributes[k];
    if (typeof v === 'string') return `${d.messageType}: ${v}`;
  }
  return `${d.messageType}${alarm}`;
}

export const gt06: ProtocolDescriptor = {
  id: 'gt06',
  name: 'GT06 (Concox)',
  transports: ['tcp'],
  defaultPort: 5023,
  detect,
  split,
  decode,
  respond,
  commands,
};

export { respond };
