import { describe, expect, it } from 'vitest';
import { tk103 } from '../../../parsers/tk103';
import { latin1 } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { coverageGaps } from '../../corpus/evaluate';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const decode = (s: string) => tk103.decode(bytes(s), { transport: 'tcp', direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const issueIds = (d: DecodedFrame) => d.issues.map((i) => i.id);
const answer = (s: string) => {
  const r = tk103.respond(bytes(s), decode(s));
  return r && latin1(r);
};

describe('tk103 BR00 isochronous feedback', () => {
  // Tk103ProtocolDecoderTest.java:120
  const s = '(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)';
  const d = decode(s);

  it('decodes id, command and the fix (yymmdd, km/h, S hemisphere)', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('BR00');
    expect(d.deviceId).toBe('088047365460');
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p.time).toBe('2015-10-24T05:51:48.000Z');
    expect(p.valid).toBe(true);
    expect(p.lat).toBeCloseTo(-25.92255, 5);
    expect(p.lon).toBeCloseTo(28.92222, 5);
    expect(p.speedKnots).toBeCloseTo(4.7 / 1.852, 5);
    expect(p.course).toBe(276.17);
  });

  it('places every field on its characters', () => {
    expect(at(d, 'tk103.start')).toEqual([0, 1, '(']);
    expect(at(d, 'tk103.device_id')).toEqual([1, 13, '088047365460']);
    expect(at(d, 'tk103.command')).toEqual([13, 17, 'BR00']);
    expect(at(d, 'tk103.location.date')).toEqual([17, 23, '151024']);
    expect(at(d, 'tk103.location.validity')).toEqual([23, 24, 'A']);
    expect(at(d, 'tk103.location.latitude')).toEqual([24, 33, '2555.3531']);
    expect(at(d, 'tk103.location.lat_hemisphere')).toEqual([33, 34, 'S']);
    expect(at(d, 'tk103.location.longitude')).toEqual([34, 44, '02855.3329']);
    expect(at(d, 'tk103.location.speed')).toEqual([45, 50, 4.7]);
    expect(at(d, 'tk103.location.time')).toEqual([50, 56, '055148']);
    expect(at(d, 'tk103.location.course')).toEqual([56, 62, 276.17]);
    expect(at(d, 'tk103.location.charge')).toEqual([62, 63, 0]);
    expect(at(d, 'tk103.location.ignition')).toEqual([63, 64, 1]);
    expect(at(d, 'tk103.location.fuel')).toEqual([67, 70, 0]);
    expect(at(d, 'tk103.location.odometer_marker')).toEqual([70, 71, 'L']);
    expect(at(d, 'tk103.location.odometer')).toEqual([71, 79, 0x9aa3]);
    expect(at(d, 'tk103.end')).toEqual([79, 80, ')']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('reads the status block into attributes (charge when the first digit is 0)', () => {
    expect(d.attributes).toMatchObject({ charge: true, ignition: true, in2: 0, panic: 0, out2: 0, fuel: 0, odometer: 39587 });
    expect(tk103.respond(bytes(s), d)).toBeNull();
  });

  it('reads hex fuel, a 2-digit course and the temperature after the odometer', () => {
    // Tk103ProtocolDecoderTest.java:56 and :96
    expect(decode('(007611121184BR00170816A2401.5217N07447.0788E000.0221352232.340000004FL0030F14F)').attributes).toMatchObject({ fuel: 0x4f, odometer: 0x30f14f, ignition: false });
    const t = decode('(088046338039BR00160727A3354.7768N03540.7258E000.0140832068.4700000000L00BEB0D4+017.7)');
    expect(t.attributes.temp1).toBe(17.7);
    expect(at(t, 'tk103.location.temperature')).toEqual([79, 85, 17.7]);
  });

  it('takes an 11-digit id when the command follows it (Tk103ProtocolDecoderTest.java:139)', () => {
    const e = decode('(01029131573BR00150428A3801.6382N02351.0159E000.0080729278.7800000000LEF9ECB9C)');
    expect(e.deviceId).toBe('01029131573');
    expect(at(e, 'tk103.command')).toEqual([12, 16, 'BR00']);
    expect(e.positions[0]!.time).toBe('2015-04-28T08:07:29.000Z');
  });

  it('decodes a fix with an impossible date, rolled over and flagged (Tk103ProtocolDecoderTest.java:105)', () => {
    const e = decode('(087072009461BR00000007V0000.0000N00000.0000E000.00014039900000000L00000000)');
    expect(issueIds(e)).toEqual(['tk103.bad_time']);
    expect(e.positions[0]).toMatchObject({ time: '1999-12-07T00:14:03.000Z', valid: false, course: 99 });
  });
});

describe('tk103 BP00 handshake and BP05 login', () => {
  it('answers BP00 with AP01HSO and decodes the serial before HSO (Tk103ProtocolDecoderTest.java:59)', () => {
    const s = '(027044702512BP00027044702512HSO01A4)';
    const d = decode(s);
    expect(d.messageType).toBe('handshake');
    expect(d.positions).toEqual([]);
    expect(at(d, 'tk103.handshake.serial')).toEqual([17, 29, '027044702512']);
    expect(at(d, 'tk103.handshake.marker')).toEqual([29, 32, 'HSO']);
    expect(at(d, 'tk103.handshake.extra')).toEqual([32, 36, '01A4']);
    expect(issueIds(d)).toEqual(['tk103.extra_not_decoded']);
    expect(answer(s)).toBe('(027044702512AP01HSO)');
    expect(answer('(087073005534BP00HSO)')).toBe('(087073005534AP01HSO)');
  });

  it('answers BP05 with AP05 and reads the IMEI before the fix (Tk103ProtocolDecoderTest.java:124)', () => {
    const s = '(088047365460BP05354188047365460150929A3258.1754S02755.4323E009.4193927301.9000000000L00000000)';
    const d = decode(s);
    expect(d.messageType).toBe('login');
    expect(at(d, 'tk103.location.data')).toEqual([17, 32, '354188047365460']);
    expect(at(d, 'tk103.location.date')).toEqual([32, 38, '150929']);
    expect(d.positions[0]!.time).toBe('2015-09-29T19:39:27.000Z');
    expect(answer(s)).toBe('(088047365460AP05)');
  });

  it('answers the BP05 cell-list form too and reads its cells (Tk103ProtocolDecoderTest.java:24)', () => {
    const s = '(027045009305BP05355227045009305,{413,2,30073,16724}\n{413,2,30073,16730}\n{413,2,30073,49860}\n,01000000)';
    const d = decode(s);
    expect(at(d, 'tk103.cells.imei')).toEqual([17, 32, '355227045009305']);
    expect(d.attributes.odometer).toBe(0x01000000);
    expect(d.positions).toEqual([]);
    expect(answer(s)).toBe('(027045009305AP05)');
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('reads the comma form with ddmmyy dates; no answer, as the server reads the type at offset 13 (Tk103ProtocolDecoderTest.java:172)', () => {
    const s = '(352606090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,112825,155.49)';
    const d = decode(s);
    expect(d.deviceId).toBe('352606090042050');
    expect(at(d, 'tk103.command')).toEqual([17, 21, 'BP05']);
    expect(d.positions[0]).toMatchObject({ time: '2014-04-24T11:28:25.000Z', valid: true, course: 155.49 });
    expect(Math.abs(d.positions[0]!.lat - 45.45586)).toBeLessThan(1e-5);
    expect(Math.abs(d.positions[0]!.lon - 9.16626)).toBeLessThan(1e-5);
    expect(answer(s)).toBeNull();
  });
});

describe('tk103 alarms', () => {
  it('BO01: the digit after the command is the alarm (Tk103ProtocolDecoderTest.java:151)', () => {
    const d = decode('(013666666666BO012110925A1234.5678N01234.5678W000.0025948118.7200000000L000024DE)');
    expect(d.attributes.alarm).toBe('sos');
    expect(at(d, 'tk103.location.data')).toEqual([17, 18, '2']);
    expect(d.positions[0]!.lon).toBeCloseTo(-12.57613, 5);
  });

  it('BO01 with an out-of-range month keeps the fix and flags the date (Tk103ProtocolDecoderTest.java:108)', () => {
    const d = decode('(013612345678BO012061830A2934.0133N10627.2544E040.0080331309.6200000000L000770AD)');
    expect(issueIds(d)).toEqual(['tk103.bad_time']);
    expect(findNode(d.tree, 'tk103.location.date')!.issues![0]!.id).toBe('tk103.bad_time');
    expect(d.positions).toHaveLength(1);
  });

  it('BQ81: ALARM,<type>,<value>, then the fixed layout (Tk103ProtocolDecoderTest.java:37)', () => {
    const d = decode('(044027395704BQ81,ALARM,1,164,151101A2238.5237N11349.4571E0.7031241010.0000,00000000)');
    expect(d.attributes.alarm).toBe('overspeed');
    expect(at(d, 'tk103.location.alarm_keyword')).toEqual([18, 23, 'ALARM']);
    expect(at(d, 'tk103.location.alarm_type')).toEqual([24, 25, 1]);
    expect(d.positions[0]).toMatchObject({ time: '2015-11-01T12:41:01.000Z', course: 0 });
  });

  it('ZC11 / ZC13 / ZC17 name their alarm (Tk103ProtocolDecoderTest.java:188, :194, :65)', () => {
    expect(decode('(013632651491,ZC11,040613,A,2234.0297N,11405.9101E,000.0,040137,178.48)').attributes.alarm).toBe('movement');
    expect(decode('(013632651491,ZC13,040613,A,2234.0297N,11405.9101E,000.0,040137,178.48)').attributes.alarm).toBe('powerCut');
    const z = decode('(864768011069660,ZC17,250517,A,3211.7118N,03452.8086E,0.68,115525,208.19,64.50,9)');
    expect(z.attributes.alarm).toBe('removing');
    expect(at(z, 'tk103.location.extra')).toEqual([72, 80, ',64.50,9']);
    expect(issueIds(z)).toEqual(['tk103.extra_not_decoded']);
  });
});

describe('tk103 status, network and battery messages', () => {
  it('ZC20: battery level code, voltages in 0.01 V and 0.1 V (Tk103ProtocolDecoderTest.java:114)', () => {
    const s = '(013632651491,ZC20,040613,040137,6,421,112,0)';
    const d = decode(s);
    expect(d.messageType).toBe('battery');
    expect(d.positions).toEqual([]);
    expect(d.attributes).toEqual({ batteryLevel: 100, battery: 4.21, power: 11.2 });
    expect(at(d, 'tk103.battery.level')).toEqual([33, 34, 6]);
    expect(at(d, 'tk103.battery.voltage')).toEqual([35, 38, 421]);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('ZC20 leaves out 65535 (unknown) voltages (Tk103ProtocolDecoderTest.java:117)', () => {
    expect(decode('(864768010159785,ZC20,291015,030413,3,362,65535,255)').attributes).toEqual({ batteryLevel: 20, battery: 3.62 });
  });

  it('DW51: cell, Wi-Fi access points and time, movement alarm, no position (Tk103ProtocolDecoderTest.java:215)', () => {
    const s = '(864555555555555,DW51,200,1,3215,43370,2,58:F3:BB:3B:AA:82*-65*1,1C:6A:BB:AA:81:95*-78*1,151117,154419)';
    const d = decode(s);
    expect(d.attributes).toEqual({ alarm: 'movement' });
    expect(d.positions).toEqual([]);
    expect(at(d, 'tk103.lbs.mcc')).toEqual([22, 25, 200]);
    expect(at(d, 'tk103.lbs.mac')).toEqual([41, 58, '58:F3:BB:3B:AA:82']);
    expect(at(d, 'tk103.lbs.rssi')).toEqual([59, 62, -65]);
    expect(findNode(d.tree, 'tk103.lbs')!.children!.filter((n) => n.id === 'tk103.lbs.wifi')).toHaveLength(2);
    expect(at(d, 'tk103.lbs.time')).toEqual([96, 102, '154419']);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('BZ00 with a cell list: one group per {mcc,mnc,lac,cid}, hex odometer (Tk103ProtocolDecoderTest.java:21)', () => {
    const s = '(027046434858BZ00,{460,0,20949,58711}\n{460,0,20494,54003}\n{460,0,20951,19569}\n,01000000)';
    const d = decode(s);
    const cells = findNode(d.tree, 'tk103.cells')!.children!.filter((n) => n.id === 'tk103.cells.cell');
    expect(cells).toHaveLength(3);
    expect(cells[0]!.children!.map((n) => n.value)).toEqual([460, 0, 20949, 58711]);
    expect([cells[0]!.start, cells[0]!.end]).toEqual([18, 38]);
    expect(d.attributes.odometer).toBe(16777216);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('ZC03: the result between $ signs may hold ) and line breaks (Tk103FrameDecoderTest.java:36)', () => {
    const s = '(86475555555,ZC03,191117,234421,$)Notice:\r\nDevices serial number: \r\n58055555555).\r\nSoftware version:\r\nV2.000,2016/08/23 11:17)$)';
    const d = decode(s);
    expect(d.messageType).toBe('command result');
    expect(d.attributes.result).toBe(')Notice:\r\nDevices serial number: \r\n58055555555).\r\nSoftware version:\r\nV2.000,2016/08/23 11:17)');
    expect(at(d, 'tk103.result.text')![0]).toBe(33);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('BV00 carries the VIN', () => {
    const d = decode('(123456789012BV001HGCM82633A004352)');
    expect(d.attributes.vin).toBe('1HGCM82633A004352');
    expect(at(d, 'tk103.vin')).toEqual([17, 34, '1HGCM82633A004352']);
  });
});

describe('tk103 battery management (BS50, BS51)', () => {
  it('BS50: little-endian hex bytes, cell voltages in mV, temperatures offset by 40 (Tk103ProtocolDecoderTest.java:17)', () => {
    const s = '(352602014867BS500064FF0EF10FF10FF00FF20FF30FF20FF20FF40FF20FF40FF40FF20FF30FF20F0000000000000000000000000000000000000000000000001663000000010004000000000000000002444444420000000000A00FA000000000000000200000000315E2000000)';
    const d = decode(s);
    expect(d.attributes.batteryTemp2).toBe(26);
    expect(d.attributes.battery1).toBe(4.081);
    expect(d.attributes.battery14).toBe(4.082);
    expect(d.attributes.battery15).toBeUndefined();
    expect(at(d, 'tk103.bms.header')).toEqual([17, 23, '0064FF']);
    expect(at(d, 'tk103.bms.cell_count')).toEqual([23, 25, 14]);
    expect(at(d, 'tk103.bms.cell_voltage')).toEqual([25, 29, 0x0ff1]);
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });

  it('BS51: <key>:<hex> records, 90/91/92/96 decoded, the rest raw (Tk103ProtocolDecoderTest.java:14)', () => {
    const s = '(007030201454BS5190:02150000753001DC,91:0EE8060EDC0A01DC,92:42014201DC0A01DC,93:00010127000037C8,94:0E01000002000000,95:020EE10EE20EE800030EE40EE00EE700040EDD0EE40EE400050EDC0EDF0EE400,96:0142000000000000,97:0000000000000000,98:0000000000000000)';
    const d = decode(s);
    expect(d.attributes).toMatchObject({ cumulativeVoltage: 53.3, current: 0, soc: 47.6, maxCellVoltage: 3.816, minCellVoltage: 3.804, maxTemp: 26, cellTemp1: 26 });
    const records = findNode(d.tree, 'tk103.bms')!.children!;
    expect(records).toHaveLength(9);
    expect(records[3]!.children!.map((n) => n.id)).toEqual(['tk103.bms.key', 'tk103.bms.value']);
    expect(records[3]!.children![1]!.issues![0]!.id).toBe('tk103.extra_not_decoded');
    expect(coverageGaps(d.tree, bytes(s))).toEqual([]);
  });
});

describe('tk103 bad input is data', () => {
  it('shows a body of no known layout as a named raw node (Tk103ProtocolDecoderTest.java:87)', () => {
    const d = decode('(027028258309BQ86,0,05550c21b10d1d0f431008bd114c0ea5078400010007a100423932,161117005322,01000001)');
    expect(d.messageCode).toBe('BQ86');
    expect(d.positions).toEqual([]);
    expect(at(d, 'tk103.body')![0]).toBe(17);
    expect(issueIds(d)).toEqual(['tk103.body_not_decoded']);
  });

  it('keeps the fields of a truncated frame and marks it', () => {
    const d = decode('(088047365460BR00151024A2555.3531S02855');
    expect(d.deviceId).toBe('088047365460');
    expect(at(d, 'tk103.command')).toEqual([13, 17, 'BR00']);
    expect(issueIds(d)).toContain('tk103.missing_end');
    expect(d.positions).toEqual([]);
  });

  it('flags an unknown command and a missing header', () => {
    expect(issueIds(decode('(123456789012XY99HELLO)'))).toEqual(['tk103.unknown_command', 'tk103.body_not_decoded']);
    const n = decode('(hello)');
    expect(issueIds(n)).toEqual(['tk103.no_header']);
    expect(at(n, 'tk103.body')).toEqual([1, 6, 'hello']);
  });
});

describe('tk103 splitter', () => {
  const a = '(087073005534BP00HSO)';
  const b = '(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)';
  it('waits for the rest of a frame split across chunks', () => {
    expect(tk103.split(bytes(b.slice(0, 30)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(tk103.split(bytes(b)).frames).toEqual([{ start: 0, end: b.length }]);
  });
  it('cuts two frames from one chunk', () => {
    const r = tk103.split(bytes(a + b));
    expect(r.frames).toEqual([{ start: 0, end: a.length }, { start: a.length, end: a.length + b.length }]);
    expect(r.consumed).toBe(a.length + b.length);
  });
  it('skips garbage before a frame, $ signs and ) in it included (Tk103FrameDecoderTest.java:28)', () => {
    const g = 'garbage%@#*^$-+<>?$)))$$--';
    const r = tk103.split(bytes(g + a + '(0870'));
    expect(r.garbage).toEqual([{ start: 0, end: g.length }]);
    expect(r.frames).toEqual([{ start: g.length, end: g.length + a.length }]);
    expect(r.consumed).toBe(g.length + a.length);
  });
  it('does not end a frame at a ) inside $…$ free text (Tk103FrameDecoderTest.java:36, :40)', () => {
    const res = '(86475555555,ZC03,191117,234421,$)Notice: 58055555555).$)';
    expect(tk103.split(bytes(res + a)).frames[0]).toEqual({ start: 0, end: res.length });
    const open = '(86475555555,ZC03,191117,234421,$)Notice: 58055555555).)' + a;
    expect(tk103.split(bytes(open))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('resynchronises at an inner ( when the outer one has no header', () => {
    const r = tk103.split(bytes('(xx' + a));
    expect(r.garbage).toEqual([{ start: 0, end: 3 }]);
    expect(r.frames).toEqual([{ start: 3, end: 3 + a.length }]);
  });
  it('gives up on a ( with no ) within 1024 bytes', () => {
    const r = tk103.split(bytes('(' + 'x'.repeat(1100) + a));
    expect(r.garbage).toEqual([{ start: 0, end: 1101 }]);
    expect(r.frames).toEqual([{ start: 1101, end: 1101 + a.length }]);
  });
});

describe('tk103 detection', () => {
  it('names the id and the known command in its evidence', () => {
    const [c] = detect(bytes('(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('tk103');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['12-character device id 088047365460 + known command BR00 (Isochronous feedback)', "closing ')'"]));
  });
  it("does not claim other '(' protocols: JT600 text, the JT808 text variant", () => {
    // Jt600ProtocolDecoderTest.java:122, Jt808ProtocolDecoderTest.java:211
    expect(tk103.detect(bytes('(3120820029,W01,02553.3555,E,2438.0997,S,A,171012,053339,0,8,20,6,31,5,20,20)'), { transport: 'tcp' }).score).toBe(0);
    expect(tk103.detect(bytes('(794104004140,1,001,BASE,2,TIME)'), { transport: 'tcp' }).score).toBe(0);
    expect(tk103.detect(bytes('(7560405553,@JT)'), { transport: 'tcp' }).score).toBe(0);
  });
  it('scores an unknown command lower than a known one', () => {
    const known = tk103.detect(bytes('(123456789012BP00HSO)'), { transport: 'tcp' }).score;
    const unknown = tk103.detect(bytes('(123456789012XY99HSO)'), { transport: 'tcp' }).score;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown).toBeLessThan(known);
  });
});
