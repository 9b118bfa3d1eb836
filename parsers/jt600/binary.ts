/**
 * JT600 binary data: `$` + terminal id (5 bytes BCD) + [protocol version] + data type + length(2)
 * + records + index(1). Short form (byte 8 ≠ 0): 27-byte records, layout by the high nibble of
 * the data type (1 cells, 2 fuel/status/odometer, 3 fuel sensors). Long form (byte 8 = 0, i.e.
 * the length's high byte; JT701 and later): a protocol version byte, one 34-byte record, then
 * extension data (geofence id + 3 reserved bytes for versions 0x17/0x19). Total length is always
 * length + 10. Every record starts with the 17-byte location block (also used by WLNET text).
 * Facts from Traccar's Jt600ProtocolDecoder/Jt600FrameDecoder and their tests.
 */
import type { DecodedFrame, FieldNode, FieldValue, Position } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { bcdDigits, isBcd } from '../core/bytes';
import { isoTime, round } from '../core/units';
import { F, LOC, LONG, V1, V2, V3 } from './fields';

/** Bytes of one record: location block plus layout data. */
export const SHORT_RECORD = 27;
export const LONG_RECORD = 34;
export const LOCATION_BLOCK = 17;

/** Framing facts read from the first 10 bytes of a `$` frame. */
export interface BinaryLayout {
  long: boolean;
  /** Bytes before the first record. */
  headLen: number;
  /** Value of the length field. */
  length: number;
  /** Frame length the length field implies (length + 10). */
  total: number;
}

/** Layout of the `$` frame at `at`, or null with fewer than 10 bytes there. */
export function binaryLayout(b: Uint8Array, at = 0): BinaryLayout | null {
  if (b.length - at < 10 || b[at] !== 0x24) return null;
  const long = b[at + 8] === 0;
  const headLen = long ? 10 : 9;
  const length = (b[at + headLen - 2]! << 8) | b[at + headLen - 1]!;
  return { long, headLen, length, total: length + 10 };
}

/** One record's decoded values. */
export interface Rec {
  time?: string | null;
  valid?: boolean;
  lat?: number;
  lon?: number;
  speedKnots?: number;
  course?: number;
  altitude?: number;
  satellites?: number;
  attrs: Record<string, FieldValue>;
}

/** Integer of BCD digits; a nibble above 9 counts as its value (as Traccar's BcdUtil does). */
function bcdNumber(nibbles: number[]): number {
  return nibbles.reduce((v, n) => v * 10 + n, 0);
}

function nibblesOf(b: Uint8Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const byte = b[i >> 1] ?? 0;
    out.push(i % 2 === 0 ? byte >> 4 : byte & 0x0f);
  }
  return out;
}

/** `ddmm.mmmm` packed as an integer (deg × 1e6 + min × 1e4) to degrees. */
function degrees(raw: number): number {
  const deg = Math.floor(raw / 1_000_000);
  return deg + (raw % 1_000_000) / 10_000 / 60;
}

/** BCD `ddmmyyhhmmss` to ISO UTC, null when not a date. */
export function bcdTime(b: Uint8Array): string | null {
  if (!isBcd(b)) return null;
  const d = bcdDigits(b);
  const p = [0, 2, 4, 6, 8, 10].map((i) => Number(d.slice(i, i + 2)));
  return isoTime(p[2]!, p[1]!, p[0]!, p[3]!, p[4]!, p[5]!);
}

/** A 6-byte BCD date-time leaf (`def`) with its ISO value; an issue when it is no date. */
export function timeNode(r: FieldReader, def: FieldDef): string | null | undefined {
  const t = r.raw(def, 6);
  if (!t) return undefined;
  const node = r.last!;
  const iso = bcdTime(t);
  node.value = iso ?? bcdDigits(t);
  node.display = iso ? `${iso.replace('T', ' ').replace('.000Z', '')} UTC (BCD ${bcdDigits(t)})` : `invalid date ${bcdDigits(t)} (ddmmyyhhmmss)`;
  if (!iso) addIssue(node, issue('jt600.bad_time', 'protocol', 'warning', `${def.label}: ${bcdDigits(t)} is not a date (BCD ddmmyy hhmmss)`));
  return iso;
}

