/**
 * Additional-information items of the JT/T 808 location report (table 27: id(1), length(1),
 * value). Standard items follow JT/T 808-2013/2019 and JT/T 1078; vendor items follow the layouts
 * Traccar's Jt808ProtocolDecoder reads (facts only), with attribute names as the corpus uses them.
 * Where a vendor layout cannot be told from the bytes, the item stays a named raw node.
 */
import type { FieldValue } from '../core/types';
import type { FieldDef, FieldType } from '../core/fields';
import { FieldReader, addIssue, issue, type ReadOptions } from '../core/reader';
import { isBcd, latin1, toHex } from '../core/bytes';
import { EXT_ITEMS, ITEM, ITEMS, type ItemInfo } from './fields';

/** Where decoded values go: the attributes of one location record. */
export interface Sink {
  attrs: Record<string, FieldValue>;
}

/** Append an alarm name the way the corpus writes several (`lowBattery,removing`), without repeats. */
export function addAlarm(s: Sink, name: string): void {
  const cur = s.attrs.alarm;
  if (typeof cur !== 'string' || cur === '') s.attrs.alarm = name;
  else if (!cur.split(',').includes(name)) s.attrs.alarm = `${cur},${name}`;
}

/** Java's String.trim(): drop characters <= U+0020 at both ends (NUL padding included). */
export const javaTrim = (s: string): string => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');

const hex2 = (v: number) => v.toString(16).padStart(2, '0');
const hex4 = (v: number) => v.toString(16).padStart(4, '0');

const isPrintable = (b: Uint8Array) => b.length > 0 && b.every((c) => c >= 0x20 && c < 0x7f);

/** The value of one item: a reader limited to it plus helpers that name fields `jt808.item.<key>.<field>`. */
export class Item {
  readonly at: number;
  constructor(
    readonly v: FieldReader,
    readonly len: number,
    readonly key: string,
    readonly s: Sink,
  ) {
    this.at = v.pos;
  }

  def(field: string, label: string, type: FieldType, unit?: string): FieldDef {
    return { id: `jt808.item.${this.key}.${field}`, label, type, ...(unit ? { unit } : {}) };
  }
  /** Byte `i` of the value (0 when outside it). */
  peek(i: number): number {
    return this.at + i < this.v.end ? this.v.bytes[this.at + i]! : 0;
  }
  /** The value's bytes from `i` on (plain, unescaped). */
  slice(i = 0, n = this.len - i): Uint8Array {
    return this.v.bytes.subarray(this.at + i, Math.min(this.v.end, this.at + i + n));
  }
  get left(): number {
    return this.v.remaining;
  }
  u8(field: string, label: string, unit?: string, display?: ReadOptions['display']) {
    return this.v.u8(this.def(field, label, 'u8', unit), display ? { display } : undefined);
  }
  i8(field: string, label: string, unit?: string) {
    return this.v.i8(this.def(field, label, 'i8', unit));
  }
  u16(field: string, label: string, unit?: string, display?: ReadOptions['display']) {
    return this.v.u16(this.def(field, label, 'u16', unit), display ? { display } : undefined);
  }
  i16(field: string, label: string, unit?: string, display?: ReadOptions['display']) {
    return this.v.i16(this.def(field, label, 'i16', unit), display ? { display } : undefined);
  }
  u24(field: string, label: string) {
    return this.v.u24(this.def(field, label, 'u24'));
  }
  u32(field: string, label: string, unit?: string, display?: ReadOptions['display']) {
    return this.v.u32(this.def(field, label, 'u32', unit), display ? { display } : undefined);
  }
  ascii(field: string, label: string, n: number) {
    return this.v.ascii(this.def(field, label, 'ascii'), n);
  }
  raw(field: string, label: string, n: number) {
    return this.v.raw(this.def(field, label, 'bytes'), n);
  }
  set(key: string, value: FieldValue | undefined): void {
    if (value !== undefined) this.s.attrs[key] = value;
  }
  alarm(name: string): void {
    addAlarm(this.s, name);
  }
}

type Decoder = (it: Item) => void;

const scaled = (div: number, unit: string) => (x: number) => `${round(x / div)} ${unit}`;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Sign-and-magnitude word (bit 15 = negative), as the vendors' temperature fields use. */
const signMag = (x: number) => (x & 0x8000 ? -(x & 0x7fff) : x);

/** Comma-separated `$OBD-RT,…` text (vendor): one node per value, attributes as Traccar names them. */
export function decodeObdRt(r: FieldReader, from: number, to: number, s: Sink, prefix: string): void {
  const names = ['', 'power', 'rpm', 'obdSpeed', 'throttle', 'engineLoad', 'coolantTemp', 'fuelConsumption', 'fuelConsumption', 'tripOdometer', 'obdOdometer', 'tripFuelUsed', 'fuelUsed'];
  const ids = ['header', 'power', 'rpm', 'obd_speed', 'throttle', 'engine_load', 'coolant_temp', 'fuel_instant', 'fuel_average', 'trip_odometer', 'obd_odometer', 'trip_fuel_used', 'fuel_used'];
  const labels = ['Header', 'Battery voltage', 'Engine speed', 'OBD speed', 'Throttle', 'Engine load', 'Coolant temperature', 'Instant fuel consumption', 'Average fuel consumption', 'Trip odometer', 'OBD odometer', 'Trip fuel used', 'Fuel used'];
  let i = from;
  let n = 0;
  let end = to;
  while (end > from && (r.bytes[end - 1] === 0x0d || r.bytes[end - 1] === 0x0a || r.bytes[end - 1] === 0x20)) end--;
  while (i <= end) {
    let j = i;
    while (j < end && r.bytes[j] !== 0x2c) j++;
    const text = latin1(r.bytes.subarray(i, j));
    r.node({ id: `${prefix}.${ids[n] ?? 'field'}`, label: labels[n] ?? `Field ${n}`, type: 'ascii' }, i, j, text);
    const key = names[n];
    if (key && text !== '' && Number.isFinite(Number(text))) s.attrs[key] = Number(text);
    n++;
    i = j + 1;
  }
}

