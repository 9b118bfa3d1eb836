/**
 * Meitrack GPRS protocol (MVT/T/P series): `$$<flag><length>,<IMEI>,<command>,<content>*<sum>\r\n`.
 * `flag` is one character, `length` decimal and counts the bytes from the comma after it to the
 * closing `\r\n`; `sum` is two hex digits, the byte sum of everything up to and including `*`,
 * mod 256. AAA (and AFF, A10 …) reports are comma-separated text; CCC and CCE carry binary
 * compressed positions; D00 carries picture data. Server commands have the same shape with `@@`.
 * Spec: MEITRACK GPRS Protocol (T622/T366/P88L/MVT editions: "Command Format", "CCC", "CCE",
 * "Event Code"); layouts checked against Traccar's MeitrackProtocolDecoderTest frames
 * (shared/corpus/frames.jsonl).
 */
import { splitFrames, type Cut } from '../core/split';
import { fieldRanges } from '../core/text';
import type { FieldDef } from '../core/fields';
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { sum8 } from '../core/checksum';
import { latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { isoTime, kmhToKnots, KMH_PER_KNOT, pairs, round, validLatLon } from '../core/units';
import { AAA, ALARMS, BINARY_COMMANDS, COMMANDS, D00, EVENTS, F } from './fields';
import { commands } from './commands';
import { decodeCcc, decodeCce } from './binary';

const COMMA = 0x2c;
const STAR = 0x2a;
const CR = 0x0d;
const LF = 0x0a;
const PIPE = 0x7c;
/** `$$` opens a device frame, `@@` a server one. */
const DEVICE_MARK = 0x24;
const SERVER_MARK = 0x40;

/** Longest frame: a 4-digit length field plus the header before it. */
const MAX_FRAME = 10016;

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
const isUpper = (b: number | undefined) => b !== undefined && b >= 0x41 && b <= 0x5a;

/** Where the header fields of a frame at `at` lie; `short` when the bytes end inside them. */
interface Head {
  /** Offset of the comma after the length digits (the length counts from here). */
  comma: number;
  declared: number;
  imeiEnd: number;
  /** Command text and where it ends (the byte after it is `,`, `*` or the end). */
  command: string;
  commandEnd: number;
}

/**
 * Parse `$$<flag><digits>,<imei>,<cmd>` (`@@…`, a server frame, for `mark` 0x40) at `at`: the
 * head, 'short' (need more bytes) or null (not Meitrack). The flag is A..z (0x41-0x7A) and the
 * command a letter and two letters or digits, which tells Meitrack from Fifotrack
 * (`$$<length>,<imei>,<index>,A01,…`) and TechtoCruz (`$$A<length>,<id>,<time>,…`), which share
 * the `$$` start.
 */
function parseHead(b: Uint8Array, at = 0, mark = DEVICE_MARK): Head | 'short' | null {
  if (b.length - at < 4) return b[at] === mark && (b.length - at < 2 || b[at + 1] === mark) ? 'short' : null;
  if (b[at] !== mark || b[at + 1] !== mark) return null;
  const flag = b[at + 2]!;
  if (flag < 0x41 || flag > 0x7a) return null;
  let i = at + 3;
  while (i < b.length && i - at < 8 && isDigit(b[i])) i++;
  if (i >= b.length) return 'short';
  if (i === at + 3 || b[i] !== COMMA) return null;
  const comma = i;
  const declared = Number(latin1(b.subarray(at + 3, comma)));
  let j = comma + 1;
  while (j < b.length && j - comma < 24 && b[j] !== COMMA && isDigit(b[j])) j++;
  if (j >= b.length) return 'short';
  if (j === comma + 1 || b[j] !== COMMA) return null;
  const imeiEnd = j;
  const k = imeiEnd + 4;
  for (let c = imeiEnd + 1; c <= k; c++) {
    if (c >= b.length) return 'short';
    const ok = c === k ? b[c] === COMMA || b[c] === STAR : c === imeiEnd + 1 ? isUpper(b[c]) : isUpper(b[c]) || isDigit(b[c]);
    if (!ok) return null;
  }
  return { comma, declared, imeiEnd, command: latin1(b.subarray(imeiEnd + 1, k)), commandEnd: k };
}

/** Whether a `*hh\r\n` trailer ends at `crlf + 2`. */
function trailerAt(b: Uint8Array, crlf: number): boolean {
  return crlf >= 3 && b[crlf] === CR && b[crlf + 1] === LF && b[crlf - 3] === STAR && isHex(b[crlf - 2]) && isHex(b[crlf - 1]);
}

/** The checksum two hex digits at `at` spell. */
const hexValue = (b: Uint8Array, at: number) => parseInt(latin1(b.subarray(at, at + 2)), 16);

/** First `*hh\r\n` trailer of the frame at `pos` from `from` (the offset of its `\r`), or -1. */
function findTrailer(b: Uint8Array, pos: number, from: number): number {
  const limit = Math.min(b.length - 1, pos + MAX_FRAME);
  for (let i = Math.max(from, pos + 4); i < limit; i++) if (b[i] === CR && trailerAt(b, i)) return i;
  return -1;
}

/** Next `$$` (or `@@` for `mark` 0x40) at or after `from`, or -1. */
function nextStart(b: Uint8Array, from: number, mark = DEVICE_MARK): number {
  for (let i = from; i + 1 < b.length; i++) if (b[i] === mark && b[i + 1] === mark) return i;
  return -1;
}


/**
 * Where the frame at `pos` ends. Text content holds no `*`, so its first `*hh\r\n` ends it whatever
 * the length field says (devices get it wrong). Binary content (CCC, CCE, D00) may hold anything:
 * its length field decides when a `\r\n` is where it points, else the first trailer after it does.
 * Every decision depends only on bytes up to the cut, so chunking does not change the frames.
 */
function cutAt(b: Uint8Array, pos: number, mark = DEVICE_MARK): Cut {
  const h = parseHead(b, pos, mark);
  if (h === 'short') return b.length - pos < 40 ? 'wait' : 'bad';
  if (!h) return 'bad';
  if (mark === DEVICE_MARK && BINARY_COMMANDS.has(h.command)) {
    const declaredEnd = h.comma + h.declared;
    if (declaredEnd > b.length && declaredEnd - pos <= MAX_FRAME) return 'wait';
    if (declaredEnd > h.commandEnd && declaredEnd <= b.length && b[declaredEnd - 2] === CR && b[declaredEnd - 1] === LF) return { end: declaredEnd };
  }
  const t = findTrailer(b, pos, h.commandEnd);
  if (t >= 0) return { end: t + 2 };
  return b.length - pos < MAX_FRAME ? 'wait' : 'bad';
}

/**
 * Device frames start `$$`; the server's (answers and commands, direction down) `@@`, with the
 * same length, checksum and `\r\n`, and text content only (no `*` before the checksum).
 */
export function split(buf: Uint8Array, _final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  const mark = direction === 'down' ? SERVER_MARK : DEVICE_MARK;
  return splitFrames(buf, (b, from) => nextStart(b, from, mark), (b, pos) => cutAt(b, pos, mark), (b) => (b[b.length - 1] === mark ? 1 : 0));
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const h = parseHead(b);
  if (!h) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: 'header $$ (shared with other $$ protocols)', weight: 0.3 }];
  if (h === 'short') {
    ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
    return scoreEvidence(ev);
  }
  ev.push({ text: `flag '${String.fromCharCode(b[2]!)}' and decimal length ${h.declared}`, weight: 0.3 });
  const imei = latin1(b.subarray(h.comma + 1, h.imeiEnd));
  if (imei.length === 15 && luhnValid(imei)) ev.push({ text: `IMEI ${imei} passes Luhn`, weight: 0.6 });
  else if (imei.length >= 10 && imei.length <= 17) ev.push({ text: `device id ${imei} is decimal`, weight: 0.3 });
  else ev.push({ text: `device id ${imei} has an unusual length`, weight: -0.3 });
  const name = COMMANDS[h.command];
  ev.push(name ? { text: `known command ${h.command} (${name})`, weight: 0.5 } : { text: `command ${h.command}`, weight: 0.1 });
  const declaredEnd = h.comma + h.declared;
  let end = -1;
  if (declaredEnd <= b.length && b[declaredEnd - 2] === CR && b[declaredEnd - 1] === LF && declaredEnd > h.commandEnd) {
    ev.push({ text: `length ${h.declared} matches the \\r\\n terminator`, weight: 1 });
    end = declaredEnd;
  } else {
    const t = findTrailer(b, 0, h.commandEnd);
    if (t >= 0) {
      ev.push({ text: `length ${h.declared} disagrees with the *hh\\r\\n trailer`, weight: 0.2 });
      end = t + 2;
    } else if (declaredEnd > b.length) ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
    else ev.push({ text: 'no *hh\\r\\n trailer', weight: -0.3 });
  }
  if (end > 0 && trailerAt(b, end - 2)) {
    const ok = sum8(b, 0, end - 4) === hexValue(b, end - 4);
    ev.push(ok ? { text: 'byte-sum checksum ok', weight: 1.5 } : { text: 'byte-sum checksum mismatch', weight: -0.2 });
  }
  return scoreEvidence(ev);
}

