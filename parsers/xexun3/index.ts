/**
 * Xexun 3 (Xexun's newest watches and personal trackers): `fc` length(2) version(1, 3) type(1)
 * serial(1) IMEI(8: a 0 nibble + 15 BCD digits) body CRC-16/CCITT-FALSE(2, over version..body)
 * `cf`; the length counts version..body, so a frame is length + 6 bytes. Data messages (0x20) carry
 * items type(1) length(1) content: 0x64 GNSS fix (time, latitude/longitude as IEEE doubles in
 * degrees, altitude float, ephemeris, satellites, signal, speed and course in tenths, precision,
 * tracking time), 0x65 Wi-Fi, 0x66 cell, 0x68 beacons, 0x69 alarm, 0x6a status (battery, signal,
 * motion, charging, steps, temperature, vital signs, fuel, device time). 0x21 is the device's reply
 * to a command (text). The server answers every message but 0x21:
 * `fc 00 0c 03 <type> <serial> <IMEI> 00 <crc> cf`.
 * Spec: Traccar's Xexun3ProtocolDecoder (2026) and its test frames (shared/corpus/frames.jsonl);
 * item layouts follow its later revisions (speed/course in tenths, optional precision, tracking
 * time and device time), which read the corpus frames the same way.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { bcdDigits, isBcd, luhnValid, toHex } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, kmhToKnots, round, validLatLon } from '../core/units';
import { crc16CcittFalse } from '../core/checksum';
import { ALARMS, F, ITEM, ITEM_TYPES, MESSAGE_TYPES, MSG_COMMAND, MSG_DATA } from './fields';

const START = 0xfc;
const END = 0xcf;
/** fc, length(2), version, type, serial, IMEI(8). */
const HEADER = 14;
/** Longest body length the splitter accepts (the reference server's frame limit is 1024). */
const MAX_LENGTH = 1024;

// ---------------------------------------------------------------------------------------------
// Framing

