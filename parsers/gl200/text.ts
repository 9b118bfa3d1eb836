/**
 * Queclink @Track ASCII sentences: `+RESP:GTxxx,<protocol version>,<IMEI>,<device name>,…,
 * <send time>,<count>$`. Layouts differ by report type and by device family / firmware, so the
 * decoder finds position blocks by their content (longitude, latitude, 14-digit UTC time) and
 * names the fields around them from per-type layouts, choosing among the known variants the one
 * the field values fit (the way Traccar's regular expressions do). Fields no layout explains stay
 * as numbered fields. Facts: Queclink GL200/GL300/GV300/GV300CAN/GV350M/GV500 @Track Air Interface
 * protocols; Traccar Gl200TextProtocolDecoder.
 */
import type { DecodedFrame, FieldNode, FieldValue, Position } from '../core/types';
import type { FieldDef } from '../core/fields';
import { subField } from '../core/fields';
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { latin1, luhnValid } from '../core/bytes';
import { isoTime, kmhToKnots, round } from '../core/units';
import { ALARMS, AP, CAN_FIELDS, F, MOTION, OBD_FIELDS, POS, PROTOCOL_MODELS, TEXT_TYPES } from './fields';

/** One comma-separated field: its text and frame offsets [a, b). */
interface Tok {
  t: string;
  a: number;
  b: number;
}

/** Decoding state of one sentence. */
interface Ctx {
  r: FieldReader;
  v: Tok[];
  out: DecodedFrame;
  /** Three-letter report type (`FRI`), '' when unknown. */
  type: string;
  /** Device family from the protocol version ('' when unknown). */
  model: string;
  /** Tokens already shown by a named field. */
  used: Uint8Array;
  attrs: Record<string, FieldValue>;
  /** Text of the named fields shown so far, by key. */
  vals: Record<string, string>;
}

type Check = (t: string) => boolean;
const re = (x: RegExp): Check => (t) => x.test(t);
const INT = /^-?\d+$/;
const DEC = /^-?\d+(\.\d+)?$/;
const HEX = /^[0-9A-Fa-f]+$/;
const TIME = /^\d{14}$/;
const COORD = /^-?\d{1,3}\.\d{4,}$/;

/** What a named field accepts and which attributes it sets. */
interface Sem {
  def: FieldDef;
  check?: Check;
  /** Value shown on the node (default: the number when numeric, else the text). */
  value?: (t: string) => FieldValue;
  apply?: (c: Ctx, t: string, node: FieldNode) => void;
}

const hours = (t: string): number | undefined => {
  const m = /^(\d+):(\d\d):(\d\d)$/.exec(t);
  if (m) return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000;
  return DEC.test(t) ? Math.round(Number(t) * 3600 * 1000) : undefined;
};

/** An analog input: `F<n>` is a fuel sensor value, otherwise millivolts. */
const analog = (i: number) => (c: Ctx, t: string, n: FieldNode) => {
  if (/^F\d+$/.test(t)) {
    c.attrs[`fuel${i}`] = Number(t.slice(1));
    n.display = `${t} (fuel sensor ${t.slice(1)})`;
  } else if (INT.test(t)) c.attrs[`adc${i}`] = Number(t) / 1000;
};

const SEM: Readonly<Record<string, Sem>> = {
  power: { def: F.power, check: re(/^\d+$/), apply: (c, t) => { if (Number(t) > 10) c.attrs.power = Number(t) / 1000; } },
  report_type: { def: F.report_type, check: re(/^[0-9A-Fa-f]{1,2}$/), value: (t) => t, apply: (c, t, n) => { n.display = `${t} (ID ${parseInt(t, 16) >> 4}, type ${parseInt(t, 16) & 15})`; } },
  odometer: { def: F.odometer, check: re(/^\d+\.\d+$/), apply: (c, t) => { c.attrs.odometer = round(Number(t) * 1000, 3); } },
  hour_meter: { def: F.hour_meter, check: (t) => hours(t) !== undefined, value: (t) => t, apply: (c, t) => { c.attrs.hours = hours(t)!; } },
  adc1: { def: F.adc1, check: re(/^(F?\d+|[0-9A-Fa-f]+)$/), value: (t) => t, apply: analog(1) },
  adc2: { def: F.adc2, check: re(/^(F?\d+|[0-9A-Fa-f]+)$/), value: (t) => t, apply: analog(2) },
  adc3: { def: F.adc3, check: re(/^(F?\d+|[0-9A-Fa-f]+)$/), value: (t) => t, apply: analog(3) },
  battery_level: { def: F.battery_level, check: re(/^\d{1,3}$/), apply: (c, t) => { c.attrs.batteryLevel = Number(t); } },
  battery_voltage: { def: F.battery_voltage, check: re(DEC), apply: (c, t) => { c.attrs.battery = Number(t); } },
  device_status: { def: F.device_status, check: re(/^[0-9A-Fa-f]{2}([0-9A-Fa-f]{4}){0,2}$/), value: (t) => t, apply: (c, t, n) => deviceStatus(c, t, n) },
  rpm: { def: F.rpm, check: re(/^\d+$/), apply: (c, t) => { c.attrs.rpm = Number(t); } },
  fuel_consumption: { def: F.fuel_consumption, check: re(/^(\d+(\.\d+)?|inf|nan)$/i), value: (t) => (DEC.test(t) ? Number(t) : t), apply: (c, t) => { c.attrs.fuelConsumption = DEC.test(t) ? Number(t) : t; } },
  fuel_level: { def: F.fuel_level, check: re(/^\d+$/), apply: (c, t) => { c.attrs.fuel = Number(t); } },
  rssi: { def: F.rssi, check: re(/^-?\d{1,3}$/), apply: (c, t) => { c.attrs.rssi = Number(t); } },
  ber: { def: F.ber, check: re(/^\d{1,2}$/) },
  mode: { def: F.mode, check: re(/^\d$/) },
  motion: { def: F.motion, check: re(/^[01]$/), apply: (c, t) => { c.attrs.motion = t === '1'; } },
  temperature: { def: F.temperature, check: re(DEC), apply: (c, t) => { c.attrs.temp1 = Number(t); } },
  reserved: { def: F.reserved },
  duration: { def: F.duration, check: re(/^\d+$/) },
  state: { def: F.state, check: re(/^[0-9A-Fa-f]{1,2}$/), value: (t) => t },
  event_time: { def: F.event_time, check: re(TIME), value: (t) => timeValue(t), apply: (c, t, n) => timeNode(n, t) },
  uart_type: { def: F.uart_type, check: re(/^\d+$/) },
  input_state: { def: F.input_state, check: re(/^[01]$/) },
  switch_type: { def: F.switch_type, check: re(/^[01]$/) },
  rfid: { def: F.rfid, value: (t) => t, apply: (c, t) => { c.attrs.driverUniqueId = t; } },
  data: { def: F.data, value: (t) => t, apply: (c, t) => { c.attrs.data = t; } },
  mode_gcr: { def: F.mode_gcr, check: re(/^\d+$/) },
  radius: { def: F.radius, check: re(/^\d+$/) },
  check_interval: { def: F.check_interval, check: re(/^\d+$/) },
  alarm_type: { def: F.alarm_type },
  accessory_count: { def: F.accessory_count, check: re(/^\d+$/) },
  accessory_model: { def: F.accessory_model, check: re(/^\d+$/) },
  ble_index: { def: F.ble_index, value: (t) => t },
  ble_type: { def: F.ble_type, check: re(/^\d+$/) },
  warning_type: { def: F.warning_type, check: re(/^\d$/) },
  fatigue_degree: { def: F.fatigue_degree, check: re(/^\d{1,2}$/) },
  light_level: { def: F.light_level, check: re(/^\d$/) },
  trigger_type: { def: F.trigger_type, check: re(/^\d+$/) },
  expansion_mask: { def: F.expansion_mask, value: (t) => t },
  input: { def: F.input, check: re(HEX), value: (t) => t, apply: (c, t) => { c.attrs.input = parseInt(t, 16); } },
  output: { def: F.output, check: re(HEX), value: (t) => t, apply: (c, t) => { c.attrs.output = parseInt(t, 16); } },
};

/** A layout section: field names in order; null for a field with no known name. */
type Alt = ReadonlyArray<string | null>;

// ---------------------------------------------------------------------------------------------
// Tokens and leaves

