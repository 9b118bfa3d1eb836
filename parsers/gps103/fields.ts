/** GPS103 field table (Coban/Xexun TK103-2 "imei:" text protocol; Traccar Gps103ProtocolDecoder). */
import { fieldTable } from '../core/fields';

/** Alarm keywords (the second field) and the alarm they stand for. */
export const ALARM_KEYWORDS: Readonly<Record<string, string>> = {
  'help me': 'sos',
  'low battery': 'lowBattery',
  stockade: 'geofence',
  move: 'movement',
  speed: 'overspeed',
  'door alarm': 'door',
  'ac alarm': 'powerCut',
  'accident alarm': 'accident',
  'sensor alarm': 'vibration',
  'bonnet alarm': 'bonnet',
  'footbrake alarm': 'footBrake',
  DTC: 'fault',
};

/** The alarm a keyword stands for: the table, `T:<temp>` temperature, `oil…` fuel leak. */
export function keywordAlarm(keyword: string): string | undefined {
  if (keyword.startsWith('T:')) return 'temperature';
  if (keyword.startsWith('oil')) return 'fuelLeak';
  return ALARM_KEYWORDS[keyword];
}

export const F = fieldTable('gps103', {
  heartbeat: { label: 'Heartbeat (IMEI)', type: 'ascii', doc: 'a bare IMEI; the server answers ON' },
  message: { label: 'Message', type: 'group' },
  login_marker: { label: "Login marker '##'", type: 'magic' },
  imei_prefix: { label: "'imei:'", type: 'magic' },
  imei: { label: 'IMEI', type: 'ascii' },
  keyword: { label: 'Keyword', type: 'ascii', doc: 'tracker, help me, low battery, move, speed, acc on, T:<temp>, OBD, …' },
  local_time: { label: 'Local date and time', type: 'time', doc: 'yymmddhhmm[ss] or yy/mm/dd hh:mm, in the device zone' },
  phone: { label: 'Phone number / RFID', type: 'ascii' },
  gps_flag: { label: 'GPS signal', type: 'ascii', doc: 'F full (fix follows), L low (cell follows)' },
  login_field: { label: 'Login field', type: 'ascii' },
  location: { label: 'Location', type: 'group' },
  cell: { label: 'Cell', type: 'group' },
  obd: { label: 'OBD', type: 'group' },
  alt: { label: 'Location (alternative layout)', type: 'group' },
  photo: { label: 'Photo data', type: 'bytes' },
  body: { label: 'Body', type: 'ascii', doc: 'content not decoded field by field' },
  extra: { label: 'Further values', type: 'bytes' },
  delimiter: { label: 'Delimiter', type: 'magic', doc: "';' (also '*', '\\n' or '\\r\\n')" },
});

export const LOC = fieldTable('gps103.location', {
  utc_time: { label: 'UTC time', type: 'time', doc: 'hhmmss[.sss]' },
  validity: { label: 'Validity', type: 'ascii', doc: 'A valid fix, V invalid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemisphere: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemisphere: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  ignition: { label: 'ACC', type: 'ascii', doc: '1 on' },
  door: { label: 'Door', type: 'ascii', doc: '1 open' },
  fuel1: { label: 'Fuel 1', type: 'ascii', unit: '%' },
  fuel2: { label: 'Fuel 2', type: 'ascii', unit: '%' },
  temperature: { label: 'Temperature', type: 'ascii', unit: '°C' },
});

export const CELL = fieldTable('gps103.cell', {
  lac: { label: 'LAC', type: 'ascii', doc: 'hex' },
  cid: { label: 'Cell id', type: 'ascii', doc: 'hex' },
});

export const OBD = fieldTable('gps103.obd', {
  odometer: { label: 'Odometer', type: 'ascii', unit: 'km' },
  fuel_instant: { label: 'Instant fuel consumption', type: 'ascii' },
  fuel_average: { label: 'Average fuel consumption', type: 'ascii' },
  hours: { label: 'Engine hours', type: 'ascii', unit: 'h' },
  speed: { label: 'OBD speed', type: 'ascii', unit: 'km/h' },
  load: { label: 'Engine load', type: 'ascii', unit: '%' },
  coolant: { label: 'Coolant temperature', type: 'ascii', unit: '°C' },
  throttle: { label: 'Throttle', type: 'ascii', unit: '%' },
  rpm: { label: 'Engine speed', type: 'ascii', unit: 'rpm' },
  battery: { label: 'Battery voltage', type: 'ascii', unit: 'V' },
  dtcs: { label: 'Trouble codes', type: 'ascii' },
});

export const ALT = fieldTable('gps103.alt', {
  name: { label: 'Device name', type: 'ascii' },
  event: { label: 'Event', type: 'ascii', doc: "'---' none" },
  sensor_id: { label: 'Sensor id', type: 'ascii', doc: "'---' none" },
  sensor_voltage: { label: 'Sensor voltage', type: 'ascii', unit: 'V', doc: "'---' none" },
  time: { label: 'Time (UTC)', type: 'time', doc: 'hhmmss' },
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  rssi: { label: 'GSM signal', type: 'ascii' },
  gps_status: { label: 'GPS status', type: 'ascii', doc: '>0 fix' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°' },
  speed: { label: 'Speed', type: 'ascii', unit: 'km/h' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  hdop: { label: 'HDOP', type: 'ascii' },
  satellites: { label: 'Satellites', type: 'ascii' },
  ignition: { label: 'Ignition', type: 'ascii' },
  charge: { label: 'Charging', type: 'ascii' },
  error: { label: 'Error', type: 'ascii', doc: "'---' none" },
});

/** Server → device commands (`**,imei:<IMEI>,<command>,…`). */
export const CMD = fieldTable('gps103.command', {
  marker: { label: "Command marker '**'", type: 'magic' },
  code: { label: 'Command', type: 'ascii', doc: 'A stop, B position now, C interval, J/K cut/restore, L/M arm/disarm, 160 photo, …' },
  parameter: { label: 'Parameter', type: 'ascii', doc: 'e.g. the interval 05m (two digits and s, m or h)' },
});

/** Server → device answers: `LOAD` to a login, `ON` to a heartbeat (no delimiter). */
export const ANSWER = fieldTable('gps103.answer', {
  text: { label: 'Answer', type: 'ascii', doc: 'LOAD: login accepted; ON: heartbeat answered' },
});
