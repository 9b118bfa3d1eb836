/** Xexun 2 field table (`fa af` binary frames of Xexun's newer personal trackers; Traccar Xexun2ProtocolDecoder). */
import { fieldTable } from '../core/fields';

export const MSG_POSITION = 0x0014;
/** Server → device command (body: a setting text such as `tracking_send=60,60`). */
export const MSG_COMMAND = 0x0007;

/** Message types; the reference server decodes only 0x0014 and acknowledges every frame. */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  [MSG_COMMAND]: 'command',
  [MSG_POSITION]: 'position',
};

export const F = fieldTable('xexun2', {
  start: { label: 'Start flag', type: 'magic', doc: 'fa af' },
  type: { label: 'Message type', type: 'u16', enum: MESSAGE_TYPES },
  index: { label: 'Serial number', type: 'u16', doc: 'echoed in the answer' },
  imei: { label: 'IMEI', type: 'bcd', doc: '8 bytes: 15 digits and a padding nibble' },
  properties: { label: 'Properties', type: 'flags', doc: 'bits 0-9 body length, bits 10-15 attributes' },
  checksum: { label: 'Checksum', type: 'checksum', doc: '0xFFFF minus the 16-bit sum of the body bytes (the one\'s complement of their sum)' },
  checksum_computed: { label: 'Checksum (computed)', type: 'checksum' },
  body: { label: 'Body (not decoded)', type: 'bytes' },
  command: { label: 'Command text', type: 'ascii', doc: 'type 0x0007: a setting such as tracking_send=60,60, of=1, reset' },
  ack: { label: 'Acknowledgement', type: 'u8', doc: 'server → device, any type but 0x0007: 1, the frame of this type and serial was received' },
  end: { label: 'End flag', type: 'magic', doc: 'fa af' },
  positions: { label: 'Position records', type: 'group' },
  count: { label: 'Record count', type: 'u8' },
  lengths: { label: 'Record lengths', type: 'group' },
  record_length: { label: 'Record length', type: 'u16', unit: 'bytes' },
  record: { label: 'Record', type: 'group' },
  extra: { label: 'Bytes after the records', type: 'bytes' },
});

export const REC = fieldTable('xexun2.record', {
  index: { label: 'Record index', type: 'u8' },
  time: { label: 'Time', type: 'time', doc: 'seconds since 1970-01-01 UTC' },
  rssi: { label: 'GSM signal', type: 'u8' },
  battery: { label: 'Battery', type: 'flags', doc: 'bit 15 charging, bits 0-14 level (%)' },
  mask: { label: 'Content mask', type: 'flags', doc: 'bit 0 alarm, 1 position, 3 fingerprint, 4 versions, 5 parameters' },
  alarm: { label: 'Alarm flags', type: 'flags', doc: 'bit 0 SOS, bit 15 fall down' },
  position: { label: 'Position', type: 'group' },
  position_mask: { label: 'Position mask', type: 'flags', doc: 'bit 0 GPS (float), 1 Wi-Fi, 2 cells, 3 ToF, 5 speed/course, 6 GPS (double), 7 extended block' },
  satellites: { label: 'Satellites', type: 'u8' },
  longitude: { label: 'Longitude', type: 'bytes', unit: '°', doc: 'IEEE float, NMEA dddmm.mmmm, negative for west' },
  latitude: { label: 'Latitude', type: 'bytes', unit: '°', doc: 'IEEE float, NMEA ddmm.mmmm, negative for south' },
  wifi: { label: 'Wi-Fi access points', type: 'group' },
  wifi_count: { label: 'Access point count', type: 'u8' },
  wifi_ap: { label: 'Access point', type: 'group' },
  mac: { label: 'MAC address', type: 'bytes' },
  wifi_rssi: { label: 'Signal', type: 'i8', unit: 'dBm' },
  cells: { label: 'Cell towers', type: 'group' },
  cell_count: { label: 'Cell count', type: 'u8' },
  cell: { label: 'Cell tower', type: 'group' },
  mcc: { label: 'MCC', type: 'u16' },
  mnc: { label: 'MNC', type: 'u16' },
  lac: { label: 'LAC', type: 'i32' },
  cid: { label: 'Cell id', type: 'u32' },
  cell_rssi: { label: 'Signal', type: 'u8' },
  tof: { label: 'ToF records', type: 'group' },
  tof_count: { label: 'ToF record count', type: 'u8' },
  tof_data: { label: 'ToF data', type: 'bytes', doc: '12 bytes a record, not decoded' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h', doc: '0.1 km/h' },
  course: { label: 'Course', type: 'u16', unit: '°', doc: '0.1°' },
  ext: { label: 'Extended block', type: 'group', doc: 'length(2), then type(1) length(2) data' },
  ext_length: { label: 'Block length', type: 'u16', unit: 'bytes' },
  ext_type: { label: 'Block type', type: 'u8', enum: { 0x47: "GNSS ('G')" } },
  ext_inner_length: { label: 'Data length', type: 'u16', unit: 'bytes' },
  ext_data: { label: 'Block data (not decoded)', type: 'bytes' },
  gnss_valid: { label: 'Fix valid', type: 'u8' },
  snr: { label: 'Best SNR', type: 'u8' },
  altitude: { label: 'Altitude', type: 'bytes', unit: 'm', doc: 'IEEE float' },
  fingerprint: { label: 'Fingerprint', type: 'u32' },
  version: { label: 'Firmware version', type: 'ascii' },
  imsi: { label: 'IMSI', type: 'bcd' },
  iccid: { label: 'ICCID', type: 'bcd' },
  parameters: { label: 'Device parameters', type: 'bytes', doc: '12 bytes, not decoded' },
  extra: { label: 'Record bytes not decoded', type: 'bytes' },
});
