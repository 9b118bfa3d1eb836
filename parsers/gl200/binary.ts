/**
 * Queclink binary frames.
 * - @Track HEX format: `+RSP`/`+EVT`/`+INF`/`+ACK`/`+HBD`/`+CRD`/`+LGN`…, big-endian fields whose
 *   presence a report mask decides, `<count:2> <CRC-16/CCITT-FALSE over type..count:2> 0d 0a`.
 *   Spec: Queclink GV300CAN @Track Air Interface protocol §4 (HEX report mask table); Traccar
 *   Gl200BinaryProtocolDecoder. Every layout is checked against the frame length before it is
 *   shown; a frame no known layout fits keeps its header and shows the rest undecoded.
 * - Protocol Pro (second generation, GL601/GV500CNA): `2B|2D 00 <u16 length> <flags> <IMEI BCD>
 *   <device type> <protocol> <custom> <reserved> <records> <count:2> <CRC-8> $`, records of
 *   TLV data items (Queclink "@Track Protocol Pro" frames/report.html, data ID 82 full location).
 */
import type { DecodedFrame, Position } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, issue, type BitDef } from '../core/reader';
import { latin1, luhnValid } from '../core/bytes';
import { isoTime, kmhToKnots, round } from '../core/units';
import { crc16CcittFalse, crc8Nrsc5 } from '../core/checksum';
import { ACK_COMMANDS, B, BPOS, EVT_TYPES, INF_TYPES, PRO, RSP_TYPES } from './fields';
import { BINARY_HEADERS } from './frame';

const u16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

/** Report mask bits of +RSP/+EVT (AT+GTHRM). */
const MASK_BITS: readonly BitDef[] = [
  { id: 'gl200.bin.mask.speed', label: 'Speed', bit: 0 },
  { id: 'gl200.bin.mask.azimuth', label: 'Azimuth', bit: 1 },
  { id: 'gl200.bin.mask.altitude', label: 'Altitude', bit: 2 },
  { id: 'gl200.bin.mask.cell', label: 'Cell information', bit: 3 },
  { id: 'gl200.bin.mask.send_time', label: 'Send time', bit: 4 },
  { id: 'gl200.bin.mask.count', label: 'Count number', bit: 5 },
  { id: 'gl200.bin.mask.device_name', label: 'Device name instead of IMEI', bit: 6 },
  { id: 'gl200.bin.mask.length', label: 'Length', bit: 7 },
  { id: 'gl200.bin.mask.device_type', label: 'Device type', bit: 8 },
  { id: 'gl200.bin.mask.protocol_version', label: 'Protocol version', bit: 9 },
  { id: 'gl200.bin.mask.firmware', label: 'Firmware version', bit: 10 },
  { id: 'gl200.bin.mask.battery', label: 'Battery level', bit: 11 },
  { id: 'gl200.bin.mask.power', label: 'External power', bit: 12 },
  { id: 'gl200.bin.mask.analog', label: 'Analog input', bit: 14 },
  { id: 'gl200.bin.mask.digital_io', label: 'Digital input/output', bit: 17 },
  { id: 'gl200.bin.mask.motion', label: 'Motion status', bit: 18 },
  { id: 'gl200.bin.mask.satellites', label: 'Satellites', bit: 19 },
  { id: 'gl200.bin.mask.current_mileage', label: 'Current mileage', bit: 20 },
  { id: 'gl200.bin.mask.total_mileage', label: 'Total mileage', bit: 21 },
  { id: 'gl200.bin.mask.current_hours', label: 'Current hour meter', bit: 22 },
  { id: 'gl200.bin.mask.total_hours', label: 'Total hour meter', bit: 23 },
  { id: 'gl200.bin.mask.rfid', label: 'RFID', bit: 24 },
  { id: 'gl200.bin.mask.can', label: 'CAN data', bit: 25 },
  { id: 'gl200.bin.mask.eio100', label: 'EIO100 input/output', bit: 26 },
];

/** Event-specific bytes between the satellites and the position count of +EVT, by type (alternatives). */
const EVT_INSERTS: Readonly<Record<number, readonly number[]>> = {
  6: [2], 13: [4], 14: [4], 15: [3], 17: [4], 21: [5], 23: [1], 25: [2], 26: [12], 31: [2],
  32: [1], 33: [1], 34: [1, 3], 35: [3, 1], 45: [7], 46: [7],
};

