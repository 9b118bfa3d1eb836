/**
 * GT06 field tables (Concox GT06/GT06N communication protocol v1.8, JM-VL03 protocol v1.1.2;
 * Traccar Gt06ProtocolDecoder for the model variants). One entry per stable field id.
 */
import { fieldTable } from '../core/fields';
import type { BitDef } from '../core/reader';

/** Protocol numbers; some are shared by two layouts, the decoder names the one it found. */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  0x01: 'login',
  0x10: 'gps',
  0x11: 'gps lbs', // GPS + LBS with 2-byte MNC and 4-byte cell id
  0x12: 'location',
  0x13: 'heartbeat', // status information
  0x14: 'satellites',
  0x15: 'string info', // terminal answer to an online command
  0x16: 'alarm', // GPS + LBS + status
  0x17: 'wifi', // or GPS + LBS + RFID on some models
  0x18: 'lbs extend',
  0x19: 'lbs status',
  0x1a: 'gps phone',
  0x1e: 'gps lbs extend',
  0x21: 'string info', // terminal answer to an online command, 0x7979 form
  0x22: 'location',
  0x23: 'heartbeat', // GK310
  0x24: 'lbs multiple',
  0x25: 'location rfid',
  0x26: 'alarm',
  0x27: 'alarm', // multiple geofences
  0x28: 'lbs multiple',
  0x2a: 'address request',
  0x2c: 'lbs wifi',
  0x2d: 'location',
  0x2e: 'lbs multiple',
  0x31: 'location',
  0x32: 'location status', // AZ735 / SL4X
  0x33: 'wifi', // AZ735 / SL4X; 0x7979 form: AZ735 alarm
  0x34: 'location', // X1; SL4X LBS
  0x35: 'photo info',
  0x36: 'status', // 4G heartbeat; 0x7979 form: photo data
  0x37: 'location',
  0x38: 'location',
  0x40: 'bms',
  0x41: 'multimedia',
  0x61: 'location driver',
  0x69: 'wifi',
  0x70: 'modular',
  0x80: 'command',
  0x81: 'command',
  0x82: 'command',
  0x8a: 'time request',
  0x8c: 'obd',
  0x94: 'information',
  0x95: 'alarm', // JC100 / JC400
  0x97: 'address response',
  0x9b: 'serial data',
  0xa0: 'location',
  0xa1: 'lbs multiple',
  0xa2: 'wifi', // or LW 4G location
  0xa3: 'fence alarm', // or GL21L status
  0xa4: 'fence alarm',
  0xa5: 'lbs alarm',
  0xa7: 'lbs address',
  0xf1: 'status tlv',
  0xf2: 'peripheral',
  0xf3: 'wifi',
  0xfd: 'firmware version',
};

/**
 * Types a real server acknowledges with `78 78 05 <type> <serial> <crc> 0d 0a`; the first nine
 * are the original rule, the rest what Traccar's decoder acknowledges for the types added later.
 */
export const ACKNOWLEDGED_TYPES: ReadonlySet<number> = new Set([
  0x01, 0x12, 0x13, 0x16, 0x19, 0x22, 0x23, 0x26, 0x27,
  0x10, 0x11, 0x15, 0x17, 0x18, 0x1a, 0x1e, 0x24, 0x25, 0x28, 0x2c, 0x2d, 0x2e, 0x31, 0x32, 0x33, 0x34, 0x36, 0x37, 0x38, 0x40, 0x61,
  0x95, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa7,
]);

