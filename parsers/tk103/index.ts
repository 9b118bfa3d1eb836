/**
 * TK103 (TK102/TK103 GPRS protocol): text frames `(` + 12-character device id + 4-character command
 * + body + `)`, e.g. `(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)`;
 * comma-delimited variants `(<imei>,<command>,…)` (ZC…/DW… families); free text between `$` signs
 * may hold `)`. The server's answers and commands use the same `( … )` framing, except the
 * alternative firmware's `[begin]sms2,<SMS command>,[end]` (split with direction down).
 * Spec: "TK103 GPS tracker communication protocol" (BP00 handshake → AP01, BP05 login → AP05, BR00
 * isochronous feedback, BO01 alarm); variants as Traccar's Tk103ProtocolDecoder and
 * Tk103FrameDecoder handle them; layouts checked against shared/corpus/frames.jsonl.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addBits, addIssue, collectIssues, issue } from '../core/reader';
import { bytesAt, indexOfBytes, latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, kmhToKnots, nmeaDegrees, round, validLatLon } from '../core/units';
import { BATTERY_LEVELS, BAT, BMS, BO01_ALARMS, BQ81_ALARMS, CELL, COMMANDS, COMMAND_EVENTS, F, HS, LBS, LOC, RES, type CommandInfo } from './fields';
import { SMS_BEGIN, SMS_END, decodeServerCommand, decodeSms } from './downlink';
import { splitFrames, type Cut } from '../core/split';
import { commands } from './commands';
import { HexText, TextCursor, calendarTime, hex, num } from '../core/text';

const OPEN = 0x28; // (
const CLOSE = 0x29; // )
const DOLLAR = 0x24; // $

/** Longest frame the splitter waits for (Traccar's frame decoder gives up after 1024 bytes). */
const MAX_FRAME = 1024;

const CMD = /^[A-Z]{2}[0-9A-Z]{2}$/;

/** Where the device id and command sit: fixed 12 (or 11) characters, or `<id>,<cmd>,`. */
interface Header {
  form: 'fixed' | 'comma';
  id: string;
  cmd: string;
  /** Offsets of the id and of the command. */
  idStart: number;
  cmdStart: number;
}

/** Meaning of a command: the table, else the alarm/ignition families. */
function commandInfo(cmd: string): CommandInfo | undefined {
  const known = COMMANDS[cmd];
  if (known) return known;
  const ev = COMMAND_EVENTS[cmd];
  if (ev) return { type: ev.alarm ? 'alarm' : 'event', label: ev.alarm ? `${ev.alarm} alarm` : ev.ignition ? 'ACC on' : 'ACC off' };
  if (/^DW5/.test(cmd)) return { type: 'lbs', label: 'Cell and Wi-Fi' };
  if (/^DW3/.test(cmd)) return { type: 'location', label: 'Location' };
  return undefined;
}

/** The header of the frame text between `from` (after `(`) and `to` (before `)`), or null. */
function parseHeader(text: string, from: number, to: number): Header | null {
  const body = text.slice(from, to);
  const comma = /^([0-9A-Za-z]{1,20}),([A-Z]{2}[0-9A-Z]{2})(?:,|$)/.exec(body);
  if (comma) return { form: 'comma', id: comma[1]!, cmd: comma[2]!, idStart: from, cmdStart: from + comma[1]!.length + 1 };
  if (body.length >= 16 && CMD.test(body.slice(12, 16))) return { form: 'fixed', id: body.slice(0, 12), cmd: body.slice(12, 16), idStart: from, cmdStart: from + 12 };
  for (const n of [11, 15]) {
    if (body.length >= n + 4 && /^\d+$/.test(body.slice(0, n)) && CMD.test(body.slice(n, n + 4))) {
      return { form: 'fixed', id: body.slice(0, n), cmd: body.slice(n, n + 4), idStart: from, cmdStart: from + n };
    }
  }
  return null;
}

/** Index of the `)` that closes the frame opened at `open` (an even number of `$` before it), or -1. */
function frameEnd(b: Uint8Array, open: number, limit = b.length): number {
  let dollars = 0;
  for (let i = open + 1; i < limit; i++) {
    if (b[i] === DOLLAR) dollars++;
    else if (b[i] === CLOSE && dollars % 2 === 0) return i;
  }
  return -1;
}

/** Whether the frame [open, end) (`end` at its `)`) has a device id + command after the `(`. */
function hasHeader(b: Uint8Array, open: number, end: number): boolean {
  const text = latin1(b.subarray(open, end));
  return parseHeader(text, 1, text.length) !== null;
}

