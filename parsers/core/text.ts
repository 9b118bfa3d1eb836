/**
 * A cursor over a text frame for comma/fixed-width text protocols (TK103, GPS103, …): every read
 * is a FieldReader node with absolute byte ranges (ISO-8859-1, so one character is one byte).
 */
import type { FieldDef } from './fields';
import type { FieldReader } from './reader';
import type { FieldNode, FieldValue } from './types';
import { latin1 } from './bytes';

/** Sticky copies of the protocols' patterns, compiled once (decoding is per frame, hot). */
const STICKY = new Map<string, RegExp>();

/** `re` with these flags, cached; `lastIndex` is set by the caller before each use. */
function stickyOf(re: RegExp, flags: string): RegExp {
  const key = `${flags}/${re.source}`;
  let r = STICKY.get(key);
  if (!r) STICKY.set(key, (r = new RegExp(re.source, flags)));
  return r;
}

/** How a read field's text becomes a node value (default: the text itself). */
export type Convert = (text: string) => FieldValue | undefined;

export interface FieldOptions {
  value?: Convert;
  display?: (text: string) => string;
}

/** One field of `TextCursor.seq`: its key, definition, the pattern its text must fit. */
export interface SeqField {
  key: string;
  def: FieldDef;
  re: RegExp;
  opts?: FieldOptions;
}

export interface TextField {
  text: string;
  start: number;
  end: number;
  node?: FieldNode;
}

export class TextCursor {
  /** The frame as text, cut at `end`. */
  readonly text: string;

  constructor(readonly r: FieldReader, readonly end = r.end) {
    this.text = latin1(r.bytes.subarray(0, end));
  }