/** Alarm codes of the alarm/language byte (JM-VL03 table), with Traccar's alarm names. */
export const ALARM_CODES: Readonly<Record<number, string>> = {
  0x01: 'sos',
  0x02: 'powerCut',
  0x03: 'vibration',
  0x04: 'geofenceEnter',
  0x05: 'geofenceExit',
  0x06: 'overspeed',
  0x09: 'vibration', // tow / theft
  0x0c: 'tampering',
  0x0e: 'lowBattery', // low external battery
  0x0f: 'lowBattery', // external battery low-voltage protection
  0x11: 'powerOff',
  0x13: 'tampering',
  0x14: 'door',
  0x18: 'removing', // cover removed
  0x19: 'lowBattery', // low internal battery (hard acceleration on LW models)
  0x1a: 'hardBraking',
  0x1b: 'hardCornering',
  0x23: 'fallDown',
  0x25: 'tampering',
  0x28: 'hardBraking',
  0x29: 'hardAcceleration',
  0x2a: 'hardCornering',
  0x2b: 'hardCornering',
  0x2c: 'accident',
  0x2e: 'hardCornering',
  0x30: 'jamming',
};

/** Alarm names in the terminal-information byte, bits 3..5. */
export const STATUS_ALARMS: Readonly<Record<number, string>> = { 1: 'vibration', 2: 'powerCut', 3: 'lowBattery', 4: 'sos', 6: 'geofence', 7: 'removing' };

/** Event byte of the JC100/JC400 alarm message (0x95). */
export const EVENT_ALARMS: Readonly<Record<number, string>> = {
  0x0e: 'lowPower',
  0x76: 'temperature',
  0x80: 'vibration',
  0x87: 'overspeed',
  0x88: 'powerCut',
  0x90: 'hardAcceleration',
  0x91: 'hardBraking',
  0x92: 'hardCornering',
  0x93: 'accident',
};

const VOLTAGE = { 0: 'no power', 1: 'extremely low', 2: 'very low', 3: 'low', 4: 'medium', 5: 'high', 6: 'very high' } as const;
const GSM = { 0: 'no signal', 1: 'extremely weak', 2: 'weak', 3: 'good', 4: 'strong' } as const;
const LANGUAGE = { 0: 'none', 1: 'Chinese', 2: 'English' } as const;
const UPLOAD_MODE = {
  0: 'fixed interval', 1: 'fixed distance', 2: 'cornering', 3: 'ACC change', 4: 'moving to static', 5: 'network reconnect',
  6: 'ephemeris refresh', 7: 'key press', 8: 'power on', 10: 'static update', 11: 'Wi-Fi', 12: 'LJDW command', 13: 'static', 14: 'GPSDUP', 15: 'exit tracking',
} as const;

export const F = fieldTable('gt06', {
  header: { label: 'Start bits', type: 'magic', doc: '0x7878 (1-byte length) or 0x7979 (2-byte length)' },
  length: { label: 'Packet length', type: 'u16', unit: 'bytes', doc: 'bytes from protocol number to CRC, inclusive' },
  type: { label: 'Protocol number', type: 'u8', enum: MESSAGE_TYPES },
  login: { label: 'Login', type: 'group' },
  location: { label: 'Location', type: 'group' },
  heartbeat: { label: 'Heartbeat', type: 'group' },
  command: { label: 'Command', type: 'group' },
  lbs: { label: 'Cell towers', type: 'group' },
  wifi: { label: 'Wi-Fi', type: 'group' },
  string: { label: 'String information', type: 'group' },
  info: { label: 'Information transmission', type: 'group' },
  alarm: { label: 'Alarm', type: 'group' },
  x1: { label: 'X1 location', type: 'group' },
  photo: { label: 'Photo', type: 'group' },
  modular: { label: 'Modules', type: 'group' },
  obd: { label: 'OBD data', type: 'group' },
  serial_data: { label: 'Serial port data', type: 'group' },
  tlv: { label: 'Tagged values', type: 'group' },
  time: { label: 'Time', type: 'group' },
  version: { label: 'Firmware version', type: 'group' },
  body: { label: 'Content', type: 'bytes', doc: 'content of a message type not decoded field by field' },
  extra: { label: 'Extra bytes', type: 'bytes' },
  glued: { label: 'Glued frames', type: 'bytes', doc: 'further frames after the end the length field gives' },
  serial: { label: 'Information serial number', type: 'u16' },
  crc: { label: 'Error check (CRC-16/X-25)', type: 'checksum' },
  crc_computed: { label: 'Computed CRC-16/X-25', type: 'checksum' },
  stop: { label: 'Stop bits', type: 'magic', doc: '0x0d0a' },
});

