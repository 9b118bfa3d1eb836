import { describe, expect, it } from 'vitest';
import { asciiChar, byteHex, formatOffset, hexRows, inRange } from '../../src-renderer/features/hex/layout';

describe('hex view layout', () => {
  it('lays out 16 bytes per row, the last row short', () => {
    const rows = hexRows(18);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.offset).toBe(0);
    expect(rows[0]!.offsets).toHaveLength(16);
    expect(rows[1]).toEqual({ offset: 16, offsets: [16, 17] });
    expect(hexRows(0)).toEqual([]);
    expect(hexRows(32).map((r) => r.offset)).toEqual([0, 16]);
  });

  it('formats offsets, bytes and ASCII', () => {
    expect(formatOffset(16, 18)).toBe('0010');
    expect(formatOffset(0x10000, 0x20000)).toBe('10000');
    expect(byteHex(0x0a)).toBe('0a');
    expect(asciiChar(0x41)).toBe('A');
    expect(asciiChar(0x0d)).toBe('.');
    expect(asciiChar(0x7f)).toBe('.');
  });

  it('tests half-open ranges', () => {
    expect(inRange(4, { start: 4, end: 12 })).toBe(true);
    expect(inRange(12, { start: 4, end: 12 })).toBe(false);
    expect(inRange(4, null)).toBe(false);
  });
});