function tokenize(s: string, from: number, to: number): Tok[] {
  const out: Tok[] = [];
  let a = from;
  for (let i = from; i <= to; i++) {
    if (i === to || s[i] === ',') {
      out.push({ t: s.slice(a, i), a, b: i });
      a = i + 1;
    }
  }
  return out;
}

/** ISO time of a 14-digit yyyymmddhhmmss, or null. */
function iso(t: string): string | null {
  if (!TIME.test(t)) return null;
  return isoTime(Number(t.slice(0, 4)), Number(t.slice(4, 6)), Number(t.slice(6, 8)), Number(t.slice(8, 10)), Number(t.slice(10, 12)), Number(t.slice(12, 14)));
}

const timeValue = (t: string): FieldValue => iso(t) ?? t;

function timeNode(n: FieldNode, t: string): void {
  const v = iso(t);
  if (v) n.display = v.replace('T', ' ').replace('.000Z', '');
  else addIssue(n, issue('gl200.bad_time', 'protocol', 'warning', `"${t}" is not a valid yyyymmddhhmmss time`));
}

/** Default node value: numbers as numbers, other text as is. */
const autoValue = (t: string): FieldValue => (DEC.test(t) && !/^-?0\d/.test(t) ? Number(t) : t);

/** A leaf over token i (none for an empty field); marks it used. Returns the text ('' if none). */
function leaf(c: Ctx, def: FieldDef, i: number, value?: (t: string) => FieldValue): { t: string; node?: FieldNode } {
  const tok = c.v[i];
  if (!tok) return { t: '' };
  c.used[i] = 1;
  if (!tok.t) return { t: '' };
  const v = value ? value(tok.t) : autoValue(tok.t);
  const node = c.r.node(def, tok.a, tok.b, v, def.unit ? `${tok.t} ${def.unit}` : tok.t);
  return { t: tok.t, node };
}

/** A named field over token i: leaf, value check, attributes. */
function named(c: Ctx, key: string | null, i: number, unknownLabel?: string): void {
  const tok = c.v[i];
  if (!tok) return;
  if (key === null) {
    numbered(c, i, unknownLabel);
    return;
  }
  const sem = SEM[key];
  if (!sem) {
    numbered(c, i, unknownLabel);
    return;
  }
  const { t, node } = leaf(c, sem.def, i, sem.value);
  if (!node) return;
  c.vals[key] ??= t;
  if (sem.check && !sem.check(t)) {
    addIssue(node, issue('gl200.bad_value', 'malformed', 'warning', `${sem.def.label}: unexpected value "${t}"`));
    return;
  }
  sem.apply?.(c, t, node);
}

/** A field with no known name: `gl200.<type>.field<index>`; times and numbers still shown as such. */
function numbered(c: Ctx, i: number, label?: string): void {
  const tok = c.v[i];
  if (!tok) return;
  c.used[i] = 1;
  if (!tok.t) return;
  const scope = c.type ? c.type.toLowerCase() : 'report';
  const def = subField(`gl200.${scope}`, `field${i}`, { label: label ?? `Field ${i}`, type: 'ascii' });
  const t = tok.t;
  if (TIME.test(t) && iso(t)) {
    const n = c.r.node(def, tok.a, tok.b, iso(t)!);
    timeNode(n, t);
    return;
  }
  c.r.node(def, tok.a, tok.b, autoValue(t), t);
}

/** Name tokens [from, to) with `alt` (its length must match), numbered fields otherwise. */
function section(c: Ctx, from: number, to: number, alt: Alt | undefined): void {
  for (let i = from; i < to; i++) named(c, alt && alt.length === to - from ? alt[i - from]! : null, i);
}

/** Whether every non-empty token of [from, from + alt.length) satisfies its field's check. */
function fits(c: Ctx, from: number, alt: Alt): boolean {
  for (let k = 0; k < alt.length; k++) {
    const key = alt[k];
    const tok = c.v[from + k];
    if (!tok) return false;
    if (!key || !tok.t) continue;
    const check = SEM[key]?.check;
    if (check && !check(tok.t)) return false;
  }
  return true;
}

/** The first alternative of exactly `to - from` fields whose values fit. */
function pick(c: Ctx, from: number, to: number, alts: readonly Alt[]): Alt | undefined {
  return alts.find((a) => a.length === to - from && fits(c, from, a));
}

/** A group node over tokens [from, to) whose children `fn` adds. */
function span(c: Ctx, def: FieldDef, from: number, to: number, fn: () => void, label?: string): FieldNode {
  const r = c.r;
  const a = c.v[from]?.a ?? r.pos;
  const b = to > from ? c.v[to - 1]!.b : a;
  r.pos = a;
  const { node } = r.group(def, () => {
    fn();
    r.pos = b;
  });
  if (label) node.label = label;
  return node;
}

// ---------------------------------------------------------------------------------------------
// Device status, models

/** `<Device Status>`: [EIO100 in, EIO100 out,] motion, digital inputs, digital outputs (hex pairs). */
function deviceStatus(c: Ctx, t: string, n: FieldNode): void {
  const value = parseInt(t, 16);
  const motion = t.length >= 6 ? (value >> 16) & 0xff : value & 0xff;
  const defs = t.length >= 6
    ? [
        { id: 'gl200.device_status.motion', label: 'Motion status', bit: 16, width: 8, names: MOTION },
        { id: 'gl200.device_status.inputs', label: 'Digital inputs', bit: 8, width: 8 },
        { id: 'gl200.device_status.outputs', label: 'Digital outputs', bit: 0, width: 8 },
      ]
    : [{ id: 'gl200.device_status.motion', label: 'Motion status', bit: 0, width: 8, names: MOTION }];
  addBits(n, value, defs);
  if (motion & 0x10) c.attrs.ignition = false;
  else if (motion & 0x20) c.attrs.ignition = true;
  if (t.length >= 6) {
    const input = (value >> 8) & 0xff;
    const output = value & 0xff;
    c.attrs.input = input;
    c.attrs.in1 = (input & 2) !== 0;
    c.attrs.in2 = (input & 4) !== 0;
    c.attrs.output = output;
    c.attrs.out1 = (output & 1) !== 0;
    c.attrs.out2 = (output & 2) !== 0;
  }
}

/** Device family from a protocol version (`060228` → GV300, `802004…` → GV58LAU). */
export function modelOf(version: string): string {
  if (!/^[0-9A-Fa-f]{6}([0-9A-Fa-f]{4})?$/.test(version)) return '';
  const key = version.length > 6 ? version.slice(0, 6) : version.slice(0, 2);
  return PROTOCOL_MODELS[key.toUpperCase()] ?? '';
}

const isGl5 = (model: string) => model.startsWith('GL5');

// ---------------------------------------------------------------------------------------------
// Position blocks

/** Indices of position blocks in [from, to): four fields before a longitude, latitude, UTC time. */
function anchors(c: Ctx, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from + 4; i + 2 < to; i++) {
    const lon = c.v[i]!.t;
    const lat = c.v[i + 1]!.t;
    if (COORD.test(lon) && COORD.test(lat) && TIME.test(c.v[i + 2]!.t) && Math.abs(Number(lat)) <= 90) out.push(i - 4);
  }
  return out;
}

/** How the fields after the cell of a block are read. */
type Ext = 'std' | 'gl5' | 'none' | 'nocell';

interface BlockPlan {
  start: number;
  ext: Ext;
  /** Index of the Wi-Fi count, or -1. */
  wifi: number;
  wifiCount: number;
  cell: number;
  /** Index of the slot after the cell (append mask / reserved / mileage), or -1. */
  slot: number;
  slotKind: 'mask' | 'odometer' | 'reserved';
  extras: string[];
  end: number;
}

/** Where the fields of a block starting at `i` lie, reading no further than `limit`. */
function planBlock(c: Ctx, i: number, limit: number, ext: Ext): BlockPlan {
  const p: BlockPlan = { start: i, ext, wifi: -1, wifiCount: 0, cell: -1, slot: -1, slotKind: 'reserved', extras: [], end: Math.min(i + 7, limit) };
  let j = i + 7;
  if (j >= limit || ext === 'nocell') return p;
  const n = c.v[j]!.t;
  if (/^\d{1,2}$/.test(n) && j + 1 < limit && /^[0-9a-fA-F]{12}$/.test(c.v[j + 1]!.t)) {
    p.wifi = j;
    p.wifiCount = Number(n);
    j = Math.min(limit, j + 1 + p.wifiCount * 5);
  }
  p.cell = j;
  j = Math.min(limit, j + 4);
  if (ext === 'gl5') j = Math.min(limit, j + 2);
  if (ext !== 'none' && j < limit) {
    p.slot = j;
    const t = c.v[j]!.t;
    j++;
    if (/^\d+\.\d+$/.test(t)) p.slotKind = 'odometer';
    else if (/^[0-9A-Fa-f]{2}$/.test(t) && (parseInt(t, 16) & ~0x13) === 0) {
      p.slotKind = 'mask';
      const m = parseInt(t, 16);
      for (const [bit, key] of [[0, 'satellites'], [1, 'trigger_type'], [4, 'jamming']] as const) {
        if (m & (1 << bit) && j < limit) {
          p.extras.push(key);
          j++;
        }
      }
    }
  }
  p.end = j;
  return p;
}

