import { describe, expect, it } from 'vitest';
import { skypatrol } from '../../../parsers/skypatrol';
import { fromHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { walk } from '../../helpers/tree';
import { coverageGaps } from '../../corpus/evaluate';

const up = { transport: 'udp', direction: 'up' } as const;
const range = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id)!;
  return [n.start, n.end];
};
const value = (d: DecodedFrame, id: string) => findNode(d.tree, id)?.value;
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

// SkypatrolProtocolDecoderTest.java:16 (corpus) — API 4, 17-byte optional header, text + $GPRMC
const TEXT_WITH_HEADER = '000402171101303131373232303031333537393833060200081046202020202020202020392020202020202030313137323230303133353739383320244750524d432c3134303931372e30302c412c333330322e3230313132352c532c30373133352e3837383338332c572c302e302c302e302c3036303731372c322e382c572c412a32370d0a00';
// SkypatrolProtocolDecoderTest.java:29 (corpus) — API 4 without optional header, text "12" before $GPRMC
const TEXT_PLAIN = '00040200202020202020202020382020202020202030313137323230303131383531373820313220244750524d432c3232343833392e30302c412c303332382e3433383830362c4e2c30373633312e3630373731372c572c302e302c302e302c3139303731342c332e382c452c412a32420d0a00';
// SkypatrolProtocolDecoderTest.java:26 (corpus) — Enfora TT8750, API 5 message type 0
const TT8750 = '000502000000f1143035303031393031d1df002f00000d0187120115e556ff762aa90000000000aae40005d2000ee1bc0e010a042530000000000000070004000002233c096c00ee2a00233c008500f022233c0b0500f21d233c000000fb23000000000000000000000000000000000000000000000000000000';
// SkypatrolProtocolDecoderTest (Traccar, verifyPosition; not in the corpus) — API 5, message type 1, mask ffffffff
const BINARY = '0005021004FFFFFFFF0000000D313134373735383300CB000000000E11070C010184D032FB3841370000000016072B000017050032000000000000024E0C071116072C105900050000000000050000000000050000000003100260B7363B6306C11A00B73637F206BF19B73637F106B50EB73638B106BB0BB7363B6106B80AB73637F306B709000000000000000000';

