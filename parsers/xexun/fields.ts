/** Xexun field table (TK102/TK103 "GPRMC" text reports; Traccar XexunProtocolDecoder). */
import { fieldTable } from '../core/fields';

export const F = fieldTable('xexun', {
  report: { label: 'Xexun report', type: 'group', doc: '[serial,phone,]GPRMC sentence,signal,[alarm,] imei:<IMEI>,[full-format tail]' },
  serial: { label: 'Serial (local date and time)', type: 'ascii', doc: 'yymmddhhmmss in the device zone; full format only' },
  phone: { label: 'Authorised phone number', type: 'ascii', doc: 'the number the report was requested from (may be empty or a name); full format only' },
  rmc: { label: 'RMC sentence', type: 'group', doc: 'GPRMC/GNRMC,time,status,lat,N/S,lon,E/W,speed,course,date,…*checksum (NMEA 0183 without the $)' },
  signal: { label: 'GPS signal', type: 'ascii', doc: 'F full (fix valid), L low (last known fix)' },
  alarm: { label: 'Alarm / status text', type: 'ascii', doc: 'help me!, low battery, move!, ACC on, ACCStart, … (empty for a timed report)' },
  imei_key: { label: "'imei:'", type: 'magic' },
  imei: { label: 'IMEI', type: 'ascii' },
  satellites: { label: 'Satellites', type: 'ascii', doc: 'full format only' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  battery: { label: 'Battery', type: 'group', doc: '<F|L>:<volts>V, some firmware adds /ADC1=<V>/ADC2=<V>' },
  charge_flag: { label: 'Flag 0/1', type: 'ascii', doc: 'undocumented in the sources used (charging on some firmware); the reference server ignores it' },
  length: { label: 'Length', type: 'ascii', doc: 'number of bytes before this field (checked)' },
  crc: { label: 'Checksum (CRC-16)', type: 'checksum', doc: 'the vendor manual calls it a CRC-16 of the report; its parameters are unknown, not checked' },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  lac: { label: 'LAC', type: 'ascii', doc: 'hex' },
  cid: { label: 'Cell id', type: 'ascii', doc: 'hex' },
  odometer: { label: 'Odometer', type: 'ascii', unit: 'km' },
  extra: { label: 'Further value', type: 'ascii', doc: 'a field this decoder has no name for' },
  body: { label: 'Body (not decoded)', type: 'ascii' },
  line_end: { label: 'Line end', type: 'bytes', doc: "'\\n\\r' (a firmware quirk) or '\\r\\n' after a full-format report" },
});

/** The NMEA RMC sentence inside the report, without its `$`. */
export const RMC = fieldTable('xexun.rmc', {
  talker: { label: 'Sentence', type: 'ascii', doc: 'GPRMC (GPS) or GNRMC (multi-constellation)' },
  time: { label: 'Time (UTC)', type: 'time', doc: 'hhmmss[.sss]' },
  status: { label: 'Status', type: 'ascii', doc: 'A valid fix, V not valid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemisphere: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemisphere: { label: 'E/W', type: 'ascii', doc: 'left empty by some firmware (east assumed)' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  variation: { label: 'Magnetic variation', type: 'ascii', unit: '°' },
  variation_dir: { label: 'Variation E/W', type: 'ascii' },
  extra: { label: 'Further sentence field', type: 'ascii', doc: 'firmware-specific (e.g. 00, 0000.0)' },
  mode: { label: 'Mode', type: 'ascii', doc: 'A autonomous, D differential, E estimated, N not valid' },
  checksum: { label: 'NMEA checksum', type: 'checksum', doc: 'XOR of the sentence characters between its start and *, two hex digits' },
  checksum_computed: { label: 'NMEA checksum (computed)', type: 'checksum' },
  line_end: { label: 'Line end', type: 'bytes', doc: 'CR LF some firmware leaves after the sentence' },
});

export const BAT = fieldTable('xexun.battery', {
  level: { label: 'Battery state', type: 'ascii', doc: 'F full, L low' },
  voltage: { label: 'Battery voltage', type: 'ascii', unit: 'V' },
  adc1: { label: 'ADC 1', type: 'ascii', unit: 'V' },
  adc2: { label: 'ADC 2', type: 'ascii', unit: 'V' },
  extra: { label: 'Further battery value', type: 'ascii' },
});

/** Alarm texts and what the reference server makes of them (lower-cased keys). */
export const STATUS_TEXTS: Readonly<Record<string, { alarm?: string; ignition?: boolean }>> = {
  'acc on': { ignition: true },
  accstart: { ignition: true },
  'acc off': { ignition: false },
  accstop: { ignition: false },
  'help me!': { alarm: 'sos' },
  'help me': { alarm: 'sos' },
  'low battery': { alarm: 'lowBattery' },
  'move!': { alarm: 'movement' },
  'moved!': { alarm: 'movement' },
};
