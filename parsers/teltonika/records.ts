/**
 * Teltonika record bodies: AVL records of Codec 8, 8 Extended, 16 and GH3000 (codec 7), and the
 * command/response messages of Codec 12, 13 and 14 (Teltonika "Codec" wiki pages). Every reader
 * works on a FieldReader bounded to the record area, stops at the first truncation and never throws.
 */
import type { FieldDef } from '../core/fields';
import type { FieldNode, FieldValue, Position } from '../core/types';
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { latin1, toHex } from '../core/bytes';
import { kmhToKnots } from '../core/units';
import { BLE, CMD, F, IO, PHOTO, REC } from './fields';
import { GH3000_ELEMENTS, IO_ELEMENTS, VARIABLE_ELEMENTS, ioValue, unsignedOf, type IoDef } from './io';

/** What one record or message yields. */
export interface RecordOut {
  position?: Position;
  attributes: Record<string, FieldValue>;
  /** Codec 12/13/14: the message type byte. */
  type?: number;
}

/** GH3000 times count seconds from 2007-01-01 00:00 UTC. */
const GH3000_EPOCH = 1167609600;

/** ISO time of milliseconds since 1970, or null outside 1970..2200. */
export function isoMillis(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > 7258118400000) return null;
  return new Date(ms).toISOString();
}

/** Bytes at the reader's position without reading them, or undefined when fewer remain. */
function peek(r: FieldReader, len: number): Uint8Array | undefined {
  return r.remaining >= len ? r.bytes.subarray(r.pos, r.pos + len) : undefined;
}

/** A raw node of `len` bytes whose value and display the caller sets; undefined when truncated. */
function take(r: FieldReader, def: FieldDef, len: number): { bytes: Uint8Array; node: FieldNode } | undefined {
  const b = r.raw(def, len);
  if (!b) return undefined;
  return { bytes: b, node: r.last! };
}

/** Big-endian IEEE-754 float32 of 4 bytes. */
function float32(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, false);
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const mask8 = (v: number) => `0x${v.toString(16).padStart(2, '0')}`;

/** Read `count` AVL records of `codec` (0x07, 0x08, 0x8e, 0x10); `ext16` adds the 16-byte IO group. */
export function readAvlRecords(r: FieldReader, codec: number, count: number, ext16: boolean): RecordOut[] {
  const out: RecordOut[] = [];
  for (let i = 0; i < count && !r.truncated && r.remaining > 0; i++) {
    const rec: RecordOut = { attributes: {} };
    r.group({ ...F.record, label: `Record ${i + 1}` }, () => {
      if (codec === 0x07) readGh3000(r, rec);
      else readAvl(r, codec, ext16, rec);
    });
    out.push(rec);
  }
  return out;
}

/** Codec 8 / 8E / 16 record: timestamp, priority, GPS element, IO element. */
function readAvl(r: FieldReader, codec: number, ext16: boolean, rec: RecordOut): void {
  const wideId = codec === 0x8e || codec === 0x10;
  const wideCount = codec === 0x8e;
  const ms = r.u64(REC.time, { display: (v) => isoMillis(v) ?? `invalid (${v})` });
  const timeNode = r.last;
  const priority = r.u8(REC.priority);
  const gps: { lon?: number; lat?: number; alt?: number; angle?: number; sats?: number; speed?: number } = {};
  r.group(REC.gps, () => {
    gps.lon = r.i32(REC.longitude, { display: (v) => `${(v / 1e7).toFixed(7)}°` });
    gps.lat = r.i32(REC.latitude, { display: (v) => `${(v / 1e7).toFixed(7)}°` });
    gps.alt = r.i16(REC.altitude);
    gps.angle = r.u16(REC.angle);
    gps.sats = r.u8(REC.satellites);
    gps.speed = r.u16(REC.speed);
  });
  const event = wideId ? r.u16(REC.event_io) : r.u8(REC.event_io);
  if (codec === 0x10) r.u8(REC.generation);
  if (wideCount) r.u16(REC.io_total);
  else r.u8(REC.io_total);
  if (priority !== undefined) rec.attributes.priority = priority;
  if (gps.sats !== undefined) rec.attributes.sat = gps.sats;
  if (event !== undefined) rec.attributes.event = event;
  for (const size of ext16 ? [1, 2, 4, 8, 16] : [1, 2, 4, 8]) {
    if (r.truncated) break;
    readIoGroup(r, size, wideId, wideCount, IO_ELEMENTS, rec);
  }
  if (codec === 0x8e && !r.truncated) readVariableGroup(r, rec);
  if (ms === undefined || gps.speed === undefined || gps.lat === undefined || gps.lon === undefined) return;
  const time = isoMillis(ms);
  const lat = gps.lat / 1e7;
  const lon = gps.lon / 1e7;
  if (!time) {
    if (timeNode) addIssue(timeNode, issue('teltonika.bad_time', 'protocol', 'warning', `timestamp ${ms} ms is not a plausible date`));
    return;
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    if (timeNode) addIssue(timeNode, issue('teltonika.bad_coordinates', 'protocol', 'warning', `coordinates ${lat}, ${lon} are outside the globe`));
    return;
  }
  rec.position = {
    time,
    valid: gps.sats !== 0,
    lat: round7(lat),
    lon: round7(lon),
    speedKnots: kmhToKnots(gps.speed),
    course: gps.angle,
    altitude: gps.alt,
    satellites: gps.sats,
  };
}

