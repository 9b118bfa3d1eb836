import { describe, expect, it } from 'vitest';
import { osmand, OK, BAD_REQUEST } from '../../../parsers/osmand';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { walk } from '../../helpers/tree';
import { coverageGaps } from '../../corpus/evaluate';

const ascii = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));
const text = (b: Uint8Array | null) => (b ? String.fromCharCode(...b) : null);
const up = { transport: 'tcp', direction: 'up' } as const;
const range = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id)!;
  return [n.start, n.end];
};
const value = (d: DecodedFrame, id: string) => findNode(d.tree, id)?.value;
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);
const at = (s: string, part: string) => [s.indexOf(part), s.indexOf(part) + part.length];
/** A POST request with the right Content-Length. */
const post = (type: string, body: string) => `POST / HTTP/1.1\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

// OsmAndProtocolDecoderTest.java:44 — milliseconds timestamp, hdop, altitude, speed (knots)
const GET_MS = 'GET /?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0 HTTP/1.1\r\n\r\n';
// OsmAndProtocolDecoderTest.java:25 — Traccar Client JSON, speed in m/s
const JSON_BODY = '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}';
const JSON_POST = `POST / HTTP/1.1\r\nContent-Type: application/json\r\ncontent-length: 465\r\n\r\n${JSON_BODY}`;

describe('osmand query (GET)', () => {
  const f = ascii(GET_MS);
  const d = osmand.decode(f, up);

  it('names method, path, each parameter and the version with their byte ranges', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('GET /');
    expect(range(d, 'osmand.method')).toEqual([0, 3]);
    expect(range(d, 'osmand.path')).toEqual([4, 5]);
    expect(range(d, 'osmand.query')).toEqual([6, GET_MS.indexOf(' HTTP')]);
    expect([...range(d, 'osmand.param.id'), value(d, 'osmand.param.id')]).toEqual([...at(GET_MS, 'id=902064'), '902064']);
    expect([...range(d, 'osmand.param.lat'), value(d, 'osmand.param.lat')]).toEqual([...at(GET_MS, 'lat=42.06288'), 42.06288]);
    expect(value(d, 'osmand.param.timestamp')).toBe('2015-09-12T14:38:06.579Z');
    expect(range(d, 'osmand.version')).toEqual(at(GET_MS, 'HTTP/1.1'));
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('gives the position: timestamp in ms, speed already in knots, hdop as attribute', () => {
    expect(d.deviceId).toBe('902064');
    expect(d.positions).toEqual([{ time: '2015-09-12T14:38:06.579Z', valid: true, lat: 42.06288, lon: -88.23412, speedKnots: 0, altitude: 224 }]);
    expect(d.attributes).toEqual({ hdop: 6 });
    expect(d.issues).toEqual([]);
  });

  it('answers 200 with an empty body, as Traccar (Netty) writes it', () => {
    expect(text(osmand.respond(f, d))).toBe('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  });

  it('reads seconds, "+"/%-encoded "yyyy-MM-dd HH:mm:ss", "location=lat,lon" and deviceid (java:47, 53, 62, 56)', () => {
    const t1 = osmand.decode(ascii('GET /?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681 HTTP/1.1\r\n\r\n'), up);
    expect(t1.positions[0]!.time).toBe('2014-06-04T09:10:11.000Z');
    expect(t1.deviceId).toBe('353861053849681');
    const t2 = osmand.decode(ascii('GET /?id=123456&timestamp=1377177267&location=60.0,30.0 HTTP/1.1\r\n\r\n'), up);
    expect(t2.positions).toEqual([{ time: '2013-08-22T13:14:27.000Z', valid: true, lat: 60, lon: 30 }]);
    const t3 = osmand.decode(ascii('GET /?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456 HTTP/1.1\r\n\r\n'), up);
    expect(t3.deviceId).toBe('123456');
    expect(t3.positions[0]!.course).toBe(0);
    expect(t3.attributes).toEqual({ vacc: 0, hacc: 0 });
    expect(findNode(t3.tree, 'osmand.param.other')!.label).toBe('vacc');
  });

  it('without a timestamp takes the decode time, says so, and gives the same time on a second decode (java:59)', () => {
    const g = ascii('GET /?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87 HTTP/1.1\r\n\r\n');
    const before = Date.now();
    const a = osmand.decode(g, up);
    expect(ids(a)).toEqual(['osmand.no_timestamp']);
    expect(Date.parse(a.positions[0]!.time)).toBeGreaterThanOrEqual(before - 1000);
    expect(osmand.decode(g, up).positions).toEqual(a.positions);
    expect(a.attributes).toEqual({ batteryLevel: 87 });
  });

  it('gives no position and answers 400 without a device id (java:38)', () => {
    const g = ascii('GET /?timestamp=1377177267&lat=60.0&lon=30.0 HTTP/1.1\r\n\r\n');
    const dd = osmand.decode(g, up);
    expect(dd.positions).toEqual([]);
    expect(ids(dd)).toEqual(['osmand.no_device']);
    expect(osmand.respond(g, dd)).toEqual(BAD_REQUEST);
    expect(text(BAD_REQUEST)).toBe('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
  });

  it('keeps cells and Wi-Fi in the tree; no coordinates, no position, still 200 (java:35)', () => {
    const g = ascii('GET /?id=123456&timestamp=1377177267&cell=257,02,16,2224&cell=257,02,16,2223,-90&wifi=00-14-22-01-23-45,-80&wifi=00-1C-B3-09-85-15,-70 HTTP/1.1\r\n\r\n');
    const dd = osmand.decode(g, up);
    expect(dd.messageType).toBe('status');
    expect(dd.positions).toEqual([]);
    expect([...walk(dd.tree)].filter((n) => n.id === 'osmand.param.cell').map((n) => n.value)).toEqual(['257,02,16,2224', '257,02,16,2223,-90']);
    expect(osmand.respond(g, dd)).toEqual(OK);
  });

  it('keeps a parameter that is not a number as text with an issue', () => {
    const dd = osmand.decode(ascii('GET /?id=1&lat=abc&lon=30 HTTP/1.1\r\n\r\n'), up);
    expect(ids(dd)).toEqual(['osmand.bad_value']);
    expect(value(dd, 'osmand.param.lat')).toBe('abc');
    expect(dd.positions).toEqual([]);
  });
});

describe('osmand form body (POST)', () => {
  const body = 'id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=5.5&bearing=90&batt=55&charge=true&ignition=true&rpm=933';
  const req = post('application/x-www-form-urlencoded', body);
  const d = osmand.decode(ascii(req), up);

  it('reads the parameters from the body when the query is empty', () => {
    expect(d.positions).toEqual([{ time: '2013-08-22T13:14:27.000Z', valid: true, lat: 60, lon: 30, speedKnots: 5.5, course: 90 }]);
    expect(d.attributes).toEqual({ batteryLevel: 55, charge: true, ignition: true, rpm: 933 });
    expect(range(d, 'osmand.param.lat')).toEqual(at(req, 'lat=60.0'));
    expect(range(d, 'osmand.header.content_length')).toEqual(at(req, `Content-Length: ${body.length}`));
    expect(range(d, 'osmand.form')).toEqual([req.length - body.length, req.length]);
    expect(coverageGaps(d.tree, ascii(req))).toEqual([]);
  });

  it('ignores a form body when the query has parameters, as Traccar does', () => {
    const r = `POST /?id=1&lat=1&lon=2&timestamp=1377177267 HTTP/1.1\r\nContent-Length: 9\r\n\r\nlat=50&x=`;
    const dd = osmand.decode(ascii(r), up);
    expect(dd.positions[0]!.lat).toBe(1);
    expect(ids(dd)).toEqual(['osmand.body_ignored']);
  });
});

describe('osmand JSON body', () => {
  const f = ascii(JSON_POST);
  const d = osmand.decode(f, up);

  it('names every member by its key path with its byte range', () => {
    const lat = JSON_POST.indexOf('"latitude"');
    expect(range(d, 'osmand.json.location.coords.latitude')).toEqual([lat, lat + '"latitude":-6.1148096'.length]);
    expect(value(d, 'osmand.json.location.coords.latitude')).toBe(-6.1148096);
    expect(value(d, 'osmand.json.device_id')).toBe('8737767034');
    const loc = findNode(d.tree, 'osmand.json.location')!;
    expect(loc.children![0]).toMatchObject({ id: 'osmand.json.key', value: 'location' });
    expect(range(d, 'osmand.json')).toEqual([JSON_POST.indexOf('{'), JSON_POST.length]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('converts m/s to knots, takes heading, altitude, battery level × 100 and the other keys (java:25)', () => {
    expect(d.deviceId).toBe('8737767034');
    const p = d.positions[0]!;
    expect(p).toMatchObject({ time: '2021-07-21T08:06:34.444Z', valid: true, lat: -6.1148096, lon: 106.6837015, course: 63, altitude: 35.7 });
    expect(p.speedKnots).toBeCloseTo(18.67 * 3600 / 1852, 9);
    expect(d.attributes).toEqual({ accuracy: 3.8, event: 'motionchange', motion: false, odometer: 0, activity: 'still', batteryLevel: 79 });
    expect(osmand.respond(f, d)).toEqual(OK);
  });

  it('keeps extras as attributes with their JSON types (java:18)', () => {
    const body = '{"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":37.4219983,"longitude":-122.084,"accuracy":5,"speed":0,"heading":-1,"altitude":5},"extras":{"device_string_test":"long_device_id","device_bool_test":true,"device_integer_twelve_test":12,"device_double_test":1.345}},"device_id":"48241179"}';
    const dd = osmand.decode(ascii(post('application/json', body)), up);
    expect(dd.attributes).toMatchObject({ device_string_test: 'long_device_id', device_bool_test: true, device_integer_twelve_test: 12, device_double_test: 1.345 });
    expect(dd.positions[0]!.course).toBeUndefined();
    expect(findNode(dd.tree, 'osmand.json.extra')!.label).toBe('device_string_test');
  });

  it('flags broken JSON, keeps the members before the error and answers nothing', () => {
    const body = '{"device_id":"1","location":{"timestamp":"2025-06-15T13:45:12Z","coords":{"latitude":1,"longitude":tru}}}';
    const g = ascii(post('application/json', body));
    const dd = osmand.decode(g, up);
    expect(ids(dd)).toEqual(['osmand.bad_json']);
    expect(value(dd, 'osmand.json.device_id')).toBe('1');
    expect(value(dd, 'osmand.json.location.coords.latitude')).toBe(1);
    expect(coverageGaps(dd.tree, g)).toEqual([]);
    expect(osmand.respond(g, dd)).toBeNull();
  });

  it('undoes chunked transfer coding: chunk-size lines named, members mapped onto wire bytes', () => {
    const cut = 200;
    const chunked = `POST / HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${cut.toString(16)}\r\n${JSON_BODY.slice(0, cut)}\r\n${(JSON_BODY.length - cut).toString(16)}\r\n${JSON_BODY.slice(cut)}\r\n0\r\n\r\n`;
    const g = ascii(chunked);
    const dd = osmand.decode(g, up);
    expect(dd.positions).toEqual(d.positions);
    expect([...walk(dd.tree)].filter((n) => n.id === 'osmand.chunk_size').map((n) => n.value)).toEqual(['c8', (JSON_BODY.length - cut).toString(16), '0']);
    // A member that straddles the chunk boundary spans the second size line between its halves.
    const sizeLine = [...walk(dd.tree)].filter((n) => n.id === 'osmand.chunk_size')[1]!;
    const straddle = [...walk(dd.tree)].filter((n) => !n.children?.length && n.id.startsWith('osmand.json.') && n.start < sizeLine.start && n.end > sizeLine.end);
    expect(straddle).toHaveLength(1);
    expect(coverageGaps(dd.tree, g)).toEqual([]);
    expect(osmand.split(g).frames).toEqual([{ start: 0, end: g.length }]);
  });

  it('flags a body shorter than its Content-Length', () => {
    const g = ascii(JSON_POST.slice(0, -20));
    const dd = osmand.decode(g, up);
    expect(ids(dd)).toContain('osmand.truncated');
    expect(value(dd, 'osmand.header.content_length')).toBe('465');
    for (const n of walk(dd.tree)) expect(n.end).toBeLessThanOrEqual(g.length);
    expect(osmand.respond(g, dd)).toBeNull();
  });
});

describe('osmand splitter', () => {
  const g = ascii('GET /?id=123456&timestamp=1377177267&lat=60.0&lon=30.0 HTTP/1.1\r\n\r\n');

  it('waits for the empty line and for Content-Length bytes', () => {
    expect(osmand.split(g.subarray(0, 30))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(osmand.split(ascii(JSON_POST.slice(0, 120)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(osmand.split(ascii('PO'))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('cuts two requests from one chunk (keep-alive)', () => {
    const b = ascii(JSON_POST + String.fromCharCode(...g));
    expect(osmand.split(b)).toEqual({ frames: [{ start: 0, end: JSON_POST.length }, { start: JSON_POST.length, end: b.length }], garbage: [], consumed: b.length });
  });

  it('resynchronises after garbage and reports it', () => {
    const b = ascii('\r\nxyz GE' + String.fromCharCode(...g));
    const r = osmand.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 8 }]);
    expect(r.frames).toEqual([{ start: 8, end: b.length }]);
  });

  it('drops a head with no empty line within 8 KiB and a body over 1 MiB', () => {
    const long = ascii(`GET /?${'a'.repeat(9000)} HTTP/1.1\r\n`);
    expect(osmand.split(long).consumed).toBe(long.length);
    expect(osmand.split(long).frames).toEqual([]);
    const huge = ascii('POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n{');
    expect(osmand.split(huge).frames).toEqual([]);
    expect(osmand.split(huge).consumed).toBe(huge.length);
  });
});

describe('osmand detection', () => {
  it('explains a query request by its id and lat/lon parameters', () => {
    const r = osmand.detect(ascii(GET_MS), { transport: 'tcp' });
    expect(r.score).toBeGreaterThan(0.8);
    expect(r.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['device id parameter "id"', 'lat/lon (or location) parameters']));
    expect(detect(ascii(GET_MS), { transport: 'tcp' }, PROTOCOLS)[0]?.protocol).toBe('osmand');
  });

  it('explains a JSON request by its location and device_id', () => {
    expect(osmand.detect(ascii(JSON_POST), { transport: 'tcp' }).evidence.map((e) => e.text)).toContain('JSON with "location" and "device_id"');
  });

  it('does not claim an OwnTracks request (_type, tst) nor bytes that are not HTTP', () => {
    const own = post('application/json', '{"_type":"location","lat":60.0,"lon":30.0,"tst":1377177267,"tid":"ab"}');
    expect(osmand.detect(ascii(own), { transport: 'tcp' }).score).toBe(0);
    expect(osmand.detect(ascii('(3110312099,W01,11404.6204,E)'), { transport: 'tcp' }).score).toBe(0);
    expect(osmand.detect(ascii('GETX / HTTP/1.1'), { transport: 'tcp' }).score).toBe(0);
  });

  it('scores an HTTP request without OsmAnd parameters below the lock threshold (0.5) and far below one with them', () => {
    const plain = osmand.detect(ascii('GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n'), { transport: 'tcp' }).score;
    expect(plain).toBeLessThan(0.5);
    expect(plain).toBeLessThan(osmand.detect(ascii(GET_MS), { transport: 'tcp' }).score - 0.4);
  });

  it('detects a request from its first bytes, before the request line is whole', () => {
    expect(osmand.detect(ascii(GET_MS.slice(0, 40)), { transport: 'tcp' }).score).toBeGreaterThan(0.5);
  });
});
