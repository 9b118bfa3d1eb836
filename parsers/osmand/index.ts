/**
 * OsmAnd (OsmAnd online tracking, Traccar Client and other HTTP trackers), TCP/HTTP.
 * A request is `GET /?id=…&lat=…&lon=…&timestamp=…&speed=…&bearing=…&altitude=…&accuracy=…&batt=…`
 * (or POST with the same as an x-www-form-urlencoded body: used only when the query is empty), or
 * POST `application/json` `{"location":{"timestamp","coords":{latitude,longitude,speed,heading,
 * altitude,accuracy},"is_moving","odometer","event","battery":{level,is_charging},"activity":
 * {type},"extras":{…}},"device_id":…}`.
 * Units (Traccar's OsmAndProtocolDecoder): query `speed` is knots, JSON `speed` m/s; `timestamp`
 * is Unix seconds (below 2^31), milliseconds, ISO 8601, or `yyyy-MM-dd HH:mm:ss` (read as UTC
 * here; Traccar uses the server's zone). Without a timestamp the position takes the time it is
 * decoded (a server uses its receive time) and says so.
 * Answer (Traccar's BaseHttpProtocolDecoder over Netty): `HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n`
 * when the request names a device (`id`/`deviceid`, or JSON `device_id`); a query without one gets
 * `HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n`; a JSON body without a usable `device_id`
 * gets nothing (Traccar fails on it). A queued command would go in the 200 body (not modelled).
 * Server → device (direction down) the splitter and decoder read HTTP responses: status line,
 * headers, a body by Content-Length or chunked coding, none for 1xx/204/304, else up to the close.
 * Spec: OsmAnd "Online tracking" URL parameters; RFC 9112 (HTTP/1.1 framing); RFC 8259 (JSON).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT } from '../core/units';
import { F, HEADERS, HEADER_OTHER, JSON_EXTRA, JSON_FIELDS, JSON_ITEM, JSON_KEY, JSON_OTHER, PARAMS, PARAM_OTHER, RESPONSE } from './fields';
import { type HttpHead, type HttpResponseHead, MAX_HEAD, decodeComponent, methodAt, noBody, parseChunks, parseHead, parseResponseHead, requestAt, requestEnd, responseAt, responseEnd } from './http';
import { type JsonValue, parseJson } from './json';

/** Knots per metre per second. */
const KNOTS_PER_MPS = 3600 / 1852;

// ---------------------------------------------------------------------------------------------
// Splitting

/**
 * The splitting loop of both directions: messages found by `startAt` (true, false, or 'part' when
 * the buffer ends inside a start), cut where `end` says after the head `parse` reads. A head with
 * an unusable Content-Length is a frame alone (the decoder flags the header); anything else that
 * is not a message is garbage up to the next possible start.
 */
function splitMessages<H extends Pick<HttpHead, 'bodyStart' | 'badLength'>>(
  buf: Uint8Array,
  startAt: (b: Uint8Array, i: number) => boolean | 'part',
  parse: (b: Uint8Array, at: number) => H | 'partial' | null,
  end: (b: Uint8Array, head: H) => number | 'partial' | null,
): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const at = startAt(buf, pos);
    if (at === 'part') break;
    const head = at ? parse(buf, pos) : null;
    if (head === 'partial') break;
    const stop = head ? end(buf, head) : null;
    if (stop === 'partial') break;
    if (head && stop === null && head.badLength) {
      frames.push({ start: pos, end: head.bodyStart });
      pos = head.bodyStart;
      continue;
    }
    if (!head || stop === null) {
      let next = pos + 1;
      while (next < buf.length && startAt(buf, next) === false) next++;
      const last = garbage[garbage.length - 1];
      if (last && last.end === pos) last.end = next;
      else garbage.push({ start: pos, end: next });
      pos = next;
      continue;
    }
    frames.push({ start: pos, end: stop });
    pos = stop;
  }
  return { frames, garbage, consumed: pos };
}

/**
 * Device → server: HTTP requests. Server → device: HTTP responses, each ending where its
 * Content-Length, chunked coding or status (no body for 1xx, 204, 304) says; one with none of
 * these runs until the connection closes (RFC 9112 §6.3), so it is cut once no more bytes are
 * coming (`final`).
 */