/** A later `(` inside a frame whose own header does not parse, where a header does; else -1. */
function innerStart(b: Uint8Array, open: number, end: number): number {
  if (hasHeader(b, open, end)) return -1;
  for (let i = b.indexOf(OPEN, open + 1); i >= 0 && i < end; i = b.indexOf(OPEN, i + 1)) if (hasHeader(b, i, end)) return i;
  return -1;
}

const SMS_OPEN = Uint8Array.from(SMS_BEGIN, (ch) => ch.charCodeAt(0));
const SMS_CLOSE = Uint8Array.from(SMS_END, (ch) => ch.charCodeAt(0));

/** Next server frame start at or after `from`: `(` or `[begin]`; -1 when none. */
function nextDownStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === OPEN || bytesAt(b, i, SMS_OPEN) === true) return i;
  return -1;
}

/** The server frame at `pos`: `(…)` as the device's, or the alternative firmware's `[begin]…,[end]`. */
function cutDown(b: Uint8Array, pos: number): Cut {
  const limit = Math.min(b.length, pos + MAX_FRAME);
  if (b[pos] === OPEN) {
    const end = frameEnd(b, pos, limit);
    if (end >= 0) return { end: end + 1 };
  } else {
    const close = indexOfBytes(b.subarray(0, limit), SMS_CLOSE, pos + SMS_OPEN.length);
    if (close >= 0) return { end: close + SMS_CLOSE.length };
  }
  return b.length - pos < MAX_FRAME ? 'wait' : 'bad';
}

/** Trailing bytes that may begin `[begin]`, held for the next chunk. */
function partialSmsOpen(b: Uint8Array): number {
  for (let k = Math.min(SMS_OPEN.length - 1, b.length); k > 0; k--) if (bytesAt(b, b.length - k, SMS_OPEN) === 'part') return k;
  return 0;
}

/**
 * Server → device: answers and standard commands in the device's `( … )` framing, and the
 * alternative firmware's `[begin]sms2,<SMS command>,[end]`, which carries no parentheses.
 */
function splitDown(buf: Uint8Array): SplitResult {
  return splitFrames(buf, nextDownStart, cutDown, partialSmsOpen);
}

export function split(buf: Uint8Array, _final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitDown(buf);
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const open = buf.indexOf(OPEN, pos);
    if (open < 0) {
      garbage.push({ start: pos, end: buf.length });
      pos = buf.length;
      break;
    }
    if (open > pos) garbage.push({ start: pos, end: open });
    pos = open;
    const end = frameEnd(buf, open, Math.min(buf.length, open + MAX_FRAME));
    if (end >= 0) {
      // A '(' without a header, followed by one with a header before the ')': resynchronise there.
      const inner = innerStart(buf, open, end);
      if (inner > open) {
        garbage.push({ start: open, end: inner });
        pos = inner;
        continue;
      }
      frames.push({ start: open, end: end + 1 });
      pos = end + 1;
      continue;
    }
    if (buf.length - open < MAX_FRAME) break; // may still complete
    const next = buf.indexOf(OPEN, open + 1);
    const stop = next < 0 ? buf.length : next;
    garbage.push({ start: open, end: stop });
    pos = stop;
  }
  return { frames, garbage, consumed: pos };
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b.length < 2 || b[0] !== OPEN) return { score: 0, evidence: [] };
  const end = frameEnd(b, 0, Math.min(b.length, MAX_FRAME));
  const text = latin1(b.subarray(0, end >= 0 ? end + 1 : Math.min(b.length, MAX_FRAME)));
  const h = parseHeader(text, 1, end >= 0 ? end : text.length);
  if (!h) return { score: 0, evidence: [] };
  const ev: Evidence[] = [{ text: "starts with '('", weight: 0.2 }];
  const info = commandInfo(h.cmd);
  const idText = h.form === 'comma' ? `device id ${h.id}, ` : `${h.id.length}-character device id ${h.id} + `;
  ev.push(info ? { text: `${idText}known command ${h.cmd} (${info.label})`, weight: 1.5 } : { text: `${idText}command-like ${h.cmd}`, weight: 0.4 });
  if (/^\d+$/.test(h.id)) {
    ev.push(h.id.length === 15 && luhnValid(h.id) ? { text: `IMEI ${h.id} passes Luhn`, weight: 0.4 } : { text: 'device id is numeric', weight: 0.2 });
  }
  if (end >= 0) ev.push({ text: "closing ')'", weight: 0.5 });
  else if (b.length >= MAX_FRAME) ev.push({ text: `no closing ')' within ${MAX_FRAME} bytes`, weight: -0.5 });
  else ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
  const body = text.slice(h.cmdStart + 4, end >= 0 ? end : text.length);
  if (h.form === 'fixed' ? FIXED_CORE_TEST.test(body) : COMMA_CORE_TEST.test(body)) ev.push({ text: 'date, A/V and coordinates in place', weight: 0.5 });
  return scoreEvidence(ev);
}