const INSERT_NAMES: Readonly<Record<number, ReadonlyArray<readonly [string, number]>>> = {
  6: [['Backup battery voltage (mV)', 2]],
  13: [['Duration of ignition off (s)', 4]],
  14: [['Duration of ignition on (s)', 4]],
  15: [['Code', 2], ['Retry', 1]],
  17: [['Idling duration (s)', 4]],
  21: [['GPS signal status', 1], ['Reserved', 4]],
  23: [['Crash counter', 1]],
  26: [['Trigger geofence ID', 2], ['Trigger geofence enable', 1], ['Trigger mode', 1], ['Radius (m)', 4], ['Check interval (s)', 4]],
  31: [['CW jamming value', 1], ['GPS jamming state', 1]],
  45: [['Reserved', 2], ['Report type', 1], ['Ignition duration (s)', 4]],
  46: [['Reserved', 2], ['Report type', 1], ['Ignition duration (s)', 4]],
};

/** A 7-byte time (u16 year, month, day, hour, minute, second) as a node; returns the ISO time. */
function time7(r: FieldReader, def: FieldDef): string | null {
  const b = r.raw(def, 7);
  if (!b) return null;
  const n = r.last!;
  const t = isoTime(u16(b, 0), b[2]!, b[3]!, b[4]!, b[5]!, b[6]!);
  n.value = t ?? n.value ?? null;
  n.display = t ? t.replace('T', ' ').replace('.000Z', '') : `invalid time ${n.value}`;
  if (!t) addIssue(n, issue('gl200.bad_time', 'protocol', 'warning', 'date/time fields out of range'));
  return t;
}

/** The 8-byte unique ID: IMEI digits two per byte (15th digit last) or an ASCII device name. */
function uid(r: FieldReader, out: DecodedFrame, asName?: boolean): void {
  const at = r.pos;
  const b = r.bytes.subarray(at, at + 8);
  if (b.length < 8) {
    r.raw(B.imei, 8);
    return;
  }
  const printable = Array.from(b).every((x) => x === 0 || (x >= 0x20 && x < 0x7f)) && b[0] !== 0;
  const digits = Array.from(b.subarray(0, 7)).every((x) => x <= 99) && b[7]! <= 9;
  if (asName ?? (printable && !digits)) {
    const name = latin1(b).replace(/\0+$/, '');
    r.ascii(B.device_name, 8);
    r.last!.value = name;
    r.last!.display = JSON.stringify(name);
    return;
  }
  r.raw(B.imei, 8);
  const n = r.last!;
  if (!digits) {
    addIssue(n, issue('gl200.bad_imei', 'malformed', 'warning', 'unique ID bytes are not IMEI digit pairs'));
    return;
  }
  const imei = Array.from(b.subarray(0, 7)).map((x) => String(x).padStart(2, '0')).join('') + String(b[7]);
  n.value = imei;
  n.display = imei;
  out.deviceId = imei;
  if (!luhnValid(imei)) addIssue(n, issue('gl200.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
}

/** Count number, CRC-16/CCITT-FALSE (wire and computed) and the 0d0a tail at the end of a HEX frame. */
function trailer(r: FieldReader, frame: Uint8Array): void {
  r.u16(B.count, { display: (v) => `${hex4(v)} (${v})` });
  const crc = r.u16(B.crc);
  if (crc !== undefined) {
    const node = r.last!;
    const computed = crc16CcittFalse(frame, 4, frame.length - 4);
    r.add({ id: B.crc_computed.id, label: B.crc_computed.label, start: node.start, end: node.end, value: computed, display: hex4(computed), generated: true });
    if (computed !== crc) addIssue(node, issue('gl200.checksum_incorrect', 'checksum', 'error', `CRC-16/CCITT-FALSE on the wire ${hex4(crc)}, computed ${hex4(computed)}`));
  }
  const tail = r.u16(B.tail);
  if (tail !== undefined && tail !== 0x0d0a) addIssue(r.last!, issue('gl200.bad_tail', 'malformed', 'warning', 'frame does not end with 0d0a'));
}

const hex4 = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const hex = (v: number, digits: number) => v.toString(16).padStart(digits, '0');
/** Display of a one-byte flags field. */
const flags8 = { display: (v: number) => `0x${hex2(v)}` };
/** Display of a device type byte. */
const devType = { display: (v: number) => `0x${hex2(v)}` };
/** Display of LAC / cell ID. */
const cellId = { display: (v: number) => `0x${hex(v, 4)} (${v})` };

/** Run `fn` on a fresh reader; keep it only when the layout ends right before the count/CRC trailer. */
function attempt(frame: Uint8Array, trailerLen: number, fn: (r: FieldReader, out: DecodedFrame) => void): { r: FieldReader; out: DecodedFrame } | undefined {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'gl200', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  try {
    fn(r, out);
  } catch {
    return undefined;
  }
  if (r.truncated || r.pos !== frame.length - trailerLen) return undefined;
  return { r, out };
}

/** Header, message type, mask and length of a frame no layout fits; the rest shown undecoded. */
function fallback(frame: Uint8Array, out: DecodedFrame, head: (r: FieldReader) => void, why: string): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  head(r);
  const sub = r.sub(Math.max(0, frame.length - 6 - r.pos));
  const n = sub.rest(B.body, why);
  if (n) addIssue(n, issue('gl200.unknown_layout', 'undecoded', 'warning', why));
  if (frame.length >= 6 && r.pos === frame.length - 6) trailer(r, frame);
  else r.rest(B.body, 'frame shorter than its trailer');
}

// ---------------------------------------------------------------------------------------------

/** Decode a HEX frame (`+RSP`…) or a Protocol Pro frame into `out`. */
export function decodeBinary(frame: Uint8Array, out: DecodedFrame): void {
  if (frame[1] === 0x00 || frame[1] === 0x10) return decodePro(frame, out);
  const name = latin1(frame.subarray(1, 4));
  const buffered = name[0] === 'B';
  out.messageCode = `+${name}`;
  out.messageType = `+${name}`;
  const declared = declaredLength(frame, name);
  if (declared !== undefined && declared > frame.length) return truncated(frame, out, declared);
  switch (name) {
    case 'RSP': case 'BSP': case 'EVT': case 'BVT': return report(frame, out, name === 'EVT' || name === 'BVT', buffered);
    case 'INF': case 'BNF': return info(frame, out, buffered);
    case 'ACK': return ack(frame, out);
    case 'HBD': return heartbeat(frame, out);
    default: return other(frame, out, name);
  }
}

/** The length field of a HEX frame (for +INF the one of the two possible places that fits). */
function declaredLength(frame: Uint8Array, name: string): number | undefined {
  const spec = BINARY_HEADERS[name];
  if (!spec || frame.length < spec.at + spec.width) return undefined;
  const at = (off: number) => (spec.width === 1 ? frame[off]! : u16(frame, off));
  if ((name === 'INF' || name === 'BNF') && frame.length >= spec.at + 4 && at(spec.at + 2) === frame.length) return frame.length;
  return at(spec.at);
}

/** A HEX frame shorter than its length field: the header, the rest undecoded, flagged. */
function truncated(frame: Uint8Array, out: DecodedFrame, declared: number): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  headerNode(r);
  const n = r.rest(B.body, 'frame cut short');
  addIssue(n ?? r.tree[0]!, issue('gl200.truncated', 'malformed', 'error', `frame ends after ${frame.length} bytes, its length field says ${declared}`));
}

