/**
 * Xexun (TK102, TK102-2, TK103-2 and clones) GPRMC text reports, two forms:
 * - simple: `GPRMC,hhmmss.sss,A,ddmm.mmmm,N,dddmm.mmmm,E,<speed kn>,<course>,ddmmyy,,,A*<cs>,<F|L>,
 *   [<alarm text>,][ ]imei:<IMEI>,`
 * - full: `<serial yymmddhhmmss>,<phone>,` + the simple report + `<satellites>,<altitude>,
 *   <F|L>:<volts>V[/ADC1=…V/ADC2=…V],<0|1>,<length>,<crc>,<mcc>,<mnc>,<lac>,<cid>[,<km>km]` and a line
 *   end (`\n\r` on the wire, a firmware quirk); without a fix the sentence is left empty.
 * The server answers nothing. Spec: the vendor manual ("Serial number + authorized number + GPRMC +
 * GPS signal indicator + command + IMEI number + CRC16 checksum"); field layout, alarm texts and the
 * stream cutting (from `GPRMC`/`GNRMC` to the comma after `imei:<digits>`) checked against Traccar's
 * XexunProtocolDecoder/XexunFrameDecoder and their tests (shared/corpus/frames.jsonl). The length
 * field (bytes before it) was worked out from those frames.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, FieldValue, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import type { FieldDef } from '../core/fields';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { latin1, luhnValid } from '../core/bytes';
import { nmeaChecksum } from '../core/checksum';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, isoTime, nmeaDegrees, round, validLatLon } from '../core/units';
import { BAT, F, RMC, STATUS_TEXTS } from './fields';

/** Longest report the splitter waits for before it gives up on a sentence start (full reports run to ~200 bytes). */
const MAX_FRAME = 512;
const COMMA = 0x2c;

// ---------------------------------------------------------------------------------------------
// Framing

const SENTENCES = ['GPRMC', 'GNRMC'].map((s) => Array.from(s, (c) => c.charCodeAt(0)));
const IMEI_KEY = Array.from('imei:', (c) => c.charCodeAt(0));

function matchAt(b: Uint8Array, at: number, pat: readonly number[]): boolean {
  if (at + pat.length > b.length) return false;
  for (let j = 0; j < pat.length; j++) if (b[at + j] !== pat[j]) return false;
  return true;
}

/** Offset of the next `GPRMC`/`GNRMC` at or after `from` (before `to`), or -1. */
function nextSentence(b: Uint8Array, from: number, to = b.length): number {
  for (let i = from; i < to; i++) if (b[i] === 0x47 && SENTENCES.some((s) => matchAt(b, i, s))) return i;
  return -1;
}

/** Length of a sentence-id prefix (`G`, `GP`, `GNR`…) that ends the buffer, 0 when none. */
function partialSentenceTail(b: Uint8Array): number {
  for (let n = Math.min(4, b.length); n > 0; n--) {
    const at = b.length - n;
    if (SENTENCES.some((s) => s.slice(0, n).every((c, j) => b[at + j] === c))) return n;
  }
  return 0;
}

/**
 * Reports out of a stream, cut as the reference server's frame decoder cuts them: from the sentence
 * id to the comma after `imei:<digits>`. The full format's leading serial/phone and trailing fields
 * fall between two such cuts and are reported as garbage once the next sentence (or `final`) shows
 * where they end (a server configured for the full format reads whole lines instead; `decode` reads
 * both forms).
 */
