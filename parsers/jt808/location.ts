/**
 * Location bodies: the JT/T 808 location report (§8.18, tables 23–27) shared by 0x0200, 0x0201,
 * 0x0704 and 0x0210, and the Jointech JT701 record of 0x5501/0x5502 (JT600 binary layout).
 */
import type { FieldValue, Position } from '../core/types';
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { isoTime, kmhToKnots, pairs, round, validLatLon } from '../core/units';
import { bcdDigits } from '../core/bytes';
import { ALARM_BITS, JT701, LOC, STATUS_BITS } from './fields';
import { addAlarm, decodeItems, type Sink } from './items';

/** JT/T 808 times are Beijing time (GMT+8). */
export const GMT8 = 480;

const hex8 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

/** Alarm names for the alarm flag bits, as the corpus (Traccar) names them; bits in that order. */
const ALARM_NAMES: ReadonlyArray<[number[], string]> = [
  [[0], 'sos'],
  [[1], 'overspeed'],
  [[2], 'fatigueDriving'],
  [[5, 6], 'gpsAntennaCut'],
  [[4, 9, 10, 11], 'fault'],
  [[7, 18], 'lowBattery'],
  [[8], 'powerOff'],
  [[15], 'vibration'],
  [[16, 17], 'tampering'],
  [[19], 'parking'],
  [[20], 'geofence'],
  [[26], 'general'],
  [[28], 'movement'],
  [[29, 30], 'accident'],
];

const bit = (v: number, b: number) => Math.floor(v / 2 ** b) % 2 === 1;

/**
 * Read a BCD `yymmddhhmmss` time node and give it its ISO value (zone `offset` minutes east);
 * flags an impossible date. Returns the ISO time or null.
 */
export function readBcdTime(r: FieldReader, def: Parameters<FieldReader['bcd']>[0], offset: number, order: 'ymd' | 'dmy' = 'ymd'): string | null | undefined {
  const digits = r.bcd(def, 6);
  if (digits === undefined) return undefined;
  const node = r.last!;
  const p = pairs(digits);
  const [a, b, c, hh, mi, ss] = p ?? [];
  const iso = p ? (order === 'ymd' ? isoTime(a!, b!, c!, hh!, mi!, ss!, offset) : isoTime(c!, b!, a!, hh!, mi!, ss!, offset)) : null;
  if (iso) {
    node.value = iso;
    node.display = `${iso.replace('T', ' ').replace('.000Z', ' UTC')} (${digits}${offset ? ' GMT+8' : ''})`;
  } else {
    node.display = `invalid time ${digits}`;
    addIssue(node, issue('jt808.bad_time', 'protocol', 'warning', `time ${digits} is not a valid ${order === 'ymd' ? 'yymmddhhmmss' : 'ddmmyyhhmmss'}`));
  }
  return iso;
}

/**
 * One location report body (alarm, status, coordinates, altitude, speed, course, time, items) read
 * to the end of `r`; attributes go into `s`. Returns the position the record carries, if any.
 */
export function decodeLocation(r: FieldReader, s: Sink): Position | undefined {
  const alarm = r.u32(LOC.alarm, { display: hex8 });
  if (alarm !== undefined) {
    addBits(r.last!, alarm, ALARM_BITS);
    for (const [bits, name] of ALARM_NAMES) if (bits.some((b) => bit(alarm, b))) addAlarm(s, name);
  }
  const status = r.u32(LOC.status, { display: hex8 });
  if (status !== undefined) {
    addBits(r.last!, status, STATUS_BITS);
    s.attrs.ignition = bit(status, 0);
    s.attrs.blocked = bit(status, 10);
    s.attrs.door = (Math.floor(status / 2 ** 13) & 0x1f) !== 0;
  }
  const south = status !== undefined && bit(status, 2);
  const west = status !== undefined && bit(status, 3);
  const lat = r.u32(LOC.latitude, { display: (v) => `${(south ? -v : v) / 1e6}° (raw ${v})` });
  const lon = r.u32(LOC.longitude, { display: (v) => `${(west ? -v : v) / 1e6}° (raw ${v})` });
  const altitude = r.i16(LOC.altitude);
  const speed = r.u16(LOC.speed, { display: (v) => `${v / 10} km/h` });
  const course = r.u16(LOC.course);
  const time = readBcdTime(r, LOC.time, GMT8);
  if (r.remaining > 0) r.group(LOC.items, () => decodeItems(r, s));
  if (status === undefined || lat === undefined || lon === undefined || altitude === undefined || speed === undefined || course === undefined || !time) return undefined;
  const p: Position = {
    time,
    valid: bit(status, 1),
    lat: round((south ? -lat : lat) / 1e6),
    lon: round((west ? -lon : lon) / 1e6),
    speedKnots: round(kmhToKnots(speed / 10)),
    course,
    altitude,
  };
  if (typeof s.attrs.sat === 'number') p.satellites = s.attrs.sat;
  if (!validLatLon(p.lat, p.lon)) return undefined;
  return p;
}

