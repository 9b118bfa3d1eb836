/** TK103 field table (TK102/TK103 GPRS protocol; Traccar Tk103ProtocolDecoder for the variants). */
import { fieldTable } from '../core/fields';

/** Message kinds: short type, and what the 4-character command means. */
export interface CommandInfo {
  type: string;
  label: string;
}

/** Commands a terminal sends (B…: TK103 manual; ZC…/DW…: comma-delimited variants). */
export const COMMANDS: Readonly<Record<string, CommandInfo>> = {
  BP00: { type: 'handshake', label: 'Handshake signal' },
  BP04: { type: 'location', label: 'Answer to one-time calling (AP00)' },
  BP05: { type: 'login', label: 'Login' },
  BR00: { type: 'location', label: 'Isochronous feedback' },
  BR01: { type: 'location', label: 'Isochronous continuous feedback' },
  BR02: { type: 'location', label: 'Continuous feedback ending' },
  BO01: { type: 'alarm', label: 'Alarm' },
  BQ81: { type: 'alarm', label: 'Alarm with type' },
  BQ86: { type: 'report', label: 'Report (layout not published)' },
  BS50: { type: 'bms', label: 'Battery management data (binary)' },
  BS51: { type: 'bms', label: 'Battery management data (tagged)' },
  BV00: { type: 'vin', label: 'Vehicle identification number' },
  BZ00: { type: 'lbs', label: 'Cell towers' },
  ZC03: { type: 'command result', label: 'Command result' },
  ZC07: { type: 'location', label: 'Location' },
  ZC11: { type: 'alarm', label: 'Movement alarm' },
  ZC12: { type: 'alarm', label: 'Low battery alarm' },
  ZC13: { type: 'alarm', label: 'Power cut alarm' },
  ZC15: { type: 'event', label: 'ACC on' },
  ZC16: { type: 'event', label: 'ACC off' },
  ZC17: { type: 'alarm', label: 'Removal alarm' },
  ZC20: { type: 'battery', label: 'Battery and power' },
  ZC25: { type: 'alarm', label: 'SOS alarm' },
  ZC26: { type: 'alarm', label: 'Tampering alarm' },
  ZC27: { type: 'alarm', label: 'Low power alarm' },
  ZC29: { type: 'event', label: 'Ignition on' },
  DW3B: { type: 'location', label: 'Location' },
  DW50: { type: 'lbs', label: 'Cell and Wi-Fi' },
  DW51: { type: 'alarm', label: 'Movement alarm (cell and Wi-Fi)' },
  DW5B: { type: 'lbs', label: 'Cell and Wi-Fi' },
  // Server → device (downlink): the answers to the handshake and the login, then the commands.
  AP01: { type: 'ack', label: 'Handshake answer (AP01HSO)' },
  AP05: { type: 'ack', label: 'Login answer' },
  AP00: { type: 'command', label: 'Position now (one-time calling)' },
  AP07: { type: 'command', label: 'Firmware version request' },
  AR00: { type: 'command', label: 'Periodic positions (interval, time limit)' },
  AT00: { type: 'command', label: 'Reboot' },
  AV00: { type: 'command', label: 'Output control' },
  AV01: { type: 'command', label: 'Engine control (0 stop, 1 resume)' },
  AX01: { type: 'command', label: 'Reset odometer' },
};

/** Alarm or ignition carried by the command itself (ZC…, DW3…, DW5… families). */
export const COMMAND_EVENTS: Readonly<Record<string, { alarm?: string; ignition?: boolean }>> = Object.fromEntries(
  (
    [
      [['ZC11', 'DW31', 'DW51'], { alarm: 'movement' }],
      [['ZC12', 'DW32', 'DW52'], { alarm: 'lowBattery' }],
      [['ZC13', 'DW33', 'DW53'], { alarm: 'powerCut' }],
      [['ZC15', 'DW35', 'DW55'], { ignition: true }],
      [['ZC16', 'DW36', 'DW56'], { ignition: false }],
      [['ZC29', 'DW42', 'DW62'], { ignition: true }],
      [['ZC17', 'DW37', 'DW57'], { alarm: 'removing' }],
      [['ZC25', 'DW3E', 'DW5E'], { alarm: 'sos' }],
      [['ZC26', 'DW3F', 'DW5F'], { alarm: 'tampering' }],
      [['ZC27', 'DW40', 'DW60'], { alarm: 'lowPower' }],
    ] as const
  ).flatMap(([codes, v]) => codes.map((c) => [c, v])),
);

/** BO01 alarm digit. */
export const BO01_ALARMS: Readonly<Record<number, string>> = { 1: 'accident', 2: 'sos', 3: 'vibration', 4: 'lowspeed', 5: 'overspeed', 6: 'geofenceExit' };
/** BQ81 alarm type. */
export const BQ81_ALARMS: Readonly<Record<number, string>> = { 0: 'lowBattery', 1: 'overspeed', 2: 'idle', 3: 'hardAcceleration', 4: 'hardBraking', 5: 'temperature' };
/** ZC20 battery level code → percent. */
export const BATTERY_LEVELS: Readonly<Record<number, number>> = { 6: 100, 5: 80, 4: 50, 3: 20, 2: 10 };

