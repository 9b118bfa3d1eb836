/**
 * Checksums used by tracker protocols, each with a known-answer test in test/unit (the CRC check
 * values are those of the "Catalogue of parametrised CRC algorithms" for the ASCII "123456789").
 * All take a byte range [start, end) so callers never copy.
 */

/** A reflected CRC-16 table for polynomial `poly` (already reflected). */
function reflectedTable(poly: number): Uint16Array {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c;
  }
  return t;
}

const T8408 = reflectedTable(0x8408);
const TA001 = reflectedTable(0xa001);

function reflected(table: Uint16Array, init: number, xorout: number, bytes: Uint8Array, start: number, end: number): number {
  let crc = init;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ table[(crc ^ bytes[i]!) & 0xff]!;
  return (crc ^ xorout) & 0xffff;
}

/**
 * CRC-16/X-25 (CRC-16/IBM-SDLC; the "CRC-ITU" of Concox GT06 manuals): poly 0x1021 reflected,
 * init 0xFFFF, xorout 0xFFFF. Check 0x906E.
 */
export function crc16X25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return reflected(T8408, 0xffff, 0xffff, bytes, start, end);
}

/**
 * CRC-ITU as ITU-T V.41 defines it with reflected bits and zero init (CRC-16/KERMIT, "CRC-CCITT"
 * of some tracker manuals): poly 0x1021 reflected, init 0, xorout 0. Check 0x2189.
 * Manuals that say "CRC-ITU" with init 0xFFFF mean X-25 above.
 */
export function crc16Itu(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return reflected(T8408, 0, 0, bytes, start, end);
}

/** CRC-16/IBM (CRC-16/ARC, Teltonika's CRC): poly 0x8005 reflected, init 0, xorout 0. Check 0xBB3D. */
export function crc16Ibm(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return reflected(TA001, 0, 0, bytes, start, end);
}

/** A CRC-16 table for the non-reflected polynomial `poly`. */
function normalTable(poly: number): Uint16Array {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ poly) & 0xffff : (c << 1) & 0xffff;
    t[n] = c;
  }
  return t;
}

const T1021 = normalTable(0x1021);

/** CRC-16/XMODEM (GoSafe binary, Ulbotech): poly 0x1021, init 0, not reflected, xorout 0. Check 0x31C3. */
export function crc16Xmodem(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ T1021[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** CRC-16/CCITT-FALSE (Queclink @Track HEX frames, Xexun3): poly 0x1021, init 0xFFFF, not reflected, xorout 0. Check 0x29B1. */
export function crc16CcittFalse(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ T1021[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

const T31 = (() => {
  const t = new Uint8Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x31) & 0xff : (c << 1) & 0xff;
    t[n] = c;
  }
  return t;
})();

/** CRC-8/NRSC-5 (Queclink Protocol Pro): poly 0x31, init 0xFF, not reflected, xorout 0. Check 0xF7. */
export function crc8Nrsc5(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xff;
  for (let i = start; i < end; i++) crc = T31[crc ^ bytes[i]!]!;
  return crc;
}

/** XOR of all bytes (JT/T 808's check code). XOR of "123456789" is 0x31. */
export function xor8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Sum of the bytes modulo 256 (Meitrack). Sum of "123456789" is 0x1DD → 0xDD. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s = (s + bytes[i]!) & 0xff;
  return s;
}

/**
 * NMEA 0183 checksum: XOR of the characters between `$` and `*` (exclusive), as two uppercase hex
 * digits. Pass the range without the `$`; e.g. `GPGLL,5057.970,N,00146.110,E,142451,A` → `27`.
 */
export function nmeaChecksum(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return xor8(bytes, start, end).toString(16).toUpperCase().padStart(2, '0');
}