/** Show a planned block and return its position when it carries coordinates and a time. */
function emitBlock(c: Ctx, p: BlockPlan, label?: string): Position | undefined {
  const v = c.v;
  let pos: Position | undefined;
  span(c, POS.block, p.start, p.end, () => {
    const i = p.start;
    const acc = leaf(c, POS.accuracy, i);
    const speed = leaf(c, POS.speed, i + 1);
    const course = leaf(c, POS.course, i + 2);
    const alt = leaf(c, POS.altitude, i + 3);
    const lon = leaf(c, POS.longitude, i + 4);
    const lat = leaf(c, POS.latitude, i + 5);
    const time = leaf(c, POS.time, i + 6, timeValue);
    if (time.node) timeNode(time.node, time.t);
    for (const [f, t] of [[acc, 'accuracy'], [speed, 'speed'], [course, 'azimuth'], [alt, 'altitude']] as const) {
      if (f.node && !DEC.test(f.t)) addIssue(f.node, issue('gl200.bad_value', 'malformed', 'warning', `${t} "${f.t}" is not a number`));
    }
    if (p.wifi >= 0) {
      leaf(c, POS.wifi_count, p.wifi);
      for (let k = 0; k < p.wifiCount; k++) {
        const w = p.wifi + 1 + k * 5;
        if (w >= p.end) break;
        span(c, F.wifi, w, Math.min(w + 5, p.end), () => {
          leaf(c, AP.mac, w, (t) => t);
          leaf(c, AP.rssi, w + 1);
          for (let q = w + 2; q < Math.min(w + 5, p.end); q++) leaf(c, AP.reserved, q);
        });
      }
    }
    if (p.cell >= 0) {
      leaf(c, POS.mcc, p.cell, (t) => t);
      leaf(c, POS.mnc, p.cell + 1, (t) => t);
      leaf(c, POS.lac, p.cell + 2, (t) => t);
      leaf(c, POS.cell, p.cell + 3, (t) => t);
      if (p.ext === 'gl5') {
        leaf(c, POS.rssi, p.cell + 4);
        leaf(c, POS.ber, p.cell + 5);
      }
    }
    if (p.slot >= 0) {
      const t = v[p.slot]!.t;
      if (p.slotKind === 'mask') {
        const { node } = leaf(c, POS.append_mask, p.slot, (x) => x);
        if (node) addBits(node, parseInt(t, 16), [
          { id: 'gl200.position.append_mask.satellites', label: 'Satellites follow', bit: 0 },
          { id: 'gl200.position.append_mask.trigger', label: 'Trigger type follows', bit: 1 },
          { id: 'gl200.position.append_mask.jamming', label: 'Jamming state follows', bit: 4 },
        ]);
        p.extras.forEach((key, k) => {
          const f = leaf(c, key === 'satellites' ? POS.satellites : key === 'trigger_type' ? POS.trigger_type : POS.jamming, p.slot + 1 + k);
          if (key === 'satellites' && INT.test(f.t)) c.attrs.sat = Number(f.t);
        });
      } else if (p.slotKind === 'odometer') {
        leaf(c, POS.odometer, p.slot);
        c.attrs.odometer = round(Number(t) * 1000, 3);
      } else leaf(c, POS.reserved, p.slot);
    }
    for (let k = p.start; k < p.end; k++) if (!c.used[k]) numbered(c, k);
    const when = iso(time.t);
    if (!lon.t || !lat.t || !COORD.test(lon.t) || !COORD.test(lat.t)) return;
    const la = Number(lat.t);
    const lo = Number(lon.t);
    if (Math.abs(la) > 90 || Math.abs(lo) > 180) {
      addIssue(lat.node!, issue('gl200.bad_coordinates', 'protocol', 'warning', `coordinates ${lat.t}, ${lon.t} are off the globe`));
      return;
    }
    if (!when) return;
    const accuracy = acc.t && DEC.test(acc.t) ? Number(acc.t) : undefined;
    pos = { time: when, valid: accuracy === undefined || accuracy > 0, lat: la, lon: lo };
    if (DEC.test(speed.t)) pos.speedKnots = round(kmhToKnots(Number(speed.t)), 6);
    if (DEC.test(course.t)) pos.course = Number(course.t);
    if (DEC.test(alt.t)) pos.altitude = Number(alt.t);
    if (c.attrs.sat !== undefined && p.extras.includes('satellites')) pos.satellites = c.attrs.sat as number;
    if (accuracy !== undefined) c.attrs.hdop = accuracy;
  }, label);
  return pos;
}

/** The block extensions to try for a device family, preferred first. */
function exts(model: string): Ext[] {
  if (model === 'GL320M') return ['none', 'std'];
  return isGl5(model) ? ['gl5', 'std'] : ['std', 'gl5'];
}

// ---------------------------------------------------------------------------------------------
// Layouts

interface Layout {
  /** Alternatives for the fields between the device name and the number / first block. */
  pre?: readonly Alt[];
  /** Fields before the block when no block could be found by its content. */
  preLen?: number;
  /** A `<Number>` of blocks precedes the blocks. */
  number?: boolean;
  /** Alternatives for the fields after the last block. */
  tail?: (c: Ctx) => readonly Alt[];
}

const P1_TAIL: readonly Alt[] = [['odometer'], ['odometer', 'event_time'], ['battery_level'], ['odometer', 'battery_level']];
const R = 'reserved';

function friTails(c: Ctx): readonly Alt[] {
  const gv500 = c.model.startsWith('GV500');
  const nine: Alt = gv500 ? ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status', 'rpm', 'fuel_consumption', 'fuel_level'] : ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status', R, R, R];
  return [
    ['battery_level'], ['odometer'], ['rssi', 'battery_level'], ['odometer', 'battery_level'],
    ['battery_level', 'mode', 'motion', 'temperature'], ['battery_level', 'mode', 'motion'], ['battery_level', 'mode', 'motion', 'temperature', R],
    ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status'],
    nine,
    ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status', 'rpm', 'fuel_consumption', 'fuel_level'],
    ['odometer', 'hour_meter', 'adc1', 'adc2', R, 'battery_level', 'device_status', R, R, R],
  ];
}

const P1: Layout = { pre: [['power', 'report_type']], preLen: 2, number: true, tail: () => P1_TAIL };

const IGN: Layout = { pre: [['duration'], [R, 'report_type', 'duration']], preLen: 1, tail: () => [['hour_meter', 'odometer'], ['hour_meter', 'odometer', 'event_time']] };
const LSW: Layout = { pre: [['switch_type', 'input_state']], preLen: 2 };
const STR: Layout = { pre: [[R, 'report_type', null, 'temperature', 'battery_level']], preLen: 5, tail: () => [['battery_level']] };
const STC: Layout = { pre: [[R]], preLen: 1, tail: () => [['battery_level']] };
const TEM: Layout = { pre: [['alarm_type', 'temperature']], preLen: 2, tail: () => [['battery_level']] };
/** A position block right after the device name. */
const PLAIN: Layout = { preLen: 0, tail: () => [['battery_level'], ['odometer']] };