/** Standard and vendor items of the location report, by id. */
const DECODERS: Record<number, Decoder> = {
  0x01: (it) => {
    const v = it.u32('value', 'Mileage', '1/10 km', scaled(10, 'km'));
    if (v !== undefined) it.set('odometer', v * 100);
  },
  0x02: (it) => {
    const v = it.u16('value', 'Fuel', '1/10 L', (x) => (x & 0x8000 ? `${x & 0x7fff} % (vendor)` : `${x / 10} L`));
    if (v !== undefined) it.set('fuel', v & 0x8000 ? v & 0x7fff : v / 10);
  },
  0x03: (it) => {
    const v = it.u16('value', 'Speed', '1/10 km/h', scaled(10, 'km/h'));
    if (v !== undefined) it.set('obdSpeed', v / 10);
  },
  0x04: (it) => void it.u16('value', 'Alarm event ID'),
  0x06: (it) => {
    if (it.len === 2) it.i16('value', 'Compartment temperature', '°C');
    else if (it.len === 1) it.set('batteryLevel', it.u8('value', 'Battery level', '%'));
  },
  0x0b: (it) => decodeLock(it),
  0x11: (it) => {
    const t = it.u8('type', 'Location type', undefined, (x) => ['no specific location', 'circular area', 'rectangular area', 'polygon area', 'route'][x] ?? String(x));
    if (t && it.left >= 4) it.u32('area', 'Area or route ID');
  },
  0x12: (it) => {
    it.u8('type', 'Location type', undefined, (x) => ['-', 'circular area', 'rectangular area', 'polygon area', 'route'][x] ?? String(x));
    it.u32('area', 'Area or route ID');
    it.u8('direction', 'Direction', undefined, (x) => (x ? 'out' : 'in'));
  },
  0x13: (it) => {
    it.u32('route', 'Road section ID');
    it.u16('time', 'Driving time', 's');
    it.u8('result', 'Result', undefined, (x) => (x ? 'too long' : 'insufficient'));
  },
  0x14: (it) => it.set('videoAlarm', it.u32('value', 'Video alarm flags')),
  0x15: (it) => void it.u32('value', 'Channels with signal loss'),
  0x16: (it) => void it.u32('value', 'Channels with occlusion'),
  0x17: (it) => void it.u16('value', 'Storage fault flags'),
  0x18: (it) => {
    it.u16('value', 'Abnormal driving type');
    if (it.left >= 1) it.u8('fatigue', 'Fatigue level');
  },
  0x25: (it) => it.set('input', it.u32('value', 'Extended signal status')),
  0x2a: (it) => void it.u16('value', 'IO status', undefined, (x) => `0x${hex4(x)}${x & 1 ? ' deep sleep' : ''}${x & 2 ? ' sleep' : ''}`),
  0x2b: (it) => {
    const a = it.u16('ad1', 'AD1');
    const b = it.u16('ad0', 'AD0');
    if (a !== undefined) it.set('adc1', a / 100);
    if (b !== undefined) it.set('adc2', b / 100);
  },
  0x30: (it) => it.set('rssi', it.u8('value', 'Signal strength')),
  0x31: (it) => it.set('sat', it.u8('value', 'Satellites')),
  0x33: (it) => {
    if (it.len === 1) return void it.set('mode', it.u8('value', 'Mode'));
    const text = it.ascii('text', 'Text', it.len);
    if (text?.startsWith('*M00') && text.length >= 15) {
      const mv = Number(text.substring(10, 13));
      if (Number.isFinite(mv)) it.set('battery', mv / 100);
    }
  },
  0x51: (it) => {
    if (it.len !== 2 && it.len !== 16) return;
    for (let i = 1; i <= it.len / 2; i++) {
      const v = it.u16(`temp${i}`, `Temperature ${i}`, undefined, (x) => (x === 0xffff ? 'absent' : `${signMag(x) / 10} °C`));
      if (v !== undefined && v !== 0xffff) it.set(`temp${i}`, signMag(v) / 10);
    }
  },
  0x56: (it) => {
    if (it.len !== 2) return;
    const v = it.u8('value', 'Battery level', '10 %', (x) => `${x * 10} %`);
    if (v !== undefined) it.set('batteryLevel', v * 10);
    it.u8('reserved', 'Reserved');
  },
  0x57: (it) => {
    if (it.len !== 8) return;
    const a = it.u16('alarms', 'Driving alarms', undefined, (x) => `0x${hex4(x)}`);
    if (a !== undefined) {
      if (a & 0x100) it.alarm('hardAcceleration');
      if (a & 0x200) it.alarm('hardBraking');
      if (a & 0x400) it.alarm('hardCornering');
    }
    it.u16('switches', 'External switch state');
    const b = it.u32('alarms2', 'Alarm bits (bit 16 door, MV710G)');
    if (b !== undefined && b & 0x10000) it.alarm('door');
  },
  0x60: (it) => {
    const e = it.u16('value', 'Event');
    it.set('event', e);
    if (e !== undefined && e >= 0x61 && e <= 0x66 && it.left >= 14) {
      it.raw('lock_id', 'Lock ID', 6);
      it.set('driverUniqueId', it.ascii('driver', 'Driver ID', 8));
    }
  },
  0x63: (it) => {
    for (let i = 1; i <= Math.floor(it.len / 11); i++) {
      it.set(`lock${i}Id`, toHexOr(it.raw(`lock${i}.id`, `Lock ${i} ID`, 6)));
      const b = it.u16(`lock${i}.battery`, `Lock ${i} battery`, 'mV', scaled(1000, 'V'));
      if (b !== undefined) it.set(`lock${i}Battery`, b / 1000);
      const seal = it.u8(`lock${i}.seal`, `Lock ${i} seal`, undefined, (x) => (x === 0x31 ? 'sealed' : 'open'));
      if (seal !== undefined) it.set(`lock${i}Seal`, seal === 0x31);
      it.u8(`lock${i}.state`, `Lock ${i} physical state`);
      it.u8(`lock${i}.rssi`, `Lock ${i} signal`);
    }
  },
  0x64: (it) => decodeSafety(it, 'adasAlarm'),
  0x65: (it) => decodeSafety(it, 'dmsAlarm'),
  0x67: (it) => it.set('password', it.ascii('value', 'Password', Math.min(8, it.len))),
  0x68: (it) => {
    const v = it.u16('value', 'Battery level', '1/100 %');
    if (v !== undefined) it.set('batteryLevel', v / 100);
  },
  0x69: (it) => {
    const v = it.u16('value', 'Battery voltage', '10 mV', scaled(100, 'V'));
    if (v !== undefined) it.set('battery', v / 100);
  },
  0x70: (it) => {
    if (it.len < 6) return;
    it.u32('serial', 'Alarm serial number');
    it.u8('status', 'Alarm status');
    const t = it.u8('type', 'Alarm type', undefined, (x) => ({ 1: 'hard acceleration', 2: 'hard braking', 3: 'hard cornering', 0x16: 'accident' })[x] ?? String(x));
    const name = t === undefined ? undefined : ({ 1: 'hardAcceleration', 2: 'hardBraking', 3: 'hardCornering', 0x16: 'accident' } as Record<number, string>)[t];
    if (name) it.alarm(name);
  },
  0x77: (it) => {
    while (it.left >= 8) {
      const i = it.u8('index', 'Tyre');
      if (i === undefined) return;
      it.set(`tire${i}SensorId`, toHexOr(it.raw(`tire${i}.sensor`, `Tyre ${i} sensor ID`, 3)));
      const p = it.u16(`tire${i}.pressure`, `Tyre ${i} pressure`, '1/40 bar', (x) => `${(x & 0x3ff) / 40} bar`);
      if (p !== undefined) it.set(`tire${i}Pressure`, (p & 0x3ff) / 40);
      const t = it.u8(`tire${i}.temp`, `Tyre ${i} temperature`, undefined, (x) => `${x - 50} °C`);
      if (t !== undefined) it.set(`tire${i}Temp`, t - 50);
      it.set(`tire${i}Status`, it.u8(`tire${i}.status`, `Tyre ${i} status`));
    }
  },
  0x80: (it) => void it.u8('value', 'Content (OBD extension follows)'),
  0x82: (it) => {
    const v = it.u16('value', 'External power', '1/10 V', scaled(10, 'V'));
    if (v !== undefined) it.set('power', v / 10);
  },
  0x91: (it) => {
    if (it.len < 22) return;
    const b = it.u16('battery', 'Battery voltage', '1/10 V', scaled(10, 'V'));
    if (b !== undefined) it.set('battery', b / 10);
    it.set('rpm', it.u16('rpm', 'Engine speed', 'rpm'));
    it.set('obdSpeed', it.u8('speed', 'OBD speed', 'km/h'));
    const th = it.u8('throttle', 'Throttle', '1/255');
    if (th !== undefined) it.set('throttle', Math.floor((th * 100) / 255));
    const el = it.u8('load', 'Engine load', '1/255');
    if (el !== undefined) it.set('engineLoad', Math.floor((el * 100) / 255));
    const ct = it.u8('coolant', 'Coolant temperature', undefined, (x) => `${x - 40} °C`);
    if (ct !== undefined) it.set('coolantTemp', ct - 40);
    it.u16('reserved1', 'Reserved');
    const fc = it.u16('consumption', 'Fuel consumption', '1/100 L/h');
    if (fc !== undefined) it.set('fuelConsumption', fc / 100);
    it.u16('reserved2', 'Reserved');
    it.u32('reserved3', 'Reserved');
    it.u16('reserved4', 'Reserved');
    const fu = it.u16('fuel_used', 'Fuel used', '1/100 L');
    if (fu !== undefined) it.set('fuelUsed', fu / 100);
  },
  0x94: (it) => {
    if (it.len > 0) it.set('vin', it.ascii('value', 'VIN', it.len));
  },
  0xac: (it) => it.set('odometer', it.u32('value', 'Odometer', 'm')),
  0xbc: (it) => {
    const t = it.ascii('value', 'Driver name', it.len);
    if (t !== undefined) it.set('driver', javaTrim(t));
  },
  0xbd: (it) => it.set('driverUniqueId', it.ascii('value', 'Driver ID', it.len)),
  0xcc: (it) => it.set('iccid', it.ascii('value', 'ICCID', Math.min(20, it.len))),
  0xd0: (it) => {
    const v = it.u32('value', 'User status', undefined, (x) => `0x${x.toString(16).padStart(8, '0')}`);
    if (v !== undefined && v & 8) it.alarm('vibration');
  },
  0xd3: (it) => {
    const v = it.u16('value', 'External power', '1/10 V', scaled(10, 'V'));
    if (v !== undefined) it.set('power', v / 10);
  },
  0xd4: (it) => batteryOrDriver(it),
  0xe9: (it) => batteryOrDriver(it),
  0xe1: (it) => {
    if (it.len >= 12 && (it.len - 4) % 8 === 0) {
      it.u16('mcc', 'MCC');
      it.u16('mnc', 'MNC');
      while (it.left >= 8) {
        it.u24('lac', 'LAC');
        it.u32('cid', 'Cell ID');
        it.u8('rssi', 'Signal');
      }
    } else if (it.len === 2) {
      const v = it.u16('value', 'External power', '1/10 V', scaled(10, 'V'));
      if (v !== undefined) it.set('power', v / 10);
    } else batteryOrDriver(it);
  },
  0xd5: (it) => {
    if (it.len === 2) {
      const v = it.u16('value', 'Battery voltage', '10 mV', scaled(100, 'V'));
      if (v !== undefined) it.set('battery', v / 100);
      return;
    }
    const count = it.u8('count', 'Lock count');
    for (let i = 1; count !== undefined && i <= count && it.left >= 13; i++) {
      it.set(`lock${i}Id`, toHexOr(it.raw(`lock${i}.id`, `Lock ${i} ID`, 5)));
      it.set(`lock${i}Card`, toHexOr(it.raw(`lock${i}.card`, `Lock ${i} card`, 5)));
      it.set(`lock${i}Battery`, it.u8(`lock${i}.battery`, `Lock ${i} battery`, '%'));
      const st = it.u16(`lock${i}.status`, `Lock ${i} status`, undefined, (x) => `0x${hex4(x)} (${x & 0x20 ? 'unlocked' : 'locked'})`);
      if (st !== undefined) it.set(`lock${i}Locked`, !(st & 0x20));
    }
  },
  0xda: (it) => {
    if (it.len < 3) return;
    it.u16('cuts', 'String cut count');
    const st = it.u8('status', 'Device status', undefined, (x) => `0x${hex2(x)}`);
    if (st !== undefined) {
      it.set('string', !!(st & 1));
      it.set('motion', !!(st & 4));
      it.set('cover', !!(st & 8));
    }
  },
  0xe2: (it) => {
    const v = it.u32('value', 'Fuel', '1/10 L', scaled(10, 'L'));
    if (v !== undefined) it.set('fuel', v / 10);
  },
  0xe3: (it) => {
    if (it.len < 4) return;
    if (isPrintable(it.slice())) return void it.ascii('text', 'Text', it.len);
    it.u8('reserved', 'Reserved');
    it.set('batteryLevel', it.u8('level', 'Battery level', '%'));
    const v = it.u16('voltage', 'Battery voltage', '10 mV', scaled(100, 'V'));
    if (v !== undefined) it.set('battery', v / 100);
  },
  0xe4: (it) => {
    if (it.len !== 2) return;
    const c = it.u8('charge', 'Charging', undefined, (x) => (x === 0 ? 'charging' : 'not charging'));
    if (c === 0) it.set('charge', true);
    it.set('batteryLevel', it.u8('level', 'Battery level', '%'));
  },
  0xe5: (it) => {
    if (it.len === 1) {
      const m = it.u8('value', 'Motion', undefined, (x) => (x === 1 ? 'moving' : 'still'));
      if (m !== undefined) it.set('motion', m === 1);
    }
  },
  0xe6: (it) => {
    const t = it.slice();
    if (it.len >= 7 && latin1(t.subarray(0, 7)) === '$OBD-RT') {
      decodeObdRt(it.v, it.at, it.at + it.len, it.s, `jt808.item.${it.key}.obd`);
      it.v.skip(it.len);
    } else if (it.len >= 11 && it.len % 11 === 0) {
      while (it.left >= 11) {
        const i = it.u8('sensor', 'Sensor');
        it.raw(`sensor${i}.mac`, `Sensor ${i} MAC`, 6);
        const t1 = it.raw(`sensor${i}.temp`, `Sensor ${i} temperature`, 2);
        const h1 = it.raw(`sensor${i}.humidity`, `Sensor ${i} humidity`, 2);
        if (t1 && t1.length === 2) it.set(`temp${i}`, customDouble(t1));
        if (h1 && h1.length === 2) it.set(`humidity${i}`, customDouble(h1));
      }
    }
  },
  0xe7: (it) => {
    if (it.len !== 8) return;
    const a = it.u16('alarms', 'Alarm bits', undefined, (x) => `0x${hex4(x)}`);
    if (a !== undefined) {
      if (a & 1) it.alarm('vibration');
      if (a & 0x0e) it.alarm('sos');
    }
  },
  0xe8: (it) => decodeJimi(it),
  0xeb: (it) => decodeEb(it),
  0xec: (it) => decodeWifi(it),
  0xf4: (it) => decodeWifi(it),
  0xed: (it) => {
    const t = it.ascii('value', 'Card', it.len);
    if (t !== undefined) it.set('card', javaTrim(t));
  },
  0xee: (it) => {
    if (it.len !== 6) return;
    it.set('rssi', it.u8('rssi', 'Signal strength'));
    const p = it.u16('power', 'External power', 'mV', scaled(1000, 'V'));
    if (p !== undefined) it.set('power', p / 1000);
    const b = it.u16('battery', 'Battery voltage', 'mV', scaled(1000, 'V'));
    if (b !== undefined) it.set('battery', b / 1000);
    it.set('sat', it.u8('satellites', 'Satellites'));
  },
  0xf0: (it) => {
    while (it.left >= 13) {
      it.u16('mcc', 'MCC');
      it.u16('mnc', 'MNC');
      it.u32('cid', 'Cell ID');
      it.u32('lac', 'LAC');
      it.u8('rssi', 'Signal');
    }
  },
  0xf1: (it) => {
    const v = it.u32('value', 'External power', 'mV', scaled(1000, 'V'));
    if (v !== undefined) it.set('power', v / 1000);
  },
  0xf2: (it) => it.set('versionFw', it.ascii('value', 'Firmware version', it.len)),
  0xf3: (it) => {
    if (it.len === 1) return void it.u8('mask', 'BLE tag field mask');
    if (obdItemsFit(it.slice())) decodeObdItems(it);
  },
  0xf5: (it) => {
    if (it.len === 2) it.set('illuminance', it.u16('value', 'Illuminance', 'lx'));
  },
  0xf6: (it) => {
    if (it.len === 2) return void it.set('airPressure', it.u16('value', 'Air pressure'));
    if (it.len === 8 && isBcd(it.slice())) {
      const b = it.raw('imei', 'IMEI', 8);
      if (b) {
        it.v.last!.value = toHex(b).substring(1);
        it.set('imei', toHex(b).substring(1));
      }
      return;
    }
    if (it.len < 2) return;
    const e = it.u8('event', 'Event');
    it.set('event', e);
    if (e === 2) it.set('motion', true);
    const mask = it.u8('mask', 'Sensor mask', undefined, (x) => `0x${hex2(x)}`) ?? 0;
    if (mask & 1 && it.left >= 2) it.set('lightSensor', it.u16('light', 'Light sensor'));
    if (mask & 2 && it.left >= 2) {
      const t = it.i16('temp', 'Temperature', '1/10 °C');
      if (t !== undefined) it.set('temp1', t / 10);
    }
    if (mask & 4 && it.left >= 2) {
      const h = it.i16('humidity', 'Humidity', '1/10 %');
      if (h !== undefined) it.set('humidity', h / 10);
    }
    if (mask & 8 && it.left >= 6) {
      const x = it.i16('gx', 'Acceleration X');
      const y = it.i16('gy', 'Acceleration Y');
      const z = it.i16('gz', 'Acceleration Z');
      it.set('gSensor', `[${x},${y},${z}]`);
    }
    if (mask & 16 && it.left >= 10) it.raw('thresholds', 'Threshold configuration', 10);
    if (mask & 32 && it.left >= 2) it.set('airPressure', it.u16('pressure', 'Air pressure'));
  },
  0xf7: (it) => {
    if (it.len === 2) {
      const h = it.u16('value', 'Humidity', '1/10 %');
      if (h !== undefined) it.set('humidity', h / 10);
      return;
    }
    if (it.len < 4) return;
    const b = it.u32('voltage', 'Battery voltage', 'mV', scaled(1000, 'V'));
    if (b !== undefined) it.set('battery', b / 1000);
    if (it.left >= 1) {
      const st = it.u8('status', 'Battery status', undefined, (x) => ({ 2: 'charging', 3: 'charged' })[x] ?? String(x));
      if (st === 2 || st === 3) it.set('charge', true);
    }
    if (it.left >= 1) it.set('batteryLevel', it.u8('level', 'Battery level', '%'));
  },
  0xf8: (it) => {
    if (it.len === 2) {
      const t = it.u16('value', 'Temperature 2', undefined, (x) => `${round(x / 10 - 50)} °C`);
      if (t !== undefined) it.set('temp2', round(t / 10 - 50));
    } else if (it.len >= 19) {
      it.u8('mode', 'Working mode');
      it.raw('imei', 'IMEI', 8);
      const ic = it.raw('iccid', 'ICCID', 10);
      if (ic) it.set('iccid', toHex(ic));
      if (it.left > 0) it.ascii('model', 'Model', it.left);
    }
  },
  0xf9: (it) => {
    if (it.len < 2) return;
    const mask = it.u16('mask', 'Field mask', undefined, (x) => `0x${hex4(x)}`) ?? 0;
    if (mask & 1 && it.left >= 4) it.u32('gnss_age', 'GNSS age');
    if (mask & 2 && it.left >= 4) it.u32('acc_time', 'ACC on time');
    if (mask & 4 && it.left >= 2) {
      const h = it.u16('hdop', 'HDOP', '1/10');
      if (h !== undefined) it.set('hdop', h / 10);
    }
    if (mask & 8 && it.left >= 6) it.raw('gnss_time', 'GNSS time', 6);
    if (mask & 32 && it.left >= 8) it.raw('intervals', 'Sampling and report interval', 8);
    if (mask & 64 && it.left >= 6) {
      const t = it.i16('temp', 'External temperature', '1/10 °C');
      if (t !== undefined) it.set('temp3', t / 10);
      it.raw('thresholds', 'Temperature thresholds', 4);
    }
  },
  0xfb: (it) => {
    const t = it.ascii('value', 'Container', it.len);
    if (t !== undefined) it.set('container', javaTrim(t));
  },
  0xfc: (it) => it.set('geofence', it.u8('value', 'Geofence')),
  0xfe: (it) => {
    if (it.len === 1) return void it.set('batteryLevel', it.u8('value', 'Battery level', '%'));
    if (it.len === 2) {
      const v = it.u16('value', 'External power', '1/10 V', scaled(10, 'V'));
      if (v !== undefined) it.set('power', v / 10);
      return;
    }
    if (it.len === 4) return void it.set('odometer', it.u32('value', 'Odometer', 'm'));
    const mark = it.u8('mark', 'Mark', undefined, (x) => `0x${hex2(x)}`);
    if (mark !== 0x7c) return;
    while (it.left >= 2) {
      const t = it.u8('sub_id', 'Sub-item ID', undefined, (x) => `0x${hex2(x)}`);
      const l = it.u8('sub_length', 'Sub-item length');
      if (t === undefined || l === undefined || l > it.left) return;
      if (t === 1 && l === 4) {
        const a = it.u32('alarms', 'Driving alarms', undefined, (x) => `0x${x.toString(16).padStart(8, '0')}`)!;
        const names = ['hardAcceleration', 'hardBraking', 'hardCornering', 'accident', 'tampering'];
        names.forEach((n, b) => a & (1 << b) && it.alarm(n));
      } else it.raw('sub_value', 'Sub-item value', l);
    }
  },
};

