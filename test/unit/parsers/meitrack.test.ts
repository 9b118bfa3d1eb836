import { describe, expect, it } from 'vitest';
import { meitrack } from '../../../parsers/meitrack';
import { concatBytes, fromHex, latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('meitrack');
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** A corpus frame's wire bytes by its source reference. */
const wire = (source: string) => fromHex(wireHex(corpus.find((f) => f.source === source)!));
const range = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id)!;
  return [n.start, n.end, n.value];
};

// MeitrackProtocolDecoderTest.java:125
const AAA = '$$G145,862106024274815,AAA,35,-1.287125,36.906061,150530054639,A,10,13,12,67,0.8,1621,38359791,42330881,639|2|FB2|2F3,0000,3|0|0|A58|432,,,1,0009,*26\r\n';
// MeitrackProtocolDecoderTest.java:52
const D82 = '$$u28,864606044993987,D82,0*D6\r\n';
// MeitrackProtocolDecoderTest.java:173
const CCC = '24245838362c3336393830303031343039303032312c4343432c020134000100000023381f91ffe354b806c5e3121b0009130000000000000000d33801007cbf0200fe0101000435feeb02000500a3010000000000002a62650d0a';
// MeitrackProtocolDecoderTest.java:25
const CCE = '2424483136302c3836323039303035303436323733362c4343452c0000000001007e0018000705010609071714001500fe69601b0008080000093e010a0b000b4f001608001993011af40440230006028e03a0ff036bc85d06046b1f582e0cbc1100000dfd8507001c01000000030e0cfe010a00de0419019a06a1fffe731a010554656d7031ac233faf076e645df5913200000000000000004b060101034c54452a39450d0a';

