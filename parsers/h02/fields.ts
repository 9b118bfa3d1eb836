/** H02 field table: text sentences (`*XX,<id>,<cmd>,…#`) and binary reports (`$`/`X` + BCD). */
import { fieldTable } from '../core/fields';
import type { BitDef } from '../core/reader';

export const F = fieldTable('h02', {
  sentence: { label: 'Text sentence', type: 'group', doc: '*XX,<id>,<command>,<fields…>#' },
  start: { label: 'Start marker', type: 'magic', doc: "'*'" },
  vendor: { label: 'Vendor code', type: 'ascii', doc: 'two letters; HQ on most devices, also hq, TH, …' },
  device_id: { label: 'Device id', type: 'ascii', doc: 'digits (10-digit id or IMEI); may be empty' },
  type: { label: 'Command', type: 'ascii', doc: 'V1 location, V0 login, HTBT heartbeat, NBR cells, …' },
  body: { label: 'Body (not decoded)', type: 'ascii', doc: 'fields of a command this decoder does not know' },
  terminator: { label: 'End marker', type: 'magic', doc: "'#'" },
  line_end: { label: 'Line end', type: 'bytes', doc: 'CR/LF some firmware sends after #' },
  trailing: { label: 'Bytes after the end marker', type: 'bytes' },
  binary: { label: 'Binary report', type: 'group', doc: "'$' (or 'X') + BCD id, time, date, position, status" },
  position: { label: 'Position report', type: 'group', doc: 'V1, V2, V4, V5, V8, V19, VI1, VP1…' },
  nbr: { label: 'Neighbouring cells (NBR)', type: 'group' },
  link: { label: 'Link status (LINK)', type: 'group' },
  v3: { label: 'Cell towers (V3)', type: 'group' },
  vp1: { label: 'Cells (VP1)', type: 'group', doc: "'V' (no fix), MCC, MNC, then lac,cid,signal triples joined by Y" },
  heartbeat: { label: 'Heartbeat / login', type: 'group' },
});