/** Where the trailer lies in a frame as cut: `*` offset (or -1), and where `\r\n` starts (or the end). */
function trailerOf(frame: Uint8Array): { star: number; crlf: number } {
  const crlf = frame.length >= 2 && frame[frame.length - 2] === CR && frame[frame.length - 1] === LF ? frame.length - 2 : frame.length;
  const star = crlf >= 7 && frame[crlf - 3] === STAR && isHex(frame[crlf - 2]) && isHex(frame[crlf - 1]) ? crlf - 3 : -1;
  return { star, crlf };
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'meitrack', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const { star, crlf } = trailerOf(frame);
  const bodyEnd = star >= 0 ? star : crlf;
  const head = r.group(F.head, () => decodeHead(r, frame, bodyEnd, out));
  const { bodyStart, command } = head.result;
  if (command) {
    out.messageCode = command;
    out.messageType = COMMANDS[command] ?? `command ${command}`;
  }
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  if (bodyStart < bodyEnd) {
    r.pos = bodyStart;
    const body = r.sub(bodyEnd - bodyStart);
    decodeBody(body, frame, command, bodyStart, bodyEnd, out);
  }
  r.pos = bodyEnd;
  decodeTrailer(r, frame, star, crlf, head.result.comma, head.result.declared);
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out, command);
  return out;
}

