/**
 * JT600 text messages: `(<id>,[<n>,…]<command>,<field>,…)`, with `(`, `)`, `,` and `=` inside
 * escaped on the wire as `3d 15`, `3d 14`, `3d 11`, `3d 00`. Layouts (Traccar's
 * Jt600ProtocolDecoder and its tests):
 * - `W01`: lon dddmm.mmmm, E/W, lat ddmm.mmmm, N/S, A/V, ddmmyy, hhmmss, speed km/h, course, power,
 *   GPS signal, GSM signal, alert type, …
 * - `U01`…`U03`, `U06` (U06 adds an alarm first): ddmmyy, hhmmss, T/F, lat, N/S, lon, E/W (decimal
 *   degrees), speed mph, course, satellites, battery %, status bits, cid, lac, GSM signal,
 *   odometer km, serial[, check code = XOR of the bytes after `(` up to the comma before it];
 * - `P45` (JT701 lock event): ddmmyy, hhmmss, lat, N/S, lon, E/W, A/V, speed mph, course, event
 *   source, unlock verification, RFID, password verification, wrong password count, index;
 * - `WLNET,5,…`: after the sixth comma a binary body (location block + wireless sensor data);
 * - `@JT` carries nothing else; `U04`, `U09` and unknown commands are shown as plain values.
 */
import type { DecodedFrame } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addIssue, issue } from '../core/reader';
import { latin1, unescapeBytes } from '../core/bytes';
import { xor8 } from '../core/checksum';
import { isoTime, kmhToKnots, mphToKnots, nmeaDegrees, pairs, round } from '../core/units';
import { F, P45, U, W01, WLNET } from './fields';
import { type Rec, decodeLocation, timeNode, toPosition } from './binary';
import { decodeServerCommand, isServerCommand } from './downlink';

/** Escapes of the text form: `3d` followed by the key stands for the value. */
export const UNESCAPE: Readonly<Record<number, number>> = { 0x15: 0x28, 0x14: 0x29, 0x11: 0x2c, 0x00: 0x3d };
export const ESC = 0x3d;

type Span = [number, number];

/** [start, end) spans of the pieces of s[from, to) cut at commas (empty pieces included). */
function pieces(s: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let a = from;
  for (let i = from; i < to; i++) {
    if (s[i] === ',') {
      out.push([a, i]);
      a = i + 1;
    }
  }
  out.push([a, to]);
  return out;
}

const at = (s: string, sp: Span | undefined) => (sp ? s.slice(sp[0], sp[1]) : '');
const DEC = (t: string) => (/^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined);
const INT = (t: string) => (/^\d+$/.test(t) ? Number(t) : undefined);

/** A string leaf over `sp`; nothing for an absent or empty field. */
function str(r: FieldReader, def: FieldDef, s: string, sp: Span | undefined, display?: string): string | undefined {
  const t = at(s, sp);
  if (!sp || !t) return undefined;
  r.node(def, sp[0], sp[1], t, display);
  return t;
}

/** A number leaf over `sp`; text that does not parse stays a string leaf with an issue. */
function num(r: FieldReader, def: FieldDef, s: string, sp: Span | undefined, parse: (t: string) => number | undefined, display?: (v: number, t: string) => string): number | undefined {
  const t = at(s, sp);
  if (!sp || !t) return undefined;
  const v = parse(t);
  if (v === undefined) {
    const n = r.node(def, sp[0], sp[1], t);
    addIssue(n, issue('jt600.bad_value', 'malformed', 'warning', `${def.label}: "${t}" is not a valid value`));
    return undefined;
  }
  r.node(def, sp[0], sp[1], v, display ? display(v, t) : def.unit ? `${t} ${def.unit}` : t);
  return v;
}

/** Leaves for the values from index `from` on. */
function extras(r: FieldReader, def: FieldDef, s: string, v: Span[], from: number): void {
  for (let k = from; k < v.length; k++) str(r, def, s, v[k]);
}

/** Date (`ddmmyy`) and time (`hhmmss`) leaves; the ISO time, or null with an issue. */
function dateTime(r: FieldReader, dDef: FieldDef, tDef: FieldDef, s: string, d: Span | undefined, t: Span | undefined): string | null {
  const ds = str(r, dDef, s, d);
  const dn = r.last;
  const ts = str(r, tDef, s, t);
  const dp = ds && /^\d{6}$/.test(ds) ? pairs(ds) : null;
  const tp = ts && /^\d{6}$/.test(ts) ? pairs(ts) : null;
  const iso = dp && tp ? isoTime(dp[2]!, dp[1]!, dp[0]!, tp[0]!, tp[1]!, tp[2]!) : null;
  if (!iso && ds && dn) addIssue(dn, issue('jt600.bad_time', 'protocol', 'warning', `date ${ds} / time ${ts ?? ''} is not a valid date (ddmmyy, hhmmss)`));
  return iso;
}

