/**
 * GoSafe field table (GoSafe "G79W Protocol" V1.5 as cited by public decoders; Traccar
 * GoSafeProtocolDecoder/GoSafeFrameDecoder). Text and binary forms share section ids, so a filter
 * on `gosafe.gps.latitude` or `gosafe.adc.power` matches either form.
 */
import { fieldTable } from '../core/fields';

/** Binary data-mask bits of a non-event packet (packet type bit 6 clear). */
export const BLOCKS: readonly string[] = ['sys', 'gps', 'gsm', 'cot', 'adc', 'dtt', 'iwd', 'obd', 'ful'];
/** Binary data-mask bits of an event packet (packet type bit 6 set): ETD comes before OBD. */
export const EVENT_BLOCKS: readonly string[] = ['sys', 'gps', 'gsm', 'cot', 'adc', 'dtt', 'iwd', 'etd', 'obd', 'ful'];

export const F = fieldTable('gosafe', {
  report: { label: 'Text report', type: 'group', doc: '*GS<version>,<imei>,<record>[$<record>…]#' },
  header: { label: 'Header', type: 'ascii', doc: '"*GS" (text form)' },
  version: { label: 'Protocol version', type: 'ascii', doc: 'text: digits after *GS (02 old layout, 06/16/26/56 current); binary: one byte' },
  imei: { label: 'IMEI', type: 'ascii', doc: 'text: 15 digits; binary: 7-byte unsigned integer' },
  record: { label: 'Record', type: 'group', doc: 'one report; several are joined by "$"' },
  terminator: { label: 'End of frame', type: 'magic', doc: '"#"' },
  trailing: { label: 'Bytes after the end mark', type: 'bytes' },
  start: { label: 'Packet head', type: 'magic', doc: '0xf8' },
  type: { label: 'Packet type', type: 'flags', doc: 'bit 6: event packet (an event id follows the time, ETD block present); 0: heartbeat' },
  time: { label: 'Date and time (UTC)', type: 'u32', unit: 's', doc: 'seconds since 2000-01-01 00:00 UTC' },
  event_id: { label: 'Event id', type: 'u8' },
  mask: { label: 'Data mask', type: 'flags', doc: 'bit n set: block n follows (SYS, GPS, GSM, COT, ADC, DTT, IWD, [ETD], OBD, FUL)' },
  block: { label: 'Block', type: 'group', doc: 'a data-mask bit this decoder does not name' },
  crc: { label: 'Checksum (CRC-16/XMODEM)', type: 'checksum', doc: 'over the unstuffed bytes from the version to the last data byte' },
  crc_computed: { label: 'Computed CRC-16/XMODEM', type: 'checksum' },
  end: { label: 'Packet tail', type: 'magic', doc: '0xf8' },
  extra: { label: 'Extra bytes', type: 'bytes' },
});

/** Record-level fields of the text form. */
export const REC = fieldTable('gosafe.record', {
  time: { label: 'Date and time (UTC)', type: 'time', doc: 'hhmmssddmmyy' },
  result: { label: 'Command result', type: 'ascii', doc: 'in place of the time: the answer to a command' },
  event: { label: 'Event code', type: 'ascii', doc: 'hex' },
  unknown: { label: 'Unrecognised fragment', type: 'ascii' },
});

/** Fields every section has: its tag (text) or its length byte and sub-data headers (binary). */
const common = {
  name: { label: 'Section tag', type: 'ascii' },
  length: { label: 'Block length', type: 'u8', unit: 'bytes' },
  tl: { label: 'Sub-data type / length', type: 'u8', doc: 'high nibble: sub-data id, low nibble: length' },
  data: { label: 'Data', type: 'bytes' },
  extra: { label: 'Extra value', type: 'ascii', doc: 'a value past the documented ones' },
} as const;

export const SYS = fieldTable('gosafe.sys', {
  ...common,
  device: { label: 'Device name', type: 'ascii' },
  firmware: { label: 'Firmware version', type: 'ascii' },
  hardware: { label: 'Hardware version', type: 'ascii' },
});

export const GPS = fieldTable('gosafe.gps', {
  ...common,
  mask: { label: 'Sub-data mask', type: 'flags', doc: 'bit 0 flags, 1 lat/lon, 2 speed, 3 course, 4 altitude, 5 HDOP, 6 VDOP' },
  flags: { label: 'Fix / satellites', type: 'flags', doc: 'bits 0-4 satellites, bits 5-6 fix' },
  time: { label: 'Time (hhmmss)', type: 'ascii', doc: 'old (GS02) layout' },
  date: { label: 'Date (ddmmyy)', type: 'ascii', doc: 'old (GS02) layout' },
  fix: { label: 'Fix dimension', type: 'u8', doc: 'old (GS02) layout' },
  valid: { label: 'Validity', type: 'ascii', doc: 'A valid, V invalid, L last known' },
  satellites: { label: 'Satellites', type: 'u8' },
  latitude: { label: 'Latitude', type: 'i32', unit: '°', doc: 'text: N/S + degrees; binary: degrees × 1e6' },
  longitude: { label: 'Longitude', type: 'i32', unit: '°', doc: 'text: E/W + degrees; binary: degrees × 1e6' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h' },
  course: { label: 'Course', type: 'u16', unit: '°' },
  altitude: { label: 'Altitude', type: 'i16', unit: 'm' },
  hdop: { label: 'HDOP', type: 'u16', doc: 'binary: × 100' },
  vdop: { label: 'VDOP', type: 'u16', doc: 'binary: × 100' },
});

export const GSM = fieldTable('gosafe.gsm', {
  ...common,
  registration: { label: 'Registration status', type: 'u8' },
  signal: { label: 'Signal strength', type: 'u8' },
  cell: { label: 'Cell', type: 'group', doc: 'mcc;mnc;lac;cid;rssi — the serving cell, then neighbours' },
});

export const CELL = fieldTable('gosafe.gsm.cell', {
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'u16', doc: 'hex' },
  cid: { label: 'Cell id', type: 'u32', doc: 'hex' },
  rssi: { label: 'Signal level', type: 'i16', unit: 'dBm' },
});