/** The header: `$$`, flag, length, IMEI, command, with the commas between them. */
function decodeHead(r: FieldReader, frame: Uint8Array, bodyEnd: number, out: DecodedFrame): { bodyStart: number; command: string; comma: number; declared?: number } {
  const start = r.ascii(F.start, 2);
  if (start !== '$$' && start !== '@@' && r.last) addIssue(r.last, issue('meitrack.bad_header', 'malformed', 'error', 'frame does not start with $$'));
  r.ascii(F.flag, 1);
  if (r.truncated) return { bodyStart: frame.length, command: '', comma: -1 };
  bodyEnd = Math.max(bodyEnd, r.pos);
  const lenEnd = indexIn(frame, COMMA, r.pos, bodyEnd);
  const lenText = latin1(frame.subarray(r.pos, lenEnd));
  const declared = /^\d+$/.test(lenText) ? Number(lenText) : undefined;
  const lenNode = r.node(F.length, r.pos, lenEnd, declared ?? lenText, declared !== undefined ? `${declared} bytes` : `not a number: ${JSON.stringify(lenText)}`);
  if (declared === undefined) addIssue(lenNode, issue('meitrack.bad_length', 'malformed', 'error', 'length field is not decimal'));
  if (lenEnd >= bodyEnd) {
    r.pos = lenEnd;
    return { bodyStart: lenEnd, command: '', comma: lenEnd, declared };
  }
  const imeiEnd = indexIn(frame, COMMA, lenEnd + 1, bodyEnd);
  const imei = latin1(frame.subarray(lenEnd + 1, imeiEnd));
  const imeiNode = r.node(F.imei, lenEnd + 1, imeiEnd, imei);
  if (/^\d+$/.test(imei)) {
    out.deviceId = imei;
    if (imei.length === 15 && !luhnValid(imei)) addIssue(imeiNode, issue('meitrack.imei_luhn', 'protocol', 'info', `IMEI ${imei} fails the Luhn check`));
  } else addIssue(imeiNode, issue('meitrack.bad_imei', 'protocol', 'warning', 'IMEI is not decimal'));
  if (imeiEnd >= bodyEnd) {
    r.pos = imeiEnd;
    return { bodyStart: imeiEnd, command: '', comma: lenEnd, declared };
  }
  const cmdEnd = indexIn(frame, COMMA, imeiEnd + 1, bodyEnd);
  const command = latin1(frame.subarray(imeiEnd + 1, cmdEnd));
  const cmdNode = r.node(F.command, imeiEnd + 1, cmdEnd, command, `${command} (${COMMANDS[command] ?? 'unknown command'})`);
  if (!COMMANDS[command]) addIssue(cmdNode, issue('meitrack.unknown_command', 'protocol', 'info', `command ${command} is not in the known list`));
  const bodyStart = cmdEnd < bodyEnd ? cmdEnd + 1 : cmdEnd;
  r.pos = bodyStart;
  return { bodyStart, command, comma: lenEnd, declared };
}

