/** Layout of the hex view: bytes from hex, rows of 16, offsets, printable ASCII. Pure, no React. */

export const BYTES_PER_ROW = 16;

export interface HexRow {
  /** Offset of the row's first byte. */
  offset: number;
  /** Offsets of the row's bytes (fewer than 16 on the last row). */
  offsets: number[];
}

/** Rows of `perRow` byte offsets covering `length` bytes. */
export function hexRows(length: number, perRow = BYTES_PER_ROW): HexRow[] {
  const rows: HexRow[] = [];
  for (let offset = 0; offset < length; offset += perRow) {
    const offsets: number[] = [];
    for (let i = offset; i < Math.min(length, offset + perRow); i++) offsets.push(i);
    rows.push({ offset, offsets });
  }
  return rows;
}

/** Offset column text: 4 hex digits, more when the frame needs them. */
export function formatOffset(offset: number, length: number): string {
  const width = Math.max(4, Math.max(0, length - 1).toString(16).length);
  return offset.toString(16).padStart(width, '0');
}

/** Two lowercase hex digits. */
export function byteHex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** The byte as printable ASCII, or `.`. */
export function asciiChar(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** Whether `offset` lies in the half-open range, when there is one. */
export function inRange(offset: number, range: { start: number; end: number } | null): boolean {
  return range !== null && range.start <= offset && offset < range.end;
}
