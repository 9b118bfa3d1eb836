/**
 * HTTP/1.x message framing (RFC 9112): request or status line, header lines up to an empty line,
 * then a body of Content-Length bytes or in chunked transfer coding (§6); a response with neither
 * has no body when its status says so (1xx, 204, 304) and otherwise runs until the connection
 * closes (§6.3). Lines end in CRLF; a bare LF is accepted as real clients and proxies sometimes
 * send it. Offsets are byte offsets into the buffer given.
 */
import { bytesAt, latin1 } from '../core/bytes';

export const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH'] as const;
/** Longest request line + headers the splitter waits for. */
export const MAX_HEAD = 8192;
/** Longest body accepted. */
export const MAX_BODY = 1 << 20;

export interface HeaderLine {
  /** Lower-case name. */
  name: string;
  rawName: string;
  value: string;
  /** [start, end) of the whole line without its line end. */
  start: number;
  end: number;
  valueStart: number;
}

export interface HttpHead {
  method: string;
  methodEnd: number;
  targetStart: number;
  targetEnd: number;
  versionStart: number;
  /** End of the request line (index of its CR or LF). */
  lineEnd: number;
  headers: HeaderLine[];
  /** First body byte (after the empty line). */
  bodyStart: number;
  contentLength?: number;
  /** Content-Length header present but not a number. */
  badLength: boolean;
  chunked: boolean;
}

/** Whether `b[at…]` starts with a known method and a space. */
export function methodAt(b: Uint8Array, at: number): string | undefined {
  outer: for (const m of METHODS) {
    if (at + m.length >= b.length) continue;
    for (let i = 0; i < m.length; i++) if (b[at + i] !== m.charCodeAt(i)) continue outer;
    if (b[at + m.length] === 0x20) return m;
  }
  return undefined;
}

/** Whether the bytes from `at` to the end could still become "<METHOD> ". */
export function methodPrefixAt(b: Uint8Array, at: number): boolean {
  const n = b.length - at;
  return METHODS.some((m) => {
    const full = `${m} `;
    if (n >= full.length) return false;
    for (let i = 0; i < n; i++) if (b[at + i] !== full.charCodeAt(i)) return false;
    return true;
  });
}

/** Whether a request starts at `at` (true), could still (`'part'`, the buffer ends first), or not. */
export function requestAt(b: Uint8Array, at: number): boolean | 'part' {
  return methodAt(b, at) ? true : methodPrefixAt(b, at) ? 'part' : false;
}

/** End of the line starting at `from` (index of CR of CRLF, or of a bare LF) and the next line's start; null if no line end yet. */
export function lineAt(b: Uint8Array, from: number, limit = b.length): { end: number; next: number } | null {
  for (let i = from; i < limit; i++) {
    if (b[i] === 0x0a) return { end: i > from && b[i - 1] === 0x0d ? i - 1 : i, next: i + 1 };
  }
  return null;
}

/**
 * Parse the request line and headers at `at`: the head, 'partial' when the empty line has not
 * arrived (within MAX_HEAD), or null when this is not an HTTP request.
 */
export function parseHead(b: Uint8Array, at = 0): HttpHead | 'partial' | null {
  const method = methodAt(b, at);
  if (!method) return null;
  const limit = Math.min(b.length, at + MAX_HEAD);
  const first = lineAt(b, at, limit);
  if (!first) return b.length - at >= MAX_HEAD ? null : 'partial';
  const line = latin1(b.subarray(at, first.end));
  const m = /^([A-Z]+) (\S+) (HTTP\/\d\.\d)$/.exec(line);
  if (!m) return null;
  const head: HttpHead = {
    method,
    methodEnd: at + method.length,
    targetStart: at + method.length + 1,
    targetEnd: at + method.length + 1 + m[2]!.length,
    versionStart: first.end - m[3]!.length,
    lineEnd: first.end,
    headers: [],
    bodyStart: -1,
    badLength: false,
    chunked: false,
  };
  return readHeaders(b, first.next, at, limit, head);
}

