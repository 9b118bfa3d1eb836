import { describe, expect, it } from 'vitest';
import { h02, coordinate, batteryPercent } from '../../../parsers/h02';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { coverageGaps } from '../../corpus/evaluate';
import { walk } from '../../helpers/tree';

const text = (s: string) => new TextEncoder().encode(s);
const ascii = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

describe('h02 V1 location sentence', () => {
  // H02ProtocolDecoderTest.java:163 (and :294 for the status value)
  const s = '*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,712,01,0,0,6#';
  const f = text(s);
  const d = h02.decode(f);

  it('decodes time, fix, coordinates in ddmm.mmmm with hemispheres, speed in knots', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('V1');
    expect(d.deviceId).toBe('4210051415');
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p.time).toBe('2015-12-22T16:45:49.000Z');
    expect(p.valid).toBe(true);
    expect(p.lat).toBeCloseTo(9.93978, 5);
    expect(p.lon).toBeCloseTo(-84.11178, 5);
    expect(p.speedKnots).toBe(0);
    expect(p.course).toBe(0);
  });

  it('places every field on its characters', () => {
    expect(at(d, 'h02.start')).toEqual([0, 1, '*']);
    expect(at(d, 'h02.vendor')).toEqual([1, 3, 'HQ']);
    expect(at(d, 'h02.device_id')).toEqual([4, 14, '4210051415']);
    expect(at(d, 'h02.type')).toEqual([15, 17, 'V1']);
    expect(at(d, 'h02.position.time')).toEqual([18, 24, '16:45:49']);
    expect(at(d, 'h02.position.validity')).toEqual([25, 26, 'A']);
    expect(at(d, 'h02.position.latitude')!.slice(0, 2)).toEqual([27, 36]);
    expect(at(d, 'h02.position.lon_hemisphere')).toEqual([50, 51, 'W']);
    expect(at(d, 'h02.position.date')).toEqual([63, 69, '2015-12-22']);
    expect(at(d, 'h02.position.status')).toEqual([70, 78, 0xfffffbff]);
    expect(at(d, 'h02.terminator')).toEqual([91, 92, '#']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('maps the status word as Traccar does: status as a number, ACC bit 10, alarms active at 0', () => {
    expect(d.attributes.status).toBe(4294966271);
    expect(d.attributes.ignition).toBe(false);
    expect(d.attributes.alarm).toBeUndefined();
    expect(findNode(d.tree, 'h02.position.status.acc')!.value).toBe(0);
    const alarm = h02.decode(text('*HQ,4210209006,V1,201812,A,2608.9437,N,08016.2521,W,000.80,000,150317,EFE7F9FF,310,260,0,0,6#')); // :109
    expect(alarm.attributes.alarm).toBe('powerCut');
  });

  it('keeps the fields after the status as io1… values', () => {
    expect(at(d, 'h02.position.extra')).toEqual([79, 82, '712']);
    expect(d.attributes).toMatchObject({ io1: '712', io2: '01', io3: '0', io4: '0', io5: '6' });
  });
});

describe('h02 other position sentences', () => {
  it('reads the -dd-mm.mmmm coordinate form (H02ProtocolDecoderTest.java:180)', () => {
    const d = h02.decode(text('*HQ,1451316409,V1,030149,A,-23-29.0095,S,-46-51.5852,W,2.4,065,070315,FFFFFFFF#'));
    expect(d.positions[0]).toMatchObject({ time: '2015-03-07T03:01:49.000Z', valid: true, speedKnots: 2.4, course: 65 });
    expect(d.positions[0]!.lat).toBeCloseTo(-23.48349, 5);
    expect(d.positions[0]!.lon).toBeCloseTo(-46.85975, 5);
  });

  it('reads degrees-less minutes (V8, H02ProtocolDecoderTest.java:14)', () => {
    const d = h02.decode(text('*HQ,9001000002,V8,213945,A,3542.2043,N,38.6508,W,0.00,170,221025,FBFFF9FF,0,0,0,0,22,31,126,0#'));
    expect(d.positions[0]!.lon).toBeCloseTo(-0.64418, 5);
    expect(coordinate('38.6508', 'W', 180)).toBeCloseTo(-0.64418, 5);
    expect(coordinate('0.0000', 'N', 90)).toBeNull(); // minutes need two digits before the point
    expect(coordinate('9958.0000', 'N', 90)).toBeNull();
  });

  it('V4 confirms a command: command, arguments and command time, then the position (H02ProtocolDecoderTest.java:211)', () => {
    const f = text('*TH,2020916012,V4,S14,100,10,1,3,130305,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF#');
    const d = h02.decode(f);
    expect(d.messageType).toBe('command reply');
    expect(d.attributes.result).toBe('S14,100,10,1,3,130305');
    expect(at(d, 'h02.vendor')).toEqual([1, 3, 'TH']);
    expect(at(d, 'h02.position.response')!.slice(0, 2)).toEqual([18, 39]);
    expect(at(d, 'h02.position.response.command')).toEqual([18, 21, 'S14']);
    expect(at(d, 'h02.position.response.argument')).toEqual([22, 25, '100']);
    expect(at(d, 'h02.position.response.command_time')).toEqual([33, 39, '13:03:05']);
    expect(at(d, 'h02.position.time')).toEqual([40, 46, '05:03:16']);
    expect(d.positions[0]).toMatchObject({ time: '2002-09-22T05:03:16.000Z', valid: true, speedKnots: 14.28, course: 28 });
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('V19 carries SIM info between the date and the status (H02ProtocolDecoderTest.java:70)', () => {
    const s = '*HQ,4209951296,V19,214452,A,5201.0178,N,01830.5029,E,000.00,000,200417,,195.63.13.195,89480610500392633029,BFFFFBFF#';
    const d = h02.decode(text(s));
    const sims = [...walk(d.tree)].filter((n) => n.id === 'h02.position.sim_info').map((n) => n.value);
    expect(sims).toEqual(['195.63.13.195', '89480610500392633029']);
    expect(at(d, 'h02.position.status')).toEqual([s.indexOf('BFFFFBFF'), s.indexOf('BFFFFBFF') + 8, 0xbffffbff]);
    expect(d.positions[0]!.time).toBe('2017-04-20T21:44:52.000Z');
  });

  it('reads odometer, temperature, fuel, altitude and cell after the status (Traccar H02ProtocolDecoderTest, not in the corpus)', () => {
    const d = h02.decode(text('*HQ,2130510938,V1,012632,A,0520.0663,N,10028.6324,E,0.286,023,100317,FFFFDFFF,69129336,0,100.0,18,5141,5A20#'));
    expect(d.attributes).toMatchObject({ odometer: 69129336, temp1: 0, fuel: 100 });
    expect(d.positions[0]!.altitude).toBe(18);
    expect(findNode(d.tree, 'h02.position.cid')!.value).toBe(0x5a20);
    expect(d.attributes.io1).toBeUndefined();
  });

  it('VP1 has no time: the position is at midnight of its date (H02ProtocolDecoderTest.java:67)', () => {
    const d = h02.decode(text('*hq,356327080425330,VP1,A,2702.7245,S,15251.9311,E,0.48,0.0000,080917#'));
    expect(d.positions[0]).toMatchObject({ time: '2017-09-08T00:00:00.000Z', valid: true, speedKnots: 0.48 });
    expect(d.positions[0]!.lat).toBeCloseTo(-27.045408, 5);
  });

  it('a V1 without date keeps its position, flagged (H02ProtocolDecoderTest.java:160)', () => {
    const d = h02.decode(text('*HQ,353505220873067,V1,,V,4605.75732,N,01430.73863,E,0.00,0,,FFFFFFEF,125,194,  64,d3#'));
    expect(d.positions).toHaveLength(1);
    expect(d.positions[0]!.valid).toBe(false);
    expect(ids(d)).toContain('h02.no_date');
  });

  it('gives no position when the hemispheres are not N/S, E/W (H02ProtocolDecoderTest.java:184)', () => {
    const d = h02.decode(text('*HQ,353588020068342,V1,000000,V,0.0000,0,0.0000,0,0.00,0.00,000000,ffffffff,000106,000002,000203,004c87,16#'));
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(expect.arrayContaining(['h02.bad_hemisphere', 'h02.bad_date', 'h02.no_position']));
  });
});

describe('h02 sentences without a fix', () => {
  it('HTBT heartbeat: id, no position (H02ProtocolDecoderTest.java:37)', () => {
    const f = text('*HQ,135790246811220,HTBT#');
    const d = h02.decode(f);
    expect(d.messageType).toBe('heartbeat');
    expect(d.deviceId).toBe('135790246811220');
    expect(d.positions).toEqual([]);
    expect(at(d, 'h02.type')).toEqual([20, 24, 'HTBT']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('HTBT with a battery level', () => {
    const d = h02.decode(text('*HQ,135790246811220,HTBT,100#'));
    expect(d.attributes.batteryLevel).toBe(100);
    expect(at(d, 'h02.heartbeat.battery')).toEqual([25, 28, 100]);
  });

  it('NBR: MCC, MNC and cells (lac, cid, signal) × count, date, status; no position (H02ProtocolDecoderTest.java:167)', () => {
    const s = '*HQ,1451316451,NBR,112315,724,10,2,2,215,2135,123,215,2131,121,011215,FFFFFFFF#';
    const d = h02.decode(text(s));
    expect(d.messageType).toBe('cell towers');
    expect(d.positions).toEqual([]);
    expect(at(d, 'h02.nbr.mcc')).toEqual([26, 29, 724]);
    const cells = [...walk(d.tree)].filter((n) => n.id === 'h02.nbr.cell');
    expect(cells.map((c) => c.children!.map((x) => x.value))).toEqual([[215, 2135, 123], [215, 2131, 121]]);
    expect(cells[0]!.start).toBe(s.indexOf('215,2135'));
    expect(d.attributes.status).toBe(0xffffffff);
    expect(ids(d)).toEqual([]);
  });

  it('LINK: signal, satellites, battery, steps, turnovers (H02ProtocolDecoderTest.java:151)', () => {
    const d = h02.decode(text('*HQ,1600068860,LINK,112137,20,8,67,0,0,081116,FFFFFBFF#'));
    expect(d.attributes).toMatchObject({ rssi: 20, sat: 8, batteryLevel: 67, steps: 0, turnovers: 0, status: 0xfffffbff });
    expect(at(d, 'h02.link.satellites')).toEqual([30, 31, 8]);
    expect(d.positions).toEqual([]);
  });

  it('V3: MCC+MNC split, four fields per cell, hex battery (H02ProtocolDecoderTest.java:79)', () => {
    const s = '*HQ,353111080001055,V3,044855,28403,01,001450,011473,158,-62,0292,0,X,030817,FFFFFBFF#';
    const d = h02.decode(text(s));
    expect(at(d, 'h02.v3.mcc')).toEqual([30, 33, 284]);
    expect(at(d, 'h02.v3.mnc')).toEqual([33, 35, 3]);
    expect(findNode(d.tree, 'h02.v3.cell')!.children!.map((c) => c.value)).toEqual([1450, 11473, 158, -62]);
    expect(d.attributes.battery).toBe(0x292);
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual([]);
  });

  it('SMS: the whole reply, commas and newlines included, is the result (H02ProtocolDecoderTest.java:275)', () => {
    const s = '*HQ,5226073533,SMS,ST906(70SACD)_TQ_V_2.0 2024/06/07\nID:5226073533\nIP:1.2.3.4 5013\nUT:30,30,300\nVOLT:12.9V\nAPN:internet.example.com\nGPS:A-24-23\nGSM:26#';
    const f = text(s);
    const d = h02.decode(f);
    expect(d.attributes.result).toBe(s.slice(19, -1));
    expect(at(d, 'h02.sms.text')!.slice(0, 2)).toEqual([19, s.length - 1]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('shows an unknown command as a named raw body (XT, H02ProtocolDecoderTest.java:76)', () => {
    const d = h02.decode(text('*HQ,356327080425330,XT,1,100#'));
    expect(d.messageCode).toBe('XT');
    expect(at(d, 'h02.body')).toEqual([23, 28, '1,100']);
    expect(ids(d)).toEqual(['h02.body_not_decoded']);
  });

  it('flags a sentence without a command (H02ProtocolDecoderTest.java:85)', () => {
    const d = h02.decode(text('*HQ,4109198974,#'));
    expect(ids(d)).toEqual(['h02.no_command']);
    expect(d.positions).toEqual([]);
  });
});

describe('h02 binary reports', () => {
  it('decodes the 45-byte report: BCD id, time, coordinates, flags, speed/course, status (H02ProtocolDecoderTest.java:250)', () => {
    const f = fromHex('24410600082621532131081504419390060740418306000000fffffbfdff0015060000002c02dc0c000000001f');
    const d = h02.decode(f);
    expect(d.messageCode).toBe('$');
    expect(d.deviceId).toBe('4106000826');
    expect(d.positions[0]).toMatchObject({ time: '2015-08-31T21:53:21.000Z', valid: true, speedKnots: 0, course: 0 });
    expect(d.positions[0]!.lat).toBeCloseTo(4.69898, 5);
    expect(Math.abs(d.positions[0]!.lon - -74.06971)).toBeLessThan(1e-5);
    expect(at(d, 'h02.binary.device_id')).toEqual([1, 6, '4106000826']);
    expect(at(d, 'h02.binary.time')).toEqual([6, 9, '21:53:21']);
    expect(at(d, 'h02.binary.date')).toEqual([9, 12, '2015-08-31']);
    expect(at(d, 'h02.binary.latitude')!.slice(0, 2)).toEqual([12, 16]);
    expect(at(d, 'h02.binary.battery')).toEqual([16, 17, 6]);
    expect(d.attributes.batteryLevel).toBe(100);
    expect(at(d, 'h02.binary.longitude')!.slice(0, 2)).toEqual([17, 22]);
    expect(at(d, 'h02.binary.flags')).toEqual([21, 22, 6]);
    expect(at(d, 'h02.binary.status')).toEqual([25, 29, 0xfffffbfd]);
    expect(d.attributes.alarm).toBe('sos');
    expect(at(d, 'h02.binary.mcc')).toEqual([37, 39, 732]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('decodes the 32-byte report; flags bit 1 clear means no fix (H02ProtocolDecoderTest.java:260)', () => {
    const f = fromHex('2410307310010503162209022212874500113466574c014028fffffbffff0000');
    const d = h02.decode(f);
    expect(d.positions[0]).toMatchObject({ time: '2002-09-22T05:03:16.000Z', valid: false, speedKnots: 14, course: 28 });
    expect(d.positions[0]!.lon).toBeCloseTo(113.77762, 5);
    expect(at(d, 'h02.binary.speed')).toEqual([22, 24, 14]);
    expect(at(d, 'h02.binary.course')).toEqual([23, 25, 28]);
    expect(at(d, 'h02.binary.tail')).toEqual([29, 32, 'ff0000']);
  });

  it('reads the 8-byte IMEI id of 42-byte reports (H02ProtocolDecoderTest.java:49)', () => {
    const d = h02.decode(fromHex('2435248308419329301047591808172627335900074412294e024138feffffffff01120064ba73005ecc'));
    expect(d.deviceId).toBe('352483084193293');
    expect(at(d, 'h02.binary.time')).toEqual([9, 12, '10:47:59']);
    expect(d.positions[0]).toMatchObject({ time: '2017-08-18T10:47:59.000Z', speedKnots: 24, course: 138 });
  });

  it("reads 'X' reports with the '$' layout (H02FrameDecoderTest.java:61)", () => {
    const d = h02.decode(fromHex('5800009814991024031101175540227006012321670c000095fffffbffff0033'));
    expect(d.messageCode).toBe('X');
    expect(d.positions[0]!.time).toBe('2017-01-11T10:24:03.000Z');
    expect(ids(d)).toContain('h02.x_marker');
  });

  it('keeps the fields of a truncated report and marks it', () => {
    const d = h02.decode(fromHex('24410600082621532131081504419390'));
    expect(d.deviceId).toBe('4106000826');
    expect(ids(d)).toContain('core.truncated');
    expect(d.positions).toEqual([]);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(16);
  });

  it('maps the battery byte as levels, percent or 0xF1-0xF6', () => {
    expect([batteryPercent(0), batteryPercent(2), batteryPercent(6), batteryPercent(0x60), batteryPercent(0xf3), batteryPercent(0xc8)]).toEqual([null, 10, 100, 96, 3, null]);
  });
});

describe('h02 bad input is data', () => {
  it("flags a sentence that does not end with '#' and keeps its fields", () => {
    const d = h02.decode(text('*HQ,4210051415,V1,164549,A,0956.3869,N'));
    expect(ids(d)).toContain('h02.no_terminator');
    expect(at(d, 'h02.position.time')).toEqual([18, 24, '16:45:49']);
    expect(d.positions).toEqual([]);
  });
  it('shows CR/LF after the sentence as a line end (H02ProtocolDecoderTest.java:205)', () => {
    const f = text('*TH,2020916012,V1,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF#\r\n');
    const d = h02.decode(f);
    expect(at(d, 'h02.line_end')).toEqual([f.length - 2, f.length, '\r\n']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });
});

describe('h02 respond', () => {
  // Traccar's H02ProtocolDecoder echoes V0 and HTBT up to the command: `*HQ,<id>,HTBT#`. It also
  // acknowledges V1 and NBR with `*HQ,<id>,V4,V1,<yyyyMMddHHmmss>#` from the server clock; devices
  // keep sending without it, and respond() has no clock, so we answer only V0 and HTBT.
  it('echoes a heartbeat', () => {
    const f = text('*HQ,135790246811220,HTBT#');
    expect(ascii(h02.respond(f, h02.decode(f))!)).toBe('*HQ,135790246811220,HTBT#');
  });
  it('echoes a heartbeat with battery up to the command', () => {
    const f = text('*HQ,135790246811220,HTBT,100#');
    expect(toHex(h02.respond(f, h02.decode(f))!)).toBe(toHex(text('*HQ,135790246811220,HTBT#')));
  });
  it('echoes a V0 login (the corpus heartbeat with V0 as the command)', () => {
    const f = text('*HQ,135790246811220,V0#');
    const d = h02.decode(f);
    expect(d.messageType).toBe('login');
    expect(ascii(h02.respond(f, d)!)).toBe('*HQ,135790246811220,V0#');
  });
  it('answers nothing to a location or a binary report', () => {
    const v1 = text('*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF#');
    expect(h02.respond(v1, h02.decode(v1))).toBeNull();
    const bin = fromHex('2410307310010503162209022212874500113466574c014028fffffbffff0000');
    expect(h02.respond(bin, h02.decode(bin))).toBeNull();
  });
});

describe('h02 splitter', () => {
  const v1 = '2a48512c343130363031313636302c56312c3132343535322c412c353033352e333132392c4e2c30303433312e383231312c452c3030302e32302c3030302c3133313131362c464646464642464623';
  const short = '2441060116601245431311165035313006004318210e000000fffffbffff0024';
  const long = '24410600082621532131081504419390060740418306000000fffffbfdff0015060000002c02dc0c000000001f';

  it('cuts a sentence at # and consumes the CR/LF after it (H02FrameDecoderTest.java:15)', () => {
    const b = fromHex('2a48512c3335353438383032303131333931312c56312c3031323934352c412c353233312e37393238332c4e2c30313332342e31303731382c452c302e30352c302c3137303231372c4646464646464646230d0a');
    const r = h02.split(b);
    expect(r.frames).toEqual([{ start: 0, end: b.length - 2 }]);
    expect(r.garbage).toEqual([]);
    expect(r.consumed).toBe(b.length);
  });
  it('cuts a 32-byte report followed directly by a sentence (H02FrameDecoderTest.java:23)', () => {
    const b = fromHex(short + v1);
    expect(h02.split(b).frames).toEqual([{ start: 0, end: 32 }, { start: 32, end: b.length }]);
  });
  it('cuts a 45-byte report when 45 bytes are there (H02FrameDecoderTest.java:42)', () => {
    const b = fromHex(long + short);
    expect(h02.split(b, true).frames).toEqual([{ start: 0, end: 45 }, { start: 45, end: 77 }]);
  });
  it('holds 32 bytes at the end of the buffer until the link is idle: they may start a 45-byte report', () => {
    const b = fromHex(long + short);
    expect(h02.split(b)).toEqual({ frames: [{ start: 0, end: 45 }], garbage: [], consumed: 45 });
    expect(h02.split(fromHex(short), true).frames).toEqual([{ start: 0, end: 32 }]);
    // The first 32 bytes of a long report, then the rest: one 45-byte frame, never a 32-byte one.
    const first = h02.split(fromHex(long.slice(0, 64)));
    expect(first.frames).toEqual([]);
    expect(h02.split(fromHex(long)).frames).toEqual([{ start: 0, end: 45 }]);
  });
  it('waits for the rest of a report split across chunks', () => {
    expect(h02.split(fromHex(long.slice(0, 80)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(h02.split(fromHex(short.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('waits for the # of a partial sentence', () => {
    expect(h02.split(fromHex(v1.slice(0, 60)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    const r = h02.split(fromHex(short + v1.slice(0, 60)));
    expect(r.frames).toEqual([{ start: 0, end: 32 }]);
    expect(r.consumed).toBe(32);
  });
  it('resynchronises after garbage and reports it', () => {
    const b = fromHex('0d0affee' + '2a4753' + v1);
    const r = h02.split(b);
    expect(r.garbage).toEqual([{ start: 2, end: 7 }]);
    expect(r.frames).toEqual([{ start: 7, end: b.length }]);
  });
  it('drops a header whose # does not come within 1024 bytes', () => {
    const b = new Uint8Array(1100).fill(0x41);
    b.set(text('*HQ,1,V1,'), 0);
    const r = h02.split(b);
    expect(r.frames).toEqual([]);
    expect(r.garbage).toEqual([{ start: 0, end: 1100 }]);
    expect(r.consumed).toBe(1100);
  });
});

describe('h02 detection', () => {
  const top = (b: Uint8Array) => detect(b, { transport: 'tcp' }, PROTOCOLS)[0];
  it('ranks a V1 sentence first, with its evidence', () => {
    const c = top(text('*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF#'))!;
    expect(c.protocol).toBe('h02');
    expect(c.score).toBeGreaterThan(0.9);
    expect(c.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['known H02 command V1', "ends with '#'"]));
  });
  it('ranks a binary report first on its BCD time and coordinates', () => {
    const c = top(fromHex('24270517030820321418041423307879000463213792000056fffff9ffff0000'))!;
    expect(c.protocol).toBe('h02');
    expect(c.evidence.map((e) => e.text)).toContain('BCD time and date in range');
  });
  it('does not claim GoSafe (*GS…) or Carscop (* + 12 digits) text', () => {
    expect(h02.detect(text('*GS16,351535058709775'), { transport: 'tcp' }).score).toBe(0);
    expect(h02.detect(text('*170821223045UB00HSO^'), { transport: 'tcp' }).score).toBe(0);
  });
  it('scores a $ frame whose bytes 8-9 are a JT600 length field low (Jt600ProtocolDecoderTest.java:66)', () => {
    const d = h02.detect(fromHex('2475604055531611002311111600311326144436028210791d016c0000001f070000000020c03c4f6d07d80ccf'), { transport: 'tcp' });
    expect(d.evidence.some((e) => e.weight < 0 && e.text.includes('JT600'))).toBe(true);
    expect(d.score).toBeLessThan(0.5);
  });
  it('scores an unknown *XX, command low', () => {
    expect(h02.detect(text('*ET,135790246811220,MQ#'), { transport: 'tcp' }).score).toBeLessThan(0.5);
  });
});