export function split(buf: Uint8Array, final = false): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    if (end <= start) return;
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else garbage.push({ start, end });
  };
  let pos = 0;
  while (pos < buf.length) {
    const h = nextSentence(buf, pos);
    if (h < 0) {
      // Bytes outside a report (a full report's head and tail) are held until the next sentence,
      // so they come out as one piece however TCP chunks them; an idle link or MAX_FRAME releases them.
      if (final || buf.length - pos > MAX_FRAME) {
        const keep = partialSentenceTail(buf.subarray(pos));
        junk(pos, buf.length - keep);
        pos = buf.length - keep;
      }
      break;
    }
    junk(pos, h);
    pos = h;
    const limit = Math.min(buf.length, h + MAX_FRAME);
    let key = -1;
    for (let i = h + 5; i < limit; i++) if (buf[i] === 0x69 && matchAt(buf, i, IMEI_KEY)) {
      key = i;
      break;
    }
    // A second sentence before any imei: means the first report was cut short: resynchronise there.
    const again = nextSentence(buf, h + 5, key >= 0 ? key : limit);
    if (again >= 0) {
      junk(h, again);
      pos = again;
      continue;
    }
    let end = -1;
    if (key >= 0) for (let i = key + IMEI_KEY.length; i < limit; i++) if (buf[i] === COMMA) {
      end = i + 1;
      break;
    }
    if (end > 0) {
      frames.push({ start: h, end });
      pos = end;
      continue;
    }
    if (buf.length - h < MAX_FRAME) break; // may still complete
    junk(h, h + 5);
    pos = h + 5;
  }
  return { frames, garbage, consumed: pos };
}

// ---------------------------------------------------------------------------------------------
// Detection

/** The NMEA checksum of the sentence starting at `at` as [on the wire, computed], or null. */
function sentenceChecksum(b: Uint8Array, text: string, at: number): [string, string] | null {
  const star = text.indexOf('*', at);
  if (star < 0 || star - at > 160) return null;
  const wire = text.slice(star + 1, star + 3);
  if (!/^[0-9A-Fa-f]{2}$/.test(wire)) return null;
  return [wire.toUpperCase(), nmeaChecksum(b, at, star)];
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const text = latin1(b.subarray(0, Math.min(b.length, MAX_FRAME)));
  const ev: Evidence[] = [];
  let at = -1;
  let m: RegExpExecArray | null;
  if (/^G[PN]RMC,/.test(text)) {
    ev.push({ text: "starts with an RMC sentence without '$' (GPRMC,…)", weight: 1 });
    at = 0;
  } else if ((m = /^(\d{6,14})?,[^,]{0,32},G[PN]RMC,/.exec(text))) {
    ev.push({ text: `${m[1] ? 'serial (device date-time), ' : ''}phone number, then GPRMC sentence (full format)`, weight: m[1] ? 1.2 : 0.9 });
    at = m[0].length - 6;
  } else if ((m = /^(\d{6,14})?,[^,]{0,32},[^,]*,[FL],[^,]*, ?imei:\d{6,20},\d*,(-?\d+(\.\d+)?)?,[FL]:\d+(\.\d+)?V/.exec(text))) {
    ev.push({ text: 'full-format report without a fix: signal, imei:, satellites, altitude, battery F:…V', weight: 1.4 });
  } else {
    return { score: 0, evidence: [] };
  }
  if (at >= 0) {
    const rest = text.slice(at);
    if (/^G[PN]RMC,(\d{6}(\.\d+)?)?,[AV],\d*\.?\d+,[NS],\d*\.?\d+,[EW]?,/.test(rest)) ev.push({ text: 'RMC time, status and coordinates in place', weight: 0.5 });
    const cs = sentenceChecksum(b, text, at);
    if (cs) ev.push(cs[0] === cs[1] ? { text: `NMEA checksum ${cs[0]} ok`, weight: 1 } : { text: `NMEA checksum ${cs[0]} (computed ${cs[1]})`, weight: 0 });
    if (/\*[0-9A-Fa-f]{2}(\r\n)?,[FL],/.test(rest)) ev.push({ text: 'GPS signal F/L after the sentence', weight: 0.3 });
  }
  const imei = /imei:(\d+),/.exec(text.slice(Math.max(at, 0)));
  if (imei) {
    ev.push({ text: "'imei:<digits>,' after the sentence", weight: 0.6 });
    if (imei[1]!.length === 15 && luhnValid(imei[1]!)) ev.push({ text: `IMEI ${imei[1]} passes Luhn`, weight: 0.3 });
  }
  const len = /,[FL]:[^,]*V[^,]*,\d,(\d+),/.exec(text);
  if (len && Number(len[1]) === len.index + len[0].length - len[1]!.length - 1) ev.push({ text: `length field ${len[1]} matches the bytes before it`, weight: 0.5 });
  return scoreEvidence(ev);
}

