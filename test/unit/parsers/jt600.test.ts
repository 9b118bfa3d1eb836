import { describe, expect, it } from 'vitest';
import { jt600 } from '../../../parsers/jt600';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { walk } from '../../helpers/tree';
import { coverageGaps } from '../../corpus/evaluate';

const ascii = (t: string) => new TextEncoder().encode(t);
const text = (b: Uint8Array | null) => (b ? new TextDecoder('latin1').decode(b) : null);
const up = { transport: 'tcp', direction: 'up' } as const;
const range = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id)!;
  return [n.start, n.end];
};
const value = (d: DecodedFrame, id: string) => findNode(d.tree, id)?.value;
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);
const decodeAll = (f: Uint8Array) => {
  const d = jt600.decode(f, up);
  return { d, answer: text(jt600.respond(f, d)) };
};

// Jt600ProtocolDecoderTest.java:105 — short form, layout 1, one record
const SHORT_V1 = '24311021600111001b16021105591022329862114046227b0598095080012327951435161f';
// Jt600ProtocolDecoderTest.java:42 — short form, layout 2, six records
const SHORT_V2_BATCH = '2440811188882400a209060908045322564025113242329f0598000001003f0000002d0009060908050322564025113242329f0598000001003f0000002d0009060908051322564025113242329f0598000001003f0000002d0009060908052322564025113242329f0598000001003f0000002d0009060908053322564025113242329f0598000001003f0000002d0009060908054322564025113242329f0598000001003f0000002d001f';
// Jt600FrameDecoderTest.java:21 — short form, layout 3 (fuel sensors packed in bits)
const SHORT_V3 = '24657060730131001b13111710361906538525079524797f000000000000000003f300036c';
// Jt600ProtocolDecoderTest.java:24 — long form, protocol version 0x01, status bit 5 set
const LONG_01 = '2480433966040111002718031919195822424550114158888e15a40000f124080000000000f00f110a24991900000df0c7';
// Jt600FrameDecoderTest.java:25 — long form, protocol version 0x19, status bit 5 set, index 0x6e
const LONG_19 = '2480413009781914003406102107544354193631006213423b00000000006c070000000020e064f91ea0671d00020f0f0f0f0f0f0f0f0f0f07f100ea0f6e';
// Jt600ProtocolDecoderTest.java:118
const W01 = '(3110312099,W01,11404.6204,E,2232.9961,N,A,040511,063736,4,7,100,4,17,1,1,company)';
// Jt600ProtocolDecoderTest.java:90 — with the XOR check code 33
const U01 = '(3460311327,U01,220916,135251,T,9.552607,N,13.658292,W,0.31,0,9,0%,00001001000000,11012,10,27,0,0,33)';
// Jt600ProtocolDecoderTest.java:99 — U06 carries an alarm before the date
const U06 = '(3460311327,U06,11,220916,135643,T,9.552553,N,13.658265,W,0.61,0,9,100%,00000001000000,11012,10,30,0,0,126,0,30)';
// Jt600ProtocolDecoderTest.java:27
const P45 = '(8000632862,P45,290322,132412,25.28217,S,57.54683,W,A,0,0,5,0,0000000000,0,0,9,0)';
// Jt600ProtocolDecoderTest.java:17 — WLNET peripheral report, temperature 27.5 °C (unescaped form)
const WLNET = '28373530303331333630392c32332c32392c574c4e45542c352c322c22071916311822350966113549495e1f232207191622591190702002fe0117623c0101134700000029';
// Jt600FrameDecoderTest.java:13 (Traccar, not in the corpus) — a WLNET frame as on the wire, '(' escaped as 3d 15
const WLNET_WIRE = '28383035343230313937332c312c3136382c574c4e45542c352c322c3d15022508595325169288057327940900003d1502250859551021220618730140644701011d4300000029';
const WLNET_PLAIN = '28383035343230313937332c312c3136382c574c4e45542c352c322c28022508595325169288057327940900002802250859551021220618730140644701011d4300000029';