/** Items after the 0x80 marker (vendor OBD extension), by id. */
const EXT_DECODERS: Record<number, Decoder> = {
  0x01: (it) => {
    const v = it.u32('value', 'Odometer', '1/10 km', scaled(10, 'km'));
    if (v !== undefined) it.set('odometer', v * 100);
  },
  0x02: (it) => {
    const v = it.u16('value', 'Fuel', '1/10 L', scaled(10, 'L'));
    if (v !== undefined) it.set('fuel', v / 10);
  },
  0x03: (it) => {
    const v = it.u16('value', 'OBD speed', '1/10 km/h', scaled(10, 'km/h'));
    if (v !== undefined) it.set('obdSpeed', v / 10);
  },
  0x56: (it) => {
    it.u8('power_level', 'Power level');
    it.set('batteryLevel', it.u8('value', 'Battery level', '%'));
  },
  0x61: (it) => {
    const v = it.u16('value', 'External power', '10 mV', scaled(100, 'V'));
    if (v !== undefined) it.set('power', v / 100);
  },
  0x69: (it) => {
    const v = it.u16('value', 'Battery voltage', '10 mV', scaled(100, 'V'));
    if (v !== undefined) it.set('battery', v / 100);
  },
  0x80: (it) => it.set('obdSpeed', it.u8('value', 'OBD speed', 'km/h')),
  0x81: (it) => it.set('rpm', it.u16('value', 'Engine speed', 'rpm')),
  0x82: (it) => {
    const v = it.u16('value', 'External power', '1/10 V', scaled(10, 'V'));
    if (v !== undefined) it.set('power', v / 10);
  },
  0x83: (it) => it.set('engineLoad', it.u8('value', 'Engine load', '%')),
  0x84: (it) => {
    const v = it.u8('value', 'Coolant temperature', undefined, (x) => `${x - 40} °C`);
    if (v !== undefined) it.set('coolantTemp', v - 40);
  },
  0x85: (it) => it.set('fuelConsumption', it.u16('value', 'Fuel consumption')),
  0x86: (it) => {
    const v = it.u8('value', 'Intake temperature', undefined, (x) => `${x - 40} °C`);
    if (v !== undefined) it.set('intakeTemp', v - 40);
  },
  0x87: (it) => it.set('intakeFlow', it.u16('value', 'Intake flow')),
  0x88: (it) => it.set('intakePressure', it.u8('value', 'Intake pressure')),
  0x89: (it) => it.set('throttle', it.u8('value', 'Throttle', '%')),
  0x8b: (it) => it.set('vin', it.ascii('value', 'VIN', Math.min(17, it.len))),
  0x8c: (it) => {
    const v = it.u32('value', 'OBD odometer', '1/10 km', scaled(10, 'km'));
    if (v !== undefined) it.set('obdOdometer', v * 100);
  },
  0x8d: (it) => {
    const v = it.u16('value', 'Trip odometer', 'km');
    if (v !== undefined) it.set('tripOdometer', v * 1000);
  },
  0x8e: (it) => it.set('fuel', it.u8('value', 'Fuel level', '%')),
  0xa0: (it) => {
    const t = it.len ? it.ascii('value', 'Codes', it.len) : '';
    if (t !== undefined) it.set('dtcs', t.replace(/,/g, ' '));
  },
  0xcc: (it) => it.set('iccid', it.ascii('value', 'ICCID', Math.min(20, it.len))),
};

