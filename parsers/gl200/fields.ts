/**
 * Queclink @Track field tables: the ASCII sentences (`+RESP:`/`+BUFF:`/`+ACK:`), the HEX frames
 * (`+RSP`/`+EVT`/`+INF`/`+ACK`/`+HBD`…) and Protocol Pro frames (`2B 00 len`). Facts from the
 * Queclink @Track Air Interface protocol documents (GL200, GL300, GV300, GV300CAN, GV500, GV350M)
 * and Traccar's Gl200TextProtocolDecoder / Gl200BinaryProtocolDecoder / Gl200FrameDecoder.
 */
import { fieldTable } from '../core/fields';

/** Device family by protocol-version prefix (2 characters, or 6 for the 10-character form). */
export const PROTOCOL_MODELS: Readonly<Record<string, string>> = {
  '02': 'GL200', '04': 'GV200', '06': 'GV300', '08': 'GMT100', '09': 'GV50P', '0F': 'GV55', '10': 'GV55 LITE',
  '11': 'GL500', '1A': 'GL300', '1F': 'GV500', '21': 'GL200', '25': 'GV300', '27': 'GV300W', '28': 'GL300VC',
  '2C': 'GL300W', '2D': 'GV500VC', '2F': 'GV55', '30': 'GL300', '31': 'GV65', '35': 'GV200', '36': 'GV500',
  '3F': 'GMT100', '40': 'GL500', '41': 'GV75W', '42': 'GT501', '44': 'GL530', '45': 'GB100', '4F': 'GV56',
  '50': 'GV55W', '52': 'GL50', '55': 'GL50B', '5E': 'GV500MAP', '6E': 'GV310LAU', '74': 'GV350CEU', 'BD': 'CV200',
  'C2': 'GV600M', 'C3': 'GL320M', 'DC': 'GV600MG', 'DE': 'GL500M', 'DF': 'CV100LG', 'F1': 'GV350M', 'F8': 'GV800W',
  'FC': 'GV600W', '802004': 'GV58LAU', '802005': 'GV355CEU', '80201E': 'GV30CEU',
};

/** ASCII report types (`GTxxx` without the `GT`). */
export const TEXT_TYPES: Readonly<Record<string, string>> = {
  FRI: 'fixed report', ERI: 'extended fixed report', RTL: 'real-time location', DOG: 'protocol watchdog reboot',
  GEO: 'geofence', SPD: 'speed alarm', SOS: 'SOS', TOW: 'towing', EPS: 'external power supply', DIS: 'digital input',
  IOB: 'I/O combination', IGL: 'ignition location', HBM: 'harsh behaviour', GES: 'geofence entry/exit', GIN: 'geofence in',
  GOT: 'geofence out', PNL: 'panic location', LBC: 'location by call', IDA: 'driver identification',
  IGN: 'ignition on', IGF: 'ignition off', VGN: 'virtual ignition on', VGF: 'virtual ignition off', VGL: 'virtual ignition location',
  CAN: 'CAN bus report', OBD: 'OBD report', INF: 'device information', GSM: 'GSM cell information',
  WIF: 'Wi-Fi report', LBS: 'LBS report', VER: 'version', PNA: 'power on', PFA: 'power off', MPN: 'main power connected',
  MPF: 'main power disconnected', EPN: 'external power connected', EPF: 'external power disconnected', BPL: 'low battery',
  BTC: 'battery charging start', STC: 'battery charging complete', STT: 'motion state change', STR: 'start moving',
  STP: 'stop moving', NMR: 'non-movement', CTN: 'continuous report', LSW: 'light sensor switch', TSW: 'tamper switch',
  IDN: 'idling start', IDF: 'idling stop', GSS: 'GPS signal status', JDR: 'jamming detected', JDS: 'jamming state',
  GPJ: 'GPS jamming', TEM: 'temperature alarm', TMP: 'temperature alarm', SWG: 'geofence switch', GCR: 'geofence by call',
  DAT: 'transparent data', DTT: 'transparent data', BAA: 'Bluetooth accessory alarm', BID: 'Bluetooth beacon',
  LSA: 'light sensor alarm', DAR: 'driver behaviour alarm', TRI: 'fixed report (GT300)', CRA: 'crash', UPD: 'firmware update',
  UPC: 'configuration update', PDP: 'GPRS connection', RMD: 'roaming', GSV: 'GPS satellites', HBD: 'heartbeat',
};

