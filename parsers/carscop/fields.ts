/** Carscop field table: `*<yymmddhhmmss><command><payload><position block>^`, fixed-width ASCII. */
import { fieldTable } from '../core/fields';

export const F = fieldTable('carscop', {
  start: { label: 'Start marker', type: 'magic', doc: "'*'" },
  time: { label: 'Device time', type: 'time', doc: 'yymmddhhmmss (the GPS clock, UTC)' },
  command: { label: 'Command', type: 'ascii', doc: 'U + letter + 2 digits: UB05 location, UB00 handshake, UA01 alarm, …' },
  device_id: { label: 'Device id', type: 'ascii', doc: '15 characters after UB05 (IMEI or a name such as ORANGE000731512)' },
  handshake: { label: 'Handshake', type: 'ascii', doc: "'HSO' after UB00" },
  alarm_code: { label: 'Alarm code', type: 'ascii', doc: 'one digit after UA01 (2 = hijack in the corpus)' },
  alarm_text: { label: 'Alarm text', type: 'ascii' },
  payload: { label: 'Payload', type: 'ascii', doc: 'characters between the command and the position block' },
  position: { label: 'Position block', type: 'group', doc: 'hhmmss A/V ddmm.mmmm N/S dddmm.mmmm E/W ddd.d yymmdd ddd.dd [state(8) L odometer(6)]' },
  terminator: { label: 'End marker', type: 'magic', doc: "'^'" },
  line_end: { label: 'Line end', type: 'bytes' },
  trailing: { label: 'Bytes after the end marker', type: 'bytes' },
});

export const POS = fieldTable('carscop.position', {
  time: { label: 'Time (UTC)', type: 'time', doc: 'hhmmss' },
  validity: { label: 'Validity', type: 'ascii', doc: 'A valid, V not valid' },
  latitude: { label: 'Latitude', type: 'ascii', unit: '°', doc: 'ddmm.mmmm' },
  lat_hemisphere: { label: 'N/S', type: 'ascii' },
  longitude: { label: 'Longitude', type: 'ascii', unit: '°', doc: 'dddmm.mmmm' },
  lon_hemisphere: { label: 'E/W', type: 'ascii' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn', doc: 'ddd.d' },
  date: { label: 'Date', type: 'time', doc: 'yymmdd' },
  course: { label: 'Course', type: 'ascii', unit: '°', doc: 'ddd.dd' },
  state: { label: 'State', type: 'ascii', doc: '8 digits (inputs and alarms, one per digit)' },
  odometer_marker: { label: 'Odometer marker', type: 'magic', doc: "'L'" },
  odometer: { label: 'Odometer', type: 'ascii', doc: '6 digits' },
});

/** Commands seen from Carscop devices, with the short name the frame list shows. */
export const COMMANDS: Readonly<Record<string, string>> = {
  UB00: 'handshake',
  UB05: 'location',
  UB04: 'location',
  UA01: 'alarm',
};

/** What the server sends (direction down): command texts. */
export const DOWN = fieldTable('carscop.downlink', {
  command: { label: 'Command text', type: 'ascii', doc: 'a command for the device, sent as text (the downlink format is not published)' },
});