const toHexOr = (b: Uint8Array | undefined) => (b ? toHex(b) : undefined);

/** Vendors' signed "integer part, 1/255 fraction" pair (BLE temperature/humidity sensors). */
function customDouble(b: Uint8Array): number {
  const b1 = (b[0]! << 24) >> 24;
  const b2 = b[1]!;
  const sign = b1 < 0 ? -1 : 1;
  return sign * (Math.abs(b1) + b2 / 255);
}

/** 0x0b lock item (Jointech JT701 and padlocks): command, card or password, unlock result. */
function decodeLock(it: Item): void {
  it.set('lockCommand', it.u8('command', 'Lock command'));
  if (it.len >= 5 && it.len <= 6) it.set('lockCard', it.u32('card', 'Card number'));
  else if (it.len >= 7) it.set('lockPassword', it.ascii('password', 'Password', 6));
  if (it.len % 2 === 0 && it.left >= 1) it.set('unlockResult', it.u8('result', 'Unlock result'));
}

/** 0xd4/0xe1/0xe9: battery level (0xff = charging) in one byte, otherwise a driver number. */
function batteryOrDriver(it: Item): void {
  if (it.len === 1) {
    const v = it.u8('value', 'Battery level', '%', (x) => (x === 0xff ? 'charging' : `${x} %`));
    if (v === 0xff) it.set('charge', true);
    else it.set('batteryLevel', v);
  } else if (it.len >= 4) {
    const v = it.u32('driver', 'Driver ID');
    if (v !== undefined) it.set('driverUniqueId', String(v));
  }
}