/** Frames by their length field: `fc` + length(2) + length bytes + CRC(2) + `cf`. */
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
    let h = pos;
    while (h < buf.length && buf[h] !== START) h++;
    junk(pos, h);
    pos = h;
    if (h >= buf.length || buf.length - h < 3) break;
    const len = (buf[h + 1]! << 8) | buf[h + 2]!;
    if (len < 11 || len > MAX_LENGTH) {
      junk(h, h + 1);
      pos = h + 1;
      continue;
    }
    const total = len + 6;
    if (buf.length - h < total) break; // may still complete
    if (buf[h + total - 1] !== END) {
      junk(h, h + 1);
      pos = h + 1;
      continue;
    }
    frames.push({ start: h, end: h + total });
    pos = h + total;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b.length < 4 || b[0] !== START) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: 'start byte fc', weight: 0.3 }];
  ev.push(b[3] === 3 ? { text: 'version 3', weight: 0.5 } : { text: `version ${b[3]} (3 expected)`, weight: -0.3 });
  const len = (b[1]! << 8) | b[2]!;
  const total = len + 6;
  if (b.length > 4) {
    const type = b[4]!;
    ev.push(MESSAGE_TYPES[type] ? { text: `known message type 0x${type.toString(16)} (${MESSAGE_TYPES[type]})`, weight: 0.4 } : { text: `unknown message type 0x${type.toString(16)}`, weight: -0.3 });
  }
  if (len < 11) ev.push({ text: `length ${len} is shorter than the header`, weight: -1 });
  else if (total <= b.length) {
    ev.push(b[total - 1] === END ? { text: `length ${len} ends at the cf end byte`, weight: 1 } : { text: 'no cf where the length ends', weight: -0.6 });
    const onWire = (b[total - 3]! << 8) | b[total - 2]!;
    ev.push(onWire === crc16CcittFalse(b, 3, 3 + len) ? { text: 'CRC-16/CCITT-FALSE ok', weight: 1.5 } : { text: 'CRC-16/CCITT-FALSE mismatch', weight: -0.2 });
  } else ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
  if (b.length >= HEADER) {
    const id = b.subarray(6, 14);
    const digits = bcdDigits(id);
    if (isBcd(id) && digits[0] === '0') ev.push(luhnValid(digits.slice(1)) ? { text: `IMEI ${digits.slice(1)} passes Luhn`, weight: 0.5 } : { text: 'BCD IMEI field', weight: 0.2 });
    else ev.push({ text: 'IMEI field is not a 0 nibble and 15 BCD digits', weight: -0.5 });
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

const unixTime = (v: number) => new Date(v * 1000).toISOString();

function mac(r: FieldReader): string | undefined {
  const b = r.raw(ITEM.mac, 6);
  if (!b) return undefined;
  const s = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
  r.last!.display = s;
  return s;
}

/** The 0x64 GNSS item: pushes a position when the coordinates are finite and on the globe. */
function gnss(r: FieldReader, out: DecodedFrame): void {
  const t = r.u32(ITEM.time, { display: unixTime });
  const lat = float(r, ITEM.latitude, 8, (v) => `${round(v, 6)}°`);
  const lon = float(r, ITEM.longitude, 8, (v) => `${round(v, 6)}°`);
  const alt = float(r, ITEM.altitude, 4, (v) => `${round(v, 2)} m`);
  r.u8(ITEM.ephemeris);
  const sats = r.u8(ITEM.satellites);
  r.u8(ITEM.signal);
  let speed: number | undefined;
  let course: number | undefined;
  if (r.remaining >= 4) {
    speed = r.u16(ITEM.speed, { display: (v) => `${v / 10} km/h` });
    course = r.u16(ITEM.course, { display: (v) => `${v / 10}°` });
    if (course !== undefined && course > 3600) {
      addIssue(r.last!, issue('xexun3.bad_course', 'protocol', 'warning', `course ${course / 10}° is more than a full turn`));
      course = undefined;
    }
  }
  if (r.remaining >= 2) r.u16(ITEM.precision, { display: (v) => (v === 0xffff ? 'unknown' : `${v / 10} m`) });
  if (r.remaining >= 1) r.u8(ITEM.tracking, { display: (v) => (v === 0xff ? 'unknown' : `${v} s`) });
  if (sats !== undefined) out.attributes.sat = sats;
  if (t === undefined || lat === undefined || lon === undefined) return;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    addIssue(r.last!, issue('xexun3.no_fix', 'protocol', 'info', 'GNSS item without coordinates (no fix)'));
    return;
  }
  if (!validLatLon(lat, lon)) {
    addIssue(r.last!, issue('xexun3.bad_coordinate', 'malformed', 'warning', `coordinates ${lat}, ${lon} are off the globe`));
    return;
  }
  const pos: Position = { time: unixTime(t), valid: true, lat: round(lat), lon: round(lon) };
  if (alt !== undefined && Number.isFinite(alt)) pos.altitude = round(alt, 2);
  if (sats !== undefined) pos.satellites = sats;
  if (speed !== undefined) pos.speedKnots = round(kmhToKnots(speed / 10), 3);
  if (course !== undefined) pos.course = course / 10;
  out.positions.push(pos);
}

/** The 0x6a status item. */
function status(r: FieldReader, out: DecodedFrame): void {
  const set = (key: string, v: number | boolean | undefined) => {
    if (v !== undefined) out.attributes[key] = v;
  };
  set('batteryLevel', r.u8(ITEM.battery));
  r.u16(ITEM.network_duration);
  set('rssi', r.u8(ITEM.gsm_rssi));
  r.u8(ITEM.track_sequence);
  const motion = r.u8(ITEM.motion);
  set('motion', motion === undefined ? undefined : motion > 0);
  const charge = r.u8(ITEM.charge);
  set('charge', charge === undefined ? undefined : charge > 0);
  const steps = r.u16(ITEM.steps, { display: (v) => (v === 0xffff ? 'none' : String(v)) });
  if (steps !== undefined && steps !== 0xffff) set('steps', steps);
  const temp = r.i8(ITEM.temperature, { display: (v) => (v === -1 ? 'none' : `${v} °C`) });
  if (temp !== undefined && temp !== -1) set('temperature', temp);
  r.u8(ITEM.respiration);
  const hr = r.u8(ITEM.heart_rate, { display: (v) => (v === 0xff ? 'none' : `${v} bpm`) });
  if (hr !== undefined && hr !== 0xff) set('heartRate', hr);
  r.u8(ITEM.bp_systolic);
  r.u8(ITEM.bp_diastolic);
  r.u8(ITEM.oxygen);
  const fuel = r.u8(ITEM.fuel, { display: (v) => (v === 0xff ? 'none' : `${v}%`) });
  if (fuel !== undefined && fuel !== 0xff) set('fuel', fuel);
  if (r.remaining >= 4) r.u32(ITEM.device_time, { display: (v) => (v === 0xffffffff ? 'none' : unixTime(v)) });
}

