import { describe, expect, it } from 'vitest';
import { xexun3, ack } from '../../../parsers/xexun3';
import { crc16CcittFalse } from '../../../parsers/core/checksum';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { coverageGaps } from '../../corpus/evaluate';

const decode = (hex: string) => xexun3.decode(fromHex(hex), { transport: 'tcp', direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

// Xexun3ProtocolDecoderTest.java:13: a data message without items
const EMPTY = 'fc000b03200108610450803870158318cf';
// Xexun3ProtocolDecoderTest.java:16: GNSS and status items
const GNSS = 'fc0040032006086104508038701564216913f223403693012f635344405c829142b302f7427f33331a2e000000a40011046a1055ffff1f0000000000ffffff04ff09ff1a30cf';
// Built for this test (CRC by an independent implementation): a south-west fix at 36 km/h, course 90°,
// precision 1.5 m, tracking 20 s, then an SOS alarm item.
const SW_SOS = 'fc0037032007086104508038701564226913f223c040e3160956c0d7c051a000000000004400200001091e01680384000f1469066913f22301005915cf';

describe('xexun3 CRC-16/CCITT-FALSE', () => {
  it('has the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16CcittFalse(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0x29b1);
  });
});

describe('xexun3 header', () => {
  const d = decode(EMPTY);

  it('places start, length, version, type, serial, IMEI, CRC and end', () => {
    expect(d.messageType).toBe('data');
    expect(d.messageCode).toBe('0x20');
    expect(d.deviceId).toBe('861045080387015');
    expect(at(d, 'xexun3.start')).toEqual([0, 1, 0xfc]);
    expect(at(d, 'xexun3.length')).toEqual([1, 3, 11]);
    expect(at(d, 'xexun3.version')).toEqual([3, 4, 3]);
    expect(at(d, 'xexun3.type')).toEqual([4, 5, 0x20]);
    expect(at(d, 'xexun3.index')).toEqual([5, 6, 1]);
    expect(at(d, 'xexun3.imei')).toEqual([6, 14, '0861045080387015']);
    expect(at(d, 'xexun3.crc')).toEqual([14, 16, 0x8318]);
    const computed = findNode(d.tree, 'xexun3.crc_computed')!;
    expect([computed.value, computed.generated]).toEqual([0x8318, true]);
    expect(at(d, 'xexun3.end')).toEqual([16, 17, 0xcf]);
    expect(coverageGaps(d.tree, fromHex(EMPTY))).toEqual([]);
  });

  it('gives no position for a message without a fix (verifyNull) and says so', () => {
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(['xexun3.no_position']);
  });

  it('is answered: fc 00 0c 03 <type> <serial> <IMEI> 00 <CRC> cf', () => {
    expect(toHex(xexun3.respond(fromHex(EMPTY), d)!)).toBe('fc000c032001086104508038701500' + crc16CcittFalse(fromHex('032001086104508038701500')).toString(16).padStart(4, '0') + 'cf');
    expect(toHex(ack(0x20, 6, fromHex('0861045080387015')))).toBe('fc000c032006086104508038701500a511cf');
  });
});

describe('xexun3 data items', () => {
  it('reads the GNSS item: time, double degrees, altitude, satellites (Xexun3ProtocolDecoderTest.java:16)', () => {
    const d = decode(GNSS);
    expect(d.positions).toEqual([{ time: '2025-11-12T02:34:11.000Z', valid: true, lat: 22.574237, lon: 114.040116, altitude: 63.8, satellites: 46, speedKnots: 0 }]);
    expect(at(d, 'xexun3.item_type')).toEqual([14, 15, 0x64]);
    expect(at(d, 'xexun3.item_length')).toEqual([15, 16, 33]);
    expect(at(d, 'xexun3.item.time')).toEqual([16, 20, 1762914851]);
    expect(findNode(d.tree, 'xexun3.item.latitude')!.start).toBe(20);
    expect(findNode(d.tree, 'xexun3.item.longitude')!.start).toBe(28);
    expect(at(d, 'xexun3.item.altitude')?.slice(0, 2)).toEqual([36, 40]);
    expect(at(d, 'xexun3.item.precision')).toEqual([47, 49, 0x1104]);
    expect(at(d, 'xexun3.crc')).toEqual([67, 69, 0x1a30]);
    expect(coverageGaps(d.tree, fromHex(GNSS))).toEqual([]);
  });

  it('drops a course of more than a full turn and says so', () => {
    const d = decode(GNSS);
    expect(at(d, 'xexun3.item.course')).toEqual([45, 47, 0xa400]);
    expect(d.positions[0]!.course).toBeUndefined();
    expect(ids(d)).toEqual(['xexun3.bad_course']);
  });

  it('reads the status item into battery, signal, motion, charging and steps', () => {
    const d = decode(GNSS);
    expect(at(d, 'xexun3.item.battery')).toEqual([51, 52, 85]);
    expect(at(d, 'xexun3.item.gsm_rssi')).toEqual([54, 55, 31]);
    expect(at(d, 'xexun3.item.temperature')).toEqual([60, 61, -1]);
    expect(d.attributes).toEqual({ sat: 46, batteryLevel: 85, rssi: 31, motion: false, charge: false, steps: 0 });
  });

  it('reads signed coordinates, speed and course in tenths, and the alarm item', () => {
    const d = decode(SW_SOS);
    expect(d.positions).toEqual([{ time: '2025-11-12T02:34:11.000Z', valid: true, lat: -33.77411, lon: -70.5, altitude: 512.5, satellites: 9, speedKnots: 19.438, course: 90 }]);
    expect(at(d, 'xexun3.item.tracking')).toEqual([49, 50, 20]);
    expect(at(d, 'xexun3.item.alarm')).toEqual([56, 57, 1]);
    expect(d.attributes.alarm).toBe('sos');
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, fromHex(SW_SOS))).toEqual([]);
  });
});