/** 0x64 ADAS / 0x65 driver-state alarm (JSATL12 active safety, 47 bytes). */
function decodeSafety(it: Item, attr: string): void {
  if (it.len < 6) return;
  it.u32('alarm_id', 'Alarm ID');
  it.u8('flag', 'Flag status', undefined, (x) => ({ 0: 'not available', 1: 'start', 2: 'end' })[x] ?? String(x));
  it.set(attr, it.u8('type', 'Alarm/event type'));
  if (it.len < 22) return;
  if (it.len !== 47) {
    it.raw('fields', 'Alarm fields (unexpected length)', it.len - 6 - 16);
  } else {
    it.u8('level', 'Alarm level');
    if (attr === 'adasAlarm') {
      it.u8('front_speed', 'Front vehicle speed', 'km/h');
      it.u8('front_distance', 'Front vehicle/pedestrian distance', '1/10 m');
      it.u8('deviation', 'Deviation type');
      it.u8('sign_type', 'Road sign type');
      it.u8('sign_data', 'Road sign data');
    } else {
      it.u8('fatigue', 'Fatigue level');
      it.raw('reserved', 'Reserved', 4);
    }
    it.u8('speed', 'Vehicle speed', 'km/h');
    it.u16('altitude', 'Altitude', 'm');
    it.u32('latitude', 'Latitude', '1e-6 °', (x) => `${x / 1e6}°`);
    it.u32('longitude', 'Longitude', '1e-6 °', (x) => `${x / 1e6}°`);
    it.raw('time', 'Time (BCD)', 6);
    it.u16('vehicle_status', 'Vehicle status', undefined, (x) => `0x${hex4(x)}`);
  }
  const label = it.slice(it.len - 16, 16);
  it.ascii('terminal', 'Alarm identification: terminal ID', 7);
  it.raw('label_time', 'Alarm identification: time (BCD)', 6);
  it.u8('label_serial', 'Alarm identification: serial');
  it.u8('attachments', 'Alarm identification: attachment count');
  it.u8('label_reserved', 'Alarm identification: reserved');
  if (label.length === 16) it.set('alarmLabel', toHex(label));
}