/** GH3000 record: 30-bit time, global mask, masked GPS element, IO groups of 1, 2 and 4 bytes. */
function readGh3000(r: FieldReader, rec: RecordOut): void {
  const t = r.u32(REC.time, { display: (v) => isoMillis(((v & 0x3fffffff) + GH3000_EPOCH) * 1000) ?? `invalid (${v})` });
  const global = r.u8(REC.global_mask, { display: mask8 });
  if (t === undefined || global === undefined) return;
  addBits(r.last!, global, [
    { id: 'teltonika.record.has_gps', label: 'GPS element', bit: 0 },
    { id: 'teltonika.record.has_io1', label: '1-byte IO elements', bit: 1 },
    { id: 'teltonika.record.has_io2', label: '2-byte IO elements', bit: 2 },
    { id: 'teltonika.record.has_io4', label: '4-byte IO elements', bit: 3 },
  ]);
  const time = isoMillis(((t & 0x3fffffff) + GH3000_EPOCH) * 1000);
  const pos: Partial<Position> = {};
  if (global & 1) {
    r.group(REC.gps, () => {
      const mask = r.u8(REC.location_mask, { display: mask8 });
      if (mask === undefined) return;
      addBits(r.last!, mask, [
        { id: 'teltonika.record.has_coordinates', label: 'Coordinates', bit: 0 },
        { id: 'teltonika.record.has_altitude', label: 'Altitude', bit: 1 },
        { id: 'teltonika.record.has_angle', label: 'Angle', bit: 2 },
        { id: 'teltonika.record.has_speed', label: 'Speed', bit: 3 },
        { id: 'teltonika.record.has_satellites', label: 'Satellites', bit: 4 },
        { id: 'teltonika.record.has_cell', label: 'Cell', bit: 5 },
        { id: 'teltonika.record.has_signal', label: 'Signal quality', bit: 6 },
        { id: 'teltonika.record.has_operator', label: 'Operator', bit: 7 },
      ]);
      if (mask & 0x01) {
        const la = take(r, REC.latitude, 4);
        const lo = take(r, REC.longitude, 4);
        if (la && lo) {
          pos.lat = round7(float32(la.bytes));
          pos.lon = round7(float32(lo.bytes));
          la.node.value = pos.lat;
          la.node.display = `${pos.lat}°`;
          lo.node.value = pos.lon;
          lo.node.display = `${pos.lon}°`;
        }
      }
      if (mask & 0x02) pos.altitude = r.u16(REC.altitude);
      if (mask & 0x04) {
        const a = r.u8(REC.angle, { display: (v) => `${(v * 360) / 256}°` });
        if (a !== undefined) pos.course = (a * 360) / 256;
      }
      if (mask & 0x08) {
        const s = r.u8(REC.speed);
        if (s !== undefined) pos.speedKnots = kmhToKnots(s);
      }
      if (mask & 0x10) {
        pos.satellites = r.u8(REC.satellites);
        if (pos.satellites !== undefined) rec.attributes.sat = pos.satellites;
      }
      if (mask & 0x20) {
        r.u16(REC.lac);
        r.u16(REC.cell);
        if (mask & 0x40) r.u8(REC.signal);
        if (mask & 0x80) r.u32(REC.operator);
      } else {
        if (mask & 0x40) {
          const s = r.u8(REC.signal);
          if (s !== undefined) rec.attributes.rssi = s;
        }
        if (mask & 0x80) {
          const o = r.u32(REC.operator);
          if (o !== undefined) rec.attributes.operator = o;
        }
      }
    });
  }
  for (const [bit, size] of [[1, 1], [2, 2], [3, 4]] as const) {
    if (r.truncated) break;
    if (global & (1 << bit)) readIoGroup(r, size, false, false, GH3000_ELEMENTS, rec);
  }
  if (pos.lat === undefined || pos.lon === undefined || r.truncated) return;
  if (!time || !Number.isFinite(pos.lat) || !Number.isFinite(pos.lon) || Math.abs(pos.lat) > 90 || Math.abs(pos.lon) > 180) return;
  rec.position = { time, valid: true, lat: pos.lat, lon: pos.lon, ...pos } as Position;
}

