/**
 * Range-recording reader: every read appends a FieldNode with absolute [start, end) offsets, so
 * the decode tree and the hex view stay linked. Reads past the end never throw: the reader
 * records a truncated node with a `malformed` issue and returns undefined from then on.
 */
import type { FieldNode, FieldValue, Issue } from './types';
import type { FieldDef } from './fields';
import { bcdDigits, latin1, toHex } from './bytes';

/** While true, readers skip display texts and bit-field children (see `leanDecode`). */
let lean = false;

/**
 * Run `fn` (a decode) without the presentation part of the tree: nodes keep ids, ranges, values
 * and issues, but no display texts or bit-field children. For the frame index, which needs the
 * summary, positions and issues of every frame and the full tree only for the frame shown.
 */
export function leanDecode<T>(fn: () => T): T {
  const prev = lean;
  lean = true;
  try {
    return fn();
  } finally {
    lean = prev;
  }
}

export interface ReadOptions {
  /** Override the display text for the value. */
  display?: (value: number) => string;
}

export class FieldReader {
  /** Position relative to the start of `bytes`. */
  pos = 0;
  truncated = false;
  /** Top-level nodes (shared with sub-readers). */
  tree: FieldNode[] = [];
  /** The node most recently added (by this reader or a sub-reader). */
  get last(): FieldNode | undefined {
    return this.shared.last;
  }
  private stack: FieldNode[][] = [this.tree];
  private shared: { last?: FieldNode } = {};

  /**
   * @param bytes the buffer to read
   * @param base absolute offset of bytes[0] within the wire frame (for sub-readers over slices)
   * @param end relative end of readable bytes (default: bytes.length)
   * @param map for a buffer that is not the wire bytes (unescaped, unstuffed): `map[i]` is the wire
   *   offset of byte i and `map[bytes.length]` the wire end; every node's range goes through it.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly base = 0,
    readonly end = bytes.length,
    readonly map?: ArrayLike<number>,
  ) {}

  /** A reader over an unescaped buffer whose nodes carry wire offsets (see `unescapeMap`). */
  static mapped(bytes: Uint8Array, map: ArrayLike<number>): FieldReader {
    return new FieldReader(bytes, 0, bytes.length, map);
  }

  /** Wire offset of buffer offset `i`. */
  wire(i: number): number {
    if (!this.map) return this.base + i;
    return this.map[Math.min(Math.max(i, 0), this.map.length - 1)]!;
  }

  get remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  /** Absolute wire offset of the current position. */
  get absPos(): number {
    return this.wire(this.pos);
  }

  private get siblings(): FieldNode[] {
    return this.stack[this.stack.length - 1]!;
  }

  /** Append a node at the current level. */
  add(node: FieldNode): FieldNode {
    this.siblings.push(node);
    this.shared.last = node;
    return node;
  }

  /** Build a node for `len` bytes at the current position, or record truncation. */
  private take(def: FieldDef, len: number): { node: FieldNode; at: number } | undefined {
    if (this.truncated) return undefined;
    if (len > this.remaining) {
      const node: FieldNode = {
        id: def.id,
        label: def.label,
        start: this.absPos,
        end: this.wire(this.end),
        display: `truncated: ${len} byte(s) expected, ${this.remaining} left`,
        issues: [issue('core.truncated', 'malformed', 'error', `${def.label}: frame ends before this field (${len} byte(s) expected, ${this.remaining} left)`)],
      };
      this.add(node);
      this.pos = this.end;
      this.truncated = true;
      return undefined;
    }
    const at = this.pos;
    const node: FieldNode = { id: def.id, label: def.label, start: this.wire(at), end: this.wire(at + len) };
    this.pos += len;
    this.add(node);
    return { node, at };
  }

  private num(def: FieldDef, len: number, read: (at: number) => number, opts?: ReadOptions): number | undefined {
    const t = this.take(def, len);
    if (!t) return undefined;
    const v = read(t.at);
    t.node.value = v;
    if (!lean) t.node.display = displayNumber(def, v, opts);
    return v;
  }

