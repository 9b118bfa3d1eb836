/**
 * JT/T 808 field tables (JT/T 808-2011/2013/2019 "Road transport vehicle satellite positioning
 * system — terminal communication protocol", tables 2–27; Carscop CC888 message ids from the
 * CC-688 manual; vendor additional-information items as Traccar's Jt808ProtocolDecoder reads them).
 */
import { fieldTable } from '../core/fields';
import type { BitDef } from '../core/reader';

export interface MessageInfo {
  /** Short name for the frame list (`DecodedFrame.messageType`). */
  short: string;
  /** Long name as the specification (or the vendor) calls it. */
  label: string;
  /** Where the id comes from when it is not JT/T 808 itself. */
  origin?: 'CC888' | 'vendor' | 'JT/T 1078';
}

export const MESSAGES: Readonly<Record<number, MessageInfo>> = {
  0x0001: { short: 'terminal response', label: 'Terminal general response' },
  0x0002: { short: 'heartbeat', label: 'Terminal heartbeat' },
  0x0003: { short: 'logout', label: 'Terminal logout' },
  0x0100: { short: 'register', label: 'Terminal registration' },
  0x0102: { short: 'auth', label: 'Terminal authentication' },
  0x0104: { short: 'parameters', label: 'Query terminal parameters response' },
  0x0107: { short: 'attributes', label: 'Query terminal attributes response' },
  0x0108: { short: 'upgrade result', label: 'Terminal upgrade result notification' },
  0x0109: { short: 'time request', label: 'Time synchronisation request', origin: 'vendor' },
  0x0200: { short: 'location', label: 'Location information report' },
  0x0201: { short: 'location reply', label: 'Location information query response' },
  0x0210: { short: 'batch location', label: 'Location batch upload (vendor)', origin: 'vendor' },
  0x0300: { short: 'stress event', label: 'Stress (driving-behaviour) event upload (CC888)', origin: 'CC888' },
  0x0301: { short: 'event report', label: 'Event report' },
  0x0302: { short: 'question answer', label: 'Question answer' },
  0x0421: { short: 'keypad lock event', label: 'Keypad lock/unlock event (CC888)', origin: 'CC888' },
  0x0430: { short: 'NFC lock event', label: 'NFC card lock/unlock event (CC888)', origin: 'CC888' },
  0x0500: { short: 'vehicle control reply', label: 'Vehicle control response' },
  0x0701: { short: 'waybill', label: 'Electronic waybill report (vendors: command result)' },
  0x0702: { short: 'driver identity', label: 'Driver identity information report' },
  0x0704: { short: 'batch location', label: 'Location data batch upload' },
  0x0705: { short: 'CAN data', label: 'CAN bus data upload' },
  0x0800: { short: 'media event', label: 'Multimedia event information upload' },
  0x0801: { short: 'media upload', label: 'Multimedia data upload' },
  0x0900: { short: 'pass-through', label: 'Data uplink pass-through' },
  0x0901: { short: 'compressed data', label: 'Data compression report' },
  0x1007: { short: 'timezone sync', label: 'Time zone synchronisation (vendor)', origin: 'vendor' },
  0x1300: { short: 'text reply', label: 'Text message response (vendor)', origin: 'vendor' },
  0x2070: { short: 'acceleration', label: 'Acceleration data (vendor)', origin: 'vendor' },
  0x4401: { short: 'JT701 response', label: 'General response (Jointech JT701)', origin: 'vendor' },
  0x5501: { short: 'location', label: 'Location report (Jointech JT701)', origin: 'vendor' },
  0x5502: { short: 'blind location', label: 'Blind-area location report (Jointech JT701)', origin: 'vendor' },
  0x6006: { short: 'text report', label: 'Text message report (vendor)', origin: 'vendor' },
  0x8001: { short: 'platform response', label: 'Platform general response' },
  0x8003: { short: 'resend request', label: 'Sub-package resend request' },
  0x8100: { short: 'register response', label: 'Terminal registration response' },
  0x8103: { short: 'set parameters', label: 'Set terminal parameters' },
  0x8104: { short: 'query parameters', label: 'Query terminal parameters' },
  0x8105: { short: 'terminal control', label: 'Terminal control' },
  0x8106: { short: 'query parameters', label: 'Query specified terminal parameters' },
  0x8107: { short: 'query attributes', label: 'Query terminal attributes' },
  0x8109: { short: 'time response', label: 'Time synchronisation response (vendor)', origin: 'vendor' },
  0x8201: { short: 'position query', label: 'Location information query' },
  0x8202: { short: 'temporary tracking', label: 'Temporary location tracking control' },
  0x8203: { short: 'alarm ack', label: 'Manual alarm confirmation' },
  0x8300: { short: 'text', label: 'Text message dispatch' },
  0x8320: { short: 'status query', label: 'Platform asks device status (CC888)', origin: 'CC888' },
  0x8410: { short: 'car return', label: 'Car return (CC888)', origin: 'CC888' },
  0x8500: { short: 'vehicle control', label: 'Vehicle control' },
  0x8801: { short: 'take photo', label: 'Camera shoot immediately' },
  0x8900: { short: 'pass-through down', label: 'Data downlink pass-through' },
  0x9101: { short: 'video request', label: 'Real-time audio/video request', origin: 'JT/T 1078' },
  0x9102: { short: 'video control', label: 'Audio/video transmission control', origin: 'JT/T 1078' },
};