/** A coordinate leaf with its hemisphere leaf; value signed degrees. */
function coordinate(r: FieldReader, def: FieldDef, hemiDef: FieldDef, s: string, sp: Span | undefined, hemiSp: Span | undefined, nmea: boolean, max: number): number | undefined {
  const hemi = at(s, hemiSp);
  const neg = hemi === 'S' || hemi === 'W';
  const v = num(r, def, s, sp, (t) => {
    const d = nmea ? nmeaDegrees(t) : DEC(t);
    return d === null || d === undefined || d > max ? undefined : round(neg ? -d : d);
  }, (v, t) => `${v.toFixed(6)}° (${t}${nmea ? ', degrees and minutes' : ''})`);
  str(r, hemiDef, s, hemiSp);
  return v;
}

/** Decode a `(` frame into `out`. */
export function decodeText(frame: Uint8Array, out: DecodedFrame): void {
  if (isServerCommand(frame)) return decodeServerCommand(frame, out);
  const u = unescapeBytes(frame, ESC, UNESCAPE);
  const b = u.bytes;
  const s = latin1(b);
  const r = FieldReader.mapped(b, u.map);
  out.tree = r.tree;
  const end = s.endsWith(')') ? s.length - 1 : s.length;
  const { node: report } = r.group(F.report, () => {
    const head = r.node(F.start, 0, Math.min(1, s.length), s.slice(0, 1));
    if (s[0] !== '(') addIssue(head, issue('jt600.bad_header', 'malformed', 'error', 'text message does not start with "("'));
    // WLNET: the body after the sixth comma is binary.
    let textEnd = end;
    let bodyAt = -1;
    if (s.includes(',WLNET,')) {
      let c = 0;
      for (let i = 1; i < end; i++) {
        if (s[i] === ',' && ++c === 6) {
          textEnd = i;
          bodyAt = i + 1;
          break;
        }
      }
    }
    const f = pieces(s, 1, textEnd);
    const id = str(r, F.device_id, s, f[0]);
    if (id) {
      out.deviceId = id;
      if (!/^\d+$/.test(id)) addIssue(r.last!, issue('jt600.bad_id', 'malformed', 'warning', `terminal id "${id}" is not all digits`));
    }
    let k = 1;
    while (k < f.length && k <= 3 && /^\d+$/.test(at(s, f[k]))) k++;
    if (k >= f.length || !/^[A-Z@][A-Z0-9]{1,5}$/.test(at(s, f[k]))) k = 1;
    for (let j = 1; j < k; j++) str(r, F.prefix, s, f[j]);
    const cmd = /^[A-Z@][A-Z0-9]{1,5}$/.test(at(s, f[k])) ? at(s, f[k]) : '';
    const rest = f.slice(k + (cmd ? 1 : 0));
    if (cmd) {
      str(r, F.command, s, f[k]);
      out.messageCode = cmd;
    }
    const rec: Rec = { attrs: {} };
    if (cmd === 'W01') decodeW01(r, s, rest, rec, out);
    else if (/^U0[1-8]$/.test(cmd) && uLayout(s, rest) >= 0) decodeU(r, s, rest, uLayout(s, rest), cmd, b, rec, out);
    else if (cmd === 'P45') decodeP45(r, s, rest, rec, out);
    else if (cmd === '@JT') {
      out.messageType = 'heartbeat';
      extras(r, F.value, s, rest, 0);
    } else if (cmd === 'WLNET') {
      out.messageType = 'peripheral';
      extras(r, F.prefix, s, rest, 0);
    } else {
      out.messageType = cmd || 'unknown';
      extras(r, F.value, s, rest, 0);
      const n = r.last ?? head;
      if (rest.some((sp) => sp[1] > sp[0])) addIssue(n, issue('jt600.unknown_layout', 'protocol', 'info', `layout of ${cmd || 'this message'} is not known; fields shown as text`));
    }
    if (bodyAt >= 0) {
      r.pos = bodyAt;
      decodeWlnet(r.sub(end - bodyAt), rec);
    }
    if (end < s.length) r.node(F.end, end, end + 1, ')');
    r.pos = s.length;
    const p = toPosition(rec);
    if (p) out.positions.push(p);
    out.attributes = rec.attrs;
  });
  if (end === s.length) addIssue(report, issue('jt600.unterminated', 'malformed', 'error', 'text message does not end with ")"'));
  if (u.bad.length) addIssue(report, issue('jt600.bad_escape', 'malformed', 'warning', `${u.bad.length} "=" (3d) byte(s) not followed by 15, 14, 11 or 00`));
}