/** One item's content over `r` (a sub-reader of the item's declared length). */
function decodeItem(type: number, r: FieldReader, out: DecodedFrame): void {
  switch (type) {
    case 0x64:
      return gnss(r, out);
    case 0x65: {
      r.u32(ITEM.time, { display: unixTime });
      const n = r.u8(ITEM.count) ?? 0;
      for (let i = 0; i < n && !r.truncated; i++) {
        r.group(ITEM.ap, () => {
          mac(r);
          r.i8(ITEM.rssi, { display: (v) => `${v} dBm` });
        });
      }
      return;
    }
    case 0x66:
      r.u32(ITEM.time, { display: unixTime });
      r.u16(ITEM.mcc);
      r.u16(ITEM.mnc);
      r.i32(ITEM.lac);
      r.u32(ITEM.cid);
      r.u8(ITEM.cell_rssi);
      return;
    case 0x68: {
      r.u32(ITEM.time, { display: unixTime });
      r.u8(ITEM.beacon_type);
      const n = r.u8(ITEM.count) ?? 0;
      for (let i = 0; i < n && !r.truncated; i++) {
        r.group(ITEM.beacon, () => {
          mac(r);
          r.i8(ITEM.rssi, { display: (v) => `${v} dBm` });
          r.u8(ITEM.beacon_battery);
        });
      }
      return;
    }
    case 0x69: {
      r.u32(ITEM.time, { display: unixTime });
      const id = r.u8(ITEM.alarm);
      const len = r.u8(ITEM.alarm_length);
      if (id !== undefined && id !== 17 && ALARMS[id]) out.attributes.alarm = ALARMS[id]!;
      if (len) {
        const data = r.raw(ITEM.alarm_data, Math.min(len, r.remaining));
        if (data && id === 17) out.attributes.iccid = toHex(data);
      }
      return;
    }
    case 0x6a:
      return status(r, out);
  }
}