/** The trailer: `*`, the checksum digits and the computed sum beside them, `\r\n`. */
function decodeTrailer(r: FieldReader, frame: Uint8Array, star: number, crlf: number, comma: number, declared: number | undefined): void {
  const node = r.group(F.trailer, () => {
    if (star >= 0) {
      const onWire = hexValue(frame, star + 1);
      const computed = sum8(frame, 0, star + 1);
      const cs = r.node(F.checksum, star + 1, star + 3, onWire, `0x${hex2(onWire)}`);
      r.add({ id: F.checksum_computed.id, label: F.checksum_computed.label, start: star + 1, end: star + 3, value: computed, display: `0x${hex2(computed)}`, generated: true });
      if (computed !== onWire) addIssue(cs, issue('meitrack.checksum_incorrect', 'checksum', 'error', `checksum on the wire 0x${hex2(onWire)}, byte sum 0x${hex2(computed)}`));
      r.pos = star + 3;
    }
    if (crlf < frame.length) {
      r.pos = crlf;
      r.ascii(F.end, 2);
    }
  }).node;
  if (star < 0) addIssue(node, issue('meitrack.checksum_missing', 'checksum', 'error', 'no *hh checksum before the end of the frame'));
  if (declared !== undefined && comma >= 0) {
    const actual = frame.length - comma;
    if (actual !== declared) {
      const lenNode = r.tree[0]?.children?.find((n) => n.id === F.length.id) ?? node;
      if (actual < declared && star < 0) addIssue(lenNode, issue('meitrack.truncated', 'malformed', 'error', `length field says ${declared} bytes, the frame ends after ${actual}`));
      else addIssue(lenNode, issue('meitrack.length_mismatch', 'malformed', 'warning', `length field says ${declared}, the frame carries ${actual}`));
    }
  }
}

/** Index of `byte` in b[from, to), or `to`. */
function indexIn(b: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === byte) return i;
  return to;
}

/** The content between the command and `*`: by command for device frames, as parameters for server (`@@`) commands. */
function decodeBody(r: FieldReader, frame: Uint8Array, command: string, from: number, to: number, out: DecodedFrame): void {
  if (frame[0] === 0x40 && frame[1] === 0x40) {
    r.group(F.server_command, () => {
      const t = latin1(frame.subarray(from, to));
      r.node(F.parameters, from, to, t);
      out.attributes.command = `${command},${t}`;
      r.pos = to;
    });
    return;
  }
  if (command === 'CCC') return decodeCcc(r, out);
  if (command === 'CCE') return decodeCce(r, out);
  if (command === 'D00') return decodeD00(r, frame, from, to, out);
  const fields = fieldRanges(frame, from, to, COMMA);
  const text = (i: number) => {
    const f = fields[i];
    return f ? latin1(frame.subarray(f[0], f[1])) : '';
  };
  const lead = positionLead(text);
  if (lead !== null) {
    r.group(F.aaa, () => {
      decodeAaa(r, frame, fields, lead, out);
      r.pos = to;
    });
    return;
  }
  r.group(F.reply, () => {
    const t = latin1(frame.subarray(from, to));
    r.node(F.reply_text, from, to, t);
    out.attributes.result = `${command},${t}`;
    r.pos = to;
  });
}

/** How many fields precede the event code when the content is a position report, else null. */
function positionLead(text: (i: number) => string): number | null {
  const coord = /^-?\d+\.\d+$/;
  for (const k of [0, 1]) {
    if (/^\d+$/.test(text(k)) && coord.test(text(k + 1)) && coord.test(text(k + 2)) && /^\d{12}$/.test(text(k + 3))) return k;
  }
  return null;
}