function decodeW01(r: FieldReader, s: string, v: Span[], rec: Rec, out: DecodedFrame): void {
  out.messageType = 'location';
  rec.lon = coordinate(r, W01.longitude, W01.lon_hemi, s, v[0], v[1], true, 180);
  rec.lat = coordinate(r, W01.latitude, W01.lat_hemi, s, v[2], v[3], true, 90);
  const valid = str(r, W01.valid, s, v[4], { A: 'A (valid)', V: 'V (invalid)' }[at(s, v[4])]);
  rec.valid = valid === 'A';
  rec.time = dateTime(r, W01.date, W01.time, s, v[5], v[6]);
  const speed = num(r, W01.speed, s, v[7], DEC);
  if (speed !== undefined) rec.speedKnots = kmhToKnots(speed);
  rec.course = num(r, W01.course, s, v[8], DEC);
  const power = num(r, W01.power, s, v[9], DEC);
  if (power !== undefined) rec.attrs.power = power;
  const gps = num(r, W01.gps, s, v[10], INT);
  if (gps !== undefined) rec.attrs.gps = gps;
  const gsm = num(r, W01.gsm, s, v[11], INT);
  if (gsm !== undefined) rec.attrs.rssi = gsm;
  const alert = num(r, W01.alert, s, v[12], INT);
  if (alert !== undefined) rec.attrs.alertType = alert;
  extras(r, W01.extra, s, v, 13);
}

/** Index of the date field in a U message (1 when an alarm comes first), or -1 if none fits. */
function uLayout(s: string, v: Span[]): number {
  const six = (i: number) => /^\d{6}$/.test(at(s, v[i]));
  if (six(0) && six(1)) return 0;
  if (/^\d+$/.test(at(s, v[0])) && six(1) && six(2)) return 1;
  return -1;
}

/** Fields of a U message from the date on. */
const U_FIELDS = 17;

function decodeU(r: FieldReader, s: string, v: Span[], d: number, cmd: string, b: Uint8Array, rec: Rec, out: DecodedFrame): void {
  out.messageType = cmd === 'U06' ? 'alarm' : 'location';
  if (d === 1) {
    const alarm = num(r, U.alarm, s, v[0], INT);
    if (alarm !== undefined) rec.attrs.event = alarm;
  }
  const x = (i: number) => v[d + i];
  rec.time = dateTime(r, U.date, U.time, s, x(0), x(1));
  const valid = str(r, U.valid, s, x(2), { T: 'T (valid)', F: 'F (invalid)' }[at(s, x(2))]);
  rec.valid = valid === 'T';
  rec.lat = coordinate(r, U.latitude, U.lat_hemi, s, x(3), x(4), false, 90);
  rec.lon = coordinate(r, U.longitude, U.lon_hemi, s, x(5), x(6), false, 180);
  const speed = num(r, U.speed, s, x(7), DEC);
  if (speed !== undefined) rec.speedKnots = mphToKnots(speed);
  rec.course = num(r, U.course, s, x(8), DEC);
  const sats = num(r, U.satellites, s, x(9), INT);
  if (sats !== undefined) {
    rec.satellites = sats;
    rec.attrs.sat = sats;
  }
  const battery = num(r, U.battery, s, x(10), (t) => (/^\d+%$/.test(t) ? Number(t.slice(0, -1)) : undefined), (v) => `${v} %`);
  if (battery !== undefined) rec.attrs.batteryLevel = battery;
  const status = num(r, U.status, s, x(11), (t) => (/^[01]+$/.test(t) ? parseInt(t, 2) : undefined), (v, t) => `${t} (0x${v.toString(16)})`);
  if (status !== undefined) rec.attrs.status = status;
  num(r, U.cid, s, x(12), INT);
  num(r, U.lac, s, x(13), INT);
  const gsm = num(r, U.gsm, s, x(14), INT);
  if (gsm !== undefined) rec.attrs.rssi = gsm;
  const odo = num(r, U.odometer, s, x(15), INT);
  if (odo !== undefined) rec.attrs.odometer = odo * 1000;
  const serial = num(r, U.serial, s, x(16), INT);
  if (serial !== undefined) rec.attrs.index = serial;
  const after = d + U_FIELDS;
  const cs = v[after];
  if (cs && v.length === after + 1 && /^[0-9A-Fa-f]{2}$/.test(at(s, cs))) {
    const wire = parseInt(at(s, cs), 16);
    const computed = xor8(b, 1, cs[0]);
    const n = r.node(F.checksum, cs[0], cs[1], wire, `0x${at(s, cs).toUpperCase()}`);
    r.node(F.checksum_computed, cs[0], cs[1], computed, `0x${computed.toString(16).toUpperCase().padStart(2, '0')}`).generated = true;
    if (wire !== computed) addIssue(n, issue('jt600.checksum_incorrect', 'checksum', 'error', `check code on the wire 0x${at(s, cs).toUpperCase()}, XOR computed 0x${computed.toString(16).toUpperCase().padStart(2, '0')}`));
  } else extras(r, U.extra, s, v, after);
}