function headerNode(r: FieldReader): void {
  r.ascii(B.header, 4);
}

/** +RSP/+BSP (location report) and +EVT/+BVT (event report). */
function report(frame: Uint8Array, out: DecodedFrame, event: boolean, buffered: boolean): void {
  const type = frame[4] ?? 0;
  const names = event ? EVT_TYPES : RSP_TYPES;
  const label = names[type] ? `GT${names[type]}` : `type ${type}`;
  out.messageType = `${event ? 'event' : 'location'} ${label}${buffered ? ' (buffered)' : ''}`;
  const inserts = event ? EVT_INSERTS[type] ?? [0] : [type === 8 ? 2 : 0];
  const head = (r: FieldReader) => {
    headerNode(r);
    r.u8(B.type, { display: (v) => `${v} (${names[v] ? `GT${names[v]}` : 'unknown'})` });
    r.bits(B.mask, 4, MASK_BITS);
    r.last!.display = `0x${hex(u16(frame, 5) * 65536 + u16(frame, 7), 8)}`;
  };
  if (type === 100 && !event) {
    fallback(frame, out, head, 'compressed position batch (type 100) is not decoded');
    return;
  }
  for (const insert of inserts) {
    const ok = attempt(frame, 6, (r, o) => {
      head(r);
      reportBody(r, frame, o, type, event, insert);
    });
    if (ok) {
      const o = ok.out;
      out.tree = o.tree;
      out.positions = o.positions;
      Object.assign(out.attributes, o.attributes);
      if (o.deviceId) out.deviceId = o.deviceId;
      trailer(ok.r, frame);
      return;
    }
  }
  fallback(frame, out, head, `no known ${event ? '+EVT' : '+RSP'} layout fits this mask and length`);
}

