/**
 * GPS103 (Coban/Xexun "TK103-2" style text): `imei:<imei>,<keyword>,<local time>,<phone>,F|L,
 * <hhmmss.sss>,A|V,ddmm.mmmm,N,dddmm.mmmm,E,<speed kn>,<course>,…;`, login `##,imei:<imei>,A;`
 * (answer `LOAD`), heartbeat `<imei>;` (answer `ON`), OBD `imei:<imei>,OBD,…;` and a layout that
 * ends with `*`. Frames end with `;` (also `*`, `\n`, `\r\n`). The server's side (`LOAD`, `ON`,
 * `**,imei:…` commands without a delimiter) is cut and read in downlink.ts.
 * Spec: Coban GPS103/TK103 GPRS protocol; variants as Traccar's Gps103ProtocolDecoder handles them
 * (its frame decoder cuts at `\r\n`, `\n`, `;`, `*`, at most 2048 bytes); checked against
 * shared/corpus/frames.jsonl.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, kmhToKnots, nmeaDegrees, round, validLatLon } from '../core/units';
import { TextCursor, calendarTime, num, type SeqField } from '../core/text';
import { ALARM_KEYWORDS, ALT, CELL, F, LOC, OBD, keywordAlarm } from './fields';
import { SERVER_MARK, decodeServerAnswer, decodeServerCommand, splitDown } from './downlink';
import { commands } from './commands';

/** Longest frame the splitter waits for (Traccar's frame decoder limit). */
const MAX_FRAME = 2048;

const isDelimiter = (b: number | undefined) => b === 0x3b || b === 0x2a || b === 0x0a; // ; * \n
const isSpace = (ch: string) => ch === '\r' || ch === '\n' || ch === ' ' || ch === '\t';

/** Offset in `seg` where a GPS103 message starts (`##,`, `imei:` or an IMEI digit), or -1. */
function messageStart(seg: string): number {
  let i = 0;
  while (i < seg.length && isSpace(seg[i]!)) i++;
  if (i < seg.length && (/\d/.test(seg[i]!) || seg.startsWith('imei:', i) || seg.startsWith('##,', i))) return i;
  const imei = seg.indexOf('imei:', i);
  if (imei < 0) return -1;
  return imei >= 3 && seg.startsWith('##,', imei - 3) ? imei - 3 : imei;
}

/**
 * Offset in an undelimited tail where a message may start: its message start, else the trailing
 * digits or the trailing beginning of `imei:`/`##,` (which may continue), else its length.
 */
function pendingStart(tail: string): number {
  const at = messageStart(tail);
  if (at >= 0) return at;
  const digits = /\d+$/.exec(tail);
  if (digits) return digits.index;
  for (let k = Math.min(4, tail.length); k > 0; k--) {
    const end = tail.slice(tail.length - k);
    if ('imei:'.startsWith(end) || '##,'.startsWith(end)) return tail.length - k;
  }
  return tail.length;
}