  u8(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 1, (a) => this.bytes[a]!, opts);
  }
  u16(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 2, (a) => (this.bytes[a]! << 8) | this.bytes[a + 1]!, opts);
  }
  u24(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 3, (a) => (this.bytes[a]! << 16) | (this.bytes[a + 1]! << 8) | this.bytes[a + 2]!, opts);
  }
  u32(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 4, (a) => ((this.bytes[a]! << 24) >>> 0) + ((this.bytes[a + 1]! << 16) | (this.bytes[a + 2]! << 8) | this.bytes[a + 3]!), opts);
  }
  u16le(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 2, (a) => this.bytes[a]! | (this.bytes[a + 1]! << 8), opts);
  }
  u32le(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 4, (a) => (this.bytes[a]! | (this.bytes[a + 1]! << 8) | (this.bytes[a + 2]! << 16)) + ((this.bytes[a + 3]! << 24) >>> 0), opts);
  }

  i8(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 1, (a) => (this.bytes[a]! << 24) >> 24, opts);
  }
  i16(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 2, (a) => (((this.bytes[a]! << 8) | this.bytes[a + 1]!) << 16) >> 16, opts);
  }
  i32(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 4, (a) => (this.bytes[a]! << 24) | (this.bytes[a + 1]! << 16) | (this.bytes[a + 2]! << 8) | this.bytes[a + 3]!, opts);
  }
  i16le(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 2, (a) => ((this.bytes[a]! | (this.bytes[a + 1]! << 8)) << 16) >> 16, opts);
  }
  i32le(def: FieldDef, opts?: ReadOptions) {
    return this.num(def, 4, (a) => this.bytes[a]! | (this.bytes[a + 1]! << 8) | (this.bytes[a + 2]! << 16) | (this.bytes[a + 3]! << 24), opts);
  }
  /** Unsigned big-endian integer of 1..6 bytes (exact up to 2^48). */
  uint(def: FieldDef, len: number, opts?: ReadOptions) {
    return this.num(def, len, (a) => {
      let v = 0;
      for (let i = 0; i < len; i++) v = v * 256 + this.bytes[a + i]!;
      return v;
    }, opts);
  }
  /** Unsigned big-endian 64-bit integer as a number (exact below 2^53, e.g. millisecond times). */
  u64(def: FieldDef, opts?: ReadOptions) {
    return this.uint(def, 8, opts);
  }

  /** Read an integer of `len` bytes (1, 2 or 4) and split it into bit-field children. */
  bits(def: FieldDef, len: 1 | 2 | 4, defs: readonly BitDef[]): Record<string, number> | undefined {
    const v = this.uint(def, len);
    if (v === undefined) return undefined;
    return addBits(this.last!, v, defs);
  }

  /**
   * ISO-8859-1 text up to (not including) the byte `delim`, which is consumed but left out of the
   * node's range; without a delimiter the text runs to the end. Never truncates.
   */
  until(def: FieldDef, delim: number): string | undefined {
    if (this.truncated) return undefined;
    let i = this.pos;
    while (i < this.end && this.bytes[i] !== delim) i++;
    const at = this.pos;
    const s = latin1(this.bytes.subarray(at, i));
    this.add(lean ? { id: def.id, label: def.label, start: this.wire(at), end: this.wire(i), value: s } : { id: def.id, label: def.label, start: this.wire(at), end: this.wire(i), value: s, display: JSON.stringify(s) });
    this.pos = i < this.end ? i + 1 : i;
    return s;
  }

  /** Skip `len` bytes without a node (punctuation inside a group that covers it). */
  skip(len: number): void {
    this.pos = Math.min(this.end, this.pos + len);
  }

  /** Append a node over buffer offsets [from, to) of this reader, with a given value. */
  node(def: FieldDef, from: number, to: number, value?: FieldValue, display?: string): FieldNode {
    const n: FieldNode = { id: def.id, label: def.label, start: this.wire(from), end: this.wire(to) };
    if (value !== undefined) n.value = value;
    if (lean) return this.add(n);
    if (display !== undefined) n.display = display;
    else if (value !== undefined && value !== null) n.display = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return this.add(n);
  }

  /** Packed BCD digits over `len` bytes; value is the digit string. */
  bcd(def: FieldDef, len: number): string | undefined {
    const t = this.take(def, len);
    if (!t) return undefined;
    const s = bcdDigits(this.bytes.subarray(t.at, t.at + len));
    t.node.value = s;
    if (!lean) t.node.display = s;
    return s;
  }

  /** ISO-8859-1 text over `len` bytes. */
  ascii(def: FieldDef, len: number): string | undefined {
    const t = this.take(def, len);
    if (!t) return undefined;
    const s = latin1(this.bytes.subarray(t.at, t.at + len));
    t.node.value = s;
    if (!lean) t.node.display = JSON.stringify(s);
    return s;
  }

  /** Raw bytes; value is their hex. */
  raw(def: FieldDef, len: number): Uint8Array | undefined {
    const t = this.take(def, len);
    if (!t) return undefined;
    const b = this.bytes.subarray(t.at, t.at + len);
    if (lean) return b;
    t.node.value = toHex(b);
    t.node.display = len > 32 ? `${toHex(b.subarray(0, 32))}… (${len} bytes)` : toHex(b);
    return b;
  }

  /** Read a group of fields as children of one node whose range spans them. */
  group<T>(def: FieldDef, fn: (r: FieldReader) => T): { node: FieldNode; result: T } {
    const node: FieldNode = { id: def.id, label: def.label, start: this.absPos, end: this.absPos, children: [] };
    this.add(node);
    this.stack.push(node.children!);
    let result: T;
    try {
      result = fn(this);
    } finally {
      this.stack.pop();
    }
    node.end = Math.max(node.start, this.absPos);
    return { node, result };
  }

  /** A sub-reader over `len` bytes at the current position (its nodes keep absolute offsets). */
  sub(len: number): FieldReader {
    const n = Math.min(len, this.remaining);
    const r = new FieldReader(this.bytes, this.base, this.pos + n, this.map);
    r.pos = this.pos;
    r.tree = this.tree;
    r.stack = this.stack;
    r.shared = this.shared;
    this.pos += n;
    return r;
  }

  /** Mark the rest of the readable bytes as undecoded (no-op when nothing is left). */
  rest(def: FieldDef, message: string): FieldNode | undefined {
    if (this.truncated || this.remaining === 0) return undefined;
    const len = this.remaining;
    this.raw(def, len);
    const node = this.last!;
    addIssue(node, issue('core.undecoded', 'undecoded', 'info', message));
    return node;
  }
}

