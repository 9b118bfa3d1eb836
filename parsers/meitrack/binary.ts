/**
 * Meitrack binary contents: CCC (fixed 52-byte packets, protocol version 0x0102) and CCE
 * (packets of parameter lists). Spec: MEITRACK GPRS Protocol, "CCC" and "CCE compression format"
 * sections (T622/T366/P88L editions); all multi-byte values little-endian.
 */
import type { DecodedFrame, FieldValue, Position } from '../core/types';
import { type FieldReader, addIssue, issue } from '../core/reader';
import { subField } from '../core/fields';
import { printable } from '../core/bytes';
import { kmhToKnots, round, validLatLon } from '../core/units';
import { ALARMS, CCC, CCE, CCEV, EVENTS } from './fields';

/** Seconds between 1970-01-01 and 2000-01-01, the epoch of Meitrack binary times. */
const EPOCH_2000 = 946684800;

/** What a fixed-size parameter means: a position field, an attribute, or both. */
type Role = 'event' | 'fix' | 'sat' | 'rssi' | 'speed' | 'course' | 'altitude' | 'lat' | 'lon' | 'time' | 'lock' | 'text';

interface ParamDef {
  /** Node id suffix: `meitrack.cce.<key>`. */
  key: string;
  label: string;
  unit?: string;
  /** Attribute name in DecodedFrame.attributes. */
  attr?: string;
  /** Multiplier applied to the raw value for the attribute. */
  scale?: number;
  signed?: boolean;
  role?: Role;
}

/** Parameters with 1-byte values. */
const P1: Readonly<Record<number, ParamDef>> = {
  0x01: { key: 'event', label: 'Event code', attr: 'event', role: 'event' },
  0x05: { key: 'fix', label: 'Positioning status', role: 'fix' },
  0x06: { key: 'satellites', label: 'Number of satellites', attr: 'sat', role: 'sat' },
  0x07: { key: 'gsm_signal', label: 'GSM signal strength', attr: 'rssi', role: 'rssi' },
  0x14: { key: 'output', label: 'Output port status', attr: 'output' },
  0x15: { key: 'input', label: 'Input port status', attr: 'input' },
  0x47: { key: 'lock', label: 'Lock state', role: 'lock' },
  0x97: { key: 'throttle', label: 'Throttle', unit: '%', attr: 'throttle' },
  0x9d: { key: 'fuel', label: 'Fuel level', unit: '%', attr: 'fuel' },
  0xfe69: { key: 'battery_level', label: 'Battery level', unit: '%', attr: 'batteryLevel' },
};

/** Parameters with 2-byte values. */
const P2: Readonly<Record<number, ParamDef>> = {
  0x08: { key: 'speed', label: 'Speed', unit: 'km/h', role: 'speed' },
  0x09: { key: 'course', label: 'Direction', unit: '°', role: 'course' },
  0x0a: { key: 'hdop', label: 'HDOP', attr: 'hdop', scale: 0.1 },
  0x0b: { key: 'altitude', label: 'Altitude', unit: 'm', signed: true, role: 'altitude' },
  0x16: { key: 'adc1', label: 'AD1', unit: 'V', attr: 'adc1', scale: 0.01 },
  0x17: { key: 'adc2', label: 'AD2', unit: 'V', attr: 'adc2', scale: 0.01 },
  0x18: { key: 'adc3', label: 'AD3', unit: 'V', attr: 'adc3', scale: 0.01 },
  0x19: { key: 'battery', label: 'Backup battery voltage', unit: 'V', attr: 'battery', scale: 0.01 },
  0x1a: { key: 'power', label: 'External power voltage', unit: 'V', attr: 'power', scale: 0.01 },
  0x29: { key: 'fuel_percent', label: 'Fuel percentage', unit: '%', attr: 'fuel', scale: 0.01 },
  0x40: { key: 'event', label: 'Event code', attr: 'event', role: 'event' },
  0x91: { key: 'obd_speed', label: 'OBD speed', unit: 'km/h', attr: 'obdSpeed' },
  0x92: { key: 'obd_speed', label: 'OBD speed', unit: 'km/h', attr: 'obdSpeed' },
  0x98: { key: 'fuel_used', label: 'Fuel used', attr: 'fuelUsed' },
  0x99: { key: 'rpm', label: 'Engine speed', unit: 'rpm', attr: 'rpm' },
  0x9c: { key: 'coolant_temp', label: 'Coolant temperature', unit: '°C', attr: 'coolantTemp' },
  0x9f: { key: 'temp1', label: 'Temperature 1', unit: '°C', attr: 'temp1' },
  0xc9: { key: 'fuel_consumption', label: 'Fuel consumption', attr: 'fuelConsumption' },
};

