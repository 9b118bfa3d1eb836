import { describe, expect, it } from 'vitest';
import { carscop } from '../../../parsers/carscop';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import type { DecodedFrame } from '../../../parsers/core/types';
import { PROTOCOLS } from '../../../parsers/index';
import { coverageGaps } from '../../corpus/evaluate';
import { walk } from '../../helpers/tree';

const text = (s: string) => new TextEncoder().encode(s);
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);

// CarscopProtocolDecoderTest.java:31, with the '^' the device puts at the end.
const UB05 = '*040331141830UB05123456789012345061825A2934.0133N10627.2544E000.0040331309.6200000000L000000^';

describe('carscop UB05 location', () => {
  const f = text(UB05);
  const d = carscop.decode(f);

  it('decodes the id and the fixed-width position block', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('UB05');
    expect(d.deviceId).toBe('123456789012345');
    expect(d.positions).toHaveLength(1);
    const p = d.positions[0]!;
    expect(p.time).toBe('2004-03-31T06:18:25.000Z');
    expect(p.valid).toBe(true);
    expect(Math.abs(p.lat - 29.56689)).toBeLessThan(1e-5);
    expect(Math.abs(p.lon - 106.45424)).toBeLessThan(1e-5);
    expect(p.speedKnots).toBe(0);
    expect(p.course).toBe(309.62);
    expect(d.attributes).toEqual({ status: '00000000', odometer: 0 });
  });

  it('places every field on its characters', () => {
    expect(at(d, 'carscop.start')).toEqual([0, 1, '*']);
    expect(at(d, 'carscop.time')).toEqual([1, 13, '2004-03-31T14:18:30.000Z']);
    expect(at(d, 'carscop.command')).toEqual([13, 17, 'UB05']);
    expect(at(d, 'carscop.device_id')).toEqual([17, 32, '123456789012345']);
    expect(at(d, 'carscop.position')!.slice(0, 2)).toEqual([32, 92]);
    expect(at(d, 'carscop.position.time')).toEqual([32, 38, '06:18:25']);
    expect(at(d, 'carscop.position.validity')).toEqual([38, 39, 'A']);
    expect(at(d, 'carscop.position.latitude')!.slice(0, 2)).toEqual([39, 48]);
    expect(at(d, 'carscop.position.lat_hemisphere')).toEqual([48, 49, 'N']);
    expect(at(d, 'carscop.position.longitude')!.slice(0, 2)).toEqual([49, 59]);
    expect(at(d, 'carscop.position.speed')).toEqual([60, 65, 0]);
    expect(at(d, 'carscop.position.date')).toEqual([65, 71, '2004-03-31']);
    expect(at(d, 'carscop.position.course')).toEqual([71, 77, 309.62]);
    expect(at(d, 'carscop.position.state')).toEqual([77, 85, '00000000']);
    expect(at(d, 'carscop.position.odometer')).toEqual([86, 92, 0]);
    expect(at(d, 'carscop.terminator')).toEqual([92, 93, '^']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('reads a block without state and odometer (CarscopProtocolDecoderTest.java:16)', () => {
    const x = carscop.decode(text('*170821223121UB05ORANGE000731512061825V0000.0000N00000.0000E000.0040331309.62^'));
    expect(x.deviceId).toBe('ORANGE000731512');
    expect(x.positions[0]).toMatchObject({ valid: false, lat: 0, lon: 0 });
    expect(x.attributes).toEqual({});
  });

  it('signs south latitudes (CarscopProtocolDecoderTest, CCTR-801 frame not in the corpus)', () => {
    const x = carscop.decode(text('*150817160254UB05CC8011400042499160254A2106.8799S14910.2583E000.0150817158.3511111111L000000^'));
    expect(x.deviceId).toBe('CC8011400042499');
    expect(x.positions[0]!.time).toBe('2015-08-17T16:02:54.000Z');
    expect(x.positions[0]!.lat).toBeLessThan(-21);
    expect(x.attributes.status).toBe('11111111');
  });
});

describe('carscop other commands', () => {
  it('UB00 HSO handshake: no position (CarscopProtocolDecoderTest.java:13)', () => {
    const f = text('*170821223045UB00HSO^');
    const d = carscop.decode(f, { transport: 'tcp', direction: 'up', deviceId: 'ORANGE000731512' });
    expect(d.messageType).toBe('handshake');
    expect(d.positions).toEqual([]);
    expect(d.deviceId).toBe('ORANGE000731512');
    expect(at(d, 'carscop.handshake')).toEqual([17, 20, 'HSO']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('UA01 alarm: code digit and text before the block (CarscopProtocolDecoderTest.java:38)', () => {
    const d = carscop.decode(text('*040331141830UA012Hi-jack061825A2934.0133N10627.2544E000.0040331309.6200000000L000000^'));
    expect(d.messageType).toBe('alarm');
    expect(at(d, 'carscop.alarm_code')).toEqual([17, 18, 2]);
    expect(at(d, 'carscop.alarm_text')).toEqual([18, 25, 'Hi-jack']);
    expect(d.positions).toHaveLength(1);
  });

  it('UB04: payload shown raw, position read (CarscopProtocolDecoderTest.java:35)', () => {
    const d = carscop.decode(text('*040331141830UB04999999984061825A2934.0133N10627.2544E000.0040331309.6200000000L000000^'));
    expect(at(d, 'carscop.payload')).toEqual([17, 26, '999999984']);
    expect(ids(d)).toEqual(['carscop.payload_not_decoded']);
    expect(d.positions).toHaveLength(1);
  });

  it('UD00 with a d.ddd speed: fields shown, no position, as Traccar (CarscopProtocolDecoderTest.java:25)', () => {
    const f = text('*160618232614UD00232614A5009.1747N01910.3829E0.000160618298.2811000000L000000^');
    const d = carscop.decode(f);
    expect(d.messageCode).toBe('UD00');
    expect(d.positions).toEqual([]);
    expect(at(d, 'carscop.position.speed')).toEqual([45, 50, '0.000']);
    expect(ids(d)).toEqual(['carscop.bad_speed']);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });
});

describe('carscop bad input is data', () => {
  it("flags a frame without '^' and keeps its fields", () => {
    const d = carscop.decode(text(UB05.slice(0, -1)));
    expect(ids(d)).toContain('carscop.no_terminator');
    expect(d.deviceId).toBe('123456789012345');
  });
  it('keeps the fields of a truncated frame and marks it', () => {
    const f = text(UB05.slice(0, 40));
    const d = carscop.decode(f);
    expect(d.positions).toEqual([]);
    expect(ids(d)).toEqual(expect.arrayContaining(['carscop.no_position_block', 'carscop.no_terminator']));
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
    expect(coverageGaps(d.tree, f)).toEqual([]);
  });
  it('flags a frame ending inside the command', () => {
    expect(ids(carscop.decode(text('*170821223045UB')))).toContain('carscop.truncated');
  });
});

describe('carscop respond', () => {
  it('answers nothing (PROTOCOLS.md: no acknowledgement)', () => {
    const f = text(UB05);
    expect(carscop.respond(f, carscop.decode(f))).toBeNull();
    const h = text('*170821223045UB00HSO^');
    expect(carscop.respond(h, carscop.decode(h))).toBeNull();
  });
});

describe('carscop splitter', () => {
  const hso = '*170821223045UB00HSO^';
  it('cuts at ^ and leaves a partial frame waiting', () => {
    const b = text(UB05 + UB05.slice(0, 30));
    expect(carscop.split(b)).toEqual({ frames: [{ start: 0, end: 93 }], garbage: [], consumed: 93 });
  });
  it('cuts two frames from one chunk', () => {
    const b = text(hso + UB05);
    expect(carscop.split(b).frames).toEqual([{ start: 0, end: 21 }, { start: 21, end: 114 }]);
  });
  it('waits for more when a chunk ends inside the header', () => {
    expect(carscop.split(text('*1708212'))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('resynchronises after garbage and reports it', () => {
    const r = carscop.split(text('xx*GS' + hso));
    expect(r.garbage).toEqual([{ start: 0, end: 5 }]);
    expect(r.frames).toEqual([{ start: 5, end: 26 }]);
  });
  it('drops a header that a new frame interrupts', () => {
    const r = carscop.split(text('*170821223045UB05ORANGE' + hso));
    expect(r.garbage).toEqual([{ start: 0, end: 23 }]);
    expect(r.frames).toEqual([{ start: 23, end: 44 }]);
  });
  it("drops a header whose '^' does not come within 256 bytes", () => {
    const r = carscop.split(text(`*170821223045UB05${'A'.repeat(300)}`));
    expect(r.frames).toEqual([]);
    expect(r.consumed).toBe(317);
  });
});

describe('carscop detection', () => {
  it('ranks a UB05 frame first, with its evidence', () => {
    const [c] = detect(text(UB05), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('carscop');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(["'*' + 12 digits", 'known Carscop command UB05']));
  });
  it('does not claim H02 or GoSafe text', () => {
    expect(carscop.detect(text('*HQ,135790246811220,HTBT#'), { transport: 'tcp' }).score).toBe(0);
    expect(carscop.detect(text('*GS16,351535058709775'), { transport: 'tcp' }).score).toBe(0);
  });
});