/** Traccar alarm names by report type. */
export const ALARMS: Readonly<Record<string, string>> = {
  SOS: 'sos', SPD: 'overspeed', TOW: 'tow', IDL: 'idle', PNA: 'powerOn', PFA: 'powerOff', EPN: 'powerRestored',
  MPN: 'powerRestored', EPF: 'powerCut', MPF: 'powerCut', BPL: 'lowBattery', STT: 'movement', SWG: 'geofence',
  TMP: 'temperature', TEM: 'temperature', JDR: 'jamming', JDS: 'jamming', CRA: 'accident',
};

/** `<Motion status>` byte of a device status field / HEX frame. */
export const MOTION: Readonly<Record<number, string>> = {
  0x11: 'ignition off, rest', 0x12: 'ignition off, motion', 0x16: 'tow', 0x1a: 'fake tow',
  0x21: 'ignition on, rest', 0x22: 'ignition on, motion', 0x41: 'sensor rest', 0x42: 'sensor motion',
};

/** Common nodes of every ASCII sentence. */
export const F = fieldTable('gl200', {
  report: { label: 'Report', type: 'group', doc: 'one @Track ASCII sentence' },
  header: { label: 'Header', type: 'ascii', doc: 'RESP (real time), BUFF (buffered), ACK (command/heartbeat), SACK (server)' },
  message: { label: 'Message type', type: 'ascii', doc: 'GT + three letters' },
  protocol_version: { label: 'Protocol version', type: 'ascii', doc: 'device type (2 or 6 hex) + major + minor' },
  imei: { label: 'Unique ID (IMEI)', type: 'ascii' },
  device_name: { label: 'Device name', type: 'ascii' },
  vin: { label: 'VIN', type: 'ascii', doc: 'GV500 family: vehicle identification number before the device name' },
  serial: { label: 'Serial number', type: 'u16', doc: '4 hex: the serial of the AT+GT command acknowledged' },
  send_time: { label: 'Send time', type: 'time', doc: 'yyyymmddhhmmss, device clock (often local time)' },
  count: { label: 'Count number', type: 'u16', doc: '4 hex, per-message counter the +SACK echoes' },
  delimiter: { label: 'End of sentence', type: 'magic', doc: '$ (\\0 on GT300/GL100 firmware)' },
  trailing: { label: 'Bytes after the end', type: 'bytes' },
  body: { label: 'Unparsed content', type: 'bytes' },
  // report fields shared by many types
  power: { label: 'External power supply', type: 'ascii', unit: 'mV' },
  report_type: { label: 'Report ID / type', type: 'ascii', doc: 'one hex byte: high nibble report ID, low nibble type' },
  number: { label: 'Number of positions', type: 'ascii' },
  odometer: { label: 'Mileage', type: 'ascii', unit: 'km' },
  hour_meter: { label: 'Hour meter count', type: 'ascii', doc: 'HHHHH:MM:SS' },
  adc1: { label: 'Analog input 1', type: 'ascii', unit: 'mV' },
  adc2: { label: 'Analog input 2', type: 'ascii', unit: 'mV' },
  adc3: { label: 'Analog input 3', type: 'ascii', unit: 'mV' },
  battery_level: { label: 'Backup battery percentage', type: 'ascii', unit: '%' },
  battery_voltage: { label: 'Battery voltage', type: 'ascii', unit: 'V' },
  input: { label: 'Digital inputs', type: 'flags', doc: 'GV200: hex' },
  output: { label: 'Digital outputs', type: 'flags', doc: 'GV200: hex' },
  device_status: { label: 'Device status', type: 'flags', doc: '6 or 10 hex: [EIO100 in, EIO100 out,] motion, inputs, outputs' },
  rpm: { label: 'Engine RPM', type: 'ascii' },
  fuel_consumption: { label: 'Fuel consumption', type: 'ascii', unit: 'L/100 km' },
  fuel_level: { label: 'Fuel level input', type: 'ascii', unit: '%' },
  rssi: { label: 'CSQ RSSI', type: 'ascii' },
  ber: { label: 'CSQ BER', type: 'ascii' },
  mode: { label: 'Mode selection', type: 'ascii' },
  motion: { label: 'Movement status', type: 'ascii' },
  temperature: { label: 'Temperature', type: 'ascii', unit: '°C' },
  reserved: { label: 'Reserved', type: 'ascii' },
  duration: { label: 'Duration of ignition on/off', type: 'ascii', unit: 's' },
  state: { label: 'State', type: 'ascii' },
  event_time: { label: 'Event time', type: 'time' },
  uart_type: { label: 'UART device type', type: 'ascii' },
  input_state: { label: 'Input state', type: 'ascii', doc: 'LSW/TSW: new level of the light sensor / tamper switch' },
  switch_type: { label: 'Switch type', type: 'ascii' },
  rfid: { label: 'RFID / iButton ID', type: 'ascii' },
  data: { label: 'Data', type: 'ascii' },
  mode_gcr: { label: 'Geofence mode', type: 'ascii' },
  radius: { label: 'Geofence radius', type: 'ascii', unit: 'm' },
  check_interval: { label: 'Check interval', type: 'ascii', unit: 's' },
  fix_type: { label: 'Fix type', type: 'ascii', doc: 'the report that triggered the cell list (STR, CTN, NMR, RTL)' },
  trigger_type: { label: 'Trigger type', type: 'ascii' },
  expansion_mask: { label: 'Component expansion mask', type: 'ascii' },
  // +ACK
  sub_command: { label: 'Sub-command / index', type: 'ascii' },
  // GTVER
  device_type: { label: 'Device type', type: 'ascii' },
  firmware: { label: 'Firmware version', type: 'ascii', doc: '4 hex: major, minor' },
  hardware: { label: 'Hardware version', type: 'ascii', doc: '4 hex: major, minor' },
  // GTWIF
  wifi_count: { label: 'Number of Wi-Fi access points', type: 'ascii' },
  wifi: { label: 'Wi-Fi access point', type: 'group' },
  cell: { label: 'Cell', type: 'group' },
  // GTINF
  iccid: { label: 'ICCID', type: 'ascii' },
  external_power: { label: 'External power supply state', type: 'ascii' },
  backup_power: { label: 'Backup power voltage', type: 'ascii', unit: 'mV' },
  charging: { label: 'Charging', type: 'ascii' },
  ble_mac: { label: 'BLE sensor MAC', type: 'ascii' },
  device_temp: { label: 'Device temperature', type: 'ascii', unit: '°C' },
  humidity: { label: 'Humidity', type: 'ascii', unit: '%' },
  // GTERI peripheral blocks
  eri_mask: { label: 'ERI mask', type: 'flags', doc: '8 hex: which peripheral blocks follow the status fields' },
  fuel_sensor: { label: 'Digital fuel sensor data', type: 'ascii' },
  one_wire: { label: '1-Wire data', type: 'group' },
  one_wire_count: { label: 'Number of 1-Wire devices', type: 'ascii' },
  one_wire_id: { label: '1-Wire device ID', type: 'ascii' },
  one_wire_type: { label: '1-Wire device type', type: 'ascii', doc: '1 temperature sensor, 2 iButton' },
  one_wire_data: { label: '1-Wire data', type: 'ascii', doc: 'temperature: int16 × 0.0625 °C' },
  fuel_block: { label: 'Fuel sensor data', type: 'group' },
  fuel_count: { label: 'Number of fuel sensors', type: 'ascii' },
  fuel_type: { label: 'Sensor type', type: 'ascii' },
  uart_id: { label: 'UART ID', type: 'ascii' },
  fuel_value: { label: 'Fuel sensor value', type: 'ascii' },
  fuel_percentage: { label: 'Fuel percentage', type: 'ascii', unit: '%' },
  fuel_volume: { label: 'Fuel volume', type: 'ascii', unit: 'L' },
  fuel_temp: { label: 'Fuel temperature', type: 'ascii', unit: '°C' },
  sensor_block: { label: 'Temperature/humidity sensors', type: 'group' },
  sensor_count: { label: 'Number of sensors', type: 'ascii' },
  ble: { label: 'Bluetooth accessory', type: 'group' },
  ble_count: { label: 'Number of Bluetooth accessories', type: 'ascii' },
  ble_index: { label: 'Accessory index', type: 'ascii' },
  ble_type: { label: 'Accessory type', type: 'ascii' },
  ble_model: { label: 'Accessory model', type: 'ascii' },
  ble_raw_length: { label: 'Raw data length', type: 'ascii' },
  ble_raw: { label: 'Raw data', type: 'ascii' },
  ble_mask: { label: 'Accessory append mask', type: 'flags' },
  ble_name: { label: 'Accessory name', type: 'ascii' },
  ble_status: { label: 'Accessory status', type: 'ascii' },
  ble_battery: { label: 'Accessory battery percentage', type: 'ascii', unit: '%' },
  ble_temp: { label: 'Accessory temperature', type: 'ascii', unit: '°C' },
  ble_humidity: { label: 'Accessory humidity', type: 'ascii', unit: '%' },
  ble_voltage: { label: 'Accessory battery voltage', type: 'ascii', unit: 'mV' },
  can_data: { label: 'CAN data', type: 'group', doc: 'the GTCAN fields carried inside GTERI' },
  // GTCAN / GTOBD
  can_report_type: { label: 'Distance / report type', type: 'ascii' },
  can_state: { label: 'CAN bus device state', type: 'ascii' },
  can_mask: { label: 'CAN report mask', type: 'flags' },
  can_mask_ext: { label: 'CAN report expansion mask', type: 'flags' },
  obd_mask: { label: 'OBD report mask', type: 'flags' },
  // GTBID / GTBAA
  accessory_count: { label: 'Number of accessories', type: 'ascii' },
  accessory_model: { label: 'Accessory model', type: 'ascii' },
  append_mask: { label: 'Accessory append mask', type: 'flags' },
  alarm_type: { label: 'Alarm type', type: 'ascii' },
  // GTDAR
  warning_type: { label: 'Warning type', type: 'ascii' },
  fatigue_degree: { label: 'Fatigue degree', type: 'ascii' },
  // GTDTT
  data_type: { label: 'Data type', type: 'ascii' },
  data_length: { label: 'Data length', type: 'ascii' },
  // GTLSA
  light_level: { label: 'Light level', type: 'ascii' },
});