/** Known type words of the Jimi JC extended status (0xe8 on JC371/JC181/JC450 cameras). */
const JIMI_ALARMS: Readonly<Record<number, string>> = {
  0x0001: 'fault', 0x0400: 'hardAcceleration', 0x0412: 'hardAcceleration', 0x0401: 'hardBraking', 0x0413: 'hardBraking',
  0x0402: 'hardCornering', 0x0414: 'hardCornering', 0x0403: 'overspeed', 0x0405: 'accident', 0x0416: 'accident', 0x0417: 'accident',
  0x0406: 'vibration', 0x0407: 'tow', 0x0408: 'geofenceEnter', 0x0409: 'geofenceExit', 0x040c: 'door', 0x0415: 'laneChange',
  0x0c01: 'sos', 0x0c02: 'lowPower', 0x0c05: 'general', 0x0c0e: 'powerCut', 0x0c0f: 'lowBattery', 0x0c10: 'powerOff', 0x0c12: 'tampering',
};

/** 0xe8: Jimi JC extended status when the type word is one Jimi defines, else a lock status (u24). */
function decodeJimi(it: Item): void {
  const type = (it.peek(0) << 8) | it.peek(1);
  const known = it.len >= 3 && (type === 0x2002 || type === 0x2003 || type === 0x2005 || type === 0x0c03 || type === 0x0c04 || JIMI_ALARMS[type] !== undefined);
  if (!known) {
    if (it.len === 3) it.set('lockStatus', it.u24('value', 'Lock status'));
    return;
  }
  it.u16('type', 'Extended type', undefined, (x) => `0x${hex4(x)}`);
  it.u8('packet_length', 'Packet length');
  if (type === 0x2002 && it.left >= 2) {
    it.set('uploadMode', it.u8('upload_mode', 'Upload mode'));
    const b = it.u8('buffered', 'Buffered');
    if (b !== undefined) it.set('buffered', b === 1);
  } else if (type === 0x2003 && it.left >= 7) {
    const c = it.u8('charge', 'Charging');
    if (c !== undefined) it.set('charge', c === 1);
    const st = it.u8('battery_status', 'Battery status', undefined, (x) => `${x}/6`);
    if (st !== undefined && st >= 1 && st <= 6) it.set('batteryLevel', Math.floor((st * 100) / 6));
    const b = it.u16('battery', 'Battery voltage', '10 mV', scaled(100, 'V'));
    if (b !== undefined) it.set('battery', b / 100);
    it.set('rssi', it.u8('rssi', 'Signal strength'));
    const p = it.u16('power', 'External power', '10 mV', scaled(100, 'V'));
    if (p !== undefined) it.set('power', p / 100);
  } else if (type === 0x2005) {
    while (it.left >= 3) {
      const id = it.u16('status_id', 'Status ID', undefined, (x) => `0x${hex4(x)}`)!;
      const l = it.u8('status_length', 'Status length')!;
      if (l > it.left) return;
      const sub = new Item(it.v.sub(l), l, `${it.key}.status`, it.s);
      if (id === 0x0001 && l === 2) {
        const v = sub.u16('battery', 'Battery voltage', '10 mV', scaled(100, 'V'));
        if (v !== undefined) it.set('battery', v / 100);
      } else if (id === 0x0002 && l === 4) it.set('dataUsage', sub.u32('data_usage', 'Data usage'));
      else if (id === 0x0003 && l === 1) it.set('batteryLevel', sub.u8('level', 'Battery level', '%'));
      else if (id === 0x0004 && l === 1) {
        const c = sub.u8('charge', 'Charging');
        if (c !== undefined) it.set('charge', c === 0);
      } else if (id === 0x0005 && l === 10) {
        const ic = sub.raw('iccid', 'ICCID', 10);
        if (ic) it.set('iccid', toHex(ic).substring(0, 19));
      } else if (id === 0x0007 && l === 2) {
        const h = sub.u16('hdop', 'HDOP', '1/10');
        if (h !== undefined) it.set('hdop', h / 10);
      } else if (id === 0x2001 && l === 2) {
        const p = sub.u16('power', 'External power', '1/10 V', scaled(10, 'V'));
        if (p !== undefined) it.set('power', p / 10);
      } else sub.raw('value', 'Status value', l);
      sub.v.rest(ITEM.raw, 'status value bytes not decoded');
    }
  } else if (type === 0x0c03 || type === 0x0c04) {
    it.set('ignition', type === 0x0c03);
  } else if (JIMI_ALARMS[type]) {
    it.alarm(JIMI_ALARMS[type]!);
  }
}

