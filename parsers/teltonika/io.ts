/**
 * Teltonika IO element dictionary: ids whose meaning is common to the FM/FMB/FMC families
 * (Teltonika "FMB AVL ID list") named the way Traccar's TeltonikaProtocolDecoder names them; any
 * other id becomes the attribute `io<id>` with its raw value. GH3000 (codec 7) has its own ids.
 */
import type { FieldValue } from '../core/types';

/** How one IO id is named, scaled and shown. */
export interface IoDef {
  /** Value width in bytes the AVL ID list gives; an element of another width is not this one. */
  size?: number;
  /** Attribute name (unused when `alarm` is set: such ids only add to the `alarm` attribute). */
  name: string;
  label: string;
  unit?: string;
  /** Multiply the raw value by this. */
  scale?: number;
  /** Read the value as two's complement. */
  signed?: boolean;
  /** True when the raw value is not 0. */
  bool?: boolean;
  /** Names of raw values, for display. */
  names?: Readonly<Record<number, string>>;
  /** Custom conversion of the value bytes; undefined sets no attribute. */
  convert?: (bytes: Uint8Array) => FieldValue | undefined;
  /** The attribute `alarm` gets this when the value is not 0 (several alarms join with ','). */
  alarm?: string | ((raw: number) => string | undefined);
}

const hexUpper = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();