/** One position block (repeated `<Number>` times in FRI-style reports). */
export const POS = fieldTable('gl200.position', {
  block: { label: 'Position', type: 'group' },
  accuracy: { label: 'GNSS accuracy (HDOP)', type: 'ascii', doc: '0: fix failed, the last known position is reported' },
  speed: { label: 'Speed', type: 'ascii', unit: 'km/h' },
  course: { label: 'Azimuth', type: 'ascii', unit: '°' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°' },
  time: { label: 'GNSS UTC time', type: 'time' },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  lac: { label: 'LAC', type: 'ascii', doc: 'hex' },
  cell: { label: 'Cell ID', type: 'ascii', doc: 'hex, 8 digits for an LTE ECI' },
  rxlevel: { label: 'Rx level', type: 'ascii' },
  rssi: { label: 'CSQ RSSI', type: 'ascii' },
  ber: { label: 'CSQ BER', type: 'ascii' },
  append_mask: { label: 'Position append mask', type: 'flags', doc: 'bit 0 satellites, bit 1 trigger type, bit 4 jamming state follow' },
  reserved: { label: 'Reserved', type: 'ascii' },
  odometer: { label: 'Mileage', type: 'ascii', unit: 'km', doc: 'GL300 firmware: mileage after each position' },
  satellites: { label: 'Satellites in use', type: 'ascii' },
  trigger_type: { label: 'GNSS trigger type', type: 'ascii', doc: '0 time, 1 corner, 2 distance, 3 mileage, 4 optimum' },
  jamming: { label: 'GNSS jamming state', type: 'ascii' },
  wifi_count: { label: 'Number of Wi-Fi access points', type: 'ascii' },
});

/** Sub-fields of a Wi-Fi access point or a neighbour cell. */
export const AP = fieldTable('gl200.wifi', {
  mac: { label: 'MAC', type: 'ascii' },
  rssi: { label: 'RSSI', type: 'ascii', unit: 'dBm' },
  reserved: { label: 'Reserved', type: 'ascii' },
});

/** GTCAN fields by `<CAN Report Mask>` bit, in wire order. */
export const CAN_FIELDS: ReadonlyArray<readonly [number, string, string]> = [
  [0, 'vin', 'VIN'], [1, 'ignition_key', 'Ignition key'], [2, 'total_distance', 'Total distance'],
  [3, 'fuel_used', 'Total fuel used'], [5, 'rpm', 'Engine RPM'], [4, 'speed', 'Vehicle speed'],
  [6, 'coolant_temp', 'Engine coolant temperature'], [7, 'fuel_consumption', 'Fuel consumption'],
  [8, 'fuel_level', 'Fuel level'], [9, 'range', 'Range'], [10, 'accelerator', 'Accelerator pedal pressure'],
  [11, 'engine_hours', 'Total engine hours'], [12, 'driving_time', 'Total driving time'],
  [13, 'idle_time', 'Total engine idle time'], [14, 'idle_fuel', 'Total idle fuel used'],
  [15, 'axle_weight', 'Axle weight'], [16, 'tachograph', 'Tachograph information'],
  [17, 'indicators', 'Detailed information / indicators'], [18, 'lights', 'Lights'], [19, 'doors', 'Doors'],
  [20, 'overspeed_time', 'Total vehicle overspeed time'], [21, 'engine_overspeed_time', 'Total engine overspeed time'],
];

/** GTOBD fields by `<OBD Report Mask>` bit (bits 20-22: GNSS block, cell block, mileage). */
export const OBD_FIELDS: ReadonlyArray<readonly [number, string, string]> = [
  [0, 'vin', 'VIN'], [1, 'connect', 'OBD connect'], [2, 'voltage', 'OBD power voltage'], [3, 'pids', 'Supported PIDs'],
  [4, 'rpm', 'Engine RPM'], [5, 'speed', 'Vehicle speed'], [6, 'coolant_temp', 'Engine coolant temperature'],
  [7, 'fuel_consumption', 'Fuel consumption'], [8, 'dtc_cleared_distance', 'DTCs cleared distance'],
  [9, 'mil_distance', 'MIL activated distance'], [10, 'mil_status', 'MIL status'], [11, 'dtc_count', 'Number of DTCs'],
  [12, 'dtcs', 'Diagnostic trouble codes'], [13, 'throttle', 'Throttle position'], [14, 'engine_load', 'Engine load'],
  [15, 'fuel_level', 'Fuel level input'], [16, 'obd_protocol', 'OBD protocol'], [19, 'obd_mileage', 'OBD mileage'],
];

// ---------------------------------------------------------------------------------------------
// HEX (binary) frames

/** `+RSP`/`+BSP` message types. */
export const RSP_TYPES: Readonly<Record<number, string>> = {
  1: 'TOW', 3: 'LBC', 4: 'EPS', 5: 'DIS', 6: 'IOB', 7: 'FRI', 8: 'GEO', 9: 'SPD', 10: 'SOS', 11: 'RTL', 12: 'DOG',
  15: 'HBM', 16: 'IGL', 17: 'IDA', 18: 'ERI', 100: 'compressed',
};

/** `+EVT`/`+BVT` message types (ids 32-35 and 45/46 differ between models). */
export const EVT_TYPES: Readonly<Record<number, string>> = {
  6: 'BPL', 9: 'STT', 13: 'IGN', 14: 'IGF', 15: 'UPD', 17: 'IDF', 21: 'GSS', 23: 'CRA', 25: 'DOS', 26: 'GES',
  31: 'GPJ', 32: 'RMD', 33: 'JDS', 34: 'JDS/UPC', 35: 'UPC/RMD', 45: 'VGN', 46: 'VGF', 50: 'VGN', 51: 'VGF',
};

/** `+INF`/`+BNF` message types. */
export const INF_TYPES: Readonly<Record<number, string>> = {
  1: 'INF', 2: 'GPS', 4: 'CID', 5: 'CSQ', 6: 'VER', 7: 'BAT', 9: 'TMZ', 10: 'GIR',
};

/** `+ACK` command ids. */
export const ACK_COMMANDS: Readonly<Record<number, string>> = {
  0: 'GTBSI', 1: 'GTSRI', 2: 'GTQSS', 4: 'GTCFG', 5: 'GTTOW', 6: 'GTEPS', 7: 'GTDIS', 8: 'GTOUT', 9: 'GTIOB',
  10: 'GTTMA', 11: 'GTFRI', 12: 'GTGEO', 13: 'GTSPD', 14: 'GTSOS', 15: 'GTCAN', 16: 'GTRTO',
};

export const B = fieldTable('gl200.bin', {
  header: { label: 'Message header', type: 'ascii', doc: '+RSP/+EVT/+INF/+ACK/+HBD/+CRD/+LGN (B instead of the second letter: buffered)' },
  type: { label: 'Message type', type: 'u8' },
  mask: { label: 'Report mask', type: 'flags', doc: 'which fields are present (AT+GTHRM)' },
  length: { label: 'Length', type: 'u16', unit: 'bytes', doc: 'whole frame, header to 0d0a' },
  device_type: { label: 'Device type', type: 'u8' },
  protocol_version: { label: 'Protocol version', type: 'u16' },
  firmware: { label: 'Firmware version', type: 'u16' },
  hardware: { label: 'Hardware version', type: 'u16' },
  mcu: { label: 'MCU version', type: 'u16' },
  imei: { label: 'Unique ID (IMEI)', type: 'bytes', doc: '8 bytes, each two IMEI digits as one binary byte, the 15th digit last' },
  device_name: { label: 'Device name', type: 'ascii', doc: '8 bytes, NUL padded' },
  battery_level: { label: 'Battery level', type: 'u8', unit: '%' },
  power: { label: 'External power', type: 'u16', unit: 'mV' },
  adc: { label: 'Analog input', type: 'u16', unit: 'mV' },
  eio_in: { label: 'EIO100 input', type: 'flags' },
  eio_out: { label: 'EIO100 output', type: 'flags' },
  din: { label: 'Digital input', type: 'flags' },
  dout: { label: 'Digital output', type: 'flags' },
  motion: { label: 'Motion status', type: 'u8', enum: MOTION },
  satellites: { label: 'Satellites', type: 'u8' },
  insert: { label: 'Event data', type: 'group' },
  report_type: { label: 'Report ID / type', type: 'u8' },
  phone_header: { label: 'Phone number length/type', type: 'u8' },
  phone: { label: 'Phone number', type: 'bcd', doc: 'BCD, ends at an F nibble' },
  number: { label: 'Number of positions', type: 'u8' },
  current_mileage: { label: 'Current mileage', type: 'bytes', doc: 'u16 km + u8 hundredths' },
  total_mileage: { label: 'Total mileage', type: 'bytes', doc: 'u32 km + u8 hundredths' },
  current_hours: { label: 'Current hour meter', type: 'bytes', doc: 'hours, minutes, seconds' },
  total_hours: { label: 'Total hour meter', type: 'bytes', doc: 'u32 hours, minutes, seconds' },
  rfid: { label: 'RFID', type: 'bytes' },
  can: { label: 'CAN data', type: 'bytes' },
  send_time: { label: 'Send time', type: 'time' },
  count: { label: 'Count number', type: 'u16' },
  crc: { label: 'Checksum (CRC-16/CCITT-FALSE)', type: 'checksum' },
  crc_computed: { label: 'Computed CRC-16/CCITT-FALSE', type: 'checksum' },
  tail: { label: 'Tail', type: 'magic', doc: '0d0a' },
  body: { label: 'Content', type: 'bytes' },
  // +ACK
  id: { label: 'ID', type: 'u8' },
  serial: { label: 'Serial number', type: 'u16' },
  // +INF
  inf_mask: { label: 'INF mask', type: 'flags' },
  reserved: { label: 'Reserved', type: 'bytes' },
  mode: { label: 'Mode', type: 'u8' },
  last_fix: { label: 'Last fix time', type: 'time' },
  report_mask: { label: 'Response report mask', type: 'flags' },
  ign_interval: { label: 'GTIGN report interval', type: 'u16' },
  igf_interval: { label: 'GTIGF report interval', type: 'u16' },
  charge: { label: 'Charging / power state', type: 'flags' },
  battery_voltage: { label: 'Battery voltage', type: 'u16', unit: 'mV' },
  iccid: { label: 'ICCID', type: 'bcd' },
  rssi: { label: 'CSQ RSSI', type: 'u8' },
  ber: { label: 'CSQ BER', type: 'u8' },
  tz_flags: { label: 'Time zone flags', type: 'flags' },
  tz_offset: { label: 'Time zone offset', type: 'u16', unit: 'min' },
  gir_trigger: { label: 'GIR trigger', type: 'u8' },
  cell_count: { label: 'Number of cells', type: 'u8' },
  cell: { label: 'Cell', type: 'group' },
  ta: { label: 'Timing advance', type: 'u8' },
  rxlevel: { label: 'Rx level', type: 'u8' },
});

/** A binary position block (field ids shared with the text position block where they match). */
export const BPOS = fieldTable('gl200.position', {
  block: { label: 'Position', type: 'group' },
  accuracy: { label: 'GNSS accuracy (HDOP)', type: 'u8', doc: '0: fix failed' },
  speed: { label: 'Speed', type: 'u24', unit: 'km/h', doc: 'u16 integer part + u8 tenths' },
  course: { label: 'Azimuth', type: 'u16', unit: '°' },
  altitude: { label: 'Altitude', type: 'i16', unit: 'm' },
  longitude: { label: 'Longitude', type: 'i32', unit: '°', doc: '× 10⁻⁶' },
  latitude: { label: 'Latitude', type: 'i32', unit: '°', doc: '× 10⁻⁶' },
  time: { label: 'GNSS UTC time', type: 'time' },
  mcc: { label: 'MCC', type: 'bcd' },
  mnc: { label: 'MNC', type: 'bcd' },
  lac: { label: 'LAC', type: 'u16' },
  cell: { label: 'Cell ID', type: 'u16' },
  reserved: { label: 'Reserved', type: 'u8' },
});

/** Protocol Pro (second generation) frames. */
export const PRO = fieldTable('gl200.pro', {
  header: { label: 'Header', type: 'magic', doc: '2B real time, 2D buffered' },
  identifier: { label: 'Frame identifier', type: 'u8', doc: '00 report, 10 heartbeat' },
  length: { label: 'Frame length', type: 'u16', unit: 'bytes' },
  flags: { label: 'Packet flags', type: 'flags', doc: 'bit 7: multi-packet' },
  frame_count: { label: 'Frame count', type: 'u8' },
  frame_number: { label: 'Frame number', type: 'u8' },
  imei: { label: 'IMEI', type: 'bcd', doc: '8 bytes BCD, leading 0 nibble' },
  device_type: { label: 'Device type', type: 'u16' },
  protocol_version: { label: 'Protocol version', type: 'u16' },
  custom_version: { label: 'Custom version', type: 'u8' },
  reserved_length: { label: 'Reserved field length', type: 'u8' },
  reserved: { label: 'Reserved field', type: 'bytes' },
  record: { label: 'Record', type: 'group' },
  record_length: { label: 'Record length', type: 'u16', unit: 'bytes' },
  generated_time: { label: 'Generated time', type: 'time', doc: 'u32 Unix seconds' },
  record_count: { label: 'Record count number', type: 'u16' },
  record_id: { label: 'Record ID', type: 'u8', enum: { 0x50: 'fixed report' } },
  event_code: { label: 'Event code', type: 'u8' },
  data: { label: 'Data item', type: 'group' },
  data_id: { label: 'Data ID', type: 'u16' },
  data_length: { label: 'Data length', type: 'u16', unit: 'bytes' },
  data_content: { label: 'Data content', type: 'bytes' },
  location: { label: 'Full location (data 82)', type: 'group' },
  fix: { label: 'Fix byte', type: 'flags', doc: 'bits 7-4 signal level, bits 3-2 fix state (2 = fix), bits 1-0 mode' },
  longitude: { label: 'Longitude', type: 'i32', unit: '°', doc: '× 10⁻⁶' },
  latitude: { label: 'Latitude', type: 'i32', unit: '°', doc: '× 10⁻⁶' },
  utc: { label: 'UTC time', type: 'time', doc: 'u32 Unix seconds' },
  speed: { label: 'Speed', type: 'u16', unit: 'km/h', doc: '× 0.1' },
  hdop: { label: 'HDOP', type: 'u8', doc: '× 0.1' },
  course: { label: 'Azimuth', type: 'u16', unit: '°' },
  altitude: { label: 'Altitude', type: 'u24', unit: 'm', doc: 'int24 × 0.1' },
  satellites: { label: 'Satellites', type: 'u8' },
  count: { label: 'Count number', type: 'u16' },
  crc: { label: 'Check byte (CRC-8)', type: 'checksum' },
  crc_computed: { label: 'Computed CRC-8', type: 'checksum' },
  tail: { label: 'Tail', type: 'magic', doc: '$' },
  body: { label: 'Content', type: 'bytes' },
});
