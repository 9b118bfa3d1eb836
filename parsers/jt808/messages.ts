/**
 * Message bodies of JT/T 808-2013/2019 (§8.1–8.60), the platform's downlinks, Carscop CC888 ids
 * (named, raw bodies) and the vendor messages Traccar's Jt808ProtocolDecoder understands.
 */
import type { DecodedFrame, FieldValue, Position } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addIssue, issue } from '../core/reader';
import { latin1, toHex } from '../core/bytes';
import { kmhToKnots, round, validLatLon } from '../core/units';
import {
  ACCEL, ATTRIBUTES, AUTH, BATCH, BODY, CONTROL, DRIVER, F, HEARTBEAT, LOC, MESSAGES, PARAMS, PARAM_NAMES, PASSTHROUGH,
  REGISTER, REGISTER_RESPONSE, RESPONSE, TEXT, TRACKING, WAYBILL,
} from './fields';
import { addAlarm, decodeObdRt, javaTrim, type Sink } from './items';
import { GMT8, decodeJt701, decodeLocation, readBcdTime } from './location';

export interface BodyContext {
  out: DecodedFrame;
  /** The header says JT/T 808-2019 (attribute bit 14). */
  v2019: boolean;
}

const hex4 = (v: number) => v.toString(16).padStart(4, '0');

/** GBK text (the standard's charset for Chinese text), falling back to ISO-8859-1. */
export function gbk(bytes: Uint8Array): string {
  if (bytes.every((b) => b < 0x80)) return latin1(bytes);
  try {
    return new TextDecoder('gbk').decode(bytes);
  } catch {
    return latin1(bytes);
  }
}

/** Fixed-size text field: value without its NUL/space padding, decoded as GBK. */
function text(r: FieldReader, def: FieldDef, n: number): string | undefined {
  const at = r.pos;
  if (r.ascii(def, n) === undefined) return undefined;
  const node = r.last!;
  const s = javaTrim(gbk(r.bytes.subarray(at, at + n)));
  node.value = s;
  node.display = JSON.stringify(s);
  return s;
}