/** 0xeb: cell list, a time-zone text, or a list of length(2)+type(2) sub-items (Concox/Jimi style). */
function decodeEb(it: Item): void {
  const first = (it.peek(0) << 8) | it.peek(1);
  if (first > 200 && it.len >= 8 && (it.len - 3) % 5 === 0) {
    it.u16('mcc', 'MCC');
    it.u8('mnc', 'MNC');
    while (it.left >= 5) {
      it.u16('lac', 'LAC');
      it.u16('cid', 'Cell ID');
      it.u8('rssi', 'Signal');
    }
    return;
  }
  if (isPrintable(it.slice())) return void it.set('timezone', it.ascii('timezone', 'Time zone', it.len));
  while (it.left >= 4) {
    const l = (it.peek(it.len - it.left) << 8) | it.peek(it.len - it.left + 1);
    if (l < 2 || l + 2 > it.left) return;
    const type = (it.peek(it.len - it.left + 2) << 8) | it.peek(it.len - it.left + 3);
    const name = EB_NAMES[type];
    it.v.group({ id: `jt808.item.${it.key}.sub`, label: `${name ?? 'Sub-item'} (0x${hex4(type)})`, type: 'group' }, () => {
      it.u16('sub_length', 'Sub-item length');
      it.u16('sub_type', 'Sub-item type', undefined, (x) => `0x${hex4(x)}${EB_NAMES[x] ? ` ${EB_NAMES[x]}` : ''}`);
      const sub = new Item(it.v.sub(l - 2), l - 2, `${it.key}.${name ? name.toLowerCase().replace(/[^a-z0-9]+/g, '_') : 'sub'}`, it.s);
      decodeEbSub(sub, type);
      sub.v.rest(ITEM.raw, `sub-item 0x${hex4(type)} not decoded`);
    });
  }
}

const EB_NAMES: Readonly<Record<number, string>> = {
  0x0001: 'Fuel 1', 0x0023: 'Fuel 2', 0x002d: 'Voltage', 0x0089: 'Alarm status', 0x00a8: 'Battery level', 0x00b2: 'ICCID',
  0x00b9: 'Wi-Fi list', 0x00c5: 'Terminal status', 0x00c6: 'Battery alarm', 0x00ce: 'External power', 0x00d8: 'Cell', 0x00e1: 'Battery level',
};

function decodeEbSub(it: Item, type: number): void {
  const n = it.len;
  switch (type) {
    case 0x0001:
      if (n >= 2) {
        const f = it.u16('value', 'Fuel', '1/10', scaled(10, ''));
        if (f !== undefined) it.set('fuel1', f / 10);
      }
      return;
    case 0x0023:
      if (n >= 6) {
        const t = it.ascii('value', 'Fuel', 6);
        if (t !== undefined && Number.isFinite(Number(t))) it.set('fuel2', Number(t));
      }
      return;
    case 0x002d:
      if (n === 4) {
        const v = it.u32('value', 'External power', 'mV', scaled(1000, 'V'));
        if (v !== undefined) it.set('power', v / 1000);
      } else if (n >= 2) {
        const v = it.u16('value', 'Battery voltage', 'mV', scaled(1000, 'V'));
        if (v !== undefined) it.set('battery', v / 1000);
      }
      return;
    case 0x0089:
      if (n >= 4) {
        const a = it.u32('value', 'Alarm status', undefined, (x) => `0x${x.toString(16).padStart(8, '0')}`)!;
        if (!(a & 1)) it.alarm('powerOff');
        if (!(a & 0x1000)) it.alarm('removing');
      }
      return;
    case 0x00b2:
      if (n >= 10) {
        const b = it.raw('value', 'ICCID', 10);
        if (b) it.set('iccid', toHex(b).replace(/f+$/, ''));
      }
      return;
    case 0x00c5:
      if (n >= 4) {
        const a = it.u32('value', 'Terminal status', undefined, (x) => `0x${x.toString(16).padStart(8, '0')}`)!;
        if (!(a & 0x40)) it.alarm('vibration');
        const motion = Math.floor(a / 2 ** 23) & 3;
        if (motion === 0) it.set('motion', true);
        else if (motion === 1) it.set('motion', false);
      }
      return;
    case 0x00c6:
      if (n >= 1) {
        const b = it.u8('value', 'Battery alarm');
        it.set('batteryAlarm', b);
        if (b === 3 || b === 4) it.alarm('lowBattery');
      }
      return;
    case 0x00ce:
      if (n >= 2) {
        const v = it.u16('value', 'External power', '10 mV', scaled(100, 'V'));
        if (v !== undefined) it.set('power', v / 100);
      }
      return;
    case 0x00a8:
    case 0x00e1:
      if (n >= 1) it.set('batteryLevel', it.u8('value', 'Battery level', '%'));
      return;
    case 0x00b9:
      if (n >= 1) {
        it.u8('count', 'Count');
        if (it.left) it.ascii('value', 'Access points', it.left);
      }
      return;
  }
}

