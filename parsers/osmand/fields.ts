/**
 * OsmAnd field table (OsmAnd "online tracking" URL parameters, Traccar Client / Transistorsoft
 * background-geolocation JSON; key meanings as Traccar's OsmAndProtocolDecoder reads them).
 * Query and form-body parameters share `osmand.param.<name>`; JSON members are
 * `osmand.json.<path>`; unknown names use the generic entries with the name as label.
 */
import type { FieldDef } from '../core/fields';
import { fieldTable } from '../core/fields';

export const F = fieldTable('osmand', {
  request: { label: 'HTTP request', type: 'group' },
  request_line: { label: 'Request line', type: 'group', doc: '<method> <target> HTTP/1.x' },
  method: { label: 'Method', type: 'ascii' },
  path: { label: 'Path', type: 'ascii' },
  query: { label: 'Query', type: 'group', doc: 'key=value pairs joined by "&", percent-encoded' },
  version: { label: 'HTTP version', type: 'ascii' },
  headers: { label: 'Headers', type: 'group', doc: 'one "Name: value" per line, ended by an empty line' },
  body: { label: 'Body', type: 'group' },
  form: { label: 'Form parameters', type: 'group', doc: 'application/x-www-form-urlencoded body' },
  json: { label: 'JSON body', type: 'group' },
  raw_body: { label: 'Body bytes', type: 'bytes' },
  chunk_size: { label: 'Chunk size', type: 'ascii', doc: 'hex digits [;extensions], chunked transfer coding' },
  trailer: { label: 'Trailer', type: 'ascii' },
  extra: { label: 'Bytes after the request', type: 'bytes' },
  response: { label: 'HTTP response', type: 'group', doc: 'server → device: status line, headers, body' },
});

/** The server's answer (direction down): `HTTP/1.1 200 OK`, headers, a body by Content-Length. */
export const RESPONSE = fieldTable('osmand.response', {
  status_line: { label: 'Status line', type: 'group', doc: 'HTTP/1.x <status code> <reason phrase>' },
  version: { label: 'HTTP version', type: 'ascii' },
  status: { label: 'Status code', type: 'ascii', doc: '200: position accepted; 400: the request names no device' },
  reason: { label: 'Reason phrase', type: 'ascii' },
  content: { label: 'Content', type: 'ascii', doc: 'the body as text (a server that queues commands may put one here)' },
  extra: { label: 'Bytes after the response', type: 'bytes' },
});

/** Header lines by lower-case name with '-' as '_'. */
export const HEADERS: Readonly<Record<string, FieldDef>> = fieldTable('osmand.header', {
  host: { label: 'Host', type: 'ascii' },
  content_type: { label: 'Content-Type', type: 'ascii' },
  content_length: { label: 'Content-Length', type: 'ascii', unit: 'bytes' },
  transfer_encoding: { label: 'Transfer-Encoding', type: 'ascii' },
  user_agent: { label: 'User-Agent', type: 'ascii' },
  connection: { label: 'Connection', type: 'ascii' },
  accept: { label: 'Accept', type: 'ascii' },
  accept_encoding: { label: 'Accept-Encoding', type: 'ascii' },
});
/** A header this table does not name (label: the header name). */
export const HEADER_OTHER: FieldDef = { id: 'osmand.header.other', label: 'Header', type: 'ascii' };