/** Layouts of the report types read around their position blocks. */
const LAYOUTS: Readonly<Record<string, Layout>> = {
  FRI: { pre: [['power', 'report_type']], preLen: 2, number: true, tail: friTails },
  TOW: P1, EPS: P1, DIS: P1, IOB: P1, GEO: P1, SPD: P1, SOS: P1, RTL: P1, DOG: P1, IGL: P1, HBM: P1, GES: P1,
  GIN: P1, GOT: P1, PNL: P1, VGL: P1,
  IGN, IGF: IGN, VGN: IGN, VGF: IGN,
  LSW, TSW: LSW,
  IDA: { pre: [[R, 'rfid', 'report_type']], number: true, tail: () => [['odometer', R, R, R, R], ['odometer']] },
  STT: { pre: [['state']], preLen: 1, tail: () => [['battery_level']] },
  STR, CTN: STR,
  NMR: { pre: [[R, 'report_type']], number: true, tail: () => [['battery_level'], [null, 'battery_level'], ['rssi', 'ber', 'battery_level']] },
  BPL: { pre: [['battery_voltage']], preLen: 1, tail: () => [['odometer'], ['battery_level']] },
  STC, BTC: STC,
  TEM, TMP: TEM,
  JDS: { pre: [['state']], preLen: 1 },
  GCR: { pre: [['mode_gcr', 'radius', 'check_interval']], preLen: 3, tail: () => [['odometer']] },
  DAT: { pre: [['report_type', R, R, 'data']], preLen: 4 },
  DAR: { pre: [['warning_type', 'fatigue_degree', R, R]], preLen: 4 },
  LSA: { pre: [[null, null, null]], tail: () => [['ber', 'light_level', 'battery_level', 'mode', 'motion', 'temperature']] },
  MPN: PLAIN, MPF: PLAIN, EPN: PLAIN, EPF: PLAIN, JDR: PLAIN, GPJ: PLAIN, IDN: PLAIN, IDF: PLAIN, GSS: PLAIN,
  CRA: PLAIN, PDP: PLAIN, UPD: PLAIN, UPC: PLAIN,
};

/** Decode a body around its position blocks: pre-fields, number, blocks, tail (each named by the layout when it fits). */
function located(c: Ctx, from: number, to: number, L: Layout): void {
  const v = c.v;
  const found = anchors(c, from, to);
  let first = found[0];
  if (first === undefined) {
    if (L.preLen === undefined) return;
    first = from + L.preLen + (L.number ? 1 : 0);
    if (first + 7 > to) return;
  }
  let count = 1;
  let preEnd = first;
  if (L.number && first - 1 >= from && /^\d{1,2}$/.test(v[first - 1]!.t)) {
    preEnd = first - 1;
    count = Number(v[first - 1]!.t) || (found.length ? 1 : 0);
    leaf(c, F.number, preEnd);
  }
  section(c, from, preEnd, pick(c, from, preEnd, L.pre ?? []));
  let j = first;
  for (let k = 0; k < count && j + 7 <= to; k++) {
    const last = k === count - 1;
    const next = last ? undefined : found.find((a) => a >= j + 7);
    let plan: BlockPlan;
    if (next !== undefined) plan = planBlock(c, j, next, exts(c.model)[0]!);
    else if (!last) plan = planBlock(c, j, to, exts(c.model)[0]!);
    else {
      const tails = L.tail?.(c) ?? [];
      const plans = exts(c.model).map((e) => planBlock(c, j, to, e));
      // The preferred reading wins when it ends at the send time or leaves a known tail; another
      // one only when it leaves a known tail.
      plan = plans.find((p, n) => (n === 0 && p.end === to) || (p.end < to && pick(c, p.end, to, tails))) ?? plans[0]!;
    }
    const pos = emitBlock(c, plan, count > 1 ? `Position ${k + 1} of ${count}` : undefined);
    if (pos) c.out.positions.push(pos);
    if (next !== undefined) {
      for (let q = plan.end; q < next; q++) numbered(c, q);
      j = next;
    } else j = plan.end;
  }
  if (j < to) section(c, j, to, pick(c, j, to, L.tail?.(c) ?? []));
}

// ---------------------------------------------------------------------------------------------
// Type-specific bodies

/** GTERI: FRI layout plus the ERI mask and the peripheral blocks it announces. */
function eri(c: Ctx, from: number, to: number): void {
  const v = c.v;
  const maskTok = v[from]?.t ?? '';
  if (!/^[0-9A-Fa-f]{1,8}$/.test(maskTok)) return located(c, from, to, LAYOUTS.FRI!);
  const mask = parseInt(maskTok, 16);
  const { node } = leaf(c, F.eri_mask, from, (t) => t);
  if (node) addBits(node, mask, [
    { id: 'gl200.eri_mask.fuel', label: 'Digital fuel sensor data', bit: 0 },
    { id: 'gl200.eri_mask.one_wire', label: '1-Wire data', bit: 1 },
    { id: 'gl200.eri_mask.can', label: 'CAN data', bit: 2 },
    { id: 'gl200.eri_mask.percentage', label: 'Fuel percentage', bit: 3 },
    { id: 'gl200.eri_mask.volume', label: 'Fuel volume', bit: 4 },
    { id: 'gl200.eri_mask.sensors', label: 'Temperature/humidity sensors', bit: 7 },
    { id: 'gl200.eri_mask.bluetooth', label: 'Bluetooth accessories', bit: 8 },
  ]);
  const start = from + 1;
  const found = anchors(c, start, to);
  let first = found[0];
  if (first === undefined) {
    first = start + 3;
    if (first + 7 > to) return;
  }
  let count = 1;
  let preEnd = first;
  if (first - 1 >= start && /^\d{1,2}$/.test(v[first - 1]!.t)) {
    preEnd = first - 1;
    count = Number(v[first - 1]!.t) || (found.length ? 1 : 0);
    leaf(c, F.number, preEnd);
  }
  const pre = pick(c, start, preEnd, [['power', 'report_type']]);
  section(c, start, preEnd, pre);
  const power = pre ? v[start]!.t : '';
  if (INT.test(power)) c.attrs.power = Number(power) / 1000;
  let j = first;
  for (let k = 0; k < count - 1 && j + 7 <= to; k++) {
    const next = found.find((a) => a >= j + 7);
    const plan = planBlock(c, j, next ?? to, exts(c.model)[0]!);
    const pos = emitBlock(c, plan, `Position ${k + 1} of ${count}`);
    if (pos) c.out.positions.push(pos);
    j = next ?? plan.end;
    for (let q = plan.end; q < j; q++) numbered(c, q);
  }
  if (j + 7 > to) return;
  // The last block, the status fields and the peripheral blocks: the first reading that ends
  // exactly at the send time wins.
  let best: { plan: BlockPlan; status: Alt } | undefined;
  let fallback: { plan: BlockPlan; status: Alt } | undefined;
  for (const e of exts(c.model)) {
    const plan = planBlock(c, j, to, e);
    for (const status of eriStatus(c.model, e)) {
      fallback ??= { plan, status };
      if (!fits(c, plan.end, status.slice(0, Math.max(0, Math.min(status.length, to - plan.end))))) continue;
      const end = peripherals(c, plan.end + status.length, to, mask, false);
      if (end === to || (end >= 0 && mask & 4)) {
        best = { plan, status };
        break;
      }
    }
    if (best) break;
  }
  const chosen = best ?? fallback!;
  const pos = emitBlock(c, chosen.plan, count > 1 ? `Position ${count} of ${count}` : undefined);
  if (pos) c.out.positions.push(pos);
  const statusEnd = Math.min(to, chosen.plan.end + chosen.status.length);
  for (let i = chosen.plan.end; i < statusEnd; i++) named(c, chosen.status[i - chosen.plan.end]!, i);
  peripherals(c, statusEnd, to, mask, true);
}

/** Status fields after the last GTERI block, by device family (model-specific reading first). */
function eriStatus(model: string, ext: Ext): Alt[] {
  const out: Alt[] = [];
  const gv = model.startsWith('GV');
  if (isGl5(model) || ext === 'gl5') out.push(['battery_level', 'mode', 'motion']);
  else if (model === 'GL320M') out.push(['battery_level']);
  else {
    const a: (string | null)[] = ['odometer', 'hour_meter', 'adc1'];
    if (gv && !model.startsWith('GV6') && model !== 'GV350M') a.push('adc2');
    if (model === 'GV200' || model === 'GV310LAU' || model === 'GV350CEU') a.push('adc3');
    else if ((model.startsWith('GV3') && model.endsWith('CEU')) || model.startsWith('GV600M')) a.push(R);
    if (model === 'GV200') a.push('input', 'output', 'uart_type');
    else a.push('battery_level', 'device_status', 'uart_type');
    out.push(a);
  }
  out.push(
    ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status', 'uart_type'],
    ['odometer', 'hour_meter', 'adc1', 'battery_level', 'device_status', 'uart_type'],
    ['odometer', 'hour_meter', 'adc1', 'adc2', R, 'battery_level', 'device_status', 'uart_type'],
    ['odometer', 'hour_meter', 'adc1', 'adc2', 'adc3', 'input', 'output', 'uart_type'],
    ['odometer', 'hour_meter', 'adc1', 'adc2', 'battery_level', 'device_status'],
  );
  return out;
}

