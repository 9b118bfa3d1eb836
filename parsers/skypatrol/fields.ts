/**
 * SkyPatrol / Enfora field table (Enfora GSM/GPRS modem UDP API messages as older SkyPatrol
 * units and the Enfora TT8750 send them; binary report layout as Traccar's
 * SkypatrolProtocolDecoder reads it).
 */
import { fieldTable } from '../core/fields';

export const API_NUMBERS: Readonly<Record<number, string>> = {
  4: 'text report',
  5: 'binary report',
};

export const F = fieldTable('skypatrol', {
  api: { label: 'API number', type: 'u16', enum: API_NUMBERS, doc: '0x0004: report with text fields and an NMEA sentence; 0x0005: binary report' },
  command_type: { label: 'Command type', type: 'u8', doc: '2 in the modem reports seen' },
  message_type: { label: 'Message type', type: 'flags', doc: 'high nibble: message type (1: binary position report with a data mask)' },
  header_length: { label: 'Optional header length', type: 'u8', unit: 'bytes', doc: 'present when the byte after the message type is below 0x20' },
  optional_header: { label: 'Optional header', type: 'group' },
  mask: { label: 'Data mask', type: 'flags', doc: 'optional header of length 4 in a binary report: which fields follow' },
  header_data: { label: 'Header bytes', type: 'bytes' },
  header_id: { label: 'Modem id (in the optional header)', type: 'ascii' },
  binary: { label: 'Binary fields', type: 'bytes', doc: 'bytes whose layout this decoder does not know' },
  report: { label: 'Binary report', type: 'group' },
  text: { label: 'Text report', type: 'group', doc: '<event, 10 chars> <modem id, 22 chars> [text] $GPRMC…*hh CR LF NUL' },
  terminator: { label: 'Terminator', type: 'magic', doc: '0x00' },
  rest: { label: 'Remaining bytes', type: 'bytes' },
});

/** Fields of a binary report (API 5, message type 1), in mask-bit order. */
export const B = fieldTable('skypatrol.report', {
  status: { label: 'Status', type: 'u32', doc: 'mask bit 1' },
  modem_id: { label: 'Modem id', type: 'ascii', doc: 'mask bit 23: 8 chars, else bit 2: 22 chars (space padded)' },
  io: { label: 'Inputs/outputs', type: 'flags', doc: 'mask bit 3' },
  adc1: { label: 'ADC 1', type: 'u16', doc: 'mask bit 4' },
  adc2: { label: 'ADC 2', type: 'u16', doc: 'mask bit 5' },
  function_category: { label: 'Function category', type: 'u8', doc: 'mask bit 7' },
  date: { label: 'GPS date', type: 'bytes', doc: 'mask bit 8: day, month, year (binary)' },
  gps_status: { label: 'GPS status', type: 'u8', enum: { 0: 'no fix', 1: 'fix' }, doc: 'mask bit 9' },
  latitude: { label: 'Latitude', type: 'u32', unit: '°', doc: 'mask bit 10: ddmm.mmmm × 10^4, two’s complement negative (south)' },
  longitude: { label: 'Longitude', type: 'u32', unit: '°', doc: 'mask bit 11: dddmm.mmmm × 10^4, negative west' },
  speed: { label: 'Speed', type: 'u16', unit: 'kn', doc: 'mask bit 12: × 10' },
  course: { label: 'Heading', type: 'u16', unit: '°', doc: 'mask bit 13: × 10' },
  time: { label: 'GPS time (UTC)', type: 'bytes', doc: 'mask bit 14: hour, minute, second (binary)' },
  altitude: { label: 'Altitude', type: 'u24', unit: 'm', doc: 'mask bit 15: signed' },
  satellites: { label: 'Satellites', type: 'u8', doc: 'mask bit 16' },
  battery: { label: 'Battery', type: 'u16', doc: 'mask bit 17' },
  trip_odometer: { label: 'Trip odometer', type: 'u32', unit: 'm', doc: 'mask bit 20' },
  odometer: { label: 'Odometer', type: 'u32', unit: 'm', doc: 'mask bit 21' },
  rtc: { label: 'Time of message generation', type: 'bytes', doc: 'mask bit 22: 6 bytes' },
  power: { label: 'Power', type: 'u16', unit: 'mV', doc: 'mask bit 24' },
  overspeed: { label: 'GPS overspeed data', type: 'bytes', doc: 'mask bit 25: 18 bytes' },
  cells: { label: 'Cell information', type: 'bytes', doc: 'mask bit 26: 54 bytes' },
  index: { label: 'Index', type: 'u16', doc: 'mask bit 28' },
});

/** Fields of a text report (API 4). */
export const T = fieldTable('skypatrol.text', {
  event: { label: 'Event / input', type: 'ascii', doc: '10 characters, right-aligned' },
  modem_id: { label: 'Modem id', type: 'ascii', doc: '22 characters, right-aligned (IMEI or AT$MDMID)' },
  extra: { label: 'Text', type: 'ascii' },
});

/** Fields of the NMEA RMC sentence inside a text report. */
export const RMC = fieldTable('skypatrol.nmea', {
  sentence: { label: 'NMEA sentence', type: 'group' },
  type: { label: 'Sentence', type: 'ascii', doc: 'GPRMC' },
  time: { label: 'UTC time', type: 'ascii', doc: 'hhmmss.ss' },
  status: { label: 'Status', type: 'ascii', doc: 'A valid, V invalid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemi: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemi: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  date: { label: 'Date', type: 'ascii', doc: 'ddmmyy' },
  variation: { label: 'Magnetic variation', type: 'ascii', unit: '°' },
  variation_dir: { label: 'Variation E/W', type: 'ascii' },
  mode: { label: 'Mode', type: 'ascii', doc: 'A autonomous, D differential, E estimated, N not valid' },
  extra: { label: 'Extra field', type: 'ascii' },
  checksum: { label: 'Checksum', type: 'checksum', doc: 'XOR of the characters between "$" and "*", two hex digits' },
  checksum_computed: { label: 'Computed checksum', type: 'checksum' },
});