describe('jt600 binary, short form', () => {
  it('places header, id, data type, length and the 17-byte location block (java:105)', () => {
    const f = fromHex(SHORT_V1);
    const { d, answer } = decodeAll(f);
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('0x11');
    expect(d.deviceId).toBe('3110216001');
    expect(range(d, 'jt600.device_id')).toEqual([1, 6]);
    expect(range(d, 'jt600.data_type')).toEqual([6, 7]);
    expect([...range(d, 'jt600.length'), value(d, 'jt600.length')]).toEqual([7, 9, 27]);
    expect(range(d, 'jt600.location.time')).toEqual([9, 15]);
    expect(range(d, 'jt600.location.latitude')).toEqual([15, 19]);
    expect(range(d, 'jt600.location.longitude')).toEqual([19, 24]);
    expect(range(d, 'jt600.location.flags')).toEqual([23, 24]);
    expect(value(d, 'jt600.location.flags')).toBe(0xb);
    expect(range(d, 'jt600.location.speed')).toEqual([24, 25]);
    expect(value(d, 'jt600.location.course')).toBe(304);
    expect([...range(d, 'jt600.v1.altitude'), value(d, 'jt600.v1.altitude')]).toEqual([29, 31, 291]);
    expect([...range(d, 'jt600.index'), value(d, 'jt600.index')]).toEqual([36, 37, 0x1f]);
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p).toMatchObject({ time: '2011-02-16T05:59:10.000Z', valid: true, speedKnots: 5, course: 304, altitude: 291, satellites: 9 });
    expect(p.lat).toBeCloseTo(22.54977, 5);
    expect(p.lon).toBeCloseTo(-114.07705, 4);
    expect(d.attributes).toEqual({ sat: 9, power: 80, rssi: 0x16 });
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(answer).toBeNull();
  });

  it('gives one position per 27-byte record of a batch, each in its own group (java:42)', () => {
    const f = fromHex(SHORT_V2_BATCH);
    const d = jt600.decode(f, up);
    expect(value(d, 'jt600.length')).toBe(162);
    expect(d.positions.map((p) => p.time)).toEqual(['04:53', '05:03', '05:13', '05:23', '05:33', '05:43'].map((t) => `2009-06-09T08:${t}.000Z`));
    const records = [...walk(d.tree)].filter((n) => n.id === 'jt600.record');
    expect(records.map((n) => [n.start, n.end])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [9 + 27 * i, 36 + 27 * i]));
    expect(records[0]!.label).toBe('Record 1 of 6');
    expect(value(d, 'jt600.v2.odometer')).toBe(45);
    expect(d.attributes).toMatchObject({ odometer: 45000, fuel: 0, charge: true, ignition: false });
    expect(range(d, 'jt600.index')).toEqual([171, 172]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('unpacks layout 3 (12+12+12+20+24 bits) onto the bytes each value touches (FrameDecoderTest:21)', () => {
    const d = jt600.decode(fromHex(SHORT_V3), up);
    expect(range(d, 'jt600.v3.fuel1')).toEqual([26, 28]);
    expect(range(d, 'jt600.v3.fuel2')).toEqual([27, 29]);
    expect(range(d, 'jt600.v3.odometer')).toEqual([30, 33]);
    expect([...range(d, 'jt600.v3.status'), value(d, 'jt600.v3.status')]).toEqual([33, 36, 0xf30003]);
    expect(d.attributes).toMatchObject({ fuel1: 0, odometer: 3000, ignition: true, status: 0xf30003 });
    expect(d.positions[0]).toMatchObject({ time: '2017-11-13T10:36:19.000Z', valid: true, lat: 6.897542, lon: 79.874662 });
  });

  it('reads a non-BCD speed digit by digit as Traccar does, and says so', () => {
    // Jt600ProtocolDecoderTest.java:17 — speed byte 0x1f in the WLNET location block
    const d = jt600.decode(fromHex(WLNET), up);
    expect(d.positions[0]!.speedKnots).toBe(25);
    expect(ids(d)).toEqual(['jt600.speed_not_bcd']);
  });
});

describe('jt600 binary, long form', () => {
  it('reads the protocol version, one 34-byte record and the extension (java:24)', () => {
    const f = fromHex(LONG_01);
    const { d, answer } = decodeAll(f);
    expect(d.deviceId).toBe('8043396604');
    expect([...range(d, 'jt600.protocol_version'), value(d, 'jt600.protocol_version')]).toEqual([6, 7, 1]);
    expect([...range(d, 'jt600.length'), value(d, 'jt600.length')]).toEqual([8, 10, 39]);
    expect(range(d, 'jt600.record')).toEqual([10, 44]);
    expect([...range(d, 'jt600.long.status'), value(d, 'jt600.long.status')]).toEqual([36, 38, 0x00f0]);
    expect(d.attributes).toMatchObject({ odometer: 61732000, sat: 8, batteryLevel: 15, blocked: true, alarm: 'vibration', status: 0xf0 });
    expect(range(d, 'jt600.extension')).toEqual([44, 48]);
    expect(ids(d)).toEqual(['core.undecoded']);
    expect(d.positions[0]).toMatchObject({ time: '2019-03-18T19:19:58.000Z', valid: false, speedKnots: 15, course: 328 });
    expect(coverageGaps(d.tree, f)).toEqual([]);
    // Status bit 5 asks for an answer; protocol version below 0x19 gets (P35).
    expect(answer).toBe('(P35)');
  });

  it('answers (P69,0,<index>) to protocol version 0x19 and reads geofence + reserved (FrameDecoderTest:25)', () => {
    const { d, answer } = decodeAll(fromHex(LONG_19));
    expect(value(d, 'jt600.protocol_version')).toBe(0x19);
    expect(range(d, 'jt600.geofence')).toEqual([44, 45]);
    expect(range(d, 'jt600.reserved')).toEqual([45, 48]);
    expect(value(d, 'jt600.index')).toBe(0x6e);
    expect(answer).toBe('(P69,0,110)');
  });

  it('answers nothing when status bit 5 is clear (java:48)', () => {
    const f = fromHex('2475801263981711002713061813333723501622090221558f012f0000002a070000000020c055b88552191f000f0f0f07');
    const { d, answer } = decodeAll(f);
    expect((value(d, 'jt600.long.status') as number) & 0x20).toBe(0);
    expect(answer).toBeNull();
  });

  it('keeps the fields of a frame cut short and flags the length and the truncation', () => {
    const f = fromHex(LONG_01.slice(0, 60));
    const d = jt600.decode(f, up);
    expect(value(d, 'jt600.device_id')).toBe('8043396604');
    // The 17-byte location block is whole (bytes 10..27): the position is kept.
    expect(d.positions[0]).toMatchObject({ time: '2019-03-18T19:19:58.000Z', course: 328 });
    expect(ids(d)).toEqual(expect.arrayContaining(['jt600.length_mismatch', 'core.truncated']));
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
    expect(jt600.respond(f, d)).toBeNull();
    // Cut inside the location block: no position.
    expect(jt600.decode(fromHex(LONG_01.slice(0, 40)), up).positions).toEqual([]);
  });
});

describe('jt600 text messages', () => {
  it('W01: NMEA-style coordinates, km/h, one leaf per field (java:118)', () => {
    const f = ascii(W01);
    const { d, answer } = decodeAll(f);
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('W01');
    expect(d.deviceId).toBe('3110312099');
    expect(range(d, 'jt600.device_id')).toEqual([1, 11]);
    expect(range(d, 'jt600.command')).toEqual([12, 15]);
    expect(range(d, 'jt600.w01.longitude')).toEqual([16, 26]);
    expect(value(d, 'jt600.w01.longitude')).toBeCloseTo(114 + 4.6204 / 60, 6);
    expect(range(d, 'jt600.w01.latitude')).toEqual([29, 38]);
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p).toMatchObject({ time: '2011-05-04T06:37:36.000Z', valid: true, course: 7 });
    expect(p.lat).toBeCloseTo(22.54994, 5);
    expect(p.lon).toBeCloseTo(114.07701, 5);
    expect(p.speedKnots).toBeCloseTo(4 / 1.852, 6);
    expect(d.attributes).toEqual({ power: 100, gps: 4, rssi: 17, alertType: 1 });
    expect([...walk(d.tree)].filter((n) => n.id === 'jt600.w01.extra').map((n) => n.value)).toEqual(['1', 'company']);
    expect(range(d, 'jt600.end')).toEqual([f.length - 1, f.length]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(answer).toBeNull();
  });

  it('U01: decimal degrees, mph, battery, status bits, and the XOR check code (java:90)', () => {
    const f = ascii(U01);
    const { d, answer } = decodeAll(f);
    expect(d.messageType).toBe('location');
    expect(d.positions[0]).toMatchObject({ time: '2016-09-22T13:52:51.000Z', valid: true, lat: 9.552607, lon: -13.658292, satellites: 9 });
    expect(d.positions[0]!.speedKnots).toBeCloseTo(0.31 * 0.868976, 5);
    expect(d.attributes).toEqual({ sat: 9, batteryLevel: 0, status: 0b00001001000000, rssi: 27, odometer: 0, index: 0 });
    expect([...range(d, 'jt600.checksum'), value(d, 'jt600.checksum')]).toEqual([98, 100, 0x33]);
    const computed = findNode(d.tree, 'jt600.checksum_computed')!;
    expect([computed.value, computed.generated]).toEqual([0x33, true]);
    expect(d.issues).toEqual([]);
    expect(answer).toBe('(S39)');
  });

  it('flags a wrong check code and still decodes', () => {
    const d = jt600.decode(ascii(U01.replace(',33)', ',34)')), up);
    expect(ids(d)).toEqual(['jt600.checksum_incorrect']);
    expect(d.positions).toHaveLength(1);
  });

  it('U06: alarm before the date, extra values kept, answered (S20) (java:99)', () => {
    const { d, answer } = decodeAll(ascii(U06));
    expect(d.messageType).toBe('alarm');
    expect(value(d, 'jt600.u.alarm')).toBe(11);
    expect(d.attributes.event).toBe(11);
    expect([...walk(d.tree)].filter((n) => n.id === 'jt600.u.extra').map((n) => n.value)).toEqual(['126', '0', '30']);
    expect(d.positions[0]!.time).toBe('2016-09-22T13:56:43.000Z');
    expect(answer).toBe('(S20)');
  });

  it('P45: lock event, answered (P69,0,<index>) (java:27)', () => {
    const { d, answer } = decodeAll(ascii(P45));
    expect(d.messageType).toBe('lock event');
    expect(d.positions[0]).toMatchObject({ time: '2022-03-29T13:24:12.000Z', valid: true, lat: -25.28217, lon: -57.54683 });
    expect(d.attributes).toEqual({ eventSource: 5, index: 9 });
    expect(value(d, 'jt600.p45.rfid')).toBe('0000000000');
    expect(answer).toBe('(P69,0,9)');
  });

  it('U04 and @JT carry no position and get no answer (java:84; FrameDecoderTest:53)', () => {
    for (const [t, type] of [['(3301210003,U04)', 'U04'], ['(7560405553,@JT)', 'heartbeat']] as const) {
      const f = ascii(t);
      const { d, answer } = decodeAll(f);
      expect(d.messageType).toBe(type);
      expect(d.positions).toEqual([]);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, f)).toEqual([]);
      expect(answer).toBeNull();
    }
  });

  it('U09 (two trip fixes Traccar does not decode) is shown as plain values, no position (java:128)', () => {
    const f = ascii('(6221107674,2,U09,129,2,A,280513113036,E,02711.0500,S,1721.0876,A,030613171243,E,02756.7618,S,2300.0325,3491,538200,14400,1)');
    const d = jt600.decode(f, up);
    expect(d.messageCode).toBe('U09');
    expect(value(d, 'jt600.prefix')).toBe('2');
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(['jt600.unknown_layout']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('WLNET: location block and temperature/humidity sensor after the sixth comma (java:17)', () => {
    const f = fromHex(WLNET);
    const { d, answer } = decodeAll(f);
    expect(d.messageType).toBe('peripheral');
    expect(d.deviceId).toBe('7500313609');
    expect(range(d, 'jt600.location.time')).toEqual([28, 34]);
    expect([...range(d, 'jt600.wlnet.temperature'), value(d, 'jt600.wlnet.temperature')]).toEqual([62, 64, 0x0113]);
    expect(d.attributes).toEqual({ sensorBattery: 2.79, sensorBatteryLevel: 98, sensorRssi: -60, temp1: 27.5, humidity: 71 });
    expect(d.positions[0]).toMatchObject({ time: '2019-07-22T16:31:18.000Z', valid: false });
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(answer).toBeNull();
  });

  it('undoes 3d escapes: nodes cover both wire bytes, plain() gives the unescaped frame', () => {
    const wire = fromHex(WLNET_WIRE);
    expect(toHex(jt600.plain!(wire))).toBe(WLNET_PLAIN);
    const d = jt600.decode(wire, up);
    // The location block starts with an escaped '(' (3d 15): 6 plain bytes over 7 wire bytes.
    expect(range(d, 'jt600.location.time')).toEqual([28, 35]);
    expect(d.positions[0]).toMatchObject({ time: '2025-02-28T08:59:53.000Z', valid: true });
    expect(d.attributes.temp1).toBe(28.5);
    expect(coverageGaps(d.tree, wire)).toEqual([]);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(wire.length);
  });

  it('flags a message without its closing ")"', () => {
    const d = jt600.decode(ascii(W01.slice(0, -1)), up);
    expect(ids(d)).toContain('jt600.unterminated');
    expect(jt600.respond(ascii(W01.slice(0, -1)), d)).toBeNull();
  });
});

describe('jt600 splitter', () => {
  const three = fromHex('24315011626912001b21111718095900000000000000000e0000005c00000000000000000024315011626912001b22111708130400000000000000000e0000005a00000000000000000024315011626912001b22111708140400000000000000000e0000005a000000723e18a61b01');

  it('cuts binary frames by their length field, text frames at ")" (FrameDecoderTest:33)', () => {
    const r = jt600.split(three);
    expect(r.frames).toEqual([{ start: 0, end: 37 }, { start: 37, end: 74 }, { start: 74, end: 111 }]);
    expect(r.consumed).toBe(111);
  });

  it('waits for the rest of a frame split across chunks', () => {
    const b = fromHex(SHORT_V1);
    expect(jt600.split(b.subarray(0, 5))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(jt600.split(b.subarray(0, 20))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(jt600.split(ascii(W01.slice(0, 30)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(jt600.split(b).frames).toEqual([{ start: 0, end: b.length }]);
  });

  it('cuts a text and a binary frame from one chunk', () => {
    const b = new Uint8Array([...ascii(W01), ...fromHex(SHORT_V1)]);
    expect(jt600.split(b)).toEqual({ frames: [{ start: 0, end: W01.length }, { start: W01.length, end: b.length }], garbage: [], consumed: b.length });
  });

  it('resynchronises after garbage and reports it', () => {
    const b = new Uint8Array([...ascii('\r\nxx$zz'), ...ascii(U01)]);
    const r = jt600.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 7 }]);
    expect(r.frames).toEqual([{ start: 7, end: b.length }]);
  });

  it('drops a "(" whose message is cut short by the next "(<digit>"', () => {
    const b = ascii('(3110312099,W01,114' + U01);
    const r = jt600.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 19 }]);
    expect(r.frames).toEqual([{ start: 19, end: b.length }]);
  });

  it('gives up on a "(" with no ")" within 1 KiB and on a "$" whose length is out of bounds', () => {
    const r = jt600.split(ascii('(3110312099,' + '1'.repeat(1100)));
    expect(r.frames).toEqual([]);
    expect(r.consumed).toBe(1112);
    const big = fromHex('24311021600111ffff' + '00'.repeat(20));
    expect(jt600.split(big).frames).toEqual([]);
    expect(jt600.split(big).consumed).toBe(big.length);
  });

  it('cuts the escaped WLNET frame at its real ")"', () => {
    const wire = fromHex(WLNET_WIRE);
    expect(jt600.split(wire).frames).toEqual([{ start: 0, end: wire.length }]);
  });
});

describe('jt600 detection', () => {
  it('explains a binary frame by its length field and BCD time', () => {
    const r = jt600.detect(fromHex(SHORT_V1), { transport: 'tcp' });
    expect(r.score).toBeGreaterThan(0.9);
    expect(r.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['length 27 + 10 = frame length (short form)', 'first record time 2011-02-16T05:59:10.000Z (BCD ddmmyy hhmmss)']));
  });

  it('explains a text frame by its 10-digit id and command', () => {
    const r = jt600.detect(ascii(U01), { transport: 'tcp' });
    expect(r.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['10-digit terminal id', 'command U01', 'XOR check code ok']));
    expect(detect(ascii(U01), { transport: 'tcp' }, PROTOCOLS)[0]?.protocol).toBe('jt600');
  });

  it('does not claim h02 "$" binary (BCD time where jt600 has its length) or tk103 "(" text', () => {
    for (const f of loadCorpus().filter((x) => x.protocol === 'h02' || x.protocol === 'tk103')) {
      expect(jt600.detect(fromHex(wireHex(f)), { transport: 'tcp' }).score, f.source).toBe(0);
    }
  });

  it('ranks jt600 first for every corpus decoder frame', () => {
    for (const f of loadCorpus('jt600').filter((x) => x.stage === 'decoder')) {
      expect(detect(fromHex(wireHex(f)), { transport: 'tcp' }, PROTOCOLS)[0]?.protocol, f.source).toBe('jt600');
    }
  });
});
