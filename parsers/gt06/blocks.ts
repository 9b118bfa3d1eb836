/**
 * Building blocks shared by the GT06 message layouts: date/time, the GPS block, cell towers, the
 * terminal status block, alarm codes and the normalised attributes they feed.
 */
import type { DecodedFrame, FieldNode, Position } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { kmhToKnots } from '../core/units';
import { isBcd, luhnValid } from '../core/bytes';
import { ALARM_CODES, COURSE_BITS, F, STATUS_ALARMS, TERMINAL_BITS } from './fields';

/** What a message decoder writes into besides the tree. */
export type Out = DecodedFrame;

/** Keys every cell-carrying table has. */
export interface CellDefs {
  mcc: FieldDef;
  mnc: FieldDef;
  lac: FieldDef;
  cell: FieldDef;
}

/** Keys of a GPS-block table. */
export interface GpsDefs {
  time: FieldDef;
  gps_info: FieldDef;
  latitude: FieldDef;
  longitude: FieldDef;
  speed: FieldDef;
  course_status: FieldDef;
}

export interface Fix {
  time: string;
  timeOk: boolean;
  lat: number;
  lon: number;
  valid: boolean;
  speedKmh?: number;
  course: number;
  satellites?: number;
  /** ACC from course/status bits 14/15, when bit 14 says it is reported. */
  acc?: boolean;
}

/** Two-digit decimal, two-digit hex, six-decimal rounding. */
const pad = (v: number) => String(v).padStart(2, '0');
export const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** ISO text of binary yy mm dd hh mi ss, and whether the fields are in range. */
export function calendar(b: ArrayLike<number>, bcd = false): { iso: string; ok: boolean } {
  const v = Array.from({ length: 6 }, (_, i) => (bcd ? (b[i]! >> 4) * 10 + (b[i]! & 0x0f) : b[i]!));
  const [yy, mo, dd, hh, mi, ss] = v as [number, number, number, number, number, number];
  const nibblesOk = !bcd || Array.from({ length: 6 }, (_, i) => b[i]!).every((x) => x >> 4 < 10 && (x & 0x0f) < 10);
  const ok = nibblesOk && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 60;
  return { iso: `${2000 + yy}-${pad(mo)}-${pad(dd)}T${pad(hh)}:${pad(mi)}:${pad(ss)}.000Z`, ok };
}

/** Whether 6 bytes at `at` form a plausible binary date/time. */
export function looksLikeTime(b: Uint8Array, at: number): boolean {
  return at + 6 <= b.length && calendar(b.subarray(at, at + 6)).ok;
}

/** Six date/time bytes (binary, or BCD on the Wi-Fi packets); flags an impossible date. */
export function readTime(r: FieldReader, def: FieldDef, bcd = false): { iso: string; ok: boolean } | undefined {
  const t = r.raw(def, 6);
  if (!t) return undefined;
  const node = r.last!;
  const c = calendar(t, bcd);
  node.value = c.iso;
  node.display = c.ok ? c.iso.replace('T', ' ').replace('.000Z', ' UTC') : `invalid date ${c.iso}`;
  if (!c.ok) addIssue(node, issue('gt06.bad_time', 'protocol', 'warning', 'date/time fields out of range'));
  return c;
}

/** Unix seconds (big-endian) as an ISO time node. */
export function readUnixTime(r: FieldReader, def: FieldDef): string | undefined {
  const v = r.u32(def);
  if (v === undefined) return undefined;
  const iso = new Date(v * 1000).toISOString();
  const node = r.last!;
  node.value = iso;
  node.display = `${iso.replace('T', ' ').replace('.000Z', ' UTC')} (${v})`;
  return iso;
}

/** Degrees of a raw GT06 coordinate (× 1,800,000). */
const degrees = (v: number) => `${(v / 1800000).toFixed(6)}° (raw ${v})`;

export interface GpsOptions {
  /** Satellites byte present (default true). */
  satellites?: boolean;
  /** Speed: one byte (default), two bytes, or absent. */
  speed?: 'u8' | 'u16' | 'none';
  /** Course/status word before the speed (JC400). */
  flagsFirst?: boolean;
  /** Add the fix to `out.positions` (default true); false where the reference server reports none. */
  emit?: boolean;
}

