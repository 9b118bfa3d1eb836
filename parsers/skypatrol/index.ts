/**
 * SkyPatrol (older SkyPatrol units and the Enfora TT8750: Enfora GSM/GPRS modem UDP API
 * messages), UDP. Header: API number(2), command type(1), message type(1, high nibble), then an
 * optional header announced by a length byte below 0x20.
 * - API 5, message type 1, optional header of 4 bytes = data mask, mask bit 0: binary report whose
 *   fields follow in mask-bit order (status, modem id of 8 or 22 chars, I/O, ADC, date, fix,
 *   lat/lon ddmm.mmmm × 10^4 as two's-complement u32, speed and heading × 10, time, altitude,
 *   satellites, battery, odometers, power, …, index) — a position.
 * - API 4: text fields `<event, 10 chars><modem id, 22 chars>[ text] $GPRMC,…*hh\r\n\0`, after
 *   an optional header and a few binary bytes. Traccar decodes no position from these (its tests
 *   expect none), so the RMC fix is shown field by field but not returned as a position.
 * - Anything else (e.g. the TT8750's API 5 message type 0) is shown raw.
 * Answer: none. Traccar's SkypatrolProtocolDecoder sends nothing back for any API number (the
 * Enfora API's acknowledged messages are not used by it), so neither does this module.
 * Spec: Enfora "GSM/GPRS Family API Reference" message header; field layout as Traccar's
 * SkypatrolProtocolDecoder and its tests (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, findNode, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
import { nmeaChecksum } from '../core/checksum';
import { KMH_PER_KNOT, isoTime, round } from '../core/units';
import { scoreEvidence } from '../core/detector';
import { API_NUMBERS, B, F, RMC, T } from './fields';

/** Smallest datagram with a whole header. */
const HEADER = 4;

/** Header facts of a datagram: where the optional header and the data start. */
interface Head {
  api: number;
  command: number;
  messageType: number;
  /** Optional header length, when the byte after the message type announces one. */
  optLen?: number;
  dataStart: number;
}

function head(b: Uint8Array): Head | null {
  if (b.length < HEADER) return null;
  const h: Head = { api: (b[0]! << 8) | b[1]!, command: b[2]!, messageType: b[3]! >> 4, dataStart: HEADER };
  const l = b[4];
  if (l !== undefined && l < 0x20 && HEADER + 1 + l <= b.length) {
    h.optLen = l;
    h.dataStart = HEADER + 1 + l;
  }
  return h;
}

/** Whether the first bytes can be an Enfora API header (small API number, small command type). */
function plausibleHeader(b: Uint8Array): boolean {
  return b.length >= HEADER && b[0] === 0 && b[1]! >= 1 && b[1]! <= 0x20 && b[2]! <= 0x0f;
}

/** Bytes of each field the data mask announces, in bit order (variable-length id handled apart). */
const MASK_FIELDS: ReadonlyArray<[bit: number, len: number]> = [
  [1, 4], [3, 2], [4, 2], [5, 2], [7, 1], [8, 3], [9, 1], [10, 4], [11, 4], [12, 2], [13, 2], [14, 3],
  [15, 3], [16, 1], [17, 2], [20, 4], [21, 4], [22, 6], [24, 2], [25, 18], [26, 54], [28, 2],
];

/** Length of a binary report's fields for `mask` (id included), or 0 without an id bit. */
function maskLength(mask: number): number {
  const has = (bit: number) => Math.floor(mask / 2 ** bit) % 2 === 1;
  const id = has(23) ? 8 : has(2) ? 22 : 0;
  if (!id) return 0;
  return id + MASK_FIELDS.reduce((n, [bit, len]) => n + (has(bit) ? len : 0), 0);
}

// ---------------------------------------------------------------------------------------------
// Splitting: one datagram is one message.

export function split(buf: Uint8Array): SplitResult {
  if (buf.length < HEADER + 1) return { frames: [], garbage: [], consumed: 0 };
  if (!plausibleHeader(buf)) return { frames: [], garbage: [{ start: 0, end: buf.length }], consumed: buf.length };
  return { frames: [{ start: 0, end: buf.length }], garbage: [], consumed: buf.length };
}

// ---------------------------------------------------------------------------------------------
// Detection

