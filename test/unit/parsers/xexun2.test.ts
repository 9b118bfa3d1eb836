import { describe, expect, it } from 'vitest';
import { xexun2, ack, bodyChecksum, plain, stuff } from '../../../parsers/xexun2';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { coverageGaps } from '../../corpus/evaluate';

const decode = (hex: string) => xexun2.decode(fromHex(hex), { transport: 'tcp', direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

// Xexun2ProtocolDecoderTest.java:32: one record, GPS as floats, west longitude
const FLOAT_GPS = 'faaf0014000086220505123456700016f86f0100130065f0b2c200000002010ac63daae045679dd0faaf';
// Xexun2ProtocolDecoderTest.java:28: one record, GNSS in the extended block (position mask bit 7)
const EXT_GNSS = 'faaf0014000c8622050512345670002df3a001002a0062d9047400005e0280001e47001b400d4ba732df505e40b4153aaf78fef00109000000000042b36666faaf';
// Xexun2ProtocolDecoderTest.java:16: three records with Wi-Fi only
const WIFI_ONLY = 'faaf00140004863921033475388000afb7d203003800380038f9608a7b801e0060820205788a205df523d97844fdb90443d37844fdb90465cfb4fbf946b0e8cef639095803f8cc00000002350000004000fa608a7ba81e0060820205788a205df523d97844fdb90443d2f639095803f8cfb4fbf946b0e8ce7844fdb90465cd00000002350000004000fb608a7bd01e0060820205788a205df523d97844fdb90443d2f639095803f8cfb4fbf946b0e8ce7844fdb90465cd00000002350000004000faaf';

describe('xexun2 header', () => {
  const d = decode(FLOAT_GPS);

  it('places flags, type, serial, IMEI, properties and the body checksum', () => {
    expect(d.messageType).toBe('position');
    expect(d.messageCode).toBe('0x0014');
    expect(d.deviceId).toBe('862205051234567');
    expect(at(d, 'xexun2.start')).toEqual([0, 2, 0xfaaf]);
    expect(at(d, 'xexun2.type')).toEqual([2, 4, 0x14]);
    expect(at(d, 'xexun2.index')).toEqual([4, 6, 0]);
    expect(at(d, 'xexun2.imei')).toEqual([6, 14, '8622050512345670']);
    expect(at(d, 'xexun2.properties')).toEqual([14, 16, 22]);
    expect(at(d, 'xexun2.checksum')).toEqual([16, 18, 0xf86f]);
    const computed = findNode(d.tree, 'xexun2.checksum_computed')!;
    expect([computed.value, computed.generated]).toEqual([0xf86f, true]);
    expect(at(d, 'xexun2.end')).toEqual([40, 42, 0xfaaf]);
    expect(coverageGaps(d.tree, fromHex(FLOAT_GPS))).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('computes the checksum as 0xFFFF minus the byte sum of the body', () => {
    const b = fromHex(FLOAT_GPS);
    expect(bodyChecksum(b, 18, b.length - 2)).toBe(0xf86f);
    expect(bodyChecksum(Uint8Array.of(1), 0, 1)).toBe(0xfffe);
  });

  it('is acknowledged with type, serial and IMEI echoed: fa af … 00 01 ff fe 01 fa af', () => {
    expect(toHex(xexun2.respond(fromHex(FLOAT_GPS), d)!)).toBe('faaf0014000086220505123456700001fffe01faaf');
  });
});

describe('xexun2 position records', () => {
  it('reads float NMEA coordinates, negative for west (Xexun2ProtocolDecoderTest.java:32)', () => {
    const d = decode(FLOAT_GPS);
    expect(d.positions).toEqual([{ time: '2024-03-12T19:53:38.000Z', valid: true, lat: 37.097721, lon: -121.645312, satellites: 10 }]);
    expect(at(d, 'xexun2.count')).toEqual([18, 19, 1]);
    expect(at(d, 'xexun2.record_length')).toEqual([19, 21, 19]);
    expect(at(d, 'xexun2.record.time')).toEqual([22, 26, 1710273218]);
    expect(at(d, 'xexun2.record.mask')).toEqual([29, 30, 0x02]);
    expect(at(d, 'xexun2.record.position_mask')).toEqual([30, 31, 0x01]);
    expect(at(d, 'xexun2.record.satellites')).toEqual([31, 32, 10]);
    expect(at(d, 'xexun2.record.longitude')).toEqual([32, 36, -12138.71875]);
    expect(at(d, 'xexun2.record.latitude')).toEqual([36, 40, 3705.86328125]);
    expect(d.attributes).toEqual({ index: 0, rssi: 0, charge: false, batteryLevel: 0 });
  });

  it('reads the extended GNSS block: double coordinates, validity, speed, course, altitude (Xexun2ProtocolDecoderTest.java:28)', () => {
    const d = decode(EXT_GNSS);
    expect(d.positions).toEqual([{ time: '2022-07-21T07:47:00.000Z', valid: true, lat: 51.687154, lon: 0.061032, speedKnots: 0, course: 0, altitude: 89.7, satellites: 9 }]);
    expect(at(d, 'xexun2.record.position_mask')).toEqual([30, 31, 0x80]);
    expect(at(d, 'xexun2.record.ext_length')).toEqual([31, 33, 30]);
    expect(at(d, 'xexun2.record.ext_type')).toEqual([33, 34, 0x47]);
    expect(at(d, 'xexun2.record.ext_inner_length')).toEqual([34, 36, 27]);
    expect(findNode(d.tree, 'xexun2.record.longitude')!.start).toBe(36);
    expect(findNode(d.tree, 'xexun2.record.latitude')!.start).toBe(44);
    expect(at(d, 'xexun2.record.gnss_valid')).toEqual([52, 53, 1]);
    expect(at(d, 'xexun2.record.altitude')?.slice(0, 2)).toEqual([59, 63]);
    expect(d.attributes.batteryLevel).toBe(94);
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, fromHex(EXT_GNSS))).toEqual([]);
  });

  it('gives one position a record (Xexun2ProtocolDecoderTest.java:25)', () => {
    const d = decode('faaf00140cf18626490454584530002bf2dd0200130013d360efd7f514006402010d46322c4a450ba026d460efd7fa14006402010d46322c4a450ba026faaf');
    expect(d.positions.map((p) => p.time)).toEqual(['2021-07-15T06:38:45.000Z', '2021-07-15T06:38:50.000Z']);
    expect(d.positions[0]!.lat).toBeCloseTo(22.566821, 6);
    expect(d.positions[0]!.lon).toBeCloseTo(114.051204, 6);
    expect(d.tree.find((n) => n.id === 'xexun2.positions')!.children!.filter((n) => n.id === 'xexun2.record').map((n) => [n.start, n.end])).toEqual([[23, 42], [42, 61]]);
  });

  it('invents no position for records with Wi-Fi only, and shows the bytes it cannot name (Xexun2ProtocolDecoderTest.java:16)', () => {
    const d = decode(WIFI_ONLY);
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(['core.undecoded', 'core.undecoded', 'core.undecoded', 'xexun2.no_fix']);
    const wifi = findNode(d.tree, 'xexun2.record.wifi')!;
    expect([wifi.start, wifi.end]).toEqual([35, 71]);
    expect(findNode(d.tree, 'xexun2.record.mac')!.display).toBe('78:8a:20:5d:f5:23');
    expect(at(d, 'xexun2.record.extra')).toEqual([71, 81, '00000002350000004000']);
    expect(d.summary).toBe('no GPS fix (Wi-Fi/cells only)');
    expect(coverageGaps(d.tree, fromHex(WIFI_ONLY))).toEqual([]);
  });

  it('reads the alarm flags (Xexun2ProtocolDecoderTest.java:22: bit 1, not SOS or fall)', () => {
    const d = decode('faaf0014000486188105421927500035e6d2010032fc60ec264d00002003000000020205444e6dd72699d674427f7712cbc3bcf2afd910bac1c6fbe474cfc7a9b4fbe474cfc7a6faaf');
    expect(at(d, 'xexun2.record.alarm')).toEqual([30, 34, 2]);
    expect(d.attributes.alarm).toBeUndefined();
    expect(findNode(d.tree, 'xexun2.record.alarm.sos')!.value).toBe(0);
  });
});

describe('xexun2 escaping (fb bf 01 = fa af, fb bf 02 = fb bf)', () => {
  // FLOAT_GPS with serial fa af, which goes on the wire as fb bf 01
  const wire = FLOAT_GPS.replace(/^faaf00140000/, 'faaf0014fbbf01');

  it('undoes the escape for the plain frame and maps fields back to wire bytes', () => {
    expect(toHex(plain(fromHex(wire)))).toBe(FLOAT_GPS.replace(/^faaf00140000/, 'faaf0014faaf'));
    const d = decode(wire);
    expect(at(d, 'xexun2.index')).toEqual([4, 7, 0xfaaf]);
    expect(at(d, 'xexun2.imei')?.slice(0, 2)).toEqual([7, 15]);
    expect(at(d, 'xexun2.end')?.slice(0, 2)).toEqual([41, 43]);
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, fromHex(wire))).toEqual([]);
  });

  it('escapes the answer the same way', () => {
    expect(toHex(stuff(fromHex('01faaf02fbbf03')))).toBe('01fbbf0102fbbf0203');
    expect(toHex(ack(0x14, 0xfaaf, fromHex('8622050512345670')))).toBe('faaf0014fbbf0186220505123456700001fffe01faaf');
    expect(toHex(xexun2.respond(fromHex(wire), decode(wire))!)).toBe('faaf0014fbbf0186220505123456700001fffe01faaf');
  });

  it('flags an escape followed by neither 01 nor 02', () => {
    const d = decode(FLOAT_GPS.replace(/^faaf00140000/, 'faaf0014fbbf'));
    expect(ids(d)).toContain('xexun2.bad_escape');
  });
});