// ---------------------------------------------------------------------------------------------
// Decoding

interface Tok {
  text: string;
  start: number;
  end: number;
}

/** Comma-separated fields of text[from, to). */
function tokenize(text: string, from: number, to: number): Tok[] {
  const out: Tok[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === COMMA) {
      out.push({ text: text.slice(s, i), start: s, end: i });
      s = i + 1;
    }
  }
  return out;
}

/** A leaf over a field's text (nothing for an absent or empty field). */
function leaf(r: FieldReader, def: FieldDef, t: Tok | undefined, value?: FieldValue, display?: string): FieldNode | undefined {
  if (!t || t.start === t.end) return undefined;
  return r.node(def, t.start, t.end, value === undefined ? t.text : value, display);
}

/** A group node over [from, to) whose children `fn` adds (inside `fn`, `r.last` starts as the group). */
function groupOver(r: FieldReader, def: FieldDef, from: number, to: number, fn: () => void): FieldNode {
  r.pos = from;
  const { node } = r.group(def, () => {
    fn();
    r.pos = to;
  });
  return node;
}

/** A leaf that must fit `re`; flagged when it does not. */
function checked(r: FieldReader, def: FieldDef, t: Tok | undefined, re: RegExp, value?: (s: string) => FieldValue, display?: (s: string) => string): FieldNode | undefined {
  if (!t || t.start === t.end) return undefined;
  const fits = re.test(t.text);
  const n = leaf(r, def, t, fits && value ? value(t.text) : t.text, fits && display ? display(t.text) : undefined)!;
  if (!fits) addIssue(n, issue('xexun.bad_field', 'malformed', 'warning', `${def.label}: '${t.text}' is not of the expected form`));
  return n;
}

const number = (s: string) => Number(s);
const hexText = (s: string) => `0x${s.toUpperCase()} (${parseInt(s, 16)})`;

interface Fix {
  time?: [number, number, number, number];
  date?: [number, number, number];
  valid: boolean;
  lat: number | null;
  lon: number | null;
  speed?: number;
  course?: number;
}