function reportBody(r: FieldReader, frame: Uint8Array, out: DecodedFrame, type: number, event: boolean, insert: number): void {
  const mask = u16(frame, 5) * 65536 + u16(frame, 7);
  const has = (n: number) => Math.floor(mask / 2 ** n) % 2 === 1;
  if (has(25)) throw new Error('CAN data has no known length');
  if (has(7)) {
    const len = r.u16(B.length);
    if (len !== frame.length) throw new Error('length');
  }
  if (has(8)) r.u8(B.device_type, devType);
  if (has(9)) r.u16(B.protocol_version, { display: version });
  if (has(10)) r.u16(B.firmware, { display: version });
  uid(r, out, has(6));
  const a = out.attributes;
  if (has(11)) a.batteryLevel = r.u8(B.battery_level)!;
  if (has(12)) {
    const p = r.u16(B.power);
    if (p !== undefined) a.power = p / 1000;
  }
  if (has(14)) {
    const v = r.u16(B.adc);
    if (v !== undefined) a.adc1 = v / 1000;
  }
  if (has(26)) r.u8(B.eio_in, flags8);
  if (has(17)) a.input = r.u8(B.din, flags8)!;
  if (has(26)) r.u8(B.eio_out, flags8);
  if (has(17)) a.output = r.u8(B.dout, flags8)!;
  if (has(18)) {
    const m = r.u8(B.motion);
    if (m !== undefined) {
      if (m & 0x10) a.ignition = false;
      else if (m & 0x20) a.ignition = true;
    }
  }
  let sats: number | undefined;
  if (has(19)) {
    const s = r.u8(B.satellites, { display: (v) => `${v & 0x0f} satellites, antenna state ${(v >> 4) & 3}` });
    if (s !== undefined) a.sat = sats = s & 0x0f;
  }
  if (insert > 0) {
    const known = event ? INSERT_NAMES[type] : type === 8 ? ([['Reserved', 2]] as const) : undefined;
    const parts = known && known.reduce((n, [, l]) => n + l, 0) === insert ? known : ([['Event data', insert]] as const);
    r.group(B.insert, () => {
      for (const [label, len] of parts) {
        const def: FieldDef = { id: `${B.insert.id}.${label.toLowerCase().replace(/ \(.*\)/, '').replace(/[^a-z0-9]+/g, '_')}`, label, type: 'bytes' };
        if (len <= 4) r.uint(def, len);
        else r.raw(def, len);
      }
    });
  }
  if (!event) {
    r.u8(B.report_type, { display: (v) => `0x${hex2(v)} (ID ${v >> 4}, type ${v & 15})` });
    if (type === 3) {
      r.u8(B.phone_header);
      let n = 0;
      while (r.pos + n < frame.length - 6) {
        const b = frame[r.pos + n++]!;
        if ((b & 0x0f) === 0x0f || (b & 0xf0) === 0xf0) break;
      }
      const digits = r.bcd(B.phone, n);
      if (digits !== undefined) r.last!.value = r.last!.display = digits.replace(/\?+$/, '');
    }
  }
  const count = r.u8(B.number) ?? 0;
  for (let k = 0; k < count; k++) {
    const { node, result } = r.group(BPOS.block, () => binaryPosition(r, has, sats));
    if (count > 1) node.label = `Position ${k + 1} of ${count}`;
    if (result) out.positions.push(result);
  }
  if (has(20) || (event && (type === 13 || type === 14))) mileage(r, B.current_mileage, 2);
  if (has(21) || (event && (type === 13 || type === 14))) mileage(r, B.total_mileage, 4);
  if (has(22)) hourMeter(r, B.current_hours, 1);
  if (has(23)) hourMeter(r, B.total_hours, 4);
  if (has(24)) r.raw(B.rfid, 4);
  if (has(4)) time7(r, B.send_time);
  if (!has(5)) throw new Error('no count');
}