/** The 17-byte location block: time, latitude, longitude + flags nibble, speed, course. */
export function decodeLocation(r: FieldReader, rec: Rec): void {
  rec.time = timeNode(r, LOC.time);
  if (rec.time === undefined) return;
  const latBytes = r.raw(LOC.latitude, 4);
  if (!latBytes) return;
  const latNode = r.last!;
  const lonAt = r.pos;
  const lonBytes = r.raw(LOC.longitude, 5);
  if (!lonBytes) return;
  const lonNode = r.last!;
  const latN = nibblesOf(latBytes, 8);
  const lonN = nibblesOf(lonBytes, 9);
  let lat = degrees(bcdNumber(latN));
  let lon = degrees(bcdNumber(lonN));
  const flags = lonBytes[4]! & 0x0f;
  const flagsNode = r.node(LOC.flags, lonAt + 4, lonAt + 5, flags, `0x${flags.toString(16)}`);
  addBits(flagsNode, flags, [
    { id: 'jt600.location.valid', label: 'GPS fix valid', bit: 0 },
    { id: 'jt600.location.north', label: 'Latitude', bit: 1, names: { 0: 'south', 1: 'north' } },
    { id: 'jt600.location.east', label: 'Longitude', bit: 2, names: { 0: 'west', 1: 'east' } },
  ]);
  if (!(flags & 2)) lat = -lat;
  if (!(flags & 4)) lon = -lon;
  rec.valid = (flags & 1) === 1;
  rec.lat = round(lat);
  rec.lon = round(lon);
  latNode.value = rec.lat;
  latNode.display = `${rec.lat.toFixed(6)}° (BCD ${bcdDigits(latBytes)}, ddmm.mmmm)`;
  lonNode.value = rec.lon;
  lonNode.display = `${rec.lon.toFixed(6)}° (BCD ${bcdDigits(lonBytes).slice(0, 9)}, dddmm.mmmm)`;
  if (latN.some((n) => n > 9)) addIssue(latNode, issue('jt600.bad_bcd', 'malformed', 'warning', 'latitude has a nibble above 9'));
  if (lonN.some((n) => n > 9)) addIssue(lonNode, issue('jt600.bad_bcd', 'malformed', 'warning', 'longitude has a nibble above 9'));
  const sp = r.raw(LOC.speed, 1);
  if (!sp) return;
  const speed = bcdNumber(nibblesOf(sp, 2));
  const spNode = r.last!;
  spNode.value = speed;
  spNode.display = `${speed} kn`;
  if (!isBcd(sp)) addIssue(spNode, issue('jt600.speed_not_bcd', 'protocol', 'info', `speed byte 0x${sp[0]!.toString(16).padStart(2, '0')} is not BCD: read digit by digit as ${speed} (as Traccar does); as binary it would be ${sp[0]}`));
  rec.speedKnots = speed;
  const c = r.u8(LOC.course, { display: (v) => `${v * 2}° (raw ${v})` });
  if (c === undefined) return;
  r.last!.value = c * 2;
  rec.course = c * 2;
}

/** The position of a record whose location block was read whole with a usable time. */
export function toPosition(rec: Rec): Position | undefined {
  if (!rec.time || rec.lat === undefined || rec.lon === undefined || rec.valid === undefined) return undefined;
  const p: Position = { time: rec.time, valid: rec.valid, lat: rec.lat, lon: rec.lon };
  if (rec.speedKnots !== undefined) p.speedKnots = rec.speedKnots;
  if (rec.course !== undefined) p.course = rec.course;
  if (rec.altitude !== undefined) p.altitude = rec.altitude;
  if (rec.satellites !== undefined) p.satellites = rec.satellites;
  return p;
}