/** The RMC sentence toks[g..last] (s: the token with `*`, which is `last`, or -1): its fields and checksum. */
function decodeSentence(r: FieldReader, frame: Uint8Array, toks: Tok[], g: number, s: number, last: number, group: FieldNode): Fix {
  const fix: Fix = { valid: false, lat: null, lon: null };
  const field = (i: number) => (i <= last && i !== s ? toks[i] : undefined);
  leaf(r, RMC.talker, toks[g]);
  const timeT = field(g + 1);
  if (timeT && timeT.text) {
    const m = /^(\d\d)(\d\d)(\d\d)(?:\.(\d*))?$/.exec(timeT.text);
    const ok = m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 61;
    const n = leaf(r, RMC.time, timeT, ok ? `${m[1]}:${m[2]}:${m[3]}${m[4] ? `.${m[4]}` : ''}` : timeT.text)!;
    if (ok) fix.time = [Number(m[1]), Number(m[2]), Number(m[3]), Math.floor(Number(`0.${m[4] || '0'}`) * 1000)];
    else addIssue(n, issue('xexun.bad_time', 'malformed', 'warning', `time '${timeT.text}' is not hhmmss[.sss]`));
  }
  const statusT = field(g + 2);
  const st = leaf(r, RMC.status, statusT, statusT?.text, statusT?.text === 'A' ? 'A (valid fix)' : statusT?.text === 'V' ? 'V (not valid)' : undefined);
  fix.valid = statusT?.text === 'A';
  if (st && !/^[AV]$/.test(statusT!.text)) addIssue(st, issue('xexun.bad_status', 'malformed', 'warning', `status '${statusT!.text}' is not A or V`));
  const coordinate = (valT: Tok | undefined, hemT: Tok | undefined, def: FieldDef, hemDef: FieldDef, hemis: string, max: number): number | null => {
    const h = hemT?.text ?? '';
    const v = valT && valT.text ? nmeaDegrees(valT.text, h) : null;
    const ok = v !== null && Math.abs(v) <= max;
    const vn = leaf(r, def, valT, ok ? round(v) : valT?.text, ok ? `${v.toFixed(6)}° (${valT!.text})` : undefined);
    const hn = leaf(r, hemDef, hemT);
    if (vn && !ok) addIssue(vn, issue('xexun.bad_coordinate', 'malformed', 'warning', `'${valT!.text}' is not a coordinate`));
    if (h !== '' && !hemis.includes(h)) addIssue(hn!, issue('xexun.bad_hemisphere', 'malformed', 'warning', `hemisphere '${h}' is not ${hemis.split('').join('/')}`));
    return ok ? v : null;
  };
  fix.lat = coordinate(field(g + 3), field(g + 4), RMC.latitude, RMC.lat_hemisphere, 'NS', 90);
  if (fix.lat !== null && !field(g + 4)?.text) {
    addIssue(group, issue('xexun.bad_hemisphere', 'malformed', 'warning', 'latitude hemisphere missing'));
    fix.lat = null;
  }
  fix.lon = coordinate(field(g + 5), field(g + 6), RMC.longitude, RMC.lon_hemisphere, 'EW', 180);
  const speed = checked(r, RMC.speed, field(g + 7), /^\d+(\.\d*)?$/, number, (t) => `${Number(t)} kn (${round(Number(t) * KMH_PER_KNOT, 1)} km/h)`);
  if (speed && typeof speed.value === 'number') fix.speed = speed.value;
  const course = checked(r, RMC.course, field(g + 8), /^\d+(\.\d*)?$/, number, (t) => `${Number(t)}°`);
  if (course && typeof course.value === 'number') fix.course = course.value;
  const dateT = field(g + 9);
  if (dateT && dateT.text) {
    const m = /^(\d\d)(\d\d)(\d\d)$/.exec(dateT.text);
    const ok = m && Number(m[1]) >= 1 && Number(m[1]) <= 31 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
    const n = leaf(r, RMC.date, dateT, ok ? `20${m[3]}-${m[2]}-${m[1]}` : dateT.text)!;
    if (ok) fix.date = [Number(m[1]), Number(m[2]), Number(m[3])];
    else addIssue(n, issue('xexun.bad_date', 'malformed', 'warning', `date '${dateT.text}' is not ddmmyy`));
  }
  for (let i = g + 10; i < last; i++) leaf(r, i === g + 10 ? RMC.variation : i === g + 11 && /^[EW]$/.test(toks[i]!.text) ? RMC.variation_dir : RMC.extra, toks[i]);
  if (s < 0) {
    if (last < g + 9) addIssue(group, issue('xexun.short_sentence', 'malformed', 'warning', 'the RMC sentence ends before its date'));
    addIssue(group, issue('xexun.no_checksum', 'malformed', 'warning', "the RMC sentence has no '*' checksum"));
    return fix;
  }
  if (s < g + 10) addIssue(group, issue('xexun.short_sentence', 'malformed', 'warning', `the RMC sentence has ${s - g - 1} fields before its checksum, 9 expected`));
  const t = toks[s]!;
  const star = t.text.indexOf('*');
  if (star > 0) leaf(r, RMC.mode, { text: t.text.slice(0, star), start: t.start, end: t.start + star });
  const after = t.text.slice(star + 1);
  const cs = /^[0-9A-Fa-f]{2}/.exec(after);
  let rest = t.start + star + 1;
  if (cs) {
    const wire = cs[0].toUpperCase();
    const computed = nmeaChecksum(frame, toks[g]!.start, t.start + star);
    const n = r.node(RMC.checksum, rest, rest + 2, wire, `0x${wire}`);
    r.add({ id: RMC.checksum_computed.id, label: RMC.checksum_computed.label, start: n.start, end: n.end, value: computed, display: `0x${computed}`, generated: true });
    if (computed !== wire) addIssue(n, issue('xexun.checksum_incorrect', 'checksum', 'warning', `NMEA checksum on the wire ${wire}, computed ${computed}`));
    rest += 2;
  } else {
    addIssue(group, issue('xexun.no_checksum', 'malformed', 'warning', "no two hex digits after '*'"));
  }
  if (rest < t.end) {
    const tail = { text: t.text.slice(rest - t.start), start: rest, end: t.end };
    if (/^[\r\n]+$/.test(tail.text)) leaf(r, RMC.line_end, tail, tail.text, JSON.stringify(tail.text));
    else leaf(r, RMC.extra, tail);
  }
  return fix;
}