/** An AAA-style position report, one node per field; fills the position and the attributes. */
function decodeAaa(r: FieldReader, frame: Uint8Array, fields: Array<[number, number]>, lead: number, out: DecodedFrame): void {
  const text = (i: number) => {
    const f = fields[i];
    return f ? latin1(frame.subarray(f[0], f[1])) : '';
  };
  const leaf = (i: number, def: FieldDef, value?: string | number, display?: string) => {
    const f = fields[i];
    if (!f) return undefined;
    return r.node(def, f[0], f[1], value ?? text(i), display);
  };
  const a = out.attributes;
  if (lead === 1) leaf(0, AAA.serial);
  const at = (n: number) => lead + n;
  const num = (s: string) => (s !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);

  const event = Number(text(at(0)));
  leaf(at(0), AAA.event, event, `${event} (${EVENTS[event] ?? 'unknown'})`);
  a.event = event;
  if (ALARMS[event]) a.alarm = ALARMS[event]!;
  const lat = Number(text(at(1)));
  const lon = Number(text(at(2)));
  leaf(at(1), AAA.latitude, lat, `${lat}°`);
  leaf(at(2), AAA.longitude, lon, `${lon}°`);
  const p = pairs(text(at(3)));
  const time = p ? isoTime(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!) : null;
  const timeNode = leaf(at(3), AAA.time, time ?? text(at(3)), time ? time.replace('T', ' ').replace('.000Z', ' UTC') : `invalid time ${text(at(3))}`);
  if (!time && timeNode) addIssue(timeNode, issue('meitrack.bad_time', 'protocol', 'warning', 'date/time fields out of range'));
  const fix = text(at(4));
  const fixNode = leaf(at(4), AAA.fix, fix, fix === 'A' ? 'A (valid)' : fix === 'V' ? 'V (invalid)' : undefined);
  const sats = num(text(at(5)));
  leaf(at(5), AAA.satellites, sats ?? text(at(5)));
  const rssi = num(text(at(6)));
  leaf(at(6), AAA.gsm_signal, rssi ?? text(at(6)));
  const speed = num(text(at(7)));
  leaf(at(7), AAA.speed, speed ?? text(at(7)), speed !== undefined ? `${speed} km/h` : undefined);
  const course = num(text(at(8)));
  leaf(at(8), AAA.course, course ?? text(at(8)), course !== undefined ? `${course}°` : undefined);
  const hdop = num(text(at(9)));
  leaf(at(9), AAA.hdop, hdop ?? text(at(9)));
  const alt = num(text(at(10)));
  leaf(at(10), AAA.altitude, alt ?? text(at(10)), alt !== undefined ? `${alt} m` : undefined);
  const mileage = num(text(at(11)));
  leaf(at(11), AAA.mileage, mileage ?? text(at(11)), mileage !== undefined ? `${mileage} m` : undefined);
  const runtime = num(text(at(12)));
  leaf(at(12), AAA.runtime, runtime ?? text(at(12)), runtime !== undefined ? `${runtime} s` : undefined);
  if (sats !== undefined) a.sat = sats;
  if (rssi !== undefined) a.rssi = rssi;
  if (hdop !== undefined) a.hdop = hdop;
  if (mileage !== undefined) a.odometer = mileage;
  if (runtime !== undefined) a.runtime = runtime;
  if (fix !== 'A' && fix !== 'V' && fixNode) addIssue(fixNode, issue('meitrack.bad_fix', 'protocol', 'warning', `positioning status ${JSON.stringify(fix)} is neither A nor V`));

  if (validLatLon(lat, lon) && time) {
    const pos: Position = { time, valid: fix === 'A', lat: round(lat), lon: round(lon) };
    if (speed !== undefined) pos.speedKnots = round(kmhToKnots(speed));
    if (course !== undefined) pos.course = course;
    if (alt !== undefined) pos.altitude = alt;
    if (sats !== undefined) pos.satellites = sats;
    out.positions.push(pos);
  } else {
    const n = r.last;
    if (n && !validLatLon(lat, lon)) addIssue(n, issue('meitrack.bad_coordinates', 'protocol', 'warning', `coordinates ${lat}, ${lon} out of range`));
  }

  subFields(r, frame, fields[at(13)], AAA.base_station, [AAA.mcc, AAA.mnc, AAA.lac, AAA.cell]);
  const io = fields[at(14)];
  if (io) {
    const t = text(at(14));
    r.pos = io[0];
    r.group(AAA.io, () => {
      if (/^[0-9A-Fa-f]{4}$/.test(t)) {
        const input = parseInt(t.slice(0, 2), 16);
        const output = parseInt(t.slice(2), 16);
        r.node(AAA.input, io[0], io[0] + 2, input, `0x${hex2(input)}`);
        r.node(AAA.output, io[0] + 2, io[1], output, `0x${hex2(output)}`);
        a.input = input;
        a.output = output;
      } else if (io[1] > io[0]) r.node(AAA.extra, io[0], io[1], t);
      r.pos = io[1];
    });
  }
  decodeAnalog(r, frame, fields[at(15)], a);
  const rest = at(16);
  const tail = [AAA.event_info, AAA.custom, AAA.protocol_version, AAA.fuel];
  for (let i = 0; i < tail.length; i++) leaf(rest + i, tail[i]!);
  const info = text(rest);
  if (info) {
    if (event === 37) a.driverUniqueId = info.trim().replace(/[ \r|]/g, '');
    else a.eventData = info;
  }
  const protocol = num(text(rest + 2)) ?? 0;
  const fuel = text(rest + 3);
  if (/^[0-9A-Fa-f]{4}$/.test(fuel)) a.fuel = round(parseInt(fuel.slice(0, 2), 16) + parseInt(fuel.slice(2), 16) * 0.01, 2);
  decodeTemperatures(r, frame, fields[rest + 4], protocol, a);
  leaf(rest + 5, AAA.data_count);
  for (let i = rest + 6; i < fields.length; i++) leaf(i, AAA.extra);
}