/** What the header lines give, whichever start line they follow. */
type HeaderFacts = Pick<HttpHead, 'headers' | 'bodyStart' | 'contentLength' | 'badLength' | 'chunked'>;

/**
 * Read header lines from `pos` up to the empty line into `head` (message starting at `at`,
 * lines searched up to `limit`): the head, 'partial' when the empty line has not arrived (within
 * MAX_HEAD), or null.
 */
function readHeaders<T extends HeaderFacts>(b: Uint8Array, pos: number, at: number, limit: number, head: T): T | 'partial' | null {
  for (;;) {
    const l = lineAt(b, pos, limit);
    if (!l) return b.length - at >= MAX_HEAD ? null : 'partial';
    if (l.end === pos) {
      head.bodyStart = l.next;
      break;
    }
    const text = latin1(b.subarray(pos, l.end));
    const colon = text.indexOf(':');
    if (colon > 0) {
      const rawName = text.slice(0, colon).trim();
      let vs = colon + 1;
      while (vs < text.length && (text[vs] === ' ' || text[vs] === '\t')) vs++;
      const value = text.slice(vs).trimEnd();
      const h: HeaderLine = { name: rawName.toLowerCase(), rawName, value, start: pos, end: l.end, valueStart: pos + vs };
      head.headers.push(h);
      if (h.name === 'content-length') {
        if (/^\d+$/.test(value)) head.contentLength = Number(value);
        else head.badLength = true;
      }
      if (h.name === 'transfer-encoding' && /chunked/i.test(value)) head.chunked = true;
    } else {
      head.headers.push({ name: '', rawName: '', value: text, start: pos, end: l.end, valueStart: pos });
    }
    pos = l.next;
  }
  return head;
}

/** How a server's answer starts: `HTTP/`. */
const RESPONSE_START = Uint8Array.from('HTTP/', (ch) => ch.charCodeAt(0));

export interface HttpResponseHead extends HeaderFacts {
  version: string;
  status: number;
  /** Reason phrase (may be empty). */
  reason: string;
  versionEnd: number;
  statusStart: number;
  statusEnd: number;
  reasonStart: number;
  /** End of the status line (index of its CR or LF). */
  lineEnd: number;
}

/** Whether `b[at…]` starts with `HTTP/` (true), could still (`'part'`, the buffer ends first), or not. */
export function responseAt(b: Uint8Array, at: number): boolean | 'part' {
  return bytesAt(b, at, RESPONSE_START);
}

/**
 * Parse the status line `HTTP/x.y <3 digits> [reason]` and the headers at `at`: the head,
 * 'partial' when the empty line has not arrived (within MAX_HEAD), or null when this is no response.
 */
export function parseResponseHead(b: Uint8Array, at = 0): HttpResponseHead | 'partial' | null {
  if (responseAt(b, at) !== true) return null;
  const limit = Math.min(b.length, at + MAX_HEAD);
  const first = lineAt(b, at, limit);
  if (!first) return b.length - at >= MAX_HEAD ? null : 'partial';
  const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(latin1(b.subarray(at, first.end)));
  if (!m) return null;
  const versionEnd = at + m[1]!.length;
  const head: HttpResponseHead = {
    version: m[1]!,
    status: Number(m[2]),
    reason: m[3] ?? '',
    versionEnd,
    statusStart: versionEnd + 1,
    statusEnd: versionEnd + 4,
    reasonStart: Math.min(first.end, versionEnd + 5),
    lineEnd: first.end,
    headers: [],
    bodyStart: -1,
    badLength: false,
    chunked: false,
  };
  return readHeaders(b, first.next, at, limit, head);
}

/** Statuses whose responses never carry a body (RFC 9112 §6.3 rule 1). */
export const noBody = (status: number) => (status >= 100 && status < 200) || status === 204 || status === 304;

/** One chunk of a chunked body: its size line and data span. */
export interface Chunk {
  lineStart: number;
  lineEnd: number;
  size: number;
  dataStart: number;
  dataEnd: number;
}