describe('xexun3 command reply (0x21)', () => {
  const hex = 'fc000f03210908610450803870154f4b00008b33cf';

  it('gives the reply text as result and is not answered', () => {
    const d = decode(hex);
    expect(d.messageType).toBe('command reply');
    expect(at(d, 'xexun3.result')).toEqual([14, 18, 'OK\u0000\u0000']);
    expect(d.attributes.result).toBe('OK');
    expect(d.issues).toEqual([]);
    expect(xexun3.respond(fromHex(hex), d)).toBeNull();
  });
});

describe('xexun3 bad input is data', () => {
  it('flags a bad CRC and decodes the frame anyway', () => {
    const d = decode(GNSS.replace('1a30cf', '1a31cf'));
    expect(d.issues.find((i) => i.id === 'xexun3.checksum_incorrect')!.group).toBe('checksum');
    expect(d.positions).toHaveLength(1);
  });

  it('keeps the header of a truncated frame and flags the length', () => {
    const d = decode(GNSS.slice(0, 60));
    expect(d.deviceId).toBe('861045080387015');
    expect(ids(d)).toContain('xexun3.length_mismatch');
    expect(d.positions).toEqual([]);
  });

  it('shows an unknown item type raw', () => {
    const inner = '032002086104508038701570020102';
    const crc = crc16CcittFalse(fromHex(inner)).toString(16).padStart(4, '0');
    const d = decode(`fc000f${inner}${crc}cf`);
    expect(at(d, 'xexun3.item_data')).toEqual([16, 18, '0102']);
    expect(ids(d)).toEqual(['xexun3.no_position', 'xexun3.unknown_item', 'core.undecoded']);
  });

  it('never throws on short or odd input', () => {
    for (const h of ['', 'fc', 'fc00', 'fc000b', 'fc000b0320', 'fcffff03200108610450803870158318cf']) expect(() => decode(h)).not.toThrow();
    expect(xexun3.respond(fromHex('fc000b0320'), decode('fc000b0320'))).toBeNull();
  });
});

describe('xexun3 detection', () => {
  it('ranks xexun3 first from version, type, length, CRC and IMEI', () => {
    const c = detect(fromHex(GNSS), { transport: 'tcp' }, PROTOCOLS);
    expect(c[0]!.protocol).toBe('xexun3');
    expect(c[0]!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['CRC-16/CCITT-FALSE ok', 'length 64 ends at the cf end byte', 'IMEI 861045080387015 passes Luhn']));
  });

  it('says nothing about bytes that do not start with fc', () => {
    expect(xexun3.detect(fromHex('faaf0014000086220505123456700016'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('xexun3 splitter (length field, like the reference LengthFieldBasedFrameDecoder(1, 2, +3))', () => {
  const a = fromHex(EMPTY);
  const b = fromHex(GNSS);
  const both = fromHex(EMPTY + GNSS);

  it('cuts a frame by its length (Xexun3FrameDecoderTest) and two frames in one chunk', () => {
    expect(xexun3.split(b)).toEqual({ frames: [{ start: 0, end: b.length }], garbage: [], consumed: b.length });
    expect(xexun3.split(both).frames).toEqual([{ start: 0, end: a.length }, { start: a.length, end: both.length }]);
  });

  it('waits for the rest of a frame split across chunks', () => {
    expect(xexun3.split(b.subarray(0, 2))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(xexun3.split(both.subarray(0, a.length + 30))).toEqual({ frames: [{ start: 0, end: a.length }], garbage: [], consumed: a.length });
  });

  it('resynchronises after garbage, including an fc whose length does not end at cf', () => {
    const g = fromHex(`0102fc0003aa${EMPTY}`);
    expect(xexun3.split(g)).toEqual({ frames: [{ start: 6, end: g.length }], garbage: [{ start: 0, end: 6 }], consumed: g.length });
    const h = fromHex(`fc000b${'00'.repeat(14)}${EMPTY}`);
    expect(xexun3.split(h).frames).toEqual([{ start: 17, end: h.length }]);
  });

  it('drops a length beyond the 1024-byte limit at once', () => {
    const r = xexun3.split(fromHex(`fc7fff0320${EMPTY}`));
    expect(r).toEqual({ frames: [{ start: 5, end: 22 }], garbage: [{ start: 0, end: 5 }], consumed: 22 });
  });
});