/** A `|`-separated field as a group with one leaf per part (parts beyond `defs` use `more`). */
function subFields(r: FieldReader, frame: Uint8Array, range: [number, number] | undefined, def: FieldDef, defs: FieldDef[], more: FieldDef = AAA.extra): string[] {
  if (!range) return [];
  const parts = fieldRanges(frame, range[0], range[1], PIPE);
  const values: string[] = [];
  r.pos = range[0];
  r.group(def, () => {
    parts.forEach(([s, e], i) => {
      const t = latin1(frame.subarray(s, e));
      values.push(t);
      r.node(defs[i] ?? more, s, e, t);
    });
    r.pos = range[1];
  });
  return values;
}

/** Analog inputs: `AD1|AD2|AD3|battery|power` in hex (volts × 100), or five decimal voltages. */
function decodeAnalog(r: FieldReader, frame: Uint8Array, range: [number, number] | undefined, a: DecodedFrame['attributes']): void {
  if (!range) return;
  const text = latin1(frame.subarray(range[0], range[1]));
  const parts = text.split('|');
  const decimal = parts.length >= 5 && parts.slice(0, 5).every((p) => /^\d+\.\d+$/.test(p));
  const defs = decimal ? [AAA.battery, AAA.power, AAA.rtc_voltage, AAA.mcu_voltage, AAA.gps_voltage] : [AAA.adc1, AAA.adc2, AAA.adc3, AAA.battery, AAA.power];
  subFields(r, frame, range, AAA.analog, defs, AAA.analog_extra);
  if (decimal) {
    a.battery = Number(parts[0]);
    a.power = Number(parts[1]);
    return;
  }
  const hexNum = (s: string | undefined) => (s && /^[0-9A-Fa-f]+$/.test(s) ? parseInt(s, 16) : undefined);
  for (let i = 0; i < 3; i++) {
    const v = hexNum(parts[i]);
    if (v !== undefined) a[`adc${i + 1}`] = v;
  }
  const battery = hexNum(parts[3]);
  const power = hexNum(parts[4]);
  if (battery !== undefined) a.battery = battery / 100;
  if (power !== undefined) a.power = power / 100;
}

/**
 * Temperature sensors `NNVVVV|…` in hex: sensor number, then (protocol ≥ 3) a signed 16-bit value in
 * hundredths of a degree, or (older) a signed integer byte and hundredths.
 */
function decodeTemperatures(r: FieldReader, frame: Uint8Array, range: [number, number] | undefined, protocol: number, a: DecodedFrame['attributes']): void {
  if (!range) return;
  const values = subFields(r, frame, range, AAA.temperature, [], AAA.temp);
  for (const t of values) {
    if (!/^[0-9A-Fa-f]{6,}$/.test(t)) continue;
    const index = parseInt(t.slice(0, 2), 16);
    let value: number;
    if (protocol >= 3) {
      value = ((parseInt(t.slice(2, 6), 16) << 16) >> 16) * 0.01;
    } else {
      const whole = (parseInt(t.slice(2, 4), 16) << 24) >> 24;
      value = whole + (whole < 0 ? -0.01 : 0.01) * parseInt(t.slice(4), 16);
    }
    a[`temp${index}`] = round(value, 2);
  }
}