/** The `imei:` token: keyword and digits (text before the keyword, other than spaces, is shown apart). */
function decodeImei(r: FieldReader, t: Tok, out: DecodedFrame): void {
  const k = t.text.indexOf('imei:');
  const lead = t.text.slice(0, k);
  if (lead.trim()) leaf(r, F.extra, { text: lead, start: t.start, end: t.start + k });
  r.node(F.imei_key, t.start + k, t.start + k + 5, 'imei:');
  const digits = /^\d*/.exec(t.text.slice(k + 5))![0];
  const at = t.start + k + 5;
  if (digits) {
    const n = r.node(F.imei, at, at + digits.length, digits);
    out.deviceId = digits;
    if (digits.length === 15 && !luhnValid(digits)) addIssue(n, issue('xexun.imei_luhn', 'protocol', 'info', `IMEI ${digits} fails the Luhn check`));
  } else {
    addIssue(r.last!, issue('xexun.no_imei', 'malformed', 'warning', "no digits after 'imei:'"));
  }
  if (at + digits.length < t.end) leaf(r, F.extra, { text: t.text.slice(k + 5 + digits.length), start: at + digits.length, end: t.end });
}

/** `<F|L>:<volts>V[/ADCn=<volts>V…]` as a group; sets power and adcN. */
function decodeBattery(r: FieldReader, t: Tok, out: DecodedFrame): void {
  groupOver(r, F.battery, t.start, t.end, () => {
    let at = t.start;
    t.text.split('/').forEach((part, i) => {
      const p: Tok = { text: part, start: at, end: at + part.length };
      at = p.end + 1;
      if (i === 0) {
        const m = /^([FL]):(\d+(?:\.\d+)?)V$/.exec(part);
        if (!m) return void checked(r, BAT.extra, p, /^$/);
        leaf(r, BAT.level, { text: m[1]!, start: p.start, end: p.start + 1 }, m[1], m[1] === 'F' ? 'F (full)' : 'L (low)');
        leaf(r, BAT.voltage, { text: part.slice(2), start: p.start + 2, end: p.end }, Number(m[2]), `${Number(m[2])} V`);
        out.attributes.power = Number(m[2]);
        return;
      }
      const adc = /^ADC([12])=(\d+(?:\.\d+)?)V$/.exec(part);
      if (adc) {
        leaf(r, adc[1] === '1' ? BAT.adc1 : BAT.adc2, p, Number(adc[2]), `${Number(adc[2])} V`);
        out.attributes[`adc${adc[1]}`] = Number(adc[2]);
      } else leaf(r, BAT.extra, p);
    });
  });
}