/** Decode the body of message `id` from `r` (which ends where the body ends). */
export function decodeBody(id: number, r: FieldReader, ctx: BodyContext): void {
  const { out } = ctx;
  const a = out.attributes;
  const sink: Sink = { attrs: a };
  switch (id) {
    case 0x0001:
    case 0x8001:
      return void r.group(BODY.response, () => {
        // The serial and id of the message answered: how a command is matched to its acknowledgement.
        setIf(a, 'replySerial', r.u16(RESPONSE.serial));
        setIf(a, 'replyId', r.u16(RESPONSE.msg_id, { display: (v) => `${MESSAGES[v]?.label ?? 'unknown'} (0x${hex4(v)})` }));
        const res = r.u8(RESPONSE.result);
        if (res !== undefined) a.result = res;
        r.rest(F.extra, 'bytes after the result');
      });
    case 0x4401:
      return void r.group(BODY.response, () => {
        r.u16(RESPONSE.msg_id, { display: (v) => `${MESSAGES[v]?.label ?? 'unknown'} (0x${hex4(v)})` });
        r.u8(RESPONSE.result);
        r.rest(F.extra, 'bytes after the result');
      });
    case 0x0002:
      if (r.remaining < 3) return void r.rest(F.extra, 'heartbeat bytes not decoded');
      return void r.group(BODY.heartbeat, () => {
        setIf(a, 'batteryLevel', r.u8(HEARTBEAT.battery_level));
        setIf(a, 'rssi', r.u8(HEARTBEAT.rssi));
        setIf(a, 'status', r.u8(HEARTBEAT.status));
        r.rest(F.extra, 'heartbeat bytes not decoded');
      });
    case 0x0100:
      return void r.group(BODY.register, () => {
        r.u16(REGISTER.province);
        r.u16(REGISTER.city);
        // 2019: 11/30/30; 2013: 5/20/7; 2011 (and many devices still): 5/8/7.
        const [m, model, tid] = ctx.v2019 ? [11, 30, 30] : r.remaining >= 5 + 20 + 7 + 1 ? [5, 20, 7] : [5, 8, 7];
        text(r, REGISTER.manufacturer, m);
        const mod = text(r, REGISTER.model, model);
        if (mod) a.model = mod;
        text(r, REGISTER.terminal_id, tid);
        r.u8(REGISTER.plate_color);
        if (r.remaining > 0) text(r, REGISTER.plate, r.remaining);
      });
    case 0x8100:
      return void r.group(BODY.register_response, () => {
        r.u16(REGISTER_RESPONSE.serial);
        const res = r.u8(REGISTER_RESPONSE.result);
        if (res !== undefined) a.result = res;
        if (r.remaining > 0) text(r, REGISTER_RESPONSE.auth_code, r.remaining);
      });
    case 0x0102:
      return void r.group(BODY.auth, () => {
        const n = ctx.v2019 ? r.u8(AUTH.code_length) : r.remaining;
        if (n !== undefined) text(r, AUTH.code, Math.min(n, r.remaining));
        if (ctx.v2019 && r.remaining >= 15) setIf(a, 'imei', text(r, AUTH.imei, 15));
        if (ctx.v2019 && r.remaining > 0) text(r, AUTH.software, Math.min(20, r.remaining));
        r.rest(F.extra, 'bytes after the authentication fields');
      });
    case 0x0104:
      return void r.group(BODY.parameters, () => {
        r.u16(PARAMS.serial);
        decodeParameters(r);
      });
    case 0x8103:
      return void r.group(BODY.parameters, () => decodeParameters(r));
    case 0x0107:
      return void r.group(BODY.attributes, () => decodeTerminalAttributes(r, ctx, a));
    case 0x0200:
      return void r.group(BODY.location, () => pushPosition(out, decodeLocation(r, sink)));
    case 0x0201:
      return void r.group(BODY.location, () => {
        r.u16(RESPONSE.serial);
        pushPosition(out, decodeLocation(r, sink));
      });
    case 0x0210:
      if (r.remaining === 7) {
        return void r.group(BODY.batch, () => {
          setIf(a, 'batteryLevel', r.u8(BATCH.battery_level));
          readBcdTime(r, BATCH.time, GMT8);
        });
      }
      return void r.group(BODY.batch, () => decodeBatch(r, ctx, 1));
    case 0x0704:
      return void r.group(BODY.batch, () => decodeBatch(r, ctx, 2));
    case 0x0701:
      return void r.group(BODY.waybill, () => {
        const n = r.u32(WAYBILL.length);
        if (n !== undefined) setIf(a, 'result', text(r, WAYBILL.content, Math.min(n, r.remaining)));
        r.rest(F.extra, 'bytes after the content');
      });
    case 0x0702:
      return void r.group(BODY.driver, () => decodeDriver(r, a));
    case 0x0900:
      return void r.group(BODY.passthrough, () => decodePassThrough(r, out, sink));
    case 0x1300:
      return void r.group(BODY.text, () => {
        r.u16(TEXT.serial);
        const at = r.pos;
        if (r.raw(TEXT.content, r.remaining)) {
          const s = utf16be(r.bytes.subarray(at, r.pos)).trim();
          r.last!.value = s;
          r.last!.display = JSON.stringify(s);
          a.result = s;
        }
      });
    case 0x2070:
      return void r.group(BODY.acceleration, () => decodeAcceleration(r, a));
    case 0x5501:
    case 0x5502:
      return void r.group(BODY.jt701, () => pushPosition(out, decodeJt701(r, sink, id === 0x5502)));
    case 0x6006:
      return void r.group(BODY.text, () => {
        r.u8(TEXT.encoding);
        if (r.remaining > 0) setIf(a, 'result', text(r, TEXT.content, r.remaining));
      });
    case 0x8105:
      return void r.group(BODY.control, () => {
        const c = r.u8(CONTROL.command);
        if (c !== undefined) a.command = c;
        if (r.remaining > 0) text(r, CONTROL.params, r.remaining);
      });
    case 0x8202:
      return void r.group(BODY.tracking, () => {
        r.u16(TRACKING.interval);
        r.u32(TRACKING.validity);
        r.rest(F.extra, 'bytes after the tracking fields');
      });
    case 0x8300:
      return void r.group(BODY.text, () => {
        r.u8(TEXT.flag, { display: (v) => `0x${v.toString(16).padStart(2, '0')}` });
        if (r.remaining > 0) setIf(a, 'text', text(r, TEXT.content, r.remaining));
      });
    case 0x8900:
      return void r.group(BODY.passthrough, () => {
        r.u8(PASSTHROUGH.type);
        if (r.remaining > 0) r.raw(PASSTHROUGH.data, r.remaining);
      });
    case 0x0300:
    case 0x0421:
    case 0x0430:
    case 0x8320:
    case 0x8410:
      if (r.remaining === 0) return;
      return void r.group(BODY.cc888, () => {
        r.rest({ id: 'jt808.cc888.body', label: `${MESSAGES[id]!.label}: body`, type: 'bytes' }, 'CC888 body layout is not published (the Carscop manual names the message only)');
      });
  }
  if (r.remaining === 0) return;
  const known = MESSAGES[id];
  r.rest(F.body, known ? `${known.label}: body not decoded field by field` : `body of unknown message 0x${hex4(id)}`);
}

