import { describe, expect, it } from 'vitest';
import { detect, winner, MIN_SCORE } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import { fromHex } from '../../../parsers/core/bytes';

describe('detector', () => {
  it('tells JT600 binary from H02 binary by evidence and shows the runner-up with its score and reasons', () => {
    // Jt600ProtocolDecoderTest.java:36: `$` + BCD id, like an H02 45-byte report, but with a length field.
    const c = detect(fromHex(JT600_LONG), { transport: 'tcp' }, PROTOCOLS);
    expect(c.map((x) => x.protocol)).toEqual(['jt600', 'h02']);
    expect(winner(c)!.protocol).toBe('jt600');
    expect(c[0]!.score).toBeGreaterThan(0.8);
    expect(c[1]!.score).toBeLessThan(MIN_SCORE);
    expect(c[1]!.evidence.some((e) => e.weight < 0 && /JT600 length/.test(e.text))).toBe(true);
  });

  it('has no winner for bytes that fit no known layout', () => {
    const c = detect(new TextEncoder().encode('hello, world\r\n'), { transport: 'tcp' }, PROTOCOLS);
    expect(winner(c)).toBeNull();
  });

  it('keeps a protocol heard on the other transport, with evidence against it', () => {
    // A GT06 login over UDP: GT06 is a TCP protocol.
    const c = detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'udp' }, PROTOCOLS);
    expect(c[0]!.protocol).toBe('gt06');
    expect(c[0]!.evidence.at(-1)!.text).toMatch(/normally uses TCP, not UDP/);
  });
});

const JT600_LONG = '2475201509261611002313101503464722331560113555309f00000000002d0500cb206800f064109326381a03';