function decodeItems(r: FieldReader, out: DecodedFrame): void {
  r.group(F.items, () => {
    while (r.remaining >= 2 && !r.truncated) {
      const { node } = r.group(F.item, () => {
        const type = r.u8(F.item_type)!;
        if (!ITEM_TYPES[type]) addIssue(r.last!, issue('xexun3.unknown_item', 'protocol', 'info', `unknown item type 0x${type.toString(16)}`));
        const len = r.u8(F.item_length)!;
        if (len > r.remaining) addIssue(r.last!, issue('xexun3.item_truncated', 'malformed', 'error', `item declares ${len} bytes, ${r.remaining} left`));
        const sub = r.sub(len);
        decodeItem(type, sub, out);
        sub.rest(ITEM_TYPES[type] ? ITEM.extra : F.item_data, ITEM_TYPES[type] ? `${ITEM_TYPES[type]} item bytes after the known fields` : `item type 0x${type.toString(16)} not decoded`);
      });
      const t = node.children?.[0]?.value;
      if (typeof t === 'number') node.label = `${ITEM_TYPES[t] ?? `0x${t.toString(16)}`} item`;
    }
    r.rest(F.item_data, 'a lone byte after the last item');
  });
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'xexun3', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const start = r.u8(F.start, { display: (v) => v.toString(16) });
  if (start !== undefined && start !== START) addIssue(r.last!, issue('xexun3.bad_start', 'malformed', 'error', 'start byte is not fc'));
  const len = r.u16(F.length);
  const lenNode = r.last;
  const version = r.u8(F.version);
  if (version !== undefined && version !== 3) addIssue(r.last!, issue('xexun3.unknown_version', 'protocol', 'warning', `version ${version}, 3 expected`));
  const type = r.u8(F.type);
  if (type !== undefined) {
    out.messageCode = `0x${type.toString(16).padStart(2, '0')}`;
    out.messageType = MESSAGE_TYPES[type] ?? `type 0x${type.toString(16)}`;
    if (!MESSAGE_TYPES[type]) addIssue(r.last!, issue('xexun3.unknown_type', 'protocol', 'warning', `unknown message type 0x${type.toString(16)}`));
  }
  r.u8(F.index);
  const imei = r.bcd(F.imei, 8);
  if (imei !== undefined) {
    if (/^0\d{15}$/.test(imei)) {
      out.deviceId = imei.slice(1);
      r.last!.display = out.deviceId;
      if (!luhnValid(out.deviceId)) addIssue(r.last!, issue('xexun3.imei_luhn', 'protocol', 'info', `IMEI ${out.deviceId} fails the Luhn check`));
    } else addIssue(r.last!, issue('xexun3.bad_imei', 'malformed', 'warning', 'IMEI is not a 0 nibble and 15 BCD digits'));
  }
  if (len !== undefined && !r.truncated) {
    const available = frame.length - HEADER - 3;
    const bodyLen = Math.max(0, Math.min(len - 11, available));
    if (len + 6 !== frame.length) addIssue(lenNode!, issue('xexun3.length_mismatch', 'malformed', 'warning', `length field says ${len} (a ${len + 6}-byte frame), frame has ${frame.length} bytes`));
    const body = r.sub(bodyLen);
    if (type === MSG_DATA) decodeItems(body, out);
    else if (type === MSG_COMMAND && bodyLen > 0) {
      const text = body.ascii(F.result, bodyLen);
      if (text !== undefined) out.attributes.result = text.replace(/\0/g, '').trim();
    } else if (bodyLen > 0) {
      body.raw(F.body, bodyLen);
      addIssue(r.last!, issue('xexun3.body_not_decoded', 'undecoded', 'info', 'body of an unknown message type shown raw'));
    }
    const crc = r.u16(F.crc, { display: (v) => `0x${v.toString(16).padStart(4, '0')}` });
    if (crc !== undefined) {
      const node = r.last!;
      const computed = crc16CcittFalse(frame, 3, HEADER + bodyLen);
      r.add({ id: F.crc_computed.id, label: F.crc_computed.label, start: node.start, end: node.end, value: computed, display: `0x${computed.toString(16).padStart(4, '0')}`, generated: true });
      if (computed !== crc) addIssue(node, issue('xexun3.checksum_incorrect', 'checksum', 'error', `CRC on the wire 0x${crc.toString(16).padStart(4, '0')}, computed 0x${computed.toString(16).padStart(4, '0')}`));
    }
    const end = r.u8(F.end, { display: (v) => v.toString(16) });
    if (end !== undefined && end !== END) addIssue(r.last!, issue('xexun3.bad_end', 'malformed', 'warning', 'end byte is not cf'));
    const rest = r.rest(F.trailing, 'bytes after the end byte');
    if (rest) addIssue(rest, issue('xexun3.trailing', 'malformed', 'warning', `${rest.end - rest.start} byte(s) after the frame's declared end`));
  } else if (r.tree.length) {
    addIssue(r.tree[r.tree.length - 1]!, issue('xexun3.truncated', 'malformed', 'error', 'frame ends inside the header'));
  }
  if (type === MSG_DATA && out.positions.length === 0 && !r.truncated) {
    const items = r.tree.find((n) => n.id === F.items.id) ?? r.tree[0]!;
    addIssue(items, issue('xexun3.no_position', 'protocol', 'info', 'no GNSS fix in this message: no position'));
  }
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out, frame);
  return out;
}

/** The answer: `fc 00 0c 03 <type> <serial> <IMEI> 00 <crc over version..result> cf`. */
export function ack(type: number, index: number, imei: Uint8Array): Uint8Array {
  const b = new Uint8Array(18);
  b.set([START, 0x00, 0x0c, 0x03, type, index], 0);
  b.set(imei.subarray(0, 8), 6);
  b[14] = 0x00;
  const crc = crc16CcittFalse(b, 3, 15);
  b[15] = crc >> 8;
  b[16] = crc & 0xff;
  b[17] = END;
  return b;
}

/** The reference server answers every message with a complete header except command replies (0x21). */
export function respond(frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  if (frame.length < HEADER || frame[0] !== START) return null;
  const type = frame[4]!;
  if (type === MSG_COMMAND) return null;
  return ack(type, frame[5]!, frame.subarray(6, 14));
}

function summarise(d: DecodedFrame, frame: Uint8Array): string {
  const p = d.positions[0];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  if (p) return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${alarm}`;
  if (typeof d.attributes.result === 'string') return `reply: ${d.attributes.result}`;
  if (d.messageType === 'data') return frame.length <= 17 ? 'data (empty: keep-alive)' : `data, no fix${alarm}`;
  return d.messageType;
}

export const xexun3: ProtocolDescriptor = {
  id: 'xexun3',
  name: 'Xexun 3 (FC … CF binary)',
  transports: ['tcp'],
  defaultPort: 5264,
  detect,
  split,
  decode,
  respond,
};