const FIXED_CORE = /,?(?:(?<akw>ALARM),(?<atype>\d),(?<aval>\d+),)?(?<data>\d*)(?<date>\d{6}),?(?<valid>[AV]),?(?<lat> *\d*\d\d\.\d+)(?<ns>[NS]),?(?<lon> *\d*\d\d\.\d+)(?<ew>[EW]),?(?<speed>[ \d.]{1,5})(?<time>\d{6}),?/;
const COMMA_CORE = /,(?<date>\d{6}),(?<valid>[AV]),(?<lat> *\d*\d\d\.\d+)(?<ns>[NS]),(?<lon> *\d*\d\d\.\d+)(?<ew>[EW]),(?<speed>[\d.]*),(?<time>\d{6})/;
const FIXED_CORE_TEST = new RegExp(`^${FIXED_CORE.source}`);
const COMMA_CORE_TEST = new RegExp(`^${COMMA_CORE.source}`);
const STATUS = /(?<course>[ \d.]{6}|\d\d),?(?<charge>[01])(?<ign>[01])(?<io1>[0-9A-Fa-f])(?<io2>[0-9A-Fa-f])(?<io3>[0-9A-Fa-f])(?<fuel>[0-9A-Fa-f]{3})(?<mark>L)(?<odo>[0-9A-Fa-f]+)/;
const FIXED_COURSE = /(?<course>\d+\.\d+)/;
const COMMA_COURSE = /,(?<course>\d+(?:\.\d+)?)/;
const TAIL = /(?<extra>[^]*?)(?<temp>[+-]\d{3}\.\d)?$/;

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'tk103', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const text = latin1(frame);
  if (text.startsWith(SMS_BEGIN)) return decodeSms(r, text, out, ctx);
  const opened = text.startsWith('(');
  const closed = text.length > 1 && text.endsWith(')');
  const from = opened ? 1 : 0;
  const to = closed ? text.length - 1 : text.length;
  const c = new TextCursor(r, to);
  if (opened) r.node(F.start, 0, 1, '(');
  const h = parseHeader(text, from, to);
  c.pos = from;
  if (h) {
    out.deviceId = h.id;
    out.messageCode = h.cmd;
    const info = commandInfo(h.cmd);
    out.messageType = info?.type ?? `command ${h.cmd}`;
    r.group(F.header, () => {
      c.fixed(F.device_id, h.id.length);
      c.eat(',');
      const cmd = c.fixed(F.command, 4, { display: (t) => `${t} (${info?.label ?? 'unknown command'})` });
      if (!info && cmd.node) {
        // A server command outside the published list is what `custom` sends: worth a note only.
        addIssue(cmd.node, ctx?.direction === 'down' ? issue('tk103.unknown_command', 'protocol', 'info', `command ${h.cmd} is not in the published server command list (a custom command)`) : issue('tk103.unknown_command', 'protocol', 'warning', `command ${h.cmd} is not a known TK103 message`));
      }
    });
    decodeBody(c, h, out);
  } else {
    out.deviceId = ctx?.deviceId;
    const n = c.pos < to ? c.fixed(F.body, to - c.pos).node : r.tree[0];
    if (n) addIssue(n, issue('tk103.no_header', 'malformed', 'error', 'no device id + 4-character command after the opening parenthesis'));
  }
  if (closed) r.node(F.end, text.length - 1, text.length, ')');
  const first = r.tree[0];
  if (!opened && first) addIssue(first, issue('tk103.missing_start', 'malformed', 'warning', "frame does not start with '('"));
  const last = r.tree[r.tree.length - 1];
  if (!closed && last) addIssue(last, issue('tk103.missing_end', 'malformed', 'error', "frame does not end with ')': truncated"));
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** Decode the body after the command, by command; anything that fits no layout is a raw node. */
function decodeBody(c: TextCursor, h: Header, out: DecodedFrame): void {
  const body = c.rest;
  if (body.length === 0) return;
  const ok = ((): boolean => {
    if (body.includes('{') && body.includes('}')) return decodeCells(c, out);
    if (h.cmd === 'ZC20') return decodeBattery(c, out);
    if (h.cmd === 'BZ00') return decodeNetwork(c, out);
    if (h.cmd === 'ZC03') return decodeResult(c, out);
    if (h.cmd.startsWith('DW5')) return decodeLbs(c, h, out);
    if (h.cmd === 'BV00' && body.length === 17) {
      out.attributes.vin = c.fixed(F.vin, 17).text;
      return true;
    }
    if (h.cmd === 'BS50') return decodeBmsBinary(c, out);
    if (h.cmd === 'BS51') return decodeBmsTagged(c, out);
    if (h.cmd === 'BP00') return decodeHandshake(c);
    if (COMMANDS[h.cmd]?.type === 'command' || COMMANDS[h.cmd]?.type === 'ack') return decodeServerCommand(c, h.cmd);
    return decodeLocation(c, h, out);
  })();
  if (!ok && !c.done) {
    const n = c.fixed(F.body, c.end - c.pos).node!;
    addIssue(n, issue('tk103.body_not_decoded', 'undecoded', 'info', `body of ${h.cmd} does not follow a known layout; shown raw`));
  }
}