const setIf = (a: Record<string, FieldValue>, k: string, v: FieldValue | undefined) => {
  if (v !== undefined) a[k] = v;
};

function pushPosition(out: DecodedFrame, p: Position | undefined): void {
  if (p) out.positions.push(p);
}

function utf16be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

/** Parameter list (0x8103 body, 0x0104 after the reply serial): count, then id(4) length(1) value. */
function decodeParameters(r: FieldReader): void {
  r.u8(PARAMS.count);
  while (r.remaining >= 5) {
    const id = ((r.bytes[r.pos]! << 24) >>> 0) + ((r.bytes[r.pos + 1]! << 16) | (r.bytes[r.pos + 2]! << 8) | r.bytes[r.pos + 3]!);
    const len = r.bytes[r.pos + 4]!;
    const name = PARAM_NAMES[id];
    r.group({ ...PARAMS.param, label: `Parameter 0x${id.toString(16).padStart(4, '0')}${name ? ` ${name}` : ''}` }, () => {
      r.u32(PARAMS.id, { display: (v) => `0x${v.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''}` });
      r.u8(PARAMS.length);
      const v = r.sub(len);
      const b = r.bytes.subarray(v.pos, v.end);
      if (len === 1) v.u8(PARAMS.value);
      else if (len === 2) v.u16(PARAMS.value);
      else if (len === 4) v.u32(PARAMS.value);
      else if (b.every((c) => c >= 0x20)) text(v, PARAMS.value, v.remaining);
      else v.raw(PARAMS.value, v.remaining);
    });
  }
  r.rest(F.extra, 'bytes after the last parameter');
}

/** 0x0107: terminal type, manufacturer, model, id, ICCID, versions, module attributes. */
function decodeTerminalAttributes(r: FieldReader, ctx: BodyContext, a: Record<string, FieldValue>): void {
  r.u16(ATTRIBUTES.terminal_type, { display: (v) => `0x${hex4(v)}` });
  text(r, ATTRIBUTES.manufacturer, 5);
  text(r, ATTRIBUTES.model, ctx.v2019 ? 30 : 20);
  text(r, ATTRIBUTES.terminal_id, ctx.v2019 ? 30 : 7);
  const at = r.pos;
  if (r.bcd(ATTRIBUTES.iccid, 10) !== undefined) {
    const hex = toHex(r.bytes.subarray(at, at + 10));
    r.last!.value = hex;
    r.last!.display = hex;
    a.iccid = hex;
  }
  const hw = r.u8(ATTRIBUTES.hw_length);
  if (hw) text(r, ATTRIBUTES.hw_version, Math.min(hw, r.remaining));
  const fw = r.remaining > 0 ? r.u8(ATTRIBUTES.fw_length) : undefined;
  if (fw) setIf(a, 'versionFw', text(r, ATTRIBUTES.fw_version, Math.min(fw, r.remaining)));
  if (r.remaining > 0) r.u8(ATTRIBUTES.gnss, { display: (v) => `0x${v.toString(16).padStart(2, '0')}` });
  if (r.remaining > 0) r.u8(ATTRIBUTES.comm, { display: (v) => `0x${v.toString(16).padStart(2, '0')}` });
  r.rest(F.extra, 'bytes after the module attributes');
}