/** Parameters with 4-byte values. */
const P4: Readonly<Record<number, ParamDef>> = {
  0x02: { key: 'latitude', label: 'Latitude', unit: '°', signed: true, role: 'lat' },
  0x03: { key: 'longitude', label: 'Longitude', unit: '°', signed: true, role: 'lon' },
  0x04: { key: 'time', label: 'Date and time', role: 'time' },
  0x0c: { key: 'mileage', label: 'Mileage', unit: 'm', attr: 'odometer' },
  0x0d: { key: 'runtime', label: 'Run time', unit: 's', attr: 'runtime' },
  0x25: { key: 'driver_id', label: 'Driver id', attr: 'driverUniqueId', role: 'text' },
  0x9b: { key: 'obd_odometer', label: 'OBD odometer', attr: 'obdOdometer' },
  0xa0: { key: 'fuel_used_total', label: 'Total fuel used', unit: 'l', attr: 'fuelUsed', scale: 0.001 },
  0xa2: { key: 'fuel_consumption_total', label: 'Fuel consumption', attr: 'fuelConsumption', scale: 0.01 },
  0xfef4: { key: 'engine_hours', label: 'Engine hours', unit: 'min', attr: 'hours', scale: 60000 },
};

/** Variable-length parameters: how the value is laid out. */
type VarKind = 'cell' | 'wifi' | 'temp' | 'driver' | 'network' | 'cameras' | 'alarm_file' | 'ble_tag' | 'batteries' | 'magnetic';

const PN: Readonly<Record<number, { key: string; label: string; kind: VarKind }>> = {
  0x0e: { key: 'cell_info', label: 'Base station 1', kind: 'cell' },
  0x0f: { key: 'cell_info', label: 'Base station 2', kind: 'cell' },
  0x10: { key: 'cell_info', label: 'Base station 3', kind: 'cell' },
  0x12: { key: 'cell_info', label: 'Base station 4', kind: 'cell' },
  0x13: { key: 'cell_info', label: 'Base station 5', kind: 'cell' },
  0x1d: { key: 'wifi', label: 'Wi-Fi hotspot 1', kind: 'wifi' },
  0x1e: { key: 'wifi', label: 'Wi-Fi hotspot 2', kind: 'wifi' },
  0x1f: { key: 'wifi', label: 'Wi-Fi hotspot 3', kind: 'wifi' },
  0x20: { key: 'wifi', label: 'Wi-Fi hotspot 4', kind: 'wifi' },
  0x21: { key: 'wifi', label: 'Wi-Fi hotspot 5', kind: 'wifi' },
  0x22: { key: 'wifi', label: 'Wi-Fi hotspot 6', kind: 'wifi' },
  0x23: { key: 'wifi', label: 'Wi-Fi hotspot 7', kind: 'wifi' },
  0x24: { key: 'wifi', label: 'Wi-Fi hotspot 8', kind: 'wifi' },
  0x25: { key: 'wifi', label: 'Wi-Fi hotspot 9', kind: 'wifi' },
  0x2a: { key: 'temperature', label: 'Temperature sensor 0', kind: 'temp' },
  0x2b: { key: 'temperature', label: 'Temperature sensor 1', kind: 'temp' },
  0x2c: { key: 'temperature', label: 'Temperature sensor 2', kind: 'temp' },
  0x2d: { key: 'temperature', label: 'Temperature sensor 3', kind: 'temp' },
  0x2e: { key: 'temperature', label: 'Temperature sensor 4', kind: 'temp' },
  0x2f: { key: 'temperature', label: 'Temperature sensor 5', kind: 'temp' },
  0x30: { key: 'temperature', label: 'Temperature sensor 6', kind: 'temp' },
  0x31: { key: 'temperature', label: 'Temperature sensor 7', kind: 'temp' },
  0x39: { key: 'driver_card', label: 'Driver id (magnetic card)', kind: 'driver' },
  0x49: { key: 'cameras', label: 'Camera status', kind: 'cameras' },
  0x4b: { key: 'network', label: 'Network information', kind: 'network' },
  0xfe2b: { key: 'magnetic', label: 'Magnetic sensor', kind: 'magnetic' },
  0xfe31: { key: 'alarm_file', label: 'Alarm and attached file', kind: 'alarm_file' },
  0xfe73: { key: 'ble_tag', label: 'BLE temperature/humidity tag', kind: 'ble_tag' },
  0xfea8: { key: 'batteries', label: 'Battery levels', kind: 'batteries' },
  0xfeed: { key: 'magnetic', label: 'Magnetic sensor (v2)', kind: 'magnetic' },
};

