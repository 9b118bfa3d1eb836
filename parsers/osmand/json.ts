/**
 * A JSON (RFC 8259) parser that keeps the byte range of every key and value, for field trees over
 * JSON bodies. It never throws: on an error it returns the tree it had (containers still open end
 * at `good`), the error offset, and `good`, the end of the last value it completed, from where the
 * bytes are left undecoded.
 */
import { utf8 } from './http';

interface Span {
  start: number;
  end: number;
}
export type JsonValue =
  | (Span & { kind: 'object'; members: JsonMember[] })
  | (Span & { kind: 'array'; items: JsonValue[] })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'number'; value: number; raw: string })
  | (Span & { kind: 'bool'; value: boolean })
  | (Span & { kind: 'null' });

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonValue;
}

export interface JsonResult {
  value?: JsonValue;
  error?: { at: number; message: string };
  /** End of the last completely parsed value (where undecodable bytes begin). */
  good: number;
}

const MAX_DEPTH = 64;
const ESCAPES: Readonly<Record<number, string>> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

class Stop {
  constructor(readonly at: number, readonly message: string) {}
}

/** Parse the JSON text in b[start, end). */
export function parseJson(b: Uint8Array, start = 0, end = b.length): JsonResult {
  let pos = start;
  let good = start;
  let root: JsonValue | undefined;
  const open: Span[] = [];
  const ws = () => {
    while (pos < end && (b[pos] === 0x20 || b[pos] === 0x09 || b[pos] === 0x0a || b[pos] === 0x0d)) pos++;
  };
  const fail = (message: string): never => {
    throw new Stop(pos, message);
  };
  const done = <T extends JsonValue>(v: T): T => {
    good = pos;
    return v;
  };

  /** A string token at pos (the opening quote). */
  const str = (): Span & { kind: 'string'; value: string } => {
    const s = pos++;
    let out = '';
    let run = pos;
    for (;;) {
      if (pos >= end) fail('unterminated string');
      const c = b[pos]!;
      if (c === 0x22) {
        out += utf8(b.subarray(run, pos));
        pos++;
        return { kind: 'string', start: s, end: pos, value: out };
      }
      if (c < 0x20) fail('control character in a string');
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += utf8(b.subarray(run, pos));
      const e = b[pos + 1];
      if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        pos += 2;
      } else if (e === 0x75 && pos + 6 <= end) {
        let h = '';
        for (let i = 2; i < 6; i++) h += String.fromCharCode(b[pos + i]!);
        if (!/^[0-9A-Fa-f]{4}$/.test(h)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(h, 16));
        pos += 6;
      } else fail('bad escape');
      run = pos;
    }
  };

  const word = (w: string) => {
    if (pos + w.length > end) return false;
    for (let i = 0; i < w.length; i++) if (b[pos + i] !== w.charCodeAt(i)) return false;
    return true;
  };

  /** The value at pos; `place` puts it in its parent as soon as it exists (containers before their children). */
  const value = (depth: number, place: (v: JsonValue) => void): void => {
    ws();
    if (pos >= end) fail('value expected');
    const c = b[pos]!;
    const s = pos;
    if (c === 0x7b) {
      if (depth >= MAX_DEPTH) fail('nesting too deep');
      const node: JsonValue = { kind: 'object', start: s, end: s, members: [] };
      place(node);
      open.push(node);
      pos++;
      good = pos;
      ws();
      if (b[pos] === 0x7d) pos++;
      else {
        for (;;) {
          ws();
          if (b[pos] !== 0x22) fail('key expected');
          const k = str();
          ws();
          if (b[pos] !== 0x3a) fail('":" expected');
          pos++;
          const m = { key: k.value, keyStart: k.start, keyEnd: k.end } as JsonMember;
          value(depth + 1, (v) => {
            m.value = v;
            node.members.push(m);
          });
          ws();
          if (b[pos] === 0x2c) {
            pos++;
            continue;
          }
          if (b[pos] === 0x7d) {
            pos++;
            break;
          }
          fail('"," or "}" expected');
        }
      }
      node.end = pos;
      open.pop();
      good = pos;
      return;
    }
    if (c === 0x5b) {
      if (depth >= MAX_DEPTH) fail('nesting too deep');
      const node: JsonValue = { kind: 'array', start: s, end: s, items: [] };
      place(node);
      open.push(node);
      pos++;
      good = pos;
      ws();
      if (b[pos] === 0x5d) pos++;
      else {
        for (;;) {
          value(depth + 1, (v) => node.items.push(v));
          ws();
          if (b[pos] === 0x2c) {
            pos++;
            continue;
          }
          if (b[pos] === 0x5d) {
            pos++;
            break;
          }
          fail('"," or "]" expected');
        }
      }
      node.end = pos;
      open.pop();
      good = pos;
      return;
    }
    if (c === 0x22) return place(done(str()));
    if (word('true') || word('false')) {
      const v = c === 0x74;
      pos += v ? 4 : 5;
      return place(done({ kind: 'bool', start: s, end: pos, value: v }));
    }
    if (word('null')) {
      pos += 4;
      return place(done({ kind: 'null', start: s, end: pos }));
    }
    let t = '';
    while (pos < end && /[-+.eE0-9]/.test(String.fromCharCode(b[pos]!))) t += String.fromCharCode(b[pos++]!);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(t)) {
      pos = s;
      fail('value expected');
    }
    place(done({ kind: 'number', start: s, end: pos, value: Number(t), raw: t }));
  };

  try {
    value(0, (v) => (root = v));
    ws();
    if (pos < end) fail('bytes after the JSON value');
    return { value: root, good };
  } catch (e) {
    for (const n of open) n.end = Math.max(n.start, good);
    const at = e instanceof Stop ? e.at : pos;
    return { value: root, error: { at, message: e instanceof Stop ? e.message : String(e) }, good };
  }
}