export const MESSAGE_LABELS: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(MESSAGES).map(([k, v]) => [k, v.label]));

/** Uplinks a platform answers with a 0x8001 general response (JT/T 808 §8.2 and the vendors'). */
export const GENERAL_RESPONSE_IDS: ReadonlySet<number> = new Set([
  0x0002, 0x0003, 0x0102, 0x0107, 0x0200, 0x0210, 0x0704, 0x0900, 0x1007, 0x6006,
  0x0300, 0x0421, 0x0430,
]);

/**
 * Jointech JT701 ids that carry a 1-byte serial in the header instead of 2: the location reports
 * and the platform's 0x4401 answer to them (Traccar's Jt808ProtocolDecoder writes it with a short
 * index).
 */
export const SHORT_SERIAL_IDS: ReadonlySet<number> = new Set([0x4401, 0x5501, 0x5502]);

export const F = fieldTable('jt808', {
  start: { label: 'Start flag', type: 'magic', doc: '0x7e; 0x7e and 0x7d inside the frame travel as 7d 02 and 7d 01' },
  header: { label: 'Message header', type: 'group' },
  body: { label: 'Message body', type: 'bytes', doc: 'body of a message not decoded field by field' },
  checksum: { label: 'Check code (XOR)', type: 'checksum', doc: 'XOR of every unescaped header and body byte' },
  checksum_computed: { label: 'Computed check code', type: 'checksum' },
  end: { label: 'End flag', type: 'magic', doc: '0x7e' },
  extra: { label: 'Extra bytes', type: 'bytes' },
});

export const HEADER = fieldTable('jt808.header', {
  msg_id: { label: 'Message ID', type: 'u16', enum: MESSAGE_LABELS },
  attributes: { label: 'Message body attributes', type: 'flags', doc: 'bits 0–9 body length, 10–12 encryption, 13 sub-package, 14 version flag (2019)' },
  version: { label: 'Protocol version', type: 'u8', doc: '2019 only (attribute bit 14); 1 for JT/T 808-2019' },
  phone: { label: 'Terminal phone number', type: 'bcd', doc: '6 bytes BCD (10 bytes in 2019); some vendors put a binary IMEI here' },
  serial: { label: 'Message serial number', type: 'u16' },
  package_total: { label: 'Total packages', type: 'u16' },
  package_index: { label: 'Package number', type: 'u16', doc: 'from 1' },
});

export const ATTRIBUTE_BITS: readonly BitDef[] = [
  { id: 'jt808.header.body_length', label: 'Body length', bit: 0, width: 10 },
  { id: 'jt808.header.encryption', label: 'Data encryption', bit: 10, width: 3, names: { 0: 'none', 1: 'RSA' } },
  { id: 'jt808.header.subpackage', label: 'Sub-package', bit: 13 },
  { id: 'jt808.header.version_flag', label: 'Version flag (2019)', bit: 14 },
  { id: 'jt808.header.reserved', label: 'Reserved (JT701: response wanted)', bit: 15 },
];