describe('skypatrol binary report (API 5, message type 1)', () => {
  const f = fromHex(BINARY);
  const d = skypatrol.decode(f, up);

  it('reads the header and the 4-byte data mask of the optional header', () => {
    expect(d.messageType).toBe('position report');
    expect(d.messageCode).toBe('0x0005');
    expect([...range(d, 'skypatrol.api'), value(d, 'skypatrol.api')]).toEqual([0, 2, 5]);
    expect([...range(d, 'skypatrol.header_length'), value(d, 'skypatrol.header_length')]).toEqual([4, 5, 4]);
    expect([...range(d, 'skypatrol.mask'), value(d, 'skypatrol.mask')]).toEqual([5, 9, 0xffffffff]);
  });

  it('walks the fields in mask-bit order: status, 8-char modem id (bit 23 wins over bit 2), I/O, …', () => {
    expect(range(d, 'skypatrol.report.status')).toEqual([9, 13]);
    expect([...range(d, 'skypatrol.report.modem_id'), value(d, 'skypatrol.report.modem_id')]).toEqual([13, 21, '11477583']);
    expect(range(d, 'skypatrol.report.date')).toEqual([28, 31]);
    expect(range(d, 'skypatrol.report.latitude')).toEqual([32, 36]);
    expect(range(d, 'skypatrol.report.cells')).toEqual([87, 141]);
    expect([...range(d, 'skypatrol.report.index'), value(d, 'skypatrol.report.index')]).toEqual([141, 143, 0]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('gives the position: two’s-complement ddmm.mmmm, speed/heading × 10, binary date and time', () => {
    expect(d.deviceId).toBe('11477583');
    expect(d.positions).toEqual([{ time: '2012-07-17T22:07:43.000Z', valid: true, lat: 25.80211, lon: -80.33228, speedKnots: 0, course: 0, altitude: 23, satellites: 5 }]);
    expect(d.attributes).toEqual({ status: 13, io1: 0xcb, adc1: 0, adc2: 0, sat: 5, battery: 50, tripOdometer: 0, odometer: 590, power: 4.185, index: 0 });
  });

  it('answers nothing (Traccar sends no acknowledgement for any API number)', () => {
    expect(skypatrol.respond(f, d)).toBeNull();
  });

  it('keeps the fields of a report cut short', () => {
    const cut = f.subarray(0, 40);
    const dd = skypatrol.decode(cut, up);
    expect(value(dd, 'skypatrol.report.modem_id')).toBe('11477583');
    expect(dd.positions).toEqual([]);
    expect(ids(dd)).toContain('core.truncated');
    for (const n of walk(dd.tree)) expect(n.end).toBeLessThanOrEqual(cut.length);
  });
});

describe('skypatrol text report (API 4)', () => {
  it('names optional header, binary bytes, event, modem id and each RMC field, but takes no position (java:16)', () => {
    const f = fromHex(TEXT_WITH_HEADER);
    const d = skypatrol.decode(f, up);
    expect(d.messageType).toBe('text report');
    expect([...range(d, 'skypatrol.header_length'), value(d, 'skypatrol.header_length')]).toEqual([4, 5, 17]);
    expect([...range(d, 'skypatrol.header_id'), value(d, 'skypatrol.header_id')]).toEqual([6, 21, '011722001357983']);
    expect(range(d, 'skypatrol.binary')).toEqual([22, 27]);
    expect([...range(d, 'skypatrol.text.event'), value(d, 'skypatrol.text.event')]).toEqual([27, 37, '9']);
    expect([...range(d, 'skypatrol.text.modem_id'), value(d, 'skypatrol.text.modem_id')]).toEqual([37, 59, '011722001357983']);
    expect([...range(d, 'skypatrol.nmea.latitude'), value(d, 'skypatrol.nmea.latitude')]).toEqual([79, 90, '3302.201125']);
    expect(value(d, 'skypatrol.nmea.checksum_computed')).toBe('27');
    expect(range(d, 'skypatrol.terminator')).toEqual([135, 136]);
    expect(d.deviceId).toBe('011722001357983');
    expect(d.attributes).toEqual({ event: 9 });
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(['core.undecoded']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(skypatrol.respond(f, d)).toBeNull();
  });

  it('reads the text right after the header when no optional header is there (java:29)', () => {
    const f = fromHex(TEXT_PLAIN);
    const d = skypatrol.decode(f, up);
    expect(findNode(d.tree, 'skypatrol.optional_header')).toBeUndefined();
    expect(range(d, 'skypatrol.text.event')).toEqual([4, 14]);
    expect(value(d, 'skypatrol.text.extra')).toBe('12');
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });

  it('flags a wrong NMEA checksum', () => {
    const d = skypatrol.decode(fromHex(TEXT_PLAIN.replace('2a3242', '2a3243')), up);
    expect(ids(d)).toEqual(['skypatrol.checksum_incorrect']);
  });
});

describe('skypatrol other messages', () => {
  it('shows the TT8750 API 5 message type 0 body raw after an empty optional header (java:26)', () => {
    const f = fromHex(TT8750);
    const d = skypatrol.decode(f, up);
    expect(value(d, 'skypatrol.header_length')).toBe(0);
    expect(range(d, 'skypatrol.binary')).toEqual([5, f.length]);
    expect(ids(d)).toEqual(['core.undecoded']);
    expect(d.positions).toEqual([]);
  });

  it('keeps a report whose mask lacks bit 0 raw, as Traccar decodes nothing from it', () => {
    const d = skypatrol.decode(fromHex('0005021004000000040102030405'), up);
    expect(value(d, 'skypatrol.mask')).toBe(4);
    expect(d.positions).toEqual([]);
    expect(findNode(d.tree, 'skypatrol.binary')!.issues![0]!.message).toContain('mask bit 0');
  });
});

describe('skypatrol splitting and detection', () => {
  it('takes a datagram whole, waits for a header, drops what has no Enfora header', () => {
    const f = fromHex(TEXT_PLAIN);
    expect(skypatrol.split(f)).toEqual({ frames: [{ start: 0, end: f.length }], garbage: [], consumed: f.length });
    expect(skypatrol.split(f.subarray(0, 3))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(skypatrol.split(fromHex('7878010203'))).toEqual({ frames: [], garbage: [{ start: 0, end: 5 }], consumed: 5 });
  });

  it('explains a binary report by its mask walk', () => {
    const r = skypatrol.detect(fromHex(BINARY), { transport: 'udp' });
    expect(r.evidence.map((e) => e.text)).toContain('data mask 0xffffffff: its 134 bytes of fields fit the datagram');
    expect(detect(fromHex(BINARY), { transport: 'udp' }, PROTOCOLS)[0]?.protocol).toBe('skypatrol');
  });

  it('explains a text report by its fields and NMEA checksum', () => {
    const r = skypatrol.detect(fromHex(TEXT_PLAIN), { transport: 'udp' });
    expect(r.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['event and modem id text fields before "$GP…"', 'NMEA checksum ok']));
  });

  it('claims no frame of another protocol', () => {
    for (const f of loadCorpus().filter((x) => x.protocol !== 'skypatrol')) {
      expect(skypatrol.detect(fromHex(wireHex(f)), { transport: f.transport }).score, `${f.protocol} ${f.source}`).toBe(0);
    }
  });
});