function decodeP45(r: FieldReader, s: string, v: Span[], rec: Rec, out: DecodedFrame): void {
  out.messageType = 'lock event';
  rec.time = dateTime(r, P45.date, P45.time, s, v[0], v[1]);
  rec.lat = coordinate(r, P45.latitude, P45.lat_hemi, s, v[2], v[3], false, 90);
  rec.lon = coordinate(r, P45.longitude, P45.lon_hemi, s, v[4], v[5], false, 180);
  const valid = str(r, P45.valid, s, v[6], { A: 'A (valid)', V: 'V (invalid)' }[at(s, v[6])]);
  rec.valid = valid === 'A';
  const speed = num(r, P45.speed, s, v[7], DEC);
  if (speed !== undefined) rec.speedKnots = mphToKnots(speed);
  rec.course = num(r, P45.course, s, v[8], DEC);
  const source = num(r, P45.event_source, s, v[9], INT);
  if (source !== undefined) rec.attrs.eventSource = source;
  num(r, P45.unlock_check, s, v[10], INT);
  const rfid = str(r, P45.rfid, s, v[11]);
  if (rfid && !/^0+$/.test(rfid)) rec.attrs.driverUniqueId = rfid;
  num(r, P45.password_check, s, v[12], INT);
  num(r, P45.wrong_passwords, s, v[13], INT);
  const index = num(r, P45.index, s, v[14], INT);
  if (index !== undefined) rec.attrs.index = index;
  extras(r, P45.extra, s, v, 15);
}

/** The binary body of a WLNET message: location block, then the sensor report. */
function decodeWlnet(r: FieldReader, rec: Rec): void {
  r.group(F.record, () => decodeLocation(r, rec));
  if (r.truncated || r.remaining === 0) return;
  r.group(WLNET.body, () => {
    timeNode(r, WLNET.sensor_time);
    r.bcd(WLNET.sensor_id, 5);
    r.u8(WLNET.sensor_index);
    const bat = r.u16(WLNET.sensor_battery, { display: (v) => `${(v / 100).toFixed(2)} V` });
    if (bat !== undefined) rec.attrs.sensorBattery = bat / 100;
    const level = r.u8(WLNET.sensor_level);
    if (level !== undefined) rec.attrs.sensorBatteryLevel = level;
    const rssi = r.u8(WLNET.sensor_rssi, { display: (v) => `-${v} dBm` });
    if (rssi !== undefined) rec.attrs.sensorRssi = -rssi;
    const type = r.u8(WLNET.sensor_type);
    if (type === 1) {
      const t = r.u16(WLNET.temperature, { display: (v) => (v === 0xffff ? 'none (0xffff)' : `${tempOf(v)} °C`) });
      if (t !== undefined && t !== 0xffff) rec.attrs.temp1 = tempOf(t);
      const h = r.u8(WLNET.humidity);
      if (h !== undefined) rec.attrs.humidity = h;
      r.u16(WLNET.data_count);
      r.u8(WLNET.status);
    }
    r.rest(WLNET.rest, type === 1 ? 'sensor bytes after the status' : `data of sensor type ${type ?? '?'} not decoded`);
  });
}

/** Sensor temperature: low 12 bits in 0.1 °C, negative when any of the high 4 bits is set. */
const tempOf = (v: number) => ((v & 0xf000 ? -1 : 1) * (v & 0xfff)) / 10;