/** Groups of the message bodies. */
export const BODY = fieldTable('jt808', {
  response: { label: 'General response', type: 'group' },
  heartbeat: { label: 'Heartbeat', type: 'group' },
  register: { label: 'Registration', type: 'group' },
  register_response: { label: 'Registration response', type: 'group' },
  auth: { label: 'Authentication', type: 'group' },
  location: { label: 'Location information', type: 'group' },
  batch: { label: 'Batch upload', type: 'group' },
  passthrough: { label: 'Pass-through', type: 'group' },
  parameters: { label: 'Parameters', type: 'group' },
  control: { label: 'Terminal control', type: 'group' },
  text: { label: 'Text message', type: 'group' },
  attributes: { label: 'Terminal attributes', type: 'group' },
  driver: { label: 'Driver identity', type: 'group' },
  waybill: { label: 'Waybill / command result', type: 'group' },
  acceleration: { label: 'Acceleration samples', type: 'group' },
  jt701: { label: 'JT701 location', type: 'group' },
  tracking: { label: 'Temporary tracking', type: 'group' },
  cc888: { label: 'CC888 message', type: 'group' },
});

export const RESPONSE = fieldTable('jt808.response', {
  serial: { label: 'Reply serial number', type: 'u16' },
  msg_id: { label: 'Reply message ID', type: 'u16', enum: MESSAGE_LABELS },
  result: { label: 'Result', type: 'u8', enum: { 0: 'success/confirmed', 1: 'failure', 2: 'message error', 3: 'not supported', 4: 'alarm processing confirmed' } },
});

export const HEARTBEAT = fieldTable('jt808.heartbeat', {
  battery_level: { label: 'Battery level (vendor)', type: 'u8', unit: '%' },
  rssi: { label: 'Signal strength (vendor)', type: 'u8' },
  status: { label: 'Status (vendor)', type: 'u8' },
});

export const REGISTER = fieldTable('jt808.register', {
  province: { label: 'Province ID', type: 'u16', doc: 'GB/T 2260 first two digits' },
  city: { label: 'City/county ID', type: 'u16' },
  manufacturer: { label: 'Manufacturer ID', type: 'ascii', doc: '5 bytes (11 in 2019)' },
  model: { label: 'Terminal model', type: 'ascii', doc: '8 bytes (2011), 20 (2013), 30 (2019), zero padded' },
  terminal_id: { label: 'Terminal ID', type: 'ascii', doc: '7 bytes (30 in 2019)' },
  plate_color: { label: 'Licence plate colour', type: 'u8', enum: { 0: 'no plate', 1: 'blue', 2: 'yellow', 3: 'black', 4: 'white', 9: 'other' } },
  plate: { label: 'Licence plate / VIN', type: 'ascii', doc: 'GBK text' },
});

export const REGISTER_RESPONSE = fieldTable('jt808.register_response', {
  serial: { label: 'Reply serial number', type: 'u16' },
  result: { label: 'Result', type: 'u8', enum: { 0: 'success', 1: 'vehicle already registered', 2: 'no such vehicle', 3: 'terminal already registered', 4: 'no such terminal' } },
  auth_code: { label: 'Authentication code', type: 'ascii' },
});

export const AUTH = fieldTable('jt808.auth', {
  code_length: { label: 'Authentication code length', type: 'u8', doc: '2019 only' },
  code: { label: 'Authentication code', type: 'ascii' },
  imei: { label: 'Terminal IMEI', type: 'ascii', doc: '15 bytes, 2019 only' },
  software: { label: 'Software version', type: 'ascii', doc: '20 bytes, 2019 only' },
});

export const LOC = fieldTable('jt808.location', {
  alarm: { label: 'Alarm flags', type: 'flags', doc: 'table 24' },
  status: { label: 'Status', type: 'flags', doc: 'table 25' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°', doc: 'degrees × 10^6, hemisphere in status bit 2' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°', doc: 'degrees × 10^6, hemisphere in status bit 3' },
  altitude: { label: 'Altitude', type: 'i16', unit: 'm' },
  speed: { label: 'Speed', type: 'u16', unit: '1/10 km/h' },
  course: { label: 'Direction', type: 'u16', unit: '°', doc: '0–359, clockwise from north' },
  time: { label: 'Time (GMT+8)', type: 'time', doc: 'BCD yymmddhhmmss in Beijing time' },
  items: { label: 'Additional information', type: 'group', doc: 'table 27: id(1) length(1) value' },
});

