/** Byte helpers shared by every protocol: hex, BCD, ASCII. Pure, no Node APIs. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of the bytes, no separators. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b];
  return s;
}

/** Parse hex (whitespace, `:` and `0x` tolerated). Throws on odd length or a non-hex digit. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`hex has an odd number of digits (${clean.length})`);
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new Error(`not a hex digit at position ${bad}: '${clean[bad]}'`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** Packed BCD digits of the bytes (two per byte, high nibble first); nibbles > 9 become '?'. */
export function bcdDigits(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    s += (hi > 9 ? '?' : String(hi)) + (lo > 9 ? '?' : String(lo));
  }
  return s;
}

/** True when every nibble is a decimal digit. */
export function isBcd(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >> 4 > 9 || (b & 0x0f) > 9) return false;
  return true;
}

/** ISO-8859-1 text of the bytes (one char per byte, lossless). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Printable rendering: ASCII 0x20..0x7e as is, everything else as '.'. */
export function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return s;
}

/** Luhn check of a digit string (IMEI's 15th digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Index of `needle` in `hay` from `from`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: ArrayLike<number>, from = 0): number {
  const n = needle.length;
  outer: for (let i = Math.max(0, from); i + n <= hay.length; i++) {
    for (let j = 0; j < n; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether `pat` sits at `at` in `b`: true, false, or 'part' when `b` ends inside a match. */
export function bytesAt(b: Uint8Array, at: number, pat: ArrayLike<number>): boolean | 'part' {
  for (let i = 0; i < pat.length; i++) {
    if (at + i >= b.length) return 'part';
    if (b[at + i] !== pat[i]) return false;
  }
  return true;
}

/** Result of undoing byte stuffing: the plain bytes, where each came from, and bad escapes. */
export interface Unescaped {
  bytes: Uint8Array;
  /** `map[i]` is the offset in the input of plain byte i; `map[bytes.length]` is the input end. */
  map: Int32Array;
  /** Input offsets of escape bytes not followed by a known code (kept as they are). */
  bad: number[];
}

/**
 * Undo byte stuffing over input[start, end): `esc` followed by a key of `codes` becomes that
 * code's value (JT808: esc 0x7d, {0x01: 0x7d, 0x02: 0x7e}). Feed `map` to `FieldReader.mapped`.
 */
export function unescapeBytes(input: Uint8Array, esc: number, codes: Readonly<Record<number, number>>, start = 0, end = input.length): Unescaped {
  const bytes = new Uint8Array(end - start);
  const map = new Int32Array(end - start + 1);
  const bad: number[] = [];
  let n = 0;
  for (let i = start; i < end; i++) {
    map[n] = i;
    const b = input[i]!;
    if (b === esc) {
      const code = i + 1 < end ? codes[input[i + 1]!] : undefined;
      if (code !== undefined) {
        bytes[n++] = code;
        i++;
        continue;
      }
      bad.push(i);
    }
    bytes[n++] = b;
  }
  map[n] = end;
  return { bytes: bytes.slice(0, n), map: map.slice(0, n + 1), bad };
}

/** Apply byte stuffing: every byte that is a value of `codes` becomes `esc` + its key. */
export function escapeBytes(plain: Uint8Array, esc: number, codes: Readonly<Record<number, number>>): Uint8Array {
  const back = new Map<number, number>();
  for (const [k, v] of Object.entries(codes)) back.set(v, Number(k));
  const out: number[] = [];
  for (const b of plain) {
    const k = back.get(b);
    if (k !== undefined) out.push(esc, k);
    else out.push(b);
  }
  return Uint8Array.from(out);
}