/** The full format's fields after `imei:` (satellites … odometer); anything unexpected is shown as further values. */
function decodeTail(r: FieldReader, toks: Tok[], fix: { altitude?: number; satellites?: number }, out: DecodedFrame): void {
  if (toks.length < 3 || !/^[FL]:/.test(toks[2]!.text)) {
    for (const t of toks) leaf(r, F.extra, t);
    return;
  }
  const sat = checked(r, F.satellites, toks[0], /^\d+$/, number);
  if (typeof sat?.value === 'number') fix.satellites = out.attributes.sat = sat.value;
  const alt = checked(r, F.altitude, toks[1], /^-?\d+(\.\d+)?$/, number, (s) => `${Number(s)} m`);
  if (typeof alt?.value === 'number') fix.altitude = alt.value;
  decodeBattery(r, toks[2]!, out);
  checked(r, F.charge_flag, toks[3], /^\d$/, number);
  const len = checked(r, F.length, toks[4], /^\d+$/, number, (s) => `${s} bytes`);
  if (len && typeof len.value === 'number' && len.value !== toks[4]!.start) {
    addIssue(len, issue('xexun.length_mismatch', 'malformed', 'warning', `length field says ${len.value}, ${toks[4]!.start} bytes precede it`));
  }
  checked(r, F.crc, toks[5], /^\d+$/, number);
  checked(r, F.mcc, toks[6], /^\d+$/);
  checked(r, F.mnc, toks[7], /^\d+$/);
  checked(r, F.lac, toks[8], /^[0-9A-Fa-f]+$/, undefined, hexText);
  checked(r, F.cid, toks[9], /^[0-9A-Fa-f]+$/, undefined, hexText);
  const odo = checked(r, F.odometer, toks[10], /^\d+(\.\d+)?km$/, (s) => Number(s.slice(0, -2)), (s) => `${Number(s.slice(0, -2))} km`);
  if (typeof odo?.value === 'number') out.attributes.odometer = Math.round(odo.value * 1000);
  for (const t of toks.slice(11)) leaf(r, F.extra, t);
}

