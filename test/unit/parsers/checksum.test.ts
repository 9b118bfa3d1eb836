import { describe, expect, it } from 'vitest';
import { crc16CcittFalse, crc16Ibm, crc16Itu, crc16X25, crc16Xmodem, crc8Nrsc5, nmeaChecksum, sum8, xor8 } from '../../../parsers/core/checksum';
import { fromHex } from '../../../parsers/core/bytes';

const check = new TextEncoder().encode('123456789');
const ascii = (s: string) => new TextEncoder().encode(s);

describe('CRC-16/X-25', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc16X25(check)).toBe(0x906e);
  });
  it('matches the CRC of a real GT06 login (over length..serial)', () => {
    const f = fromHex('78780d01012345678901234500018cdd0d0a');
    expect(crc16X25(f, 2, f.length - 4)).toBe(0x8cdd);
  });
  it('is 0x0000 for no bytes with init/xorout 0xffff', () => {
    expect(crc16X25(new Uint8Array(0))).toBe(0x0000);
  });
});

describe('CRC-ITU (CRC-16/KERMIT)', () => {
  it('gives the catalogue check value 0x2189', () => {
    expect(crc16Itu(check)).toBe(0x2189);
  });
  it('honours the range', () => {
    expect(crc16Itu(ascii('xx123456789yy'), 2, 11)).toBe(0x2189);
  });
});

describe('CRC-16/XMODEM', () => {
  it('gives the catalogue check value 0x31C3', () => {
    expect(crc16Xmodem(check)).toBe(0x31c3);
  });
});

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value 0x29B1', () => {
    expect(crc16CcittFalse(check)).toBe(0x29b1);
  });
});

describe('CRC-8/NRSC-5', () => {
  it('gives the catalogue check value 0xF7', () => {
    expect(crc8Nrsc5(check)).toBe(0xf7);
  });
});

describe('CRC-16/IBM (ARC)', () => {
  it('gives the catalogue check value 0xBB3D', () => {
    expect(crc16Ibm(check)).toBe(0xbb3d);
  });
  it('matches a real Teltonika codec 8E AVL packet (codec..count2)', () => {
    // TeltonikaProtocolDecoderTest.java:28, CRC 0x0000823f on the wire
    const f = fromHex('000000000000004b8e010000018368952793000f0e54fc209ab05800b300b40e00002a4f0001000000000000000000012a4f001e011c0001a40110eb47706aa38255aa96f21a154e2d00550d01000e020bd6010000823f');
    expect(crc16Ibm(f, 8, f.length - 4)).toBe(0x823f);
  });
});

describe('XOR-8', () => {
  it('is 0x31 for "123456789"', () => {
    expect(xor8(check)).toBe(0x31);
  });
  it('matches a real JT808 0x0704 check code (header+body, no escapes in it)', () => {
    // Jt808ProtocolDecoderTest.java:14, check code 0x03
    const f = fromHex('7e070400510144503762020002000101004c00040100000800030202301006f893e8001d00000095260817221812140400000000170200000104000036c9030200002504000000002a02000030011f31010eea04020c8300ef0400000000037e');
    expect(xor8(f, 1, f.length - 2)).toBe(0x03);
  });
});

describe('byte sum mod 256', () => {
  it('is 0xDD for "123456789"', () => {
    expect(sum8(check)).toBe(0xdd);
  });
  it('matches a real Meitrack checksum (sum up to and including *)', () => {
    // MeitrackProtocolDecoderTest.java:52
    expect(sum8(ascii('$$u28,864606044993987,D82,0*'))).toBe(0xd6);
  });
});

describe('NMEA XOR', () => {
  it('gives the checksum of a textbook GPGLL sentence', () => {
    expect(nmeaChecksum(ascii('GPGLL,5057.970,N,00146.110,E,142451,A'))).toBe('27');
  });
  it('gives the checksum of a GPRMC sentence', () => {
    expect(nmeaChecksum(ascii('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W'))).toBe('6A');
  });
});