export const F = fieldTable('tk103', {
  start: { label: 'Start', type: 'magic', doc: "'('" },
  end: { label: 'End', type: 'magic', doc: "')'" },
  header: { label: 'Header', type: 'group' },
  device_id: { label: 'Device id', type: 'ascii', doc: '12 characters (11, or a 15-digit IMEI, in some firmware and in server commands), or an IMEI before a comma' },
  command: { label: 'Command', type: 'ascii', doc: '2 letters + 2 characters, e.g. BR00' },
  location: { label: 'Location', type: 'group' },
  handshake: { label: 'Handshake', type: 'group' },
  cells: { label: 'Cell towers', type: 'group' },
  battery: { label: 'Battery', type: 'group' },
  lbs: { label: 'Cell and Wi-Fi', type: 'group' },
  result: { label: 'Command result', type: 'group' },
  bms: { label: 'Battery management', type: 'group' },
  vin: { label: 'VIN', type: 'ascii' },
  body: { label: 'Body', type: 'ascii', doc: 'content of a message not decoded field by field' },
  parameters: { label: 'Parameters', type: 'ascii', doc: 'what follows the command of a server command' },
  sms: { label: 'SMS command over GPRS', type: 'group', doc: '[begin]sms2,<SMS command>,[end] (alternative firmware)' },
});

/** AR00 (server → device): interval and time limit, 4 hex digits each. */
export const AR = fieldTable('tk103.periodic', {
  interval: { label: 'Interval', type: 'ascii', unit: 's', doc: '4 hex digits; 0000 stops the reports' },
  limit: { label: 'Time limit', type: 'ascii', doc: '4 hex digits; 0000 no limit' },
});

/** The alternative firmware's `[begin]sms2,<command>,[end]` wrapper. */
export const SMS = fieldTable('tk103.sms', {
  begin: { label: "'[begin]'", type: 'magic' },
  channel: { label: 'Channel', type: 'ascii', doc: "'sms2'" },
  text: { label: 'SMS command', type: 'ascii', doc: '*getposl*, *routetrack*99*, 88888888, …' },
  end: { label: "'[end]'", type: 'magic' },
});

