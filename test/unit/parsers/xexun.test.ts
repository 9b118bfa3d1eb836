import { describe, expect, it } from 'vitest';
import { xexun } from '../../../parsers/xexun';
import { fromHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { coverageGaps } from '../../corpus/evaluate';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);
const decode = (s: string) => xexun.decode(bytes(s), { transport: 'tcp', direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

describe('xexun simple report (GPRMC … imei:)', () => {
  // XexunProtocolDecoderTest.java:35
  const s = 'GPRMC,080303.000,A,5546.7313,N,03738.6005,E,0.56,160.13,100311,,,A*6A,L,imei:354778030461167,';
  const d = decode(s);

  it('decodes the fix: UTC time and date, NMEA coordinates, speed in knots, course', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('GPRMC');
    expect(d.deviceId).toBe('354778030461167');
    expect(d.positions).toEqual([{ time: '2011-03-10T08:03:03.000Z', valid: true, lat: 55.778855, lon: 37.643342, speedKnots: 0.56, course: 160.13 }]);
    expect(d.attributes).toEqual({ signal: 'L' });
  });

  it('places every field on its characters and checks the NMEA checksum', () => {
    expect(at(d, 'xexun.rmc')?.slice(0, 2)).toEqual([0, 69]);
    expect(at(d, 'xexun.rmc.talker')).toEqual([0, 5, 'GPRMC']);
    expect(at(d, 'xexun.rmc.time')).toEqual([6, 16, '08:03:03.000']);
    expect(at(d, 'xexun.rmc.status')).toEqual([17, 18, 'A']);
    expect(at(d, 'xexun.rmc.latitude')).toEqual([19, 28, 55.778855]);
    expect(at(d, 'xexun.rmc.lat_hemisphere')).toEqual([29, 30, 'N']);
    expect(at(d, 'xexun.rmc.longitude')).toEqual([31, 41, 37.643342]);
    expect(at(d, 'xexun.rmc.speed')).toEqual([44, 48, 0.56]);
    expect(at(d, 'xexun.rmc.course')).toEqual([49, 55, 160.13]);
    expect(at(d, 'xexun.rmc.date')).toEqual([56, 62, '2011-03-10']);
    expect(at(d, 'xexun.rmc.mode')).toEqual([65, 66, 'A']);
    expect(at(d, 'xexun.rmc.checksum')).toEqual([67, 69, '6A']);
    const computed = findNode(d.tree, 'xexun.rmc.checksum_computed')!;
    expect([computed.start, computed.end, computed.value, computed.generated]).toEqual([67, 69, '6A', true]);
    expect(at(d, 'xexun.signal')).toEqual([70, 71, 'L']);
    expect(at(d, 'xexun.imei_key')).toEqual([72, 77, 'imei:']);
    expect(at(d, 'xexun.imei')).toEqual([77, 92, '354778030461167']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('gets no answer from the server', () => {
    expect(xexun.respond(bytes(s), d)).toBeNull();
  });

  it('reads GNRMC, an empty longitude hemisphere (east) and whole-number speed and course', () => {
    // XexunProtocolDecoderTest.java:38
    const e = decode('GPRMC,220828.678,A,5206.1446,N,02038.2403,,0,0,160912,,,E*23,L,imei:358948012501019,');
    expect(e.positions[0]).toEqual({ time: '2012-09-16T22:08:28.678Z', valid: true, lat: 52.10241, lon: 20.637338, speedKnots: 0, course: 0 });
    expect(at(e, 'xexun.rmc.mode')).toEqual([56, 57, 'E']);
    // XexunProtocolDecoderTest.java:109 (full format, GN talker)
    const g = decode('150216154418,5277,GNRMC,134418.000,A,5533.8973,N,03745.4398,E,0.00,308.85,160215,,,A*7A,F,, imei:864244028033115,10,169.8,F:4.28V,1,132,48269,250,99,6D0D,8572');
    expect(g.messageCode).toBe('GNRMC');
    expect(g.issues).toEqual([]);
  });

  it('keeps the CR LF some firmware leaves after the sentence, and flags a checksum that does not match', () => {
    // XexunProtocolDecoderTest.java:22: the sentence's XOR is 63, the device sent 4D
    const s2 = 'GPRMC,121535.000,A,5417.2666,N,04822.1264,E,1.452,30.42,031014,0.0,A*4D\r\n,L,imei:355227042011730,';
    const e = decode(s2);
    expect(at(e, 'xexun.rmc.variation')).toEqual([63, 66, '0.0']);
    expect(at(e, 'xexun.rmc.line_end')).toEqual([71, 73, '\r\n']);
    expect(findNode(e.tree, 'xexun.rmc.checksum_computed')!.value).toBe('63');
    const bad = e.issues.find((i) => i.id === 'xexun.checksum_incorrect')!;
    expect(bad.group).toBe('checksum');
    expect(bad.severity).toBe('warning');
    expect(e.positions[0]!.lat).toBeCloseTo(54.287777, 6);
    expect(coverageGaps(e.tree, bytes(s2))).toEqual([]);
  });
});

describe('xexun full report (serial, phone, … imei:, satellites, altitude, battery, cell)', () => {
  // XexunProtocolDecoderTest.java:78
  const s = '130302125349,+79604870506,GPRMC,085349.000,A,4503.2392,N,03858.5660,E,6.95,154.65,020313,,,A*6C,F,, imei:012207007744243,03,-1.5,F:4.15V,1,139,28048,250,01,278A,5072';
  const d = decode(s);

  it('decodes the fix the reference asserts, with altitude and satellites', () => {
    const p = d.positions[0]!;
    expect(p.time).toBe('2013-03-02T08:53:49.000Z');
    expect(p.valid).toBe(true);
    expect(p.lat).toBeCloseTo(45.05399, 5);
    expect(p.lon).toBeCloseTo(38.9761, 5);
    expect(p).toMatchObject({ speedKnots: 6.95, course: 154.65, altitude: -1.5, satellites: 3 });
    expect(d.attributes).toEqual({ serial: '130302125349', number: '+79604870506', signal: 'F', sat: 3, power: 4.15 });
    expect(d.deviceId).toBe('012207007744243');
  });

  it('places the full-format fields and checks the length field (bytes before it)', () => {
    expect(at(d, 'xexun.serial')).toEqual([0, 12, '130302125349']);
    expect(at(d, 'xexun.phone')).toEqual([13, 25, '+79604870506']);
    expect(at(d, 'xexun.rmc.talker')).toEqual([26, 31, 'GPRMC']);
    expect(at(d, 'xexun.rmc.checksum')).toEqual([93, 95, '6C']);
    expect(at(d, 'xexun.signal')).toEqual([96, 97, 'F']);
    expect(at(d, 'xexun.imei_key')).toEqual([100, 105, 'imei:']);
    expect(at(d, 'xexun.imei')).toEqual([105, 120, '012207007744243']);
    expect(at(d, 'xexun.satellites')).toEqual([121, 123, 3]);
    expect(at(d, 'xexun.altitude')).toEqual([124, 128, -1.5]);
    expect(at(d, 'xexun.battery')?.slice(0, 2)).toEqual([129, 136]);
    expect(at(d, 'xexun.battery.level')).toEqual([129, 130, 'F']);
    expect(at(d, 'xexun.battery.voltage')).toEqual([131, 136, 4.15]);
    expect(at(d, 'xexun.length')).toEqual([139, 142, 139]);
    expect(at(d, 'xexun.crc')).toEqual([143, 148, 28048]);
    expect(at(d, 'xexun.lac')).toEqual([156, 160, '278A']);
    expect(at(d, 'xexun.cid')).toEqual([161, 165, '5072']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('keeps the line end the device sends (\\n\\r, a firmware quirk) as its own field', () => {
    const e = decode(`${s}\n\r`);
    expect(at(e, 'xexun.line_end')).toEqual([165, 167, '\n\r']);
    expect(e.issues).toEqual([]);
    expect(coverageGaps(e.tree, bytes(`${s}\n\r`))).toEqual([]);
  });

  it('reads ADC inputs and the odometer (XexunProtocolDecoderTest.java:112)', () => {
    const s2 = '150224173341,+66961544651,GPRMC,093341.000,A,1344.5716,N,10033.6648,E,0.00,0.00,240215,,,A*68,F,,imei:865328028306149,05,106.4,F:4.01V/ADC1=0.20V/ADC2=0.00V,0,159,955,520,01,5DE8,0399,6.21km';
    const e = decode(s2);
    expect(at(e, 'xexun.battery.voltage')).toEqual([129, 134, 4.01]);
    expect(at(e, 'xexun.battery.adc1')).toEqual([135, 145, 0.2]);
    expect(at(e, 'xexun.battery.adc2')).toEqual([146, 156, 0]);
    expect(at(e, 'xexun.length')).toEqual([159, 162, 159]);
    expect(at(e, 'xexun.odometer')).toEqual([184, 190, 6.21]);
    expect(e.attributes).toMatchObject({ power: 4.01, adc1: 0.2, adc2: 0, odometer: 6210 });
    expect(e.issues).toEqual([]);
    expect(coverageGaps(e.tree, bytes(s2))).toEqual([]);
  });

  it('maps status texts as the reference server does: ACCStop → ignition off (XexunProtocolDecoderTest.java:66)', () => {
    const e = decode('171007160525,,GPRMC,160525.000,A,5323.4680,N,00252.4202,W,000.0,129.7,071017,,,A*78,F,ACCStop, imei:864504031916915,10,41.1,F:4.28V,1,134,42896,234,15,0062,B7D5');
    expect(at(e, 'xexun.alarm')).toEqual([86, 93, 'ACCStop']);
    expect(e.attributes.ignition).toBe(false);
    expect(e.attributes.number).toBeUndefined();
    expect(e.positions[0]!.lon).toBeCloseTo(-2.87367, 5);
  });

  it('reads help me! as an SOS alarm and flags the edited test frame: checksum and length no longer match (XexunProtocolDecoderTest.java:85)', () => {
    const e = decode('111111120009,+436763737552,GPRMC,120600.000,A,6000.0000,N,13000.0000,E,0.00,0.00,010112,,,A*68,F,help me!, imei:123456789012345,04,481.2,F:4.15V,0,139,2689,232,03,2725,0576');
    expect(e.attributes.alarm).toBe('sos');
    expect(ids(e)).toEqual(['xexun.checksum_incorrect', 'xexun.imei_luhn', 'xexun.length_mismatch']);
    expect(e.issues.find((i) => i.id === 'xexun.length_mismatch')!.message).toBe('length field says 139, 147 bytes precede it');
    expect(e.positions[0]).toMatchObject({ time: '2012-01-01T12:06:00.000Z', lat: 60, lon: 130 });
  });

  it('decodes a report without a fix and gives no position (XexunProtocolDecoderTest.java:75, verifyNull)', () => {
    const s2 = ',+48606717068,,L,, imei:012207005047292,,,F:4.28V,1,52,11565,247,01,000E,1FC5';
    const e = decode(s2);
    expect(e.messageType).toBe('status');
    expect(e.positions).toEqual([]);
    expect(e.deviceId).toBe('012207005047292');
    expect(at(e, 'xexun.phone')).toEqual([1, 13, '+48606717068']);
    expect(at(e, 'xexun.signal')).toEqual([15, 16, 'L']);
    expect(at(e, 'xexun.length')).toEqual([52, 54, 52]);
    expect(e.attributes).toEqual({ number: '+48606717068', signal: 'L', power: 4.28 });
    expect(ids(e)).toEqual(['xexun.no_fix']);
    expect(coverageGaps(e.tree, bytes(s2))).toEqual([]);
  });
});

describe('xexun bad input is data', () => {
  it('keeps the fields of a report cut inside the sentence and gives no position', () => {
    const s = 'GPRMC,080303.000,A,5546.7313,N,0373';
    const d = decode(s);
    expect(d.positions).toEqual([]);
    expect(at(d, 'xexun.rmc.latitude')).toEqual([19, 28, 55.778855]);
    expect(ids(d)).toEqual(expect.arrayContaining(['xexun.short_sentence', 'xexun.no_checksum', 'xexun.no_imei']));
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('shows text that is no report at all as a raw body', () => {
    const d = decode('hello,world');
    expect(d.messageType).toBe('unknown');
    expect(ids(d)).toEqual(['xexun.not_a_report']);
    expect(at(d, 'xexun.body')).toEqual([0, 11, 'hello,world']);
  });

  it('takes the session device id when the frame has none, and never throws on odd bytes', () => {
    const d = xexun.decode(bytes('GPRMC,,V,,,,,,,,,,N*53,L,'), { transport: 'tcp', direction: 'up', deviceId: '354778030461167' });
    expect(d.deviceId).toBe('354778030461167');
    expect(d.positions).toEqual([]);
    for (const junk of ['', ',', 'imei:', 'GPRMC', '\n\r', 'GPRMC,*', 'x imei:12,,,F:V']) expect(() => decode(junk)).not.toThrow();
  });
});

describe('xexun detection', () => {
  const simple = 'GPRMC,080303.000,A,5546.7313,N,03738.6005,E,0.56,160.13,100311,,,A*6A,L,imei:354778030461167,';
  const full = '130302125349,+79604870506,GPRMC,085349.000,A,4503.2392,N,03858.5660,E,6.95,154.65,020313,,,A*6C,F,, imei:012207007744243,03,-1.5,F:4.15V,1,139,28048,250,01,278A,5072';
  const noFix = ',+48606717068,,L,, imei:012207005047292,,,F:4.28V,1,52,11565,247,01,000E,1FC5';

  it('ranks xexun first for the simple, full and no-fix forms, with evidence', () => {
    for (const s of [simple, full, noFix]) {
      const c = detect(bytes(s), { transport: 'tcp' }, PROTOCOLS);
      expect(c[0]!.protocol).toBe('xexun');
      expect(c[0]!.score).toBeGreaterThan(0.9);
    }
    const e = xexun.detect(bytes(full), { transport: 'tcp' }).evidence.map((x) => x.text);
    expect(e).toContain('NMEA checksum 6C ok');
    expect(e).toContain('length field 139 matches the bytes before it');
  });

  it('does not claim GPS103 reports, which start with imei: and carry no GPRMC', () => {
    // Gps103ProtocolDecoderTest.java:27
    const g = 'imei:868683023212255,tracker,190205084503,,F,064459.000,A,4915.1221,N,01634.5655,E,3.91,83.95;';
    expect(xexun.detect(bytes(g), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(detect(bytes(g), { transport: 'tcp' }, PROTOCOLS)[0]!.protocol).toBe('gps103');
    expect(xexun.detect(bytes('##,imei:359586015829802,A;'), { transport: 'tcp' }).score).toBe(0);
  });
});

describe('xexun splitter (cuts from GPRMC to the comma after imei:<digits>, like the reference frame decoder)', () => {
  // XexunFrameDecoderTest.java:13: a full-format chunk; the frame is the simple part
  const chunk = fromHex('313531303132313435392c2b33313635323435343932372c4750524d432c3230353933352e3030302c412c353134302e343335302c4e2c3530312e303638362c452c302e30302c302e30302c3132313031352c30302c303030302e302c412a37302c462c2c696d65693a3335393538373031343731383339322c31323249');
  const simple = 'GPRMC,080303.000,A,5546.7313,N,03738.6005,E,0.56,160.13,100311,,,A*6A,L,imei:354778030461167,';

  it('cuts the report out of a full-format chunk; serial and phone are garbage, the rest waits for the next sentence', () => {
    expect(xexun.split(chunk)).toEqual({ frames: [{ start: 24, end: 122 }], garbage: [{ start: 0, end: 24 }], consumed: 122 });
    expect(xexun.split(chunk, true)).toEqual({ frames: [{ start: 24, end: 122 }], garbage: [{ start: 0, end: 24 }, { start: 122, end: 126 }], consumed: 126 });
  });

  it('cuts a whole full-format line ending in \\n\\r the same way (XexunFrameDecoderTest.java:17)', () => {
    const line = bytes('150615123731,+33647384611,GPRMC,103731.636,A,4545.5266,N,00448.8259,E,21.12,276.01,150615,,,A*57,L,, imei:013949002026675,04,3522.9,F:3.72V,0,142,21744,208,01,0702,9C8C\n\r');
    const r = xexun.split(line);
    expect(r.frames).toEqual([{ start: 26, end: 122 }]);
    expect(r.consumed).toBe(122);
    // The tail and the next report's head come out as one piece when the next sentence arrives.
    const two = concat(line, line);
    expect(xexun.split(two)).toEqual({ frames: [{ start: 26, end: 122 }, { start: 196, end: 292 }], garbage: [{ start: 0, end: 26 }, { start: 122, end: 196 }], consumed: 292 });
  });

  it('cuts two reports in one chunk, and a report whose sentence ends in CR LF', () => {
    const crlf = 'GPRMC,121535.000,A,5417.2666,N,04822.1264,E,1.452,30.42,031014,0.0,A*4D\r\n,L,imei:355227042011730,';
    const b = bytes(simple + crlf);
    expect(xexun.split(b)).toEqual({ frames: [{ start: 0, end: simple.length }, { start: simple.length, end: b.length }], garbage: [], consumed: b.length });
  });

  it('waits for the rest of a report split across chunks, and for a sentence id cut in two', () => {
    expect(xexun.split(bytes(simple.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(xexun.split(bytes(simple.slice(0, -1)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(xexun.split(bytes(`${simple}GPR`))).toEqual({ frames: [{ start: 0, end: simple.length }], garbage: [], consumed: simple.length });
  });

  it('resynchronises after garbage and reports it; garbage with no sentence after it waits for one, or for the link to go idle', () => {
    const b = bytes(`\x00\xffjunk${simple}`);
    expect(xexun.split(b)).toEqual({ frames: [{ start: 6, end: b.length }], garbage: [{ start: 0, end: 6 }], consumed: b.length });
    expect(xexun.split(bytes('\x00\xffjunkGP'))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(xexun.split(bytes('\x00\xffjunkGP'), true)).toEqual({ frames: [], garbage: [{ start: 0, end: 6 }], consumed: 6 });
  });

  it('drops a sentence cut short by the next one, and a sentence whose imei: does not come within 512 bytes', () => {
    const b = bytes(`GPRMC,080303.000,A,55${simple}`);
    expect(xexun.split(b)).toEqual({ frames: [{ start: 21, end: b.length }], garbage: [{ start: 0, end: 21 }], consumed: b.length });
    const long = bytes(`GPRMC,${'0'.repeat(600)}`);
    const r = xexun.split(long);
    expect(r.frames).toEqual([]);
    expect(r.consumed).toBe(long.length);
    expect(r.garbage).toEqual([{ start: 0, end: long.length }]);
  });
});