/** Join alarm names as Traccar does when several apply. */
function addAlarm(rec: Rec, name: string): void {
  const a = rec.attrs.alarm;
  rec.attrs.alarm = typeof a === 'string' && a ? `${a},${name}` : name;
}

function decodeV1(r: FieldReader, rec: Rec): void {
  const sats = r.u8(V1.satellites);
  if (sats !== undefined) {
    rec.satellites = sats;
    rec.attrs.sat = sats;
  }
  const power = r.u8(V1.power);
  if (power !== undefined) rec.attrs.power = power;
  r.u8(V1.sensors);
  const alt = r.u16(V1.altitude);
  if (alt !== undefined) rec.altitude = alt;
  r.u16(V1.cid);
  r.u16(V1.lac);
  const rssi = r.u8(V1.rssi);
  if (rssi !== undefined) rec.attrs.rssi = rssi;
}

function decodeV2(r: FieldReader, rec: Rec): void {
  const hi = r.u8(V2.fuel_high);
  const status = r.bits(V2.status, 4, [
    { id: 'jt600.v2.ignition', label: 'Ignition', bit: 24 },
    { id: 'jt600.v2.door', label: 'Door', bit: 30 },
    { id: 'jt600.v2.charge', label: 'Charging', bit: 16 },
    { id: 'jt600.v2.blocked', label: 'Fuel/power cut', bit: 17 },
    { id: 'jt600.v2.sos', label: 'SOS', bit: 18 },
    { id: 'jt600.v2.antenna', label: 'GPS antenna cut', bit: 19 },
    { id: 'jt600.v2.overspeed', label: 'Overspeed', bit: 20 },
    { id: 'jt600.v2.fatigue', label: 'Fatigue driving', bit: 10 },
    { id: 'jt600.v2.tow', label: 'Tow', bit: 11 },
  ]);
  if (status) {
    rec.attrs.ignition = status['jt600.v2.ignition'] === 1;
    rec.attrs.door = status['jt600.v2.door'] === 1;
    rec.attrs.charge = status['jt600.v2.charge'] === 1;
    rec.attrs.blocked = status['jt600.v2.blocked'] === 1;
    if (status['jt600.v2.sos']) addAlarm(rec, 'sos');
    if (status['jt600.v2.antenna'] || status['jt600.v2.overspeed']) addAlarm(rec, 'gpsAntennaCut');
    if (status['jt600.v2.overspeed']) addAlarm(rec, 'overspeed');
    if (status['jt600.v2.fatigue']) addAlarm(rec, 'fatigueDriving');
    if (status['jt600.v2.tow']) addAlarm(rec, 'tow');
  }
  const odo = r.u32(V2.odometer);
  if (odo !== undefined) rec.attrs.odometer = odo * 1000;
  const lo = r.u8(V2.fuel_low);
  if (hi !== undefined && lo !== undefined) rec.attrs.fuel = hi * 256 + lo;
}

