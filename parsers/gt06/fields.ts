/** GT06 field table (Concox GT06/GT06N communication protocol v1.8; Traccar Gt06ProtocolDecoder). */
import { fieldTable } from '../core/fields';

export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  0x01: 'login',
  0x10: 'gps',
  0x11: 'lbs',
  0x12: 'location',
  0x13: 'heartbeat',
  0x15: 'string info',
  0x16: 'alarm',
  0x17: 'lbs phone',
  0x18: 'lbs extend',
  0x19: 'lbs status',
  0x1a: 'gps phone',
  0x21: 'command response',
  0x22: 'location',
  0x23: 'heartbeat',
  0x24: 'status',
  0x26: 'alarm',
  0x27: 'alarm',
  0x28: 'lbs multiple',
  0x2c: 'wifi',
  0x80: 'command',
  0x8a: 'time request',
  0x94: 'information',
};

/** Types a real server acknowledges with `78 78 05 <type> <serial> <crc> 0d 0a`. */
export const ACKNOWLEDGED_TYPES: ReadonlySet<number> = new Set([0x01, 0x12, 0x13, 0x16, 0x19, 0x22, 0x23, 0x26, 0x27]);

export const F = fieldTable('gt06', {
  header: { label: 'Start bits', type: 'magic', doc: '0x7878 (1-byte length) or 0x7979 (2-byte length)' },
  length: { label: 'Packet length', type: 'u16', unit: 'bytes', doc: 'bytes from protocol number to CRC, inclusive' },
  type: { label: 'Protocol number', type: 'u8', enum: MESSAGE_TYPES },
  login: { label: 'Login', type: 'group' },
  location: { label: 'Location', type: 'group' },
  heartbeat: { label: 'Heartbeat', type: 'group' },
  command: { label: 'Command', type: 'group' },
  body: { label: 'Content', type: 'bytes', doc: 'content of a message type not decoded field by field' },
  extra: { label: 'Extra bytes', type: 'bytes' },
  serial: { label: 'Information serial number', type: 'u16' },
  crc: { label: 'Error check (CRC-16/X-25)', type: 'checksum' },
  crc_computed: { label: 'Computed CRC-16/X-25', type: 'checksum' },
  stop: { label: 'Stop bits', type: 'magic', doc: '0x0d0a' },
});

export const LOGIN = fieldTable('gt06.login', {
  imei: { label: 'Terminal ID (IMEI)', type: 'bcd', doc: '8 bytes BCD, leading 0 + 15-digit IMEI' },
  model: { label: 'Type identification code', type: 'u16' },
  timezone: { label: 'Time zone / language', type: 'flags' },
});

export const LOC = fieldTable('gt06.location', {
  time: { label: 'Date and time (UTC)', type: 'time' },
  gps_info: { label: 'GPS info length / satellites', type: 'u8' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°', doc: 'degrees × 1,800,000' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°', doc: 'degrees × 1,800,000' },
  speed: { label: 'Speed', type: 'u8', unit: 'km/h' },
  course_status: { label: 'Course and status', type: 'flags' },
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'u16' },
  cell: { label: 'Cell ID', type: 'u24' },
  acc: { label: 'ACC', type: 'u8', enum: { 0: 'off', 1: 'on' } },
  upload_mode: { label: 'Data upload mode', type: 'u8' },
  reupload: { label: 'GPS real-time re-upload', type: 'u8', enum: { 0: 'real time', 1: 're-upload' } },
});

export const HEARTBEAT = fieldTable('gt06.heartbeat', {
  terminal_info: { label: 'Terminal information', type: 'flags' },
  voltage: { label: 'Voltage level', type: 'u8', enum: { 0: 'no power', 1: 'extremely low', 2: 'very low', 3: 'low', 4: 'medium', 5: 'high', 6: 'very high' } },
  gsm: { label: 'GSM signal strength', type: 'u8', enum: { 0: 'no signal', 1: 'extremely weak', 2: 'weak', 3: 'good', 4: 'strong' } },
  alarm_language: { label: 'Alarm / language', type: 'flags' },
});

export const COMMAND = fieldTable('gt06.command', {
  length: { label: 'Command length', type: 'u8', unit: 'bytes' },
  server_flag: { label: 'Server flag bits', type: 'u32' },
  text: { label: 'Command content', type: 'ascii' },
});