/** One decoded packet: its fix fields and attributes. */
interface Record_ {
  lat?: number;
  lon?: number;
  time?: string | null;
  valid: boolean;
  speedKnots?: number;
  course?: number;
  altitude?: number;
  satellites?: number;
  attributes: Record<string, FieldValue>;
}

const newRecord = (): Record_ => ({ valid: false, attributes: {} });

/** Position of a packet that carries latitude, longitude and time; null otherwise. */
function positionOf(rec: Record_): Position | null {
  if (rec.lat === undefined || rec.lon === undefined || !rec.time || !validLatLon(rec.lat, rec.lon)) return null;
  const p: Position = { time: rec.time, valid: rec.valid, lat: rec.lat, lon: rec.lon };
  if (rec.speedKnots !== undefined) p.speedKnots = rec.speedKnots;
  if (rec.course !== undefined) p.course = rec.course;
  if (rec.altitude !== undefined) p.altitude = rec.altitude;
  if (rec.satellites !== undefined) p.satellites = rec.satellites;
  return p;
}

/** ISO time of a count of seconds since 2000-01-01 UTC. */
function time2000(seconds: number): string {
  return new Date((EPOCH_2000 + seconds) * 1000).toISOString();
}

/** Record the event code and the alarm it stands for. */
function setEvent(rec: Record_, event: number): void {
  rec.attributes.event = event;
  const alarm = ALARMS[event];
  if (alarm) rec.attributes.alarm = alarm;
}

const hex = (v: number, digits = 2) => v.toString(16).padStart(digits, '0');
const macText = (b: Uint8Array) => Array.from(b, (x) => hex(x)).join(':');

/**
 * CCC content: version(2) packet length(2) remaining cache(4), then whole packets of
 * `packet length` bytes; version 0x0102 packets (52 bytes) are decoded field by field.
 */
export function decodeCcc(r: FieldReader, out: DecodedFrame): void {
  r.group(CCC.body, () => {
    const version = r.u16le(CCC.version, { display: (v) => `0x${hex(v, 4)}` });
    const plen = r.u16le(CCC.packet_length);
    const remaining = r.u32le(CCC.remaining);
    if (version === undefined || plen === undefined || remaining === undefined) return;
    out.attributes.cacheRemaining = remaining;
    if (plen === 0) {
      addIssue(r.last ?? r.tree[0]!, issue('meitrack.bad_packet_length', 'malformed', 'error', 'CCC packet length is 0'));
      r.rest(CCC.extra, 'CCC packets of length 0 cannot be cut');
      return;
    }
    let count = 0;
    while (r.remaining >= plen) {
      const sub = r.sub(plen);
      const rec = newRecord();
      sub.group(CCC.record, () => {
        if (version === 0x0102 && plen >= 52) decodeCccPacket(sub, rec);
        else sub.raw(CCC.packet, plen);
        sub.rest(CCC.extra, 'bytes of the packet after the known fields');
      });
      const p = positionOf(rec);
      if (p) out.positions.push(p);
      if (count === 0) Object.assign(out.attributes, rec.attributes);
      count++;
    }
    out.attributes.packets = count;
    const tail = r.rest(CCC.extra, 'bytes after the last whole CCC packet');
    if (tail) addIssue(tail, issue('meitrack.partial_packet', 'malformed', 'warning', `${tail.end - tail.start} byte(s) after the last whole ${plen}-byte packet`));
  });
}