describe('meitrack AAA position report', () => {
  const frame = ascii(AAA);
  const d = meitrack.decode(frame);

  it('places $$, flag, length, IMEI and command', () => {
    expect(range(d.tree, 'meitrack.start')).toEqual([0, 2, '$$']);
    expect(range(d.tree, 'meitrack.flag')).toEqual([2, 3, 'G']);
    expect(range(d.tree, 'meitrack.length')).toEqual([3, 6, 145]);
    expect(range(d.tree, 'meitrack.imei')).toEqual([7, 22, '862106024274815']);
    expect(range(d.tree, 'meitrack.command')).toEqual([23, 26, 'AAA']);
    expect(d.deviceId).toBe('862106024274815');
    expect(d.messageType).toBe('position report');
    expect(d.messageCode).toBe('AAA');
  });

  it('decodes event, coordinates, time and the fix, one node per field', () => {
    expect(range(d.tree, 'meitrack.aaa.event')).toEqual([27, 29, 35]);
    expect(range(d.tree, 'meitrack.aaa.latitude')).toEqual([30, 39, -1.287125]);
    expect(range(d.tree, 'meitrack.aaa.longitude')).toEqual([40, 49, 36.906061]);
    expect(range(d.tree, 'meitrack.aaa.time')).toEqual([50, 62, '2015-05-30T05:46:39.000Z']);
    expect(range(d.tree, 'meitrack.aaa.base_station').slice(0, 2)).toEqual([104, 117]);
    expect(range(d.tree, 'meitrack.aaa.lac')).toEqual([110, 113, 'FB2']);
    expect(d.positions).toEqual([{ time: '2015-05-30T05:46:39.000Z', valid: true, lat: -1.287125, lon: 36.906061, speedKnots: expect.closeTo(12 / 1.852, 6), course: 67, altitude: 1621, satellites: 10 }]);
  });

  it('turns the I/O, hex analog inputs and fuel into attributes', () => {
    expect(d.attributes).toMatchObject({ event: 35, sat: 10, rssi: 13, hdop: 0.8, odometer: 38359791, runtime: 42330881, input: 0, output: 0, adc1: 3, adc2: 0, adc3: 0, battery: 26.48, power: 10.74, fuel: 0.09 });
    expect(range(d.tree, 'meitrack.aaa.battery')).toEqual([129, 132, 'A58']);
    expect(d.attributes.alarm).toBeUndefined();
  });

  it('checks the byte sum and shows the computed one beside it', () => {
    expect(range(d.tree, 'meitrack.checksum')).toEqual([147, 149, 0x26]);
    const computed = findNode(d.tree, 'meitrack.checksum_computed')!;
    expect([computed.start, computed.end, computed.value, computed.generated]).toEqual([147, 149, 0x26, true]);
    expect(range(d.tree, 'meitrack.end')).toEqual([149, 151, '\r\n']);
    expect(d.issues).toEqual([]);
    expect(uncovered(d.tree, frame.length)).toEqual([]);
  });

  it('reads battery and power from the decimal analog form (MeitrackProtocolDecoderTest.java:72)', () => {
    const f = ascii('$$D149,867047043162018,AAA,35,-1.264865,36.800705,211001105240,A,9,20,41.0,323,1,1697,1,0,000|00||,0000,4.33|12.96|1.92|2.72|2.69,0.000000|0|0.000000,*E1\r\n');
    const dd = meitrack.decode(f);
    expect(dd.attributes).toMatchObject({ battery: 4.33, power: 12.96, eventData: '0.000000|0|0.000000' });
    expect(findNode(dd.tree, 'meitrack.aaa.rtc_voltage')!.value).toBe('1.92');
    expect(dd.positions[0]!.speedKnots).toBeCloseTo(41 / 1.852, 6);
  });

  it('maps alarm events the way servers name them (MeitrackProtocolDecoderTest.java:112: event 1)', () => {
    const dd = meitrack.decode(ascii('$$T143,869013024733944,AAA,1,18.459575,-69.947161,170220142912,A,5,15,10,300,1.6,115,3989,187884,370|2|5337|2B2C,0100,0000|0000|0000|0964|0B04,,*C2\r\n'));
    expect(dd.attributes).toMatchObject({ event: 1, alarm: 'sos', input: 1, output: 0 });
  });

  it('flags a bad checksum and still decodes the report (MeitrackProtocolDecoderTest.java:65)', () => {
    const f = ascii('$$F160,861412043027965,AAA,22,45.499458,-82.493581,220718171428,V,0,0,0,0,0.0,0,227940,119812,302|220|D8D6|086E1B2B,0000,0000|0000|0000|0191|0573,,,3,,002134,0,0*FA\r\n');
    const dd = meitrack.decode(f);
    expect(dd.issues.map((i) => i.id)).toEqual(['meitrack.checksum_incorrect']);
    expect(findNode(dd.tree, 'meitrack.checksum_computed')!.value).toBe(0xfe);
    expect(dd.attributes).toMatchObject({ power: 13.95, battery: 4.01, temp0: 85, alarm: 'powerRestored' });
    expect(dd.positions[0]).toMatchObject({ valid: false, lat: 45.499458, lon: -82.493581 });
  });

  it('reads an AFF report after its cache index (MeitrackProtocolDecoderTest.java:170)', () => {
    const dd = meitrack.decode(ascii('$$J163,123123123123123,AFF,0004,35,58.588926,16.180473,140928192856,A,10,27,0,161,1.2,19,1648894,435695,240|24|88B9|E435,0000,|||0A22|0000,00000001,,50,,,,,,,,,,,,,*70\r\n'));
    expect(range(dd.tree, 'meitrack.aaa.serial')).toEqual([27, 31, '0004']);
    expect(range(dd.tree, 'meitrack.aaa.event')).toEqual([32, 34, 35]);
    expect(dd.positions[0]).toMatchObject({ time: '2014-09-28T19:28:56.000Z', lat: 58.588926, lon: 16.180473 });
    expect(dd.issues.map((i) => i.id)).toEqual(['meitrack.imei_luhn', 'meitrack.checksum_incorrect']);
  });

  it('keeps a report whose length field is off by one and says so (MeitrackProtocolDecoderTest.java:121)', () => {
    const dd = meitrack.decode(wire('MeitrackProtocolDecoderTest.java:121'));
    expect(dd.positions[0]).toMatchObject({ time: '2015-07-30T18:48:34.000Z', valid: true, lat: 40.99637, lon: -8.575065 });
    expect(dd.issues.map((i) => i.id)).toEqual(['meitrack.length_mismatch', 'meitrack.checksum_incorrect']);
  });
});

