/**
 * Teltonika field tables (Teltonika "Codec" wiki: Codec 8, 8 Extended, 16, 12, 13, 14, GH3000
 * codec 7; Traccar TeltonikaProtocolDecoder for attribute names). Record fields share one id
 * whatever the codec, so a filter on `teltonika.record.latitude` matches every AVL codec.
 */
import { fieldTable } from '../core/fields';

/** Codec ids (the byte after the data length). */
export const CODECS: Readonly<Record<number, string>> = {
  0x07: 'GH3000',
  0x08: 'Codec 8',
  0x8e: 'Codec 8 Extended',
  0x10: 'Codec 16',
  0x0c: 'Codec 12',
  0x0d: 'Codec 13',
  0x0e: 'Codec 14',
};

/** Codecs that carry AVL records (answered with the record count). */
export const AVL_CODECS: ReadonlySet<number> = new Set([0x07, 0x08, 0x8e, 0x10]);
/** Codecs that carry GPRS commands and their responses (never acknowledged). */
export const COMMAND_CODECS: ReadonlySet<number> = new Set([0x0c, 0x0d, 0x0e]);

/** Codec 12/13/14 message types. */
export const COMMAND_TYPES: Readonly<Record<number, string>> = {
  0x05: 'command',
  0x06: 'response',
  0x0d: 'camera',
  0x11: 'nack',
};

export const F = fieldTable('teltonika', {
  ping: { label: 'Keep-alive', type: 'magic', doc: '0xff sent alone on an idle TCP link' },
  login: { label: 'IMEI handshake', type: 'group', doc: 'length(2) + IMEI in ASCII digits, answered 01 (accept) or 00' },
  imei_length: { label: 'IMEI length', type: 'u16', unit: 'bytes' },
  imei: { label: 'IMEI', type: 'ascii' },
  preamble: { label: 'Preamble', type: 'magic', doc: '00000000 (TCP)' },
  length: { label: 'Data field length', type: 'u32', unit: 'bytes', doc: 'bytes from the codec id to the second record count' },
  codec: { label: 'Codec ID', type: 'u8', enum: CODECS },
  count: { label: 'Number of data 1', type: 'u8', doc: 'records in the packet' },
  records: { label: 'AVL data', type: 'group' },
  record: { label: 'Record', type: 'group', doc: 'one AVL record: time, priority, GPS element, IO elements' },
  messages: { label: 'Commands / responses', type: 'group' },
  count2: { label: 'Number of data 2', type: 'u8', doc: 'must equal number of data 1' },
  crc: { label: 'CRC-16/IBM', type: 'checksum', doc: '4 bytes, upper two zero; CRC-16/ARC over codec id .. number of data 2' },
  crc_computed: { label: 'Computed CRC-16/IBM', type: 'checksum' },
  body: { label: 'Data', type: 'bytes', doc: 'the data of a codec this decoder does not know' },
  extra: { label: 'Extra bytes', type: 'bytes' },
  ack: { label: 'Server acknowledgement', type: 'group' },
  accept: { label: 'IMEI accepted', type: 'u8', enum: { 0: 'rejected', 1: 'accepted' } },
  accepted: { label: 'Number of accepted records', type: 'u32' },
});

/** UDP channel and AVL packet headers (UDP only; no preamble, no CRC). */
export const UDP = fieldTable('teltonika.udp', {
  header: { label: 'UDP channel header', type: 'group' },
  length: { label: 'Packet length', type: 'u16', unit: 'bytes', doc: 'bytes after this field' },
  packet_id: { label: 'Packet ID', type: 'u16', doc: 'echoed in the acknowledgement' },
  packet_type: { label: 'Packet type', type: 'u8', doc: '0x01 (not usable byte)' },
  avl_packet_id: { label: 'AVL packet ID', type: 'u8', doc: 'echoed in the acknowledgement' },
  imei_length: { label: 'IMEI length', type: 'u16', unit: 'bytes' },
  imei: { label: 'IMEI', type: 'ascii' },
  accepted: { label: 'Number of accepted records', type: 'u8' },
});