/** Alarm flag bits (JT/T 808-2013 table 24). */
export const ALARM_BITS: readonly BitDef[] = [
  { id: 'jt808.location.alarm.sos', label: 'Emergency (SOS)', bit: 0 },
  { id: 'jt808.location.alarm.overspeed', label: 'Overspeed', bit: 1 },
  { id: 'jt808.location.alarm.fatigue', label: 'Fatigue driving', bit: 2 },
  { id: 'jt808.location.alarm.danger', label: 'Danger warning', bit: 3 },
  { id: 'jt808.location.alarm.gnss_fault', label: 'GNSS module fault', bit: 4 },
  { id: 'jt808.location.alarm.antenna_cut', label: 'GNSS antenna disconnected', bit: 5 },
  { id: 'jt808.location.alarm.antenna_short', label: 'GNSS antenna short-circuited', bit: 6 },
  { id: 'jt808.location.alarm.undervoltage', label: 'Main power under-voltage', bit: 7 },
  { id: 'jt808.location.alarm.power_off', label: 'Main power off', bit: 8 },
  { id: 'jt808.location.alarm.lcd_fault', label: 'LCD fault', bit: 9 },
  { id: 'jt808.location.alarm.tts_fault', label: 'TTS module fault', bit: 10 },
  { id: 'jt808.location.alarm.camera_fault', label: 'Camera fault', bit: 11 },
  { id: 'jt808.location.alarm.ic_card_fault', label: 'IC card module fault', bit: 12 },
  { id: 'jt808.location.alarm.overspeed_warning', label: 'Overspeed warning', bit: 13 },
  { id: 'jt808.location.alarm.fatigue_warning', label: 'Fatigue warning', bit: 14 },
  { id: 'jt808.location.alarm.reserved15', label: 'Reserved (vendors: vibration)', bit: 15 },
  { id: 'jt808.location.alarm.reserved16', label: 'Reserved (vendors: tampering)', bit: 16, width: 2 },
  { id: 'jt808.location.alarm.driving_overtime', label: 'Driving overtime today', bit: 18 },
  { id: 'jt808.location.alarm.parking_overtime', label: 'Parking overtime', bit: 19 },
  { id: 'jt808.location.alarm.area', label: 'Entering/leaving area', bit: 20 },
  { id: 'jt808.location.alarm.route', label: 'Entering/leaving route', bit: 21 },
  { id: 'jt808.location.alarm.route_time', label: 'Route driving time too short/long', bit: 22 },
  { id: 'jt808.location.alarm.route_deviation', label: 'Route deviation', bit: 23 },
  { id: 'jt808.location.alarm.vss_fault', label: 'Vehicle VSS fault', bit: 24 },
  { id: 'jt808.location.alarm.fuel_abnormal', label: 'Abnormal fuel level', bit: 25 },
  { id: 'jt808.location.alarm.stolen', label: 'Vehicle stolen', bit: 26 },
  { id: 'jt808.location.alarm.illegal_ignition', label: 'Illegal ignition', bit: 27 },
  { id: 'jt808.location.alarm.illegal_move', label: 'Illegal displacement', bit: 28 },
  { id: 'jt808.location.alarm.collision', label: 'Collision warning', bit: 29 },
  { id: 'jt808.location.alarm.rollover', label: 'Rollover warning', bit: 30 },
  { id: 'jt808.location.alarm.illegal_door', label: 'Illegal door opening', bit: 31 },
];

/** Status bits (JT/T 808-2013 table 25). */
export const STATUS_BITS: readonly BitDef[] = [
  { id: 'jt808.location.status.acc', label: 'ACC', bit: 0, names: { 0: 'off', 1: 'on' } },
  { id: 'jt808.location.status.positioned', label: 'Positioned', bit: 1 },
  { id: 'jt808.location.status.south', label: 'Latitude', bit: 2, names: { 0: 'north', 1: 'south' } },
  { id: 'jt808.location.status.west', label: 'Longitude', bit: 3, names: { 0: 'east', 1: 'west' } },
  { id: 'jt808.location.status.stopped', label: 'Operation', bit: 4, names: { 0: 'operating', 1: 'stopped' } },
  { id: 'jt808.location.status.encrypted', label: 'Coordinates encrypted', bit: 5 },
  { id: 'jt808.location.status.load', label: 'Load', bit: 8, width: 2, names: { 0: 'empty', 1: 'half', 2: 'reserved', 3: 'full' } },
  { id: 'jt808.location.status.oil_cut', label: 'Oil circuit disconnected', bit: 10 },
  { id: 'jt808.location.status.circuit_cut', label: 'Electric circuit disconnected', bit: 11 },
  { id: 'jt808.location.status.door_locked', label: 'Doors locked', bit: 12 },
  { id: 'jt808.location.status.doors_open', label: 'Doors 1–5 open', bit: 13, width: 5, names: { 0: 'all closed' } },
  { id: 'jt808.location.status.gps', label: 'GPS used', bit: 18 },
  { id: 'jt808.location.status.beidou', label: 'BeiDou used', bit: 19 },
  { id: 'jt808.location.status.glonass', label: 'GLONASS used', bit: 20 },
  { id: 'jt808.location.status.galileo', label: 'Galileo used', bit: 21 },
];