describe('meitrack CCC compressed positions', () => {
  const frame = fromHex(CCC);
  const d = meitrack.decode(frame);

  it('decodes the 52-byte packet after version, packet length and remaining cache', () => {
    expect(range(d.tree, 'meitrack.ccc.version')).toEqual([26, 28, 0x0102]);
    expect(range(d.tree, 'meitrack.ccc.packet_length')).toEqual([28, 30, 52]);
    expect(range(d.tree, 'meitrack.ccc.remaining')).toEqual([30, 34, 1]);
    expect(range(d.tree, 'meitrack.ccc.record').slice(0, 2)).toEqual([34, 86]);
    expect(range(d.tree, 'meitrack.ccc.latitude')).toEqual([35, 39, -7266504]);
    expect(range(d.tree, 'meitrack.ccc.time')).toEqual([43, 47, 454222789]);
    expect(d.positions).toEqual([{ time: '2014-05-24T04:59:49.000Z', valid: false, lat: -7.266504, lon: 112.743651, speedKnots: 0, course: 0, altitude: 0, satellites: 9 }]);
    expect(d.attributes).toMatchObject({ event: 35, rssi: 19, odometer: 80083, runtime: 180092, battery: 4.19, packets: 1, cacheRemaining: 1 });
  });

  it('reads a lowercase checksum', () => {
    expect(range(d.tree, 'meitrack.checksum')).toEqual([87, 89, 0xbe]);
    expect(d.issues.filter((i) => i.group === 'checksum')).toEqual([]);
    expect(uncovered(d.tree, frame.length)).toEqual([]);
  });

  it('answers with the number of packets received so the device deletes them', () => {
    expect(latin1(meitrack.respond(frame, d)!)).toBe('@@X27,369800014090021,CCC,1*E4\r\n');
  });

  it('counts all 18 packets of a longer batch in the answer (MeitrackProtocolDecoderTest.java:177)', () => {
    const f = wire('MeitrackProtocolDecoderTest.java:177');
    const dd = meitrack.decode(f);
    expect(dd.positions).toHaveLength(18);
    expect(dd.positions[17]).toMatchObject({ time: '2014-01-03T12:56:59.000Z', valid: true, lat: 50.652142, lon: 14.72718 });
    expect(latin1(meitrack.respond(f, dd)!)).toBe('@@G28,369800013460674,CCC,18*1A\r\n');
  });
});