export const COT = fieldTable('gosafe.cot', {
  ...common,
  odometer: { label: 'Odometer', type: 'u32', unit: 'm' },
  engine_hours: { label: 'Engine hours', type: 'ascii', doc: 'text: h-m-s; binary: seconds' },
});

export const ADC = fieldTable('gosafe.adc', {
  ...common,
  power: { label: 'External power', type: 'u16', unit: 'V' },
  battery: { label: 'Backup battery', type: 'u16', unit: 'V' },
  input: { label: 'Analog input', type: 'u16', unit: 'V' },
  index: { label: 'Input index', type: 'u8', doc: 'old (GS02) layout: index;value pairs' },
});

export const DTT = fieldTable('gosafe.dtt', {
  ...common,
  status: { label: 'Device status', type: 'flags', doc: 'hex' },
  io: { label: 'I/O status', type: 'flags', doc: 'hex; bit 0 ignition, 1-4 inputs, 5-7 outputs' },
  geofence_low: { label: 'Geo-fences 1-120 status', type: 'ascii' },
  geofence_high: { label: 'Geo-fences 121-156 status', type: 'ascii' },
  event_status: { label: 'Event status', type: 'ascii' },
  packet_type: { label: 'Packet type indicator', type: 'ascii' },
});

export const IWD = fieldTable('gosafe.iwd', {
  ...common,
  sensor: { label: 'One-wire device', type: 'group' },
  index: { label: 'Device index', type: 'u8' },
  kind: { label: 'Data type', type: 'u8', enum: { 0: 'driver id', 1: 'temperature sensor' } },
  driver_id: { label: 'Driver id', type: 'ascii' },
  serial: { label: 'Sensor serial number', type: 'ascii' },
  temperature: { label: 'Temperature', type: 'i16', unit: '°C' },
});

export const ETD = fieldTable('gosafe.etd', { ...common, value: { label: 'Event data', type: 'ascii' } });
export const OBD = fieldTable('gosafe.obd', {
  ...common,
  value: { label: 'OBD data', type: 'ascii', doc: 'hex: items of <length><mode><pid><value>' },
  item: { label: 'OBD item', type: 'ascii' },
});
export const TAG = fieldTable('gosafe.tag', { ...common, value: { label: 'Tag data', type: 'ascii' } });
export const FUL = fieldTable('gosafe.ful', { ...common, fuel: { label: 'Fuel used', type: 'u32', unit: 'g' } });

/** Sections of the old (GS02) layout and unknown sections. */
export const STT = fieldTable('gosafe.stt', { ...common, status: { label: 'Status', type: 'ascii' }, alarm: { label: 'Alarm', type: 'ascii' } });
export const MGR = fieldTable('gosafe.mgr', { ...common, mileage: { label: 'Mileage', type: 'u32', unit: 'm' } });
export const GFS = fieldTable('gosafe.gfs', { ...common, value: { label: 'Geo-fence status', type: 'ascii' } });
export const CLL = fieldTable('gosafe.cll', { ...common, value: { label: 'Cell information', type: 'ascii' } });
export const SECTION = fieldTable('gosafe.section', { ...common, value: { label: 'Value', type: 'ascii' } });

/** The group node of each section (text tag or binary block), by lower-case tag. */
export const SECTIONS = fieldTable('gosafe', {
  sys: { label: 'SYS: system information', type: 'group' },
  gps: { label: 'GPS: position', type: 'group' },
  gsm: { label: 'GSM: network', type: 'group' },
  cot: { label: 'COT: counters', type: 'group' },
  adc: { label: 'ADC: analog inputs', type: 'group' },
  dtt: { label: 'DTT: device status', type: 'group' },
  iwd: { label: 'IWD: one-wire devices', type: 'group' },
  etd: { label: 'ETD: event data', type: 'group' },
  obd: { label: 'OBD: vehicle data', type: 'group' },
  tag: { label: 'TAG: tag data', type: 'group' },
  ful: { label: 'FUL: fuel', type: 'group' },
  stt: { label: 'STT: status (old layout)', type: 'group' },
  mgr: { label: 'MGR: mileage (old layout)', type: 'group' },
  gfs: { label: 'GFS: geo-fences (old layout)', type: 'group' },
  cll: { label: 'CLL: cell (old layout)', type: 'group' },
  section: { label: 'Section', type: 'group', doc: 'a tag this decoder does not know' },
});

/** What the server sends (direction down): its acknowledgement and command texts. */
export const DOWN = fieldTable('gosafe.downlink', {
  ack: { label: 'Acknowledgement', type: 'ascii', doc: '"1234", the server\'s answer to every message' },
  command: { label: 'Command text', type: 'ascii', doc: 'a command for the device, sent as text (the downlink format is not published)' },
});
