/** Xexun 3 field table (`fc … cf` binary frames of Xexun's newest trackers; Traccar Xexun3ProtocolDecoder). */
import { fieldTable } from '../core/fields';

export const MSG_DATA = 0x20;
export const MSG_COMMAND = 0x21;

export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  [MSG_DATA]: 'data',
  [MSG_COMMAND]: 'command reply',
};

/** Items of a data message (type, length, content). */
export const ITEM_TYPES: Readonly<Record<number, string>> = {
  0x64: 'GNSS',
  0x65: 'Wi-Fi',
  0x66: 'cell',
  0x68: 'beacons',
  0x69: 'alarm',
  0x6a: 'status',
};

/** Alarm ids and the names the reference server gives them. */
export const ALARMS: Readonly<Record<number, string>> = {
  1: 'sos',
  2: 'lowBattery',
  4: 'removing',
  5: 'movement',
  7: 'fallDown',
  8: 'accident',
  11: 'powerRestored',
  12: 'powerCut',
  13: 'powerOn',
  14: 'powerOff',
  15: 'door',
  16: 'door',
  17: 'SIM card (ICCID follows)',
};

export const F = fieldTable('xexun3', {
  start: { label: 'Start', type: 'magic', doc: 'fc' },
  length: { label: 'Length', type: 'u16', unit: 'bytes', doc: 'version … body' },
  version: { label: 'Version', type: 'u8', doc: '3' },
  type: { label: 'Message type', type: 'u8', enum: MESSAGE_TYPES },
  index: { label: 'Serial number', type: 'u8', doc: 'echoed in the answer' },
  imei: { label: 'IMEI', type: 'bcd', doc: '8 bytes: a 0 nibble and 15 digits' },
  items: { label: 'Data items', type: 'group' },
  item: { label: 'Item', type: 'group' },
  item_type: { label: 'Item type', type: 'u8', enum: ITEM_TYPES },
  item_length: { label: 'Item length', type: 'u8', unit: 'bytes' },
  item_data: { label: 'Item data (not decoded)', type: 'bytes' },
  result: { label: 'Command result', type: 'ascii' },
  body: { label: 'Body (not decoded)', type: 'bytes' },
  crc: { label: 'CRC-16/CCITT-FALSE', type: 'checksum', doc: 'over version … body' },
  crc_computed: { label: 'CRC-16/CCITT-FALSE (computed)', type: 'checksum' },
  end: { label: 'End', type: 'magic', doc: 'cf' },
  trailing: { label: 'Bytes after the declared length', type: 'bytes' },
});

export const ITEM = fieldTable('xexun3.item', {
  time: { label: 'Time', type: 'time', doc: 'seconds since 1970-01-01 UTC' },
  latitude: { label: 'Latitude', type: 'bytes', unit: '°', doc: 'IEEE double, degrees; NaN without a fix' },
  longitude: { label: 'Longitude', type: 'bytes', unit: '°', doc: 'IEEE double, degrees' },
  altitude: { label: 'Altitude', type: 'bytes', unit: 'm', doc: 'IEEE float' },
  ephemeris: { label: 'Ephemeris', type: 'u8' },
  satellites: { label: 'Satellites', type: 'u8' },
  signal: { label: 'GNSS signal', type: 'u8' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h', doc: '0.1 km/h' },
  course: { label: 'Course', type: 'u16', unit: '°', doc: '0.1°' },
  precision: { label: 'Precision', type: 'u16', unit: 'm', doc: '0.1 m; ffff unknown' },
  tracking: { label: 'Tracking duration', type: 'u8', unit: 's', doc: 'ff unknown' },
  count: { label: 'Count', type: 'u8' },
  ap: { label: 'Access point', type: 'group' },
  mac: { label: 'MAC address', type: 'bytes' },
  rssi: { label: 'Signal', type: 'i8', unit: 'dBm' },
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'i32' },
  cid: { label: 'Cell id', type: 'u32' },
  cell_rssi: { label: 'Signal', type: 'u8' },
  beacon_type: { label: 'Beacon type', type: 'u8', enum: { 1: 'Wi-Fi', 2: 'Bluetooth' } },
  beacon: { label: 'Beacon', type: 'group' },
  beacon_battery: { label: 'Beacon battery', type: 'u8', unit: '%' },
  alarm: { label: 'Alarm', type: 'u8', enum: ALARMS },
  alarm_length: { label: 'Alarm data length', type: 'u8', unit: 'bytes' },
  alarm_data: { label: 'Alarm data', type: 'bytes', doc: 'the ICCID for alarm 17' },
  battery: { label: 'Battery level', type: 'u8', unit: '%' },
  network_duration: { label: 'Network duration', type: 'u16' },
  gsm_rssi: { label: 'GSM signal', type: 'u8' },
  track_sequence: { label: 'Track sequence', type: 'u8' },
  motion: { label: 'Motion', type: 'u8' },
  charge: { label: 'Charging', type: 'u8' },
  steps: { label: 'Steps', type: 'u16', doc: 'ffff none' },
  temperature: { label: 'Temperature', type: 'i8', unit: '°C', doc: '-1 none' },
  respiration: { label: 'Respiratory rate', type: 'u8' },
  heart_rate: { label: 'Heart rate', type: 'u8', unit: 'bpm', doc: 'ff none' },
  bp_systolic: { label: 'Blood pressure (systolic)', type: 'u8' },
  bp_diastolic: { label: 'Blood pressure (diastolic)', type: 'u8' },
  oxygen: { label: 'Blood oxygen', type: 'u8', unit: '%' },
  fuel: { label: 'Fuel level', type: 'u8', unit: '%', doc: 'ff none' },
  device_time: { label: 'Device time', type: 'time', doc: 'ffffffff none' },
  extra: { label: 'Item bytes not decoded', type: 'bytes' },
});