/** One group of IO elements whose values are `size` bytes long. */
function readIoGroup(r: FieldReader, size: number, wideId: boolean, wideCount: boolean, dict: Readonly<Record<number, IoDef>>, rec: RecordOut): void {
  r.group({ ...REC.io_group, label: `${size}-byte IO elements` }, () => {
    const n = wideCount ? r.u16(REC.io_count) : r.u8(REC.io_count);
    for (let i = 0; i < (n ?? 0) && !r.truncated; i++) {
      const idBytes = peek(r, wideId ? 2 : 1);
      if (!idBytes) {
        r.raw(IO.id, wideId ? 2 : 1);
        return;
      }
      const id = unsignedOf(idBytes);
      const known = dict[id];
      const def = known && (!known.size || known.size === size) ? known : undefined;
      r.group({ id: `teltonika.io.${id}`, label: `${def?.label ?? 'IO'} (IO ${id})`, type: 'group' }, () => {
        if (wideId) r.u16(IO.id);
        else r.u8(IO.id);
        const v = take(r, IO.value, size);
        if (!v) return;
        const conv = ioValue(size === 16 ? undefined : def, v.bytes);
        const value = size === 16 ? toHex(v.bytes) : conv.value;
        v.node.value = value ?? toHex(v.bytes);
        v.node.display = size === 16 ? toHex(v.bytes) : conv.display;
        setAttribute(rec, id, def, value, conv.alarm);
      });
    }
  });
}

/** Store one IO value under its common name (or `io<id>`); alarm ids only add to `alarm`. */
function setAttribute(rec: RecordOut, id: number, def: IoDef | undefined, value: FieldValue | undefined, alarm: string | undefined): void {
  if (def?.alarm) {
    if (alarm) rec.attributes.alarm = typeof rec.attributes.alarm === 'string' ? `${rec.attributes.alarm},${alarm}` : alarm;
    return;
  }
  if (value !== undefined) rec.attributes[def?.name ?? `io${id}`] = value;
}

/** Codec 8 Extended variable-length IO elements: count(2), then id(2) length(2) value. */
function readVariableGroup(r: FieldReader, rec: RecordOut): void {
  r.group({ ...REC.io_group, label: 'Variable-length IO elements' }, () => {
    const n = r.u16(REC.io_count);
    for (let i = 0; i < (n ?? 0) && !r.truncated; i++) {
      const idBytes = peek(r, 2);
      if (!idBytes) {
        r.raw(IO.id, 2);
        return;
      }
      const id = unsignedOf(idBytes);
      r.group({ id: `teltonika.io.${id}`, label: `${VARIABLE_ELEMENTS[id] ?? 'IO'} (IO ${id})`, type: 'group' }, () => {
        r.u16(IO.id);
        const len = r.u16(IO.length);
        if (len === undefined) return;
        if ((id === 548 || id === 10829 || id === 10831 || id === 385) && len > 0 && len <= r.remaining) {
          r.group({ ...IO.value, type: 'group' }, () => {
            const s = r.sub(len);
            if (id === 385) readBeacons(s, rec);
            else readTags(s, rec);
            s.rest(F.extra, 'bytes after the last BLE parameter');
          });
          return;
        }
        const v = take(r, IO.value, len);
        if (!v) return;
        let value: string;
        if (id === 256) value = latin1(v.bytes);
        else if (id === 281) value = latin1(v.bytes).replace(/,/g, ' ');
        else value = toHex(v.bytes);
        v.node.value = value;
        v.node.display = id === 256 || id === 281 ? JSON.stringify(value) : value;
        rec.attributes[id === 256 ? 'vin' : id === 281 ? 'dtcs' : `io${id}`] = value;
      });
    }
  });
}