describe('meitrack CCE parameter lists', () => {
  const frame = fromHex(CCE);
  const d = meitrack.decode(frame);

  it('places the packet header and the four parameter lists', () => {
    expect(range(d.tree, 'meitrack.cce.remaining')).toEqual([27, 31, 0]);
    expect(range(d.tree, 'meitrack.cce.packet_count')).toEqual([31, 33, 1]);
    expect(range(d.tree, 'meitrack.cce.record').slice(0, 2)).toEqual([33, 161]);
    expect(range(d.tree, 'meitrack.cce.record_length')).toEqual([33, 35, 126]);
    expect(range(d.tree, 'meitrack.cce.id_count')).toEqual([35, 37, 24]);
    expect(range(d.tree, 'meitrack.cce.params1').slice(0, 2)).toEqual([37, 53]);
    expect(range(d.tree, 'meitrack.cce.fix')).toEqual([39, 40, 1]);
    expect(uncovered(d.tree, frame.length)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('decodes the fix from IDs 02/03/04 (2000-based seconds) and 08/09/0B', () => {
    expect(d.positions).toHaveLength(1);
    expect(d.positions[0]).toMatchObject({ time: '2024-08-21T03:45:47.000Z', valid: true, satellites: 9, course: 318, altitude: 79 });
    expect(d.positions[0]!.lat).toBeCloseTo(-6.290546, 6);
    expect(d.attributes).toMatchObject({ event: 35, batteryLevel: 96, battery: 4.03, power: 12.68 });
  });

  it('decodes a BLE tag (ID FE73): name, battery, temperature ÷ 256', () => {
    const tag = findNode(d.tree, 'meitrack.cce.tag_name')!;
    expect([tag.start, tag.end, tag.value]).toEqual([129, 134, 'Temp1']);
    expect(d.attributes).toMatchObject({ tagName: 'Temp1', tagBattery: 100, tagTemp: -10.63671875 });
  });

  it('derives the image path of an alarm file (ID FE31, MeitrackProtocolDecoderTest.java:21)', () => {
    const f = wire('MeitrackProtocolDecoderTest.java:21');
    const dd = meitrack.decode(f);
    expect(range(dd.tree, 'meitrack.cce.file')).toEqual([125, 151, '20250607122041_CH1_dca.jpg']);
    expect(dd.attributes).toMatchObject({ image: '2025-06-07/20250607122041_CH1_dca.jpg', alarmType: 7 });
    expect(dd.issues.map((i) => i.id)).toEqual(['meitrack.unknown_param', 'meitrack.unknown_param', 'meitrack.unknown_param']);
  });

  it('reads the battery levels of ID FEA8 (MeitrackProtocolDecoderTest.java:37)', () => {
    const dd = meitrack.decode(wire('MeitrackProtocolDecoderTest.java:37'));
    expect(dd.attributes).toMatchObject({ battery2Level: 88, battery3Level: 56 });
    const levels = [...walk(dd.tree)].filter((n) => n.id === 'meitrack.cce.battery_level');
    expect(levels.map((n) => [n.start, n.end, n.value])).toEqual([[151, 152, 1], [153, 154, 88], [155, 156, 56]]);
  });

  it('returns one position per packet (MeitrackProtocolDecoderTest.java:44)', () => {
    const dd = meitrack.decode(wire('MeitrackProtocolDecoderTest.java:44'));
    expect(dd.positions).toHaveLength(3);
    expect(dd.attributes.batteryLevel).toBe(77);
    expect(meitrack.respond(wire('MeitrackProtocolDecoderTest.java:44'), dd)).toBeNull();
  });
});

describe('meitrack command replies and pictures', () => {
  it('gives a reply as result, with no position (MeitrackProtocolDecoderTest.java:52)', () => {
    const f = ascii(D82);
    const d = meitrack.decode(f);
    expect(d.attributes.result).toBe('D82,0');
    expect(d.positions).toEqual([]);
    expect(range(d.tree, 'meitrack.reply_text')).toEqual([26, 27, '0']);
    expect(d.issues.map((i) => i.id)).toEqual(['meitrack.length_mismatch']);
    expect(meitrack.respond(f, d)).toBeNull();
  });

  it('asks for the first picture packet after D03 (MeitrackProtocolDecoderTest.java:118)', () => {
    const f = ascii('$$D28,353358017784062,D03,OK*F3\r\n');
    const d = meitrack.decode(f);
    expect(d.attributes.result).toBe('D03,OK');
    expect(latin1(meitrack.respond(f, d)!)).toBe('@@O46,353358017784062,D00,camera_picture.jpg,0*28\r\n');
  });

  it('confirms AAC (MeitrackProtocolDecoderTest.java:180)', () => {
    const f = ascii('$$z27,861451040910625,AAC,1*D3\r\n');
    expect(latin1(meitrack.respond(f, meitrack.decode(f))!)).toBe('@@z27,861451040910625,AAC,1*0B\r\n');
  });

  it('decodes a server command (@@) it answered with, and answers nothing to it', () => {
    const f = ascii('@@O46,353358017784062,D00,camera_picture.jpg,0*28\r\n');
    const d = meitrack.decode(f, { transport: 'tcp', direction: 'down' });
    expect(range(d.tree, 'meitrack.parameters')).toEqual([26, 46, 'camera_picture.jpg,0']);
    expect(d.attributes).toEqual({ command: 'D00,camera_picture.jpg,0' });
    expect(d.issues).toEqual([]);
    expect(meitrack.respond(f, d)).toBeNull();
  });

  it('keeps a truncated picture packet and flags the missing checksum (MeitrackProtocolDecoderTest.java:85)', () => {
    const f = wire('MeitrackProtocolDecoderTest.java:85');
    const d = meitrack.decode(f);
    expect(d.issues.map((i) => i.id)).toEqual(['meitrack.truncated', 'meitrack.checksum_missing']);
    expect(range(d.tree, 'meitrack.d00.file')).toEqual([28, 58, '180224072614_C1E109_N1U1D1.jpg']);
    expect(range(d.tree, 'meitrack.d00.data').slice(0, 2)).toEqual([64, 1024]);
    expect(d.positions).toEqual([]);
    expect(meitrack.respond(f, d)).toBeNull();
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
  });

  it('asks for the next eight packets after every eighth one', () => {
    // Built for this test: packet 7 of 14, binary data holding `*41\r\n`.
    const f = fromHex('24244134372c3836343530373033313231393937342c4430302c7069632e6a70672c31342c372cffd82a34310d0a002a41300d0a');
    const d = meitrack.decode(f);
    expect(d.issues).toEqual([]);
    expect(range(d.tree, 'meitrack.d00.data')).toEqual([39, 47, 'ffd82a34310d0a00']);
    expect(latin1(meitrack.respond(f, d)!)).toBe('@@O35,864507031219974,D00,pic.jpg,8*AA\r\n');
  });
});

describe('meitrack splitter', () => {
  const aaa = ascii(AAA);
  const d82 = ascii(D82);

  it('cuts two frames from one chunk', () => {
    const r = meitrack.split(concatBytes(aaa, d82));
    expect(r.frames).toEqual([{ start: 0, end: 151 }, { start: 151, end: 183 }]);
    expect(r.consumed).toBe(183);
  });

  it('waits for the rest of a frame split across chunks, then cuts it', () => {
    expect(meitrack.split(aaa.subarray(0, 50))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(meitrack.split(concatBytes(aaa, d82.subarray(0, 20)))).toEqual({ frames: [{ start: 0, end: 151 }], garbage: [], consumed: 151 });
  });

  it('resynchronises after garbage and reports it', () => {
    const r = meitrack.split(concatBytes(ascii('OK\r\n$'), d82));
    expect(r.garbage).toEqual([{ start: 0, end: 4 }, { start: 4, end: 5 }]);
    expect(r.frames).toEqual([{ start: 5, end: 37 }]);
  });

  it('cuts a text frame at its *hh\\r\\n trailer when the length field is wrong (MeitrackProtocolDecoderTest.java:121)', () => {
    const off = wire('MeitrackProtocolDecoderTest.java:121');
    expect(meitrack.split(concatBytes(off, d82)).frames).toEqual([{ start: 0, end: 163 }, { start: 163, end: 195 }]);
  });

  it('cuts binary content by its length field, past a *hh\\r\\n inside the data', () => {
    const pic = fromHex('24244134372c3836343530373033313231393937342c4430302c7069632e6a70672c31342c372cffd82a34310d0a002a41300d0a');
    expect(meitrack.split(concatBytes(pic, fromHex(CCC))).frames).toEqual([{ start: 0, end: 52 }, { start: 52, end: 143 }]);
    expect(meitrack.split(pic.subarray(0, 46))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('gives up on a header whose frame never ends within 10 kB', () => {
    const r = meitrack.split(concatBytes(ascii('$$A20,123456789012345,AAA,'), new Uint8Array(10100).fill(0x31), d82));
    expect(r.garbage[0]).toEqual({ start: 0, end: 10126 });
    expect(r.frames).toEqual([{ start: 10126, end: 10158 }]);
  });
});

describe('meitrack detection', () => {
  it('explains its score with evidence', () => {
    const [c] = detect(ascii(AAA), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('meitrack');
    expect(c!.score).toBeGreaterThan(0.95);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['IMEI 862106024274815 passes Luhn', 'known command AAA (position report)', 'length 145 matches the \\r\\n terminator', 'byte-sum checksum ok']));
  });

  it('scores a bad checksum lower', () => {
    const good = meitrack.detect(ascii(AAA), { transport: 'tcp' }).score;
    const bad = meitrack.detect(ascii(AAA.replace('*26', '*27')), { transport: 'tcp' }).score;
    expect(bad).toBeLessThan(good);
    expect(bad).toBeGreaterThan(0.5);
  });

  it('does not claim Fifotrack or TechtoCruz $$ frames', () => {
    // FifotrackProtocolDecoderTest and TechtoCruzProtocolDecoderTest (Traccar)
    expect(meitrack.detect(ascii('$$118,863003046473534,258,A01,,201007231735,V,3.067783,101.672858,0,176,96,189890,0,A0,03,0,502|19|5C1|93349F,196|4E0|6C,1,*13'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(meitrack.detect(ascii('$$A120,8612345678910,211005105836,A,FLEX,KCB 947C,000.0,0,-1.38047,S,36.93951,E,1648.4,243.140,21,28,12.1,3.7,0,1,0,0,0,*F6'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('meitrack corpus', () => {
  it.each(corpus.filter((f) => f.stage === 'decoder').map((f) => [f.source, f] as const))('%s decodes with every byte covered, the checksum flagged as the corpus says, detected on top', (_s, f) => {
    const bytes = fromHex(wireHex(f));
    const d = meitrack.decode(bytes);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
    }
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    if (f.checksum) expect(d.issues.some((i) => i.group === 'checksum')).toBe(!f.checksum.ok);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    if (f.expect.position || f.expect.positions) expect(d.positions.length).toBeGreaterThan(0);
    expect(detect(bytes, { transport: f.transport }, PROTOCOLS)[0]?.protocol).toBe('meitrack');
  });

  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: the splitter cuts the expected frame', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = meitrack.split(bytes);
    expect(toHex(bytes.subarray(r.frames[0]!.start, r.frames[0]!.end))).toBe(f.expect.frame);
  });
});
