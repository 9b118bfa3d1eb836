/**
 * Xexun 2 (Xexun's newer personal/asset trackers, "FA AF" binary protocol):
 * `fa af` type(2) serial(2) IMEI(8, BCD + pad nibble) properties(2: body length in bits 0-9)
 * checksum(2: 0xFFFF − byte sum of the body) body `fa af`. Between the flags `fa af` is sent as
 * `fb bf 01` and `fb bf` as `fb bf 02`. Type 0x0014 carries position records: count(1), their
 * lengths(2 each), then each record: index(1) time(4) rssi(1) battery(2) mask(1) [alarm(4)]
 * [position mask(1) + GPS float / Wi-Fi / cells / ToF / speed+course / GPS double / extended block]
 * [fingerprint(4)] [versions(38)] [parameters(12)]; coordinates are NMEA ddmm.mmmm numbers.
 * The server acknowledges every frame: `fa af` type serial IMEI `00 01` `ff fe` `01` `fa af`.
 * Spec: Traccar's Xexun2ProtocolDecoder/Xexun2FrameDecoder and their test frames
 * (shared/corpus/frames.jsonl); the checksum rule and the extended GNSS block were checked against
 * those frames.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { bcdDigits, isBcd, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, kmhToKnots, round, validLatLon } from '../core/units';
import { F, MESSAGE_TYPES, MSG_COMMAND, MSG_POSITION, REC } from './fields';
import { decodeCommand } from './downlink';
import { commands } from './commands';

const FLAG_HI = 0xfa;
const FLAG_LO = 0xaf;
const ESC_HI = 0xfb;
const ESC_LO = 0xbf;
/** Header: flag(2) type(2) serial(2) IMEI(8) properties(2) checksum(2). */
const HEADER = 18;
/** Longest frame on the wire: a 1023-byte body (10-bit length) with every pair escaped. */
const MAX_FRAME = 2 + Math.ceil(((HEADER - 2 + 1023) * 3) / 2) + 2;

// ---------------------------------------------------------------------------------------------
// Framing

const isFlag = (b: Uint8Array, i: number) => b[i] === FLAG_HI && b[i + 1] === FLAG_LO;

/** Next `fa af` at or after `from`, or -1. */
function nextFlag(b: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i + 1 < b.length; i++) if (isFlag(b, i)) return i;
  return -1;
}

export interface Unstuffed {
  bytes: Uint8Array;
  /** `map[i]`: wire offset of plain byte i; `map[bytes.length]`: the wire end. */
  map: Int32Array;
  /** Wire offsets of `fb bf` pairs followed by neither 01 nor 02 (kept as they are). */
  bad: number[];
}

/** Undo the `fb bf 01` / `fb bf 02` escapes between the flags (the flags themselves stay). */
export function unstuff(frame: Uint8Array): Unstuffed {
  const n = frame.length;
  const closed = n >= 4 && isFlag(frame, n - 2);
  const innerEnd = closed ? n - 2 : n;
  const bytes = new Uint8Array(n);
  const map = new Int32Array(n + 1);
  const bad: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i >= 2 && i + 1 < innerEnd && frame[i] === ESC_HI && frame[i + 1] === ESC_LO) {
      const code = i + 2 < innerEnd ? frame[i + 2] : undefined;
      if (code === 0x01 || code === 0x02) {
        map[k] = i;
        bytes[k++] = code === 0x01 ? FLAG_HI : ESC_HI;
        map[k] = i + 1;
        bytes[k++] = code === 0x01 ? FLAG_LO : ESC_LO;
        i += 2;
        continue;
      }
      bad.push(i);
    }
    map[k] = i;
    bytes[k++] = frame[i]!;
  }
  map[k] = n;
  return { bytes: bytes.slice(0, k), map: map.slice(0, k + 1), bad };
}

/** Apply the escapes to `plain` (the bytes between the flags). */
export function stuff(plain: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const pair = i + 1 < plain.length ? (plain[i]! << 8) | plain[i + 1]! : -1;
    if (pair === 0xfaaf || pair === 0xfbbf) {
      out.push(ESC_HI, ESC_LO, pair === 0xfaaf ? 0x01 : 0x02);
      i++;
    } else out.push(plain[i]!);
  }
  return Uint8Array.from(out);
}

