import { describe, expect, it } from 'vitest';
import { gt06, ack } from '../../../parsers/gt06';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('gt06');
const decoderFrames = corpus.filter((f) => f.stage === 'decoder');

describe('gt06 login (0x01)', () => {
  // Gt06ProtocolDecoderTest.java:477
  const frame = fromHex('78780d01012345678901234500018cdd0d0a');
  const d = gt06.decode(frame);

  it('decodes the IMEI with its 8 bytes', () => {
    expect(d.messageType).toBe('login');
    expect(d.deviceId).toBe('123456789012345');
    const imei = findNode(d.tree, 'gt06.login.imei')!;
    expect([imei.start, imei.end]).toEqual([4, 12]);
    expect(imei.value).toBe('0123456789012345');
  });

  it('places header, length, type, serial, CRC and stop bits', () => {
    const at = (id: string) => {
      const n = findNode(d.tree, id)!;
      return [n.start, n.end, n.value];
    };
    expect(at('gt06.header')).toEqual([0, 2, 0x7878]);
    expect(at('gt06.length')).toEqual([2, 3, 13]);
    expect(at('gt06.type')).toEqual([3, 4, 1]);
    expect(at('gt06.serial')).toEqual([12, 14, 1]);
    expect(at('gt06.crc')).toEqual([14, 16, 0x8cdd]);
    expect(at('gt06.stop')).toEqual([16, 18, 0x0d0a]);
    const computed = findNode(d.tree, 'gt06.crc_computed')!;
    expect(computed.generated).toBe(true);
    expect(computed.value).toBe(0x8cdd);
    expect(d.issues.filter((i) => i.group === 'checksum')).toEqual([]);
  });

  it('answers with the exact ACK 78 78 05 01 <serial> <crc> 0d 0a', () => {
    expect(toHex(gt06.respond(frame, d)!)).toBe('787805010001d9dc0d0a');
  });

  it('answers an extended login with the serial taken from the frame', () => {
    // Gt06ProtocolDecoderTest.java:523: login with type identification and timezone, serial 0x0002
    const f = fromHex('787811010864717003664467100f190a0002c6d20d0a');
    const dd = gt06.decode(f);
    expect(dd.deviceId).toBe('864717003664467');
    expect(findNode(dd.tree, 'gt06.login.model')!.value).toBe(0x100f);
    expect(findNode(dd.tree, 'gt06.login.timezone')!.value).toBe(0x190a);
    const a = gt06.respond(f, dd)!;
    expect(toHex(a.subarray(0, 6))).toBe('787805010002');
    expect(toHex(a)).toBe(toHex(ack(1, 2)));
  });
});

