/**
 * 3G watch field tables (SeTracker-family "3G watch protocol": `[XX*id*len*content]`; layouts
 * checked against the frames of Traccar's WatchProtocolDecoderTest in shared/corpus/frames.jsonl).
 */
import { fieldTable } from '../core/fields';

/** Message types by their first content field. */
export const TYPES: Readonly<Record<string, string>> = {
  LK: 'link',
  UD: 'location',
  UD2: 'location (blind area)',
  UD3: 'location',
  UD_LTE: 'location (LTE)',
  UD_WCDMA: 'location (WCDMA)',
  AL: 'alarm',
  AL_LTE: 'alarm (LTE)',
  WT: 'location (WT)',
  TKQ: 'voice query',
  TKQ2: 'voice query',
  TK: 'voice message',
  JXTK: 'voice message part',
  img: 'picture',
  INIT: 'initialisation',
  CONFIG: 'configuration',
  PULSE: 'heart rate',
  heart: 'heart rate',
  HEART: 'heart rate',
  BLOOD: 'blood pressure',
  bphrt: 'blood pressure and heart rate',
  BPHRT: 'blood pressure and heart rate',
  oxygen: 'blood oxygen',
  btemp2: 'body temperature',
  TEMP: 'body temperature',
  // Server → watch commands.
  CR: 'position request',
  UPLOAD: 'upload interval',
  RESET: 'reboot',
  POWEROFF: 'power off',
  SOS1: 'SOS number 1',
  SOS2: 'SOS number 2',
  SOS3: 'SOS number 3',
  SOSSMS: 'SOS SMS switch',
  LOWBAT: 'low battery alarm switch',
  REMOVE: 'removal alarm switch',
  SILENCETIME: 'silence time',
  REMIND: 'alarm clock',
  PHB: 'phone book',
  MESSAGE: 'text message',
  LZ: 'language and time zone',
  FLOWER: 'reward flowers',
};

/** Types whose content is binary (the length field is the only reliable end). */
export const BINARY_TYPES: ReadonlySet<string> = new Set(['TK', 'JXTK', 'img']);

/** Alarms in the status word, in the order a Traccar-compatible server picks the first. */
export const STATUS_ALARMS: ReadonlyArray<[bit: number, alarm: string]> = [
  [0, 'lowBattery'],
  [1, 'geofenceExit'],
  [2, 'geofenceEnter'],
  [14, 'powerCut'],
  [16, 'sos'],
  [17, 'lowBattery'],
  [18, 'geofenceExit'],
  [19, 'geofenceEnter'],
  [20, 'removing'],
  [21, 'fallDown'],
  [22, 'fallDown'],
];

export const F = fieldTable('watch', {
  start: { label: 'Start ([)', type: 'magic' },
  header: { label: 'Header', type: 'group' },
  vendor: { label: 'Vendor', type: 'ascii', doc: 'two characters: 3G, SG, CS, ZJ …; echoed in answers' },
  id: { label: 'Device id', type: 'ascii' },
  index: { label: 'Message index', type: 'ascii', doc: 'four hex digits, only in some firmware (e.g. ZJ)' },
  length: { label: 'Content length', type: 'u16', unit: 'bytes', doc: 'four hex digits; bytes of content with escapes undone' },
  content: { label: 'Content', type: 'group' },
  type: { label: 'Message type', type: 'ascii' },
  field: { label: 'Field', type: 'ascii' },
  data: { label: 'Binary data', type: 'bytes' },
  end: { label: 'End (])', type: 'magic' },
});

export const LINK = fieldTable('watch.link', {
  steps: { label: 'Steps', type: 'ascii' },
  tumbles: { label: 'Tumbles', type: 'ascii' },
  battery: { label: 'Battery level', type: 'ascii', unit: '%' },
});

export const LOC = fieldTable('watch.location', {
  date: { label: 'Date (ddmmyy)', type: 'time' },
  time: { label: 'Time (hhmmss, UTC)', type: 'time' },
  fix: { label: 'Positioning status', type: 'ascii', doc: 'A valid, V invalid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°' },
  lat_hemisphere: { label: 'Latitude hemisphere', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°' },
  lon_hemisphere: { label: 'Longitude hemisphere', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'km/h' },
  course: { label: 'Direction', type: 'ascii', unit: '°' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  satellites: { label: 'Number of satellites', type: 'ascii' },
  rssi: { label: 'GSM signal strength', type: 'ascii', unit: '%' },
  battery: { label: 'Battery level', type: 'ascii', unit: '%' },
  steps: { label: 'Steps', type: 'ascii' },
  tumbles: { label: 'Tumbles', type: 'ascii' },
  status: { label: 'Terminal status (hex)', type: 'flags', doc: 'high 16 bits alarms, low 16 bits state' },
  cells: { label: 'Base stations', type: 'group' },
  cell_count: { label: 'Number of base stations', type: 'ascii' },
  timing_advance: { label: 'GSM timing advance', type: 'ascii' },
  mcc: { label: 'MCC', type: 'ascii' },
  mnc: { label: 'MNC', type: 'ascii' },
  cell: { label: 'Base station', type: 'group' },
  lac: { label: 'LAC', type: 'ascii' },
  cid: { label: 'Cell ID', type: 'ascii' },
  cell_rssi: { label: 'Signal strength', type: 'ascii' },
  wifi: { label: 'Wi-Fi hotspots', type: 'group' },
  wifi_count: { label: 'Number of Wi-Fi hotspots', type: 'ascii' },
  hotspot: { label: 'Wi-Fi hotspot', type: 'group' },
  wifi_name: { label: 'SSID', type: 'ascii' },
  wifi_mac: { label: 'MAC', type: 'ascii' },
  wifi_rssi: { label: 'Signal strength', type: 'ascii', unit: 'dBm' },
  extra: { label: 'Additional field', type: 'ascii', doc: 'e.g. positioning accuracy' },
});

export const HEALTH = fieldTable('watch.health', {
  value: { label: 'Value', type: 'ascii' },
  heart_rate: { label: 'Heart rate', type: 'ascii', unit: 'bpm' },
  pressure_high: { label: 'Systolic pressure', type: 'ascii', unit: 'mmHg' },
  pressure_low: { label: 'Diastolic pressure', type: 'ascii', unit: 'mmHg' },
  oxygen: { label: 'Blood oxygen', type: 'ascii', unit: '%' },
  temp_valid: { label: 'Measurement valid', type: 'ascii' },
  temperature: { label: 'Body temperature', type: 'ascii', unit: '°C' },
});

export const MEDIA = fieldTable('watch.media', {
  field: { label: 'Media field', type: 'ascii' },
  time: { label: 'Time', type: 'ascii' },
  current: { label: 'Packet number', type: 'ascii' },
  total: { label: 'Number of packets', type: 'ascii' },
  audio: { label: 'AMR audio', type: 'bytes' },
  image: { label: 'JPEG image', type: 'bytes' },
});