/** One additional-information item: a group `jt808.item.<key>` holding id, length and the value. */
export const ITEM = fieldTable('jt808.item', {
  id: { label: 'Item ID', type: 'u8' },
  length: { label: 'Item length', type: 'u8', unit: 'bytes' },
  raw: { label: 'Value', type: 'bytes', doc: 'value of an item not decoded field by field' },
});

export interface ItemInfo {
  key: string;
  label: string;
  doc?: string;
}

/**
 * Additional-information items of the location report: 0x01–0x31 from JT/T 808-2013/2019 table 27
 * (0x14–0x18 from JT/T 1078, 0x64/0x65 from the JSATL12 active-safety extension); the rest are
 * vendors' as Traccar's Jt808ProtocolDecoder reads them.
 */
export const ITEMS: Readonly<Record<number, ItemInfo>> = {
  0x01: { key: 'mileage', label: 'Mileage', doc: 'DWORD, 1/10 km' },
  0x02: { key: 'fuel', label: 'Fuel', doc: 'WORD, 1/10 L' },
  0x03: { key: 'speed', label: 'Tachograph speed', doc: 'WORD, 1/10 km/h' },
  0x04: { key: 'alarm_event', label: 'Manually confirmed alarm event ID', doc: 'WORD' },
  0x05: { key: 'tyre_pressure', label: 'Tyre pressure (2019)', doc: '30 bytes' },
  0x06: { key: 'compartment_temp', label: 'Compartment temperature (2019) / battery level (vendor)' },
  0x0b: { key: 'lock', label: 'Lock event (vendor)' },
  0x11: { key: 'overspeed', label: 'Overspeed alarm information' },
  0x12: { key: 'area', label: 'Area/route in-out alarm information' },
  0x13: { key: 'route_time', label: 'Route driving time alarm information' },
  0x14: { key: 'video_alarm', label: 'Video-related alarm (JT/T 1078)' },
  0x15: { key: 'video_loss', label: 'Video signal loss channels (JT/T 1078)' },
  0x16: { key: 'video_occlusion', label: 'Video occlusion channels (JT/T 1078)' },
  0x17: { key: 'storage_fault', label: 'Storage fault (JT/T 1078)' },
  0x18: { key: 'abnormal_driving', label: 'Abnormal driving behaviour (JT/T 1078)' },
  0x25: { key: 'signals', label: 'Extended vehicle signal status' },
  0x2a: { key: 'io', label: 'IO status' },
  0x2b: { key: 'analog', label: 'Analog quantities' },
  0x30: { key: 'rssi', label: 'Wireless signal strength' },
  0x31: { key: 'satellites', label: 'GNSS satellites' },
  0x33: { key: 'mode', label: 'Mode / lock status text (vendor)' },
  0x51: { key: 'temperatures', label: 'Temperature sensors (vendor)' },
  0x56: { key: 'battery_level', label: 'Battery level (vendor)' },
  0x57: { key: 'vendor_alarms', label: 'Driving alarms and switches (vendor)' },
  0x60: { key: 'event', label: 'Event (vendor)' },
  0x63: { key: 'locks', label: 'Seal locks (vendor)' },
  0x64: { key: 'adas', label: 'ADAS alarm (JSATL12)' },
  0x65: { key: 'dms', label: 'Driver-state alarm (JSATL12)' },
  0x67: { key: 'password', label: 'Password (vendor)' },
  0x68: { key: 'battery_level_2', label: 'Battery level (vendor)' },
  0x69: { key: 'battery', label: 'Battery voltage (vendor)' },
  0x70: { key: 'driving_alarm', label: 'Driving-behaviour alarm (vendor)' },
  0x77: { key: 'tyres', label: 'Tyre sensors (vendor)' },
  0x80: { key: 'obd_marker', label: 'OBD extension marker (vendor)' },
  0x82: { key: 'power', label: 'External power (vendor)' },
  0x91: { key: 'obd', label: 'OBD data (vendor)' },
  0x94: { key: 'vin', label: 'VIN (vendor)' },
  0xac: { key: 'odometer', label: 'Odometer (vendor)' },
  0xbc: { key: 'driver', label: 'Driver name (vendor)' },
  0xbd: { key: 'driver_id', label: 'Driver ID (vendor)' },
  0xcc: { key: 'iccid', label: 'ICCID (vendor)' },
  0xd0: { key: 'user_status', label: 'User status (vendor)' },
  0xd3: { key: 'power_d3', label: 'External power (vendor)' },
  0xd4: { key: 'battery_d4', label: 'Battery level (vendor)' },
  0xd5: { key: 'lock_d5', label: 'Battery / locks (vendor)' },
  0xda: { key: 'device_status', label: 'Device status (vendor)' },
  0xe1: { key: 'vendor_e1', label: 'Battery / cells / power / driver (vendor)' },
  0xe2: { key: 'fuel_e2', label: 'Fuel (vendor)' },
  0xe3: { key: 'battery_e3', label: 'Battery (vendor)' },
  0xe4: { key: 'battery_e4', label: 'Charge and battery level (vendor)' },
  0xe5: { key: 'motion', label: 'Motion (vendor)' },
  0xe6: { key: 'vendor_e6', label: 'OBD text / temperature sensors (vendor)' },
  0xe7: { key: 'vendor_e7', label: 'Alarm bits (vendor)' },
  0xe8: { key: 'vendor_e8', label: 'Extended status (vendor, Jimi JC)' },
  0xe9: { key: 'battery_e9', label: 'Battery level (vendor)' },
  0xea: { key: 'sensors', label: 'External sensors (vendor)' },
  0xeb: { key: 'vendor_eb', label: 'Extended information (vendor)' },
  0xec: { key: 'wifi', label: 'Wi-Fi access points (vendor)' },
  0xed: { key: 'card', label: 'Card (vendor)' },
  0xee: { key: 'vendor_ee', label: 'Signal, power, battery, satellites (vendor)' },
  0xf0: { key: 'cells', label: 'Cell towers (vendor)' },
  0xf1: { key: 'power_f1', label: 'External power (vendor)' },
  0xf2: { key: 'firmware', label: 'Firmware version (vendor)' },
  0xf3: { key: 'vendor_f3', label: 'OBD items / BLE tags (vendor)' },
  0xf4: { key: 'wifi_f4', label: 'Wi-Fi access points (vendor)' },
  0xf5: { key: 'illuminance', label: 'Illuminance (vendor)' },
  0xf6: { key: 'vendor_f6', label: 'Sensors / IMEI (vendor)' },
  0xf7: { key: 'battery_f7', label: 'Battery (vendor)' },
  0xf8: { key: 'vendor_f8', label: 'Temperature / SIM info (vendor)' },
  0xf9: { key: 'vendor_f9', label: 'GNSS details (vendor)' },
  0xfb: { key: 'container', label: 'Container (vendor)' },
  0xfc: { key: 'geofence', label: 'Geofence (vendor)' },
  0xfe: { key: 'vendor_fe', label: 'Battery / power / alarms (vendor)' },
};