describe('gt06 location', () => {
  it('decodes 0x12 time, position, speed and LBS with byte ranges (Gt06ProtocolDecoderTest.java:489)', () => {
    const f = fromHex('78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('location');
    expect(d.positions[0]).toMatchObject({ time: '2015-10-20T14:21:11.000Z', valid: true, satellites: 5, speedKnots: 0 });
    expect(d.positions[0]!.lat).toBeCloseTo(54.94535, 5);
    expect(d.positions[0]!.lon).toBeCloseTo(24.01762, 5);
    const range = (id: string) => {
      const n = findNode(d.tree, id)!;
      return [n.start, n.end];
    };
    expect(range('gt06.location.time')).toEqual([4, 10]);
    expect(range('gt06.location.latitude')).toEqual([11, 15]);
    expect(range('gt06.location.longitude')).toEqual([15, 19]);
    expect(range('gt06.location.speed')).toEqual([19, 20]);
    expect(range('gt06.location.course_status')).toEqual([20, 22]);
    expect(findNode(d.tree, 'gt06.location.mcc')!.value).toBe(246);
    expect(range('gt06.location.cell')).toEqual([27, 30]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('decodes 0x22 with ACC, south/west signs from the course flags', () => {
    // Gt06ProtocolDecoderTest.java:628: 0x1497 → north bit set, west bit clear
    const f = fromHex('787822221607160f1000cf0225e03f0bd723182c149701cc0075c300933301000002a5f0860d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('location');
    expect(d.positions[0]!.lat).toBeGreaterThan(0);
    expect(d.positions[0]!.lon).toBeGreaterThan(0);
    expect(d.positions[0]!.speedKnots).toBeCloseTo(0x2c / 1.852, 5);
    expect(d.positions[0]!.course).toBe(0x97);
    expect(d.attributes.ignition).toBe(true);
    expect(findNode(d.tree, 'gt06.location.acc')!.start).toBe(30);
    expect(gt06.respond(f, d)).not.toBeNull();
  });
});

describe('gt06 bad input is data', () => {
  it('flags a bad CRC and still decodes the fields', () => {
    const f = fromHex('78780d01012345678901234500018cde0d0a');
    const d = gt06.decode(f);
    expect(d.deviceId).toBe('123456789012345');
    expect(d.issues.map((i) => i.id)).toContain('gt06.checksum_incorrect');
  });
  it('keeps the fields of a truncated frame and marks it', () => {
    const f = fromHex('78781f120f0a140e150bc505e5');
    const d = gt06.decode(f);
    expect(d.issues.some((i) => i.group === 'malformed')).toBe(true);
    expect(findNode(d.tree, 'gt06.type')!.value).toBe(0x12);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
  });
  it('shows an unknown type as a named raw node', () => {
    const f = fromHex('78780a7f0102030400019a1b0d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('type 0x7f');
    expect(findNode(d.tree, 'gt06.body')!.value).toBe('01020304');
    expect(d.issues.map((i) => i.id)).toContain('gt06.unknown_type');
  });
});

describe('gt06 corpus', () => {
  it.each(decoderFrames.map((f) => [f.source, f] as const))('%s decodes without throwing, ranges inside the frame, checksum flagged as the corpus says', (_s, f) => {
    const bytes = fromHex(f.hex);
    const d = gt06.decode(bytes);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
      expect(n.start).toBeLessThanOrEqual(n.end);
    }
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    if (f.checksum) expect(d.issues.some((i) => i.id === 'gt06.checksum_incorrect')).toBe(!f.checksum.ok);
    if (f.expect.lat !== undefined) {
      expect(d.positions[0]!.time).toBe(f.expect.time);
      expect(d.positions[0]!.valid).toBe(f.expect.valid);
      expect(Math.abs(d.positions[0]!.lat - f.expect.lat)).toBeLessThan(1e-5);
      expect(Math.abs(d.positions[0]!.lon - f.expect.lon!)).toBeLessThan(1e-5);
    }
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    const top = detect(bytes, { transport: 'tcp' }, PROTOCOLS)[0];
    expect(top?.protocol).toBe('gt06');
  });

  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: the splitter cuts the expected frame', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = gt06.split(bytes);
    expect(toHex(bytes.subarray(r.frames[0]!.start, r.frames[0]!.end))).toBe(f.expect.frame);
  });
});

describe('gt06 splitter', () => {
  const login = '78780d01012345678901234500018cdd0d0a';
  const loc = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';
  it('waits for the rest of a frame split across chunks', () => {
    const b = fromHex(loc.slice(0, 30));
    expect(gt06.split(b)).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('cuts two frames from one chunk', () => {
    const b = fromHex(login + loc);
    const r = gt06.split(b);
    expect(r.frames).toEqual([{ start: 0, end: 18 }, { start: 18, end: 18 + 36 }]);
    expect(r.consumed).toBe(b.length);
  });
  it('resynchronises after garbage and reports it', () => {
    const b = fromHex('deadbeef' + login);
    const r = gt06.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 4 }]);
    expect(r.frames).toEqual([{ start: 4, end: 22 }]);
  });
});

describe('gt06 detection', () => {
  it('gives no candidate for bytes of no known layout', () => {
    expect(detect(fromHex('0102030405060708090a'), { transport: 'tcp' }, PROTOCOLS)).toEqual([]);
  });
  it('explains its score with evidence', () => {
    const [c] = detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['header 7878', 'CRC-16/X-25 ok']));
  });
  it('scores a 7878 header with a bad CRC and no terminator lower', () => {
    const good = detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' }, PROTOCOLS)[0]!.score;
    const bad = detect(fromHex('78780d01012345678901234500018cde0d0b'), { transport: 'tcp' }, PROTOCOLS)[0]?.score ?? 0;
    expect(bad).toBeLessThan(good);
  });
});