/**
 * The GTERI peripheral blocks from token `i` (fuel sensor, 1-Wire, fuel sensors, temperature
 * sensors, Bluetooth accessories, in ERI-mask bit order). With `emit` false nothing is shown and
 * the result says where the blocks end (-1 when the counts do not fit); CAN data (bit 2) ends them.
 */
function peripherals(c: Ctx, i: number, to: number, mask: number, emit: boolean): number {
  const v = c.v;
  const gv350m = c.model === 'GV350M';
  const gl320m = c.model === 'GL320M';
  const has = (n: number) => (mask & (1 << n)) !== 0;
  const countAt = (k: number) => (k < to && /^\d{1,2}$/.test(v[k]!.t) ? Number(v[k]!.t) : k < to && v[k]!.t === '' ? 0 : -1);
  if (has(0) && !gv350m) {
    if (emit) {
      const { t, node } = leaf(c, F.fuel_sensor, i, (x) => x);
      if (node && HEX.test(t)) c.attrs.fuel = parseInt(t, 16);
    }
    i++;
  }
  if (has(1) && i < to) {
    const n = countAt(i);
    if (n < 0 || i + 1 + n * 3 > to) return emit ? rest(c, i, to) : -1;
    if (emit) {
      span(c, F.one_wire, i, i + 1 + n * 3, () => {
        leaf(c, F.one_wire_count, i);
        for (let k = 0; k < n; k++) {
          const b = i + 1 + k * 3;
          leaf(c, F.one_wire_id, b, (t) => t);
          const type = leaf(c, F.one_wire_type, b + 1).t;
          const data = leaf(c, F.one_wire_data, b + 2, (t) => t);
          if (type === '1' && data.node && /^[0-9A-Fa-f]{4}$/.test(data.t)) {
            const raw = parseInt(data.t, 16);
            const temp = ((raw << 16) >> 16) * 0.0625;
            data.node.display = `${data.t} (${temp} °C)`;
            c.attrs[`temp${k + 1}`] = temp;
          }
        }
      });
    }
    i += 1 + n * 3;
  }
  if (has(2)) {
    if (emit && i < to) {
      const maskTok = v[i + 1]?.t ?? '';
      span(c, F.can_data, i, to, () => {
        leaf(c, F.can_state, i);
        if (!/^[0-9A-Fa-f]{1,8}$/.test(maskTok)) return;
        leaf(c, F.can_mask, i + 1, (t) => t);
        const end = canFields(c, i + 2, to, parseInt(maskTok, 16));
        for (let k = end; k < to; k++) numbered(c, k);
      });
    }
    return emit ? rest(c, i, to) : i;
  }
  if ((has(3) || has(4) || (has(0) && gv350m)) && i < to) {
    const n = countAt(i);
    const per = 1 + (gv350m ? 1 + (has(0) ? 1 : 0) : 0) + (has(3) ? 1 : 0) + (has(4) ? 1 : 0) + (has(10) ? 1 : 0);
    if (n < 0 || i + 1 + n * per > to) return emit ? rest(c, i, to) : -1;
    if (emit) {
      span(c, F.fuel_block, i, i + 1 + n * per, () => {
        leaf(c, F.fuel_count, i);
        for (let k = 0; k < n; k++) {
          let b = i + 1 + k * per;
          leaf(c, F.fuel_type, b++);
          if (gv350m) {
            leaf(c, F.uart_id, b++);
            if (has(0)) {
              const { t } = leaf(c, F.fuel_value, b++, (x) => x);
              if (HEX.test(t)) c.attrs.fuel = parseInt(t, 16);
            }
          }
          if (has(3)) {
            const { t } = leaf(c, F.fuel_percentage, b++);
            if (DEC.test(t)) c.attrs.fuel = Number(t);
          }
          if (has(4)) leaf(c, F.fuel_volume, b++);
          if (has(10)) leaf(c, F.fuel_temp, b++);
        }
      });
    }
    i += 1 + n * per;
  }
  if (has(7) && !gl320m && i < to) {
    const n = countAt(i);
    if (n < 0) return emit ? rest(c, i, to) : -1;
    let k = i + 1;
    for (let d = 0; d < n; d++) k += v[k + 1]?.t === '2' ? 4 : 3;
    if (k > to) return emit ? rest(c, i, to) : -1;
    if (emit) span(c, F.sensor_block, i, k, () => {
      leaf(c, F.sensor_count, i);
      for (let q = i + 1; q < k; q++) numbered(c, q);
    });
    i = k;
  }
  if (has(8) && !gl320m && i < to) {
    const n = countAt(i);
    if (n < 0) return emit ? rest(c, i, to) : -1;
    if (emit) leaf(c, F.ble_count, i);
    let k = i + 1;
    for (let d = 1; d <= n; d++) {
      const end = bleAccessory(c, k, to, d, emit);
      if (end < 0) return emit ? rest(c, k, to) : -1;
      k = end;
    }
    i = k;
  }
  return emit ? rest(c, i, to) : i;
}

/** Numbered fields for [i, to); returns `to`. */
function rest(c: Ctx, i: number, to: number): number {
  for (let k = i; k < to; k++) if (!c.used[k]) numbered(c, k);
  return to;
}

/** One Bluetooth accessory of a GTERI (index, type, model, raw data, append mask, masked fields). */
function bleAccessory(c: Ctx, i: number, to: number, d: number, emit: boolean): number {
  const v = c.v;
  let k = i + 3;
  const gv600 = c.model.startsWith('GV600M');
  if (gv600) k++;
  k++; // raw data
  if (k >= to || !/^[0-9A-Fa-f]{1,4}$/.test(v[k]!.t)) return -1;
  const mask = parseInt(v[k]!.t, 16);
  const maskAt = k++;
  const fields: [number, FieldDef, string?][] = [
    [0, F.ble_name], [1, F.ble_mac, `tag${d}Id`], [2, F.ble_status], [3, F.ble_voltage], [4, F.ble_temp, `tag${d}Temp`],
    [5, F.ble_humidity, `tag${d}Humidity`], [7, subField('gl200.ble', 'io', { label: 'Input / output', type: 'ascii' })],
    [8, subField('gl200.ble', 'event', { label: 'Event notification', type: 'ascii' })],
    [9, subField('gl200.ble', 'tire', { label: 'Tire pressure', type: 'ascii' })],
    [10, subField('gl200.ble', 'timestamp', { label: 'Timestamp', type: 'ascii' })],
    [11, subField('gl200.ble', 'enhanced_temp', { label: 'Enhanced temperature', type: 'ascii', unit: '°C' })],
    [12, subField('gl200.ble', 'magnet', { label: 'Magnet', type: 'ascii' })],
    [13, F.ble_battery, `tag${d}Battery`], [14, subField('gl200.ble', 'relay', { label: 'Relay', type: 'ascii' })],
  ];
  const present = fields.filter(([bit]) => mask & (1 << bit));
  const end = k + present.length;
  if (end > to) return -1;
  if (!emit) return end;
  span(c, F.ble, i, end, () => {
    leaf(c, F.ble_index, i, (t) => t);
    leaf(c, F.ble_type, i + 1);
    leaf(c, F.ble_model, i + 2);
    let q = i + 3;
    if (gv600) leaf(c, F.ble_raw_length, q++);
    leaf(c, F.ble_raw, q++, (t) => t);
    const m = leaf(c, F.ble_mask, maskAt, (t) => t);
    if (m.node) m.node.display = `${m.t} (0x${mask.toString(16)})`;
    present.forEach(([, def, attr], n) => {
      const { t } = leaf(c, def, k + n, def === F.ble_mac || def === F.ble_name ? (x) => x : undefined);
      if (!attr || !t) return;
      if (attr.endsWith('Id')) c.attrs[attr] = t;
      else if (DEC.test(t)) c.attrs[attr] = Number(t);
    });
  }, `Bluetooth accessory ${d}`);
  return end;
}

