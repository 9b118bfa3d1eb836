/** Checksums used by tracker protocols, each with a known-answer test in test/unit. */

/**
 * CRC-16/X-25 (a.k.a. CRC-16/IBM-SDLC; the "CRC-ITU" of GT06 manuals): poly 0x1021 reflected
 * (0x8408), init 0xFFFF, xorout 0xFFFF. Check value of "123456789" is 0x906E.
 */
export function crc16X25(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}