/** BLE tag list (IO 548/10829/10831): header, then per tag length(1) + parameters id(1) len(1) value. */
function readTags(r: FieldReader, rec: RecordOut): void {
  r.u8(BLE.header);
  for (let i = 1; r.remaining > 0 && !r.truncated; i++) {
    const len = peek(r, 1)![0]!;
    r.group({ ...BLE.tag, label: `Tag ${i}` }, () => {
      r.u8(BLE.tag_length);
      const t = r.sub(len);
      while (t.remaining > 0 && !t.truncated) {
        const pid = t.u8(BLE.param_id);
        const plen = t.u8(BLE.param_length);
        if (pid === undefined || plen === undefined) break;
        const v = take(t, BLE.param_value, plen);
        if (!v) break;
        const b = v.bytes;
        const set = (key: string, value: FieldValue, display?: string) => {
          rec.attributes[`tag${i}${key}`] = value;
          v.node.value = value;
          v.node.display = display ?? String(value);
        };
        if (pid === 0 && plen >= 1) set('Rssi', (b[0]! << 24) >> 24, `${(b[0]! << 24) >> 24} dBm`);
        else if (pid === 1) set('Id', toHex(b));
        else if (pid === 2 && plen >= 1) {
          const flag = b[0]!;
          if (flag & 0x40) rec.attributes[`tag${i}LowBattery`] = true;
          if (flag & 0x80 && plen >= 2) set('Voltage', b[1]! * 10 + 2000, `${b[1]! * 10 + 2000} mV`);
        } else if (pid === 13 && plen >= 1) set('LowBattery', b[0]!);
        else if (pid === 14 && plen >= 2) set('Battery', (b[0]! << 8) | b[1]!, `${(b[0]! << 8) | b[1]!} mV`);
      }
    });
  }
}

/** Beacon list (IO 385): data part, then per beacon flags, iBeacon or Eddystone ids, RSSI, options. */
function readBeacons(r: FieldReader, rec: RecordOut): void {
  r.u8(BLE.header);
  for (let i = 1; r.remaining > 0 && !r.truncated; i++) {
    r.group({ ...BLE.beacon, label: `Beacon ${i}` }, () => {
      const flags = r.u8(BLE.flags);
      if (flags === undefined) return;
      const key = (k: string) => `beacon${i}${k}`;
      if (flags >> 4) {
        const u = r.raw(BLE.uuid, 16);
        const major = r.u16(BLE.major);
        const minor = r.u16(BLE.minor);
        if (u) rec.attributes[key('Uuid')] = toHex(u);
        if (major !== undefined) rec.attributes[key('Major')] = major;
        if (minor !== undefined) rec.attributes[key('Minor')] = minor;
      } else {
        const ns = r.raw(BLE.namespace, 10);
        const inst = r.raw(BLE.instance, 6);
        if (ns) rec.attributes[key('Namespace')] = toHex(ns);
        if (inst) rec.attributes[key('Instance')] = toHex(inst);
      }
      const rssi = r.i8(BLE.rssi);
      if (rssi !== undefined) rec.attributes[key('Rssi')] = rssi;
      if (flags & 0x02) {
        const b = r.u16(BLE.battery, { display: (v) => `${v / 100} V` });
        if (b !== undefined) rec.attributes[key('Battery')] = b / 100;
      }
      if (flags & 0x04) {
        const t = r.u16(BLE.temperature);
        if (t !== undefined) rec.attributes[key('Temp')] = t;
      }
    });
  }
}