/** Items after the 0x80 marker: an OBD extension list with its own meanings (vendor). */
export const EXT_ITEMS: Readonly<Record<number, ItemInfo>> = {
  0x01: { key: 'ext.odometer', label: 'Odometer' },
  0x02: { key: 'ext.fuel', label: 'Fuel' },
  0x03: { key: 'ext.obd_speed', label: 'OBD speed' },
  0x56: { key: 'ext.battery_level', label: 'Power and battery level' },
  0x61: { key: 'ext.power', label: 'External power' },
  0x69: { key: 'ext.battery', label: 'Battery voltage' },
  0x80: { key: 'ext.obd_speed_u8', label: 'OBD speed' },
  0x81: { key: 'ext.rpm', label: 'Engine speed' },
  0x82: { key: 'ext.power_u16', label: 'External power' },
  0x83: { key: 'ext.engine_load', label: 'Engine load' },
  0x84: { key: 'ext.coolant_temp', label: 'Coolant temperature' },
  0x85: { key: 'ext.fuel_consumption', label: 'Fuel consumption' },
  0x86: { key: 'ext.intake_temp', label: 'Intake temperature' },
  0x87: { key: 'ext.intake_flow', label: 'Intake flow' },
  0x88: { key: 'ext.intake_pressure', label: 'Intake pressure' },
  0x89: { key: 'ext.throttle', label: 'Throttle position' },
  0x8b: { key: 'ext.vin', label: 'VIN' },
  0x8c: { key: 'ext.obd_odometer', label: 'OBD odometer' },
  0x8d: { key: 'ext.trip_odometer', label: 'Trip odometer' },
  0x8e: { key: 'ext.fuel_level', label: 'Fuel level' },
  0xa0: { key: 'ext.dtcs', label: 'Diagnostic trouble codes' },
  0xcc: { key: 'ext.iccid', label: 'ICCID' },
};