export function issue(id: string, group: Issue['group'], severity: Issue['severity'], message: string): Issue {
  return { id, group, severity, message };
}

export function addIssue(node: FieldNode, i: Issue): void {
  (node.issues ??= []).push(i);
}

/** All issues of a tree, depth first. */
export function collectIssues(tree: FieldNode[]): Issue[] {
  const out: Issue[] = [];
  const walk = (nodes: FieldNode[]) => {
    for (const n of nodes) {
      if (n.issues) out.push(...n.issues);
      if (n.children) walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** First node with this id, depth first. */
export function findNode(tree: FieldNode[], id: string): FieldNode | undefined {
  for (const n of tree) {
    if (n.id === id) return n;
    const c = n.children && findNode(n.children, id);
    if (c) return c;
  }
  return undefined;
}

function displayNumber(def: FieldDef, v: number, opts?: ReadOptions): string {
  if (opts?.display) return opts.display(v);
  const digits = def.type === 'u8' ? 2 : def.type === 'u24' ? 6 : def.type === 'u32' ? 8 : 4;
  const hex = `0x${v.toString(16).padStart(digits, '0')}`;
  const name = def.enum?.[v];
  if (def.enum) return `${name ?? 'unknown'} (${hex})`;
  if (def.type === 'checksum' || def.type === 'flags' || def.type === 'magic') return hex;
  return def.unit ? `${v} ${def.unit}` : `${v}`;
}

export type { FieldValue };

export interface BitDef {
  id: string;
  label: string;
  /** Lowest bit index (0 = least significant). */
  bit: number;
  /** Number of bits (default 1). */
  width?: number;
  /** Names of the values; a 1-bit field without names shows yes/no. */
  names?: Readonly<Record<number, string>>;
}

/** Split a flags node into bit-field children sharing its byte range; returns the values by id. */
export function addBits(node: FieldNode, value: number, defs: readonly BitDef[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (!lean) node.children ??= [];
  for (const d of defs) {
    const w = d.width ?? 1;
    const v = Math.floor(value / 2 ** d.bit) & (2 ** w - 1);
    out[d.id] = v;
    if (lean) continue;
    const name = d.names?.[v] ?? (w === 1 ? (v ? 'yes' : 'no') : String(v));
    node.children!.push({ id: d.id, label: d.label, start: node.start, end: node.end, value: v, display: name });
  }
  return out;
}