/** The GPS block: time, satellites, latitude, longitude, speed, course/status. */
export function readGps(r: FieldReader, T: GpsDefs, prefix: string, out: Out, o: GpsOptions = {}): Fix | undefined {
  const time = readTime(r, T.time);
  if (!time) return undefined;
  let sats: number | undefined;
  if (o.satellites !== false) {
    const g = r.u8(T.gps_info, { display: (v) => `${v >> 4} bytes, ${v & 0x0f} satellites` });
    if (g === undefined) return undefined;
    sats = g & 0x0f;
  }
  const lat = r.u32(T.latitude, { display: degrees });
  const lon = r.u32(T.longitude, { display: degrees });
  if (lat === undefined || lon === undefined) return undefined;
  let speed: number | undefined;
  let cs: number | undefined;
  let csNode: FieldNode | undefined;
  const readSpeed = () => {
    if (o.speed === 'none') return true;
    speed = o.speed === 'u16' ? r.u16({ ...T.speed, type: 'u16' }) : r.u8(T.speed);
    return speed !== undefined;
  };
  const readCourse = () => {
    cs = r.u16(T.course_status);
    csNode = r.last;
    return cs !== undefined;
  };
  if (o.flagsFirst ? !readCourse() || !readSpeed() : !readSpeed() || !readCourse()) return undefined;
  const bits = addBits(csNode!, cs!, COURSE_BITS(prefix));
  const fix: Fix = {
    time: time.iso,
    timeOk: time.ok,
    lat: round6((bits[`${prefix}.north`] ? 1 : -1) * (lat / 1800000)),
    lon: round6((bits[`${prefix}.west`] ? -1 : 1) * (lon / 1800000)),
    valid: bits[`${prefix}.positioned`] === 1,
    course: bits[`${prefix}.course`]!,
  };
  if (speed !== undefined) fix.speedKmh = speed;
  if (sats !== undefined) fix.satellites = sats;
  if (bits[`${prefix}.acc_known`]) fix.acc = bits[`${prefix}.acc_on`] === 1;
  if (fix.acc !== undefined) out.attributes.ignition = fix.acc;
  if (o.emit !== false) emit(out, fix);
  return fix;
}

/** Add a fix to the positions when its time is a real date. */
export function emit(out: Out, fix: Fix, altitude?: number): Position | undefined {
  if (!fix.timeOk) return undefined;
  const p: Position = { time: fix.time, valid: fix.valid, lat: fix.lat, lon: fix.lon, course: fix.course };
  if (fix.speedKmh !== undefined) p.speedKnots = round6(kmhToKnots(fix.speedKmh));
  if (altitude !== undefined) p.altitude = altitude;
  if (fix.satellites !== undefined) p.satellites = fix.satellites;
  out.positions.push(p);
  return p;
}

export interface CellOptions {
  /** MNC width: from MCC bit 15 (default), or fixed. */
  mnc?: 'auto' | 1 | 2;
  lac?: 2 | 4;
  cid?: 3 | 4 | 8;
}

/** One cell tower: MCC, MNC, LAC, cell id. */
export function readCell(r: FieldReader, T: CellDefs, o: CellOptions = {}): boolean {
  const mcc = r.u16(T.mcc, { display: (v) => `${v & 0x7fff}${v & 0x8000 ? ' (2-byte MNC)' : ''}` });
  if (mcc === undefined) return false;
  const wide = o.mnc === 2 || ((o.mnc ?? 'auto') === 'auto' && (mcc & 0x8000) !== 0);
  if ((wide ? r.u16(T.mnc, { display: String }) : r.u8(T.mnc, { display: String })) === undefined) return false;
  if (((o.lac ?? 2) === 4 ? r.u32(T.lac, { display: String }) : r.u16(T.lac, { display: String })) === undefined) return false;
  const cid = o.cid ?? 3;
  return r.uint({ ...T.cell, type: cid === 3 ? 'u24' : 'u32' }, cid, { display: String }) !== undefined;
}

/** Bytes an MCC-led cell takes with these options, reading the MCC at `at`. */
export function cellSize(b: Uint8Array, at: number, o: CellOptions = {}): number {
  const wide = o.mnc === 2 || ((o.mnc ?? 'auto') === 'auto' && at < b.length && (b[at]! & 0x80) !== 0);
  return 2 + (wide ? 2 : 1) + (o.lac ?? 2) + (o.cid ?? 3);
}

/** Append an alarm name, comma-separated like the reference server, without repeats. */
export function addAlarm(out: Out, alarm: string | undefined): void {
  if (!alarm) return;
  const cur = out.attributes.alarm;
  if (typeof cur !== 'string' || !cur) out.attributes.alarm = alarm;
  else if (!cur.split(',').includes(alarm)) out.attributes.alarm = `${cur},${alarm}`;
}

/** Terminal information byte: status, ignition, charge, blocked and the alarm in bits 3..5. */
export function readTerminalInfo(r: FieldReader, def: FieldDef, prefix: string, out: Out, overspeedAt7 = false): number | undefined {
  const v = r.u8(def, { display: (x) => `0x${hex2(x)}` });
  if (v === undefined) return undefined;
  const bits = addBits(r.last!, v, TERMINAL_BITS(prefix));
  out.attributes.status = v;
  out.attributes.ignition = bits[`${prefix}.acc`] === 1;
  out.attributes.charge = bits[`${prefix}.charging`] === 1;
  out.attributes.blocked = bits[`${prefix}.oil_cut`] === 1;
  const a = bits[`${prefix}.alarm_bits`]!;
  addAlarm(out, a === 7 && overspeedAt7 ? 'overspeed' : STATUS_ALARMS[a]);
  return v;
}