/** 0x0704 (count, type, length(2)+report …) and the vendor 0x0210 (length(1)+report …). */
function decodeBatch(r: FieldReader, ctx: BodyContext, lengthSize: 1 | 2): void {
  const { out } = ctx;
  let archive = false;
  if (lengthSize === 2) {
    r.u16(BATCH.count);
    const t = r.u8(BATCH.type);
    archive = (t ?? 0) > 0;
  }
  let n = 0;
  while (r.remaining >= lengthSize && !r.truncated) {
    n++;
    const len = lengthSize === 2 ? (r.bytes[r.pos]! << 8) | r.bytes[r.pos + 1]! : r.bytes[r.pos]!;
    r.group({ ...BATCH.record, label: `Location report ${n}` }, () => {
      if (lengthSize === 2) r.u16(BATCH.length);
      else r.u8({ ...BATCH.length, type: 'u8' });
      if (len > r.remaining) addIssue(r.last!, issue('jt808.record_overrun', 'malformed', 'warning', `record says ${len} bytes, ${r.remaining} left`));
      const sink: Sink = { attrs: n === 1 ? out.attributes : {} };
      if (archive) sink.attrs.archive = true;
      pushPosition(out, decodeLocation(r.sub(len), sink));
    });
  }
  r.rest(F.extra, 'bytes after the last location report');
}

/** 0x0702 driver identity (2013 layout; 2019 appends the driver's ID number). */
function decodeDriver(r: FieldReader, a: Record<string, FieldValue>): void {
  const st = r.u8(DRIVER.status);
  setIf(a, 'cardStatus', st);
  readBcdTime(r, DRIVER.time, GMT8);
  // A card-removed report (status 2) may end here; an inserted card carries the card fields.
  if (r.remaining > 0) {
    setIf(a, 'cardResult', r.u8(DRIVER.result));
    const n = r.u8(DRIVER.name_length);
    if (n !== undefined) setIf(a, 'driver', n ? text(r, DRIVER.name, Math.min(n, r.remaining)) : '');
    setIf(a, 'cardCode', text(r, DRIVER.certificate, Math.min(20, r.remaining)));
    const m = r.remaining > 0 ? r.u8(DRIVER.agency_length) : undefined;
    if (m !== undefined) setIf(a, 'cardAgency', m ? text(r, DRIVER.agency, Math.min(m, r.remaining)) : '');
    if (r.remaining >= 4) {
      const at = r.pos;
      r.bcd(DRIVER.validity, 4);
      a.cardValidity = toHex(r.bytes.subarray(at, at + 4));
    }
  }
  r.rest(F.extra, 'bytes after the certificate validity (2019: driver ID number)');
}

/** 0x2070: samples of time(6) and x/y/z words in sign-and-magnitude form. */
function decodeAcceleration(r: FieldReader, a: Record<string, FieldValue>): void {
  const samples: string[] = [];
  const sm = (v: number) => (v & 0x8000 ? -(v & 0x7fff) : v & 0x7fff);
  while (r.remaining >= 12) {
    r.group(ACCEL.sample, () => {
      readBcdTime(r, ACCEL.time, GMT8);
      const x = r.u16(ACCEL.x, { display: (v) => String(sm(v)) })!;
      const y = r.u16(ACCEL.y, { display: (v) => String(sm(v)) })!;
      const z = r.u16(ACCEL.z, { display: (v) => String(sm(v)) })!;
      samples.push(`[${sm(x)},${sm(y)},${sm(z)}]`);
    });
  }
  a.gSensor = `[${samples.join(',')}]`;
  r.rest(F.extra, 'bytes after the last sample');
}