/** One AVL record; `time`, `priority` and the GPS element for codec 8/8E/16, masks for GH3000. */
export const REC = fieldTable('teltonika.record', {
  time: { label: 'Timestamp', type: 'time', unit: 'ms', doc: 'milliseconds since 1970-01-01 UTC (GH3000: seconds since 2007-01-01, 30 bits)' },
  priority: { label: 'Priority', type: 'u8', enum: { 0: 'low', 1: 'high', 2: 'panic' } },
  gps: { label: 'GPS element', type: 'group' },
  longitude: { label: 'Longitude', type: 'i32', unit: '°', doc: 'degrees × 10^7, west negative (GH3000: float)' },
  latitude: { label: 'Latitude', type: 'i32', unit: '°', doc: 'degrees × 10^7, south negative (GH3000: float)' },
  altitude: { label: 'Altitude', type: 'i16', unit: 'm' },
  angle: { label: 'Angle', type: 'u16', unit: '°', doc: 'GH3000: one byte, × 360/256' },
  satellites: { label: 'Satellites', type: 'u8', doc: '0: no valid fix' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h' },
  global_mask: { label: 'Global mask', type: 'flags', doc: 'GH3000: bit 0 GPS element, 1/2/3 IO groups of 1/2/4-byte values' },
  location_mask: { label: 'GPS element mask', type: 'flags', doc: 'GH3000: bit 0 coordinates, 1 altitude, 2 angle, 3 speed, 4 satellites, 5 cell, 6 signal, 7 operator' },
  lac: { label: 'Location area code', type: 'u16' },
  cell: { label: 'Cell ID', type: 'u16' },
  signal: { label: 'GSM signal quality', type: 'u8' },
  operator: { label: 'Operator code', type: 'u32' },
  event_io: { label: 'Event IO ID', type: 'u16', doc: 'the IO element that caused the record (0: periodic)' },
  generation: { label: 'Generation type', type: 'u8', enum: { 0: 'on exit', 1: 'on entrance', 2: 'on both', 3: 'reserved', 4: 'hysteresis', 5: 'on change', 6: 'eventual', 7: 'periodical' }, doc: 'Codec 16' },
  io_total: { label: 'Number of IO elements', type: 'u16' },
  io_group: { label: 'IO elements', type: 'group' },
  io_count: { label: 'Number of IO elements in this group', type: 'u16' },
});

/** One IO element: `teltonika.io.<id>` groups hold these two children. */
export const IO = fieldTable('teltonika.io', {
  id: { label: 'IO ID', type: 'u16' },
  length: { label: 'Value length', type: 'u16', unit: 'bytes', doc: 'Codec 8 Extended variable-length elements' },
  value: { label: 'Value', type: 'bytes' },
});

/** BLE tags (IO 548, 10829, 10831) and beacons (IO 385) inside variable-length values. */
export const BLE = fieldTable('teltonika.ble', {
  header: { label: 'Data header', type: 'u8' },
  tag: { label: 'Tag', type: 'group' },
  tag_length: { label: 'Tag length', type: 'u8', unit: 'bytes' },
  param_id: { label: 'Parameter ID', type: 'u8', enum: { 0: 'RSSI', 1: 'ID', 2: 'battery / voltage', 13: 'low battery', 14: 'battery voltage' } },
  param_length: { label: 'Parameter length', type: 'u8', unit: 'bytes' },
  param_value: { label: 'Parameter value', type: 'bytes' },
  beacon: { label: 'Beacon', type: 'group' },
  flags: { label: 'Beacon flags', type: 'flags', doc: 'high nibble set: iBeacon, else Eddystone; bit 1 battery, bit 2 temperature' },
  uuid: { label: 'UUID', type: 'bytes' },
  major: { label: 'Major', type: 'u16' },
  minor: { label: 'Minor', type: 'u16' },
  namespace: { label: 'Namespace', type: 'bytes' },
  instance: { label: 'Instance', type: 'bytes' },
  rssi: { label: 'RSSI', type: 'i8', unit: 'dBm' },
  battery: { label: 'Battery voltage', type: 'u16', unit: 'V' },
  temperature: { label: 'Temperature', type: 'u16' },
});

/** Codec 12/13/14 messages. */
export const CMD = fieldTable('teltonika.command', {
  message: { label: 'Message', type: 'group' },
  type: { label: 'Type', type: 'u8', enum: COMMAND_TYPES },
  size: { label: 'Size', type: 'u32', unit: 'bytes' },
  timestamp: { label: 'Timestamp', type: 'time', unit: 's', doc: 'Codec 13: seconds since 1970-01-01 UTC' },
  imei: { label: 'IMEI', type: 'bcd', doc: 'Codec 14: 8 bytes, leading 0 + 15 digits' },
  text: { label: 'Text', type: 'ascii' },
  data: { label: 'Data', type: 'bytes', doc: 'binary payload (not printable)' },
});

/** Camera transfer inside Codec 12 (type 0x0d), as Traccar's photo requests use it. */
export const PHOTO = fieldTable('teltonika.photo', {
  subtype: { label: 'Camera message', type: 'u8', enum: { 0: 'status', 1: 'photo available', 2: 'photo data' } },
  id: { label: 'Photo ID', type: 'u32' },
  size: { label: 'Photo size', type: 'u32', unit: 'bytes' },
  offset: { label: 'Offset', type: 'u32', unit: 'bytes' },
  chunk_size: { label: 'Chunk size', type: 'u16', unit: 'bytes' },
  data: { label: 'Image data', type: 'bytes' },
});
