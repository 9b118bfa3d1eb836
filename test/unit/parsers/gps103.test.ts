import { describe, expect, it } from 'vitest';
import { gps103 } from '../../../parsers/gps103';
import { latin1 } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { coverageGaps } from '../../corpus/evaluate';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const decode = (s: string, transport: 'tcp' | 'udp' = 'tcp') => gps103.decode(bytes(s), { transport, direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const issueIds = (d: DecodedFrame) => d.issues.map((i) => i.id);
const answer = (s: string) => {
  const r = gps103.respond(bytes(s), decode(s));
  return r && latin1(r);
};

describe('gps103 position report', () => {
  // Gps103ProtocolDecoderTest.java:27
  const s = 'imei:868683023212255,tracker,190205084503,,F,064459.000,A,4915.1221,N,01634.5655,E,3.91,83.95;';
  const d = decode(s);

  it('decodes the fix: UTC seconds, local date shifted by the zone, speed in knots, course', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('tracker');
    expect(d.deviceId).toBe('868683023212255');
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p.time).toBe('2019-02-05T06:44:59.000Z');
    expect(p.valid).toBe(true);
    expect(p.lat).toBeCloseTo(49.252035, 6);
    expect(p.lon).toBeCloseTo(16.576092, 6);
    expect(p.speedKnots).toBe(3.91);
    expect(p.course).toBe(83.95);
    expect(d.attributes).toEqual({});
  });

  it('places every field on its characters', () => {
    expect(at(d, 'gps103.imei_prefix')).toEqual([0, 5, 'imei:']);
    expect(at(d, 'gps103.imei')).toEqual([5, 20, '868683023212255']);
    expect(at(d, 'gps103.keyword')).toEqual([21, 28, 'tracker']);
    expect(at(d, 'gps103.local_time')).toEqual([29, 41, '190205084503']);
    expect(at(d, 'gps103.gps_flag')).toEqual([43, 44, 'F']);
    expect(at(d, 'gps103.location.utc_time')).toEqual([45, 55, '064459.000']);
    expect(at(d, 'gps103.location.validity')).toEqual([56, 57, 'A']);
    expect(at(d, 'gps103.location.latitude')).toEqual([58, 67, '4915.1221']);
    expect(at(d, 'gps103.location.lat_hemisphere')).toEqual([68, 69, 'N']);
    expect(at(d, 'gps103.location.longitude')).toEqual([70, 80, '01634.5655']);
    expect(at(d, 'gps103.location.lon_hemisphere')).toEqual([81, 82, 'E']);
    expect(at(d, 'gps103.location.speed')).toEqual([83, 87, 3.91]);
    expect(at(d, 'gps103.location.course')).toEqual([88, 93, 83.95]);
    expect(at(d, 'gps103.delimiter')).toEqual([93, 94, ';']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
    expect(d.issues).toEqual([]);
    expect(gps103.respond(bytes(s), d)).toBeNull();
  });

  it('wraps the zone correction across midnight (Gps103ProtocolDecoderTest.java:148)', () => {
    const e = decode('imei:359710049092324,tracker,151027025958,,F,235957.000,A,2429.5156,N,04424.5828,E,0.01,27.91,,0,0,,,;');
    expect(e.positions[0]!.time).toBe('2015-10-26T23:59:57.000Z');
    expect(e.attributes).toEqual({ ignition: false, door: false });
  });

  it('reads yy/mm/dd hh:mm local times (Gps103ProtocolDecoderTest.java:171)', () => {
    const e = decode('imei:359710040656622,tracker,13/02/27 23:40,,F,125952.000,A,3450.9430,S,13828.6753,E,0.00,0;');
    expect(e.positions[0]!.time).toBe('2013-02-27T12:59:52.000Z');
    expect(e.positions[0]!.lat).toBeLessThan(0);
  });

  it('reads hemispheres written before the numbers, and the altitude (Gps103ProtocolDecoderTest.java:260)', () => {
    const e = decode('imei:353552045403597,tracker,150420050648,53.0,F,0.0,A,N,5306.64155,E,00700.77848,0.0,,1.0,;');
    expect(at(e, 'gps103.location.lat_hemisphere')).toEqual([55, 56, 'N']);
    expect(e.positions[0]).toMatchObject({ time: '2015-04-20T05:06:00.000Z', altitude: 1 });
    expect(e.positions[0]!.lat).toBeCloseTo(53.110693, 6);
    expect(e.positions[0]!.lon).toBeCloseTo(7.012975, 6);
  });

  it('reads ACC, door, fuel and temperature after the altitude (Gps103ProtocolDecoderTest.java:40)', () => {
    const e = decode('imei:868683026321020,tracker,181217080106,,F,080102.000,A,3227.3057,N,11649.4754,W,0.00,0,,0,0,0.00%,0,+11;');
    expect(e.attributes).toEqual({ ignition: false, door: false, fuel1: 0, temp1: 11 });
    expect(at(e, 'gps103.location.temperature')).toEqual([103, 106, 11]);
    expect(e.positions[0]!.lon).toBeLessThan(0);
  });

  it('shows values past the known fields as undecoded (Gps103ProtocolDecoderTest.java:81)', () => {
    const e = decode('imei:353451044508750,DTC,0809231929,,F,055403.000,A,2233.1870,N,11354.3067,E,0.00,30.1,,1,0,10.5%,P0021,;');
    expect(e.attributes).toEqual({ alarm: 'fault', ignition: true, door: false, fuel1: 10.5 });
    expect(at(e, 'gps103.extra')).toEqual([98, 104, 'P0021,']);
    expect(issueIds(e)).toEqual(['gps103.extra_not_decoded']);
  });
});

describe('gps103 keywords', () => {
  const tail = ',0809231429,13554900601,F,062947.294,A,2234.4026,N,11354.3277,E,0.00,;';
  const report = (kw: string) => decode(`imei:359586015829802,${kw}${tail}`);
  it('maps alarm keywords to alarm names (Gps103ProtocolDecoderTest.java:215, :219, :227, :96, :102)', () => {
    expect(report('low battery').attributes.alarm).toBe('lowBattery');
    expect(report('stockade').attributes.alarm).toBe('geofence');
    expect(report('speed').attributes.alarm).toBe('overspeed');
    expect(report('move').attributes.alarm).toBe('movement');
    expect(report('bonnet alarm').attributes.alarm).toBe('bonnet');
    expect(report('ac alarm').attributes.alarm).toBe('powerCut');
    expect(report('door alarm').attributes.alarm).toBe('door');
    expect(report('low battery').messageType).toBe('alarm');
  });
  it('turns acc on/off into ignition, T: into temp1, oil into fuel, others into event', () => {
    expect(report('acc on').attributes).toEqual({ ignition: true });
    expect(report('acc off').attributes).toEqual({ ignition: false });
    expect(report('T:+28.0').attributes).toEqual({ alarm: 'temperature', temp1: 28 });
    expect(report('oil 51.67').attributes).toEqual({ alarm: 'fuelLeak', fuel: 51.67 });
    expect(report('acc alarm').attributes).toEqual({ event: 'acc alarm' });
    expect(report('tracker').attributes).toEqual({});
  });
  it('answers help me with **,imei:<imei>,E; (Gps103ProtocolDecoderTest.java:195)', () => {
    const s = 'imei:100000000000000,help me,1004171910,,F,010203.000,A,0102.0003,N,00102.0003,E,1.02,;';
    expect(decode(s).attributes.alarm).toBe('sos');
    expect(decode(s).positions[0]!.time).toBe('2010-04-18T01:02:03.000Z');
    expect(answer(s)).toBe('**,imei:100000000000000,E;');
  });
  it('reads the alarm of a no-fix report with no position (Gps103ProtocolDecoderTest.java:14)', () => {
    const e = decode('imei:865456055519122,sensor alarm,2208011920,,L,;');
    expect(e.attributes).toEqual({ alarm: 'vibration' });
    expect(e.positions).toEqual([]);
  });
});

describe('gps103 login and heartbeat', () => {
  it('answers a login with LOAD (PROTOCOLS.md)', () => {
    const s = '##,imei:359586015829802,A;';
    const d = decode(s);
    expect(d.messageType).toBe('login');
    expect(d.deviceId).toBe('359586015829802');
    expect(at(d, 'gps103.login_marker')).toEqual([0, 2, '##']);
    expect(at(d, 'gps103.imei')).toEqual([8, 23, '359586015829802']);
    expect(at(d, 'gps103.login_field')).toEqual([24, 25, 'A']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
    expect(answer(s)).toBe('LOAD');
  });
  it('treats any short imei: message as a login (Gps103ProtocolDecoderTest.java:50)', () => {
    const s = 'imei:123451234512345,L,*';
    expect(decode(s).messageType).toBe('login');
    expect(decode(s).positions).toEqual([]);
    expect(answer(s)).toBe('LOAD');
  });
  it('answers a bare IMEI heartbeat with ON', () => {
    const s = '359586015829802;';
    const d = decode(s);
    expect(d.messageType).toBe('heartbeat');
    expect(d.deviceId).toBe('359586015829802');
    expect(at(d, 'gps103.heartbeat')).toEqual([0, 15, '359586015829802']);
    expect(answer(s)).toBe('ON');
  });
  it('answers ON and decodes the report after a heartbeat IMEI (Gps103ProtocolDecoderTest.java:120)', () => {
    const s = '359769031878322imei:359769031878322,tracker,1602160718,2,F,221811.000,A,1655.2193,S,14546.6722,E,0.00,,;';
    const d = decode(s);
    expect(at(d, 'gps103.heartbeat')).toEqual([0, 15, '359769031878322']);
    expect(at(d, 'gps103.imei')).toEqual([20, 35, '359769031878322']);
    expect(d.positions[0]!.time).toBe('2016-02-15T22:18:11.000Z');
    expect(answer(s)).toBe('ON');
  });
});

describe('gps103 other layouts', () => {
  it('L: LAC and cell id in hex, no position (Gps103ProtocolDecoderTest.java:63)', () => {
    const s = 'imei:864895030279986,ac alarm,180404174252,,L,,,296a,,51f7,,,;';
    const d = decode(s);
    expect(d.positions).toEqual([]);
    expect(d.attributes).toEqual({ alarm: 'powerCut' });
    expect(at(d, 'gps103.cell.lac')).toEqual([48, 52, 0x296a]);
    expect(at(d, 'gps103.cell.cid')).toEqual([54, 58, 0x51f7]);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('OBD: odometer, consumption, hours, load, coolant, throttle, rpm, battery, DTCs (Gps103ProtocolDecoderTest.java:126)', () => {
    const s = 'imei:359710049032874,OBD,160208152900,13555,,,45,0,24.71%,35,13.73%,1230,14.13,U1108,,,;';
    const d = decode(s);
    expect(d.messageType).toBe('obd');
    expect(d.positions).toEqual([]);
    expect(d.attributes).toEqual({ odometer: 13555, hours: 45 * 3600000, obdSpeed: 0, engineLoad: '24.71%', coolantTemp: 35, throttle: '13.73%', rpm: 1230, battery: 14.13, dtcs: 'U1108' });
    expect(at(d, 'gps103.obd.rpm')).toEqual([68, 72, 1230]);
    expect(at(d, 'gps103.obd.dtcs')).toEqual([79, 84, 'U1108']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('the layout ending in *: decimal degrees, km/h, HDOP, satellites (Gps103ProtocolDecoderTest.java:44)', () => {
    const s = 'imei:861359038609986,Equipo 1,---,------,----,214734,241018,26,1,-33.42317,-70.61930,067,229,0674,1.00,08,0,1,---,*';
    const d = decode(s);
    expect(d.positions[0]).toEqual({ time: '2018-10-24T21:47:34.000Z', valid: true, lat: -33.42317, lon: -70.6193, speedKnots: Math.round((67 / 1.852) * 1e6) / 1e6, course: 229, altitude: 674, satellites: 8 });
    expect(d.attributes).toEqual({ rssi: 26, hdop: 1, sat: 8, ignition: false, charge: true });
    expect(at(d, 'gps103.alt.name')).toEqual([21, 29, 'Equipo 1']);
    expect(at(d, 'gps103.alt.latitude')).toEqual([65, 74, -33.42317]);
    expect(at(d, 'gps103.delimiter')).toEqual([114, 115, '*']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });
});

describe('gps103 bad input is data', () => {
  it('keeps the fields of a frame cut before its delimiter and marks it', () => {
    const d = decode('imei:868683023212255,tracker,190205084503,,F,064459.000,A,4915.12');
    expect(d.deviceId).toBe('868683023212255');
    expect(at(d, 'gps103.location.latitude')).toEqual([58, 65, '4915.12']);
    expect(issueIds(d)).toContain('gps103.missing_delimiter');
    expect(issueIds(decode('imei:868683023212255,tracker,190205084503,,F,064459.000,A,4915.12', 'udp'))).not.toContain('gps103.missing_delimiter');
  });
  it('flags a report whose time is no date and gives no position', () => {
    const d = decode('imei:359710041100000,tracker,000000000,,F,112817.000,A,0610.1133,N,00116.5840,E,0.00,;');
    expect(issueIds(d)).toEqual(['gps103.bad_time']);
    expect(d.positions).toEqual([]);
  });
  it('shows a message without imei: as a raw body', () => {
    const d = decode('hello world;');
    expect(at(d, 'gps103.body')).toEqual([0, 11, 'hello world']);
    expect(issueIds(d)).toEqual(['gps103.body_not_decoded']);
  });
});

describe('gps103 splitter', () => {
  const login = '##,imei:359586015829802,A;';
  const hb = '359586015829802;';
  const rep = 'imei:359586015829802,tracker,0809231929,13554900601,F,112909.397,A,2234.4669,N,11354.3287,E,0.11,321.53,;';
  it('waits for the rest of a frame split across chunks', () => {
    expect(gps103.split(bytes(rep.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(gps103.split(bytes(rep)).frames).toEqual([{ start: 0, end: rep.length }]);
  });
  it('cuts login, heartbeat and report from one chunk, delimiters kept', () => {
    const r = gps103.split(bytes(login + hb + rep));
    expect(r.frames).toEqual([
      { start: 0, end: login.length },
      { start: login.length, end: login.length + hb.length },
      { start: login.length + hb.length, end: login.length + hb.length + rep.length },
    ]);
  });
  it("cuts at '*' and '\\n' too, and drops line breaks between frames as garbage", () => {
    const alt = 'imei:123451234512345,L,*';
    const r = gps103.split(bytes(`${alt}\r\n${login}`));
    expect(r.frames).toEqual([{ start: 0, end: alt.length }, { start: alt.length + 2, end: alt.length + 2 + login.length }]);
    expect(r.garbage).toEqual([{ start: alt.length, end: alt.length + 2 }]);
  });
  it('resynchronises after garbage before a frame', () => {
    const r = gps103.split(bytes('xx,yy;garbage' + login));
    expect(r.garbage).toEqual([{ start: 0, end: 6 }, { start: 6, end: 13 }]);
    expect(r.frames).toEqual([{ start: 13, end: 13 + login.length }]);
  });
  it('drops undelimited text that no message can start, and gives up after 2048 bytes', () => {
    expect(gps103.split(bytes('hello there ##'))).toEqual({ frames: [], garbage: [{ start: 0, end: 12 }], consumed: 12 });
    const r = gps103.split(bytes('i'.repeat(2100) + login));
    expect(r.frames).toEqual([{ start: 2100, end: 2100 + login.length }]);
    expect(r.consumed).toBe(2100 + login.length);
  });
});

describe('gps103 detection', () => {
  it('explains its score with evidence', () => {
    const [c] = detect(bytes('imei:868683023212255,tracker,190205084503,,F,064459.000,A,4915.1221,N,01634.5655,E,3.91,83.95;'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('gps103');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(["starts with 'imei:<digits>,'", "known keyword 'tracker'", 'IMEI 868683023212255 passes Luhn', "';' delimiter"]));
  });
  it('recognises the login and a bare IMEI heartbeat', () => {
    expect(detect(bytes('##,imei:359586015829802,A;'), { transport: 'tcp' }, PROTOCOLS)[0]!.protocol).toBe('gps103');
    expect(gps103.detect(bytes('359586015829802;'), { transport: 'tcp' }).score).toBeGreaterThan(0.5);
  });
  it('does not claim Xexun frames that carry imei: later on (XexunProtocolDecoderTest.java:16)', () => {
    expect(gps103.detect(bytes('GPRMC,113518.000,A,5303.4150,N,10.2368,E,60.73,207.42,260216,00,0000.0,A*74,F,,imei:351525018007873,'), { transport: 'tcp' }).score).toBe(0);
    expect(gps103.detect(bytes('1510121459,+31652454927,GPRMC,205935.000,A,5140.4350,N,501.0686,E'), { transport: 'tcp' }).score).toBe(0);
  });
});