/** Alarm text → alarm / ignition as the reference server reads it. */
function statusText(r: FieldReader, t: Tok | undefined, out: DecodedFrame): void {
  if (!t || !t.text) return;
  const meaning = STATUS_TEXTS[t.text.trim().toLowerCase()];
  const shown = meaning?.alarm ? `${t.text} (alarm ${meaning.alarm})` : meaning?.ignition !== undefined ? `${t.text} (ignition ${meaning.ignition ? 'on' : 'off'})` : undefined;
  leaf(r, F.alarm, t, t.text, shown);
  if (meaning?.alarm) out.attributes.alarm = meaning.alarm;
  if (meaning?.ignition !== undefined) out.attributes.ignition = meaning.ignition;
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'xexun', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const text = latin1(frame);
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
  const toks = tokenize(text, 0, end);
  const g = toks.findIndex((t) => /^G[PN]RMC$/.test(t.text));
  const k = toks.findIndex((t, i) => i > g && t.text.includes('imei:'));
  if (g < 0 && k < 0) {
    if (end > 0) {
      const n = r.node(F.body, 0, end, text.slice(0, end));
      addIssue(n, issue('xexun.not_a_report', 'malformed', 'error', "neither a GPRMC sentence nor 'imei:' found"));
    }
  } else {
    const extra: { altitude?: number; satellites?: number } = {};
    let fix: Fix | undefined;
    groupOver(r, F.report, 0, end, () => {
      const before = k >= 0 ? k : toks.length;
      let signalAt = -1;
      if (g >= 0) {
        const pre = toks.slice(0, g);
        for (const t of pre.slice(0, -2)) leaf(r, F.extra, t);
        if (pre.length >= 2) serialAndPhone(r, pre[pre.length - 2], pre[pre.length - 1], out);
        else if (pre.length === 1) serialAndPhone(r, pre[0], undefined, out);
        let s = -1;
        for (let i = g; i < before; i++) if (toks[i]!.text.includes('*')) {
          s = i;
          break;
        }
        const last = s >= 0 ? s : Math.min(before - 1, g + 9);
        groupOver(r, F.rmc, toks[g]!.start, toks[last]!.end, () => {
          fix = decodeSentence(r, frame, toks, g, s, last, r.last!);
        });
        signalAt = last + 1 < before ? last + 1 : -1;
      } else {
        for (let i = k - 1; i >= Math.max(0, k - 3); i--) if (/^[FL]$/.test(toks[i]!.text)) {
          signalAt = i;
          break;
        }
        const pre = toks.slice(0, signalAt >= 0 ? signalAt : k);
        serialAndPhone(r, pre[0], pre[1], out);
        for (const t of pre.slice(2)) leaf(r, F.extra, t);
      }
      if (signalAt >= 0) {
        const sig = toks[signalAt]!;
        const n = leaf(r, F.signal, sig, sig.text, sig.text === 'F' ? 'F (full)' : sig.text === 'L' ? 'L (low)' : undefined);
        if (n && !/^[FL]$/.test(sig.text)) addIssue(n, issue('xexun.bad_field', 'malformed', 'warning', `GPS signal '${sig.text}' is not F or L`));
        if (sig.text) out.attributes.signal = sig.text;
        statusText(r, signalAt + 1 < before ? toks[signalAt + 1] : undefined, out);
        for (let i = signalAt + 2; i < before; i++) leaf(r, F.extra, toks[i]);
      }
      if (k >= 0) {
        decodeImei(r, toks[k]!, out);
        decodeTail(r, toks.slice(k + 1), extra, out);
      } else {
        addIssue(r.last ?? r.tree[0]!, issue('xexun.no_imei', 'malformed', 'warning', "no 'imei:' field after the sentence"));
        for (const t of toks.slice(before)) leaf(r, F.extra, t);
      }
    });
    const report = r.tree[r.tree.length - 1]!;
    out.messageType = g >= 0 ? 'location' : 'status';
    if (g >= 0) out.messageCode = toks[g]!.text;
    else addIssue(report, issue('xexun.no_fix', 'protocol', 'info', 'no RMC sentence: the report carries no position'));
    if (fix) pushPosition(fix, extra, report, out);
  }
  if (end < text.length) r.node(F.line_end, end, text.length, text.slice(end), JSON.stringify(text.slice(end)));
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The full format's serial (device-local yymmddhhmmss) and phone number fields. */
function serialAndPhone(r: FieldReader, serial: Tok | undefined, phone: Tok | undefined, out: DecodedFrame): void {
  const m = serial && /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(serial.text);
  leaf(r, F.serial, serial, serial?.text, m ? `20${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} (device time)` : undefined);
  if (serial?.text) out.attributes.serial = serial.text;
  leaf(r, F.phone, phone);
  if (phone?.text) out.attributes.number = phone.text;
}

/** The position of a decoded sentence; none without a date, time or coordinates (flagged). */
function pushPosition(fix: Fix, extra: { altitude?: number; satellites?: number }, report: FieldNode, out: DecodedFrame): void {
  if (fix.lat === null || fix.lon === null || !validLatLon(fix.lat, fix.lon)) {
    addIssue(report, issue('xexun.no_position', 'protocol', 'info', 'no position: coordinates missing or malformed'));
    return;
  }
  if (!fix.date || !fix.time) {
    addIssue(report, issue('xexun.no_date', 'protocol', 'warning', 'no position: the sentence lacks a valid date or time'));
    return;
  }
  const [d, mo, y] = fix.date;
  const [h, mi, s, ms] = fix.time;
  const time = isoTime(y, mo, d, h, mi, s, 0, ms);
  if (!time) {
    addIssue(report, issue('xexun.no_date', 'protocol', 'warning', 'no position: date and time do not form a valid instant'));
    return;
  }
  const pos: Position = { time, valid: fix.valid, lat: round(fix.lat), lon: round(fix.lon) };
  if (fix.speed !== undefined) pos.speedKnots = fix.speed;
  if (fix.course !== undefined) pos.course = fix.course;
  if (extra.altitude !== undefined) pos.altitude = extra.altitude;
  if (extra.satellites !== undefined) pos.satellites = extra.satellites;
  out.positions.push(pos);
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[0];
  const alarm = typeof d.attributes.alarm === 'string' ? ` alarm ${d.attributes.alarm}` : '';
  const ign = typeof d.attributes.ignition === 'boolean' ? ` ignition ${d.attributes.ignition ? 'on' : 'off'}` : '';
  if (p) return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${alarm}${ign}`;
  if (d.messageType === 'status') return `status, no fix${typeof d.attributes.power === 'number' ? ` battery ${d.attributes.power} V` : ''}${alarm}${ign}`;
  return d.messageType;
}

/** The reference server answers nothing to a Xexun report. */
export function respond(_frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  return null;
}

export const xexun: ProtocolDescriptor = {
  id: 'xexun',
  name: 'Xexun (GPRMC text)',
  transports: ['tcp'],
  defaultPort: 5006,
  detect,
  split,
  decode,
  respond,
};