/** The frame with its escapes undone, as the reference server's frame decoder hands it on. */
export function plain(frame: Uint8Array): Uint8Array {
  return unstuff(frame).bytes;
}

/** Body length the properties field declares (bits 0-9), or undefined when the header is short. */
const declaredLength = (p: Uint8Array) => (p.length >= HEADER ? ((p[14]! << 8) | p[15]!) & 0x3ff : undefined);

/** The body checksum: 0xFFFF minus the sum of the bytes (16 bits). */
export function bodyChecksum(b: Uint8Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += b[i]!;
  return (0xffff - (s & 0xffff)) & 0xffff;
}

/** Whether the plain frame's length or checksum holds (either is enough to trust the cut). */
function consistent(p: Uint8Array): boolean {
  if (p.length < HEADER + 2) return false;
  const bodyEnd = p.length - 2;
  if (declaredLength(p) === bodyEnd - HEADER) return true;
  return ((p[16]! << 8) | p[17]!) === bodyChecksum(p, HEADER, bodyEnd);
}

/**
 * Frames from `fa af` to the next `fa af`. A cut too short for a header, or one whose length and
 * checksum both fail, began at a stray flag (the end of a lost frame): its first flag is garbage.
 */
export function split(buf: Uint8Array, _final?: boolean): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    if (end <= start) return;
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else garbage.push({ start, end });
  };
  let pos = 0;
  while (pos < buf.length) {
    const h = nextFlag(buf, pos);
    if (h < 0) {
      const keep = buf[buf.length - 1] === FLAG_HI ? 1 : 0;
      junk(pos, buf.length - keep);
      pos = buf.length - keep;
      break;
    }
    junk(pos, h);
    pos = h;
    const e = nextFlag(buf, h + 2);
    if (e < 0 || e + 2 - h > MAX_FRAME) {
      if (buf.length - h < MAX_FRAME) break; // may still complete
      junk(h, h + 2);
      pos = h + 2;
      continue;
    }
    if (!consistent(unstuff(buf.subarray(h, e + 2)).bytes)) {
      junk(h, e);
      pos = e;
      continue;
    }
    frames.push({ start: h, end: e + 2 });
    pos = e + 2;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

/** 15-digit IMEI of the 8 header bytes (BCD with a pad nibble), or null. */
function imeiOf(b: Uint8Array, at: number): string | null {
  const raw = b.subarray(at, at + 8);
  if (raw.length < 8) return null;
  const digits = bcdDigits(raw);
  return /^\d{15}/.test(digits) ? digits.slice(0, 15) : null;
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b.length < 4 || !isFlag(b, 0)) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: 'start flag fa af', weight: 0.6 }];
  const type = (b[2]! << 8) | b[3]!;
  if (MESSAGE_TYPES[type]) ev.push({ text: `known message type 0x${hex4(type)} (${MESSAGE_TYPES[type]})`, weight: 0.5 });
  else if (type > 0xff) ev.push({ text: `unlikely message type 0x${hex4(type)}`, weight: -0.3 });
  if (b.length >= 14) {
    const imei = imeiOf(b, 6);
    if (imei) ev.push(luhnValid(imei) ? { text: `IMEI ${imei} passes Luhn`, weight: 0.8 } : { text: 'BCD IMEI field', weight: 0.3 });
    else if (!isBcd(b.subarray(6, 13))) ev.push({ text: 'IMEI field is not BCD', weight: -0.5 });
  }
  const e = nextFlag(b, 2);
  if (e >= 0) {
    const p = unstuff(b.subarray(0, e + 2)).bytes;
    if (p.length >= HEADER + 2) {
      const body = p.length - 2 - HEADER;
      ev.push(declaredLength(p) === body ? { text: `body length ${body} matches the end flag`, weight: 1 } : { text: 'length field disagrees with the end flag', weight: -0.3 });
      const cs = (p[16]! << 8) | p[17]!;
      ev.push(cs === bodyChecksum(p, HEADER, p.length - 2) ? { text: 'body checksum ok', weight: 1.2 } : { text: 'body checksum mismatch', weight: -0.2 });
    } else ev.push({ text: 'end flag too close to the start', weight: -0.5 });
  }
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** An IEEE float (4) or double (8) as a node whose value is the number (null when not finite). */
function float(r: FieldReader, def: FieldDef, len: 4 | 8, show?: (v: number) => string): number | undefined {
  const b = r.raw(def, len);
  if (!b) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, len);
  const v = len === 4 ? dv.getFloat32(0, false) : dv.getFloat64(0, false);
  const n = r.last!;
  n.value = Number.isFinite(v) ? v : null;
  n.display = show && Number.isFinite(v) ? show(v) : String(v);
  return v;
}