/** Status, latitude and longitude as in the location report; a position needs a time from elsewhere. */
function readCoordinates(r: FieldReader, a: Record<string, FieldValue>): { valid: boolean; lat: number; lon: number } | undefined {
  const status = r.u32(LOC.status, { display: (v) => `0x${v.toString(16).padStart(8, '0')}` });
  const south = status !== undefined && (status & 4) !== 0;
  const west = status !== undefined && (status & 8) !== 0;
  const lat = r.u32(LOC.latitude, { display: (v) => `${(south ? -v : v) / 1e6}°` });
  const lon = r.u32(LOC.longitude, { display: (v) => `${(west ? -v : v) / 1e6}°` });
  if (status === undefined || lat === undefined || lon === undefined) return undefined;
  a.ignition = (status & 1) !== 0;
  a.blocked = (status & 0x400) !== 0;
  return { valid: (status & 2) !== 0, lat: round((south ? -lat : lat) / 1e6), lon: round((west ? -lon : lon) / 1e6) };
}

/** Values of the vendor vehicle-data pass-through (0x0900 type 0xf0, subtype 1), by value id. */
const F0_VALUES: Readonly<Record<number, [string, (v: number) => number]>> = {
  0x0102: ['odometer', (v) => v * 100], 0x0528: ['odometer', (v) => v * 100], 0x0546: ['odometer', (v) => v * 100],
  0x0103: ['fuel', (v) => v / 100], 0x052a: ['fuel', (v) => v / 100], 0x052b: ['fuel', (v) => v],
  0x0111: ['fuelTemp', (v) => v - 40], 0x012e: ['oilLevel', (v) => v / 10],
  0x0105: ['fuelUsed', (v) => v / 100], 0x052c: ['fuelUsed', (v) => v / 100],
  0x014a: ['fuelConsumption', (v) => v / 100], 0x0537: ['fuelConsumption', (v) => v / 100], 0x0538: ['fuelConsumption', (v) => v / 100], 0x0539: ['fuelConsumption', (v) => v / 100],
  0x052d: ['coolantTemp', (v) => v - 40], 0x052e: ['airTemp', (v) => v - 40], 0x0530: ['power', (v) => v / 1000],
  0x0535: ['obdSpeed', (v) => v / 10], 0x0536: ['rpm', (v) => v], 0x053d: ['intakePressure', (v) => v / 10],
  0x0544: ['liquidLevel', (v) => v], 0x0547: ['throttle', (v) => v], 0x0548: ['throttle', (v) => v],
};

const F0_ALARMS: Readonly<Record<number, string>> = {
  0x01: 'powerRestored', 0x02: 'powerCut', 0x0e: 'idle', 0x1a: 'hardAcceleration', 0x1b: 'hardBraking', 0x1c: 'hardCornering',
  0x1d: 'laneChange', 0x1e: 'laneChange', 0x1f: 'laneChange', 0x23: 'fatigueDriving', 0x25: 'overspeed',
  0x26: 'accident', 0x27: 'accident', 0x28: 'accident', 0x31: 'door', 0x32: 'door',
};

const PT = (key: string, label: string, type: FieldDef['type'] = 'u8', unit?: string): FieldDef => ({ id: `jt808.passthrough.${key}`, label, type, ...(unit ? { unit } : {}) });