/** Degrees from JT600's BCD `ddmmmmmm` (degrees, then minutes × 10^4). */
function jt600Degrees(digits: string, degDigits: number): number {
  const deg = Number(digits.slice(0, degDigits));
  const min = Number(digits.slice(degDigits)) / 10000;
  return deg + min / 60;
}

/**
 * Jointech JT701 location (0x5501 real time, 0x5502 blind area): the JT600 binary record, then
 * signal, satellites, odometer, battery, cell, product, status, alarm and id/length extra items.
 */
export function decodeJt701(r: FieldReader, s: Sink, blind: boolean): Position | undefined {
  const time = readBcdTime(r, JT701.time, 0, 'dmy');
  const latDigits = r.bcd(JT701.latitude, 4);
  // 9 longitude digits: 4 bytes and the high nibble of the 5th, whose low nibble holds the flags.
  let lonDigits: string | undefined;
  let flags: number | undefined;
  if (r.remaining >= 5) {
    const at = r.pos;
    const digits = bcdDigits(r.bytes.subarray(at, at + 5)).slice(0, 9);
    flags = r.bytes[at + 4]! & 0x0f;
    const node = r.node(JT701.longitude, at, at + 5, digits);
    addBits(node, flags, [
      { id: 'jt808.jt701.valid', label: 'Fix valid', bit: 0 },
      { id: 'jt808.jt701.north', label: 'Latitude', bit: 1, names: { 0: 'south', 1: 'north' } },
      { id: 'jt808.jt701.east', label: 'Longitude', bit: 2, names: { 0: 'west', 1: 'east' } },
    ]);
    lonDigits = digits;
    r.skip(5);
  } else r.rest(JT701.longitude, 'longitude cut short');
  const speed = r.bcd(JT701.speed, 1);
  const course = r.u8(JT701.course, { display: (v) => `${v * 2}°` });
  s.attrs.rssi = r.u8(JT701.rssi) ?? null;
  const sat = r.u8(JT701.satellites);
  if (sat !== undefined) s.attrs.sat = sat;
  const odo = r.u32(JT701.odometer);
  if (odo !== undefined) s.attrs.odometer = odo * 1000;
  const battery = r.u8(JT701.battery, { display: (v) => (v <= 100 ? `${v} %` : v === 0xaa || v === 0xab ? 'charging' : `0x${v.toString(16)}`) });
  if (battery !== undefined && battery <= 100) s.attrs.batteryLevel = battery;
  else if (battery === 0xaa || battery === 0xab) s.attrs.charge = true;
  r.u32(JT701.cid);
  r.u16(JT701.lac);
  const product = r.u8(JT701.product);
  const status = r.u16(JT701.status, { display: (v) => `0x${v.toString(16).padStart(4, '0')}` });
  const alarm = r.u16(JT701.alarm, { display: (v) => `0x${v.toString(16).padStart(4, '0')}` });
  if (status !== undefined) s.attrs.status = status;
  if (alarm !== undefined && product !== undefined) {
    if ((product === 1 || product === 2) && alarm & 1) addAlarm(s, 'lowPower');
    if (product === 3) {
      if (status !== undefined) s.attrs.blocked = bit(status, 5);
      const names: Array<[number, string]> = [[0, 'overspeed'], [1, 'lowPower'], [2, 'vibration'], [3, 'lowBattery'], [5, 'geofenceEnter'], [6, 'geofenceExit']];
      for (const [b, n] of names) if (bit(alarm, b)) addAlarm(s, n);
    }
  }
  if (r.remaining > 0) r.group(JT701.items, () => decodeJt701Items(r, s));
  if (!time || latDigits === undefined || lonDigits === undefined || flags === undefined || speed === undefined || course === undefined) return undefined;
  if (!/^\d+$/.test(latDigits) || !/^\d+$/.test(lonDigits)) return undefined;
  const lat = jt600Degrees(latDigits, 2) * (flags & 2 ? 1 : -1);
  const lon = jt600Degrees(lonDigits, 3) * (flags & 4 ? 1 : -1);
  if (!validLatLon(lat, lon)) return undefined;
  const p: Position = { time, valid: !blind, lat: round(lat), lon: round(lon), speedKnots: Number(speed), course: course * 2 };
  if (sat !== undefined) p.satellites = sat;
  if (typeof s.attrs.altitude === 'number') {
    p.altitude = s.attrs.altitude;
    delete s.attrs.altitude;
  }
  return p;
}