  get pos(): number {
    return this.r.pos;
  }
  set pos(v: number) {
    this.r.pos = Math.min(Math.max(v, 0), this.end);
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  /** The unread text. */
  get rest(): string {
    return this.text.slice(this.pos);
  }

  /** Consume `s` when it is at the cursor; true when it was. */
  eat(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  /** The match of `re` anchored at the cursor (nothing consumed), or null. */
  peek(re: RegExp): RegExpExecArray | null {
    const sticky = stickyOf(re, re.flags.replace(/[gy]/g, '') + 'y');
    sticky.lastIndex = this.pos;
    return sticky.exec(this.text);
  }

  /** A node over text [from, to) with the value `value` gives (the text by default). */
  node(def: FieldDef, from: number, to: number, opts?: FieldOptions): FieldNode {
    const t = this.text.slice(from, to);
    const v = opts?.value ? opts.value(t) : t;
    const shown = opts?.display ? opts.display(t) : undefined;
    return this.r.node(def, from, to, v === undefined ? t : v, shown);
  }

  /** The next `len` characters (fewer at the end of the frame) as one node. */
  fixed(def: FieldDef, len: number, opts?: FieldOptions): TextField {
    const start = this.pos;
    const end = Math.min(this.end, start + len);
    this.pos = end;
    return this.made(def, start, end, opts);
  }

  /** The text up to `sep` (or the end) as one node (none when empty); the separator is consumed, not included. */
  field(def: FieldDef, sep = ',', opts?: FieldOptions): TextField {
    const start = this.pos;
    let end = this.text.indexOf(sep, start);
    if (end < 0 || end > this.end) end = this.end;
    this.pos = end < this.end ? end + sep.length : end;
    return this.made(def, start, end, opts);
  }

  /**
   * Match `re` (named groups) at the cursor and consume it; every non-empty named group listed in
   * `defs` becomes a node, in wire order. Undefined (nothing consumed) when it does not match.
   */
  groups(re: RegExp, defs: Readonly<Record<string, FieldDef | readonly [FieldDef, FieldOptions]>>): { g: Record<string, string | undefined>; nodes: Record<string, FieldNode> } | undefined {
    const sticky = stickyOf(re, 'dy');
    sticky.lastIndex = this.pos;
    const m = sticky.exec(this.text);
    if (!m) return undefined;
    const at = m.indices?.groups ?? {};
    const nodes: Record<string, FieldNode> = {};
    const found = Object.entries(at).filter((e): e is [string, [number, number]] => !!e[1] && e[1][1] > e[1][0] && !!defs[e[0]]);
    for (const [name, [s, e]] of found.sort((a, b) => a[1][0] - b[1][0])) {
      const d = defs[name]!;
      nodes[name] = 'id' in d ? this.node(d, s, e) : this.node(d[0], s, e, d[1]);
    }
    this.pos = this.pos + m[0].length;
    return { g: { ...(m.groups ?? {}) }, nodes };
  }

  /**
   * Separated fields in the order of `specs`: an empty field is skipped, the first field whose text
   * does not fit its pattern stops the run (cursor left before it). Returns the texts by key.
   */
  seq(specs: readonly SeqField[], sep = ','): Record<string, string> {
    const got: Record<string, string> = {};
    for (const s of specs) {
      if (this.done) break;
      const start = this.pos;
      let end = this.text.indexOf(sep, start);
      if (end < 0 || end > this.end) end = this.end;
      const t = this.text.slice(start, end);
      if (t.length && !s.re.test(t)) break;
      this.pos = end < this.end ? end + sep.length : end;
      if (!t.length) continue;
      this.node(s.def, start, end, s.opts);
      got[s.key] = t;
    }
    return got;
  }

  private made(def: FieldDef, start: number, end: number, opts?: FieldOptions): TextField {
    const text = this.text.slice(start, end);
    if (start === end) return { text, start, end };
    return { text, start, end, node: this.node(def, start, end, opts) };
  }
}

/**
 * Bytes written as hex digits inside a text frame (two characters a byte): each read is a node over
 * its characters with the number as value. Reads past `end` return undefined and add nothing.
 */
export class HexText {
  constructor(readonly c: TextCursor, public pos: number, readonly end: number) {}

  get remaining(): number {
    return Math.floor((this.end - this.pos) / 2);
  }

  /** Unsigned integer of `len` bytes, little- or big-endian, as one node. */
  uint(def: FieldDef, len: number, littleEndian: boolean, display?: (v: number) => string): number | undefined {
    if (this.remaining < len) return undefined;
    let v = 0;
    for (let i = 0; i < len; i++) {
      const b = parseInt(this.c.text.substr(this.pos + 2 * (littleEndian ? len - 1 - i : i), 2), 16);
      if (Number.isNaN(b)) return undefined;
      v = v * 256 + b;
    }
    this.c.node(def, this.pos, this.pos + 2 * len, { value: () => v, display: display ? () => display(v) : undefined });
    this.pos += 2 * len;
    return v;
  }

  u8(def: FieldDef, display?: (v: number) => string): number | undefined {
    return this.uint(def, 1, false, display);
  }

  /** `len` bytes as one node valued with their hex text. */
  raw(def: FieldDef, len: number): string | undefined {
    if (len <= 0 || this.remaining < len) return undefined;
    const t = this.c.text.slice(this.pos, this.pos + 2 * len);
    this.c.node(def, this.pos, this.pos + 2 * len);
    this.pos += 2 * len;
    return t;
  }
}

/** Number of a decimal text, or undefined when it is not one. */
export const num: Convert = (t) => (/^[-+]?\d+(\.\d+)?$/.test(t.trim()) ? Number(t) : undefined);
/** Integer of a hexadecimal text, or undefined. */
export const hex: Convert = (t) => (/^[0-9A-Fa-f]+$/.test(t) ? parseInt(t, 16) : undefined);

/**
 * ISO time from calendar fields (two-digit years are 20yy), rolled over like a lenient calendar
 * when a field is out of range (month 18 → June of the next year); `ok` says whether all fields
 * were in range. Null when the result is not a date at all.
 */
export function calendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number, millis = 0, offsetMinutes = 0): { iso: string; ok: boolean } | null {
  const parts = [year, month, day, hour, minute, second, millis];
  if (!parts.every(Number.isFinite)) return null;
  const ok = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60;
  const y = year < 100 ? 2000 + year : year;
  const t = Date.UTC(y, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  if (d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 2200) return null;
  const iso = d.toISOString();
  return { iso, ok: ok && new Date(Date.UTC(y, month - 1, day)).getUTCDate() === day };
}

/** Byte ranges of the `sep`-separated fields of b[from, to). */
export function fieldRanges(b: Uint8Array, from: number, to: number, sep: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = from;
  for (let i = from; i < to; i++) {
    if (b[i] === sep) {
      out.push([s, i]);
      s = i + 1;
    }
  }
  out.push([s, to]);
  return out;
}