/** Layout 3: 12+12+12+20+24 bits; leaves on the bytes each value touches. */
function decodeV3(r: FieldReader, rec: Rec): void {
  if (r.remaining < 10) {
    const n = r.rest(F.extra, 'layout 3 data cut short');
    if (n) addIssue(n, issue('jt600.truncated', 'malformed', 'error', 'layout 3 needs 10 bytes'));
    return;
  }
  const at = r.pos;
  let big = 0n;
  for (let i = 0; i < 10; i++) big = (big << 8n) | BigInt(r.bytes[at + i]!);
  const take = (from: number, bits: number) => Number((big >> BigInt(80 - from - bits)) & ((1n << BigInt(bits)) - 1n));
  const f1 = take(0, 12);
  const f2 = take(12, 12);
  const f3 = take(24, 12);
  const odo = take(36, 20);
  const status = take(56, 24);
  const span = (fromBit: number, bits: number): [number, number] => [at + Math.floor(fromBit / 8), at + Math.ceil((fromBit + bits) / 8)];
  r.node(V3.fuel1, ...span(0, 12), f1);
  r.node(V3.fuel2, ...span(12, 12), f2);
  r.node(V3.fuel3, ...span(24, 12), f3);
  r.node(V3.odometer, ...span(36, 20), odo, `${odo} km`);
  const st = r.node(V3.status, ...span(56, 24), status, `0x${status.toString(16).padStart(6, '0')}`);
  addBits(st, status, [{ id: 'jt600.v3.ignition', label: 'Ignition', bit: 0 }]);
  r.pos = at + 10;
  rec.attrs.fuel1 = f1;
  rec.attrs.fuel2 = f2;
  rec.attrs.fuel3 = f3;
  rec.attrs.odometer = odo * 1000;
  rec.attrs.ignition = (status & 1) === 1;
  rec.attrs.status = status;
}

/** Long-form data after the location block (status bit 5: the device wants an answer). */
function decodeLong(r: FieldReader, rec: Rec): void {
  const odo = r.u32(LONG.odometer);
  if (odo !== undefined) rec.attrs.odometer = odo * 1000;
  const sats = r.u8(LONG.satellites);
  if (sats !== undefined) {
    rec.satellites = sats;
    rec.attrs.sat = sats;
  }
  r.u32(LONG.vehicle_id);
  const bits = r.bits(LONG.status, 2, [
    { id: 'jt600.long.fence_in', label: 'Entered geofence', bit: 1 },
    { id: 'jt600.long.fence_out', label: 'Left geofence', bit: 2 },
    { id: 'jt600.long.power_cut', label: 'Power cut', bit: 3 },
    { id: 'jt600.long.vibration', label: 'Vibration', bit: 4 },
    { id: 'jt600.long.answer', label: 'Server answer wanted', bit: 5 },
    { id: 'jt600.long.locked', label: 'Locked / blocked', bit: 7 },
    { id: 'jt600.long.low_battery', label: 'Low battery', bit: 11 },
    { id: 'jt600.long.fault', label: 'Fault', bit: 14 },
  ]);
  if (bits) {
    const status = r.last!.value as number;
    if (bits['jt600.long.fence_in']) addAlarm(rec, 'geofenceEnter');
    if (bits['jt600.long.fence_out']) addAlarm(rec, 'geofenceExit');
    if (bits['jt600.long.power_cut']) addAlarm(rec, 'powerCut');
    if (bits['jt600.long.vibration']) addAlarm(rec, 'vibration');
    if (bits['jt600.long.low_battery']) addAlarm(rec, 'lowBattery');
    if (bits['jt600.long.fault']) addAlarm(rec, 'fault');
    rec.attrs.blocked = bits['jt600.long.locked'] === 1;
    rec.attrs.status = status;
  }
  const battery = r.u8(LONG.battery, { display: (v) => (v === 0xff ? 'charging (0xff)' : `${v} %`) });
  if (battery === 0xff) rec.attrs.charge = true;
  else if (battery !== undefined) rec.attrs.batteryLevel = battery;
  r.u16(LONG.cid);
  r.u16(LONG.lac);
  const rssi = r.u8(LONG.rssi);
  if (rssi !== undefined) rec.attrs.rssi = rssi;
}