/** NMEA ddmm.mmmm packed in a number (negative for S/W) → signed degrees. */
export function nmeaNumber(v: number): number {
  const deg = Math.trunc(v / 100);
  return deg + (v - deg * 100) / 60;
}

const coordinate = (v: number) => `${nmeaNumber(v).toFixed(6)}° (${round(v, 6)})`;

interface Fix {
  lat?: number;
  lon?: number;
  valid?: boolean;
  satellites?: number;
  speedKnots?: number;
  course?: number;
  altitude?: number;
}

/** Read a longitude/latitude pair (float or double) into `fix`. */
function coordinates(r: FieldReader, len: 4 | 8, fix: Fix): void {
  const lon = float(r, REC.longitude, len, coordinate);
  const lat = float(r, REC.latitude, len, coordinate);
  if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return;
  const la = nmeaNumber(lat);
  const lo = nmeaNumber(lon);
  if (!validLatLon(la, lo)) {
    addIssue(r.last!, issue('xexun2.bad_coordinate', 'malformed', 'warning', `coordinates ${lat}, ${lon} are off the globe`));
    return;
  }
  fix.lat = la;
  fix.lon = lo;
}

/** The position block (mask bit 1): position mask and the parts it announces. */
function decodePositionBlock(r: FieldReader, fix: Fix): void {
  const pm = r.u8(REC.position_mask, { display: hexByte });
  if (pm === undefined) return;
  addBits(r.last!, pm, [
    { id: 'xexun2.record.position_mask.gps', label: 'GPS (float)', bit: 0 },
    { id: 'xexun2.record.position_mask.wifi', label: 'Wi-Fi', bit: 1 },
    { id: 'xexun2.record.position_mask.cells', label: 'Cells', bit: 2 },
    { id: 'xexun2.record.position_mask.tof', label: 'ToF', bit: 3 },
    { id: 'xexun2.record.position_mask.speed', label: 'Speed and course', bit: 5 },
    { id: 'xexun2.record.position_mask.gps_double', label: 'GPS (double)', bit: 6 },
    { id: 'xexun2.record.position_mask.extended', label: 'Extended block', bit: 7 },
  ]);
  if (pm & 0x01) {
    fix.satellites = r.u8(REC.satellites);
    fix.valid = true;
    coordinates(r, 4, fix);
  }
  if (pm & 0x02) {
    r.group(REC.wifi, () => {
      const n = r.u8(REC.wifi_count) ?? 0;
      for (let i = 0; i < n && !r.truncated; i++) {
        r.group(REC.wifi_ap, () => {
          mac(r);
          r.i8(REC.wifi_rssi, { display: (v) => `${v} dBm` });
        });
      }
    });
  }
  if (pm & 0x04) {
    r.group(REC.cells, () => {
      const n = r.u8(REC.cell_count) ?? 0;
      for (let i = 0; i < n && !r.truncated; i++) {
        r.group(REC.cell, () => {
          r.u16(REC.mcc);
          r.u16(REC.mnc);
          r.i32(REC.lac);
          r.u32(REC.cid);
          r.u8(REC.cell_rssi);
        });
      }
    });
  }
  if (pm & 0x08) {
    r.group(REC.tof, () => {
      const n = r.u8(REC.tof_count) ?? 0;
      if (n > 0) r.raw(REC.tof_data, 12 * n);
    });
  }
  if (pm & 0x20) {
    const sp = r.u16(REC.speed, { display: (v) => `${v / 10} km/h` });
    const co = r.u16(REC.course, { display: (v) => `${v / 10}°` });
    if (sp !== undefined) fix.speedKnots = round(kmhToKnots(sp / 10), 3);
    if (co !== undefined) fix.course = co / 10;
  }
  if (pm & 0x40) {
    fix.satellites = r.u8(REC.satellites);
    fix.valid = true;
    coordinates(r, 8, fix);
  }
  if (pm & 0x80) {
    r.group(REC.ext, () => {
      const len = r.u16(REC.ext_length);
      if (!len) return;
      const x = r.sub(len);
      const type = x.u8(REC.ext_type);
      const inner = x.u16(REC.ext_inner_length);
      if (type === 0x47 && inner !== undefined && inner >= 27 && inner <= x.remaining) {
        const g = x.sub(inner);
        coordinates(g, 8, fix);
        const valid = g.u8(REC.gnss_valid, { display: (v) => (v ? `${v} (valid)` : '0 (not valid)') });
        if (valid !== undefined) fix.valid = valid > 0;
        fix.satellites = g.u8(REC.satellites);
        g.u8(REC.snr);
        const sp = g.u16(REC.speed, { display: (v) => `${v / 10} km/h` });
        const co = g.u16(REC.course, { display: (v) => `${v / 10}°` });
        if (sp !== undefined) fix.speedKnots = round(kmhToKnots(sp / 10), 3);
        if (co !== undefined) fix.course = co / 10;
        const alt = float(g, REC.altitude, 4, (v) => `${round(v, 2)} m`);
        if (alt !== undefined && Number.isFinite(alt)) fix.altitude = round(alt, 2);
        g.rest(REC.ext_data, 'GNSS block bytes after the altitude');
      }
      x.rest(REC.ext_data, type === 0x47 ? 'GNSS block shorter than its 27 bytes' : `extended block of type 0x${(type ?? 0).toString(16)} not decoded`);
    });
  }
}

