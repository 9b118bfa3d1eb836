import { describe, expect, it } from 'vitest';
import { gosafe, UNSTUFF } from '../../../parsers/gosafe';
import { crc16Xmodem } from '../../../parsers/core/checksum';
import { escapeBytes, fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame, FieldNode } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus } from '../../helpers/corpus';
import { walk } from '../../helpers/tree';
import { coverageGaps } from '../../corpus/evaluate';

const ascii = (t: string) => new TextEncoder().encode(t);
const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
const range = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id)!;
  return [n.start, n.end];
};
const value = (d: DecodedFrame, id: string) => findNode(d.tree, id)?.value;
const issueIds = (d: DecodedFrame) => d.issues.map((i) => i.id);
const all = (nodes: FieldNode[], id: string) => [...walk(nodes)].filter((n) => n.id === id);

// GoSafeProtocolDecoderTest.java:27 — one record, IWD temperature sensor 0
const IWD_FRAME = '*GS06,351535058659335,081234310719,,SYS:G6S;V3.37;V1.1.8,GPS:A;10;N23.169758;E113.450640;0;323;47;0.82,COT:18539;,ADC:10.81;4.07,DTT:4000;E0;0;0;0;1,IWD:0;1;9f00000655705d28;22.5#';
// GoSafeProtocolDecoderTest.java:31 — two records joined by '$', event 1C in the first
const TWO_RECORDS = '*GS06,359568052580548,091946150719,1C,SYS:G3C;V1.40;V1.0.4,GPS:A;5;S25.750200;E28.204858;0;0;1337;1.68,COT:,ADC:13.12;4.06,DTT:4004;C6;0;0;10000000;0$091948150719,,SYS:G3C;V1.40;V1.0.4,GPS:A;5;S25.750200;E28.204858;0;0;1337;1.68,COT:,ADC:12.96;4.06,DTT:4004;C6;0;0;0;1#';
// GoSafeProtocolDecoderTest.java:89 — no speed, serving + 4 neighbour cells, OBD items
const GSM_OBD = '*GS16,351535059439208,074558291015,,GPS:A;9;N31.935942;E35.867092;;345;921;1.03;1.59,GSM:1;3;416;3;A8C;368B;-78;416;3;A8C;2820;-73;416;3;BB8;2CBE;-76;416;3;A8C;368A;-76;416;3;A8C;2C26;-79,OBD:04410C122003410D0F03411C0103410547037F011203411100';
// GoSafeProtocolDecoderTest.java:14 (binary, as on the wire; GoSafeFrameDecoderTest.java:19 for the plain form)
const BINARY_WIRE = 'f80601013fb82203661b002ee46249007a13003f45feefeeb401db1b00be00000000060e00d602018904036412080c010111e121003100410051010807000000000000004655f8';
const BINARY_PLAIN = 'f80601013fb82203661b2ee46249007a13003f45feefeeb401db1bbe00000000060e00d602018904036412080c010111e121003100410051010807000000000000004655f8';

