/**
 * JT/T 808 (JT/T 808-2011/2013 and -2019), the Chinese road-transport terminal protocol, with the
 * Carscop CC888 message ids and the Jointech JT701 variants seen on the same port.
 * Frame: `7e` | msg id(2) | attributes(2) | [version(1)] | phone BCD(6 or 10) | serial(2) |
 * [package total(2) + index(2)] | body | XOR check code | `7e`; inside the flags 7e travels as
 * 7d 02 and 7d as 7d 01. Times are BCD in GMT+8, coordinates uint32 / 10^6.
 * Spec: JT/T 808-2013 §4 (data format), §5 (frame), §8 (messages); JT/T 808-2019 §4.4–4.5;
 * layouts checked against the frames of Traccar's Jt808ProtocolDecoderTest (shared/corpus).
 */
import type { DecodeContext, DecodedFrame, DetectContext, DetectResult, Evidence, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { bcdDigits, escapeBytes, isBcd, luhnValid, toHex, unescapeBytes } from '../core/bytes';
import { xor8 } from '../core/checksum';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT } from '../core/units';
import { ATTRIBUTE_BITS, F, GENERAL_RESPONSE_IDS, HEADER, MESSAGES, SHORT_SERIAL_IDS } from './fields';
import { decodeBody } from './messages';
import { decodeSentence, detectSentence, isSentenceStart, respondSentence, sentenceEnd } from './sentence';
import { commands } from './commands';
import { GMT8 } from './location';

const FLAG = 0x7e;
const ESC = 0x7d;
/** 7d 01 → 7d, 7d 02 → 7e. */
const CODES: Readonly<Record<number, number>> = { 0x01: 0x7d, 0x02: 0x7e };

/** Longest wire frame the splitter waits for: a 1023-byte body plus a 2019 header, all escaped. */
const MAX_FRAME = 2 * (1023 + 21 + 1) + 2;

/** The frame with its escaping undone, delimiters kept (what other tools' frame decoders hand on). */
export function plain(frame: Uint8Array): Uint8Array {
  if (frame[0] !== FLAG) return frame.slice();
  return unescapeBytes(frame, ESC, CODES).bytes;
}

/** Header facts read from the unescaped bytes after the start flag. */
interface HeaderInfo {
  id: number;
  attributes: number;
  bodyLength: number;
  v2019: boolean;
  subpackage: boolean;
  version?: number;
  phone: Uint8Array;
  serial: number;
  /** Bytes from message id to the first body byte. */
  size: number;
}

/** Parse the header from unescaped bytes `p` starting at `at` (after the 7e); null when too short. */
function parseHeader(p: Uint8Array, at: number): HeaderInfo | null {
  if (p.length - at < 4) return null;
  const id = (p[at]! << 8) | p[at + 1]!;
  const attributes = (p[at + 2]! << 8) | p[at + 3]!;
  const v2019 = (attributes & 0x4000) !== 0;
  const subpackage = (attributes & 0x2000) !== 0;
  let i = at + 4;
  let version: number | undefined;
  if (v2019) version = p[i++];
  const phoneLen = v2019 ? 10 : 6;
  const serialLen = SHORT_SERIAL_IDS.has(id) ? 1 : 2;
  const size = i - at + phoneLen + serialLen + (subpackage ? 4 : 0);
  if (p.length - at < size) return null;
  const phone = p.subarray(i, i + phoneLen);
  i += phoneLen;
  const serial = serialLen === 1 ? p[i]! : (p[i]! << 8) | p[i + 1]!;
  return { id, attributes, bodyLength: attributes & 0x3ff, v2019, subpackage, ...(version !== undefined ? { version } : {}), phone, serial, size };
}

/**
 * Device id from the phone field: its BCD digits without leading zeros. Devices that put a binary
 * IMEI there (2-byte high part, 4-byte low part) get that number plus its Luhn digit, as Traccar
 * does — so the commands' device 123456789012345 travels as 0b3a73ce2ff2.
 */