/** The rest of the body, when there is one, as an undecoded node of `def`. */
function extra(c: TextCursor, def: typeof F.body, what: string): void {
  if (c.done) return;
  const n = c.fixed(def, c.end - c.pos).node!;
  addIssue(n, issue('tk103.extra_not_decoded', 'undecoded', 'info', `${what} not decoded`));
}

const ddmmyy = (t: string) => ({ y: Number(t.slice(4, 6)), m: Number(t.slice(2, 4)), d: Number(t.slice(0, 2)) });
const yymmdd = (t: string) => ({ y: Number(t.slice(0, 2)), m: Number(t.slice(2, 4)), d: Number(t.slice(4, 6)) });
const showDate = (f: (t: string) => { y: number; m: number; d: number }) => (t: string) => {
  const { y, m, d } = f(t);
  return `20${pad(y)}-${pad(m)}-${pad(d)}`;
};
const showTime = (t: string) => `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;

function decodeLocation(c: TextCursor, h: Header, out: DecodedFrame): boolean {
  const comma = h.form === 'comma';
  const core = comma ? COMMA_CORE : FIXED_CORE;
  if (!c.peek(core)) return false;
  const dateOf = comma ? ddmmyy : yymmdd;
  c.r.group(F.location, () => {
    const { g, nodes } = c.groups(core, {
      akw: LOC.alarm_keyword,
      atype: [LOC.alarm_type, { value: num, display: (t) => `${BQ81_ALARMS[Number(t)] ?? 'unknown'} (${t})` }],
      aval: LOC.alarm_value,
      data: LOC.data,
      date: [LOC.date, { display: showDate(dateOf) }],
      valid: [LOC.validity, { display: (t) => (t === 'A' ? 'A (valid fix)' : 'V (no valid fix)') }],
      lat: [LOC.latitude, { display: (t) => `${t.trim()} (ddmm.mmmm)` }],
      ns: LOC.lat_hemisphere,
      lon: [LOC.longitude, { display: (t) => `${t.trim()} (dddmm.mmmm)` }],
      ew: LOC.lon_hemisphere,
      speed: [LOC.speed, { value: num, display: (t) => `${t.trim()} km/h` }],
      time: [LOC.time, { display: showTime }],
    })!;
    let course: number | undefined;
    const status = comma ? undefined : c.groups(STATUS, {
      course: [LOC.course, { value: num }],
      charge: [LOC.charge, { value: num, display: (t) => (t === '0' ? '0 (main power on, charging)' : '1 (main power off)') }],
      ign: [LOC.ignition, { value: num, display: (t) => (t === '1' ? '1 (on)' : '0 (off)') }],
      io1: [LOC.io1, { value: hex }],
      io2: [LOC.io2, { value: hex }],
      io3: [LOC.io3, { value: hex }],
      fuel: [LOC.fuel, { value: hex }],
      mark: LOC.odometer_marker,
      odo: [LOC.odometer, { value: hex, display: (t) => `${parseInt(t, 16)} (0x${t})` }],
    });
    if (status) {
      course = num(status.g.course!) as number | undefined;
      statusAttributes(status.g, status.nodes, out);
    } else {
      const k = c.groups(comma ? COMMA_COURSE : FIXED_COURSE, { course: [LOC.course, { value: num }] });
      if (k) course = num(k.g.course!) as number | undefined;
    }
    const tail = c.groups(TAIL, { extra: LOC.extra, temp: [LOC.temperature, { value: num, display: (t) => `${Number(t)} °C` }] });
    if (tail?.g.temp) out.attributes.temp1 = Number(tail.g.temp);
    if (tail?.nodes.extra) addIssue(tail.nodes.extra, issue('tk103.extra_not_decoded', 'undecoded', 'info', 'values after the documented fields are not decoded'));

    const alarm = h.cmd === 'BO01' ? BO01_ALARMS[Number(g.data?.charAt(0))] : h.cmd === 'BQ81' ? BQ81_ALARMS[Number(g.atype)] : COMMAND_EVENTS[h.cmd]?.alarm;
    if (alarm) out.attributes.alarm = alarm;
    const ign = COMMAND_EVENTS[h.cmd]?.ignition;
    if (ign !== undefined) out.attributes.ignition = ign;

    const { y, m, d } = dateOf(g.date!);
    const t = g.time!;
    const when = calendarTime(y, m, d, Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4, 6)));
    if (!when?.ok && nodes.date) addIssue(nodes.date, issue('tk103.bad_time', 'protocol', 'warning', `date ${g.date} ${t} is out of range${when ? `; read as ${when.iso} (calendar roll-over)` : ''}`));
    const lat = nmeaDegrees(g.lat!.trim(), g.ns);
    const lon = nmeaDegrees(g.lon!.trim(), g.ew);
    if (lat === null || lon === null || !validLatLon(lat, lon)) {
      if (nodes.lat) addIssue(nodes.lat, issue('tk103.bad_coordinates', 'protocol', 'warning', 'coordinates out of range'));
      return;
    }
    if (!when) return;
    const pos: Position = { time: when.iso, valid: g.valid === 'A', lat: round(lat), lon: round(lon) };
    const speed = num(g.speed!);
    if (typeof speed === 'number') pos.speedKnots = round(kmhToKnots(speed));
    if (course !== undefined) pos.course = course;
    out.positions.push(pos);
  });
  return true;
}

/** Attributes of the 8-character status block (`charge ignition io io io fuel(3)`) and odometer. */
function statusAttributes(g: Record<string, string | undefined>, nodes: Record<string, FieldNode>, out: DecodedFrame): void {
  const a = out.attributes;
  a.charge = g.charge === '0';
  a.ignition = g.ign === '1';
  const m1 = parseInt(g.io1!, 16);
  const m2 = parseInt(g.io2!, 16);
  const m3 = parseInt(g.io3!, 16);
  if (nodes.io1) addBits(nodes.io1, m1, [
    { id: 'tk103.location.in2', label: 'Input 2', bit: 0 },
    { id: 'tk103.location.panic', label: 'Panic', bit: 1 },
    { id: 'tk103.location.out2', label: 'Output 2', bit: 2 },
    { id: 'tk103.location.blocked', label: 'Fuel/power cut', bit: 3 },
  ]);
  if (nodes.io2) addBits(nodes.io2, m2, [
    { id: 'tk103.location.hs3', label: 'High sensor 3', bit: 0 },
    { id: 'tk103.location.hs2', label: 'High sensor 2', bit: 1 },
    { id: 'tk103.location.hs1', label: 'High sensor 1', bit: 2 },
    { id: 'tk103.location.door', label: 'Door', bit: 3 },
  ]);
  if (nodes.io3) addBits(nodes.io3, m3, [
    { id: 'tk103.location.ls3', label: 'Low sensor 3', bit: 1 },
    { id: 'tk103.location.ls2', label: 'Low sensor 2', bit: 2 },
    { id: 'tk103.location.ls1', label: 'Low sensor 1', bit: 3 },
  ]);
  a.in2 = m1 & 1;
  a.panic = (m1 >> 1) & 1;
  a.out2 = (m1 >> 2) & 1;
  if (m1 & 8) a.blocked = 1;
  for (let i = 0; i < 3; i++) if (m2 & (1 << i)) a[`hs${3 - i}`] = 1;
  if (m2 & 8) a.door = 1;
  for (let i = 1; i <= 3; i++) if (m3 & (1 << i)) a[`ls${3 - i + 1}`] = 1;
  a.fuel = parseInt(g.fuel!, 16);
  a.odometer = parseInt(g.odo!, 16);
}

/** `[<imei>],{mcc,mnc,lac,cid}\n…,<odometer hex>`: cell towers (BZ00, BP05 variants). */
function decodeCells(c: TextCursor, out: DecodedFrame): boolean {
  if (!c.peek(/\d{0,15},\{/)) return false;
  c.r.group(F.cells, () => {
    c.groups(/(?<imei>\d{15})?,/, { imei: CELL.imei });
    while (c.peek(/\{\d+,\d+,\d+,\d+\}/)) {
      c.r.group(CELL.cell, () => {
        c.groups(/\{(?<mcc>\d+),(?<mnc>\d+),(?<lac>\d+),(?<cid>\d+)\}\n?/, { mcc: [CELL.mcc, { value: num }], mnc: [CELL.mnc, { value: num }], lac: [CELL.lac, { value: num }], cid: [CELL.cid, { value: num }] });
      });
    }
    const odo = c.groups(/,(?<odo>[0-9A-Fa-f]{8})$/, { odo: [CELL.odometer, { value: hex, display: (t) => `${parseInt(t, 16)} (0x${t})` }] });
    if (odo) out.attributes.odometer = parseInt(odo.g.odo!, 16);
    extra(c, CELL.extra, 'values after the cell list');
  });
  return true;
}

/** `,mcc,mnc,lac(hex),cid(hex),…` (BZ00). */
function decodeNetwork(c: TextCursor, _out: DecodedFrame): boolean {
  if (!c.peek(/,\d+,\d+,[0-9A-Fa-f]+,[0-9A-Fa-f]+/)) return false;
  c.r.group(F.cells, () => {
    c.r.group(CELL.cell, () => {
      c.groups(/,(?<mcc>\d+),(?<mnc>\d+),(?<lac>[0-9A-Fa-f]+),(?<cid>[0-9A-Fa-f]+)/, { mcc: [CELL.mcc, { value: num }], mnc: [CELL.mnc, { value: num }], lac: [CELL.lac, { value: hex }], cid: [CELL.cid, { value: hex }] });
    });
    extra(c, CELL.extra, 'values after the cell');
  });
  return true;
}

/** `,ddmmyy,hhmmss,level,battery(0.01 V),power(0.1 V),installed` (ZC20). */
function decodeBattery(c: TextCursor, out: DecodedFrame): boolean {
  const re = /,(?<date>\d{6}),(?<time>\d{6}),(?<level>\d+),(?<volt>\d+),(?<power>\d+),(?<inst>\d+)/;
  if (!c.peek(re)) return false;
  c.r.group(F.battery, () => {
    const { g } = c.groups(re, {
      date: [BAT.date, { display: showDate(ddmmyy) }],
      time: [BAT.time, { display: showTime }],
      level: [BAT.level, { value: num, display: (t) => (BATTERY_LEVELS[Number(t)] !== undefined ? `${BATTERY_LEVELS[Number(t)]} % (${t})` : `unknown (${t})`) }],
      volt: [BAT.voltage, { value: num, display: (t) => (t === '65535' ? 'unknown' : `${Number(t) / 100} V`) }],
      power: [BAT.power, { value: num, display: (t) => (t === '65535' ? 'unknown' : `${Number(t) / 10} V`) }],
      inst: [BAT.installed, { value: num }],
    })!;
    const level = BATTERY_LEVELS[Number(g.level)];
    if (level !== undefined) out.attributes.batteryLevel = level;
    if (g.volt !== '65535') out.attributes.battery = round(Number(g.volt) * 0.01, 2);
    if (g.power !== '65535') out.attributes.power = round(Number(g.power) * 0.1, 1);
    extra(c, BAT.extra, 'values after the installed flag');
  });
  return true;
}

/** `,mcc,mnc,lac,cid,n,(mac*rssi*channel,)×n,ddmmyy,hhmmss` (DW5x). */
function decodeLbs(c: TextCursor, h: Header, out: DecodedFrame): boolean {
  if (!c.peek(/,\d+,\d+,\d+,\d+,\d+,/)) return false;
  c.r.group(F.lbs, () => {
    c.groups(/,(?<mcc>\d+),(?<mnc>\d+),(?<lac>\d+),(?<cid>\d+),(?<n>\d+),/, {
      mcc: [LBS.mcc, { value: num }], mnc: [LBS.mnc, { value: num }], lac: [LBS.lac, { value: num }], cid: [LBS.cid, { value: num }], n: [LBS.wifi_count, { value: num }],
    });
    const ap = /(?<mac>(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2})\*(?<rssi>[-+]?\d+)\*(?<ch>\d+),/;
    while (c.peek(ap)) {
      c.r.group(LBS.wifi, () => {
        c.groups(ap, { mac: LBS.mac, rssi: [LBS.rssi, { value: num, display: (t) => `${t} dBm` }], ch: [LBS.channel, { value: num }] });
      });
    }
    c.groups(/(?<date>\d{6}),(?<time>\d{6})/, { date: [LBS.date, { display: showDate(ddmmyy) }], time: [LBS.time, { display: showTime }] });
    extra(c, LBS.extra, 'values after the time');
  });
  const alarm = COMMAND_EVENTS[h.cmd]?.alarm;
  if (alarm) out.attributes.alarm = alarm;
  const ign = COMMAND_EVENTS[h.cmd]?.ignition;
  if (ign !== undefined) out.attributes.ignition = ign;
  return true;
}

/** `,ddmmyy,hhmmss,$<text>$` (ZC03): the answer to a text command. */
function decodeResult(c: TextCursor, out: DecodedFrame): boolean {
  const re = /,(?<date>\d{6}),(?<time>\d{6}),\$(?<text>[^$]*)\$?/;
  if (!c.peek(re)) return false;
  c.r.group(F.result, () => {
    const { g } = c.groups(re, { date: [RES.date, { display: showDate(ddmmyy) }], time: [RES.time, { display: showTime }], text: RES.text })!;
    out.attributes.result = g.text ?? '';
    extra(c, RES.extra, 'data after the result text');
  });
  return true;
}

/** `[<serial>]HSO[…]` (BP00). */
function decodeHandshake(c: TextCursor): boolean {
  if (!c.peek(/\d*HSO/)) return false;
  c.r.group(F.handshake, () => {
    c.groups(/(?<serial>\d*)(?<hso>HSO)/, { serial: HS.serial, hso: HS.marker });
    extra(c, HS.extra, 'handshake data after HSO');
  });
  return true;
}

/** BS50: hex bytes, little-endian: 3 header bytes, cell count, 24 cell voltages, state, temperatures. */
function decodeBmsBinary(c: TextCursor, out: DecodedFrame): boolean {
  const payload = c.rest;
  if (!/^[0-9A-Fa-f]+$/.test(payload) || payload.length < 8) return false;
  const a = out.attributes;
  c.r.group(F.bms, () => {
    const x = new HexText(c, c.pos, c.end);
    const le = (def: typeof BMS.cycles, len: number) => x.uint(def, len, true);
    x.raw(BMS.header, 3);
    const cells = x.u8(BMS.cell_count) ?? 0;
    for (let i = 1; i <= 24; i++) {
      const v = le({ ...BMS.cell_voltage, label: `Cell ${i} voltage` }, 2);
      if (v !== undefined && i <= cells) a[`battery${i}`] = round(v * 0.001, 3);
    }
    const charge = x.u8(BMS.charge);
    if (charge !== undefined) a.charge = charge === 0;
    const current = le(BMS.current, 2);
    if (current !== undefined) a.current = round(current * 0.1, 1);
    const volt = le(BMS.voltage, 2);
    if (volt !== undefined) a.battery = round(volt * 0.01, 2);
    const level = x.u8(BMS.level);
    if (level !== undefined) a.batteryLevel = level;
    const flag = (def: typeof BMS.overheat, key: string) => {
      const v = x.u8(def);
      if (v !== undefined) a[key] = v > 0;
    };
    flag(BMS.overheat, 'batteryOverheat');
    flag(BMS.charge_protection, 'chargeProtection');
    flag(BMS.discharge_protection, 'dischargeProtection');
    x.u8(BMS.drop_line);
    x.u8(BMS.balanced);
    const cycles = le(BMS.cycles, 2);
    if (cycles !== undefined) a.cycles = cycles;
    const fault = x.u8(BMS.fault);
    if (fault !== undefined) a.faultAlarm = fault;
    x.raw(BMS.reserved, 6);
    const temps = x.u8(BMS.temp_count) ?? 0;
    const celsius = (v: number) => `${v - 40} °C`;
    const power = x.u8(BMS.power_temp, celsius);
    if (power !== undefined) a.powerTemp = power - 40;
    const eq = x.u8(BMS.equilibrium_temp, celsius);
    if (eq !== undefined) a.equilibriumTemp = eq - 40;
    for (let i = 1; i <= 7; i++) {
      const t = x.u8({ ...BMS.temp, label: `Battery temperature ${i}` }, celsius);
      if (t !== undefined && i <= temps) a[`batteryTemp${i}`] = t - 40;
    }
    const cal = le(BMS.calibration_capacity, 2);
    if (cal !== undefined) a.calibrationCapacity = round(cal * 0.01, 2);
    const dis = le(BMS.discharge_capacity, 4);
    if (dis !== undefined) a.dischargeCapacity = dis;
    c.pos = x.pos;
    extra(c, BMS.extra, 'BMS bytes after the discharge capacity');
    if (payload.length < 176) addIssue(c.r.last!, issue('tk103.bms_short', 'malformed', 'warning', `BS50 data has ${payload.length >> 1} bytes, 88 expected`));
  });
  return true;
}

/** BS51: `<key>:<hex>` records separated by commas; keys 90, 91, 92 and 96 decoded (big-endian). */
function decodeBmsTagged(c: TextCursor, out: DecodedFrame): boolean {
  if (!/^([0-9A-Fa-f]{2}:[0-9A-Fa-f]*)(,[0-9A-Fa-f]{2}:[0-9A-Fa-f]*)*$/.test(c.rest)) return false;
  const a = out.attributes;
  c.r.group(F.bms, () => {
    while (!c.done) {
      c.r.group(BMS.record, () => {
        const k = c.groups(/(?<key>[0-9A-Fa-f]{2}):/, { key: [BMS.key, { value: hex, display: (t) => `0x${t}` }] })!;
        const key = parseInt(k.g.key!, 16);
        const stop = c.text.indexOf(',', c.pos);
        const end = stop < 0 ? c.end : stop;
        const x = new HexText(c, c.pos, end);
        const be = (def: typeof BMS.soc, len = 2) => x.uint(def, len, false);
        const celsius = (v: number) => `${v - 40} °C`;
        const set = (name: string, v: number | undefined, f: (v: number) => FieldValue) => {
          if (v !== undefined) a[name] = f(v);
        };
        if (key === 0x90) {
          set('cumulativeVoltage', be(BMS.cumulative_voltage), (v) => round(v * 0.1, 1));
          set('gatherVoltage', be(BMS.gather_voltage), (v) => round(v * 0.1, 1));
          set('current', be(BMS.current), (v) => round((v - 30000) * 0.1, 1));
          set('soc', be(BMS.soc), (v) => round(v * 0.1, 1));
        } else if (key === 0x91) {
          set('maxCellVoltage', be(BMS.max_cell_voltage), (v) => round(v * 0.001, 3));
          set('maxCellVoltageCount', x.u8(BMS.max_cell), (v) => v);
          set('minCellVoltage', be(BMS.min_cell_voltage), (v) => round(v * 0.001, 3));
          set('minCellVoltageCount', x.u8(BMS.min_cell), (v) => v);
        } else if (key === 0x92) {
          set('maxTemp', x.u8(BMS.max_temp, celsius), (v) => v - 40);
          set('maxTempCount', x.u8(BMS.max_temp_sensor), (v) => v);
          set('minTemp', x.u8(BMS.min_temp, celsius), (v) => v - 40);
          set('minTempCount', x.u8(BMS.min_temp_sensor), (v) => v);
        } else if (key === 0x96) {
          x.u8(BMS.frame);
          for (let i = 1; x.remaining > 0; i++) set(`cellTemp${i}`, x.u8({ ...BMS.cell_temp, label: `Cell temperature ${i}` }, celsius), (v) => v - 40);
        }
        if (x.pos < end) {
          const n = c.node(BMS.value, x.pos, end);
          addIssue(n, issue('tk103.extra_not_decoded', 'undecoded', 'info', key === 0x90 || key === 0x91 || key === 0x92 ? `bytes after the known fields of record ${k.g.key}` : `record ${k.g.key} not decoded`));
        }
        c.pos = end;
      });
      c.eat(',');
    }
  });
  return true;
}

export function respond(frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  if (frame.length < 17 || frame[0] !== OPEN) return null;
  const text = latin1(frame.subarray(0, 17));
  const id = text.slice(1, 13);
  const type = text.slice(13, 17);
  if (type === 'BP00') return ascii(`(${id}AP01HSO)`);
  if (type === 'BP05') return ascii(`(${id}AP05)`);
  return null;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

function summarise(d: DecodedFrame): string {
  const code = d.messageCode ? `${d.messageCode} ` : '';
  const p = d.positions[0];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  if (p) return `${code}${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${alarm}`;
  if (d.messageType === 'handshake' || d.messageType === 'login') return `${code}${d.messageType} ${d.deviceId ?? ''}`.trim();
  if (typeof d.attributes.result === 'string') return `${code}result ${JSON.stringify(d.attributes.result.slice(0, 60))}`;
  if (alarm) return `${code}alarm ${d.attributes.alarm}`;
  return `${code}${d.messageType}`;
}

const pad = (v: number) => String(v).padStart(2, '0');

export const tk103: ProtocolDescriptor = {
  id: 'tk103',
  name: 'TK103',
  transports: ['tcp', 'udp'],
  defaultPort: 5002,
  detect,
  split,
  decode,
  respond,
  commands,
};