describe('xexun2 bad input is data', () => {
  it('flags a bad checksum and decodes the frame anyway', () => {
    const bad = FLOAT_GPS.replace('f86f', 'f86e');
    const d = decode(bad);
    const i = d.issues.find((x) => x.id === 'xexun2.checksum_incorrect')!;
    expect(i.group).toBe('checksum');
    expect(d.positions).toHaveLength(1);
  });

  it('flags a body length that disagrees with the frame', () => {
    expect(ids(decode(FLOAT_GPS.replace('700016f86f', '700017f86f')))).toEqual(['xexun2.length_mismatch']);
  });

  it('keeps the header of a truncated frame and says what is missing', () => {
    const d = decode(FLOAT_GPS.slice(0, 60));
    expect(d.deviceId).toBe('862205051234567');
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(expect.arrayContaining(['xexun2.no_end_flag']));
    expect(d.issues.some((x) => x.group === 'malformed')).toBe(true);
  });

  it('shows an unknown message type as a raw body and still acknowledges it', () => {
    const body = '0102';
    const hex = `faaf0099000186220505123456700002${((0xffff - 3) & 0xffff).toString(16)}${body}faaf`;
    const d = decode(hex);
    expect(d.messageType).toBe('type 0x0099');
    expect(at(d, 'xexun2.body')).toEqual([18, 20, '0102']);
    expect(ids(d)).toEqual(['xexun2.body_not_decoded']);
    expect(toHex(xexun2.respond(fromHex(hex), d)!)).toBe('faaf0099000186220505123456700001fffe01faaf');
  });

  it('never throws on short or odd input', () => {
    for (const h of ['', 'fa', 'faaf', 'faaffaaf', 'faaf0014', 'fbbf01', 'faaf0014fbbf']) expect(() => decode(h)).not.toThrow();
    expect(xexun2.respond(fromHex('faaf0014'), decode('faaf0014'))).toBeNull();
  });
});