/** GTCAN: report type, CAN state, report mask, the masked fields, then the GNSS/cell blocks. */
function can(c: Ctx, from: number, to: number): void {
  const v = c.v;
  leaf(c, F.can_report_type, from, (t) => t);
  leaf(c, F.can_state, from + 1);
  const maskTok = v[from + 2]?.t ?? '';
  if (!/^[0-9A-Fa-f]{1,8}$/.test(maskTok)) return;
  const mask = parseInt(maskTok, 16);
  leaf(c, F.can_mask, from + 2, (t) => t);
  const has = (n: number) => Math.floor(mask / 2 ** n) % 2 === 1;
  const found = anchors(c, from + 3, to);
  const gnss = has(30) ? found[found.length - 1] : undefined;
  const limit = gnss ?? to;
  const i = canFields(c, from + 3, limit, mask);
  rest(c, i, limit);
  if (gnss !== undefined) {
    const plan = planBlock(c, gnss, to, has(31) ? 'std' : 'nocell');
    const pos = emitBlock(c, plan);
    if (pos) c.out.positions.push(pos);
    rest(c, plan.end, to);
  }
}

/** The fields a `<CAN Report Mask>` announces (bits 0-21, expansion mask of bit 29) from token `i`; returns the next token. */
function canFields(c: Ctx, i: number, limit: number, mask: number): number {
  const has = (n: number) => Math.floor(mask / 2 ** n) % 2 === 1;
  for (const [bit, key, label] of CAN_FIELDS) {
    if (!has(bit) || i >= limit) continue;
    const def = subField('gl200.can', key, { label, type: 'ascii' });
    const { t } = leaf(c, def, i++, key === 'vin' || key === 'total_distance' || key === 'fuel_level' || key === 'fuel_consumption' ? (x) => x : undefined);
    if (t) canAttr(c, key, t);
  }
  if (has(29) && i < limit) leaf(c, F.can_mask_ext, i++, (t) => t);
  return i;
}

/** Attributes of GTCAN fields (Traccar names). */
function canAttr(c: Ctx, key: string, t: string): void {
  const a = c.attrs;
  switch (key) {
    case 'vin': a.vin = t; break;
    case 'ignition_key': if (INT.test(t)) a.ignition = Number(t) > 0; break;
    case 'total_distance': if (/^H\d+$/.test(t)) a.obdOdometer = Number(t.slice(1)) * 100; break;
    case 'fuel_used': if (/^L?\d+(\.\d+)?$/.test(t)) a.fuelUsed = Number(t.replace('L', '')); break;
    case 'rpm': if (INT.test(t)) a.rpm = Number(t); break;
    case 'speed': if (INT.test(t)) a.obdSpeed = Number(t); break;
    case 'coolant_temp': if (INT.test(t)) a.coolantTemp = Number(t); break;
    case 'fuel_consumption': if (t.startsWith('L/H') && DEC.test(t.slice(3))) a.fuelConsumption = Number(t.slice(3)); break;
    case 'fuel_level': if (/^[A-Z]\d+(\.\d+)?$/.test(t)) a.fuel = Number(t.slice(1)); break;
    case 'range': if (INT.test(t)) a.range = Number(t) * 100; break;
    case 'accelerator': if (INT.test(t)) a.throttle = Number(t); break;
    case 'engine_hours': if (DEC.test(t)) a.hours = Math.round(Number(t) * 3600000); break;
    case 'driving_time': if (DEC.test(t)) a.drivingTime = Number(t); break;
    case 'idle_time': if (DEC.test(t)) a.idleHours = Number(t); break;
    case 'axle_weight': if (INT.test(t)) a.axleWeight = Number(t); break;
    case 'lights': if (HEX.test(t)) a.lights = parseInt(t, 16); break;
    case 'doors': if (HEX.test(t)) a.doors = parseInt(t, 16); break;
  }
}

/** GTOBD: report type, OBD mask, the masked fields, GNSS block (bit 20), cell (bit 21), mileage (bit 22). */
function obd(c: Ctx, from: number, to: number): void {
  const v = c.v;
  leaf(c, F.report_type, from, (t) => t);
  const maskTok = v[from + 1]?.t ?? '';
  if (!/^[0-9A-Fa-f]{1,8}$/.test(maskTok)) return;
  const mask = parseInt(maskTok, 16);
  leaf(c, F.obd_mask, from + 1, (t) => t);
  const has = (n: number) => (mask & (1 << n)) !== 0;
  let i = from + 2;
  for (let bit = 0; bit < 20 && i < to; bit++) {
    if (!has(bit)) continue;
    const known = OBD_FIELDS.find(([b]) => b === bit);
    if (!known) {
      numbered(c, i++);
      continue;
    }
    const [, key, label] = known;
    const { t } = leaf(c, subField('gl200.obd', key, { label, type: 'ascii' }), i++, key === 'vin' || key === 'pids' || key === 'dtcs' ? (x) => x : undefined);
    if (!t) continue;
    if (key === 'vin') c.attrs.vin = t;
    else if (key === 'rpm' && INT.test(t)) c.attrs.rpm = Number(t);
    else if (key === 'speed' && INT.test(t)) c.attrs.obdSpeed = Number(t);
    else if (key === 'coolant_temp' && INT.test(t)) c.attrs.coolantTemp = Number(t);
    else if (key === 'fuel_consumption') c.attrs.fuelConsumption = DEC.test(t) ? Number(t) : t;
    else if (key === 'throttle' && INT.test(t)) c.attrs.throttle = Number(t);
    else if (key === 'fuel_level' && INT.test(t)) c.attrs.fuel = Number(t);
    else if (key === 'dtcs') c.attrs.dtcs = t;
    else if (key === 'obd_mileage' && INT.test(t)) c.attrs.obdOdometer = Number(t) * 1000;
  }
  if (has(20) && i + 7 <= to) {
    const plan = planBlock(c, i, to, has(21) ? 'std' : 'nocell');
    const pos = emitBlock(c, plan);
    if (pos) c.out.positions.push(pos);
    i = plan.end;
  }
  if (has(22) && i < to) named(c, 'odometer', i++);
  rest(c, i, to);
}

/** GTINF: state, ICCID, signal, power supply and battery (Traccar's reading), the rest numbered. */
function inf(c: Ctx, from: number, to: number): void {
  const v = c.v;
  let i = from;
  const state = leaf(c, F.state, i++, (t) => t);
  if (state.t && /^[0-9A-Fa-f]{2}$/.test(state.t)) {
    const s = parseInt(state.t, 16);
    if (state.node) state.node.display = `${state.t} (${MOTION[s] ?? 'unknown'})`;
    if ([0x16, 0x1a, 0x12, 0x11].includes(s)) c.attrs.ignition = false;
    if ([0x21, 0x22].includes(s)) c.attrs.ignition = true;
    if ([0x16, 0x1a, 0x12, 0x22, 0x42].includes(s)) c.attrs.motion = true;
    if ([0x11, 0x21, 0x41].includes(s)) c.attrs.motion = false;
  }
  const iccid = leaf(c, F.iccid, i++, (t) => t);
  if (iccid.t) c.attrs.iccid = iccid.t;
  named(c, 'rssi', i++);
  named(c, 'ber', i++);
  leaf(c, F.external_power, i++);
  if ((v[i + 1]?.t.length ?? 0) >= 12 && i + 1 < to) {
    leaf(c, F.ble_mac, i++, (t) => t);
    const t1 = leaf(c, F.device_temp, i++).t;
    const h = leaf(c, F.humidity, i++).t;
    if (INT.test(t1)) c.attrs.deviceTemp = Number(t1);
    if (INT.test(h)) c.attrs.humidity = Number(h);
  }
  if (i < to) {
    const t = v[i]!.t;
    if (t.includes('.')) named(c, 'odometer', i);
    else {
      leaf(c, subField('gl200', 'main_power', { label: 'Main power voltage', type: 'ascii', unit: 'mV' }), i);
      if (INT.test(t)) c.attrs.power = Number(t) / 1000;
    }
    i++;
  }
  if (c.model !== 'GV500VC' && i < to) {
    if (c.model === 'GV350M' || c.model === 'GV310LAU') numbered(c, i++);
    else {
      const t = leaf(c, F.backup_power, i++).t;
      if (INT.test(t)) c.attrs.power2 = Number(t) / 1000;
    }
  }
  if (i < to) named(c, 'battery_voltage', i++);
  if (i < to) {
    const t = leaf(c, F.charging, i++).t;
    if (t === '1') c.attrs.charge = true;
  }
  rest(c, i, to);
}

