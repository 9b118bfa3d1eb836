import { describe, expect, it } from 'vitest';
import { FieldReader, findNode, leanDecode } from '../../../parsers/core/reader';
import { fieldTable } from '../../../parsers/core/fields';
import { escapeBytes, fromHex, toHex, unescapeBytes } from '../../../parsers/core/bytes';
import { isoTime, kmhToKnots, nmeaDegrees, pairs } from '../../../parsers/core/units';

const F = fieldTable('t', {
  a: { label: 'A', type: 'u16' },
  b: { label: 'B', type: 'i16' },
  c: { label: 'C', type: 'i32' },
  d: { label: 'D', type: 'u32' },
  e: { label: 'E', type: 'ascii' },
  f: { label: 'F', type: 'ascii' },
  g: { label: 'G', type: 'flags' },
  h: { label: 'H', type: 'u8' },
});

describe('FieldReader', () => {
  it('reads big- and little-endian, signed and wide integers with their ranges', () => {
    const r = new FieldReader(fromHex('fffe' + 'fffe' + 'fffffffe' + '01000000' + '0000018368952793'));
    expect(r.u16(F.a)).toBe(0xfffe);
    expect(r.i16le(F.b)).toBe(-257);
    expect(r.i32(F.c)).toBe(-2);
    expect(r.u32le(F.d)).toBe(1);
    expect(r.u64(F.d)).toBe(0x18368952793);
    expect(r.tree.map((n) => [n.start, n.end])).toEqual([[0, 2], [2, 4], [4, 8], [8, 12], [12, 20]]);
  });

  it('reads delimited text without the delimiter in the range, and the last field to the end', () => {
    const r = new FieldReader(new TextEncoder().encode('HQ,4106011660#'));
    expect(r.until(F.e, 0x2c)).toBe('HQ');
    expect(r.until(F.f, 0x23)).toBe('4106011660');
    expect(r.tree.map((n) => [n.id, n.start, n.end])).toEqual([['t.e', 0, 2], ['t.f', 3, 13]]);
    expect(r.remaining).toBe(0);
    const last = new FieldReader(new TextEncoder().encode('abc'));
    expect(last.until(F.e, 0x2c)).toBe('abc');
    expect(last.tree[0]).toMatchObject({ start: 0, end: 3 });
  });

  it('splits flags into bit-field children over the same bytes', () => {
    const r = new FieldReader(fromHex('1a05'));
    const bits = r.bits(F.g, 2, [
      { id: 't.g.low', label: 'Low', bit: 0, width: 4 },
      { id: 't.g.ten', label: 'Bit 10', bit: 10 },
      { id: 't.g.top', label: 'Bit 12', bit: 12, names: { 1: 'on', 0: 'off' } },
    ]);
    expect(bits).toEqual({ 't.g.low': 5, 't.g.ten': 0, 't.g.top': 1 });
    expect(findNode(r.tree, 't.g.top')).toMatchObject({ start: 0, end: 2, display: 'on' });
  });

  it('records truncation as a malformed issue instead of throwing, and reads nothing after it', () => {
    const r = new FieldReader(fromHex('0102'));
    expect(r.u32(F.d)).toBeUndefined();
    expect(r.u8(F.h)).toBeUndefined();
    expect(r.truncated).toBe(true);
    expect(r.tree).toHaveLength(1);
    expect(r.tree[0]!.issues![0]).toMatchObject({ id: 'core.truncated', group: 'malformed' });
    expect([r.tree[0]!.start, r.tree[0]!.end]).toEqual([0, 2]);
  });

  it('maps ranges of an unescaped buffer back to the wire bytes', () => {
    // JT808 escaping: 7d 02 is 7e, 7d 01 is 7d.
    const wire = fromHex('7e307d02087d01557e');
    const u = unescapeBytes(wire, 0x7d, { 0x01: 0x7d, 0x02: 0x7e }, 1, wire.length - 1);
    expect(toHex(u.bytes)).toBe('307e087d55');
    const r = FieldReader.mapped(u.bytes, u.map);
    r.u8(F.h);
    r.u16(F.a); // 7e 08: wire 7d 02 08
    r.u8(F.h); // 7d: wire 7d 01
    r.rest(F.h, 'tail');
    expect(r.tree.map((n) => [n.start, n.end])).toEqual([[1, 2], [2, 5], [5, 7], [7, 8]]);
    expect(r.tree[1]!.value).toBe(0x7e08);
  });

  it('reports escapes not followed by a known code, and escaping round-trips', () => {
    const u = unescapeBytes(fromHex('017d0302'), 0x7d, { 0x01: 0x7d, 0x02: 0x7e });
    expect(u.bad).toEqual([1]);
    expect(toHex(u.bytes)).toBe('017d0302');
    const plain = fromHex('7e7d00');
    expect(toHex(escapeBytes(plain, 0x7d, { 0x01: 0x7d, 0x02: 0x7e }))).toBe('7d027d0100');
  });

  it('leaves display texts and bit children out in lean mode, values and ranges stay', () => {
    const read = () => {
      const r = new FieldReader(fromHex('0102ff'));
      r.u16(F.a);
      r.bits(F.g, 1, [{ id: 't.g.x', label: 'X', bit: 0 }]);
      return r.tree;
    };
    const full = read();
    const lean = leanDecode(read);
    expect(full[0]!.display).toBe('258');
    expect(lean[0]).toEqual({ id: 't.a', label: 'A', start: 0, end: 2, value: 258 });
    expect(full[1]!.children).toHaveLength(1);
    expect(lean[1]!.children).toBeUndefined();
  });
});

describe('units', () => {
  it('converts km/h to knots', () => {
    expect(kmhToKnots(1.852)).toBeCloseTo(1, 10);
  });
  it('builds UTC times from local calendar fields and rejects impossible ones', () => {
    expect(isoTime(15, 10, 20, 14, 21, 11)).toBe('2015-10-20T14:21:11.000Z');
    expect(isoTime(2021, 1, 1, 6, 0, 0, 480)).toBe('2020-12-31T22:00:00.000Z');
    expect(isoTime(21, 13, 1, 0, 0, 0)).toBeNull();
    expect(isoTime(21, 2, 1, 24, 0, 0)).toBeNull();
  });
  it('splits digit strings into pairs', () => {
    expect(pairs('170821')).toEqual([17, 8, 21]);
    expect(pairs('17082')).toBeNull();
    expect(pairs('1708x1')).toBeNull();
  });
  it('reads NMEA degrees and minutes with the hemisphere', () => {
    expect(nmeaDegrees('5231.79283', 'N')).toBeCloseTo(52.529880, 5);
    expect(nmeaDegrees('01324.10718', 'W')).toBeCloseTo(-13.401786, 5);
    expect(nmeaDegrees('12.x')).toBeNull();
  });
});