/** 0x0900 pass-through: type byte, then the vendor payloads Traccar knows (OBD text, vehicle data, sensors). */
function decodePassThrough(r: FieldReader, out: DecodedFrame, sink: Sink): void {
  const a = out.attributes;
  const type = r.u8(PASSTHROUGH.type);
  if (type === undefined) return;
  if (type === 0x41 || type === 0x40) {
    const from = r.pos;
    const to = r.end;
    const s = javaTrim(latin1(r.bytes.subarray(from, to)));
    if (type === 0x41 || s.startsWith('$OBD-RT')) {
      r.group({ ...PASSTHROUGH.text, type: 'group', label: 'OBD real-time data' }, () => {
        decodeObdRt(r, from, to, sink, 'jt808.passthrough.obd');
        r.skip(to - from);
      });
    } else {
      text(r, PASSTHROUGH.text, to - from);
      if (s.startsWith('GTSL')) {
        const v = s.split('|');
        if (v.length > 4) a.driverUniqueId = v[4]!;
      } else if (s) a.data = s;
    }
    return;
  }
  if (type === 0xf0) return decodeVehicleData(r, out, sink);
  if (type === 0xff) {
    const time = readBcdTime(r, PASSTHROUGH.time, GMT8);
    const lat = r.i32(PT('latitude', 'Latitude', 'i32', '1e-6 °'));
    const lon = r.i32(PT('longitude', 'Longitude', 'i32', '1e-6 °'));
    const alt = r.i16(PT('altitude', 'Altitude', 'i16', 'm'));
    const speed = r.u16(PT('speed', 'Speed', 'u16', '1/10 km/h'));
    const course = r.u16(PT('course', 'Course', 'u16', '°'));
    r.rest(F.extra, 'further samples not decoded');
    if (time && lat !== undefined && lon !== undefined && validLatLon(lat / 1e6, lon / 1e6)) {
      out.positions.push({ time, valid: true, lat: round(lat / 1e6), lon: round(lon / 1e6), ...(alt !== undefined ? { altitude: alt } : {}), ...(speed !== undefined ? { speedKnots: round(kmhToKnots(speed / 10)) } : {}), ...(course !== undefined ? { course } : {}) });
    }
    return;
  }
  if (type === 0xf3) {
    while (r.remaining > 4) {
      const sub = (r.bytes[r.pos]! << 8) | r.bytes[r.pos + 1]!;
      const len = (r.bytes[r.pos + 2]! << 8) | r.bytes[r.pos + 3]!;
      r.group(PT('item', `Item 0x${hex4(sub)}`, 'group'), () => {
        r.u16(PT('item.type', 'Item type', 'u16'));
        r.u16(PT('item.length', 'Item length', 'u16'));
        const v = r.sub(len);
        if (sub === 0x0002 && len === 2) {
          const c = v.u16(PT('collision', 'Collision', 'u16'));
          if (c !== undefined) a.collision = c / 256 / 100;
        } else if (sub === 0x0006 && len === 6) readBcdTime(v, PT('item.time', 'Time (GMT+8)', 'time'), GMT8);
        v.rest(PT('item.raw', 'Value', 'bytes'), `pass-through item 0x${hex4(sub)} not decoded`);
      });
    }
    r.rest(F.extra, 'bytes after the last item');
    return;
  }
  if (type === 0x53 || type === 0x54) {
    const c = readCoordinates(r, a);
    const alt = r.i16(LOC.altitude);
    const speed = r.u16(LOC.speed, { display: (v) => `${v / 10} km/h` });
    const course = r.u16(LOC.course);
    const time = readBcdTime(r, LOC.time, GMT8);
    if (c && time && validLatLon(c.lat, c.lon)) {
      out.positions.push({ time, valid: c.valid, lat: c.lat, lon: c.lon, ...(alt !== undefined ? { altitude: alt } : {}), ...(speed !== undefined ? { speedKnots: round(kmhToKnots(speed / 10)) } : {}), ...(course !== undefined ? { course } : {}) });
    }
    if (type === 0x53) {
      if (r.remaining > 0) r.u8(PT('tag_count', 'Total tag count'));
      while (r.remaining >= 8 && !r.truncated) {
        const idx = r.bytes[r.pos]! + 1;
        r.group(PT('tag', `Tag ${idx}`, 'group'), () => {
          r.u8(PT('tag.index', 'Tag index'));
          const mac = r.raw(PT('tag.mac', 'MAC', 'bytes'), 6);
          if (mac) a[`tag${idx}Mac`] = toHex(mac);
          const rssi = r.i8(PT('tag.rssi', 'RSSI', 'i8', 'dBm'));
          if (rssi !== undefined) a[`tag${idx}Rssi`] = rssi;
          const n = r.remaining > 0 ? r.u8(PT('tag.length', 'Data length')) : undefined;
          if (n) {
            const d = r.raw(PT('tag.data', 'Data', 'bytes'), Math.min(n, r.remaining));
            if (d) a[`tag${idx}Data`] = toHex(d);
          }
        });
      }
    } else {
      while (r.remaining >= 8 && !r.truncated) {
        r.group(PT('sample', 'Sensor sample', 'group'), () => {
          const mask = r.u16(PT('sample.mask', 'Field mask', 'flags'), { display: (v) => `0x${hex4(v)}` }) ?? 0;
          r.raw(PT('sample.time', 'Sample time (BCD)', 'bytes'), 6);
          if (mask & 1) setIf(a, 'lightSensor', r.u16(PT('sample.light', 'Light sensor', 'u16')));
          if (mask & 2) {
            const t = r.i16(PT('sample.device_temp', 'Device temperature', 'i16', '1/10 °C'));
            const h = r.i16(PT('sample.humidity', 'Humidity', 'i16', '1/10 %'));
            if (t !== undefined) a.deviceTemp = t / 10;
            if (h !== undefined) a.humidity = h / 10;
          }
          if (mask & 4) {
            const t = r.i16(PT('sample.temp', 'Temperature 3', 'i16', '1/10 °C'));
            if (t !== undefined) a.temp3 = t / 10;
          }
          if (mask & 8) r.raw(PT('sample.acceleration', 'Acceleration', 'bytes'), 6);
          if (mask & 16) setIf(a, 'airPressure', r.u16(PT('sample.pressure', 'Air pressure', 'u16')));
        });
      }
    }
    r.rest(F.extra, 'bytes after the last record');
    return;
  }
  if (r.remaining > 0) r.rest(PASSTHROUGH.data, `pass-through type 0x${type.toString(16).padStart(2, '0')} not decoded`);
}