/** Offset of the `<event><modem id>` text block before an NMEA sentence, or -1. */
function textBlock(s: string, from: number): number {
  const dollar = s.indexOf('$GP', from);
  if (dollar < 0) return -1;
  for (let i = from; i + 32 <= dollar; i++) {
    if (/^ *\d+$/.test(s.slice(i, i + 10)) && /^ *[0-9A-Za-z]+$/.test(s.slice(i + 10, i + 32))) return i;
  }
  return -1;
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (!plausibleHeader(b) || b.length < HEADER + 1) return { score: 0, evidence: [] };
  const h = head(b)!;
  const ev: Evidence[] = [];
  const name = API_NUMBERS[h.api];
  ev.push(name ? { text: `Enfora API number ${h.api} (${name})`, weight: 0.4 } : { text: `API number ${h.api}`, weight: 0.1 });
  ev.push(h.command === 2 ? { text: 'command type 2 (modem report)', weight: 0.3 } : { text: `command type ${h.command}`, weight: 0 });
  if (h.optLen !== undefined) ev.push({ text: `optional header of ${h.optLen} bytes`, weight: 0.1 });
  if (h.api === 5 && h.messageType === 1 && h.optLen === 4) {
    const mask = ((b[5]! << 24) >>> 0) + ((b[6]! << 16) | (b[7]! << 8) | b[8]!);
    const need = maskLength(mask);
    if (!(mask & 1) || !need) ev.push({ text: `data mask 0x${mask.toString(16)} has no position or no id bit`, weight: -0.3 });
    else if (h.dataStart + need <= b.length) ev.push({ text: `data mask 0x${mask.toString(16)}: its ${need} bytes of fields fit the datagram`, weight: 1.2 });
    else ev.push({ text: `data mask 0x${mask.toString(16)} needs ${need} bytes, datagram has ${b.length - h.dataStart}`, weight: -0.5 });
  }
  const s = latin1(b);
  const t = textBlock(s, h.dataStart);
  if (t >= 0) {
    ev.push({ text: `event and modem id text fields before "$GP…"`, weight: 0.6 });
    const m = /\$(GP[A-Z]{3},[^*\r\n]*)\*([0-9A-F]{2})/.exec(s.slice(t));
    if (m && nmeaChecksum(b, s.indexOf(m[1]!, t), s.indexOf(m[1]!, t) + m[1]!.length) === m[2]) ev.push({ text: 'NMEA checksum ok', weight: 0.5 });
  } else if (h.api === 5 && /[0-9]{8}/.test(s.slice(h.dataStart, h.dataStart + 24))) {
    ev.push({ text: 'ASCII digits of a modem id in the data', weight: 0.2 });
  }
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Two's-complement ddmm.mmmm × 10^4 (as Traccar reads it) to signed degrees. */
function coordinate(raw: number): number {
  let sign = 1;
  let v = raw;
  if (v > 0x7fffffff) {
    sign = -1;
    v = 0xffffffff - v;
  }
  const deg = Math.floor(v / 1_000_000);
  return sign * (deg + (v % 1_000_000) / 10_000 / 60);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'skypatrol', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  const r = new FieldReader(frame);
  out.tree = r.tree;
  const h = head(frame);
  const api = r.u16(F.api);
  r.u8(F.command_type);
  r.u8(F.message_type, { display: (v) => `type ${v >> 4} (0x${v.toString(16).padStart(2, '0')})` });
  if (!h || api === undefined) {
    out.issues = collectIssues(out.tree);
    out.summary = 'truncated';
    return out;
  }
  out.messageCode = `0x${h.api.toString(16).padStart(4, '0')}`;
  out.messageType = API_NUMBERS[h.api] ?? `API ${h.api}`;
  let mask: number | undefined;
  if (h.optLen !== undefined) {
    r.group(F.optional_header, () => {
      r.u8(F.header_length);
      if (h.api === 5 && h.optLen === 4) mask = maskBits(r);
      else optionalHeader(r, h.optLen!);
    });
  }
  if (h.api === 5 && h.messageType === 1 && mask !== undefined && mask & 1) {
    out.messageType = 'position report';
    r.group(F.report, () => binaryReport(r, mask!, out));
  } else if (h.api === 4 || textBlock(latin1(frame), h.dataStart) >= 0) {
    textReport(r, frame, out);
  } else {
    if (!API_NUMBERS[h.api]) addIssue(r.tree[0]!, issue('skypatrol.unknown_api', 'protocol', 'info', `API number ${h.api} is not known`));
  }
  if (r.remaining > 0) r.rest(F.binary, mask !== undefined && !(mask & 1) ? 'report without the position bit (mask bit 0)' : `layout of API ${h.api} message type ${h.messageType} not known`);
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The 4-byte data mask with one child per known bit; returns it. */
function maskBits(r: FieldReader): number | undefined {
  const names: Array<[number, string]> = [
    [0, 'Position report'], [1, 'Status'], [2, 'Modem id (22 chars)'], [3, 'I/O'], [4, 'ADC 1'], [5, 'ADC 2'], [7, 'Function category'],
    [8, 'GPS date'], [9, 'GPS status'], [10, 'Latitude'], [11, 'Longitude'], [12, 'Speed'], [13, 'Heading'], [14, 'GPS time'],
    [15, 'Altitude'], [16, 'Satellites'], [17, 'Battery'], [20, 'Trip odometer'], [21, 'Odometer'], [22, 'Message time'],
    [23, 'Modem id (8 chars)'], [24, 'Power'], [25, 'Overspeed data'], [26, 'Cell information'], [28, 'Index'],
  ];
  const bits = r.bits(F.mask, 4, names.map(([bit, label]) => ({ id: `skypatrol.mask.bit${bit}`, label, bit })));
  return bits ? (r.last!.value as number) : undefined;
}

/** Optional header other than a mask: bytes, with a printable run shown as the modem id. */
function optionalHeader(r: FieldReader, len: number): void {
  const end = r.pos + len;
  const s = latin1(r.bytes.subarray(r.pos, end));
  const m = /[0-9A-Za-z]{6,}/.exec(s);
  if (!m) {
    if (len) r.raw(F.header_data, len);
    return;
  }
  if (m.index) r.raw(F.header_data, m.index);
  r.ascii(F.header_id, m[0].length);
  if (end > r.pos) r.raw(F.header_data, end - r.pos);
}

function binaryReport(r: FieldReader, mask: number, out: DecodedFrame): void {
  const has = (bit: number) => Math.floor(mask / 2 ** bit) % 2 === 1;
  const a: Record<string, FieldValue> = out.attributes;
  if (has(1)) {
    const v = r.u32(B.status, { display: (x) => `0x${x.toString(16).padStart(8, '0')}` });
    if (v !== undefined) a.status = v;
  }
  const idLen = has(23) ? 8 : has(2) ? 22 : 0;
  if (!idLen) {
    addIssue(r.tree[r.tree.length - 1]!, issue('skypatrol.no_id', 'protocol', 'warning', 'data mask has neither modem id bit (2 or 23)'));
  } else {
    const id = r.ascii(B.modem_id, idLen);
    if (id !== undefined && id.trim()) out.deviceId = id.trim();
  }
  const num = (bit: number, read: () => number | undefined, key?: string, scale = 1) => {
    if (!has(bit)) return undefined;
    const v = read();
    if (v !== undefined && key) a[key] = v * scale;
    return v;
  };
  num(3, () => r.u16(B.io), 'io1');
  num(4, () => r.u16(B.adc1), 'adc1');
  num(5, () => r.u16(B.adc2), 'adc2');
  num(7, () => r.u8(B.function_category));
  let date: number[] | undefined;
  if (has(8)) {
    const d = r.raw(B.date, 3);
    if (d) {
      date = [d[0]!, d[1]!, d[2]!];
      r.last!.value = `${pad(d[0]!)}.${pad(d[1]!)}.${pad(d[2]!)}`;
      r.last!.display = `day ${d[0]}, month ${d[1]}, year ${2000 + d[2]!}`;
    }
  }
  const fix = num(9, () => r.u8(B.gps_status));
  const lat = num(10, () => r.u32(B.latitude, { display: (v) => `${round(coordinate(v)).toFixed(6)}° (raw 0x${v.toString(16)})` }));
  const lon = num(11, () => r.u32(B.longitude, { display: (v) => `${round(coordinate(v)).toFixed(6)}° (raw 0x${v.toString(16)})` }));
  const speed = num(12, () => r.u16(B.speed, { display: (v) => `${v / 10} kn` }));
  const course = num(13, () => r.u16(B.course, { display: (v) => `${v / 10}°` }));
  let time: number[] | undefined;
  if (has(14)) {
    const t = r.raw(B.time, 3);
    if (t) {
      time = [t[0]!, t[1]!, t[2]!];
      r.last!.value = `${pad(t[0]!)}:${pad(t[1]!)}:${pad(t[2]!)}`;
      r.last!.display = `${r.last!.value} UTC`;
    }
  }
  const alt = num(15, () => {
    const v = r.u24(B.altitude);
    if (v === undefined) return undefined;
    const signed = v & 0x800000 ? v - 0x1000000 : v;
    r.last!.value = signed;
    r.last!.display = `${signed} m`;
    return signed;
  });
  const sats = num(16, () => r.u8(B.satellites), 'sat');
  num(17, () => r.u16(B.battery), 'battery');
  num(20, () => r.u32(B.trip_odometer), 'tripOdometer');
  num(21, () => r.u32(B.odometer), 'odometer');
  if (has(22)) r.raw(B.rtc, 6);
  const power = num(24, () => r.u16(B.power));
  if (power !== undefined) a.power = power / 1000;
  if (has(25)) r.raw(B.overspeed, 18);
  if (has(26)) r.raw(B.cells, 54);
  num(28, () => r.u16(B.index), 'index');
  if (lat === undefined || lon === undefined || !date || !time) return;
  const iso = isoTime(date[2]!, date[1]!, date[0]!, time[0]!, time[1]!, time[2]!);
  if (!iso) {
    addIssue(r.tree[r.tree.length - 1]!, issue('skypatrol.bad_time', 'protocol', 'warning', 'GPS date/time out of range'));
    return;
  }
  const p: Position = { time: iso, valid: fix === 1, lat: round(coordinate(lat)), lon: round(coordinate(lon)) };
  if (speed !== undefined) p.speedKnots = speed / 10;
  if (course !== undefined) p.course = course / 10;
  if (alt !== undefined) p.altitude = alt;
  if (sats !== undefined) p.satellites = sats;
  out.positions.push(p);
}

/** API 4: binary bytes up to the text block, event + modem id + text, the NMEA sentence, NUL. */
function textReport(r: FieldReader, frame: Uint8Array, out: DecodedFrame): void {
  const s = latin1(frame);
  const t = textBlock(s, r.pos);
  if (t < 0) return;
  if (t > r.pos) {
    r.raw(F.binary, t - r.pos);
    addIssue(r.last!, issue('core.undecoded', 'undecoded', 'info', 'binary bytes before the text fields'));
  }
  out.messageType = 'text report';
  const dollar = s.indexOf('$', t + 32);
  const crlf = s.indexOf('\r\n', dollar);
  const textEnd = crlf >= 0 ? crlf + 2 : frame.length;
  r.pos = t;
  r.group(F.text, () => {
    const ev = r.node(T.event, t, t + 10, s.slice(t, t + 10).trim());
    out.attributes.event = Number(ev.value);
    const id = s.slice(t + 10, t + 32).trim();
    r.node(T.modem_id, t + 10, t + 32, id);
    out.deviceId = id;
    const words = /\S+/g;
    const mid = s.slice(t + 32, dollar);
    for (let m = words.exec(mid); m; m = words.exec(mid)) r.node(T.extra, t + 32 + m.index, t + 32 + m.index + m[0].length, m[0]);
    nmea(r, frame, s, dollar, textEnd);
    r.pos = textEnd;
  });
  if (r.remaining > 0 && frame[r.pos] === 0) r.u8(F.terminator, { display: () => '00' });
}

/** An NMEA sentence `$<type>,<fields>*hh` with a checked checksum; RMC fields are named. */
function nmea(r: FieldReader, frame: Uint8Array, s: string, at: number, end: number): void {
  r.pos = at;
  r.group(RMC.sentence, () => {
    const star = s.lastIndexOf('*', end);
    const bodyEnd = star > at ? star : end - (s.slice(at, end).endsWith('\r\n') ? 2 : 0);
    const fields: Array<[number, number]> = [];
    let a = at + 1;
    for (let i = at + 1; i <= bodyEnd; i++) {
      if (i === bodyEnd || s[i] === ',') {
        fields.push([a, i]);
        a = i + 1;
      }
    }
    const defs = [RMC.type, RMC.time, RMC.status, RMC.latitude, RMC.lat_hemi, RMC.longitude, RMC.lon_hemi, RMC.speed, RMC.course, RMC.date, RMC.variation, RMC.variation_dir, RMC.mode];
    const rmc = s.slice(at + 1, at + 6).endsWith('RMC');
    fields.forEach(([x, y], k) => {
      if (y <= x) return;
      const def = rmc ? defs[k] ?? RMC.extra : k === 0 ? RMC.type : RMC.extra;
      r.node(def, x, y, s.slice(x, y));
    });
    if (star > at && star + 3 <= frame.length) {
      const wire = s.slice(star + 1, star + 3);
      const computed = nmeaChecksum(frame, at + 1, star);
      const n = r.node(RMC.checksum, star + 1, star + 3, wire);
      r.node(RMC.checksum_computed, star + 1, star + 3, computed).generated = true;
      if (wire.toUpperCase() !== computed) addIssue(n, issue('skypatrol.checksum_incorrect', 'checksum', 'error', `NMEA checksum on the wire ${wire}, computed ${computed}`));
    }
    r.pos = end;
  });
}

const pad = (v: number) => String(v).padStart(2, '0');

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const who = d.deviceId ? `${d.deviceId}: ` : '';
  if (p) return `${who}${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`;
  if (d.messageType === 'text report') return `${who}event ${d.attributes.event}, RMC status ${findNode(d.tree, RMC.status.id)?.value ?? '?'} (no position taken)`;
  return `${who}${d.messageType}`;
}

export function respond(): Uint8Array | null {
  return null;
}

export const skypatrol: ProtocolDescriptor = {
  id: 'skypatrol',
  name: 'SkyPatrol (Enfora)',
  transports: ['udp'],
  defaultPort: 5021,
  detect,
  split,
  decode,
  respond,
};