/** Codec 8 / 8 Extended / 16 ids. */
export const IO_ELEMENTS: Readonly<Record<number, IoDef>> = {
  1: { size: 1, name: 'in1', label: 'Digital input 1', bool: true },
  2: { size: 1, name: 'in2', label: 'Digital input 2', bool: true },
  3: { size: 1, name: 'in3', label: 'Digital input 3', bool: true },
  4: { size: 1, name: 'in4', label: 'Digital input 4', bool: true },
  9: { size: 2, name: 'adc1', label: 'Analog input 1', unit: 'V', scale: 0.001 },
  10: { size: 2, name: 'adc2', label: 'Analog input 2', unit: 'V', scale: 0.001 },
  11: { size: 8, name: 'iccid', label: 'ICCID', convert: (b) => signedDecimal(b) },
  12: { size: 4, name: 'fuelUsed', label: 'Fuel used (GPS)', unit: 'l', scale: 0.001 },
  13: { size: 2, name: 'fuelConsumption', label: 'Fuel rate (GPS)', unit: 'l/100km', scale: 0.01 },
  16: { size: 4, name: 'odometer', label: 'Total odometer', unit: 'm' },
  17: { size: 2, name: 'axisX', label: 'Axis X', unit: 'mG', signed: true },
  18: { size: 2, name: 'axisY', label: 'Axis Y', unit: 'mG', signed: true },
  19: { size: 2, name: 'axisZ', label: 'Axis Z', unit: 'mG', signed: true },
  21: { size: 1, name: 'rssi', label: 'GSM signal', names: { 0: 'no signal', 1: '1/5', 2: '2/5', 3: '3/5', 4: '4/5', 5: '5/5' } },
  24: { size: 2, name: 'io24', label: 'Speed', unit: 'km/h' },
  25: { size: 2, name: 'bleTemp1', label: 'BLE temperature 1', unit: '°C', scale: 0.01, signed: true },
  26: { size: 2, name: 'bleTemp2', label: 'BLE temperature 2', unit: '°C', scale: 0.01, signed: true },
  27: { size: 2, name: 'bleTemp3', label: 'BLE temperature 3', unit: '°C', scale: 0.01, signed: true },
  28: { size: 2, name: 'bleTemp4', label: 'BLE temperature 4', unit: '°C', scale: 0.01, signed: true },
  30: { size: 1, name: 'faultCount', label: 'Number of DTC' },
  32: { size: 1, name: 'coolantTemp', label: 'Coolant temperature', unit: '°C', signed: true },
  66: { size: 2, name: 'power', label: 'External voltage', unit: 'V', scale: 0.001 },
  67: { size: 2, name: 'battery', label: 'Battery voltage', unit: 'V', scale: 0.001 },
  68: { size: 2, name: 'batteryCurrent', label: 'Battery current', unit: 'A', scale: 0.001 },
  69: { size: 1, name: 'gnssStatus', label: 'GNSS status', names: { 0: 'off', 1: 'on with fix', 2: 'on without fix', 3: 'sleep' } },
  72: { size: 4, name: 'temp1', label: 'Dallas temperature 1', unit: '°C', scale: 0.1, signed: true },
  73: { size: 4, name: 'temp2', label: 'Dallas temperature 2', unit: '°C', scale: 0.1, signed: true },
  74: { size: 4, name: 'temp3', label: 'Dallas temperature 3', unit: '°C', scale: 0.1, signed: true },
  75: { size: 4, name: 'temp4', label: 'Dallas temperature 4', unit: '°C', scale: 0.1, signed: true },
  78: { size: 8, name: 'driverUniqueId', label: 'iButton', convert: (b) => (b.every((x) => x === 0) ? undefined : hexUpper(Uint8Array.from(b).reverse())) },
  80: { size: 1, name: 'dataMode', label: 'Data mode', names: { 0: 'home on stop', 1: 'home on moving', 2: 'roaming on stop', 3: 'roaming on moving', 4: 'unknown on stop', 5: 'unknown on moving' } },
  81: { size: 1, name: 'obdSpeed', label: 'Vehicle speed (CAN)', unit: 'km/h' },
  82: { size: 1, name: 'throttle', label: 'Accelerator pedal position', unit: '%' },
  83: { size: 4, name: 'fuelUsed', label: 'Fuel consumed (CAN)', unit: 'l', scale: 0.1 },
  84: { size: 2, name: 'fuelLevel', label: 'Fuel level (CAN)', unit: 'l', scale: 0.1 },
  85: { size: 2, name: 'rpm', label: 'Engine RPM', unit: 'rpm' },
  87: { size: 4, name: 'obdOdometer', label: 'Total mileage (CAN)', unit: 'm' },
  89: { size: 1, name: 'fuelLevelPercentage', label: 'Fuel level (CAN)', unit: '%' },
  110: { size: 2, name: 'fuelConsumption', label: 'Fuel rate', unit: 'l/h', scale: 0.1 },
  113: { size: 1, name: 'batteryLevel', label: 'Battery level', unit: '%' },
  115: { size: 2, name: 'engineTemp', label: 'Engine temperature', unit: '°C', scale: 0.1, signed: true },
  179: { size: 1, name: 'out1', label: 'Digital output 1', bool: true },
  180: { size: 1, name: 'out2', label: 'Digital output 2', bool: true },
  181: { size: 2, name: 'pdop', label: 'GNSS PDOP', scale: 0.1 },
  182: { size: 2, name: 'hdop', label: 'GNSS HDOP', scale: 0.1 },
  199: { size: 4, name: 'tripOdometer', label: 'Trip odometer', unit: 'm' },
  200: { size: 1, name: 'sleepMode', label: 'Sleep mode', names: { 0: 'no sleep', 1: 'GPS sleep', 2: 'deep sleep', 3: 'online sleep', 4: 'ultra sleep' } },
  205: { size: 2, name: 'cid2g', label: 'GSM cell ID' },
  206: { size: 2, name: 'lac', label: 'GSM area code' },
  232: { size: 1, name: 'cngStatus', label: 'CNG status', bool: true },
  233: { size: 4, name: 'cngUsed', label: 'CNG used', unit: 'kg', scale: 0.1 },
  234: { size: 2, name: 'cngLevel', label: 'CNG level', unit: '%' },
  235: { size: 1, name: 'oilLevel', label: 'Engine oil level' },
  236: { size: 1, name: 'alarm', label: 'Alarm', alarm: 'general' },
  239: { size: 1, name: 'ignition', label: 'Ignition', bool: true },
  240: { size: 1, name: 'motion', label: 'Movement', bool: true },
  241: { size: 4, name: 'operator', label: 'Active GSM operator' },
  246: { size: 1, name: 'alarm', label: 'Towing', alarm: 'tow' },
  247: { size: 1, name: 'alarm', label: 'Crash detection', alarm: 'accident' },
  249: { size: 1, name: 'alarm', label: 'Jamming', alarm: 'jamming' },
  251: { size: 1, name: 'alarm', label: 'Idling', alarm: 'idle' },
  252: { size: 1, name: 'alarm', label: 'Unplug', alarm: 'powerCut' },
  253: { size: 1, name: 'alarm', label: 'Green driving type', names: { 1: 'harsh acceleration', 2: 'harsh braking', 3: 'harsh cornering' }, alarm: (v) => ({ 1: 'hardAcceleration', 2: 'hardBraking', 3: 'hardCornering' })[v] },
  636: { size: 4, name: 'cid4g', label: 'UMTS/LTE cell ID' },
  662: { size: 1, name: 'door', label: 'Door status', bool: true },
  10800: { size: 2, name: 'eyeTemp1', label: 'EYE temperature 1', unit: '°C', scale: 0.01, signed: true },
  10801: { size: 2, name: 'eyeTemp2', label: 'EYE temperature 2', unit: '°C', scale: 0.01, signed: true },
  10802: { size: 2, name: 'eyeTemp3', label: 'EYE temperature 3', unit: '°C', scale: 0.01, signed: true },
  10803: { size: 2, name: 'eyeTemp4', label: 'EYE temperature 4', unit: '°C', scale: 0.01, signed: true },
};