export const LOC = fieldTable('tk103.location', {
  alarm_keyword: { label: 'Alarm keyword', type: 'ascii', doc: "'ALARM' (BQ81)" },
  alarm_type: { label: 'Alarm type', type: 'u8', enum: BQ81_ALARMS },
  alarm_value: { label: 'Alarm value', type: 'ascii' },
  data: { label: 'Data', type: 'ascii', doc: 'BP05: IMEI; BO01: alarm digit first' },
  date: { label: 'Date', type: 'time', doc: 'yymmdd (ddmmyy in the comma form)' },
  validity: { label: 'Validity', type: 'ascii', doc: 'A valid fix, V invalid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemisphere: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemisphere: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'km/h' },
  time: { label: 'Time (UTC)', type: 'time', doc: 'hhmmss' },
  course: { label: 'Course', type: 'ascii', unit: '°' },
  charge: { label: 'Main power', type: 'ascii', doc: "'0' connected (charging), '1' off" },
  ignition: { label: 'ACC', type: 'ascii', doc: "'1' on" },
  io1: { label: 'I/O 1', type: 'flags', doc: 'bit 0 input 2, bit 1 panic, bit 2 output 2, bit 3 blocked' },
  io2: { label: 'I/O 2', type: 'flags', doc: 'bits 0-2 high sensors 3..1, bit 3 door' },
  io3: { label: 'I/O 3', type: 'flags', doc: 'bits 1-3 low sensors 3..1' },
  fuel: { label: 'Fuel', type: 'ascii', doc: '3 hex digits' },
  odometer_marker: { label: "Odometer marker 'L'", type: 'magic' },
  odometer: { label: 'Odometer', type: 'ascii', unit: 'm', doc: 'hex' },
  temperature: { label: 'Temperature', type: 'ascii', unit: '°C', doc: '[+-]ddd.d' },
  extra: { label: 'Further values', type: 'bytes', doc: 'values after the documented fields' },
});

export const HS = fieldTable('tk103.handshake', {
  serial: { label: 'Serial / IMEI', type: 'ascii' },
  marker: { label: "'HSO'", type: 'magic' },
  extra: { label: 'Further data', type: 'bytes' },
});

export const CELL = fieldTable('tk103.cells', {
  imei: { label: 'IMEI', type: 'ascii' },
  cell: { label: 'Cell', type: 'group' },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  lac: { label: 'LAC', type: 'ascii' },
  cid: { label: 'Cell id', type: 'ascii' },
  odometer: { label: 'Odometer', type: 'ascii', unit: 'm', doc: '8 hex digits' },
  extra: { label: 'Further values', type: 'bytes' },
});

export const BAT = fieldTable('tk103.battery', {
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  time: { label: 'Time', type: 'time', doc: 'hhmmss' },
  level: { label: 'Battery level', type: 'ascii', enum: { 6: '100 %', 5: '80 %', 4: '50 %', 3: '20 %', 2: '10 %', 255: 'unknown' } },
  voltage: { label: 'Battery voltage', type: 'ascii', unit: '0.01 V', doc: '65535: unknown' },
  power: { label: 'Power voltage', type: 'ascii', unit: '0.1 V', doc: '65535: unknown' },
  installed: { label: 'Installed', type: 'ascii' },
  extra: { label: 'Further values', type: 'bytes' },
});

export const LBS = fieldTable('tk103.lbs', {
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  lac: { label: 'LAC', type: 'ascii' },
  cid: { label: 'Cell id', type: 'ascii' },
  wifi_count: { label: 'Wi-Fi access points', type: 'ascii' },
  wifi: { label: 'Wi-Fi access point', type: 'group' },
  mac: { label: 'MAC', type: 'ascii' },
  rssi: { label: 'RSSI', type: 'ascii', unit: 'dBm' },
  channel: { label: 'Channel', type: 'ascii' },
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  time: { label: 'Time', type: 'time', doc: 'hhmmss' },
  extra: { label: 'Further values', type: 'bytes' },
});

export const RES = fieldTable('tk103.result', {
  date: { label: 'Date', type: 'time', doc: 'ddmmyy' },
  time: { label: 'Time', type: 'time', doc: 'hhmmss' },
  text: { label: 'Result text', type: 'ascii', doc: 'between $ signs; may hold ) and line breaks' },
  extra: { label: 'Further data', type: 'bytes' },
});

export const BMS = fieldTable('tk103.bms', {
  header: { label: 'Header', type: 'bytes' },
  cell_count: { label: 'Cell count', type: 'u8' },
  cell_voltage: { label: 'Cell voltage', type: 'u16', unit: 'mV', doc: 'little-endian' },
  charge: { label: 'Charge state', type: 'u8', enum: { 0: 'charging' } },
  current: { label: 'Current', type: 'u16', unit: '0.1 A' },
  voltage: { label: 'Battery voltage', type: 'u16', unit: '0.01 V' },
  level: { label: 'Battery level', type: 'u8', unit: '%' },
  overheat: { label: 'Overheat', type: 'u8' },
  charge_protection: { label: 'Charge protection', type: 'u8' },
  discharge_protection: { label: 'Discharge protection', type: 'u8' },
  drop_line: { label: 'Drop line', type: 'u8' },
  balanced: { label: 'Balanced', type: 'u8' },
  cycles: { label: 'Cycles', type: 'u16' },
  fault: { label: 'Fault alarm', type: 'u8' },
  reserved: { label: 'Reserved', type: 'bytes' },
  temp_count: { label: 'Temperature sensors', type: 'u8' },
  power_temp: { label: 'Power temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  equilibrium_temp: { label: 'Equilibrium temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  temp: { label: 'Battery temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  calibration_capacity: { label: 'Calibration capacity', type: 'u16', unit: '0.01 Ah' },
  discharge_capacity: { label: 'Discharge capacity', type: 'u32' },
  record: { label: 'Record', type: 'group' },
  cumulative_voltage: { label: 'Cumulative voltage', type: 'u16', unit: '0.1 V' },
  gather_voltage: { label: 'Gathered voltage', type: 'u16', unit: '0.1 V' },
  soc: { label: 'State of charge', type: 'u16', unit: '0.1 %' },
  max_cell_voltage: { label: 'Highest cell voltage', type: 'u16', unit: 'mV' },
  max_cell: { label: 'Cell with the highest voltage', type: 'u8' },
  min_cell_voltage: { label: 'Lowest cell voltage', type: 'u16', unit: 'mV' },
  min_cell: { label: 'Cell with the lowest voltage', type: 'u8' },
  max_temp: { label: 'Highest temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  max_temp_sensor: { label: 'Sensor with the highest temperature', type: 'u8' },
  min_temp: { label: 'Lowest temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  min_temp_sensor: { label: 'Sensor with the lowest temperature', type: 'u8' },
  frame: { label: 'Frame number', type: 'u8' },
  cell_temp: { label: 'Cell temperature', type: 'u8', unit: '°C', doc: 'value − 40' },
  key: { label: 'Record key', type: 'u8', doc: 'hex: 90 voltages/current/SOC, 91 cell voltages, 92 temperatures, 96 cell temperatures' },
  value: { label: 'Record data', type: 'bytes', doc: 'hex, big-endian' },
  extra: { label: 'Further data', type: 'bytes' },
});