/** Query / form parameters by name. */
export const PARAMS: Readonly<Record<string, FieldDef>> = fieldTable('osmand.param', {
  id: { label: 'Device id', type: 'ascii' },
  deviceid: { label: 'Device id', type: 'ascii' },
  timestamp: { label: 'Time', type: 'time', doc: 'Unix seconds, milliseconds, ISO 8601 or "yyyy-MM-dd HH:mm:ss"' },
  lat: { label: 'Latitude', type: 'ascii', unit: '°' },
  lon: { label: 'Longitude', type: 'ascii', unit: '°' },
  location: { label: 'Location', type: 'ascii', doc: '"lat,lon"' },
  valid: { label: 'Valid', type: 'ascii', doc: 'true/1 valid (default), anything else invalid' },
  speed: { label: 'Speed', type: 'ascii', unit: 'kn', doc: 'knots (Traccar default unit for OsmAnd)' },
  bearing: { label: 'Bearing', type: 'ascii', unit: '°' },
  heading: { label: 'Heading', type: 'ascii', unit: '°' },
  altitude: { label: 'Altitude', type: 'ascii', unit: 'm' },
  accuracy: { label: 'Accuracy', type: 'ascii', unit: 'm' },
  hdop: { label: 'HDOP', type: 'ascii' },
  batt: { label: 'Battery level', type: 'ascii', unit: '%' },
  charge: { label: 'Charging', type: 'ascii' },
  driverUniqueId: { label: 'Driver id', type: 'ascii' },
  cell: { label: 'Cell tower', type: 'ascii', doc: 'mcc,mnc,lac,cid[,rssi]' },
  wifi: { label: 'Wi-Fi access point', type: 'ascii', doc: 'mac (dashes),rssi' },
  notificationToken: { label: 'Notification token', type: 'ascii' },
});
/** A parameter this table does not name (label: the parameter name). */
export const PARAM_OTHER: FieldDef = { id: 'osmand.param.other', label: 'Parameter', type: 'ascii' };

/** JSON members by their key path. */
export const JSON_FIELDS: Readonly<Record<string, FieldDef>> = fieldTable('osmand.json', {
  device_id: { label: 'Device id', type: 'ascii' },
  location: { label: 'Location', type: 'group' },
  'location.timestamp': { label: 'Time', type: 'time', doc: 'ISO 8601' },
  'location.coords': { label: 'Coordinates', type: 'group' },
  'location.coords.latitude': { label: 'Latitude', type: 'ascii', unit: '°' },
  'location.coords.longitude': { label: 'Longitude', type: 'ascii', unit: '°' },
  'location.coords.speed': { label: 'Speed', type: 'ascii', unit: 'm/s', doc: '-1: unknown' },
  'location.coords.heading': { label: 'Heading', type: 'ascii', unit: '°', doc: '-1: unknown' },
  'location.coords.altitude': { label: 'Altitude', type: 'ascii', unit: 'm' },
  'location.coords.accuracy': { label: 'Accuracy', type: 'ascii', unit: 'm' },
  'location.is_moving': { label: 'Moving', type: 'ascii' },
  'location.odometer': { label: 'Odometer', type: 'ascii', unit: 'm' },
  'location.event': { label: 'Event', type: 'ascii' },
  'location.mock': { label: 'Mock location', type: 'ascii' },
  'location.alarm': { label: 'Alarm', type: 'ascii' },
  'location.uuid': { label: 'Record UUID', type: 'ascii' },
  'location.activity': { label: 'Activity', type: 'group' },
  'location.activity.type': { label: 'Activity type', type: 'ascii' },
  'location.battery': { label: 'Battery', type: 'group' },
  'location.battery.level': { label: 'Battery level', type: 'ascii', doc: '0..1, -1 unknown' },
  'location.battery.is_charging': { label: 'Charging', type: 'ascii' },
  'location.extras': { label: 'Extras', type: 'group', doc: 'app-defined values, kept as attributes' },
});
/** A JSON member this table does not name (label: its key path). */
export const JSON_OTHER: FieldDef = { id: 'osmand.json.member', label: 'Member', type: 'ascii' };
/** An app-defined value under location.extras (label: its key). */
export const JSON_EXTRA: FieldDef = { id: 'osmand.json.extra', label: 'Extra', type: 'ascii' };
/** The key of an object-valued member (the members follow as siblings). */
export const JSON_KEY: FieldDef = { id: 'osmand.json.key', label: 'Key', type: 'ascii' };
/** An array element. */
export const JSON_ITEM: FieldDef = { id: 'osmand.json.item', label: 'Item', type: 'ascii' };