export const LOGIN = fieldTable('gt06.login', {
  imei: { label: 'Terminal ID (IMEI)', type: 'bcd', doc: '8 bytes BCD, leading 0 + 15-digit IMEI' },
  model: { label: 'Type identification code', type: 'u16' },
  timezone: { label: 'Time zone / language', type: 'flags', doc: 'bits 15..4 zone × 100, bit 3 west, bits 1..0 language' },
});

/** Fields of one cell tower; instantiated under each group that carries cells. */
const CELL = {
  lbs_length: { label: 'LBS length', type: 'u8', unit: 'bytes' },
  cell_type: { label: 'Cell type', type: 'u8', doc: '3 and above: 4-byte LAC, 8-byte cell id, 2-byte RSSI' },
  mcc: { label: 'MCC', type: 'u16', doc: 'bit 15 set: the MNC takes 2 bytes' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'u32' },
  cell: { label: 'Cell ID', type: 'u32' },
  cell_rssi: { label: 'Cell signal strength', type: 'u8' },
} as const;

/** The terminal status block of alarm and status packets. */
const STATUS = {
  terminal_info: { label: 'Terminal information', type: 'flags', doc: 'bit 7 oil cut, 6 GPS tracking, 5..3 alarm, 2 charging, 1 ACC, 0 armed' },
  voltage: { label: 'Voltage level', type: 'u8', enum: VOLTAGE, doc: '0..6, or a percentage on some models' },
  gsm: { label: 'GSM signal strength', type: 'u8', enum: GSM },
  alarm: { label: 'Alarm', type: 'u8', enum: ALARM_CODES },
  language: { label: 'Language', type: 'u8', enum: LANGUAGE },
  language16: { label: 'Language', type: 'u16', enum: LANGUAGE },
  power: { label: 'External power voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
} as const;

export const LOC = fieldTable('gt06.location', {
  ...CELL,
  ...STATUS,
  imei: { label: 'Terminal ID (IMEI)', type: 'bcd', doc: 'model-specific prefix before the date' },
  source: { label: 'Location source', type: 'u8' },
  device_time: { label: 'Device time (UTC)', type: 'time' },
  time: { label: 'Date and time (UTC)', type: 'time' },
  gps_length: { label: 'GPS data length', type: 'u8', unit: 'bytes', doc: '0: no fix in this packet' },
  gps_info: { label: 'GPS info length / satellites', type: 'u8' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°', doc: 'degrees × 1,800,000' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°', doc: 'degrees × 1,800,000' },
  speed: { label: 'Speed', type: 'u8', unit: 'km/h' },
  course_status: { label: 'Course and status', type: 'flags' },
  phone: { label: 'Phone number', type: 'ascii' },
  acc: { label: 'ACC', type: 'u8', enum: { 0: 'off', 1: 'on' } },
  upload_mode: { label: 'Data upload mode', type: 'u8', enum: UPLOAD_MODE },
  reupload: { label: 'GPS real-time re-upload', type: 'u8', enum: { 0: 'real time', 1: 're-upload' } },
  odometer: { label: 'Mileage', type: 'u32', unit: 'm' },
  fence: { label: 'Fence number', type: 'u8', doc: '0xff: not a fence alarm' },
  network: { label: 'Network indicator', type: 'u8' },
  battery: { label: 'Battery voltage', type: 'u8', unit: 'V' },
  battery_level: { label: 'Battery level', type: 'u8', unit: '%' },
  hours: { label: 'Engine hours', type: 'u32' },
  terminal_id: { label: 'Terminal ID', type: 'bytes' },
  input: { label: 'Inputs', type: 'flags' },
  driver_id: { label: 'Driver ID (RFID)', type: 'bytes' },
  rfid_length: { label: 'RFID data length', type: 'u8', unit: 'bytes' },
  rfid_type: { label: 'RFID card type', type: 'u8' },
  validity: { label: 'RFID validity', type: 'u8' },
  io_mask: { label: 'Input / sensor mask', type: 'flags', doc: 'Benway: ignition, input 2, temperature or ADC' },
  oil: { label: 'Oil level', type: 'u16' },
  temperature: { label: 'Temperature', type: 'u8', unit: '°C' },
  temperature16: { label: 'Temperature', type: 'u16', unit: '°C' },
  humidity: { label: 'Humidity', type: 'u16', unit: '%' },
  travel_time: { label: 'Travel time', type: 'u32', unit: 's' },
  card_length: { label: 'Card data length', type: 'u8', unit: 'bytes' },
  card: { label: 'Driver card', type: 'ascii' },
  card_status: { label: 'Card status', type: 'u8' },
  driving_time: { label: 'Driving time', type: 'u16' },
  altitude: { label: 'Altitude', type: 'u16', unit: 'm' },
  padding: { label: 'Empty LBS area', type: 'bytes', doc: 'zero-filled when the LBS length is 0' },
  modules: { label: 'Extension modules', type: 'group' },
  module: { label: 'Module', type: 'group' },
  module_id: { label: 'Module id', type: 'u16' },
  module_length: { label: 'Module length', type: 'u8', unit: 'bytes' },
  module_value: { label: 'Module value', type: 'bytes' },
  cells: { label: 'Additional cells', type: 'group' },
  cells_length: { label: 'Additional cells length', type: 'u8', unit: 'bytes' },
  wifi_length: { label: 'Wi-Fi data length', type: 'u8', unit: 'bytes' },
  status: { label: 'Status', type: 'u8', doc: 'AZ735: 0xa0 armed, 0xa1 disarmed, 0xa2/0xa3 low battery, 0xa4 alarm, 0xa5 door' },
  reserved_length: { label: 'Reserved extension length', type: 'u8', unit: 'bytes' },
  reserved: { label: 'Reserved extension', type: 'bytes' },
});

/** Bit fields of the course/status word. */
export const COURSE_BITS = (p: string): BitDef[] => [
  { id: `${p}.course`, label: 'Course', bit: 0, width: 10 },
  { id: `${p}.north`, label: 'Latitude', bit: 10, names: { 0: 'south', 1: 'north' } },
  { id: `${p}.west`, label: 'Longitude', bit: 11, names: { 0: 'east', 1: 'west' } },
  { id: `${p}.positioned`, label: 'GPS positioned', bit: 12 },
  { id: `${p}.realtime`, label: 'Differential / real-time', bit: 13 },
  { id: `${p}.acc_known`, label: 'ACC reported (some firmware)', bit: 14 },
  { id: `${p}.acc_on`, label: 'ACC on (some firmware)', bit: 15 },
];

/** Bit fields of the terminal information byte. */
export const TERMINAL_BITS = (p: string): BitDef[] => [
  { id: `${p}.oil_cut`, label: 'Oil and electricity disconnected', bit: 7 },
  { id: `${p}.gps_tracking`, label: 'GPS tracking on', bit: 6 },
  { id: `${p}.alarm_bits`, label: 'Alarm', bit: 3, width: 3, names: { 0: 'normal', 1: 'shock', 2: 'power cut', 3: 'low battery', 4: 'SOS', 6: 'geofence', 7: 'removed' } },
  { id: `${p}.charging`, label: 'Charging', bit: 2 },
  { id: `${p}.acc`, label: 'ACC high', bit: 1 },
  { id: `${p}.armed`, label: 'Defence activated', bit: 0 },
];

export const HEARTBEAT = fieldTable('gt06.heartbeat', {
  terminal_info: STATUS.terminal_info,
  voltage: STATUS.voltage,
  gsm: STATUS.gsm,
  alarm_language: { label: 'Alarm / language', type: 'flags' },
  alarm: STATUS.alarm,
  language: STATUS.language,
  language16: STATUS.language16,
  battery: { label: 'Battery voltage', type: 'u16', unit: 'V', doc: '× 0.01 V (GK310)' },
  power: { label: 'External power voltage', type: 'u16', unit: 'V', doc: 'LW models: low 12 bits × 0.1 V' },
  signal: { label: 'Satellites / signal', type: 'flags', doc: 'bits 14..10 and 9..5 satellites, 4..0 signal' },
  battery_level: { label: 'Battery level', type: 'u8', unit: '%' },
  mode: { label: 'Working mode', type: 'u8' },
  working_power: { label: 'Working voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
  reserved: { label: 'Reserved', type: 'u8' },
  working_times: { label: 'Working times', type: 'u16' },
  working_time: { label: 'Working time', type: 'u16' },
  temperature: { label: 'Temperature', type: 'u16', unit: '°C', doc: 'sign-magnitude × 0.1 °C' },
  info_content: { label: 'Information content', type: 'u8' },
  satellites: { label: 'Satellites', type: 'u16' },
  steps: { label: 'Step count', type: 'u32' },
  module: { label: 'Module', type: 'group' },
  module_id: { label: 'Module id', type: 'u16' },
  module_length: { label: 'Module length', type: 'u8', unit: 'bytes' },
  module_value: { label: 'Module value', type: 'bytes' },
});

export const LBS = fieldTable('gt06.lbs', {
  ...CELL,
  ...STATUS,
  time: { label: 'Date and time (UTC)', type: 'time' },
  ta: { label: 'Timing advance', type: 'u8' },
  cell_count: { label: 'Cell count', type: 'u8' },
  neighbour: { label: 'Cell', type: 'group' },
  padding: { label: 'Unused cell slots', type: 'bytes' },
  wifi_count: { label: 'Wi-Fi access points', type: 'u8' },
});

export const WIFI = fieldTable('gt06.wifi', {
  time: { label: 'Date and time (UTC)', type: 'time' },
  count: { label: 'Access point count', type: 'u8' },
  ap: { label: 'Access point', type: 'group' },
  ap_reserved: { label: 'Reserved', type: 'u16' },
  mac: { label: 'MAC address', type: 'bytes' },
  rssi: { label: 'Signal strength', type: 'u8' },
});

export const STRING = fieldTable('gt06.string', {
  length: { label: 'Command length', type: 'u8', unit: 'bytes', doc: 'server flag + content' },
  server_flag: { label: 'Server flag bits', type: 'u32' },
  encoding: { label: 'Encoding', type: 'u8', enum: { 1: 'ASCII', 2: 'UTF-16BE' } },
  text: { label: 'Content', type: 'ascii' },
  language: { label: 'Language', type: 'u16', enum: LANGUAGE },
});

export const COMMAND = fieldTable('gt06.command', {
  length: { label: 'Command length', type: 'u8', unit: 'bytes' },
  server_flag: { label: 'Server flag bits', type: 'u32' },
  text: { label: 'Command content', type: 'ascii' },
  language: { label: 'Language', type: 'u16', enum: LANGUAGE },
});

export const INFO = fieldTable('gt06.info', {
  sub_type: { label: 'Information type', type: 'u8', enum: { 0x00: 'external power voltage', 0x04: 'status synchronisation', 0x05: 'door status', 0x0a: 'ICCID', 0x0b: 'network', 0x0d: 'fuel sensor', 0x1b: 'RFID' } },
  power: { label: 'External power voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
  pair: { label: 'Status value', type: 'ascii', doc: 'one KEY=VALUE of the status synchronisation text' },
  time: { label: 'Date and time (UTC)', type: 'time' },
  door_flags: { label: 'Door / IO flags', type: 'flags' },
  imei: { label: 'IMEI', type: 'bcd' },
  imsi: { label: 'IMSI', type: 'bcd' },
  iccid: { label: 'ICCID', type: 'bcd', doc: 'BCD, padded with f' },
  network: { label: 'Network technology', type: 'u8', enum: { 0: '2G', 1: '4G' } },
  fuel: { label: 'Fuel sensor text', type: 'group' },
  fuel_field: { label: 'Fuel sensor value', type: 'ascii' },
  rfid_header: { label: 'RFID header', type: 'u8' },
  rfid_type: { label: 'RFID type', type: 'u8' },
  rfid: { label: 'RFID', type: 'bytes' },
  rfid_checksum: { label: 'RFID checksum', type: 'u8' },
  rfid_footer: { label: 'RFID footer', type: 'u8' },
  serial_text: { label: 'Serial number', type: 'ascii' },
  data: { label: 'Data', type: 'bytes' },
});

export const ALARM = fieldTable('gt06.alarm', {
  marker: { label: 'Marker', type: 'u16', doc: '0xffff on JC400' },
  version: { label: 'Version', type: 'u8' },
  time: { label: 'Date and time (UTC)', type: 'time' },
  gps_info: { label: 'GPS info length / satellites', type: 'u8' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h' },
  course_status: { label: 'Course and status', type: 'flags' },
  power: { label: 'External power voltage', type: 'u16', unit: 'V', doc: '× 0.1 V' },
  event: { label: 'Alarm event', type: 'u8', enum: { 0x01: 'SOS / general', 0x0e: 'low power', 0x76: 'temperature', 0x80: 'vibration', 0x87: 'overspeed', 0x88: 'power cut', 0x90: 'hard acceleration', 0x91: 'hard braking', 0x92: 'hard cornering', 0x93: 'accident' } },
  event_data: { label: 'Event data', type: 'u16' },
  files: { label: 'Event files', type: 'ascii' },
});

export const X1 = fieldTable('gt06.x1', {
  data_alarm: { label: 'Data and alarm', type: 'u32' },
  terminal_info: { label: 'Terminal information', type: 'u16' },
  odometer: { label: 'Mileage', type: 'u32', unit: 'm' },
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u8' },
  lac: { label: 'LAC', type: 'u16' },
  cell: { label: 'Cell ID', type: 'u32' },
  driver: { label: 'Driver ID', type: 'u32' },
  battery: { label: 'Battery voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
  power: { label: 'External power voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
  port_info: { label: 'Port information', type: 'flags', doc: 'bits 23..20: number of ADC values' },
  input: { label: 'Inputs', type: 'u8' },
  output: { label: 'Outputs', type: 'u8' },
  adc: { label: 'ADC', type: 'u16', unit: 'V', doc: '× 0.01 V' },
});

export const PHOTO = fieldTable('gt06.photo', {
  time: { label: 'Date and time (UTC)', type: 'time' },
  fix: { label: 'Fix status', type: 'u8' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°' },
  camera: { label: 'Camera', type: 'u8' },
  source: { label: 'Photo source', type: 'u8' },
  format: { label: 'Picture format', type: 'u8' },
  size: { label: 'Photo size', type: 'u32', unit: 'bytes' },
  id: { label: 'Picture id', type: 'u32' },
  offset: { label: 'Offset', type: 'u32' },
  length: { label: 'Data length', type: 'u16', unit: 'bytes' },
  data: { label: 'Picture data', type: 'bytes' },
});

export const MODULAR = fieldTable('gt06.modular', {
  module: { label: 'Module', type: 'group' },
  id: { label: 'Module type', type: 'u16', enum: { 0x00: 'header', 0x01: 'IMEI', 0x02: 'IMSI', 0x03: 'ICCID', 0x09: 'satellites', 0x0a: 'visible satellites', 0x11: 'cell', 0x18: 'battery voltage', 0x28: 'HDOP', 0x29: 'index', 0x2a: 'inputs', 0x2b: 'event', 0x2c: 'time', 0x2e: 'mileage', 0x33: 'GPS', 0x34: 'event record', 0x7f: 'BLE tag' } },
  length: { label: 'Module length', type: 'u16', unit: 'bytes' },
  value: { label: 'Value', type: 'bytes' },
  imei: { label: 'IMEI', type: 'bcd' },
  imsi: { label: 'IMSI', type: 'bcd' },
  iccid: { label: 'ICCID', type: 'bcd' },
  satellites: { label: 'Satellites', type: 'u8' },
  visible: { label: 'Visible satellites', type: 'u8' },
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'u16' },
  cell: { label: 'Cell ID', type: 'u24' },
  rssi: { label: 'Signal strength', type: 'u8' },
  battery: { label: 'Battery voltage', type: 'u16', unit: 'V', doc: '× 0.01 V' },
  hdop: { label: 'HDOP', type: 'u8', doc: '× 0.1' },
  index: { label: 'Index', type: 'u32' },
  inputs: { label: 'Inputs', type: 'flags', doc: 'low nibble door, high nibble tamper' },
  event: { label: 'Event', type: 'u8', enum: { 0x11: 'low battery', 0x12: 'low power', 0x13: 'power cut', 0x14: 'removed' } },
  time: { label: 'Time (UTC)', type: 'time', doc: 'Unix seconds' },
  odometer: { label: 'Mileage', type: 'u32', unit: 'm', doc: 'big-endian like every other module (read little-endian it gives 1.5 million km in the corpus frame)' },
  altitude: { label: 'Altitude', type: 'i16', unit: 'm' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°' },
  speed: { label: 'Speed', type: 'u8', unit: 'km/h' },
  course_status: { label: 'Course and status', type: 'flags' },
  record_event: { label: 'Recorded event', type: 'u8' },
  record_time: { label: 'Event time (UTC)', type: 'time', doc: 'Unix seconds, big-endian (matches the GPS time of the same packet)' },
  content_length: { label: 'Event content length', type: 'u8', unit: 'bytes' },
  content: { label: 'Event content', type: 'bytes' },
  tag_id: { label: 'Tag id', type: 'bytes' },
  tag_temp: { label: 'Tag temperature', type: 'i16', unit: '°C', doc: '× 0.1 °C' },
  unknown: { label: 'Not decoded', type: 'bytes' },
});

export const OBD = fieldTable('gt06.obd', {
  time: { label: 'Date and time (UTC)', type: 'time' },
  ignition: { label: 'Ignition', type: 'u8', enum: { 0: 'off', 1: 'on' } },
  data: { label: 'OBD values', type: 'group' },
  pair: { label: 'OBD value', type: 'ascii', doc: 'PID (hex) = value (hex)' },
  tail: { label: 'Trailing data', type: 'bytes' },
});

export const SERIAL_DATA = fieldTable('gt06.serial_data', {
  device: { label: 'External device type', type: 'u8' },
  text: { label: 'Data', type: 'ascii' },
  data: { label: 'Data', type: 'bytes' },
});

export const TLV = fieldTable('gt06.tlv', {
  time: { label: 'Time (UTC)', type: 'time', doc: 'Unix seconds' },
  item: { label: 'Item', type: 'group' },
  tag: { label: 'Tag', type: 'u16' },
  length: { label: 'Length', type: 'u8', unit: 'bytes' },
  value: { label: 'Value', type: 'bytes' },
  power: { label: 'Power voltage', type: 'u16', unit: 'V', doc: 'tag 0x0005, × 0.01 V' },
});

export const TIME = fieldTable('gt06.time', {
  time: { label: 'Date and time (UTC)', type: 'time' },
});

export const VERSION = fieldTable('gt06.version', {
  imei: { label: 'IMEI', type: 'bcd' },
  data: { label: 'Data', type: 'bytes' },
  text: { label: 'Version text', type: 'ascii' },
});