export function split(buf: Uint8Array, final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitMessages(buf, responseAt, parseResponseHead, (b, head) => responseEnd(b, head, final));
  return splitMessages(buf, requestAt, parseHead, requestEnd);
}

// ---------------------------------------------------------------------------------------------
// Detection

const OSMAND_KEYS = ['speed', 'bearing', 'heading', 'altitude', 'accuracy', 'batt', 'hdop'];

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const method = methodAt(b, 0);
  if (!method) return { score: 0, evidence: [] };
  const s = latin1(b.subarray(0, Math.min(b.length, MAX_HEAD + 4096)));
  const ev: Evidence[] = [{ text: `HTTP method ${method}`, weight: 0.2 }];
  if (/^[A-Z]+ \S+ HTTP\/\d\.\d\r?\n/.test(s)) ev.push({ text: 'HTTP/1.x request line', weight: 0.3 });
  // The target may still be cut short in the first bytes of a stream: take the pairs it has.
  const target = /^[A-Z]+ (\S+)/.exec(s)?.[1] ?? '';
  const q = target.indexOf('?');
  const names = new Set<string>();
  const generic = ev.length;
  if (q >= 0) for (const p of target.slice(q + 1).split('&')) names.add(p.split('=')[0]!);
  const blank = s.search(/\r?\n\r?\n/);
  const body = blank >= 0 ? s.slice(blank).replace(/^\s+/, '') : '';
  const json = body.startsWith('{') || (!body && /\r\ncontent-type: *application\/json/i.test(s));

  if (!json && body) for (const p of body.split('&')) names.add(p.split('=')[0]!);
  if (names.has('id') || names.has('deviceid')) ev.push({ text: `device id parameter "${names.has('id') ? 'id' : 'deviceid'}"`, weight: 0.6 });
  if ((names.has('lat') && names.has('lon')) || names.has('location')) ev.push({ text: 'lat/lon (or location) parameters', weight: 0.6 });
  if (names.has('timestamp')) ev.push({ text: 'timestamp parameter', weight: 0.2 });
  const more = OSMAND_KEYS.filter((k) => names.has(k));
  if (more.length) ev.push({ text: `OsmAnd parameters ${more.join(', ')}`, weight: 0.1 });
  if (json) {
    if (/"device_id"\s*:/.test(body) && /"location"\s*:/.test(body)) ev.push({ text: 'JSON with "location" and "device_id"', weight: 1 });
    if (/"coords"\s*:/.test(body)) ev.push({ text: 'JSON "coords"', weight: 0.3 });
  }
  if (names.has('_type') || names.has('tst') || /"_type"\s*:/.test(body)) ev.push({ text: 'OwnTracks keys (_type, tst)', weight: -1.5 });
  if (ev.length === generic) ev.push({ text: 'no OsmAnd parameters', weight: -0.1 });
  if (/\r\ncontent-type: *application\/json/i.test(s)) ev.push({ text: 'Content-Type application/json', weight: 0.2 });
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// Decoding

type Attrs = Record<string, FieldValue>;

/** Values a request yields, before they become a position. */
interface Fix {
  deviceId?: string;
  time?: string | null;
  valid: boolean;
  lat?: number;
  lon?: number;
  speedKnots?: number;
  course?: number;
  altitude?: number;
  attrs: Attrs;
}

/** Decode times of frames that carry no timestamp, so that decoding one frame twice agrees. */
const decodeTimes = new WeakMap<Uint8Array, string>();

/** A group node over reader offsets [from, to) whose children `fn` adds. */
function span(r: FieldReader, def: FieldDef, from: number, to: number, fn: () => void, label?: string): FieldNode {
  r.pos = from;
  const { node } = r.group(def, () => {
    fn();
    r.pos = to;
  });
  if (label) node.label = label;
  return node;
}