/** Decode a `$` frame into `out`; the tree goes to out.tree. */
export function decodeBinary(frame: Uint8Array, out: DecodedFrame): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  r.u8(F.header, { display: () => '"$"' });
  const idBytes = r.bcd(F.device_id, 5);
  if (idBytes !== undefined) {
    const node = r.last!;
    if (/^\d{10}$/.test(idBytes)) out.deviceId = String(Number(idBytes));
    else {
      out.deviceId = idBytes;
      addIssue(node, issue('jt600.bad_bcd', 'malformed', 'warning', 'terminal id is not BCD'));
    }
  }
  const long = frame.length > 8 && frame[8] === 0;
  const pv = long ? r.u8(F.protocol_version, { display: (v) => `0x${v.toString(16).padStart(2, '0')}` }) : undefined;
  const dt = r.u8(F.data_type, { display: (v) => `0x${v.toString(16).padStart(2, '0')}` });
  let layout = 0;
  if (dt !== undefined) {
    const b = addBits(r.last!, dt, [
      { id: 'jt600.layout', label: 'Record layout', bit: 4, width: 4 },
      { id: 'jt600.type', label: 'Data type', bit: 0, width: 4 },
    ]);
    layout = b['jt600.layout']!;
    out.messageCode = `0x${dt.toString(16).padStart(2, '0')}`;
  }
  const length = r.u16(F.length);
  if (length !== undefined && length + 10 !== frame.length) {
    addIssue(r.last!, issue('jt600.length_mismatch', 'malformed', 'warning', `length field says ${length} (frame of ${length + 10} bytes), frame has ${frame.length}`));
  }
  out.messageType = long ? 'location' : layout >= 1 && layout <= 3 ? 'location' : `data type 0x${(dt ?? 0).toString(16)}`;
  const recs: Rec[] = [];
  const size = long ? LONG_RECORD : SHORT_RECORD;
  // Long form: one record. Short form: as many whole records as fit before the index byte (at
  // least one is tried, so a cut frame keeps what it has).
  const count = r.truncated || r.remaining === 0 ? 0 : long ? 1 : Math.max(1, Math.floor((r.remaining - 1) / size));
  for (let i = 0; i < count && !r.truncated; i++) {
    const rec: Rec = { attrs: {} };
    recs.push(rec);
    const { node } = r.group(F.record, () => {
      decodeLocation(r, rec);
      if (r.truncated) return;
      if (long) decodeLong(r, rec);
      else if (layout === 1) decodeV1(r, rec);
      else if (layout === 2) decodeV2(r, rec);
      else if (layout === 3) decodeV3(r, rec);
      else {
        r.raw(F.extra, Math.min(size - LOCATION_BLOCK, Math.max(0, r.remaining - 1)));
        if (r.last) addIssue(r.last, issue('jt600.unknown_layout', 'protocol', 'warning', `record layout ${layout} is not known; data shown raw`));
      }
    });
    if (count > 1) node.label = `Record ${i + 1} of ${count}`;
  }
  if (!r.truncated) {
    if (long && (pv === 0x17 || pv === 0x19) && r.remaining >= 5) {
      r.u8(F.geofence);
      r.raw(F.reserved, 3);
    }
    if (r.remaining > 1) r.sub(r.remaining - 1).rest(long ? F.extension : F.extra, long ? 'long-form extension data not decoded' : 'bytes after the last whole record');
    if (r.remaining === 1) r.u8(F.index);
  }
  for (const rec of recs) {
    const p = toPosition(rec);
    if (p) out.positions.push(p);
  }
  out.attributes = recs[0]?.attrs ?? {};
}

/** Whether a decoded binary tree asks for an answer, its protocol version and index. */
export function binaryAnswer(tree: FieldNode[]): { pv: number; index: number } | null {
  let pv = 0;
  let index: number | undefined;
  let wanted = false;
  const walk = (nodes: FieldNode[]) => {
    for (const n of nodes) {
      if (n.id === F.protocol_version.id && typeof n.value === 'number') pv = n.value;
      if (n.id === F.index.id && typeof n.value === 'number') index = n.value;
      if (n.id === LONG.status.id && typeof n.value === 'number' && n.value & 0x20) wanted = true;
      if (n.children) walk(n.children);
    }
  };
  walk(tree);
  return wanted && index !== undefined ? { pv, index } : null;
}