describe('xexun2 detection', () => {
  it('ranks xexun2 first from the flag, IMEI, length and checksum', () => {
    const c = detect(fromHex(EXT_GNSS), { transport: 'tcp' }, PROTOCOLS);
    expect(c[0]!.protocol).toBe('xexun2');
    expect(c[0]!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['body checksum ok', 'body length 45 matches the end flag', 'IMEI 862205051234567 passes Luhn']));
  });

  it('says nothing about bytes without the fa af flag', () => {
    expect(xexun2.detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('xexun2 splitter', () => {
  const a = fromHex(FLOAT_GPS);
  const b = fromHex(EXT_GNSS);
  const both = fromHex(FLOAT_GPS + EXT_GNSS);

  it('cuts two frames in one chunk', () => {
    expect(xexun2.split(both)).toEqual({ frames: [{ start: 0, end: a.length }, { start: a.length, end: a.length + b.length }], garbage: [], consumed: both.length });
  });

  it('waits for the rest of a frame split across chunks', () => {
    expect(xexun2.split(a.subarray(0, 30))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(xexun2.split(both.subarray(0, a.length + 10))).toEqual({ frames: [{ start: 0, end: a.length }], garbage: [], consumed: a.length });
  });

  it('resynchronises after garbage, including the end flag of a lost frame', () => {
    const g = fromHex(`0102fa${'11'.repeat(5)}faaf${FLOAT_GPS}`);
    expect(xexun2.split(g)).toEqual({ frames: [{ start: 10, end: g.length }], garbage: [{ start: 0, end: 10 }], consumed: g.length });
  });

  it('cuts an escaped frame whole (its escape hides the fa af)', () => {
    const w = fromHex(FLOAT_GPS.replace(/^faaf00140000/, 'faaf0014fbbf01'));
    expect(xexun2.split(w).frames).toEqual([{ start: 0, end: w.length }]);
  });

  it('drops a start flag whose end flag does not come within the longest frame', () => {
    const long = fromHex(`faaf0014${'00'.repeat(1700)}`);
    const r = xexun2.split(long);
    expect(r.frames).toEqual([]);
    expect(r.garbage).toEqual([{ start: 0, end: long.length }]);
    expect(r.consumed).toBe(long.length);
  });
});