describe('gosafe text report', () => {
  const f = ascii(IWD_FRAME);
  const d = gosafe.decode(f, { transport: 'tcp', direction: 'up' });

  it('names header, version, IMEI and record time with their byte ranges', () => {
    expect(d.messageType).toBe('report');
    expect(d.messageCode).toBe('GS06');
    expect(d.deviceId).toBe('351535058659335');
    expect(range(d, 'gosafe.header')).toEqual([0, 3]);
    expect(range(d, 'gosafe.version')).toEqual([3, 5]);
    expect(range(d, 'gosafe.imei')).toEqual([6, 21]);
    expect(range(d, 'gosafe.record.time')).toEqual([22, 34]);
    expect(value(d, 'gosafe.record.time')).toBe('2019-07-31T08:12:34.000Z');
    expect(range(d, 'gosafe.terminator')).toEqual([f.length - 1, f.length]);
  });

  it('decodes the GPS section field by field', () => {
    const lat = IWD_FRAME.indexOf('N23.169758');
    expect(range(d, 'gosafe.gps.name')).toEqual([IWD_FRAME.indexOf('GPS:'), IWD_FRAME.indexOf('GPS:') + 3]);
    expect(range(d, 'gosafe.gps.latitude')).toEqual([lat, lat + 10]);
    expect(value(d, 'gosafe.gps.latitude')).toBe(23.169758);
    expect(value(d, 'gosafe.gps.longitude')).toBe(113.45064);
    expect(value(d, 'gosafe.gps.valid')).toBe('A');
    expect(d.positions).toEqual([{ time: '2019-07-31T08:12:34.000Z', valid: true, lat: 23.169758, lon: 113.45064, speedKnots: 0, course: 323, altitude: 47, satellites: 10 }]);
  });

  it('carries COT, ADC, DTT and IWD values as attributes with their types', () => {
    expect(d.attributes).toMatchObject({ sat: 10, hdop: 0.82, odometer: 18539, power: 10.81, battery: 4.07, status: 0x4000, ignition: false, out1: true, geofence: '00', eventStatus: '0', packetType: '1', temp0: 22.5 });
    const temp = IWD_FRAME.indexOf('22.5');
    expect(range(d, 'gosafe.iwd.temperature')).toEqual([temp, temp + 4]);
    expect(value(d, 'gosafe.iwd.serial')).toBe('9f00000655705d28');
    expect(findNode(d.tree, 'gosafe.dtt.io')!.children!.map((c) => c.value)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('leaves no byte unexplained and raises no issue', () => {
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('takes the temperature index from each one-wire entry (java:23: temp3)', () => {
    const dd = gosafe.decode(ascii('*GS06,356449068350122,013519070819,,SYS:G6S;V3.37;V1.1.8,GPS:A;12;N23.169866;E113.450728;0;255;54;0.79,COT:18779;,ADC:12.66;0.58,DTT:4084;E1;0;0;0;1,IWD:0;1;ad031652643fff28;23.2;1;1;86031652504fff28;24.3;2;1;e603165252a5ff28;24.2;3;1;bb0416557da6ff28;24.0#'));
    expect(dd.attributes).toMatchObject({ temp0: 23.2, temp1: 24.3, temp2: 24.2, temp3: 24 });
    expect(all(dd.tree, 'gosafe.iwd.sensor')).toHaveLength(4);
  });
});

describe('gosafe records joined by $', () => {
  const f = ascii(TWO_RECORDS);
  const d = gosafe.decode(f);

  it('gives one position per record, in wire order', () => {
    expect(d.positions.map((p) => p.time)).toEqual(['2019-07-15T09:19:46.000Z', '2019-07-15T09:19:48.000Z']);
    expect(d.positions[0]!.lat).toBe(-25.7502);
    const records = all(d.tree, 'gosafe.record');
    expect(records.map((r) => r.label)).toEqual(['Record 1 of 2', 'Record 2 of 2']);
    expect(records[1]!.start).toBe(TWO_RECORDS.indexOf('$') + 1);
  });

  it('reads the hex event code of the first record as an integer', () => {
    expect(d.attributes.event).toBe(0x1c);
    const at = TWO_RECORDS.indexOf(',1C,') + 1;
    expect(range(d, 'gosafe.record.event')).toEqual([at, at + 2]);
    expect(d.attributes.eventStatus).toBe('10000000');
    expect(d.attributes.ignition).toBe(false);
    expect(d.attributes.in1).toBe(true);
  });

  it('has empty COT sections and still covers every byte', () => {
    expect(all(d.tree, 'gosafe.cot')).toHaveLength(2);
    expect(d.attributes.odometer).toBeUndefined();
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });
});

describe('gosafe GSM and OBD sections', () => {
  const f = ascii(GSM_OBD);
  const d = gosafe.decode(f);

  it('keeps a missing speed out of the position', () => {
    expect(d.positions[0]).toEqual({ time: '2015-10-29T07:45:58.000Z', valid: true, lat: 31.935942, lon: 35.867092, course: 345, altitude: 921, satellites: 9 });
    expect(d.attributes).toMatchObject({ hdop: 1.03, vdop: 1.59 });
  });

  it('groups the serving cell and each neighbour as mcc;mnc;lac;cid;rssi', () => {
    const cells = all(d.tree, 'gosafe.gsm.cell');
    expect(cells.map((c) => c.label)).toEqual(['Serving cell', 'Neighbour cell 1', 'Neighbour cell 2', 'Neighbour cell 3', 'Neighbour cell 4']);
    const lac = GSM_OBD.indexOf('A8C;368B');
    expect(range(d, 'gosafe.gsm.cell.lac')).toEqual([lac, lac + 3]);
    expect(value(d, 'gosafe.gsm.cell.lac')).toBe(0xa8c);
    expect(value(d, 'gosafe.gsm.cell.cid')).toBe(0x368b);
    expect(value(d, 'gosafe.gsm.cell.rssi')).toBe(-78);
    expect(value(d, 'gosafe.gsm.registration')).toBe(1);
  });

  it('splits the OBD hex into length-prefixed items and scales known PIDs', () => {
    expect(d.attributes.obd).toBe('04410C122003410D0F03411C0103410547037F011203411100');
    const items = all(d.tree, 'gosafe.obd.item');
    expect(items.map((i) => i.value)).toEqual(['04410C1220', '03410D0F', '03411C01', '03410547', '037F0112', '03411100']);
    const at = GSM_OBD.indexOf('OBD:') + 4;
    expect([items[0]!.start, items[0]!.end]).toEqual([at, at + 10]);
    expect(items[0]!.display).toBe('PID 0c engine speed: 1160 rpm');
    expect(items[1]!.display).toBe('PID 0d vehicle speed: 15 km/h');
    expect(items[4]!.display).toBe('negative response to mode 01 (code 12)');
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });
});

describe('gosafe heartbeat and old layout', () => {
  it('decodes a bare IMEI as a heartbeat without a position (java:95)', () => {
    const d = gosafe.decode(ascii('*GS16,351535058709775'));
    expect(d.messageType).toBe('heartbeat');
    expect(d.deviceId).toBe('351535058709775');
    expect(d.positions).toEqual([]);
    expect(range(d, 'gosafe.imei')).toEqual([6, 21]);
  });

  it('reads the GS02 layout: time inside GPS, STT/MGR/ADC pairs (GoSafeProtocolDecoderTest GS02 case, not in the corpus)', () => {
    const t = '*GS02,358696043774648,GPS:230040;A;S1.166829;E36.934287;0;0;170116,STT:20;0,MGR:32755204,ADC:0;11.2;1;28.3;2;4.1,GFS:0;0';
    const d = gosafe.decode(ascii(t));
    expect(d.positions).toEqual([{ time: '2016-01-17T23:00:40.000Z', valid: true, lat: -1.166829, lon: 36.934287, speedKnots: 0, course: 0 }]);
    expect(d.attributes).toMatchObject({ odometer: 32755204, power: 11.2, adc1: 28.3, battery: 4.1 });
    const date = t.indexOf('170116');
    expect(range(d, 'gosafe.gps.date')).toEqual([date, date + 6]);
    expect(value(d, 'gosafe.stt.status')).toBe('20');
    expect(coverageGaps(d.tree, ascii(t))).toEqual([]);
  });

  it('gives no position for a record whose time is no date (GoSafeProtocolDecoderTest GS56 case, not in the corpus: 000000000000)', () => {
    const d = gosafe.decode(ascii('*GS56,357330051092344,000000000000,86,GPS:A;6;N47.582912;W122.238840;0;0;88;2.20,COT:76506#'));
    expect(d.positions).toEqual([]);
    expect(issueIds(d)).toEqual(['gosafe.bad_time']);
    expect(d.attributes.event).toBe(0x86);
  });

  it('keeps an unparsable value as text with an issue', () => {
    const t = '*GS16,351535059439208,155750220815,,GPS:A;4;N31.9x4198;E35.846644;0;0;923;9.47;1.00#';
    const d = gosafe.decode(ascii(t));
    expect(value(d, 'gosafe.gps.latitude')).toBe('N31.9x4198');
    expect(issueIds(d)).toEqual(['gosafe.bad_value']);
    expect(d.positions).toEqual([]);
  });

  it('names an unknown section and shows its values', () => {
    const d = gosafe.decode(ascii('*GS16,351535059439208,155750220815,,XYZ:1;2#'));
    expect(findNode(d.tree, 'gosafe.section')!.label).toBe('Section XYZ');
    expect(all(d.tree, 'gosafe.section.value').map((n) => n.value)).toEqual(['1', '2']);
    expect(issueIds(d)).toEqual(['gosafe.unknown_section']);
  });
});

describe('gosafe binary packet', () => {
  const wire = fromHex(BINARY_WIRE);
  const d = gosafe.decode(wire, { transport: 'tcp', direction: 'up' });

  it('unstuffs 1b 00 → 1b; plain() gives the frame other decoders see', () => {
    expect(toHex(gosafe.plain!(wire))).toBe(BINARY_PLAIN);
    expect(toHex(gosafe.plain!(ascii(IWD_FRAME)))).toBe(toHex(ascii(IWD_FRAME)));
  });

  it('places the header fields on wire bytes, stuffing included', () => {
    expect(d.messageType).toBe('report');
    expect(d.messageCode).toBe('0x01');
    expect(range(d, 'gosafe.start')).toEqual([0, 1]);
    expect(range(d, 'gosafe.version')).toEqual([1, 2]);
    expect(range(d, 'gosafe.type')).toEqual([2, 3]);
    // 7-byte IMEI 01 3f b8 22 03 66 1b, the 1b sent as 1b 00
    expect(range(d, 'gosafe.imei')).toEqual([3, 11]);
    expect(d.deviceId).toBe('351535053891099');
    expect(range(d, 'gosafe.time')).toEqual([11, 15]);
    expect(value(d, 'gosafe.time')).toBe('2024-12-05T13:08:25.000Z');
    expect(value(d, 'gosafe.mask')).toBe(0x7a);
  });

  it('decodes the GPS block: flags, signed lat/lon ×1e6, speed, course, altitude, HDOP', () => {
    expect(range(d, 'gosafe.gps')).toEqual([17, 38]);
    expect(range(d, 'gosafe.gps.latitude')).toEqual([21, 25]);
    expect(range(d, 'gosafe.gps.longitude')).toEqual([25, 30]);
    expect(d.positions).toEqual([{ time: '2024-12-05T13:08:25.000Z', valid: true, lat: -17.830220, lon: 31.136702, speedKnots: 0, course: 0, altitude: 1550, satellites: 5 }]);
    expect(d.attributes.hdop).toBe(2.14);
  });

  it('decodes COT, ADC and DTT sub-data', () => {
    expect(d.attributes).toMatchObject({ odometer: 137, status: 1, ignition: true, packetType: '1' });
    expect(d.attributes.power).toBeCloseTo(13.311, 3);
    expect(d.attributes.battery).toBeCloseTo(3.965, 3);
    expect(range(d, 'gosafe.adc.power')).toEqual([42, 44]);
    expect(range(d, 'gosafe.iwd.data')).toEqual([60, 68]);
  });

  it('checks the CRC-16/XMODEM over version..data and shows the computed one', () => {
    expect(range(d, 'gosafe.crc')).toEqual([68, 70]);
    expect(value(d, 'gosafe.crc')).toBe(0x4655);
    expect(findNode(d.tree, 'gosafe.crc_computed')).toMatchObject({ value: 0x4655, generated: true });
    expect(range(d, 'gosafe.end')).toEqual([70, 71]);
    expect(d.issues.filter((i) => i.group === 'checksum')).toEqual([]);
    expect(coverageGaps(d.tree, wire)).toEqual([]);
  });

  it('flags a wrong CRC and still decodes', () => {
    const bad = fromHex(BINARY_WIRE.replace('4655f8', '4656f8'));
    const dd = gosafe.decode(bad);
    expect(issueIds(dd)).toContain('gosafe.checksum_incorrect');
    expect(dd.positions).toHaveLength(1);
  });

  it('maps a 1b e3 escape (an f8 in the data) back to its two wire bytes', () => {
    // Altitude 0x060e → 0x06f8 with the CRC recomputed, stuffed as a device would.
    const plainBytes = fromHex(BINARY_PLAIN);
    const inner = plainBytes.slice(1, plainBytes.length - 1);
    inner[32] = 0xf8; // low byte of the altitude (plain offset 33)
    const crc = crc16Xmodem(inner, 0, inner.length - 2);
    inner[inner.length - 2] = crc >> 8;
    inner[inner.length - 1] = crc & 0xff;
    const stuffed = escapeBytes(inner, 0x1b, UNSTUFF);
    const frame = Uint8Array.from([0xf8, ...stuffed, 0xf8]);
    expect(toHex(frame)).toContain('061be3');
    const dd = gosafe.decode(frame);
    expect(dd.positions[0]!.altitude).toBe(0x06f8);
    expect(range(dd, 'gosafe.gps.altitude')).toEqual([34, 37]);
    expect(issueIds(dd)).toContain('core.undecoded');
    expect(dd.issues.filter((i) => i.group !== 'undecoded')).toEqual([]);
  });

  it('flags a 1b not followed by 00 or e3', () => {
    const dd = gosafe.decode(fromHex(BINARY_WIRE.replace('1b00be', '1b7fbe')));
    expect(issueIds(dd)).toContain('gosafe.bad_escape');
  });

  it('keeps the fields of a packet cut before its tail', () => {
    const cut = fromHex(BINARY_WIRE.slice(0, 80));
    const dd = gosafe.decode(cut);
    expect(dd.deviceId).toBe('351535053891099');
    expect(issueIds(dd)).toContain('gosafe.truncated');
    for (const n of walk(dd.tree)) expect(n.end).toBeLessThanOrEqual(cut.length);
  });
});

describe('gosafe checksum', () => {
  it('CRC-16/XMODEM of "123456789" is 0x31C3', () => {
    expect(crc16Xmodem(ascii('123456789'))).toBe(0x31c3);
  });
});

describe('gosafe respond', () => {
  it('answers ASCII 1234 to a text report, a heartbeat and a binary packet', () => {
    for (const f of [ascii(IWD_FRAME), ascii('*GS16,351535058709775'), fromHex(BINARY_WIRE)]) {
      expect(toHex(gosafe.respond(f, gosafe.decode(f))!)).toBe('31323334');
    }
  });
  it('answers nothing to bytes that are not GoSafe', () => {
    const f = ascii('*HQ,865205030330012,V1#');
    expect(gosafe.respond(f, gosafe.decode(f))).toBeNull();
  });
});

describe('gosafe splitter', () => {
  const a = IWD_FRAME;
  const b = '*GS16,351535058709775#';
  it('waits for the rest of a text frame split across chunks', () => {
    expect(gosafe.split(ascii(a.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(gosafe.split(ascii(a)).frames).toEqual([{ start: 0, end: a.length }]);
  });
  it('waits for the closing f8 of a binary packet', () => {
    expect(gosafe.split(fromHex(BINARY_WIRE.slice(0, 60)))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('cuts a text frame and a binary packet from one chunk', () => {
    const buf = new Uint8Array([...ascii(b), ...fromHex(BINARY_WIRE), ...ascii(a)]);
    const r = gosafe.split(buf);
    const binEnd = b.length + BINARY_WIRE.length / 2;
    expect(r.frames).toEqual([{ start: 0, end: b.length }, { start: b.length, end: binEnd }, { start: binEnd, end: buf.length }]);
    expect(r.consumed).toBe(buf.length);
    expect(r.garbage).toEqual([]);
  });
  it('resynchronises after garbage and reports it', () => {
    const r = gosafe.split(ascii('garbage\r\n' + b));
    expect(r.garbage).toEqual([{ start: 0, end: 9 }]);
    expect(r.frames).toEqual([{ start: 9, end: 9 + b.length }]);
  });
  it('keeps a trailing "*G" that may start the next header', () => {
    const r = gosafe.split(ascii(b + '*G'));
    expect(r.frames).toEqual([{ start: 0, end: b.length }]);
    expect(r.consumed).toBe(b.length);
  });
  it('drops the tail f8 of a packet whose head was missed', () => {
    const r = gosafe.split(fromHex('0000f8' + BINARY_WIRE));
    expect(r.garbage).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
    expect(r.frames).toEqual([{ start: 3, end: 3 + BINARY_WIRE.length / 2 }]);
  });
  it('treats a text frame cut short by the next *GS as garbage', () => {
    const r = gosafe.split(ascii('*GS16,3515350' + b));
    expect(r.garbage).toEqual([{ start: 0, end: 13 }]);
    expect(r.frames).toEqual([{ start: 13, end: 13 + b.length }]);
  });
  it('gives up on a header with no end mark within 8 KiB', () => {
    const r = gosafe.split(ascii('*GS16,' + '1'.repeat(9000)));
    expect(r.garbage[0]).toEqual({ start: 0, end: 3 });
    expect(r.frames).toEqual([]);
    expect(r.consumed).toBe(9006);
  });
});

describe('gosafe detection', () => {
  const top = (bytes: Uint8Array, transport: 'tcp' | 'udp' = 'tcp') => detect(bytes, { transport }, PROTOCOLS)[0];
  it('explains a text report with header, version, IMEI and sections', () => {
    const c = gosafe.detect(ascii(IWD_FRAME), { transport: 'tcp' });
    expect(c.score).toBeGreaterThan(0.9);
    expect(c.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['header *GS', 'protocol version 06', 'IMEI 351535058659335 passes Luhn', 'section SYS: present']));
    expect(top(ascii(IWD_FRAME), 'udp')?.protocol).toBe('gosafe');
  });
  it('explains a binary packet with IMEI, CRC and block walk', () => {
    const c = gosafe.detect(fromHex(BINARY_WIRE), { transport: 'udp' });
    expect(c.score).toBeGreaterThan(0.9);
    expect(c.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['7-byte IMEI 351535053891099 passes Luhn', 'masked blocks end exactly at the CRC']));
  });
  it('scores a Luhn-failing IMEI lower', () => {
    const good = gosafe.detect(ascii('*GS16,351535058709775#'), { transport: 'tcp' }).score;
    const bad = gosafe.detect(ascii('*GS16,351535058709776#'), { transport: 'tcp' }).score;
    expect(bad).toBeLessThan(good);
  });
  it('does not claim an ulbotech packet (BCD IMEI after f8 01 01; UlbotechProtocolDecoderTest)', () => {
    const ulbo = fromHex('f801010353323083177450a703f6f0010efe55a31a0923d01400050070007003040a42000004040070cca00506039b1876220f060800000000000000000725310553410c0c9e310d05310f4641100440311119411f00476101810f8000310487411f00480804203a14c009033320159310f8');
    expect(gosafe.detect(ulbo, { transport: 'tcp' }).score).toBe(0);
  });
  it('does not claim h02 frames', () => {
    expect(gosafe.detect(ascii('*HQ,865205030330012,V1,145452,A,2240.55181,N,11358.32389,E,0.00,0,100815,FFFFFBFF#'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('gosafe corpus', () => {
  const corpus = loadCorpus('gosafe');
  it.each(corpus.filter((f) => f.stage === 'decoder').map((f) => [f.source, f] as const))('%s decodes with full coverage', (_s, f) => {
    const bytes = fromHex(f.wire_hex ?? f.hex);
    const d = gosafe.decode(bytes);
    expect(coverageGaps(d.tree, bytes)).toEqual([]);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(bytes.length);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    if (f.expect.positions) expect(d.positions).toHaveLength(text(bytes).split('$').length);
    for (const [k, v] of Object.entries(f.expect.attributes ?? {})) expect(d.attributes[k]).toBe(v);
  });
  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: the splitter cuts the packet, plain() unstuffs it', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = gosafe.split(bytes);
    expect(r.frames).toHaveLength(1);
    const cut = bytes.subarray(r.frames[0]!.start, r.frames[0]!.end);
    expect(toHex(gosafe.plain!(cut))).toBe(f.expect.frame);
  });
});