/** A definition with another label (unnamed parameters, headers and JSON members). */
const named = (def: FieldDef, label: string): FieldDef => ({ ...def, label });

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The time of a `timestamp` value, null when it is none of the accepted forms. */
function parseTimestamp(v: string): string | null {
  if (/^\d+$/.test(v)) {
    let t = Number(v);
    if (t < 2147483647) t *= 1000;
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (v.includes('T')) {
    const iso = /([Zz]|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v}Z`;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(v);
  if (!m) return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** One `key=value` pair of a query or form body: a leaf over the pair; applies its meaning to `fix`. */
function param(r: FieldReader, s: string, from: number, to: number, fix: Fix | undefined): void {
  const pair = s.slice(from, to);
  const eq = pair.indexOf('=');
  const rawKey = eq < 0 ? pair : pair.slice(0, eq);
  const raw = eq < 0 ? '' : pair.slice(eq + 1);
  const key = decodeComponent(rawKey) ?? rawKey;
  const value = decodeComponent(raw);
  const def = PARAMS[key] && Object.hasOwn(PARAMS, key) ? PARAMS[key]! : named(PARAM_OTHER, key);
  const bad = (why: string) => {
    const n = r.node(def, from, to, value ?? raw, `${key} = ${raw}`);
    addIssue(n, issue('osmand.bad_value', 'malformed', 'warning', `${key}: ${why}`));
  };
  if (value === null) return bad(`"${raw}" has a malformed percent escape`);
  const num = NUMBER.test(value.trim()) ? Number(value) : undefined;
  const show = (v: FieldValue, meaning?: string) => r.node(def, from, to, v, `${key} = ${value}${meaning ? ` (${meaning})` : ''}`);
  const needNum = (apply: (n: number) => void, meaning?: (n: number) => string) => {
    if (num === undefined) return bad(`"${value}" is not a number`);
    show(num, meaning?.(num));
    if (fix) apply(num);
  };
  switch (key) {
    case 'id':
    case 'deviceid':
      show(value);
      if (fix && value) fix.deviceId = value;
      return;
    case 'valid':
      show(value);
      if (fix) fix.valid = value.toLowerCase() === 'true' || value === '1';
      return;
    case 'timestamp': {
      const t = parseTimestamp(value);
      if (!t) return bad(`"${value}" is no Unix time, ISO 8601 or yyyy-MM-dd HH:mm:ss`);
      show(t, t.replace('T', ' ').replace('.000Z', ' UTC'));
      if (fix) fix.time = t;
      return;
    }
    case 'lat':
      return needNum((n) => (fix!.lat = n), () => '°');
    case 'lon':
      return needNum((n) => (fix!.lon = n), () => '°');
    case 'location': {
      const [a, b2] = value.split(',');
      if (!a || !b2 || !NUMBER.test(a) || !NUMBER.test(b2)) return bad(`"${value}" is not "lat,lon"`);
      show(value);
      if (fix) {
        fix.lat = Number(a);
        fix.lon = Number(b2);
      }
      return;
    }
    case 'speed':
      return needNum((n) => (fix!.speedKnots = n), () => 'knots');
    case 'bearing':
    case 'heading':
      return needNum((n) => (fix!.course = n));
    case 'altitude':
      return needNum((n) => (fix!.altitude = n), () => 'm');
    case 'accuracy':
      return needNum((n) => (fix!.attrs.accuracy = n), () => 'm');
    case 'hdop':
      return needNum((n) => (fix!.attrs.hdop = n));
    case 'batt':
      return needNum((n) => (fix!.attrs.batteryLevel = n), () => '%');
    case 'driverUniqueId':
      show(value);
      if (fix) fix.attrs.driverUniqueId = value;
      return;
    case 'charge':
      show(value);
      if (fix) fix.attrs.charge = value.toLowerCase() === 'true';
      return;
    case 'cell':
    case 'wifi':
    case 'notificationToken':
      show(value);
      return;
  }
  const v: FieldValue = num !== undefined ? num : value === 'true' ? true : value === 'false' ? false : value;
  show(v);
  if (fix && key) fix.attrs[key] = v;
}

/** Leaves for the `&`-separated pairs in s[from, to). */
function params(r: FieldReader, s: string, from: number, to: number, fix: Fix | undefined): number {
  let count = 0;
  let a = from;
  for (let i = from; i <= to; i++) {
    if (i === to || s[i] === '&') {
      if (i > a) {
        param(r, s, a, i, fix);
        count++;
      }
      a = i + 1;
    }
  }
  return count;
}

/** JSON members as nodes: object/array members are groups (key leaf + children), others leaves. */
function jsonNodes(r: FieldReader, v: JsonValue, path: string): void {
  if (v.kind === 'object') {
    for (const m of v.members) {
      const p = path ? `${path}.${m.key}` : m.key;
      const known = Object.hasOwn(JSON_FIELDS, p) ? JSON_FIELDS[p]! : undefined;
      const def = known ?? (path === 'location.extras' ? named(JSON_EXTRA, m.key) : named(JSON_OTHER, p));
      if (m.value.kind === 'object' || m.value.kind === 'array') {
        const inner = m.value;
        span(r, def, m.keyStart, inner.end, () => {
          r.node(JSON_KEY, m.keyStart, m.keyEnd, m.key);
          jsonNodes(r, inner, p);
        });
      } else r.node(def, m.keyStart, m.value.end, primitive(m.value), display(m.value));
    }
  } else if (v.kind === 'array') {
    v.items.forEach((item, i) => {
      if (item.kind === 'object' || item.kind === 'array') span(r, named(JSON_ITEM, `Item ${i + 1}`), item.start, item.end, () => jsonNodes(r, item, path));
      else r.node(named(JSON_ITEM, `Item ${i + 1}`), item.start, item.end, primitive(item), display(item));
    });
  }
}

function primitive(v: JsonValue): FieldValue {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? v.value : null;
}

function display(v: JsonValue): string {
  return v.kind === 'string' ? JSON.stringify(v.value) : v.kind === 'number' ? v.raw : v.kind === 'bool' ? String(v.value) : 'null';
}

/** Member `key` of an object value. */
function member(v: JsonValue | undefined, key: string): JsonValue | undefined {
  return v?.kind === 'object' ? v.members.find((m) => m.key === key)?.value : undefined;
}
const numOf = (v: JsonValue | undefined) => (v?.kind === 'number' ? v.value : undefined);

/** What Traccar takes from a Traccar Client / background-geolocation JSON body. */
function jsonFix(root: JsonValue | undefined, fix: Fix): void {
  const id = member(root, 'device_id');
  if (id?.kind === 'string' && id.value) fix.deviceId = id.value;
  const loc = member(root, 'location');
  const ts = member(loc, 'timestamp');
  if (ts?.kind === 'string') fix.time = parseTimestamp(ts.value);
  const coords = member(loc, 'coords');
  if (coords?.kind === 'object') {
    fix.valid = true;
    fix.lat = numOf(member(coords, 'latitude'));
    fix.lon = numOf(member(coords, 'longitude'));
    const speed = numOf(member(coords, 'speed'));
    if (speed !== undefined && speed >= 0) fix.speedKnots = speed * KNOTS_PER_MPS;
    const heading = numOf(member(coords, 'heading'));
    if (heading !== undefined && heading >= 0) fix.course = heading;
    const accuracy = numOf(member(coords, 'accuracy'));
    if (accuracy !== undefined && accuracy >= 0) fix.attrs.accuracy = accuracy;
    fix.altitude = numOf(member(coords, 'altitude'));
  }
  const a = fix.attrs;
  const event = member(loc, 'event');
  if (event?.kind === 'string') a.event = event.value;
  const moving = member(loc, 'is_moving');
  if (moving?.kind === 'bool') a.motion = moving.value;
  const odo = numOf(member(loc, 'odometer'));
  if (odo !== undefined) a.odometer = Math.trunc(odo);
  const mock = member(loc, 'mock');
  if (mock?.kind === 'bool') a.mock = mock.value;
  const activity = member(member(loc, 'activity'), 'type');
  if (activity?.kind === 'string') a.activity = activity.value;
  const battery = member(loc, 'battery');
  const level = numOf(member(battery, 'level'));
  if (level !== undefined && level >= 0) a.batteryLevel = Math.trunc(level * 100);
  const charging = member(battery, 'is_charging');
  if (charging?.kind === 'bool' && charging.value) a.charge = true;
  const extras = member(loc, 'extras');
  if (extras?.kind === 'object') {
    for (const m of extras.members) {
      const v = m.value;
      if (m.key !== 'alarm' && (v.kind === 'string' || v.kind === 'number' || v.kind === 'bool')) a[m.key] = v.value;
    }
  }
  const alarm = member(loc, 'alarm') ?? member(extras, 'alarm');
  if (alarm?.kind === 'string') a.alarm = alarm.value;
}

/** Body bytes as a reader whose offsets map to the wire (chunk framing removed). */
function bodyReader(frame: Uint8Array, head: Pick<HttpHead, 'chunked' | 'bodyStart'>, end: number): { r: FieldReader; chunkLines: Array<[number, number, string]> } {
  if (!head.chunked) return { r: new FieldReader(frame.subarray(head.bodyStart, end), head.bodyStart), chunkLines: [] };
  const c = parseChunks(frame.subarray(0, end), head.bodyStart);
  const chunkLines: Array<[number, number, string]> = [];
  const data: number[] = [];
  const map: number[] = [];
  if (c && c !== 'partial') {
    for (const ch of c.chunks) {
      chunkLines.push([ch.lineStart, ch.lineEnd, latin1(frame.subarray(ch.lineStart, ch.lineEnd))]);
      for (let i = ch.dataStart; i < ch.dataEnd; i++) {
        data.push(frame[i]!);
        map.push(i);
      }
    }
    for (const [a, b] of c.trailers) chunkLines.push([a, b, latin1(frame.subarray(a, b))]);
    const lastData = c.chunks.filter((ch) => ch.size > 0).pop();
    map.push(lastData ? lastData.dataEnd : head.bodyStart);
  } else map.push(head.bodyStart);
  return { r: FieldReader.mapped(Uint8Array.from(data), Int32Array.from(map)), chunkLines };
}

/**
 * The body node over [bodyStart, end): the chunk size lines and the body reader's fields in wire
 * order, flagged when `ended` (the message's end) says the body is cut short or broken.
 */
function bodyNode(r: FieldReader, frame: Uint8Array, head: HttpHead | HttpResponseHead, end: number, br: FieldReader, chunkLines: Array<[number, number, string]>, ended: number | 'partial' | null): FieldNode {
  r.pos = head.bodyStart;
  const n = r.node(F.body, head.bodyStart, end);
  const lines: FieldNode[] = chunkLines.map(([a, b, t]) => ({ id: F.chunk_size.id, label: F.chunk_size.label, start: a, end: b, value: t, display: t }));
  n.children = [...lines, ...br.tree].sort((x, y) => x.start - y.start);
  if (ended === 'partial' || ended === null) addIssue(n, issue('osmand.truncated', 'malformed', 'error', head.chunked ? 'chunked body incomplete or broken' : `body has ${frame.length - head.bodyStart} of ${head.contentLength} bytes`));
  return n;
}

/** The header lines from the end of the start line to the empty line, one node each. */
function headerNodes(r: FieldReader, head: HttpHead | HttpResponseHead): void {
  span(r, F.headers, head.lineEnd, head.bodyStart, () => {
    for (const h of head.headers) {
      const key = h.name.replace(/-/g, '_');
      const def = h.name && Object.hasOwn(HEADERS, key) ? HEADERS[key]! : named(HEADER_OTHER, h.rawName || 'Header line');
      const n = r.node(def, h.start, h.end, h.value, `${h.rawName}: ${h.value}`);
      if (!h.name) addIssue(n, issue('osmand.bad_header', 'malformed', 'warning', 'header line without a name and ":"'));
      if (h.name === 'content-length' && head.badLength) addIssue(n, issue('osmand.bad_length', 'malformed', 'error', `Content-Length "${h.value}" is not a number`));
    }
  });
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'osmand', messageType: 'request', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  const r = new FieldReader(frame);
  out.tree = r.tree;
  if (ctx?.direction === 'down' && responseAt(frame, 0) !== false) return decodeResponse(frame, r, out, ctx);
  const s = latin1(frame);
  const head = parseHead(frame, 0);
  if (!head || head === 'partial') {
    r.raw(F.extra, frame.length);
    const n = r.last;
    if (n) {
      n.label = 'Bytes';
      addIssue(n, head === 'partial' ? issue('osmand.truncated', 'malformed', 'error', 'the request ends before its empty line') : issue('osmand.not_http', 'malformed', 'error', 'not an HTTP/1.x request line'));
    }
    out.issues = collectIssues(out.tree);
    out.summary = head === 'partial' ? 'incomplete HTTP request' : 'not HTTP';
    return out;
  }
  const contentType = head.headers.find((h) => h.name === 'content-type')?.value ?? '';
  const isJson = contentType.toLowerCase().startsWith('application/json');
  const ended = requestEnd(frame, head);
  const bodyEnd = typeof ended === 'number' ? ended : frame.length;
  const fix: Fix = { valid: true, attrs: {} };
  let queryCount = 0;
  out.messageCode = `${head.method} ${s.slice(head.targetStart, head.targetEnd).split('?')[0]}`;
  span(r, F.request, 0, frame.length, () => {
    span(r, F.request_line, 0, head.lineEnd, () => {
      r.node(F.method, 0, head.methodEnd, head.method);
      const q = s.indexOf('?', head.targetStart);
      const pathEnd = q >= 0 && q < head.targetEnd ? q : head.targetEnd;
      r.node(F.path, head.targetStart, pathEnd, decodeComponent(s.slice(head.targetStart, pathEnd)) ?? s.slice(head.targetStart, pathEnd));
      if (pathEnd < head.targetEnd) {
        span(r, F.query, pathEnd + 1, head.targetEnd, () => {
          queryCount = params(r, s, pathEnd + 1, head.targetEnd, isJson ? undefined : fix);
        });
      }
      r.node(F.version, head.versionStart, head.lineEnd, s.slice(head.versionStart, head.lineEnd));
    });
    headerNodes(r, head);
    if (bodyEnd > head.bodyStart) {
      const { r: br, chunkLines } = bodyReader(frame, head, bodyEnd);
      const body = br.bytes;
      const bs = latin1(body);
      const useForm = !isJson && queryCount === 0;
      let kind = 'raw';
      if (isJson || (!contentType && /^\s*[{[]/.test(bs))) {
        kind = 'json';
        const j = parseJson(body);
        let rest: FieldNode | undefined;
        const group = span(br, F.json, 0, body.length, () => {
          if (j.value) jsonNodes(br, j.value, '');
          br.pos = j.good;
          if (j.error && br.remaining > 0) {
            br.raw(F.raw_body, br.remaining);
            rest = br.last;
          }
        });
        if (j.error) addIssue(rest ?? group, issue('osmand.bad_json', 'malformed', 'error', `JSON: ${j.error.message} at body offset ${j.error.at}`));
        if (isJson) jsonFix(j.value, fix);
      } else if (/^[^=&\s]+=/.test(bs)) {
        kind = 'form';
        span(br, F.form, 0, body.length, () => params(br, bs, 0, body.length, useForm ? fix : undefined));
        if (!useForm) {
          const n = br.tree[br.tree.length - 1];
          if (n) addIssue(n, issue('osmand.body_ignored', 'protocol', 'info', 'the query carries parameters, so the form body is not used (as Traccar does)'));
        }
      } else {
        br.rest(F.raw_body, 'body is neither JSON nor form parameters');
      }
      bodyNode(r, frame, head, bodyEnd, br, chunkLines, ended).label = kind === 'json' ? 'Body (JSON)' : kind === 'form' ? 'Body (form)' : 'Body';
    }
    if (bodyEnd < frame.length && typeof ended === 'number') {
      r.pos = bodyEnd;
      const n = r.rest(F.extra, 'bytes after the end of the request');
      if (n) addIssue(n, issue('osmand.extra_bytes', 'malformed', 'warning', `${frame.length - bodyEnd} byte(s) after the request`));
    }
  });
  if (fix.deviceId) out.deviceId = fix.deviceId;
  else if (ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.attributes = fix.attrs;
  if (fix.deviceId && fix.lat !== undefined && fix.lon !== undefined && Number.isFinite(fix.lat) && Number.isFinite(fix.lon)) {
    let time = fix.time;
    if (time === undefined && !isJson) {
      time = decodeTimes.get(frame) ?? new Date().toISOString();
      decodeTimes.set(frame, time);
      addIssue(out.tree[0]!, issue('osmand.no_timestamp', 'protocol', 'info', 'no timestamp: the position takes the time it was decoded (a server uses its receive time)'));
    }
    if (time) {
      const p: Position = { time, valid: fix.valid, lat: fix.lat, lon: fix.lon };
      if (fix.speedKnots !== undefined) p.speedKnots = fix.speedKnots;
      if (fix.course !== undefined) p.course = fix.course;
      if (fix.altitude !== undefined) p.altitude = fix.altitude;
      out.positions.push(p);
    }
  }
  out.messageType = out.positions.length ? 'location' : fix.deviceId ? 'status' : 'request';
  if (!fix.deviceId) addIssue(out.tree[0]!, issue('osmand.no_device', 'protocol', 'warning', isJson ? 'JSON body has no string "device_id"' : 'no id or deviceid parameter: a server answers 400'));
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** A server's HTTP response (direction down): status line, headers, body. */
function decodeResponse(frame: Uint8Array, r: FieldReader, out: DecodedFrame, ctx: DecodeContext): DecodedFrame {
  out.messageType = 'response';
  if (ctx.deviceId) out.deviceId = ctx.deviceId;
  const head = parseResponseHead(frame, 0);
  if (!head || head === 'partial') {
    r.raw(F.extra, frame.length);
    const n = r.last;
    if (n) {
      n.label = 'Bytes';
      addIssue(n, head === 'partial' ? issue('osmand.truncated', 'malformed', 'error', 'the response ends before its empty line') : issue('osmand.not_http', 'malformed', 'error', 'not an HTTP/1.x status line'));
    }
    out.issues = collectIssues(out.tree);
    out.summary = head === 'partial' ? 'incomplete HTTP response' : 'not HTTP';
    return out;
  }
  out.messageCode = String(head.status);
  out.attributes.status = head.status;
  // The decoder sees the whole frame: a body without a length ends with it (the connection closed).
  const ended = responseEnd(frame, head, true);
  const bodyEnd = typeof ended === 'number' ? ended : frame.length;
  span(r, F.response, 0, frame.length, () => {
    span(r, RESPONSE.status_line, 0, head.lineEnd, () => {
      r.node(RESPONSE.version, 0, head.versionEnd, head.version);
      const st = r.node(RESPONSE.status, head.statusStart, head.statusEnd, head.status, `${head.status}${head.reason ? ` ${head.reason}` : ''}`);
      if (head.status >= 400) addIssue(st, issue('osmand.refused', 'protocol', 'info', `the server refuses the request: ${head.status} ${head.reason}`.trim()));
      if (head.reasonStart < head.lineEnd) r.node(RESPONSE.reason, head.reasonStart, head.lineEnd, head.reason);
    });
    headerNodes(r, head);
    if (bodyEnd > head.bodyStart) {
      const { r: br, chunkLines } = bodyReader(frame, head, bodyEnd);
      const text = br.remaining > 0 ? br.ascii(RESPONSE.content, br.remaining) : undefined;
      if (text !== undefined) out.attributes.result = text;
      const n = bodyNode(r, frame, head, bodyEnd, br, chunkLines, ended);
      if (typeof ended === 'number' && !head.chunked && head.contentLength === undefined && !noBody(head.status)) {
        addIssue(n, issue('osmand.body_to_close', 'protocol', 'info', 'no Content-Length or chunked coding: the body runs until the connection closes (RFC 9112 §6.3)'));
      }
    }
    if (bodyEnd < frame.length && typeof ended === 'number') {
      r.pos = bodyEnd;
      const n = r.rest(RESPONSE.extra, 'bytes after the end of the response');
      if (n) addIssue(n, issue('osmand.extra_bytes', 'malformed', 'warning', `${frame.length - bodyEnd} byte(s) after the response`));
    }
  });
  out.issues = collectIssues(out.tree);
  out.summary = `HTTP ${head.status}${head.reason ? ` ${head.reason}` : ''}${typeof out.attributes.result === 'string' && out.attributes.result ? `: ${out.attributes.result.slice(0, 60)}` : ''}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answers

const ascii = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));
export const OK = ascii('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
export const BAD_REQUEST = ascii('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');

export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  if (decoded.issues.some((i) => i.id === 'osmand.not_http' || i.id === 'osmand.truncated' || i.id === 'osmand.bad_json' || i.id === 'osmand.bad_length')) return null;
  const head = parseHead(frame, 0);
  if (!head || head === 'partial') return null;
  const json = (head.headers.find((h) => h.name === 'content-type')?.value ?? '').toLowerCase().startsWith('application/json');
  const named = !decoded.issues.some((i) => i.id === 'osmand.no_device');
  if (json) return named ? OK : null;
  return named ? OK : BAD_REQUEST;
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const who = d.deviceId ? `${d.deviceId}: ` : '';
  if (p) return `${who}${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`;
  return `${who}${d.messageCode ?? 'HTTP request'}${d.deviceId ? ' (no position)' : ' (no device id)'}`;
}

export const osmand: ProtocolDescriptor = {
  id: 'osmand',
  name: 'OsmAnd (HTTP)',
  transports: ['tcp'],
  defaultPort: 5055,
  detect,
  split,
  decode,
  respond,
};
