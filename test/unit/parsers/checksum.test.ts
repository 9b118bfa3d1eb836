import { describe, expect, it } from 'vitest';
import { crc16X25 } from '../../../parsers/core/checksum';
import { fromHex } from '../../../parsers/core/bytes';

describe('CRC-16/X-25', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc16X25(new TextEncoder().encode('123456789'))).toBe(0x906e);
  });
  it('matches the CRC of a real GT06 login (over length..serial)', () => {
    const f = fromHex('78780d01012345678901234500018cdd0d0a');
    expect(crc16X25(f, 2, f.length - 4)).toBe(0x8cdd);
  });
  it('is 0x0000 for no bytes with init/xorout 0xffff', () => {
    expect(crc16X25(new Uint8Array(0))).toBe(0x0000);
  });
});