/** Voltage level byte: 0..6 scaled to percent, or a percentage up to 100 on newer models. */
export function readVoltageLevel(r: FieldReader, def: FieldDef, out: Out): number | undefined {
  const v = r.u8(def, { display: (x) => (x <= 6 ? `${def.enum?.[x] ?? x} (${Math.floor((x * 100) / 6)} %)` : x <= 100 ? `${x} %` : `0x${hex2(x)}`) });
  if (v === undefined) return undefined;
  if (v <= 6) out.attributes.batteryLevel = Math.floor((v * 100) / 6);
  else if (v <= 100) out.attributes.batteryLevel = v;
  return v;
}

/** GSM signal strength (0..4, or a raw signal value on newer models) as `rssi`. */
export function readGsm(r: FieldReader, def: FieldDef, out: Out): number | undefined {
  const v = r.u8(def, { display: (x) => (def.enum?.[x] !== undefined ? `${def.enum[x]} (${x})` : String(x)) });
  if (v !== undefined) out.attributes.rssi = v;
  return v;
}

/** An alarm code byte (alarm/language). */
export function readAlarmCode(r: FieldReader, def: FieldDef, out: Out): number | undefined {
  const v = r.u8(def, { display: (x) => (x === 0 ? 'normal (0x00)' : `${ALARM_CODES[x] ?? 'unknown'} (0x${hex2(x)})`) });
  if (v !== undefined) addAlarm(out, ALARM_CODES[v]);
  return v;
}

/** Status block of alarm packets: terminal info, voltage level, GSM, alarm, language. */
export interface StatusDefs {
  terminal_info: FieldDef;
  voltage: FieldDef;
  gsm: FieldDef;
  alarm: FieldDef;
  language: FieldDef;
}

/** The five-byte status block (terminal info, voltage level, GSM, alarm, language) into attributes. */
export function readStatusBlock(r: FieldReader, T: StatusDefs, prefix: string, out: Out): void {
  if (readTerminalInfo(r, T.terminal_info, prefix, out) === undefined) return;
  if (readVoltageLevel(r, T.voltage, out) === undefined) return;
  const gsm = readGsm(r, T.gsm, out);
  if (gsm === undefined) return;
  if (readAlarmCode(r, T.alarm, out) === undefined) return;
  if (r.remaining >= 1) r.u8(T.language);
}

/** Bytes left in the reader, as a copy-free view. */
export function peek(r: FieldReader, len = r.remaining): Uint8Array {
  return r.bytes.subarray(r.pos, r.pos + Math.min(len, r.remaining));
}

/** True when the bytes are printable ASCII (tab, CR, LF allowed). */
export function printableAscii(b: Uint8Array): boolean {
  for (const x of b) if (!((x >= 0x20 && x < 0x7f) || x === 0x09 || x === 0x0a || x === 0x0d)) return false;
  return b.length > 0;
}

/**
 * Split `len` bytes of text at `sep` into one leaf per item (separators stay inside the group
 * that the caller opened); returns the items with their offsets.
 */
export function textItems(r: FieldReader, def: FieldDef, len: number, sep: number): string[] {
  const end = r.pos + Math.min(len, r.remaining);
  const items: string[] = [];
  while (r.pos < end) {
    let i = r.pos;
    while (i < end && r.bytes[i] !== sep) i++;
    if (i > r.pos) items.push(r.ascii(def, i - r.pos) ?? '');
    else items.push('');
    if (i < end) r.skip(1);
  }
  return items;
}

export interface ContentInfo {
  /** The length field (for the Wi-Fi layouts, the access-point count). */
  declared?: number;
  direction: 'up' | 'down';
  /** The frame uses the Wi-Fi layout without serial and CRC. */
  wifiNoCrc: boolean;
}

/** A message-content decoder: the reader spans exactly the content. */
export type Decoder = (r: FieldReader, out: Out, type: number, info: ContentInfo) => void;

/** Note on the nearest node which model-specific layout the bytes selected. */
export function note(r: FieldReader, text: string): void {
  const n = r.last;
  if (n) addIssue(n, issue('gt06.model_layout', 'protocol', 'info', text));
}

/** The rest of the content as an undecoded node. */
export function rest(r: FieldReader, what: string): void {
  r.rest(F.extra, what);
}

/** A leaf over `len` bytes whose meaning is not known, flagged undecoded. */
export function unknown(r: FieldReader, len: number, what: string): void {
  if (len <= 0) return;
  const sub = r.sub(len);
  sub.rest(F.extra, what);
}

/** A terminal id where one is expected: 8 BCD bytes with a leading 0 nibble (15 digits). */
export function imeiAt(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  return isBcd(b.subarray(at, at + 8)) && b[at]! >> 4 === 0;
}

/** An 8-byte BCD IMEI; sets the device id and notes a failed Luhn check. */
export function readImei(r: FieldReader, def: FieldDef, out: Out): void {
  const s = r.bcd(def, 8);
  if (s === undefined) return;
  const imei = s.replace(/^0/, '');
  if (/^\d{15}$/.test(imei)) out.deviceId ??= imei;
  if (!luhnValid(imei)) addIssue(r.last!, issue('gt06.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
}