export const BATCH = fieldTable('jt808.batch', {
  count: { label: 'Number of data items', type: 'u16' },
  type: { label: 'Location data type', type: 'u8', enum: { 0: 'normal batch', 1: 'blind-area supplement' } },
  length: { label: 'Location report length', type: 'u16', unit: 'bytes' },
  record: { label: 'Location report', type: 'group' },
  battery_level: { label: 'Battery level (vendor)', type: 'u8', unit: '%' },
  time: { label: 'Time (GMT+8)', type: 'time' },
});

export const PASSTHROUGH = fieldTable('jt808.passthrough', {
  type: { label: 'Pass-through message type', type: 'u8', enum: { 0x00: 'GNSS module detail', 0x0b: 'road transport IC card', 0x41: 'serial port 1 (OBD text)', 0x42: 'serial port 2', 0x40: 'text (vendor)', 0x53: 'BLE tags (vendor)', 0x54: 'sensor samples (vendor)', 0xf0: 'vehicle data (vendor)', 0xf3: 'collision (vendor)', 0xff: 'position (vendor)' } },
  data: { label: 'Pass-through data', type: 'bytes' },
  text: { label: 'Text', type: 'ascii' },
  time: { label: 'Time (GMT+8)', type: 'time' },
  archive: { label: 'Archived (buffered)', type: 'u8' },
  vehicle_type: { label: 'Vehicle type', type: 'u8' },
  subtype: { label: 'Data subtype', type: 'u8', enum: { 1: 'vehicle values', 2: 'fault codes', 3: 'alarms', 4: 'trip', 0x0b: 'VIN', 0x15: 'event' } },
  count: { label: 'Count', type: 'u16' },
  record: { label: 'Record', type: 'group' },
});

export const PARAMS = fieldTable('jt808.parameters', {
  serial: { label: 'Reply serial number', type: 'u16' },
  count: { label: 'Parameter count', type: 'u8' },
  param: { label: 'Parameter', type: 'group' },
  id: { label: 'Parameter ID', type: 'u32' },
  length: { label: 'Parameter length', type: 'u8', unit: 'bytes' },
  value: { label: 'Parameter value', type: 'bytes' },
});

/** Names of common terminal parameters (JT/T 808-2013 table 12). */
export const PARAM_NAMES: Readonly<Record<number, string>> = {
  0x0001: 'heartbeat interval (s)',
  0x0002: 'TCP response timeout (s)',
  0x0003: 'TCP retransmissions',
  0x0010: 'main server APN',
  0x0011: 'main server dial-up user',
  0x0012: 'main server dial-up password',
  0x0013: 'main server address',
  0x0017: 'backup server address',
  0x0018: 'server TCP port',
  0x0019: 'server UDP port',
  0x0020: 'location report strategy',
  0x0021: 'location report scheme',
  0x0027: 'report interval when asleep (s)',
  0x0028: 'report interval in emergency (s)',
  0x0029: 'default report interval (s)',
  0x002c: 'default report distance (m)',
  0x0030: 'corner retransmission angle (°)',
  0x0055: 'maximum speed (km/h)',
  0x0056: 'overspeed duration (s)',
  0x0080: 'vehicle odometer (1/10 km)',
  0x0081: 'vehicle province ID',
  0x0082: 'vehicle city ID',
  0x0083: 'licence plate',
  0x0084: 'licence plate colour',
};

export const CONTROL = fieldTable('jt808.control', {
  command: { label: 'Command word', type: 'u8', enum: { 1: 'wireless upgrade', 2: 'connect to server', 3: 'power off', 4: 'reset', 5: 'factory reset', 6: 'close data communication', 7: 'close all wireless communication', 0xf0: 'engine stop (vendor: cut oil)', 0xf1: 'engine resume (vendor: restore oil)' } },
  params: { label: 'Command parameters', type: 'ascii', doc: 'semicolon separated' },
});

export const TEXT = fieldTable('jt808.text', {
  flag: { label: 'Flag', type: 'flags', doc: 'bit 0 emergency, 2 display, 3 TTS, 4 advertising screen, 5 CAN fault code' },
  encoding: { label: 'Encoding (vendor)', type: 'u8', enum: { 0: 'ASCII/GBK', 1: 'UNICODE' } },
  serial: { label: 'Reply serial number', type: 'u16' },
  content: { label: 'Text', type: 'ascii' },
});