/** Codec 8 Extended variable-length ids with their own layout. */
export const VARIABLE_ELEMENTS: Readonly<Record<number, string>> = {
  256: 'VIN',
  281: 'DTC codes',
  385: 'Beacon',
  548: 'Advanced BLE beacon data',
  10829: 'BLE tag data 1',
  10831: 'BLE tag data 2',
};

/** GH3000 (codec 7) ids. */
export const GH3000_ELEMENTS: Readonly<Record<number, IoDef>> = {
  1: { name: 'batteryLevel', label: 'Battery level', unit: '%' },
  2: { name: 'usbConnected', label: 'USB connected', bool: true },
  5: { name: 'uptime', label: 'Uptime', unit: 's' },
  20: { name: 'hdop', label: 'HDOP', scale: 0.1 },
  21: { name: 'vdop', label: 'VDOP', scale: 0.1 },
  22: { name: 'pdop', label: 'PDOP', scale: 0.1 },
  67: { name: 'battery', label: 'Battery voltage', unit: 'V', scale: 0.001 },
  221: { name: 'button', label: 'Button' },
  222: { name: 'alarm', label: 'SOS', alarm: 'sos' },
  240: { name: 'motion', label: 'Movement', bool: true },
  244: { name: 'roaming', label: 'Roaming', bool: true },
};

/** Unsigned big-endian value of the bytes (exact up to 2^53). */
export function unsignedOf(b: Uint8Array): number {
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** Two's complement of the bytes as a decimal string (exact for 8 bytes). */
function signedDecimal(b: Uint8Array): string {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return BigInt.asIntN(b.length * 8, v).toString();
}

/** Default value of an IO id nobody named: unsigned for 1/2/4 bytes, signed for 8 (a string beyond 2^53). */
export function rawValue(b: Uint8Array): number | string {
  if (b.length < 8) return unsignedOf(b);
  const s = signedDecimal(b);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

/** The attribute value of an IO element; `alarm` is what it adds to the alarm attribute. */
export function ioValue(def: IoDef | undefined, b: Uint8Array): { value: FieldValue | undefined; alarm?: string; display: string } {
  if (!def) {
    const v = rawValue(b);
    return { value: v, display: String(v) };
  }
  let raw = b.length <= 6 ? unsignedOf(b) : Number(rawValue(b));
  if (def.signed && b.length <= 6 && raw >= 2 ** (b.length * 8 - 1)) raw -= 2 ** (b.length * 8);
  let alarm: string | undefined;
  if (def.alarm && raw !== 0) alarm = typeof def.alarm === 'string' ? def.alarm : def.alarm(raw);
  if (def.convert) {
    const v = def.convert(b);
    return { value: v, alarm, display: v === undefined ? '(none)' : String(v) };
  }
  if (def.bool) return { value: raw !== 0, alarm, display: raw !== 0 ? 'on' : 'off' };
  const v = def.scale ? Math.round(raw * def.scale * 1e6) / 1e6 : raw;
  const name = def.names?.[raw];
  const display = `${v}${def.unit ? ` ${def.unit}` : ''}${name ? ` (${name})` : ''}`;
  return { value: v, alarm, display };
}