/** One HEX position block; the position when its time is valid. */
function binaryPosition(r: FieldReader, has: (n: number) => boolean, sats?: number): Position | undefined {
  const acc = r.u8(BPOS.accuracy, { display: (v) => (v ? `${v}` : '0 (fix failed, last known position)') });
  let speed: number | undefined;
  if (has(0)) {
    const at = r.pos;
    const v = r.u24(BPOS.speed);
    if (v !== undefined) {
      speed = u16(r.bytes, at) + r.bytes[at + 2]! / 10;
      r.last!.value = speed;
      r.last!.display = `${speed} km/h (integer part, tenths)`;
    }
  }
  const course = has(1) ? r.u16(BPOS.course) : undefined;
  const alt = has(2) ? r.i16(BPOS.altitude) : undefined;
  const lon = r.i32(BPOS.longitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
  const lat = r.i32(BPOS.latitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
  const t = time7(r, BPOS.time);
  if (has(3)) {
    r.bcd(BPOS.mcc, 2);
    r.bcd(BPOS.mnc, 2);
    r.u16(BPOS.lac, cellId);
    r.u16(BPOS.cell, cellId);
    r.u8(BPOS.reserved);
  }
  if (acc === undefined || lon === undefined || lat === undefined || !t) return undefined;
  const la = lat / 1e6;
  const lo = lon / 1e6;
  if (Math.abs(la) > 90 || Math.abs(lo) > 180) return undefined;
  const p: Position = { time: t, valid: acc > 0, lat: round(la), lon: round(lo) };
  if (speed !== undefined) p.speedKnots = round(kmhToKnots(speed));
  if (course !== undefined) p.course = course;
  if (alt !== undefined) p.altitude = alt;
  if (sats !== undefined) p.satellites = sats;
  return p;
}

function mileage(r: FieldReader, def: FieldDef, intLen: number): void {
  const at = r.pos;
  const raw = r.raw(def, intLen + 1);
  if (!raw) return;
  let km = 0;
  for (let i = 0; i < intLen; i++) km = km * 256 + r.bytes[at + i]!;
  r.last!.value = km;
  r.last!.display = `${km} km, fraction byte ${r.bytes[at + intLen]}`;
}

function hourMeter(r: FieldReader, def: FieldDef, hourLen: number): void {
  const at = r.pos;
  const raw = r.raw(def, hourLen + 2);
  if (!raw) return;
  let h = 0;
  for (let i = 0; i < hourLen; i++) h = h * 256 + r.bytes[at + i]!;
  const mm = r.bytes[at + hourLen]!;
  const ss = r.bytes[at + hourLen + 1]!;
  r.last!.value = `${h}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  r.last!.display = `${r.last!.value} (h:mm:ss)`;
}

const version = (v: number) => `${v >> 8}.${String(v & 0xff).padStart(2, '0')} (0x${v.toString(16).padStart(4, '0')})`;

/** +INF/+BNF: device information; optional sections (version, battery, signal, cells) are fitted by length. */
function info(frame: Uint8Array, out: DecodedFrame, buffered: boolean): void {
  const type = frame[4] ?? 0;
  out.messageType = `information ${INF_TYPES[type] ? `GT${INF_TYPES[type]}` : `type ${type}`}${buffered ? ' (buffered)' : ''}`;
  const wide = u16(frame, 7) !== frame.length && u16(frame, 9) === frame.length;
  const head = (r: FieldReader) => {
    headerNode(r);
    r.u8(B.type, { display: (v) => `${v} (${INF_TYPES[v] ?? 'unknown'})` });
    r.u16(B.inf_mask);
    if (wide) r.u16({ ...B.inf_mask, id: `${B.inf_mask.id}_ext`, label: 'INF expansion mask' });
    r.u16(B.length);
  };
  const preferred = type === 1 ? 15 : type === 6 ? 1 : type === 7 ? 2 : type === 5 ? 4 : type === 10 ? 8 : 0;
  const order = [preferred, ...Array.from({ length: 16 }, (_, k) => k).filter((k) => k !== preferred)];
  for (const sections of order) {
    const ok = attempt(frame, 6, (r, o) => {
      head(r);
      infoBody(r, o, sections);
    });
    if (ok) {
      out.tree = ok.out.tree;
      Object.assign(out.attributes, ok.out.attributes);
      if (ok.out.deviceId) out.deviceId = ok.out.deviceId;
      trailer(ok.r, frame);
      return;
    }
  }
  fallback(frame, out, head, 'no known +INF layout fits this length');
}

/** +INF body; `sections` bits: 1 version, 2 battery, 4 signal quality, 8 cell list. */
function infoBody(r: FieldReader, out: DecodedFrame, sections: number): void {
  const a = out.attributes;
  uid(r, out);
  r.u8(B.device_type, devType);
  r.u16(B.protocol_version, { display: version });
  const fw = r.u16(B.firmware, { display: version });
  if (fw !== undefined) a.versionFw = `${fw >> 8}.${String(fw & 0xff).padStart(2, '0')}`;
  if (sections & 1) {
    r.u16(B.hardware, { display: version });
    r.u16(B.mcu, { display: version });
    r.raw(B.reserved, 2);
  }
  r.u8(B.motion);
  r.raw(B.reserved, 1);
  const s = r.u8(B.satellites);
  if (s !== undefined) a.sat = s;
  r.u8(B.mode);
  time7(r, B.last_fix);
  r.raw(B.reserved, 2);
  r.u16(B.report_mask);
  r.u16(B.ign_interval);
  r.u16(B.igf_interval);
  r.raw(B.reserved, 5);
  if (sections & 2) {
    r.u8(B.charge, flags8);
    const p = r.u16(B.power);
    const b = r.u16(B.battery_voltage);
    const l = r.u8(B.battery_level);
    if (p !== undefined) a.power = p / 1000;
    if (b !== undefined) a.battery = b / 1000;
    if (l !== undefined) a.batteryLevel = l;
  }
  const iccid = r.bcd(B.iccid, 10);
  if (iccid !== undefined) {
    const digits = iccid.replace(/\?+$/, '');
    r.last!.value = r.last!.display = digits;
    a.iccid = digits;
  }
  if (sections & 4) {
    const rssi = r.u8(B.rssi);
    if (rssi !== undefined) a.rssi = rssi;
    r.u8(B.ber);
  }
  r.u8(B.tz_flags, flags8);
  r.u16(B.tz_offset);
  if (sections & 8) {
    r.u8(B.gir_trigger);
    const n = r.u8(B.cell_count) ?? 0;
    for (let k = 0; k < n; k++) {
      const { node } = r.group(B.cell, () => {
        r.bcd(BPOS.mcc, 2);
        r.bcd(BPOS.mnc, 2);
        r.u16(BPOS.lac, cellId);
        r.u16(BPOS.cell, cellId);
        r.u8(B.ta);
        r.u8(B.rxlevel);
      });
      node.label = `Cell ${k + 1}`;
    }
  }
  time7(r, B.send_time);
}

/** +ACK (HEX): command acknowledgement. */
function ack(frame: Uint8Array, out: DecodedFrame): void {
  const type = frame[4] ?? 0;
  const cmd = ACK_COMMANDS[type];
  out.messageType = `${cmd ?? `command ${type}`} acknowledgement`;
  const head = (r: FieldReader) => {
    headerNode(r);
    r.u8(B.type, { display: (v) => `${v} (${ACK_COMMANDS[v] ?? 'unknown command'})` });
    r.u8(B.mask, flags8);
    r.u8({ ...B.length, type: 'u8' });
  };
  const ok = attempt(frame, 6, (r, o) => {
    head(r);
    if (frame[6] !== frame.length) throw new Error('length');
    r.u8(B.device_type, devType);
    r.u16(B.protocol_version, { display: version });
    r.u16(B.firmware, { display: version });
    uid(r, o);
    r.u8(B.id);
    r.u16(B.serial);
    time7(r, B.send_time);
  });
  if (!ok) return fallback(frame, out, head, 'no known +ACK layout fits this length');
  out.tree = ok.out.tree;
  if (ok.out.deviceId) out.deviceId = ok.out.deviceId;
  out.attributes.result = cmd ?? `command ${type}`;
  trailer(ok.r, frame);
}

/** +HBD (HEX heartbeat); the unique ID is absent when its mask bit is off. */
function heartbeat(frame: Uint8Array, out: DecodedFrame): void {
  out.messageType = 'heartbeat';
  const head = (r: FieldReader) => {
    headerNode(r);
    r.u8(B.mask, flags8);
    r.u8({ ...B.length, type: 'u8' });
  };
  for (const withId of [true, false]) {
    const ok = attempt(frame, 6, (r, o) => {
      head(r);
      r.u8(B.device_type, devType);
      r.u16(B.protocol_version, { display: version });
      r.u16(B.firmware, { display: version });
      if (withId) uid(r, o);
      time7(r, B.send_time);
    });
    if (ok) {
      out.tree = ok.out.tree;
      if (ok.out.deviceId) out.deviceId = ok.out.deviceId;
      trailer(ok.r, frame);
      return;
    }
  }
  fallback(frame, out, head, 'no known +HBD layout fits this length');
}

/** +CRD/+BRD/+LGN/+CAN/+DAT: header, mask and length; the content is shown raw. */
function other(frame: Uint8Array, out: DecodedFrame, name: string): void {
  out.messageType = ({ CRD: 'crash data', BRD: 'crash data (buffered)', LGN: 'login', CAN: 'CAN data', DAT: 'transparent data' } as Record<string, string>)[name] ?? name;
  const head = (r: FieldReader) => {
    headerNode(r);
    if (name === 'CAN' || name === 'DAT') {
      r.u8(B.type);
      r.u32(B.mask);
    } else if (name === 'LGN') {
      r.u8(B.type);
      r.u8(B.mask);
    } else r.u16(B.mask);
    r.u16(B.length);
  };
  if (name === 'LGN') {
    const ok = attempt(frame, 6, (r, o) => {
      head(r);
      r.raw({ ...B.reserved, label: 'Unknown' }, 7);
      uid(r, o, false);
      r.raw({ ...B.reserved, label: 'Unknown' }, 2);
      time7(r, B.send_time);
    });
    if (ok) {
      out.tree = ok.out.tree;
      if (ok.out.deviceId) out.deviceId = ok.out.deviceId;
      trailer(ok.r, frame);
      return;
    }
  }
  fallback(frame, out, head, `${name} content is not decoded field by field`);
}

// ---------------------------------------------------------------------------------------------
// Protocol Pro

/** A 1- or 2-byte variable-length integer (high bit of the first byte set: two bytes). */
function varint(r: FieldReader, def: FieldDef): number | undefined {
  const b = r.bytes[r.pos];
  if (b === undefined) return r.u8(def);
  if (b & 0x80) {
    const v = r.u16(def, { display: (x) => String(x & 0x7fff) });
    return v === undefined ? undefined : v & 0x7fff;
  }
  return r.u8(def);
}

function unix(r: FieldReader, def: FieldDef): string | undefined {
  const v = r.u32(def);
  if (v === undefined) return undefined;
  const t = new Date(v * 1000).toISOString();
  r.last!.value = t;
  r.last!.display = t.replace('T', ' ').replace('.000Z', '');
  return t;
}

function decodePro(frame: Uint8Array, out: DecodedFrame): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  const heartbeat = frame[1] === 0x10;
  out.messageType = heartbeat ? 'heartbeat' : frame[0] === 0x2d ? 'report (buffered)' : 'report';
  out.messageCode = heartbeat ? '2B10' : `${hex2(frame[0] ?? 0).toUpperCase()}00`;
  r.u8(PRO.header, { display: (v) => `${hex2(v)} (${v === 0x2d ? 'buffered' : 'real time'})` });
  r.u8(PRO.identifier);
  const declared = heartbeat ? r.u8({ ...PRO.length, type: 'u8' }) : r.u16(PRO.length);
  if (declared === undefined) return;
  if (declared > frame.length) {
    const n = r.rest(PRO.body, 'frame cut short');
    addIssue(n ?? r.last!, issue('gl200.truncated', 'malformed', 'error', `frame ends after ${frame.length} bytes, its length field says ${declared}`));
    return;
  }
  if (declared !== frame.length) addIssue(r.last!, issue('gl200.length_mismatch', 'malformed', 'warning', `length field says ${declared}, frame has ${frame.length} bytes`));
  const end = frame.length - 4;
  const body = r.sub(Math.max(0, end - r.pos));
  if (!heartbeat) {
    const flags = body.u8(PRO.flags);
    if (flags !== undefined && flags & 0x80) {
      body.u8(PRO.frame_count);
      body.u8(PRO.frame_number);
    }
  }
  proImei(body, out);
  body.u16(PRO.device_type, { display: (v) => `0x${v.toString(16).padStart(4, '0')}` });
  body.u16(PRO.protocol_version);
  body.u8(PRO.custom_version);
  if (heartbeat) unix(body, PRO.generated_time);
  else {
    const n = body.u8(PRO.reserved_length) ?? 0;
    if (n > 0) body.raw(PRO.reserved, n);
    let k = 0;
    while (body.remaining > 0 && !body.truncated) {
      const start = body.pos;
      const len = frame[start]! & 0x80 ? u16(frame, start) & 0x7fff : frame[start]!;
      if (len < 9 || len > body.remaining) break;
      const rec = body.sub(len);
      const { node } = rec.group(PRO.record, () => proRecord(rec, out));
      node.label = `Record ${++k}`;
    }
    body.rest(PRO.body, 'bytes after the last record');
  }
  body.rest(PRO.body, 'bytes after the heartbeat fields');
  r.pos = Math.max(r.pos, end);
  r.u16(PRO.count, { display: (v) => `${hex4(v)} (${v})` });
  const crc = r.u8(PRO.crc);
  if (crc !== undefined) {
    const node = r.last!;
    const computed = crc8Nrsc5(frame, 0, frame.length - 2);
    r.add({ id: PRO.crc_computed.id, label: PRO.crc_computed.label, start: node.start, end: node.end, value: computed, display: `0x${hex2(computed)}`, generated: true });
    if (computed !== crc) addIssue(node, issue('gl200.checksum_incorrect', 'checksum', 'error', `CRC-8 on the wire 0x${hex2(crc)}, computed 0x${hex2(computed)}`));
  }
  const tail = r.u8(PRO.tail);
  if (tail !== undefined && tail !== 0x24) addIssue(r.last!, issue('gl200.bad_tail', 'malformed', 'warning', 'frame does not end with $'));
}

function proImei(r: FieldReader, out: DecodedFrame): void {
  const d = r.bcd(PRO.imei, 8);
  if (d === undefined) return;
  const imei = d.replace(/^0/, '');
  r.last!.value = r.last!.display = imei;
  out.deviceId = imei;
  if (/^\d{15}$/.test(imei) && !luhnValid(imei)) addIssue(r.last!, issue('gl200.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
}

/** One Protocol Pro record: length, generated time, count, record ID, event code, data items. */
function proRecord(r: FieldReader, out: DecodedFrame): void {
  varint(r, PRO.record_length);
  unix(r, PRO.generated_time);
  r.u16(PRO.record_count);
  r.u8(PRO.record_id, { display: (v) => `0x${hex2(v)}${v === 0x50 ? ' (fixed report)' : ''}` });
  const ev = r.u8(PRO.event_code);
  if (ev !== undefined) out.attributes.event = ev;
  while (r.remaining > 0 && !r.truncated) {
    const before = r.pos;
    const { node, result: id } = r.group(PRO.data, () => {
      const id = varint(r, PRO.data_id);
      const len = varint(r, PRO.data_length) ?? 0;
      if (id === undefined) return id;
      if (id === 0x52 && len === 22) proLocation(r, out);
      else if (len > 0) r.raw(PRO.data_content, Math.min(len, r.remaining));
      return id;
    });
    if (id !== undefined) node.label = `Data ID ${id}${id === 0x52 ? ' (full location)' : ''}`;
    if (r.pos === before) break;
  }
}

/** Data ID 82: fix byte, longitude, latitude, UTC, speed, HDOP, azimuth, altitude, satellites. */
function proLocation(r: FieldReader, out: DecodedFrame): void {
  r.group(PRO.location, () => {
    const fix = r.u8(PRO.fix);
    if (fix !== undefined) addBits(r.last!, fix, [
      { id: 'gl200.pro.fix.signal', label: 'Signal level', bit: 4, width: 4 },
      { id: 'gl200.pro.fix.state', label: 'Fix state', bit: 2, width: 2, names: { 0: 'no fix', 1: 'last known', 2: 'fix', 3: 'reserved' } },
      { id: 'gl200.pro.fix.mode', label: 'Fix mode', bit: 0, width: 2, names: { 0: 'none', 1: '3D', 2: '2D', 3: 'reserved' } },
    ]);
    const lon = r.i32(PRO.longitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
    const lat = r.i32(PRO.latitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
    const t = unix(r, PRO.utc);
    const speed = r.u16(PRO.speed, { display: (v) => `${v / 10} km/h` });
    const hdop = r.u8(PRO.hdop, { display: (v) => `${v / 10}` });
    const course = r.u16(PRO.course);
    const altRaw = r.u24(PRO.altitude, { display: (v) => `${((v << 8) >> 8) / 10} m` });
    const sats = r.u8(PRO.satellites);
    if (fix === undefined || lon === undefined || lat === undefined || !t || sats === undefined) return;
    const p: Position = { time: t, valid: ((fix >> 2) & 3) === 2, lat: round(lat / 1e6), lon: round(lon / 1e6), satellites: sats };
    if (speed !== undefined) p.speedKnots = round(kmhToKnots(speed / 10));
    if (course !== undefined) p.course = course;
    if (altRaw !== undefined) p.altitude = ((altRaw << 8) >> 8) / 10;
    if (hdop !== undefined) out.attributes.hdop = hdop / 10;
    if (Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180) out.positions.push(p);
  });
}