/** Traccar's notion of a printable payload: no control bytes other than CR/LF, no bytes ≥ 0x80. */
function printable(b: Uint8Array): boolean {
  for (const x of b) if ((x < 0x20 && x !== 0x0d && x !== 0x0a) || x >= 0x80) return false;
  return true;
}

/** Java's String.trim: drop characters ≤ U+0020 at both ends. */
const javaTrim = (s: string) => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');

/** Read `count` Codec 12/13/14 messages: type(1), size(4), [timestamp(4) | IMEI(8)], payload. */
export function readMessages(r: FieldReader, codec: number, count: number): RecordOut[] {
  const out: RecordOut[] = [];
  for (let i = 0; i < count && !r.truncated && r.remaining > 0; i++) {
    const rec: RecordOut = { attributes: {} };
    r.group({ ...CMD.message, label: `Message ${i + 1}` }, () => {
      const type = r.u8(CMD.type);
      const size = r.u32(CMD.size);
      if (type === undefined || size === undefined) return;
      rec.type = type;
      if (size > r.remaining) addIssue(r.last!, issue('teltonika.size_mismatch', 'malformed', 'error', `message size ${size} exceeds the ${r.remaining} byte(s) left`));
      if (codec === 0x0c && type === 0x0d) return void readCamera(r, size);
      let len = size;
      if (codec === 0x0d) {
        r.u32(CMD.timestamp, { display: (v) => isoMillis(v * 1000) ?? `invalid (${v})` });
        len -= 4;
      } else if (codec === 0x0e) {
        const imei = r.bcd(CMD.imei, 8);
        if (imei !== undefined) rec.attributes.imei = imei.replace(/^0/, '');
        len -= 8;
      } else {
        rec.attributes.type = type;
      }
      if (len <= 0 || r.truncated) return;
      const payload = peek(r, len);
      // A command (type 5) of Codec 12/14 goes to the device; everything else answers one.
      const key = type === 0x05 && codec !== 0x0d ? 'command' : 'result';
      if (payload && printable(payload)) {
        const text = javaTrim(r.ascii(CMD.text, len)!);
        if (key === 'command') rec.attributes.command = text;
        else setText(rec, codec, text);
      } else {
        const b = r.raw(CMD.data, len);
        if (b) rec.attributes[key] = toHex(b);
      }
    });
    out.push(rec);
  }
  return out;
}

/** Attributes of a text payload: axle weights, a driver card read (GTSL), or the result text. */
function setText(rec: RecordOut, codec: number, text: string): void {
  if (codec === 0x0c && text.startsWith('UUUUww') && text.endsWith('SSS')) {
    const values = text.substring(6, text.length - 4).split(';').map(Number);
    if (values.length >= 12 && values.slice(0, 12).every(Number.isFinite)) {
      for (let i = 0; i < 8; i++) rec.attributes[`axle${i + 1}`] = values[i]!;
      rec.attributes.loadTruck = values[8]!;
      rec.attributes.loadTrailer = values[9]!;
      rec.attributes.totalTruck = values[10]!;
      rec.attributes.totalTrailer = values[11]!;
      return;
    }
  }
  if (codec === 0x0d && text.startsWith('GTSL')) {
    const id = text.split('|')[4];
    if (id !== undefined) {
      rec.attributes.driverUniqueId = id;
      return;
    }
  }
  rec.attributes.result = text;
}

/** Camera transfer (Codec 12 type 0x0d): subtype 1 announces a photo, 2 carries a chunk of it. */
function readCamera(r: FieldReader, size: number): void {
  const s = r.sub(size);
  const sub = s.u8(PHOTO.subtype);
  if (sub === 1) {
    s.u32(PHOTO.id);
    s.u32(PHOTO.size);
  } else if (sub === 2) {
    s.u32(PHOTO.id);
    s.u32(PHOTO.offset);
    const n = s.u16(PHOTO.chunk_size);
    if (n !== undefined) s.raw(PHOTO.data, n);
  }
  s.rest(F.extra, 'camera message bytes not decoded');
}
