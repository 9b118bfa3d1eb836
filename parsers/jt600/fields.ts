/**
 * JT600 field table (Jointech JT600/JT701/JT707 family; layouts as Traccar's Jt600ProtocolDecoder
 * and Jt600FrameDecoder read them). Binary `$` frames and text `(` frames share the frame-level
 * ids (`jt600.device_id`, `jt600.index`); per-message text fields sit under their command.
 */
import { fieldTable } from '../core/fields';

export const F = fieldTable('jt600', {
  header: { label: 'Header', type: 'magic', doc: '"$" (0x24) binary data, "(" (0x28) text' },
  device_id: { label: 'Terminal ID', type: 'bcd', doc: 'binary: 10 BCD digits in 5 bytes; text: the first field' },
  protocol_version: { label: 'Protocol version', type: 'u8', doc: 'long binary form only (0x01, 0x16, 0x17, 0x19 …); ≥ 0x19 answers (P69,0,<index>)' },
  data_type: { label: 'Data layout / type', type: 'flags', doc: 'high nibble: record layout (short form: 1 cells, 2 fuel+status, 3 fuel sensors); low nibble: data type' },
  length: { label: 'Data length', type: 'u16', unit: 'bytes', doc: 'frame length − 10 (short form: the records; long form: records, extension and index)' },
  record: { label: 'Record', type: 'group', doc: 'one position: 17-byte location block + layout-specific data' },
  geofence: { label: 'Geofence id', type: 'u8', doc: 'long form, protocol version 0x17/0x19' },
  reserved: { label: 'Reserved', type: 'bytes' },
  extension: { label: 'Extension data', type: 'bytes', doc: 'long form: data after the record that this decoder does not name' },
  index: { label: 'Index', type: 'u8', doc: 'last byte: the record index the (P69,0,<index>) answer echoes' },
  extra: { label: 'Extra bytes', type: 'bytes' },
  report: { label: 'Text message', type: 'group', doc: '(<id>,<command>,<field>,…)' },
  start: { label: 'Start', type: 'magic', doc: '"("' },
  command: { label: 'Command', type: 'ascii', doc: 'W01, U01…U09, P45, @JT, WLNET' },
  prefix: { label: 'Header value', type: 'ascii', doc: 'numbers between the terminal id and the command (U09, WLNET)' },
  value: { label: 'Value', type: 'ascii', doc: 'a field of a message whose layout is not known' },
  checksum: { label: 'Check code', type: 'checksum', doc: 'two hex digits: XOR of the bytes after "(" up to the comma before the check code' },
  checksum_computed: { label: 'Computed check code', type: 'checksum' },
  end: { label: 'End', type: 'magic', doc: '")"' },
});

/** The 17-byte location block every binary record (and the WLNET message) starts with. */
export const LOC = fieldTable('jt600.location', {
  time: { label: 'Date and time (UTC)', type: 'time', doc: 'BCD ddmmyy hhmmss' },
  latitude: { label: 'Latitude', type: 'bcd', unit: '°', doc: '8 BCD digits ddmm.mmmm' },
  longitude: { label: 'Longitude', type: 'bcd', unit: '°', doc: '9 BCD digits dddmm.mmmm; the 10th nibble is the flags' },
  flags: { label: 'Position flags', type: 'flags', doc: 'low nibble of the 5th longitude byte: bit 0 valid, bit 1 north, bit 2 east' },
  speed: { label: 'Speed', type: 'bcd', unit: 'kn', doc: '2 BCD digits (Traccar reads them as knots)' },
  course: { label: 'Course', type: 'u8', unit: '°', doc: 'value × 2' },
});

/** Short form, layout 1: satellites, power, altitude, cell. */
export const V1 = fieldTable('jt600.v1', {
  satellites: { label: 'Satellites', type: 'u8' },
  power: { label: 'Power', type: 'u8' },
  sensors: { label: 'Other flags and sensors', type: 'flags' },
  altitude: { label: 'Altitude', type: 'u16', unit: 'm' },
  cid: { label: 'Cell ID', type: 'u16' },
  lac: { label: 'LAC', type: 'u16' },
  rssi: { label: 'GSM signal', type: 'u8' },
});

/** Short form, layout 2: fuel, status, odometer. */
export const V2 = fieldTable('jt600.v2', {
  fuel_high: { label: 'Fuel (high byte)', type: 'u8' },
  status: { label: 'Status', type: 'flags', doc: '4 bytes: ignition/door, charge/blocked/SOS/antenna/overspeed, fatigue/tow, reserved' },
  odometer: { label: 'Odometer', type: 'u32', unit: 'km' },
  fuel_low: { label: 'Fuel (low byte)', type: 'u8' },
});

/** Short form, layout 3: three fuel sensors, odometer and status packed in 80 bits. */
export const V3 = fieldTable('jt600.v3', {
  fuel1: { label: 'Fuel sensor 1', type: 'u16', doc: '12 bits' },
  fuel2: { label: 'Fuel sensor 2', type: 'u16', doc: '12 bits' },
  fuel3: { label: 'Fuel sensor 3', type: 'u16', doc: '12 bits' },
  odometer: { label: 'Odometer', type: 'u24', unit: 'km', doc: '20 bits' },
  status: { label: 'Status', type: 'flags', doc: '24 bits; bit 0 ignition' },
});