/** 0x0900 type 0xf0 vehicle data (vendor): time, archive flag, vehicle type, subtype, payload, coordinates. */
function decodeVehicleData(r: FieldReader, out: DecodedFrame, sink: Sink): void {
  const a = out.attributes;
  const time = readBcdTime(r, PASSTHROUGH.time, GMT8);
  const archive = r.u8(PASSTHROUGH.archive);
  if (archive) a.archive = true;
  r.u8(PASSTHROUGH.vehicle_type);
  const sub = r.u8(PASSTHROUGH.subtype);
  let coordinates = false;
  if (sub === 0x01) {
    const count = r.u8(PT('value_count', 'Value count')) ?? 0;
    for (let i = 0; i < count && r.remaining >= 3; i++) {
      const id = (r.bytes[r.pos]! << 8) | r.bytes[r.pos + 1]!;
      const len = r.bytes[r.pos + 2]!;
      r.group(PT('value', `Value 0x${hex4(id)}`, 'group'), () => {
        r.u16(PT('value.id', 'Value ID', 'u16'), { display: (v) => `0x${hex4(v)}` });
        r.u8(PT('value.length', 'Value length'));
        const v = r.sub(len);
        const known = F0_VALUES[id];
        if (id === 0xfeec) setIf(a, 'vin', text(v, PT('value.vin', 'VIN', 'ascii'), len));
        else if (len === 1 || len === 2 || len === 4) {
          const x = len === 1 ? v.u8(PT('value.value', 'Value')) : len === 2 ? v.u16(PT('value.value', 'Value', 'u16')) : v.u32(PT('value.value', 'Value', 'u32'));
          if (x !== undefined) a[known ? known[0] : `io${id}`] = known ? known[1](x) : x;
        }
        v.rest(PT('value.raw', 'Value', 'bytes'), `value 0x${hex4(id)} not decoded`);
      });
    }
    coordinates = true;
  } else if (sub === 0x02) {
    const codes: string[] = [];
    const systems = r.u16(PASSTHROUGH.count) ?? 0;
    for (let i = 0; i < systems && !r.truncated; i++) {
      r.group(PT('system', `System ${i + 1}`, 'group'), () => {
        r.u32(PT('system.id', 'System ID', 'u32'));
        const n = r.u16(PT('system.count', 'Code count', 'u16')) ?? 0;
        for (let j = 0; j < n && !r.truncated; j++) {
          r.group(PT('dtc', 'Fault code', 'group'), () => {
            r.u32(PT('dtc.code', 'DTC', 'u32'));
            r.u32(PT('dtc.status', 'Status', 'u32'));
            const l = r.u16(PT('dtc.length', 'Text length', 'u16'));
            if (l !== undefined) {
              const t = text(r, PT('dtc.text', 'Code', 'ascii'), Math.min(l, r.remaining));
              if (t !== undefined) codes.push(t);
            }
          });
        }
      });
    }
    a.dtcs = codes.join(' ');
    coordinates = true;
  } else if (sub === 0x03) {
    const count = r.u8(PT('alarm_count', 'Alarm count')) ?? 0;
    for (let i = 0; i < count && r.remaining >= 2; i++) {
      const id = r.bytes[r.pos]!;
      const len = r.bytes[r.pos + 1]!;
      r.group(PT('alarm', `Alarm 0x${id.toString(16).padStart(2, '0')}`, 'group'), () => {
        r.u8(PT('alarm.id', 'Alarm ID'));
        r.u8(PT('alarm.length', 'Data length'));
        if (len) r.raw(PT('alarm.data', 'Alarm data', 'bytes'), Math.min(len, r.remaining));
      });
      if (F0_ALARMS[id]) addAlarm(sink, F0_ALARMS[id]!);
    }
    coordinates = true;
  } else if (sub === 0x04) {
    const prop = r.u8(PT('trip.property', 'Trip property'));
    setIf(a, 'tripNumber', r.u32(PT('trip.number', 'Trip number', 'u32')));
    r.raw(PT('trip.start', 'Start time (BCD)', 'bytes'), 6);
    if (prop === 2) {
      r.raw(PT('trip.end', 'End time (BCD)', 'bytes'), 6);
      r.raw(PT('trip.start_location', 'Start location', 'bytes'), 8);
      r.raw(PT('trip.end_location', 'End location', 'bytes'), 8);
      r.u8(PT('trip.flags', 'Location flags'));
      setIf(a, 'idlingCount', r.u16(PT('trip.idling_count', 'Idling count', 'u16')));
      setIf(a, 'idlingTime', r.u16(PT('trip.idling_time', 'Idling time', 'u16')));
      const odo = r.u16(PT('trip.odometer', 'Trip odometer', 'u16', '100 m'));
      if (odo !== undefined) a.tripOdometer = odo * 100;
      const fuel = r.u16(PT('trip.fuel', 'Trip fuel', 'u16', '1/100 L'));
      if (fuel !== undefined) a.tripFuel = fuel / 100;
    }
  } else if (sub === 0x0b) {
    if (r.u8(PT('vin_flag', 'VIN present'))) setIf(a, 'vin', text(r, PT('vin', 'VIN', 'ascii'), 17));
  } else if (sub === 0x15) {
    const e = r.i32(PT('event', 'Event', 'i32'));
    const names: Record<number, string> = { 51: 'hardAcceleration', 52: 'hardBraking', 53: 'hardCornering', 54: 'laneChange', 56: 'accident' };
    if (e !== undefined) {
      if (names[e]) addAlarm(sink, names[e]!);
      else a.event = e;
    }
  }
  if (coordinates && r.remaining >= 12) {
    const c = readCoordinates(r, a);
    if (c && time && validLatLon(c.lat, c.lon)) out.positions.push({ time, valid: c.valid, lat: c.lat, lon: c.lon });
  }
  r.rest(F.extra, 'vehicle data bytes not decoded');
}