export const ATTRIBUTES = fieldTable('jt808.attributes', {
  terminal_type: { label: 'Terminal type', type: 'flags' },
  manufacturer: { label: 'Manufacturer ID', type: 'ascii' },
  model: { label: 'Terminal model', type: 'ascii' },
  terminal_id: { label: 'Terminal ID', type: 'ascii' },
  iccid: { label: 'SIM ICCID', type: 'bcd' },
  hw_length: { label: 'Hardware version length', type: 'u8' },
  hw_version: { label: 'Hardware version', type: 'ascii' },
  fw_length: { label: 'Firmware version length', type: 'u8' },
  fw_version: { label: 'Firmware version', type: 'ascii' },
  gnss: { label: 'GNSS module attributes', type: 'flags' },
  comm: { label: 'Communication module attributes', type: 'flags' },
});

export const DRIVER = fieldTable('jt808.driver', {
  status: { label: 'Card status', type: 'u8', enum: { 1: 'card inserted', 2: 'card removed' } },
  time: { label: 'Time (GMT+8)', type: 'time' },
  result: { label: 'IC card read result', type: 'u8', enum: { 0: 'success', 1: 'key authentication failed', 2: 'card locked', 3: 'card pulled out', 4: 'checksum error' } },
  name_length: { label: 'Driver name length', type: 'u8' },
  name: { label: 'Driver name', type: 'ascii' },
  certificate: { label: 'Qualification certificate code', type: 'ascii', doc: '20 bytes, zero padded' },
  agency_length: { label: 'Issuing agency length', type: 'u8' },
  agency: { label: 'Issuing agency', type: 'ascii' },
  validity: { label: 'Certificate validity (BCD yyyymmdd)', type: 'bcd' },
});

export const WAYBILL = fieldTable('jt808.waybill', {
  length: { label: 'Content length', type: 'u32', unit: 'bytes' },
  content: { label: 'Content', type: 'ascii' },
});

export const ACCEL = fieldTable('jt808.acceleration', {
  sample: { label: 'Sample', type: 'group' },
  time: { label: 'Time (GMT+8)', type: 'time' },
  x: { label: 'X', type: 'u16', doc: 'sign and magnitude (bit 15 = negative)' },
  y: { label: 'Y', type: 'u16' },
  z: { label: 'Z', type: 'u16' },
});

/** Jointech JT701 location body (0x5501/0x5502), the JT600 binary record layout. */
export const JT701 = fieldTable('jt808.jt701', {
  time: { label: 'Time (UTC, BCD ddmmyyhhmmss)', type: 'time' },
  latitude: { label: 'Latitude (BCD ddmm.mmmm)', type: 'bcd' },
  longitude: { label: 'Longitude (BCD dddmm.mmmm, 9 digits)', type: 'bcd' },
  flags: { label: 'Fix flags', type: 'flags', doc: 'low nibble of the longitude\'s last byte: bit 0 valid, 1 north, 2 east' },
  speed: { label: 'Speed (BCD)', type: 'bcd', unit: 'kn' },
  course: { label: 'Course', type: 'u8', unit: '2°' },
  rssi: { label: 'Signal strength', type: 'u8' },
  satellites: { label: 'Satellites', type: 'u8' },
  odometer: { label: 'Odometer', type: 'u32', unit: 'km' },
  battery: { label: 'Battery', type: 'u8', unit: '%', doc: '0xaa/0xab charging' },
  cid: { label: 'Cell ID', type: 'u32' },
  lac: { label: 'LAC', type: 'u16' },
  product: { label: 'Product type', type: 'u8' },
  status: { label: 'Status', type: 'flags' },
  alarm: { label: 'Alarm', type: 'flags' },
  items: { label: 'Extra items', type: 'group' },
});

export const TRACKING = fieldTable('jt808.tracking', {
  interval: { label: 'Time interval', type: 'u16', unit: 's' },
  validity: { label: 'Tracking validity', type: 'u32', unit: 's' },
});

/** The Jointech text variant `(id,1,001,CMD,…)` that JT701 locks mix into the JT808 stream. */
export const TEXTMSG = fieldTable('jt808.sentence', {
  sentence: { label: 'Text message', type: 'group' },
  id: { label: 'Device ID', type: 'ascii' },
  kind: { label: 'Packet type', type: 'ascii' },
  serial: { label: 'Serial number', type: 'ascii' },
  command: { label: 'Command', type: 'ascii' },
  param: { label: 'Parameter', type: 'ascii' },
});