export function split(buf: Uint8Array, final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitDown(buf, final, MAX_FRAME);
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    let d = pos;
    while (d < buf.length && d - pos < MAX_FRAME && !isDelimiter(buf[d])) d++;
    if (d >= buf.length || !isDelimiter(buf[d])) {
      if (d >= buf.length && buf.length - pos < MAX_FRAME) {
        // May still complete, unless no message can start in what is here.
        const keep = pos + pendingStart(latin1(buf.subarray(pos)));
        if (keep > pos) garbage.push({ start: pos, end: keep });
        pos = keep;
        break;
      }
      // No delimiter within the maximum: drop up to the next message start and go on.
      const seg = latin1(buf.subarray(pos + 1, d));
      const next = seg.search(/imei:|##,/);
      const stop = next < 0 ? d : pos + 1 + next;
      garbage.push({ start: pos, end: stop });
      pos = stop;
      continue;
    }
    const end = d + 1;
    const seg = latin1(buf.subarray(pos, d));
    const at = messageStart(seg);
    if (at < 0 || at === seg.length) {
      garbage.push({ start: pos, end });
    } else {
      if (at > 0) garbage.push({ start: pos, end: pos + at });
      frames.push({ start: pos + at, end });
    }
    pos = end;
  }
  return { frames, garbage, consumed: pos };
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const text = latin1(b.subarray(0, Math.min(b.length, MAX_FRAME)));
  const ev: Evidence[] = [];
  let imei: string | undefined;
  let rest = '';
  let m: RegExpExecArray | null;
  if ((m = /^##,imei:(\d+),/.exec(text))) {
    ev.push({ text: "login '##,imei:'", weight: 1.8 });
    imei = m[1];
  } else if ((m = /^(\d{15})?imei:(\d{6,20}),([^,;*]*)/.exec(text))) {
    ev.push({ text: m[1] ? "heartbeat IMEI + 'imei:<digits>,'" : "starts with 'imei:<digits>,'", weight: 1.5 });
    imei = m[2];
    const kw = m[3]!;
    if (ALARM_KEYWORDS[kw] || kw === 'tracker' || kw === 'OBD' || /^(acc o|T:|oil)/.test(kw)) ev.push({ text: `known keyword '${kw}'`, weight: 0.3 });
    rest = text.slice(m[0].length);
  } else if ((m = /^(\d{15})(;|\r?\n|$)/.exec(text))) {
    ev.push({ text: 'bare IMEI heartbeat', weight: 0.7 });
    imei = m[1];
  } else {
    return { score: 0, evidence: [] };
  }
  if (imei?.length === 15) ev.push(luhnValid(imei) ? { text: `IMEI ${imei} passes Luhn`, weight: 0.4 } : { text: '15-digit IMEI (Luhn fails)', weight: 0.1 });
  if (/,[FL],/.test(rest.slice(0, 60)) && /,[AV],\d+\.\d+,[NS],\d+\.\d+,[EW]?,/.test(rest)) ev.push({ text: 'F, time, A/V and coordinates in place', weight: 0.5 });
  const delim = text.search(/[;*\n]/);
  if (delim >= 0) ev.push({ text: `'${text[delim] === '\n' ? '\\n' : text[delim]}' delimiter`, weight: 0.3 });
  return scoreEvidence(ev);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'gps103', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const text = latin1(frame);
  if (ctx?.direction === 'down' && decodeServerAnswer(r, text, out)) {
    if (ctx.deviceId) out.deviceId = ctx.deviceId;
    out.issues = collectIssues(out.tree);
    out.summary = out.messageType;
    return out;
  }
  let end = text.length;
  while (end > 0 && ';*\r\n'.includes(text[end - 1]!)) end--;
  const delim = text.slice(end);
  const c = new TextCursor(r, end);
  const hb = /^\d+/.exec(text.slice(0, end));
  if (hb && !text.startsWith('imei:', hb[0].length)) {
    out.messageType = 'heartbeat';
    out.deviceId = hb[0];
    const n = c.fixed(F.heartbeat, hb[0].length).node!;
    if (hb[0].length === 15 && !luhnValid(hb[0])) addIssue(n, issue('gps103.imei_luhn', 'protocol', 'info', `IMEI ${hb[0]} fails the Luhn check`));
  } else if (hb) {
    c.fixed(F.heartbeat, hb[0].length);
  }
  if (!c.done) {
    r.group(F.message, () => {
      if (text.startsWith(SERVER_MARK)) decodeServerCommand(c, out);
      else if (text.includes('imei:') && text.length <= 30) decodeLogin(c, out);
      else if (c.peek(/imei:\d+,/)) decodeReport(c, delim, out);
      else raw(c, 'no imei:<IMEI>, after the start');
    });
  }
  if (delim) r.node(F.delimiter, end, text.length, delim, JSON.stringify(delim));
  else if (ctx?.transport !== 'udp' && r.tree.length && out.messageType !== 'command') addIssue(r.tree[r.tree.length - 1]!, issue('gps103.missing_delimiter', 'malformed', 'warning', "frame does not end with ';' (or '*', '\\n')"));
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The rest of the message as one raw node with an undecoded issue. */
function raw(c: TextCursor, why: string): void {
  if (c.done) return;
  const n = c.fixed(F.body, c.end - c.pos).node!;
  addIssue(n, issue('gps103.body_not_decoded', 'undecoded', 'info', `message not decoded: ${why}`));
}

/** Values after the last field the layout knows; commas alone need no node. */
function extra(c: TextCursor, what: string): void {
  if (c.done || /^[,\s]*$/.test(c.rest)) {
    c.pos = c.end;
    return;
  }
  const n = c.fixed(F.extra, c.end - c.pos).node!;
  addIssue(n, issue('gps103.extra_not_decoded', 'undecoded', 'info', `${what} not decoded`));
}

/** `[##,]imei:<imei>,<field>…` up to 30 characters: the login the server answers with LOAD. */
function decodeLogin(c: TextCursor, out: DecodedFrame): void {
  out.messageType = 'login';
  c.groups(/(?<mark>##),/, { mark: F.login_marker });
  const id = c.groups(/(?<pfx>imei:)(?<imei>\d*)/, { pfx: F.imei_prefix, imei: F.imei });
  if (!id) return raw(c, "login without 'imei:'");
  if (id.g.imei) out.deviceId = id.g.imei;
  while (!c.done) {
    c.eat(',');
    c.field(F.login_field, ',');
  }
}

function decodeReport(c: TextCursor, delim: string, out: DecodedFrame): void {
  const id = c.groups(/(?<pfx>imei:)(?<imei>\d+),/, { pfx: F.imei_prefix, imei: F.imei })!;
  out.deviceId = id.g.imei;
  const kw = c.peek(/[^,]*/)![0];
  if (kw.startsWith('vr')) {
    out.messageType = 'photo';
    const n = c.fixed(F.photo, c.end - c.pos).node!;
    addIssue(n, issue('gps103.photo_not_decoded', 'undecoded', 'info', 'photo packet: index and JPEG data in hex'));
    return;
  }
  if (kw === 'OBD') return decodeObd(c, out);
  if (delim.includes('*')) return decodeAlternative(c, out);
  decodeRegular(c, out);
}

const LOCAL_TIME = /^(\d\d)\/?(\d\d)\/?(\d\d) ?(\d\d):?(\d\d)(\d\d)?$/;
const UTC_TIME = /^(\d\d)(\d\d)(\d\d)(?:\.\d+)?$/;
const COORD = /^\d+\.\d+$/;

/** `<keyword>,<local time>,<phone>,F,<utc>,A,<lat>,N,<lon>,E,<speed>,<course>,<alt>,<acc>,<door>,<fuel1%>,<fuel2>,<temp>`. */
function decodeRegular(c: TextCursor, out: DecodedFrame): void {
  const a = out.attributes;
  const kw = c.field(F.keyword, ',', { display: (t) => (keywordAlarm(t) ? `${t} (alarm ${keywordAlarm(t)})` : t) }).text;
  out.messageCode = kw;
  const alarm = keywordAlarm(kw);
  if (alarm) a.alarm = alarm;
  if (kw === 'acc on') a.ignition = true;
  else if (kw === 'acc off') a.ignition = false;
  else if (kw.startsWith('T:') && num(kw.slice(2)) !== undefined) a.temp1 = Number(kw.slice(2));
  else if (kw.startsWith('oil ') && num(kw.slice(4)) !== undefined) a.fuel = Number(kw.slice(4));
  else if (!alarm && kw !== 'tracker' && kw !== '') a.event = kw;
  const lt = c.field(F.local_time, ',', { display: (t) => showLocal(t) });
  const phone = c.field(F.phone, ',');
  if (kw === 'rfid' && phone.text) a.driverUniqueId = phone.text;
  const flag = c.field(F.gps_flag, ',', { display: (t) => (t === 'F' ? 'F (fix follows)' : t === 'L' ? 'L (no fix, cell follows)' : t) });
  if (flag.text === 'L') {
    out.messageType = alarm ? 'alarm' : 'lbs';
    c.r.group(F.cell, () => {
      c.groups(/,,(?<lac>[0-9A-Fa-f]+),,(?<cid>[0-9A-Fa-f]+)/, {
        lac: [CELL.lac, { value: (t) => parseInt(t, 16), display: (t) => `${parseInt(t, 16)} (0x${t})` }],
        cid: [CELL.cid, { value: (t) => parseInt(t, 16), display: (t) => `${parseInt(t, 16)} (0x${t})` }],
      });
    });
    return extra(c, 'values after the cell');
  }
  if (flag.text !== 'F') {
    if (flag.node) addIssue(flag.node, issue('gps103.bad_gps_flag', 'protocol', 'warning', `GPS signal flag '${flag.text}' is neither F nor L`));
    return extra(c, 'values after an unknown GPS flag');
  }
  out.messageType = alarm ? 'alarm' : 'location';
  c.r.group(F.location, () => {
    const utc = c.field(LOC.utc_time, ',', { display: (t) => (UTC_TIME.test(t) ? `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)} UTC` : `${t} (not hhmmss)`) });
    const valid = c.field(LOC.validity, ',', { display: (t) => (t === 'A' ? 'A (valid fix)' : t === 'V' ? 'V (no valid fix)' : t) });
    const before = !!c.peek(/[NS],/);
    let latHem: string | undefined;
    let lonHem: string | undefined;
    if (before) latHem = c.field(LOC.lat_hemisphere).text;
    const lat = c.field(LOC.latitude, ',', { display: (t) => `${t} (ddmm.mmmm)` });
    if (!before) latHem = c.field(LOC.lat_hemisphere).text;
    if (before && c.peek(/[EW],/)) lonHem = c.field(LOC.lon_hemisphere).text;
    const lon = c.field(LOC.longitude, ',', { display: (t) => `${t} (dddmm.mmmm)` });
    if (!before) lonHem = c.field(LOC.lon_hemisphere).text;
    const f = c.seq(REGULAR_TAIL);
    if (f.ignition !== undefined) a.ignition = f.ignition === '1';
    if (f.door !== undefined) a.door = f.door === '1';
    if (f.fuel1 !== undefined) a.fuel1 = parseFloat(f.fuel1);
    if (f.fuel2?.endsWith('%')) a.fuel2 = parseFloat(f.fuel2);
    if (f.temp !== undefined) a.temp1 = parseInt(f.temp, 10);
    extra(c, 'values after the temperature');

    const latDeg = COORD.test(lat.text) ? nmeaDegrees(lat.text, latHem) : null;
    const lonDeg = COORD.test(lon.text) ? nmeaDegrees(lon.text, lonHem) : null;
    if (latDeg === null || lonDeg === null || !validLatLon(latDeg, lonDeg)) {
      const n = lat.node ?? lon.node ?? flag.node;
      if (n) addIssue(n, issue('gps103.bad_coordinates', 'protocol', 'warning', 'coordinates missing or out of range'));
      return;
    }
    const time = reportTime(lt.text, utc.text);
    if (!time?.ok) {
      const n = lt.node ?? flag.node;
      if (n) addIssue(n, issue('gps103.bad_time', 'protocol', 'warning', time ? `local time '${lt.text}' is out of range; read as ${time.iso}` : `local time '${lt.text}' is not a date`));
      if (!time) return;
    }
    const pos: Position = { time: time.iso, valid: valid.text === 'A', lat: round(latDeg), lon: round(lonDeg) };
    if (f.speed !== undefined) pos.speedKnots = Number(f.speed);
    if (f.course !== undefined) pos.course = Number(f.course);
    if (f.altitude !== undefined) pos.altitude = Number(f.altitude);
    out.positions.push(pos);
  });
}

const REGULAR_TAIL: readonly SeqField[] = [
  { key: 'speed', def: LOC.speed, re: /^\d+\.?\d*$/, opts: { value: num, display: (t) => `${t} kn` } },
  { key: 'course', def: LOC.course, re: /^\d+\.?\d*$/, opts: { value: num, display: (t) => `${t}°` } },
  { key: 'altitude', def: LOC.altitude, re: /^-?\d+\.?\d*$/, opts: { value: num, display: (t) => `${t} m` } },
  { key: 'ignition', def: LOC.ignition, re: /^[01]$/, opts: { value: num, display: (t) => (t === '1' ? '1 (on)' : '0 (off)') } },
  { key: 'door', def: LOC.door, re: /^[01]$/, opts: { value: num, display: (t) => (t === '1' ? '1 (open)' : '0 (closed)') } },
  { key: 'fuel1', def: LOC.fuel1, re: /^\d+\.\d+%$/ },
  { key: 'fuel2', def: LOC.fuel2, re: /^(\d+\.\d+%|\d+)$/ },
  { key: 'temp', def: LOC.temperature, re: /^[-+]?\d+$/, opts: { value: num, display: (t) => `${Number(t)} °C` } },
];

/**
 * Fix time: the local date and hh:mm with the UTC seconds, shifted by the zone the local and UTC
 * hh:mm differ by (within ±12 h); without a UTC time the local time is taken as UTC.
 */
function reportTime(local: string, utc: string): { iso: string; ok: boolean } | null {
  const l = LOCAL_TIME.exec(local);
  if (!l) return null;
  const [y, mo, d, lh, lm] = l.slice(1, 6).map(Number) as [number, number, number, number, number];
  const u = UTC_TIME.exec(utc);
  if (!u) return calendarTime(y, mo, d, lh, lm, 0);
  const [uh, um, us] = u.slice(1, 4).map(Number) as [number, number, number];
  let delta = (lh - uh) * 60 + (lm - um);
  if (delta <= -12 * 60) delta += 24 * 60;
  else if (delta > 12 * 60) delta -= 24 * 60;
  return calendarTime(y, mo, d, lh, lm, us, 0, delta);
}

function showLocal(t: string): string {
  const l = LOCAL_TIME.exec(t);
  if (!l) return `${t} (not a date)`;
  return `20${l[1]}-${l[2]}-${l[3]} ${l[4]}:${l[5]}${l[6] ? `:${l[6]}` : ''} (device zone)`;
}

const OBD_FIELDS: readonly SeqField[] = [
  { key: 'time', def: F.local_time, re: /^\d{12}$/, opts: { display: (t) => `20${t.slice(0, 2)}-${t.slice(2, 4)}-${t.slice(4, 6)} ${t.slice(6, 8)}:${t.slice(8, 10)}:${t.slice(10, 12)}` } },
  { key: 'odometer', def: OBD.odometer, re: /^\d+$/, opts: { value: num } },
  { key: 'instant', def: OBD.fuel_instant, re: /^\d+\.\d+$/, opts: { value: num } },
  { key: 'average', def: OBD.fuel_average, re: /^\d+\.\d+$/, opts: { value: num } },
  { key: 'hours', def: OBD.hours, re: /^\d+$/, opts: { value: num } },
  { key: 'speed', def: OBD.speed, re: /^\d+$/, opts: { value: num } },
  { key: 'load', def: OBD.load, re: /^\d+\.?\d*%$/ },
  { key: 'coolant', def: OBD.coolant, re: /^[-+]?\d*$/, opts: { value: num } },
  { key: 'throttle', def: OBD.throttle, re: /^\d+\.?\d*%$/ },
  { key: 'rpm', def: OBD.rpm, re: /^\d+$/, opts: { value: num } },
  { key: 'battery', def: OBD.battery, re: /^\d+\.\d+$/, opts: { value: num, display: (t) => `${t} V` } },
];

/** `OBD,<yymmddhhmmss>,<odometer>,<fuel instant>,<fuel avg>,<hours>,<speed>,<load%>,<coolant>,<throttle%>,<rpm>,<battery>,<DTCs…>`. */
function decodeObd(c: TextCursor, out: DecodedFrame): void {
  out.messageType = 'obd';
  out.messageCode = 'OBD';
  c.field(F.keyword);
  const a = out.attributes;
  c.r.group(F.obd, () => {
    const f = c.seq(OBD_FIELDS);
    if (f.odometer !== undefined) a.odometer = Number(f.odometer);
    if (f.average !== undefined) a.fuelConsumption = Number(f.average);
    if (f.hours !== undefined) a.hours = Number(f.hours) * 3_600_000;
    if (f.speed !== undefined) a.obdSpeed = Number(f.speed);
    if (f.load !== undefined) a.engineLoad = f.load;
    if (f.coolant !== undefined && /\d/.test(f.coolant)) a.coolantTemp = parseInt(f.coolant, 10);
    if (f.throttle !== undefined) a.throttle = f.throttle;
    if (f.rpm !== undefined) a.rpm = Number(f.rpm);
    if (f.battery !== undefined) a.battery = Number(f.battery);
    if (f.battery !== undefined && !c.done && !/^[,\s]*$/.test(c.rest)) {
      const dtcs = c.rest.replace(/,+$/, '');
      c.node(OBD.dtcs, c.pos, c.pos + dtcs.length);
      a.dtcs = dtcs.replace(/,/g, ' ').trim();
      c.pos = c.end;
    }
    extra(c, 'OBD values after an unexpected field');
  });
}

const NONE = /^-+$/;
const noneOr = (t: string) => (NONE.test(t) ? 'none' : t);
const ALT_FIELDS: readonly SeqField[] = [
  { key: 'event', def: ALT.event, re: /./, opts: { display: noneOr } },
  { key: 'sensorId', def: ALT.sensor_id, re: /./, opts: { display: noneOr } },
  { key: 'sensorVoltage', def: ALT.sensor_voltage, re: /^(-+|\d+(\.\d+)?)$/, opts: { display: noneOr } },
  { key: 'time', def: ALT.time, re: /^\d{6}$/, opts: { display: (t) => `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}` } },
  { key: 'date', def: ALT.date, re: /^\d{6}$/, opts: { display: (t) => `20${t.slice(4, 6)}-${t.slice(2, 4)}-${t.slice(0, 2)}` } },
  { key: 'rssi', def: ALT.rssi, re: /^\d+$/, opts: { value: num } },
  { key: 'status', def: ALT.gps_status, re: /^\d$/, opts: { value: num } },
  { key: 'lat', def: ALT.latitude, re: /^-?\d+\.\d+$/, opts: { value: num } },
  { key: 'lon', def: ALT.longitude, re: /^-?\d+\.\d+$/, opts: { value: num } },
  { key: 'speed', def: ALT.speed, re: /^\d+$/, opts: { value: num, display: (t) => `${Number(t)} km/h` } },
  { key: 'course', def: ALT.course, re: /^\d+$/, opts: { value: num } },
  { key: 'altitude', def: ALT.altitude, re: /^-?\d+$/, opts: { value: num } },
  { key: 'hdop', def: ALT.hdop, re: /^\d+\.\d+$/, opts: { value: num } },
  { key: 'sat', def: ALT.satellites, re: /^\d+$/, opts: { value: num } },
  { key: 'ignition', def: ALT.ignition, re: /^[01]$/, opts: { value: num } },
  { key: 'charge', def: ALT.charge, re: /^[01]$/, opts: { value: num } },
  { key: 'error', def: ALT.error, re: /./, opts: { display: noneOr } },
];

/** `<name>,<event>,<sensor id>,<sensor V>,hhmmss,ddmmyy,<rssi>,<fix>,<lat>,<lon>,<km/h>,<course>,<alt>,<hdop>,<sats>,<acc>,<charge>,<error>,*`. */
function decodeAlternative(c: TextCursor, out: DecodedFrame): void {
  out.messageType = 'location';
  const a = out.attributes;
  c.field(ALT.name);
  c.r.group(F.alt, () => {
    const f = c.seq(ALT_FIELDS);
    if (f.event && !NONE.test(f.event)) a.event = f.event;
    if (f.sensorId && !NONE.test(f.sensorId)) a.sensorId = f.sensorId;
    if (f.sensorVoltage && !NONE.test(f.sensorVoltage)) a.sensorVoltage = Number(f.sensorVoltage);
    if (f.rssi !== undefined) a.rssi = Number(f.rssi);
    if (f.hdop !== undefined) a.hdop = Number(f.hdop);
    if (f.sat !== undefined) a.sat = Number(f.sat);
    if (f.ignition !== undefined) a.ignition = f.ignition === '1';
    if (f.charge !== undefined) a.charge = f.charge === '1';
    if (f.error && !NONE.test(f.error)) a.error = f.error;
    extra(c, 'values after the error field');
    if (f.time === undefined || f.date === undefined || f.lat === undefined || f.lon === undefined) return;
    const [hh, mi, ss] = [0, 2, 4].map((i) => Number(f.time!.slice(i, i + 2))) as [number, number, number];
    const [dd, mo, yy] = [0, 2, 4].map((i) => Number(f.date!.slice(i, i + 2))) as [number, number, number];
    const when = calendarTime(yy, mo, dd, hh, mi, ss);
    const lat = Number(f.lat);
    const lon = Number(f.lon);
    if (!when || !validLatLon(lat, lon)) return;
    const pos: Position = { time: when.iso, valid: Number(f.status ?? 0) > 0, lat, lon };
    if (f.speed !== undefined) pos.speedKnots = round(kmhToKnots(Number(f.speed)));
    if (f.course !== undefined) pos.course = Number(f.course);
    if (f.altitude !== undefined) pos.altitude = Number(f.altitude);
    if (f.sat !== undefined) pos.satellites = Number(f.sat);
    out.positions.push(pos);
  });
}

export function respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const text = latin1(frame);
  if (text.includes('imei:') && text.length <= 30) return ascii('LOAD');
  if (/^\d/.test(text)) return ascii('ON');
  if (decoded.messageCode === 'help me' && decoded.deviceId) return ascii(`**,imei:${decoded.deviceId},E;`);
  return null;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  const kw = d.messageCode && d.messageCode !== 'tracker' && !alarm ? ` ${d.messageCode}` : '';
  if (p) return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${alarm}${kw}`;
  if (d.messageType === 'login' || d.messageType === 'heartbeat') return `${d.messageType} ${d.deviceId ?? ''}`.trim();
  if (d.messageType === 'command' && typeof d.attributes.command === 'string') return `server: ${d.attributes.command}`;
  return `${d.messageType}${alarm}${kw}`;
}

export const gps103: ProtocolDescriptor = {
  id: 'gps103',
  name: 'GPS103 (Coban)',
  transports: ['tcp', 'udp'],
  defaultPort: 5001,
  detect,
  split,
  decode,
  respond,
  commands,
};