/** Shared by every sentence that carries a position (V1, V2, V4, V5, V8, V19, VI1, VP1…). */
export const POS = fieldTable('h02.position', {
  response: { label: 'Command confirmed (V4)', type: 'group', doc: 'V4,<command>,<arguments…>,<command time>' },
  time: { label: 'Time (UTC)', type: 'time', doc: 'hhmmss' },
  validity: { label: 'Validity', type: 'ascii', doc: 'A valid, V/B not valid; digits = coding scheme (taken as valid, as Traccar does)' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm, or -dd-mm.mmmm' },
  lat_hemisphere: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm, or -ddd-mm.mmmm' },
  lon_hemisphere: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  battery: { label: 'Battery', type: 'ascii', doc: 'optional field before the date on some firmware' },
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  sim_info: { label: 'SIM info', type: 'ascii', doc: 'V19: three fields (empty, IP address or phone number, ICCID)' },
  status: { label: 'Vehicle status', type: 'flags', doc: '32 bits, negative logic (0 = active) for the alarms' },
  odometer: { label: 'Odometer', type: 'ascii', unit: 'm' },
  temperature: { label: 'Temperature', type: 'ascii', unit: '°C' },
  fuel: { label: 'Fuel', type: 'ascii' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  lac: { label: 'LAC', type: 'ascii', doc: 'hex' },
  cid: { label: 'Cell id', type: 'ascii', doc: 'hex' },
  extra: { label: 'Extra value', type: 'ascii', doc: 'firmware-specific; often MCC, MNC, LAC, cell id (hex or decimal)' },
});

export const RESP = fieldTable('h02.position.response', {
  command: { label: 'Command', type: 'ascii', doc: 'the server command being confirmed, e.g. S20' },
  argument: { label: 'Argument', type: 'ascii' },
  command_time: { label: 'Command time', type: 'time', doc: 'hhmmss the server put in its command' },
});

export const NBR = fieldTable('h02.nbr', {
  time: { label: 'Time (UTC)', type: 'time' },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  delay: { label: 'GSM delay', type: 'ascii' },
  count: { label: 'Cell count', type: 'ascii' },
  cell: { label: 'Cell', type: 'group' },
  date: { label: 'Date', type: 'time' },
  status: { label: 'Vehicle status', type: 'flags' },
  extra: { label: 'Extra value', type: 'ascii' },
});

export const CELL = fieldTable('h02.nbr.cell', {
  lac: { label: 'LAC', type: 'ascii' },
  cid: { label: 'Cell id', type: 'ascii' },
  rssi: { label: 'Signal', type: 'ascii' },
});

export const LINK = fieldTable('h02.link', {
  time: { label: 'Time (UTC)', type: 'time' },
  rssi: { label: 'GSM signal', type: 'ascii' },
  satellites: { label: 'Satellites', type: 'ascii' },
  battery: { label: 'Battery level', type: 'ascii', unit: '%' },
  steps: { label: 'Steps', type: 'ascii' },
  turnovers: { label: 'Turnovers', type: 'ascii' },
  date: { label: 'Date', type: 'time' },
  status: { label: 'Vehicle status', type: 'flags' },
  extra: { label: 'Extra value', type: 'ascii' },
});

export const V3 = fieldTable('h02.v3', {
  time: { label: 'Time (UTC)', type: 'time' },
  mcc: { label: 'MCC', type: 'ascii', doc: 'first three digits of the MCC+MNC field' },
  mnc: { label: 'MNC', type: 'ascii' },
  count: { label: 'Cell count', type: 'ascii' },
  cell: { label: 'Cell', type: 'group', doc: 'LAC, cell id, level, dBm' },
  battery: { label: 'Battery', type: 'ascii', doc: '4 hex digits' },
  reboot: { label: 'Reboot info', type: 'ascii' },
  marker: { label: 'Marker', type: 'ascii', doc: "'X'" },
  date: { label: 'Date', type: 'time' },
  status: { label: 'Vehicle status', type: 'flags' },
  extra: { label: 'Extra value', type: 'ascii' },
});

export const V3CELL = fieldTable('h02.v3.cell', {
  lac: { label: 'LAC', type: 'ascii' },
  cid: { label: 'Cell id', type: 'ascii' },
  level: { label: 'Level', type: 'ascii' },
  dbm: { label: 'Signal', type: 'ascii', unit: 'dBm' },
});

export const VP1 = fieldTable('h02.vp1', {
  validity: { label: 'Validity', type: 'ascii', doc: "'V': no fix, cells follow" },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  list: { label: 'Cell list', type: 'ascii', doc: 'lac,cid,signal triples joined by Y' },
});

export const HTBT = fieldTable('h02.heartbeat', {
  battery: { label: 'Battery level', type: 'ascii', unit: '%' },
  extra: { label: 'Extra value', type: 'ascii' },
});

export const SMS = fieldTable('h02.sms', {
  text: { label: 'Reply text', type: 'ascii', doc: 'the device answer to an SMS-style query, commas and newlines included' },
});

export const BIN = fieldTable('h02.binary', {
  marker: { label: 'Marker', type: 'magic', doc: "'$' (0x24), or 'X' (0x58) on some firmware" },
  device_id: { label: 'Device id', type: 'bcd', doc: '5 bytes BCD (10 digits), or 8 bytes (IMEI + filler) in 42-byte frames' },
  time: { label: 'Time (UTC)', type: 'bcd', doc: 'hhmmss' },
  date: { label: 'Date', type: 'bcd', doc: 'ddmmyy' },
  latitude: { label: 'Latitude', type: 'bcd', unit: '°', doc: 'ddmm.mmmm, 8 digits' },
  battery: { label: 'Battery', type: 'u8', doc: '1-6 levels, 0-100 %, or 0xF1-0xF6' },
  longitude: { label: 'Longitude', type: 'bcd', unit: '°', doc: 'dddmm.mmmm, 9 digits; the 10th nibble is the flags' },
  flags: { label: 'Flags', type: 'flags', doc: 'low nibble of the last longitude byte' },
  speed: { label: 'Speed', type: 'bcd', unit: 'kn', doc: '3 BCD digits' },
  course: { label: 'Course', type: 'bcd', unit: '°', doc: '3 BCD digits' },
  status: { label: 'Vehicle status', type: 'flags' },
  tail: { label: 'Record tail', type: 'bytes', doc: '3 bytes after the status: not documented' },
  satellites: { label: 'Satellites (inferred)', type: 'u8', doc: '45-byte frames; inferred from the corpus, not documented' },
  unknown: { label: 'Unknown', type: 'bytes' },
  mcc: { label: 'MCC (inferred)', type: 'u16', doc: 'matches the country of the reported position in every corpus frame' },
  mnc: { label: 'MNC (inferred)', type: 'u8' },
  lac: { label: 'LAC (inferred)', type: 'u16' },
  cid: { label: 'Cell id (inferred)', type: 'u16' },
  extra: { label: 'Extra bytes', type: 'bytes' },
});

/** The status bits Traccar's H02ProtocolDecoder reads (alarms are active at 0). */
export function statusBits(prefix: string): BitDef[] {
  return [
    { id: `${prefix}.vibration`, label: 'Vibration alarm (0 = alarm)', bit: 0, names: { 0: 'alarm', 1: 'normal' } },
    { id: `${prefix}.sos`, label: 'SOS alarm (0 = alarm)', bit: 1, names: { 0: 'alarm', 1: 'normal' } },
    { id: `${prefix}.overspeed`, label: 'Overspeed alarm (0 = alarm)', bit: 2, names: { 0: 'alarm', 1: 'normal' } },
    { id: `${prefix}.acc`, label: 'ACC / ignition (1 = on, as Traccar reads it)', bit: 10, names: { 0: 'off', 1: 'on' } },
    { id: `${prefix}.sos2`, label: 'SOS alarm, second bit (0 = alarm)', bit: 18, names: { 0: 'alarm', 1: 'normal' } },
    { id: `${prefix}.power_cut`, label: 'Power cut alarm (0 = alarm)', bit: 19, names: { 0: 'alarm', 1: 'normal' } },
  ];
}

/** Commands seen from H02 devices (the text message types), with the short name the frame list shows. */
export const TEXT_TYPES: Readonly<Record<string, string>> = {
  V0: 'login',
  HTBT: 'heartbeat',
  V1: 'location',
  V2: 'location',
  V4: 'command reply',
  V5: 'location',
  V6: 'location',
  V8: 'location',
  V19: 'location',
  VI1: 'address request',
  VP1: 'location',
  NBR: 'cell towers',
  V3: 'cell towers',
  LINK: 'link',
  SMS: 'sms reply',
  XT: 'XT',
  BS: 'BS',
  BASE: 'BASE',
};

/** Server commands (downlink, see commands.ts) and the short name the frame list shows. */
export const SERVER_COMMANDS: Readonly<Record<string, string>> = {
  S20: 'engine control',
  SCF: 'arm/disarm',
  S71: 'set parameter',
  S17: 'set interval',
  D1: 'tracking request',
  R1: 'restart',
  CR: 'position request',
  CQ: 'restart',
};

export const COMMAND = fieldTable('h02', {
  command: { label: 'Server command', type: 'group', doc: '<hhmmss>,<arguments…> after the command name' },
}).command;

export const CMD = fieldTable('h02.command', {
  time: { label: 'Command time', type: 'time', doc: 'hhmmss of the server; the device echoes it in its V4 confirmation' },
  argument: { label: 'Argument', type: 'ascii' },
});