/** GTGSM / GTLBS: cells of six fields (MCC, MNC, LAC, cell ID, Rx level, reserved). */
function cells(c: Ctx, from: number, to: number): void {
  for (let i = from, n = 1; i + 5 <= to; i += 6, n++) {
    if (!c.v.slice(i, i + 5).some((t) => t.t)) {
      for (let k = i; k < Math.min(i + 6, to); k++) c.used[k] = 1;
      continue;
    }
    span(c, F.cell, i, Math.min(i + 6, to), () => {
      leaf(c, POS.mcc, i, (t) => t);
      leaf(c, POS.mnc, i + 1, (t) => t);
      leaf(c, POS.lac, i + 2, (t) => t);
      leaf(c, POS.cell, i + 3, (t) => t);
      leaf(c, POS.rxlevel, i + 4);
      if (i + 5 < to) leaf(c, POS.reserved, i + 5);
    }, `Cell ${n}`);
  }
  rest(c, from, to);
}

/** GTWIF: count, then per access point MAC, RSSI and three reserved fields; the battery level last. */
function wif(c: Ctx, from: number, to: number): void {
  const n = c.v[from]?.t ?? '';
  leaf(c, F.wifi_count, from);
  let i = from + 1;
  if (/^\d{1,2}$/.test(n)) {
    for (let k = 0; k < Number(n) && i + 2 <= to; k++, i += 5) {
      const w = i;
      span(c, F.wifi, w, Math.min(w + 5, to), () => {
        leaf(c, AP.mac, w, (t) => t);
        leaf(c, AP.rssi, w + 1);
        for (let q = w + 2; q < Math.min(w + 5, to); q++) leaf(c, AP.reserved, q);
      }, `Wi-Fi access point ${k + 1}`);
    }
  }
  if (to - 1 >= i) named(c, 'battery_level', to - 1);
  rest(c, i, to);
}

/** Names for the first fields of a body whose layout is only partly known. */
function head(c: Ctx, from: number, keys: Alt): number {
  keys.forEach((k, n) => named(c, k, from + n));
  return from + keys.length;
}

/** GTBID / GTBAA: accessory fields announced by an append mask, then one position block. */
function accessory(c: Ctx, from: number, to: number, kind: 'BID' | 'BAA'): void {
  const v = c.v;
  let i = kind === 'BID'
    ? head(c, from, ['accessory_count', 'accessory_model'])
    : head(c, from, ['ble_index', 'ble_type', 'accessory_model', 'alarm_type']);
  const maskTok = v[i]?.t ?? '';
  if (!/^[0-9A-Fa-f]{4}$/.test(maskTok)) return;
  const mask = parseInt(maskTok, 16);
  leaf(c, F.append_mask, i++, (t) => t);
  const list: [number, FieldDef, string][] = kind === 'BID'
    ? [[1, F.ble_mac, 'accessoryMac'], [3, F.ble_voltage, 'accessoryVoltage']]
    : [[0, F.ble_name, 'accessoryName'], [1, F.ble_mac, 'accessoryMac'], [2, F.ble_status, 'accessoryStatus'], [3, F.ble_voltage, 'accessoryVoltage'], [4, F.ble_temp, 'accessoryTemp'], [5, F.ble_humidity, 'accessoryHumidity']];
  for (const [bit, def, attr] of list) {
    if (!(mask & (1 << bit)) || i >= to) continue;
    const { t } = leaf(c, def, i++, (x) => x);
    if (!t) continue;
    if (attr === 'accessoryVoltage' && INT.test(t)) c.attrs[attr] = Number(t) / 1000;
    else if (attr === 'accessoryName' || attr === 'accessoryMac') c.attrs[attr] = t;
    else if (INT.test(t)) c.attrs[attr] = Number(t);
  }
  located(c, i, to, { preLen: 0 });
}