/** Long form (JT701 and later): one record with odometer, status, battery and cell. */
export const LONG = fieldTable('jt600.long', {
  odometer: { label: 'Odometer', type: 'u32', unit: 'km' },
  satellites: { label: 'Satellites', type: 'u8' },
  vehicle_id: { label: 'Vehicle id (combined)', type: 'u32' },
  status: { label: 'Status', type: 'flags', doc: 'bit 1 enter fence, 2 exit fence, 3 power cut, 4 vibration, 5 answer wanted, 7 locked, 11 low battery, 14 fault' },
  battery: { label: 'Battery', type: 'u8', unit: '%', doc: '0xff: charging' },
  cid: { label: 'Cell ID', type: 'u16' },
  lac: { label: 'LAC', type: 'u16' },
  rssi: { label: 'GSM signal', type: 'u8' },
});

/** `W01`: NMEA-style position in km/h. */
export const W01 = fieldTable('jt600.w01', {
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemi: { label: 'E/W', type: 'ascii' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemi: { label: 'N/S', type: 'ascii' },
  valid: { label: 'Validity', type: 'ascii', doc: 'A valid, V invalid' },
  date: { label: 'Date', type: 'ascii', doc: 'ddmmyy (UTC)' },
  time: { label: 'Time', type: 'ascii', doc: 'hhmmss (UTC)' },
  speed: { label: 'Speed', type: 'ascii', unit: 'km/h' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  power: { label: 'Power', type: 'ascii' },
  gps: { label: 'GPS signal', type: 'ascii' },
  gsm: { label: 'GSM signal', type: 'ascii' },
  alert: { label: 'Alert type', type: 'ascii' },
  extra: { label: 'Extra value', type: 'ascii' },
});

/** `U01`…`U06`: decimal-degree position in mph, battery, status bits, cell, odometer. */
export const U = fieldTable('jt600.u', {
  alarm: { label: 'Alarm', type: 'ascii', doc: 'U06 only' },
  date: { label: 'Date', type: 'ascii', doc: 'ddmmyy (UTC)' },
  time: { label: 'Time', type: 'ascii', doc: 'hhmmss (UTC)' },
  valid: { label: 'Validity', type: 'ascii', doc: 'T valid, F invalid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°' },
  lat_hemi: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°' },
  lon_hemi: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'mph' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  satellites: { label: 'Satellites', type: 'ascii' },
  battery: { label: 'Battery', type: 'ascii', unit: '%' },
  status: { label: 'Status bits', type: 'ascii', doc: 'binary digits' },
  cid: { label: 'Cell ID', type: 'ascii' },
  lac: { label: 'LAC', type: 'ascii' },
  gsm: { label: 'GSM signal', type: 'ascii' },
  odometer: { label: 'Odometer', type: 'ascii', unit: 'km' },
  serial: { label: 'Serial number', type: 'ascii' },
  extra: { label: 'Extra value', type: 'ascii' },
});

/** `P45`: lock event (JT701 padlock) with position in mph, RFID card and index. */
export const P45 = fieldTable('jt600.p45', {
  date: { label: 'Date', type: 'ascii', doc: 'ddmmyy (UTC)' },
  time: { label: 'Time', type: 'ascii', doc: 'hhmmss (UTC)' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°' },
  lat_hemi: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°' },
  lon_hemi: { label: 'E/W', type: 'ascii' },
  valid: { label: 'Validity', type: 'ascii', doc: 'A valid, V invalid' },
  speed: { label: 'Speed', type: 'ascii', unit: 'mph' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  event_source: { label: 'Event source', type: 'ascii' },
  unlock_check: { label: 'Unlock verification', type: 'ascii' },
  rfid: { label: 'RFID card', type: 'ascii', doc: '0000000000: none' },
  password_check: { label: 'Password verification', type: 'ascii' },
  wrong_passwords: { label: 'Incorrect password count', type: 'ascii' },
  index: { label: 'Index', type: 'ascii', doc: 'echoed by the (P69,0,<index>) answer' },
  extra: { label: 'Extra value', type: 'ascii' },
});

/** `WLNET,5`: a wireless peripheral (temperature/humidity tag) report with a binary body. */
export const WLNET = fieldTable('jt600.wlnet', {
  body: { label: 'Peripheral data', type: 'group' },
  sensor_time: { label: 'Sensor time (UTC)', type: 'time', doc: 'BCD ddmmyy hhmmss' },
  sensor_id: { label: 'Sensor id', type: 'bcd' },
  sensor_index: { label: 'Sensor index', type: 'u8' },
  sensor_battery: { label: 'Sensor battery', type: 'u16', unit: 'V', doc: 'value / 100' },
  sensor_level: { label: 'Sensor battery level', type: 'u8', unit: '%' },
  sensor_rssi: { label: 'Sensor signal', type: 'u8', unit: 'dBm', doc: 'negated' },
  sensor_type: { label: 'Sensor type', type: 'u8', enum: { 1: 'temperature/humidity' } },
  temperature: { label: 'Temperature', type: 'u16', unit: '°C', doc: 'low 12 bits / 10, any of the high 4 bits set: negative; 0xffff none' },
  humidity: { label: 'Humidity', type: 'u8', unit: '%' },
  data_count: { label: 'Data count', type: 'u16' },
  status: { label: 'Sensor status', type: 'u8' },
  rest: { label: 'Sensor data', type: 'bytes' },
});

/** Server → device text commands (`(S07,0)`, `(S09,1,240)`, `(P69,0,5)`). */
export const SRV = fieldTable('jt600.server', {
  code: { label: 'Command', type: 'ascii', doc: 'S07 relay, S09 time zone, S17 restart, P35/P69/S20/S39 answers' },
  parameter: { label: 'Parameter', type: 'ascii' },
});