/**
 * Walk a chunked body from `from`: the chunks, trailer lines and the end of the body; 'partial'
 * when more bytes are needed; null when the coding is broken.
 */
export function parseChunks(b: Uint8Array, from: number): { chunks: Chunk[]; trailers: Array<[number, number]>; end: number } | 'partial' | null {
  const chunks: Chunk[] = [];
  let pos = from;
  for (;;) {
    const l = lineAt(b, pos, Math.min(b.length, pos + 256));
    if (!l) return b.length - pos >= 256 ? null : 'partial';
    const m = /^([0-9A-Fa-f]{1,8})(;.*)?$/.exec(latin1(b.subarray(pos, l.end)).trim());
    if (!m) return null;
    const size = parseInt(m[1]!, 16);
    if (size > MAX_BODY) return null;
    if (size === 0) {
      chunks.push({ lineStart: pos, lineEnd: l.end, size, dataStart: l.next, dataEnd: l.next });
      const trailers: Array<[number, number]> = [];
      let t = l.next;
      for (;;) {
        const tl = lineAt(b, t, Math.min(b.length, t + MAX_HEAD));
        if (!tl) return b.length - t >= MAX_HEAD ? null : 'partial';
        if (tl.end === t) return { chunks, trailers, end: tl.next };
        trailers.push([t, tl.end]);
        t = tl.next;
      }
    }
    const dataStart = l.next;
    const dataEnd = dataStart + size;
    if (dataEnd + 1 > b.length) return 'partial';
    chunks.push({ lineStart: pos, lineEnd: l.end, size, dataStart, dataEnd });
    if (b[dataEnd] === 0x0d) {
      if (dataEnd + 2 > b.length) return 'partial';
      if (b[dataEnd + 1] !== 0x0a) return null;
      pos = dataEnd + 2;
    } else if (b[dataEnd] === 0x0a) pos = dataEnd + 1;
    else return null;
  }
}

/**
 * End of the request whose head is given (a body by chunked coding, Content-Length, or none):
 * 'partial', null when its framing is broken, or the end offset.
 */
export function requestEnd(b: Uint8Array, head: HeaderFacts): number | 'partial' | null {
  if (head.chunked) {
    const c = parseChunks(b, head.bodyStart);
    if (c === null || c === 'partial') return c;
    return c.end;
  }
  if (head.badLength) return null;
  const len = head.contentLength ?? 0;
  if (len > MAX_BODY) return null;
  const end = head.bodyStart + len;
  return end > b.length ? 'partial' : end;
}

/**
 * End of the response whose head is given (RFC 9112 §6.3): no body for 1xx, 204 and 304; the
 * chunked coding; Content-Length; otherwise the body runs until the connection closes, which
 * `final` (no more bytes coming) stands for. 'partial', null when its framing is broken, or the end.
 */
export function responseEnd(b: Uint8Array, head: HttpResponseHead, final: boolean): number | 'partial' | null {
  if (noBody(head.status)) return head.bodyStart;
  if (!head.chunked && !head.badLength && head.contentLength === undefined) {
    if (b.length - head.bodyStart > MAX_BODY) return null;
    return final ? b.length : 'partial';
  }
  // Chunked coding or Content-Length: framed as a request's body.
  return requestEnd(b, head);
}

/** Percent-decoding of a query/form component (`+` is a space), UTF-8; null when malformed. */
export function decodeComponent(s: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') bytes.push(0x20);
    else if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return utf8(Uint8Array.from(bytes));
}

/** UTF-8 text of the bytes; a malformed sequence becomes U+FFFD. */
export function utf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    if (need < 0) {
      s += '\ufffd';
      i++;
      continue;
    }
    let cp = need === 0 ? c : c & (0x3f >> need);
    let ok = i + need < b.length || need === 0;
    for (let k = 1; ok && k <= need; k++) {
      const n = b[i + k]!;
      if ((n & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (n & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      s += '\ufffd';
      i++;
      continue;
    }
    s += String.fromCodePoint(cp);
    i += need + 1;
  }
  return s;
}
