/** GT06 frame boundaries: headers, the length field and the Wi-Fi layouts that carry no CRC. */

/** Header size and the total length the length field claims, for the frame starting at `at`. */
export function layout(b: Uint8Array, at = 0): { ext: boolean; headLen: number; declared: number } | null {
  if (b.length - at < 3) return null;
  if (b[at] === 0x78 && b[at + 1] === 0x78) return { ext: false, headLen: 3, declared: b[at + 2]! + 5 };
  if (b[at] === 0x79 && b[at + 1] === 0x79) {
    if (b.length - at < 4) return null;
    return { ext: true, headLen: 4, declared: ((b[at + 2]! << 8) | b[at + 3]!) + 6 };
  }
  return null;
}

/** Whether a 7878 or 7979 header starts at `i`. */
export function isHeaderAt(b: Uint8Array, i: number): boolean {
  return i + 1 < b.length && ((b[i] === 0x78 && b[i + 1] === 0x78) || (b[i] === 0x79 && b[i + 1] === 0x79));
}

/** Next position of a 7878/7979 header at or after `from`, or -1. */
export function nextHeader(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) if (isHeaderAt(b, i)) return i;
  return -1;
}

/** Types whose Wi-Fi layout puts the access-point count in the length byte and has no serial or CRC. */
export const WIFI_NO_CRC: ReadonlySet<number> = new Set([0x17, 0x69]);

/**
 * Total length of a Wi-Fi frame without CRC starting at `at` (`78 78 <ap count> <type> <BCD time>
 * <ap × 7> <cell count> <mcc(2)> <mnc> <cell × 5> 0d 0a`): the length when the bytes hold one,
 * 0 when they may still become one (too few bytes yet), -1 when they cannot.
 */
export function wifiFrameLength(b: Uint8Array, at = 0): number {
  if (b.length - at < 4 || b[at] !== 0x78 || b[at + 1] !== 0x78 || !WIFI_NO_CRC.has(b[at + 3]!)) return -1;
  for (let i = at + 4; i < Math.min(b.length, at + 10); i++) if (b[i]! >> 4 > 9 || (b[i]! & 0x0f) > 9) return -1;
  const cellsAt = at + 4 + 6 + b[at + 2]! * 7;
  if (cellsAt >= b.length) return 0;
  const end = cellsAt + 1 + 3 + b[cellsAt]! * 5 + 2;
  if (end > b.length) return 0;
  return b[end - 2] === 0x0d && b[end - 1] === 0x0a ? end - at : -1;
}