/** JT701 extra items: id(1) length(1) value. */
function decodeJt701Items(r: FieldReader, s: Sink): void {
  const names: Record<number, string> = { 0x02: 'Altitude', 0x0a: 'MCC/MNC', 0x0b: 'Lock event', 0x0c: 'Tilt', 0x10: 'Wake source', 0xfc: 'Geofence' };
  while (r.remaining >= 2) {
    const id = r.bytes[r.pos]!;
    const len = r.bytes[r.pos + 1]!;
    const key = ({ 0x02: 'altitude', 0x0a: 'network', 0x0b: 'lock', 0x0c: 'tilt', 0x10: 'wake', 0xfc: 'geofence' } as Record<number, string>)[id] ?? 'unknown';
    r.group({ id: `jt808.jt701.item.${key}`, label: `${names[id] ?? 'Unknown item'} (0x${id.toString(16).padStart(2, '0')})`, type: 'group' }, () => {
      r.u8({ id: 'jt808.jt701.item.id', label: 'Item ID', type: 'u8' });
      r.u8({ id: 'jt808.jt701.item.length', label: 'Item length', type: 'u8' });
      const v = r.sub(len);
      const d = (f: string, label: string, type: 'u8' | 'u16' | 'i16' | 'u32' | 'ascii' = 'u8') => ({ id: `jt808.jt701.item.${key}.${f}`, label, type });
      const set = (k: string, x: FieldValue | undefined) => x !== undefined && (s.attrs[k] = x);
      if (id === 0x02 && len === 2) set('altitude', v.i16(d('value', 'Altitude', 'i16')));
      else if (id === 0x10 && len === 1) set('wakeSource', v.u8(d('value', 'Wake source')));
      else if (id === 0x0a && len === 3) {
        v.u16(d('mcc', 'MCC', 'u16'));
        v.u8(d('mnc', 'MNC'));
      } else if (id === 0x0b && len >= 1) {
        set('lockCommand', v.u8(d('command', 'Lock command')));
        if (len >= 5 && len <= 6) set('lockCard', v.u32(d('card', 'Card number', 'u32')));
        else if (len >= 7) set('lockPassword', v.ascii(d('password', 'Password', 'ascii'), 6));
        if (len % 2 === 0 && v.remaining >= 1) set('unlockResult', v.u8(d('result', 'Unlock result')));
      } else if (id === 0x0c && len === 6) {
        const x = v.i16(d('x', 'Tilt X', 'i16'));
        const y = v.i16(d('y', 'Tilt Y', 'i16'));
        const z = v.i16(d('z', 'Tilt Z', 'i16'));
        set('tilt', `[${x},${y},${z}]`);
      } else if (id === 0xfc && len === 1) set('geofence', v.u8(d('value', 'Geofence')));
      v.rest({ id: 'jt808.jt701.item.raw', label: 'Value', type: 'bytes' }, `JT701 item 0x${id.toString(16)} not decoded`);
    });
  }
  if (r.remaining > 0) r.rest({ id: 'jt808.jt701.item.raw', label: 'Trailing byte', type: 'bytes' }, 'byte after the last JT701 item');
}