/** A 6-byte MAC as aa:bb:… */
function mac(r: FieldReader): void {
  const b = r.raw(REC.mac, 6);
  if (b) r.last!.display = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

/** One position record over `r` (a sub-reader of the record's declared length). */
function decodeRecord(r: FieldReader, out: DecodedFrame, first: boolean): void {
  const index = r.u8(REC.index);
  const t = r.u32(REC.time, { display: (v) => new Date(v * 1000).toISOString() });
  const rssi = r.u8(REC.rssi);
  const bat = r.u16(REC.battery, { display: (v) => `${v & 0x7fff}%${v & 0x8000 ? ', charging' : ''}` });
  if (bat !== undefined) {
    addBits(r.last!, bat, [
      { id: 'xexun2.record.battery.level', label: 'Level (%)', bit: 0, width: 15 },
      { id: 'xexun2.record.battery.charging', label: 'Charging', bit: 15 },
    ]);
  }
  const mask = r.u8(REC.mask, { display: hexByte });
  if (mask === undefined || t === undefined) return;
  addBits(r.last!, mask, [
    { id: 'xexun2.record.mask.alarm', label: 'Alarm', bit: 0 },
    { id: 'xexun2.record.mask.position', label: 'Position', bit: 1 },
    { id: 'xexun2.record.mask.fingerprint', label: 'Fingerprint', bit: 3 },
    { id: 'xexun2.record.mask.versions', label: 'Versions', bit: 4 },
    { id: 'xexun2.record.mask.parameters', label: 'Parameters', bit: 5 },
    { id: 'xexun2.record.mask.bit7', label: 'Bit 7 (not described by the sources used)', bit: 7 },
  ]);
  let alarm: string | undefined;
  if (mask & 0x01) {
    const a = r.u32(REC.alarm);
    if (a !== undefined) {
      addBits(r.last!, a, [
        { id: 'xexun2.record.alarm.sos', label: 'SOS', bit: 0 },
        { id: 'xexun2.record.alarm.fall', label: 'Fall down', bit: 15 },
      ]);
      alarm = a & 0x01 ? 'sos' : a & 0x8000 ? 'fallDown' : undefined;
    }
  }
  const fix: Fix = {};
  if (mask & 0x02) r.group(REC.position, () => decodePositionBlock(r, fix));
  if (mask & 0x08) r.u32(REC.fingerprint);
  if (mask & 0x10) {
    r.ascii(REC.version, 20);
    r.bcd(REC.imsi, 8);
    r.bcd(REC.iccid, 10);
  }
  if (mask & 0x20) r.raw(REC.parameters, 12);
  r.rest(REC.extra, mask & 0x80 ? 'record bytes after the known parts (mask bit 7 announces a block the sources used do not describe)' : 'record bytes after the announced parts');
  if (first) {
    if (index !== undefined) out.attributes.index = index;
    if (rssi !== undefined) out.attributes.rssi = rssi;
    if (bat !== undefined) {
      out.attributes.charge = (bat & 0x8000) !== 0;
      out.attributes.batteryLevel = bat & 0x7fff;
    }
    if (alarm) out.attributes.alarm = alarm;
  }
  if (fix.lat === undefined || fix.lon === undefined) return;
  const pos: Position = { time: new Date(t * 1000).toISOString(), valid: fix.valid ?? false, lat: round(fix.lat), lon: round(fix.lon) };
  if (fix.speedKnots !== undefined) pos.speedKnots = fix.speedKnots;
  if (fix.course !== undefined) pos.course = fix.course;
  if (fix.altitude !== undefined) pos.altitude = fix.altitude;
  if (fix.satellites !== undefined) pos.satellites = fix.satellites;
  out.positions.push(pos);
}

/** Body of a 0x0014 frame: count, record lengths, records. */
function decodePositions(r: FieldReader, out: DecodedFrame): void {
  r.group(F.positions, () => {
    const count = r.u8(F.count);
    if (count === undefined) return;
    const lengths: number[] = [];
    r.group(F.lengths, () => {
      for (let i = 0; i < count; i++) {
        const l = r.u16(F.record_length);
        if (l === undefined) return;
        lengths.push(l);
      }
    });
    lengths.forEach((len, i) => {
      if (r.truncated || r.remaining === 0) return;
      const { node } = r.group(F.record, () => {
        if (len > r.remaining) addIssue(r.last!, issue('xexun2.record_truncated', 'malformed', 'error', `record ${i + 1} declares ${len} bytes, ${r.remaining} left`));
        decodeRecord(r.sub(len), out, i === 0);
      });
      node.label = `Record ${i + 1}`;
    });
    if (lengths.length < count && r.tree.length) addIssue(r.last!, issue('xexun2.truncated', 'malformed', 'error', `${count} records announced, ${lengths.length} lengths present`));
    if (out.positions.length === 0 && lengths.length) {
      addIssue(r.last!, issue('xexun2.no_fix', 'protocol', 'info', 'no record carries GPS coordinates (Wi-Fi/cell data only): no position'));
    }
  });
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const { bytes: p, map, bad } = unstuff(frame);
  const r = FieldReader.mapped(p, map);
  const out: DecodedFrame = { protocol: 'xexun2', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const start = r.u16(F.start, { display: (v) => v.toString(16) });
  if (start !== undefined && start !== 0xfaaf) addIssue(r.last!, issue('xexun2.bad_start', 'malformed', 'error', 'start flag is not fa af'));
  const type = r.u16(F.type);
  if (type !== undefined) {
    out.messageCode = `0x${hex4(type)}`;
    out.messageType = MESSAGE_TYPES[type] ?? `type 0x${hex4(type)}`;
  }
  r.u16(F.index);
  const imei = r.bcd(F.imei, 8);
  if (imei !== undefined) {
    const id = imei.slice(0, 15);
    if (/^\d{15}$/.test(id)) {
      out.deviceId = id;
      r.last!.display = `${id} (pad ${imei.slice(15)})`;
      if (!luhnValid(id)) addIssue(r.last!, issue('xexun2.imei_luhn', 'protocol', 'info', `IMEI ${id} fails the Luhn check`));
    } else addIssue(r.last!, issue('xexun2.bad_imei', 'malformed', 'warning', 'IMEI is not 15 BCD digits'));
  }
  const props = r.u16(F.properties, { display: (v) => `body ${v & 0x3ff} bytes, attributes 0x${(v >> 10).toString(16)}` });
  const propsNode = r.last;
  if (props !== undefined) {
    addBits(propsNode!, props, [
      { id: 'xexun2.properties.length', label: 'Body length', bit: 0, width: 10 },
      { id: 'xexun2.properties.attributes', label: 'Attributes', bit: 10, width: 6 },
    ]);
  }
  const cs = r.u16(F.checksum, { display: (v) => `0x${hex4(v)}` });
  const closed = p.length >= HEADER + 2 && isFlag(p, p.length - 2);
  const bodyEnd = closed ? p.length - 2 : p.length;
  if (cs !== undefined) {
    const node = r.last!;
    const computed = bodyChecksum(p, HEADER, bodyEnd);
    r.add({ id: F.checksum_computed.id, label: F.checksum_computed.label, start: node.start, end: node.end, value: computed, display: `0x${hex4(computed)}`, generated: true });
    if (computed !== cs && closed) addIssue(node, issue('xexun2.checksum_incorrect', 'checksum', 'error', `checksum on the wire 0x${hex4(cs)}, computed 0x${hex4(computed)}`));
    if (props !== undefined && (props & 0x3ff) !== bodyEnd - HEADER) {
      addIssue(propsNode!, issue('xexun2.length_mismatch', 'malformed', 'warning', `body length field says ${props & 0x3ff}, frame carries ${bodyEnd - HEADER}`));
    }
    const body = r.sub(bodyEnd - HEADER);
    if (ctx?.direction === 'down' && type !== MSG_COMMAND) decodeAck(body, out);
    else if (type === MSG_POSITION) decodePositions(body, out);
    else if (type === MSG_COMMAND) decodeCommand(body, out);
    else if (body.remaining > 0) {
      body.raw(F.body, body.remaining);
      addIssue(r.last!, issue('xexun2.body_not_decoded', 'undecoded', 'info', `body of message type 0x${hex4(type ?? 0)} is shown raw`));
    }
    if (closed) r.u16(F.end, { display: (v) => v.toString(16) });
    else addIssue(r.tree[0]!, issue('xexun2.no_end_flag', 'malformed', 'warning', 'frame does not end with fa af'));
  }
  for (const at of bad) addIssue(r.tree[0]!, issue('xexun2.bad_escape', 'malformed', 'warning', `fb bf at offset ${at} is followed by neither 01 nor 02`));
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** A server acknowledgement's body (direction down): the result byte, 1 for received. */
function decodeAck(body: FieldReader, out: DecodedFrame): void {
  out.messageType = `${out.messageType} ack`;
  const v = body.u8(F.ack, { display: (x) => (x === 1 ? '1 (received)' : String(x)) });
  if (v !== undefined) out.attributes.result = v;
  if (body.remaining > 0) {
    body.raw(F.body, body.remaining);
    addIssue(body.last!, issue('xexun2.body_not_decoded', 'undecoded', 'info', 'bytes after the acknowledgement are shown raw'));
  }
}

/** The acknowledgement: `fa af` type serial IMEI `00 01` `ff fe` `01` `fa af` (escaped between the flags). */
export function ack(type: number, index: number, imei: Uint8Array): Uint8Array {
  const inner = new Uint8Array(2 + 2 + 8 + 2 + 2 + 1);
  inner[0] = type >> 8;
  inner[1] = type & 0xff;
  inner[2] = index >> 8;
  inner[3] = index & 0xff;
  inner.set(imei.subarray(0, 8), 4);
  inner.set([0x00, 0x01, 0xff, 0xfe, 0x01], 12);
  const body = stuff(inner);
  const out = new Uint8Array(body.length + 4);
  out.set([FLAG_HI, FLAG_LO], 0);
  out.set(body, 2);
  out.set([FLAG_HI, FLAG_LO], body.length + 2);
  return out;
}

/** The reference server acknowledges every frame whose header (type, serial, IMEI) is complete. */
export function respond(frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  const p = plain(frame);
  if (p.length < 14 || !isFlag(p, 0)) return null;
  return ack((p[2]! << 8) | p[3]!, (p[4]! << 8) | p[5]!, p.subarray(6, 14));
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[d.positions.length - 1];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  const n = d.positions.length > 1 ? ` (${d.positions.length} positions)` : '';
  if (p) return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${n}${alarm}`;
  if (d.messageType === 'position') return `no GPS fix (Wi-Fi/cells only)${alarm}`;
  if (typeof d.attributes.command === 'string') return `server: ${d.attributes.command}`;
  return d.messageType;
}

const hex4 = (v: number) => v.toString(16).padStart(4, '0');
const hexByte = (v: number) => `0x${v.toString(16).padStart(2, '0')}`;

export const xexun2: ProtocolDescriptor = {
  id: 'xexun2',
  name: 'Xexun 2 (FA AF binary)',
  transports: ['tcp'],
  defaultPort: 5233,
  detect,
  split,
  decode,
  respond,
  plain,
  commands,
};