/** GTVER: device type, firmware and hardware versions (4 hex each). */
function ver(c: Ctx, from: number): void {
  const type = leaf(c, F.device_type, from, (t) => t).t;
  if (type) c.attrs.deviceType = type;
  for (const [def, attr, i] of [[F.firmware, 'versionFw', from + 1], [F.hardware, 'versionHw', from + 2]] as const) {
    const { t, node } = leaf(c, def, i, (x) => x);
    if (node && /^[0-9A-Fa-f]{4}$/.test(t)) {
      c.attrs[attr] = parseInt(t, 16);
      node.display = `${t} (${parseInt(t.slice(0, 2), 16)}.${t.slice(2)})`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sentence

export interface TextInfo {
  prefix: string;
  code: string;
  type: string;
  version: string;
  count: string;
}

/** Split a sentence into its prefix, message code, protocol version and count (for respond/detect). */
export function sentenceInfo(frame: Uint8Array): TextInfo | null {
  const s = latin1(frame);
  const m = /^\+([A-Z]+):([^,$\0]*)/.exec(s);
  if (!m) return null;
  const end = s.search(/[$\0]/);
  const body = end >= 0 ? s.slice(0, end) : s;
  const v = body.split(',');
  const code = m[2]!;
  return { prefix: m[1]!, code, type: code.startsWith('GT') ? code.slice(2, 5) : '', version: v[1] ?? '', count: v.length > 1 ? v[v.length - 1]! : '' };
}

const PREFIX_NAMES: Readonly<Record<string, string>> = {
  RESP: 'real-time report', BUFF: 'buffered report', ACK: 'acknowledgement', SACK: 'server acknowledgement', NACK: 'negative acknowledgement',
};

/** Decode an ASCII sentence (with or without its `$`). */
export function decodeText(frame: Uint8Array, out: DecodedFrame): void {
  const s = latin1(frame);
  const r = new FieldReader(frame);
  out.tree = r.tree;
  const d = s.search(/[$\0]/);
  const end = d >= 0 ? d : s.length;
  const v = tokenize(s, 0, end);
  const c: Ctx = { r, v, out, type: '', model: '', used: new Uint8Array(v.length), attrs: {}, vals: {} };
  const root = r.group(F.report, () => sentence(c, s)).node;
  root.end = end;
  root.children!.sort((a, b) => a.start - b.start || a.end - b.end);
  if (d >= 0) {
    r.pos = d;
    r.node(F.delimiter, d, d + 1, s[d] === '$' ? '$' : '\\0');
    if (s[d] === '\0') addIssue(r.last!, issue('gl200.nul_terminator', 'protocol', 'info', 'sentence ends with \\0 (GT300/GL100 firmware)'));
    r.pos = d + 1;
    r.rest(F.trailing, 'bytes after the end of the sentence');
  } else if (frame.length) {
    addIssue(root, issue('gl200.no_delimiter', 'malformed', 'warning', 'sentence does not end with $'));
  }
  out.attributes = c.attrs;
}

function sentence(c: Ctx, s: string): void {
  const { v, out, r } = c;
  const first = v[0]!;
  const m = /^\+([A-Z]+):(.*)$/.exec(first.t);
  c.used[0] = 1;
  if (!m) {
    const n = r.node(F.body, 0, Math.max(first.b, v[v.length - 1]!.b), s.slice(0, v[v.length - 1]!.b));
    addIssue(n, issue('gl200.bad_header', 'malformed', 'error', 'sentence does not start with +RESP:, +BUFF:, +ACK: or +SACK:'));
    c.used.fill(1);
    return;
  }
  const prefix = m[1]!;
  const code = m[2]!;
  const h = r.node(F.header, 1, 1 + prefix.length, prefix, `${prefix} (${PREFIX_NAMES[prefix] ?? 'unknown'})`);
  if (!PREFIX_NAMES[prefix]) addIssue(h, issue('gl200.unknown_header', 'protocol', 'warning', `unknown sentence header +${prefix}:`));
  const codeAt = 2 + prefix.length;
  out.messageCode = code;
  if (prefix === 'SACK') return serverAck(c, code, codeAt);
  const type = code.startsWith('GT') ? code.slice(2) : '';
  c.type = /^[A-Z0-9]{3}$/.test(type) ? type : '';
  const name = TEXT_TYPES[c.type];
  const mn = r.node(F.message, codeAt, first.b, code, name ? `${code} (${name})` : code);
  if (!name && prefix !== 'ACK' && prefix !== 'NACK') addIssue(mn, issue('gl200.unknown_type', 'protocol', 'info', `message type ${code} has no known layout`));
  out.messageType = prefix === 'ACK' ? (c.type === 'HBD' ? 'heartbeat' : `${code} acknowledgement`) : `${name ?? code}${prefix === 'BUFF' ? ' (buffered)' : ''}`;
  if (c.type && (prefix === 'RESP' || prefix === 'BUFF')) c.attrs.type = c.type;
  if (v.length < 2) return;

  // Head: protocol version, IMEI, device name (GT300 dialect: IMEI first, no version or name).
  let i = 1;
  if (/^\d{15}$/.test(v[1]!.t)) {
    imei(c, 1);
    i = 2;
    addIssue(r.last!, issue('gl200.gt300_dialect', 'protocol', 'info', 'no protocol version: GT300/GL100 field order'));
  } else {
    const ver = leaf(c, F.protocol_version, 1, (t) => t);
    c.model = modelOf(ver.t);
    if (ver.node && c.model) ver.node.display = `${ver.t} (${c.model}, version ${parseInt(ver.t.slice(-4, -2), 16)}.${ver.t.slice(-2)})`;
    if (v.length > 2) imei(c, 2);
    i = 3;
    if (prefix === 'RESP' || prefix === 'BUFF' || prefix === 'ACK' || prefix === 'NACK') {
      const vin = v[3]?.t ?? '';
      if (i < v.length - 2 && (/^[0-9A-HJ-NPR-Z]{17}$/.test(vin) || (c.type === 'OBD' && !/[a-z]/.test(vin) && (vin === '' || vin.length === 17)))) {
        const n = leaf(c, F.vin, 3, (t) => t);
        if (n.t) c.attrs.vin = n.t;
        i = 4;
      }
      if (i < v.length - 2 && c.type !== 'GSM') leaf(c, F.device_name, i++, (t) => t);
    }
  }

  // Tail: count, send time (and the serial number of a command acknowledgement). A sentence cut
  // before its $ has them only when its last two fields look like them.
  let to = v.length;
  const last = v[to - 1]!;
  const complete = /[$\0]/.test(s) || (/^[0-9A-Fa-f]{4}$/.test(last.t) && TIME.test(v[to - 2]?.t ?? ''));
  if (complete && to - 1 >= i) {
    if (/^[0-9A-Fa-f]{4}$/.test(last.t)) {
      const n = leaf(c, F.count, to - 1, (t) => t).node!;
      n.display = `${last.t} (${parseInt(last.t, 16)})`;
    } else {
      const n = r.node(F.count, last.a, last.b, last.t);
      c.used[to - 1] = 1;
      addIssue(n, issue('gl200.bad_count', 'malformed', 'warning', `count number "${last.t}" is not 4 hex digits`));
    }
    to--;
  }
  if (complete && to - 1 >= i && (TIME.test(v[to - 1]!.t) || v[to - 1]!.t === '')) {
    const n = leaf(c, F.send_time, to - 1, timeValue);
    if (n.node) timeNode(n.node, n.t);
    to--;
  }
  if (prefix === 'ACK' && c.type !== 'HBD' && to - 1 >= i && /^[0-9A-Fa-f]{4}$/.test(v[to - 1]!.t)) {
    leaf(c, F.serial, to - 1, (t) => t);
    to--;
  }
  if (prefix === 'ACK' || prefix === 'NACK') {
    if (c.type !== 'HBD') c.attrs.result = first.t;
    if (i < to && c.type !== 'HBD') leaf(c, F.sub_command, i, (t) => t);
    rest(c, i, to);
    return;
  }
  body(c, i, to);
  for (let k = i; k < to; k++) if (!c.used[k]) numbered(c, k);
  const alarm = alarmOf(c);
  if (alarm) c.attrs.alarm = alarm;
  typeAttributes(c);
}

function imei(c: Ctx, i: number): void {
  const { t, node } = leaf(c, F.imei, i, (x) => x);
  if (!node) return;
  c.out.deviceId = t;
  if (/^\d{15}$/.test(t)) {
    if (!luhnValid(t)) addIssue(node, issue('gl200.imei_luhn', 'protocol', 'info', `IMEI ${t} fails the Luhn check`));
  } else if (/^[0-9A-Fa-f]{14}$/.test(t)) node.display = `${t} (MEID)`;
  else addIssue(node, issue('gl200.bad_imei', 'malformed', 'warning', `unique ID "${t}" is neither a 15-digit IMEI nor a 14-hex MEID`));
}

/** `+SACK:<count>$` or `+SACK:GTHBD,<protocol version>,<count>$` (server to device). */
function serverAck(c: Ctx, code: string, at: number): void {
  const { r, v, out } = c;
  out.messageType = 'server acknowledgement';
  if (code === 'GTHBD') {
    r.node(F.message, at, v[0]!.b, code, 'GTHBD (heartbeat)');
    out.messageType = 'heartbeat acknowledgement';
    if (v[1]) leaf(c, F.protocol_version, 1, (t) => t);
    if (v[2]) leaf(c, F.count, 2, (t) => t);
    rest(c, 3, v.length);
    return;
  }
  const n = r.node(F.count, at, v[0]!.b, code);
  if (!/^[0-9A-Fa-f]{4}$/.test(code)) addIssue(n, issue('gl200.bad_count', 'malformed', 'warning', `count number "${code}" is not 4 hex digits`));
  rest(c, 1, v.length);
}

/** Dispatch a report body [from, to) by type. */
function body(c: Ctx, from: number, to: number): void {
  switch (c.type) {
    case 'ERI': return eri(c, from, to);
    case 'CAN': return can(c, from, to);
    case 'OBD': return obd(c, from, to);
    case 'INF': return inf(c, from, to);
    case 'GSM': {
      const ft = leaf(c, F.fix_type, from, (t) => t);
      void ft;
      return cells(c, from + 1, to);
    }
    case 'LBS': {
      const i = head(c, from, ['trigger_type', 'report_type', 'battery_level', R, null, R, R, 'expansion_mask']);
      return cells(c, i, to);
    }
    case 'WIF': return wif(c, from, to);
    case 'VER': return ver(c, from);
    case 'BID': return accessory(c, from, to, 'BID');
    case 'BAA': return accessory(c, from, to, 'BAA');
    case 'DTT': {
      const i = head(c, from, [R, R, null, null]);
      const { t, node } = leaf(c, F.data, i, (x) => x);
      if (node && /^([0-9A-Fa-f]{2})+$/.test(t)) {
        let text = '';
        for (let k = 0; k < t.length; k += 2) text += String.fromCharCode(parseInt(t.slice(k, k + 2), 16));
        node.display = `${t} (${JSON.stringify(text)})`;
        c.attrs.result = text;
      }
      return;
    }
  }
  const layout = LAYOUTS[c.type] ?? { preLen: undefined };
  located(c, from, to, layout);
}

/** The Traccar alarm of a report (by type; HBM by its report type). */
function alarmOf(c: Ctx): string | undefined {
  const rt = c.vals.report_type;
  if (c.type === 'HBM') {
    if (!rt) return undefined;
    const kind = parseInt(rt, 16) % 16;
    return kind === 0 || kind === 3 ? 'braking' : kind === 1 || kind === 4 ? 'acceleration' : kind === 2 ? 'cornering' : undefined;
  }
  if (c.type === 'DAR') return c.vals.warning_type === '1' ? 'fatigueDriving' : undefined;
  return ALARMS[c.type];
}

/** Attributes a report type implies: ignition of IGN/IGF/IGL, inputs of LSW/TSW/DIS, motion of NMR. */
function typeAttributes(c: Ctx): void {
  const a = c.attrs;
  const rt = c.vals.report_type !== undefined && /^[0-9A-Fa-f]{1,2}$/.test(c.vals.report_type) ? parseInt(c.vals.report_type, 16) : undefined;
  if (c.type === 'IGN' || c.type === 'VGN') a.ignition = true;
  if (c.type === 'IGF' || c.type === 'VGF') a.ignition = false;
  // GTIGL/GTVGL report type: 0 ignition on, 1 ignition off (inverted on CV200).
  if ((c.type === 'IGL' || c.type === 'VGL') && rt !== undefined && rt % 16 <= 1) a.ignition = (rt % 16 === 0) !== (c.model === 'CV200');
  if (c.type === 'DIS' && rt !== undefined && rt >> 4) a[`in${rt >> 4}`] = rt % 16 === 1;
  if (c.type === 'NMR' && rt !== undefined) a.motion = rt === 1;
  if ((c.type === 'LSW' || c.type === 'TSW') && c.vals.input_state) a[c.type === 'LSW' ? 'in1' : 'in2'] = c.vals.input_state === '1';
}
