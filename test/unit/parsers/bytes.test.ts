import { describe, expect, it } from 'vitest';
import { bcdDigits, fromHex, isBcd, luhnValid, toHex } from '../../../parsers/core/bytes';

describe('byte helpers', () => {
  it('round-trips hex and tolerates separators', () => {
    expect(toHex(fromHex('78 78:0D'))).toBe('78780d');
  });
  it('rejects odd-length and non-hex input with the position', () => {
    expect(() => fromHex('787')).toThrow(/odd/);
    expect(() => fromHex('78zz')).toThrow(/position 2/);
  });
  it('reads packed BCD and flags non-decimal nibbles', () => {
    expect(bcdDigits(fromHex('0123456789012345'))).toBe('0123456789012345');
    expect(isBcd(fromHex('1a'))).toBe(false);
    expect(bcdDigits(fromHex('1a'))).toBe('1?');
  });
  it('checks IMEIs with Luhn', () => {
    expect(luhnValid('864717003664467')).toBe(true);
    expect(luhnValid('123456789012345')).toBe(false);
    expect(luhnValid('359710049095095')).toBe(true);
    expect(luhnValid('35971004909509x')).toBe(false);
  });
});