/** D00 picture packet: `<file>,<packets>,<current>,<binary data>`. */
function decodeD00(r: FieldReader, frame: Uint8Array, from: number, to: number, out: DecodedFrame): void {
  r.group(D00.body, () => {
    const c1 = indexIn(frame, COMMA, from, to);
    const c2 = indexIn(frame, COMMA, c1 + 1, to);
    const c3 = indexIn(frame, COMMA, c2 + 1, to);
    if (c3 >= to) {
      r.rest(D00.data, 'picture packet without file name, count and number');
      return;
    }
    const file = latin1(frame.subarray(from, c1));
    const total = latin1(frame.subarray(c1 + 1, c2));
    const current = latin1(frame.subarray(c2 + 1, c3));
    r.node(D00.file, from, c1, file);
    r.node(D00.total, c1 + 1, c2, Number(total));
    r.node(D00.current, c2 + 1, c3, Number(current));
    r.pos = c3 + 1;
    if (r.remaining > 0) r.raw(D00.data, r.remaining);
    out.attributes.photoFile = file;
    out.attributes.photoPacket = Number(current);
    out.attributes.photoPackets = Number(total);
  });
}

/** A server command in Meitrack form: `@@<flag><length>,<imei>,<content>*<sum>\r\n`. */
export function command(flag: string, imei: string, content: string): Uint8Array {
  const length = 1 + imei.length + 1 + content.length + 5;
  const text = `@@${flag}${String(length).padStart(2, '0')},${imei},${content}*`;
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const sum = sum8(bytes).toString(16).toUpperCase().padStart(2, '0');
  return Uint8Array.from(`${text}${sum}\r\n`, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * What a Traccar-compatible server answers: CCC batches with `CCC,<packets received>` so the
 * device deletes them from its cache (manual: "Quantity of deleted data"); AAC with `AAC,1`;
 * a D03 "picture taken" with a request for the first packet of `camera_picture.jpg`; every
 * eighth D00 picture packet with a request for the next eight. Other commands get no answer.
 */
export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const h = parseHead(frame);
  if (!h || h === 'short') return null;
  const flag = String.fromCharCode(frame[2]!);
  const imei = latin1(frame.subarray(h.comma + 1, h.imeiEnd));
  switch (h.command) {
    case 'CCC': {
      const n = decoded.attributes.packets;
      return typeof n === 'number' ? command(flag, imei, `CCC,${n}`) : null;
    }
    case 'AAC':
      return command('z', imei, 'AAC,1');
    case 'D03':
      return command('O', imei, 'D00,camera_picture.jpg,0');
    case 'D00': {
      const { photoFile: file, photoPacket: current, photoPackets: total } = decoded.attributes;
      if (typeof file !== 'string' || typeof current !== 'number' || typeof total !== 'number') return null;
      if (current + 1 >= total || (current + 1) % 8 !== 0) return null;
      return command('O', imei, `D00,${file},${current + 1}`);
    }
  }
  return null;
}

function summarise(d: DecodedFrame, command: string): string {
  const p = d.positions[0];
  if (p) {
    const event = typeof d.attributes.event === 'number' ? ` ${EVENTS[d.attributes.event] ?? `event ${d.attributes.event}`}` : '';
    const more = d.positions.length > 1 ? ` (+${d.positions.length - 1} more)` : '';
    return `${command} ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${event}${more}`;
  }
  if (typeof d.attributes.result === 'string') return d.attributes.result;
  if (typeof d.attributes.command === 'string') return `server: ${d.attributes.command}`;
  if (typeof d.attributes.photoFile === 'string') return `${command} ${d.attributes.photoFile} packet ${d.attributes.photoPacket}/${d.attributes.photoPackets}`;
  return command || d.messageType;
}

const hex2 = (v: number) => v.toString(16).toUpperCase().padStart(2, '0');

export const meitrack: ProtocolDescriptor = {
  id: 'meitrack',
  name: 'Meitrack',
  transports: ['tcp', 'udp'],
  defaultPort: 5020,
  detect,
  split,
  decode,
  respond,
  commands,
};