export function phoneToDeviceId(phone: Uint8Array): string {
  if (isBcd(phone)) return bcdDigits(phone).replace(/^0+/, '');
  if (phone.length < 6) return bcdDigits(phone);
  const n = ((phone[0]! << 8) | phone[1]!) * 2 ** 32 + ((phone[2]! << 24) >>> 0) + ((phone[3]! << 16) | (phone[4]! << 8) | phone[5]!);
  return `${n}${luhnDigit(String(n))}`;
}

/** The Luhn check digit that completes `digits`. */
function luhnDigit(digits: string): number {
  for (let d = 0; d < 10; d++) if (luhnValid(digits + d)) return d;
  return 0;
}

/** Phone bytes for a device id: the inverse of `phoneToDeviceId` for 6-byte phones. */
export function deviceIdToPhone(id: string, length: 6 | 10 = 6): Uint8Array {
  const digits = id.replace(/\D/g, '');
  if (length === 6 && digits.length === 15) {
    const n = Number(digits.slice(0, 14));
    const hi = Math.floor(n / 2 ** 32);
    const lo = n % 2 ** 32;
    return Uint8Array.from([hi >> 8, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff]);
  }
  const padded = digits.padStart(length * 2, '0').slice(-length * 2);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number(padded[2 * i]) * 16 + Number(padded[2 * i + 1]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// split

export function split(buf: Uint8Array): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else if (end > start) garbage.push({ start, end });
  };
  let pos = 0;
  while (pos < buf.length) {
    let s = pos;
    while (s < buf.length && buf[s] !== FLAG && !isSentenceStart(buf, s)) s++;
    junk(pos, s);
    pos = s;
    if (s >= buf.length) break;
    if (buf[s] !== FLAG) {
      const e = sentenceEnd(buf, s);
      if (e === 0) break; // may still complete
      if (e < 0) {
        junk(s, s + 1);
        pos = s + 1;
        continue;
      }
      frames.push({ start: s, end: e });
      pos = e;
      continue;
    }
    if (s + 1 < buf.length && buf[s + 1] === FLAG) {
      // 7e 7e: the first is the end flag of a frame we did not see.
      junk(s, s + 1);
      pos = s + 1;
      continue;
    }
    let e = s + 1;
    while (e < buf.length && buf[e] !== FLAG && e - s < MAX_FRAME) e++;
    if (e < buf.length && buf[e] === FLAG) {
      frames.push({ start: s, end: e + 1 });
      pos = e + 1;
      continue;
    }
    if (e - s < MAX_FRAME) break; // partial frame: wait for the rest
    // No end flag within the longest possible frame: drop this start flag and resynchronise.
    junk(s, s + 1);
    pos = s + 1;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// detect

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b[0] !== FLAG) return b[0] === 0x28 ? detectSentence(b) : { score: 0, evidence: [] };
  let start = 0;
  if (b[1] === FLAG) start = 1;
  const ev: Evidence[] = [{ text: 'start flag 7e', weight: 0.5 }];
  let end = -1;
  for (let i = start + 1; i < b.length; i++) {
    if (b[i] === FLAG) {
      end = i;
      break;
    }
  }
  const u = unescapeBytes(b, ESC, CODES, start + 1, end < 0 ? b.length : end);
  const p = u.bytes;
  if (end >= 0) ev.push({ text: 'end flag 7e', weight: 0.3 });
  else ev.push({ text: 'no end flag in the first bytes', weight: b.length > MAX_FRAME ? -0.8 : 0 });
  if (u.bad.length) ev.push({ text: `bad escape 7d ${(b[u.bad[0]! + 1] ?? 0).toString(16).padStart(2, '0')}`, weight: -0.6 });
  else if (p.length < u.map[p.length]! - start - 1) ev.push({ text: 'valid 7d escaping', weight: 0.2 });
  const h = parseHeader(p, 0);
  if (!h) {
    if (end >= 0) ev.push({ text: 'frame too short for a JT808 header', weight: -0.6 });
    return scoreEvidence(ev);
  }
  const info = MESSAGES[h.id];
  ev.push(info ? { text: `known message id 0x${hex4(h.id)} (${info.short})`, weight: 0.6 } : { text: `unknown message id 0x${hex4(h.id)}`, weight: -0.3 });
  if (end >= 0) {
    const actual = p.length - h.size - 1;
    ev.push(actual === h.bodyLength ? { text: `body length ${h.bodyLength} matches the frame`, weight: 1 } : { text: `body length ${h.bodyLength} disagrees with the frame (${actual})`, weight: -0.2 });
    if (p.length >= h.size + 1) {
      const ok = xor8(p, 0, p.length - 1) === p[p.length - 1];
      ev.push(ok ? { text: 'XOR check code ok', weight: 1.5 } : { text: 'XOR check code mismatch', weight: -0.2 });
    }
  } else if (h.bodyLength + h.size + 1 < p.length) {
    ev.push({ text: `body length ${h.bodyLength} shorter than the bytes before any end flag`, weight: -0.5 });
  }
  ev.push(isBcd(h.phone) ? { text: `phone ${bcdDigits(h.phone)} is BCD`, weight: 0.3 } : { text: 'phone field is not BCD (binary IMEI)', weight: 0 });
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// decode

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  if (frame[0] === 0x28) return decodeSentence(frame, ctx);
  const u = unescapeBytes(frame, ESC, CODES);
  const p = u.bytes;
  const r = FieldReader.mapped(p, u.map);
  const out: DecodedFrame = { protocol: 'jt808', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const first = r.u8(F.start, { display: (v) => `0x${hex2(v)}` });
  if (first !== FLAG && r.tree[0]) addIssue(r.tree[0], issue('jt808.bad_start', 'malformed', 'error', 'the frame does not start with the 7e flag'));
  const hasEnd = p.length >= 2 && p[p.length - 1] === FLAG;
  const checkAt = p.length - (hasEnd ? 2 : 1);
  let h: HeaderInfo | null = null;
  r.group(F.header, () => {
    h = readHeader(r, p, out);
  });
  const hd = h as HeaderInfo | null;
  if (!hd || r.truncated || r.pos > checkAt) {
    if (!r.truncated) r.rest(F.extra, 'frame ends inside the header');
    addIssue(r.tree[r.tree.length - 1] ?? r.tree[0]!, issue('jt808.truncated', 'malformed', 'error', 'frame too short for the JT808 header and check code'));
    return finish(out, u.bad);
  }
  out.deviceId = phoneToDeviceId(hd.phone) || ctx?.deviceId || bcdDigits(hd.phone);
  const bodyLen = checkAt - r.pos;
  if (bodyLen !== hd.bodyLength) {
    const attrNode = r.tree[1]?.children?.find((n) => n.id === HEADER.attributes.id);
    if (attrNode) addIssue(attrNode, issue('jt808.body_length_mismatch', 'malformed', 'warning', `body length bits say ${hd.bodyLength}, the frame carries ${bodyLen}`));
  }
  const body = r.sub(bodyLen);
  decodeFrameBody(hd, body, out);
  const check = r.u8(F.checksum, { display: (v) => `0x${hex2(v)}` });
  if (check !== undefined) {
    const node = r.last!;
    const computed = xor8(p, 1, checkAt);
    r.add({ id: F.checksum_computed.id, label: F.checksum_computed.label, start: node.start, end: node.end, value: computed, display: `0x${hex2(computed)}`, generated: true });
    if (computed !== check) addIssue(node, issue('jt808.checksum_incorrect', 'checksum', 'error', `check code on the wire 0x${hex2(check)}, XOR of header and body 0x${hex2(computed)}`));
  }
  if (hasEnd) r.u8(F.end, { display: (v) => `0x${hex2(v)}` });
  else if (r.tree[0]) addIssue(r.tree[0], issue('jt808.no_end_flag', 'malformed', 'warning', 'the frame does not end with the 7e flag'));
  return finish(out, u.bad);
}

/** Header fields as nodes; returns the parsed header or null when the frame ends inside it. */
function readHeader(r: FieldReader, p: Uint8Array, out: DecodedFrame): HeaderInfo | null {
  const id = r.u16(HEADER.msg_id, { display: (v) => `${MESSAGES[v]?.label ?? 'unknown'} (0x${hex4(v)})` });
  if (id !== undefined) {
    const info = MESSAGES[id];
    out.messageCode = `0x${hex4(id)}`;
    out.messageType = info?.short ?? `message 0x${hex4(id)}`;
    if (!info) addIssue(r.last!, issue('jt808.unknown_message', 'protocol', 'warning', `unknown message id 0x${hex4(id)}`));
  }
  const attrs = r.u16(HEADER.attributes, { display: (v) => `0x${hex4(v)}` });
  if (attrs === undefined) return null;
  addBits(r.last!, attrs, ATTRIBUTE_BITS);
  if (attrs & 0x4000) r.u8(HEADER.version);
  r.bcd(HEADER.phone, attrs & 0x4000 ? 10 : 6);
  const phoneNode = r.last;
  if (phoneNode && !r.truncated && typeof phoneNode.value === 'string' && phoneNode.value.includes('?')) {
    addIssue(phoneNode, issue('jt808.phone_not_bcd', 'protocol', 'info', 'phone number is not BCD: read as a binary IMEI'));
  }
  if (SHORT_SERIAL_IDS.has(id ?? -1)) r.u8({ ...HEADER.serial, type: 'u8', label: 'Message serial number (JT701: 1 byte)' });
  else r.u16(HEADER.serial);
  if (attrs & 0x2000) {
    r.u16(HEADER.package_total);
    r.u16(HEADER.package_index);
  }
  if (r.truncated) return null;
  const h = parseHeader(p, 1);
  if (h && phoneNode && !isBcd(h.phone)) {
    phoneNode.value = toHex(h.phone);
    phoneNode.display = `${toHex(h.phone)} (binary IMEI ${phoneToDeviceId(h.phone)})`;
  }
  return h;
}

/** The body, unless encrypted or a later sub-package: then it stays raw. */
function decodeFrameBody(h: HeaderInfo, body: FieldReader, out: DecodedFrame): void {
  const enc = (h.attributes >> 10) & 7;
  if (enc && !SHORT_SERIAL_IDS.has(h.id)) {
    body.rest(F.body, enc === 1 ? 'body is RSA-encrypted' : `body is encrypted (method ${enc})`);
    return;
  }
  if (h.subpackage) {
    // The package number is the header's last word (header starts after the 7e at plain offset 1).
    const index = (body.bytes[h.size - 1]! << 8) | body.bytes[h.size]!;
    if (index !== 1) {
      body.rest(F.body, `sub-package ${index}: continues a body that starts in package 1`);
      out.messageType = `${out.messageType} (part ${index})`;
      return;
    }
    const before = body.tree.length;
    decodeBody(h.id, body, { out, v2019: h.v2019 });
    softenTruncation(body.tree.slice(before));
    out.messageType = `${out.messageType} (part 1)`;
    return;
  }
  decodeBody(h.id, body, { out, v2019: h.v2019 });
}

/** In package 1 of several the body continues in the next package: running out is expected. */
function softenTruncation(nodes: DecodedFrame['tree']): void {
  for (const n of nodes) {
    if (n.issues) {
      n.issues = n.issues.map((i) => (i.id === 'core.truncated' ? issue('jt808.continues_in_next_package', 'undecoded', 'info', 'the body continues in the next sub-package') : i));
    }
    if (n.children) softenTruncation(n.children);
  }
}

/** Attach bad-escape issues, collect issues, write the summary. */
function finish(out: DecodedFrame, bad: number[]): DecodedFrame {
  for (const at of bad) {
    const leaf = deepestAt(out.tree, at) ?? out.tree[0];
    if (leaf) addIssue(leaf, issue('jt808.bad_escape', 'malformed', 'error', `byte 7d at offset ${at} is not followed by 01 or 02`));
  }
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

function deepestAt(nodes: DecodedFrame['tree'], at: number): DecodedFrame['tree'][number] | undefined {
  for (const n of nodes) {
    if (n.start <= at && at < n.end && !n.generated) return (n.children && deepestAt(n.children, at)) || n;
  }
  return undefined;
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const more = d.positions.length > 1 ? ` (+${d.positions.length - 1})` : '';
  if (p) return `${d.messageType} ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${more}`;
  if (typeof d.attributes.result === 'string') return `${d.messageType}: ${d.attributes.result}`;
  if (typeof d.attributes.text === 'string') return `${d.messageType}: ${d.attributes.text}`;
  return d.deviceId ? `${d.messageType} ${d.deviceId}` : d.messageType;
}

// ---------------------------------------------------------------------------------------------
// respond

/**
 * What a platform answers: 0x0100 → 0x8100 (reply serial, result 0, the phone digits as the auth
 * code); the uplinks in GENERAL_RESPONSE_IDS → 0x8001 (reply serial, reply id, result 0); JT701
 * 0x5501/0x5502 with attribute bit 15 → 0x4401. The reply carries the device's phone and header
 * version. Platform serial: the device serial of the frame being answered (deterministic, and it
 * changes with every message as a counter would; Traccar always sends 0).
 */
export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  if (frame[0] === 0x28) return respondSentence(frame);
  if (frame[0] !== FLAG) return null;
  if (decoded.issues.some((i) => i.group === 'malformed' && i.severity === 'error')) return null;
  const p = plain(frame);
  const h = parseHeader(p, 1);
  if (!h) return null;
  const serial2 = [h.serial >> 8, h.serial & 0xff];
  if (h.id === 0x0100) {
    const code = Array.from(registerAuthCode(h.phone), (c) => c.charCodeAt(0));
    return message(0x8100, h, h.serial, [...serial2, 0, ...code]);
  }
  if (GENERAL_RESPONSE_IDS.has(h.id)) return message(0x8001, h, h.serial, [...serial2, h.id >> 8, h.id & 0xff, 0]);
  if (SHORT_SERIAL_IDS.has(h.id) && h.attributes & 0x8000) return message(0x4401, h, 1, [h.id >> 8, h.id & 0xff, 0], true);
  return null;
}

/** The auth code sent in 0x8100: the phone digits as on the wire (binary IMEIs as their number). */
function registerAuthCode(phone: Uint8Array): string {
  return isBcd(phone) ? bcdDigits(phone) : phoneToDeviceId(phone);
}

/**
 * Build one escaped frame: `7e id attrs [version] phone serial body xor 7e`, using the header
 * version and phone of `h`; `short` writes a 1-byte serial (JT701).
 */
export function message(id: number, h: Pick<HeaderInfo, 'v2019' | 'version' | 'phone'>, serial: number, body: ArrayLike<number>, short = false): Uint8Array {
  const attrs = (body.length & 0x3ff) | (h.v2019 ? 0x4000 : 0);
  const head = [id >> 8, id & 0xff, attrs >> 8, attrs & 0xff];
  if (h.v2019) head.push(h.version ?? 1);
  head.push(...h.phone);
  if (short) head.push(serial & 0xff);
  else head.push((serial >> 8) & 0xff, serial & 0xff);
  const inner = Uint8Array.from([...head, ...Array.from(body)]);
  const withCheck = Uint8Array.from([...inner, xor8(inner)]);
  const esc = escapeBytes(withCheck, ESC, CODES);
  return Uint8Array.from([FLAG, ...esc, FLAG]);
}

const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const hex4 = (v: number) => v.toString(16).padStart(4, '0');

export const jt808: ProtocolDescriptor = {
  id: 'jt808',
  name: 'JT/T 808',
  transports: ['tcp'],
  defaultPort: 5015,
  detect,
  split,
  decode,
  respond,
  plain,
  clockOffsetMinutes: GMT8,
  // A getter: commands.ts imports this module's framing, so either may be loaded first.
  get commands() { return commands; },
};