/** 0xec/0xf4: Wi-Fi access points, MAC(6) + RSSI(1) each. */
function decodeWifi(it: Item): void {
  if (it.len % 7 !== 0) return;
  while (it.left >= 7) {
    const mac = it.raw('mac', 'MAC', 6);
    if (mac) it.v.last!.display = Array.from(mac, (b) => hex2(b)).join(':');
    it.i8('rssi', 'RSSI', 'dBm');
  }
}

const OBD_ITEMS: Readonly<Record<number, { attr: string; label: string; len: number; conv: (v: number) => number }>> = {
  0x0002: { attr: 'obdSpeed', label: 'OBD speed', len: 2, conv: (v) => v / 10 },
  0x0003: { attr: 'rpm', label: 'Engine speed', len: 2, conv: (v) => v },
  0x0004: { attr: 'power', label: 'Battery voltage', len: 2, conv: (v) => v / 1000 },
  0x0005: { attr: 'obdOdometer', label: 'OBD odometer', len: 4, conv: (v) => v * 100 },
  0x0007: { attr: 'fuelConsumption', label: 'Fuel consumption', len: 2, conv: (v) => v / 10 },
  0x0008: { attr: 'engineLoad', label: 'Engine load', len: 2, conv: (v) => v / 10 },
  0x0009: { attr: 'coolantTemp', label: 'Coolant temperature', len: 2, conv: (v) => v - 40 },
  0x000b: { attr: 'intakePressure', label: 'Intake pressure', len: 2, conv: (v) => v },
  0x000c: { attr: 'intakeTemp', label: 'Intake temperature', len: 2, conv: (v) => v - 40 },
  0x000d: { attr: 'intakeFlow', label: 'Intake flow', len: 2, conv: (v) => v },
  0x000e: { attr: 'throttle', label: 'Throttle', len: 2, conv: (v) => Math.floor((v * 100) / 255) },
  0x0100: { attr: 'tripOdometer', label: 'Trip odometer', len: 2, conv: (v) => v / 10 },
  0x0102: { attr: 'tripFuel', label: 'Trip fuel', len: 2, conv: (v) => v / 10 },
  0x0112: { attr: 'hardAccelerationCount', label: 'Hard acceleration count', len: 2, conv: (v) => v },
  0x0113: { attr: 'hardDecelerationCount', label: 'Hard deceleration count', len: 2, conv: (v) => v },
  0x0114: { attr: 'hardCorneringCount', label: 'Hard cornering count', len: 2, conv: (v) => v },
};

/** Whether `b` parses exactly as type(2)+length(1)+value OBD sub-items. */
function obdItemsFit(b: Uint8Array): boolean {
  let i = 0;
  while (i + 3 <= b.length) i += 3 + b[i + 2]!;
  return i === b.length && b.length >= 3;
}

/** 0xf3 OBD sub-items (type(2), length(1), value). */
function decodeObdItems(it: Item): void {
  while (it.left >= 3) {
    const type = (it.peek(it.len - it.left) << 8) | it.peek(it.len - it.left + 1);
    const l = it.peek(it.len - it.left + 2);
    const known = OBD_ITEMS[type];
    const label = known?.label ?? (type === 0x0050 ? 'VIN' : type === 0x0051 ? 'CVN' : type === 0x0052 ? 'CALID' : 'OBD value');
    it.v.group({ id: `jt808.item.${it.key}.obd`, label: `${label} (0x${hex4(type)})`, type: 'group' }, () => {
      it.u16('obd_type', 'OBD item type', undefined, (x) => `0x${hex4(x)}`);
      it.u8('obd_length', 'OBD item length');
      const sub = new Item(it.v.sub(l), l, `${it.key}.obd`, it.s);
      if (known && l === known.len) {
        const v = known.len === 4 ? sub.u32('value', known.label) : sub.u16('value', known.label);
        if (v !== undefined) it.set(known.attr, known.conv(v));
      } else if (type === 0x0050 && l >= 17) {
        it.set('vin', javaTrim(sub.ascii('vin', 'VIN', l) ?? ''));
      } else if (type === 0x0051 && l > 0) {
        it.set('cvn', toHexOr(sub.raw('cvn', 'CVN', l)));
      } else if (type === 0x0052 && l > 0) {
        it.set('calid', javaTrim(sub.ascii('calid', 'CALID', l) ?? ''));
      }
      sub.v.rest(ITEM.raw, `OBD item 0x${hex4(type)} not decoded`);
    });
  }
}

/**
 * Read the additional-information items that fill `r` to its end. After the 0x80 marker item the
 * rest is the vendor's OBD extension list, read with its own table.
 */
export function decodeItems(r: FieldReader, s: Sink): void {
  let ext = false;
  while (r.remaining > 0 && !r.truncated) {
    if (r.remaining < 2) {
      const n = r.rest(ITEM.raw, 'one byte after the last additional-information item');
      if (n) addIssue(n, issue('jt808.item_truncated', 'malformed', 'warning', 'a lone byte where an item id and length were expected'));
      return;
    }
    const id = r.bytes[r.pos]!;
    const len = r.bytes[r.pos + 1]!;
    const info: ItemInfo | undefined = (ext ? EXT_ITEMS : ITEMS)[id];
    const key = info?.key ?? 'unknown';
    const label = `${info?.label ?? 'Unknown item'} (0x${hex2(id)})`;
    r.group({ id: `jt808.item.${key}`, label, type: 'group' }, () => {
      r.u8(ITEM.id, { display: (x) => `0x${hex2(x)}` });
      r.u8(ITEM.length);
      if (len > r.remaining) {
        addIssue(r.last!, issue('jt808.item_overrun', 'malformed', 'warning', `item 0x${hex2(id)} says ${len} bytes, only ${r.remaining} left in the body`));
      }
      const v = r.sub(len);
      const dec = (ext ? EXT_DECODERS : DECODERS)[id];
      const from = v.pos;
      if (dec) dec(new Item(v, Math.min(len, v.remaining), key, s));
      const why = !info
        ? `unknown additional-information item 0x${hex2(id)}`
        : v.pos > from
          ? `${info.label}: ${v.remaining} byte(s) after the known fields`
          : `${info.label}: layout unknown for a ${len}-byte value`;
      v.rest(ITEM.raw, why);
    });
    if (!ext && id === 0x80) ext = true;
  }
}