/** One 52-byte CCC packet of protocol version 0x0102. */
function decodeCccPacket(r: FieldReader, rec: Record_): void {
  const event = r.u8(CCC.event);
  const lat = r.i32le(CCC.latitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
  const lon = r.i32le(CCC.longitude, { display: (v) => `${(v / 1e6).toFixed(6)}°` });
  const t = r.u32le(CCC.time, { display: (v) => time2000(v) });
  const fix = r.u8(CCC.fix);
  const sats = r.u8(CCC.satellites);
  const rssi = r.u8(CCC.gsm_signal);
  const speed = r.u16le(CCC.speed);
  const course = r.u16le(CCC.course);
  const hdop = r.u16le(CCC.hdop, { display: (v) => (v / 10).toFixed(1) });
  const alt = r.i16le(CCC.altitude);
  const mileage = r.u32le(CCC.mileage);
  const runtime = r.u32le(CCC.runtime);
  r.u16le(CCC.mcc);
  r.u16le(CCC.mnc);
  r.u16le(CCC.lac);
  r.u16le(CCC.cell);
  const io = r.u16le(CCC.io, { display: (v) => `0x${hex(v, 4)}` });
  const adc1 = r.u16le(CCC.adc1);
  const battery = r.u16le(CCC.battery, { display: (v) => `${(v / 100).toFixed(2)} V` });
  const power = r.u16le(CCC.power, { display: (v) => `${(v / 100).toFixed(2)} V` });
  r.u32le(CCC.geofence);
  if (event !== undefined) setEvent(rec, event);
  if (lat !== undefined) rec.lat = round(lat / 1e6);
  if (lon !== undefined) rec.lon = round(lon / 1e6);
  if (t !== undefined) rec.time = time2000(t);
  rec.valid = fix === 1;
  if (sats !== undefined) {
    rec.satellites = sats;
    rec.attributes.sat = sats;
  }
  if (rssi !== undefined) rec.attributes.rssi = rssi;
  if (speed !== undefined) rec.speedKnots = round(kmhToKnots(speed));
  if (course !== undefined) rec.course = course;
  if (hdop !== undefined) rec.attributes.hdop = round(hdop * 0.1, 2);
  if (alt !== undefined) rec.altitude = alt;
  if (mileage !== undefined) rec.attributes.odometer = mileage;
  if (runtime !== undefined) rec.attributes.runtime = runtime;
  if (io !== undefined) rec.attributes.status = io;
  if (adc1 !== undefined) rec.attributes.adc1 = adc1;
  if (battery !== undefined) rec.attributes.battery = round(battery * 0.01, 2);
  if (power !== undefined) rec.attributes.power = round(power * 0.01, 2);
}

/**
 * CCE content: remaining cache(4) packet count(2), then per packet: length(2, bytes after it),
 * total number of IDs(2), and four parameter lists (1-, 2-, 4-byte and length-prefixed values),
 * each a count(1) then entries of ID (1 byte, or 2 when the first is 0xFE) and value.
 */
export function decodeCce(r: FieldReader, out: DecodedFrame): void {
  r.group(CCE.body, () => {
    const remaining = r.u32le(CCE.remaining);
    const count = r.u16le(CCE.packet_count);
    if (remaining === undefined || count === undefined) return;
    out.attributes.cacheRemaining = remaining;
    const countNode = r.last!;
    let decoded = 0;
    for (let i = 0; i < count && r.remaining > 0 && !r.truncated; i++) {
      const rec = newRecord();
      r.group(CCE.record, () => {
        const len = r.u16le(CCE.record_length);
        if (len === undefined) return;
        const lenNode = r.last!;
        if (len > r.remaining) addIssue(lenNode, issue('meitrack.packet_truncated', 'malformed', 'error', `packet length ${len}, only ${r.remaining} byte(s) left`));
        const p = r.sub(len);
        decodeCcePacket(p, rec);
      });
      const pos = positionOf(rec);
      if (pos) out.positions.push(pos);
      if (i === 0) Object.assign(out.attributes, rec.attributes);
      decoded++;
    }
    if (decoded < count) addIssue(countNode, issue('meitrack.packet_count', 'malformed', 'warning', `${count} packets announced, ${decoded} present`));
    out.attributes.packets = decoded;
    const tail = r.rest(CCE.extra, 'bytes after the announced CCE packets');
    if (tail) addIssue(tail, issue('meitrack.extra_bytes', 'malformed', 'warning', `${tail.end - tail.start} byte(s) after the last packet`));
  });
}

/** The body of one CCE packet (after its length field). */
function decodeCcePacket(r: FieldReader, rec: Record_): void {
  const ids = r.u16le(CCE.id_count);
  const idNode = r.last;
  let seen = 0;
  const lists: Array<[typeof CCE.params1, 1 | 2 | 4 | 0]> = [[CCE.params1, 1], [CCE.params2, 2], [CCE.params4, 4], [CCE.paramsN, 0]];
  for (const [def, size] of lists) {
    if (r.remaining === 0 || r.truncated) break;
    r.group(def, () => {
      const n = r.u8(CCE.count);
      if (n === undefined) return;
      for (let j = 0; j < n && !r.truncated; j++) {
        if (r.remaining === 0) {
          addIssue(r.last!, issue('meitrack.params_truncated', 'malformed', 'error', `${n} IDs announced, the packet ends after ${j}`));
          return;
        }
        r.group(CCE.param, () => decodeParam(r, size, rec));
        seen++;
      }
    });
  }
  if (ids !== undefined && idNode && seen !== ids && !r.truncated) {
    addIssue(idNode, issue('meitrack.id_count', 'protocol', 'warning', `total number of IDs says ${ids}, the lists hold ${seen}`));
  }
  r.rest(CCE.extra, 'packet bytes after the parameter lists');
}

/** One parameter: its ID, then a value of `size` bytes (0: a length byte, then the value). */
function decodeParam(r: FieldReader, size: 1 | 2 | 4 | 0, rec: Record_): void {
  const group = r.last!;
  const ext = r.bytes[r.pos] === 0xfe;
  const id = ext ? r.u16(CCE.param_id, { display: (v) => `0x${hex(v, 4)}` }) : r.u8(CCE.param_id, { display: (v) => `0x${hex(v)}` });
  if (id === undefined) return;
  if (size === 0) {
    const len = r.u8(CCE.param_length);
    if (len === undefined) return;
    const d = PN[id];
    group.label = `${d?.label ?? 'Parameter'} (ID 0x${hex(id, ext ? 4 : 2)})`;
    const v = r.sub(len);
    if (len > v.remaining) {
      v.rest(CCE.value, 'value cut short by the end of the packet');
      addIssue(v.last ?? group, issue('meitrack.value_truncated', 'malformed', 'error', `value of ${len} bytes runs past the packet`));
      return;
    }
    if (d) decodeVar(v, d.kind, d.key, id, rec);
    if (v.remaining > 0) {
      v.raw(d ? subField('meitrack.cce', d.key, { label: d.label, type: 'bytes' }) : CCE.value, v.remaining);
      if (!d) addIssue(v.last!, issue('meitrack.unknown_param', 'undecoded', 'info', `parameter 0x${hex(id, ext ? 4 : 2)} is not known; value shown raw`));
    }
    return;
  }
  const table = size === 1 ? P1 : size === 2 ? P2 : P4;
  const d = table[id];
  group.label = `${d?.label ?? 'Parameter'} (ID 0x${hex(id, ext ? 4 : 2)})`;
  const def = d ? subField('meitrack.cce', d.key, { label: d.label, type: size === 1 ? 'u8' : size === 2 ? 'u16' : 'u32', unit: d.unit }) : CCE.value;
  const read = size === 1 ? r.u8.bind(r) : size === 2 ? (d?.signed ? r.i16le.bind(r) : r.u16le.bind(r)) : d?.signed ? r.i32le.bind(r) : r.u32le.bind(r);
  const v = read(def, { display: (x: number) => displayParam(d, x) });
  if (v === undefined || !d) return;
  applyParam(d, v, rec);
}

/** Display of a fixed-size parameter value with its scale and unit. */
function displayParam(d: ParamDef | undefined, v: number): string {
  if (!d) return `${v}`;
  switch (d.role) {
    case 'lat':
    case 'lon':
      return `${(v / 1e6).toFixed(6)}°`;
    case 'time':
      return time2000(v);
    case 'event':
      return `${v} (${EVENTS[v] ?? 'unknown'})`;
    case 'fix':
      return v > 0 ? 'valid' : 'invalid';
  }
  const value = d.scale ? round(v * d.scale, 3) : v;
  return d.unit ? `${value} ${d.unit}` : `${value}`;
}

/** Put a fixed-size parameter into the packet's fix or attributes. */
function applyParam(d: ParamDef, v: number, rec: Record_): void {
  switch (d.role) {
    case 'event':
      return setEvent(rec, v);
    case 'fix':
      rec.valid = v > 0;
      return;
    case 'sat':
      rec.satellites = v;
      rec.attributes.sat = v;
      return;
    case 'rssi':
      rec.attributes.rssi = v;
      return;
    case 'speed':
      rec.speedKnots = round(kmhToKnots(v));
      return;
    case 'course':
      rec.course = v;
      return;
    case 'altitude':
      rec.altitude = v;
      return;
    case 'lat':
      rec.lat = round(v / 1e6);
      return;
    case 'lon':
      rec.lon = round(v / 1e6);
      return;
    case 'time':
      rec.time = time2000(v);
      return;
    case 'lock':
      if (v > 0) rec.attributes.lock = v === 2;
      return;
    case 'text':
      if (d.attr) rec.attributes[d.attr] = String(v);
      return;
  }
  if (d.attr) rec.attributes[d.attr] = d.scale ? round(v * d.scale, 3) : v;
}

/** A variable-length parameter value laid out by `kind`; bytes it does not use stay for the caller. */
function decodeVar(r: FieldReader, kind: VarKind, key: string, id: number, rec: Record_): void {
  switch (kind) {
    case 'cell':
      if (r.remaining < 12) return;
      r.u16le(CCEV.mcc);
      r.u16le(CCEV.mnc);
      r.u16le(CCEV.lac);
      r.u32le(CCEV.cell);
      r.i16le(CCEV.cell_rssi);
      return;
    case 'wifi': {
      if (r.remaining < 8) return;
      const mac = r.raw(CCEV.wifi_mac, 6);
      if (mac && r.last?.display) r.last.display = macText(mac);
      r.i16le(CCEV.wifi_rssi);
      return;
    }
    case 'temp': {
      if (r.remaining < 3) return;
      r.u8(CCEV.temp_label);
      const t = r.i16le(CCEV.temp_value, { display: (v) => `${(v / 100).toFixed(2)} °C` });
      if (t !== undefined) rec.attributes[`temp${id - 0x2a}`] = round(t * 0.01, 2);
      return;
    }
    case 'driver': {
      const text = r.ascii(CCEV.driver, r.remaining);
      const value = text?.trim().replace(/[ \r|]/g, '');
      if (value && rec.attributes.event === 37) rec.attributes.driverUniqueId = value;
      return;
    }
    case 'network': {
      const b = r.raw(subField('meitrack.cce', key, { label: 'Network information', type: 'bytes' }), r.remaining);
      if (b && r.last?.display) r.last.display = `${r.last.display} "${printable(b)}"`;
      return;
    }
    case 'magnetic':
      r.raw(subField('meitrack.cce', key, { label: 'Magnetic sensor data', type: 'bytes' }), r.remaining);
      return;
    case 'cameras':
      r.raw(subField('meitrack.cce', key, { label: 'Camera status', type: 'bytes' }), r.remaining);
      return;
    case 'alarm_file': {
      if (r.remaining < 2) return;
      const proto = r.u8(CCEV.alarm_protocol);
      const type = r.u8(CCEV.alarm_type);
      if (type !== undefined) rec.attributes.alarmType = type;
      if (proto === 0x02 && r.remaining > 1) {
        const file = r.ascii(CCEV.file, r.remaining);
        if (file) {
          const m = /^(\d{4})(\d{2})(\d{2})/.exec(file);
          rec.attributes.image = m ? `${m[1]}-${m[2]}-${m[3]}/${file}` : file;
        }
      }
      return;
    }
    case 'ble_tag': {
      if (r.remaining < 2) return;
      r.u8(CCEV.tag_version);
      const n = r.u8(CCEV.tag_name_length);
      if (n === undefined || n + 13 > r.remaining) return;
      const name = r.ascii(CCEV.tag_name, n);
      if (name !== undefined) rec.attributes.tagName = name;
      const mac = r.raw(CCEV.tag_mac, 6);
      if (mac && r.last?.display) r.last.display = macText(mac);
      const battery = r.u8(CCEV.tag_battery);
      const temp = r.i16le(CCEV.tag_temp, { display: (v) => `${v / 256} °C` });
      const hum = r.i16le(CCEV.tag_humidity, { display: (v) => `${v / 256} %` });
      if (battery !== undefined) rec.attributes.tagBattery = battery;
      if (temp !== undefined) rec.attributes.tagTemp = temp / 256;
      if (hum !== undefined) rec.attributes.tagHumidity = hum / 256;
      if (r.remaining >= 8) r.raw(CCEV.tag_thresholds, 8);
      return;
    }
    case 'batteries': {
      if (r.remaining < 7) return;
      for (let k = 1; k <= 3; k++) {
        const status = r.u8(CCEV.battery_status);
        const level = r.u8(CCEV.battery_level);
        if (status !== undefined && status > 0 && level !== undefined) rec.attributes[k === 1 ? 'batteryLevel' : `battery${k}Level`] = level;
      }
      r.u8(CCEV.battery_alert);
      return;
    }
  }
}
