/**
 * Carscop (CCTR-620, CCTR-801 and the other 2G units; the 4G models speak JT808): fixed-width
 * ASCII `*<yymmddhhmmss><command><payload><position block>^`, e.g.
 * `*040331141830UB05123456789012345061825A2934.0133N10627.2544E000.0040331309.6200000000L000000^`.
 * Position block: hhmmss, A/V, ddmm.mmmm N/S, dddmm.mmmm E/W, speed ddd.d, date yymmdd,
 * course ddd.dd, then optionally an 8-digit state and `L` + 6-digit odometer. The server does
 * not answer. Spec: PROTOCOLS.md; field layout from Traccar's CarscopProtocolDecoder and the
 * frames of its test (shared/corpus/frames.jsonl).
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, FieldNode, Position, ProtocolDescriptor, SplitResult } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT, isoTime, nmeaDegrees, round } from '../core/units';
import { COMMANDS, DOWN, F, POS } from './fields';
import { commands } from './commands';
import { splitUnframed } from '../core/split';

const STAR = 0x2a;
const CARET = 0x5e;
/** Longest frame the splitter waits for (the longest known is under 100 bytes). */
const MAX_FRAME = 256;
/** `*` + 12 digits + command (U, letter, 2 digits). */
const HEAD = 17;

/** The position block, anchored at the end; the speed is taken loosely and checked afterwards. */
const BLOCK = /(\d{6})([AV])(\d{4}\.\d{4})([NS])(\d{5}\.\d{4})([EW])(.{5})(\d{6})(\d{3}\.\d{2})(?:(\d{8})(L)(\d{6}))?$/;

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

type Fit = 'yes' | 'no' | 'partial';

/** Whether `*` at `at` opens a frame: 12 digits and `U` + letter + 2 digits. */
function headFit(b: Uint8Array, at: number): Fit {
  for (let i = 1; i < HEAD; i++) {
    const c = b[at + i];
    if (c === undefined) return 'partial';
    const ok = i <= 12 ? isDigit(c) : i === 13 ? c === 0x55 : i === 14 ? c >= 0x41 && c <= 0x5a : isDigit(c);
    if (!ok) return 'no';
  }
  return 'yes';
}

/** ISO time of `yymmddhhmmss`, or null. */
function headerTime(s: string): string | null {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(s);
  return m ? isoTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : null;
}

/**
 * Server → device: the server answers nothing, and a command's text has no published framing:
 * it is cut once no more bytes are coming (the link went quiet, the stream ended).
 */
export function split(buf: Uint8Array, final = false, direction: 'up' | 'down' = 'up'): SplitResult {
  if (direction === 'down') return splitUnframed(buf, final, MAX_FRAME);
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  const junk = (start: number, end: number) => {
    const last = garbage[garbage.length - 1];
    if (last && last.end === start) last.end = end;
    else garbage.push({ start, end });
  };
  let pos = 0;
  while (pos < buf.length) {
    const c = buf[pos]!;
    if (c === 0x0d || c === 0x0a) {
      pos++; // a line end after '^' is framing, not garbage
      continue;
    }
    if (c === STAR) {
      const h = headFit(buf, pos);
      if (h === 'partial') break;
      if (h === 'yes') {
        let end = -1;
        let restart = -1;
        for (let i = pos + HEAD; i < buf.length && i - pos < MAX_FRAME; i++) {
          if (buf[i] === CARET) {
            end = i + 1;
            break;
          }
          if (buf[i] === STAR && headFit(buf, i) !== 'no') {
            restart = i;
            break;
          }
        }
        if (end > 0) {
          frames.push({ start: pos, end });
          pos = end;
          continue;
        }
        if (restart > 0) {
          junk(pos, restart);
          pos = restart;
          continue;
        }
        if (buf.length - pos < MAX_FRAME) break;
      }
    }
    let next = pos + 1;
    while (next < buf.length && buf[next] !== STAR) next++;
    junk(pos, next);
    pos = next;
  }
  return { frames, garbage, consumed: pos };
}

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  if (b[0] !== STAR || headFit(b, 0) === 'no' || b.length < 13) return { score: 0, evidence: [] };
  const head = latin1(b.subarray(1, 13));
  const ev: Evidence[] = [{ text: `'*' + 12 digits`, weight: 0.5 }];
  if (headerTime(head)) ev.push({ text: `time ${head} (yymmddhhmmss) in range`, weight: 0.4 });
  if (b.length >= HEAD) {
    const cmd = latin1(b.subarray(13, HEAD));
    ev.push(COMMANDS[cmd] || cmd === 'UD00' ? { text: `known Carscop command ${cmd}`, weight: 0.9 } : { text: `command ${cmd} (U + letter + 2 digits)`, weight: 0.5 });
  }
  let end = b.indexOf(CARET);
  if (end > MAX_FRAME) end = -1;
  if (end >= 0) ev.push({ text: "ends with '^'", weight: 0.3 });
  const text = latin1(b.subarray(HEAD, end >= 0 ? end : Math.min(b.length, MAX_FRAME)));
  if (BLOCK.test(text)) ev.push({ text: 'fixed-width position block (hhmmss A ddmm.mmmm N dddmm.mmmm E …)', weight: 0.5 });
  return scoreEvidence(ev);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'carscop', messageType: 'unknown', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  if (ctx?.direction === 'down' && frame.length && (frame[0] !== STAR || headFit(frame, 0) !== 'yes')) {
    // A command text from the server (the downlink format is not published): shown whole.
    const text = latin1(frame);
    r.node(DOWN.command, 0, frame.length, text);
    out.attributes.command = text;
    out.messageType = 'command';
    return finish(out, ctx);
  }
  const caret = frame.indexOf(CARET);
  const end = caret >= 0 ? caret : frame.length;
  if (frame[0] !== STAR) {
    if (frame.length) {
      r.raw(F.trailing, frame.length);
      addIssue(r.last!, issue('carscop.bad_header', 'malformed', 'error', "frame does not start with '*'"));
    }
    return finish(out, ctx);
  }
  r.node(F.start, 0, 1, '*');
  const timeText = latin1(frame.subarray(1, Math.min(13, end)));
  if (timeText.length) {
    const iso = headerTime(timeText);
    const n = r.node(F.time, 1, 1 + timeText.length, iso ?? timeText, iso ? iso.replace('T', ' ').replace('.000Z', ' UTC') : undefined);
    if (!iso) addIssue(n, issue('carscop.bad_time', 'malformed', 'warning', `'${timeText}' is not yymmddhhmmss`));
  }
  if (end >= HEAD) {
    const cmd = latin1(frame.subarray(13, HEAD));
    r.node(F.command, 13, HEAD, cmd);
    out.messageCode = cmd;
    out.messageType = COMMANDS[cmd] ?? cmd;
    const body = latin1(frame.subarray(HEAD, end));
    const m = BLOCK.exec(body);
    const payloadEnd = HEAD + (m ? m.index : body.length);
    payload(r, frame, cmd, payloadEnd, out);
    if (m) block(r, m, HEAD + m.index, out);
    else if (cmd !== 'UB00') addIssue(r.tree[r.tree.length - 1]!, issue('carscop.no_position_block', 'protocol', 'info', 'no fixed-width position block at the end of the frame'));
  } else if (end > 13) {
    const n = r.node(F.command, 13, end, latin1(frame.subarray(13, end)));
    addIssue(n, issue('carscop.truncated', 'malformed', 'error', 'frame ends inside the command'));
  } else addIssue(r.tree[r.tree.length - 1]!, issue('carscop.truncated', 'malformed', 'error', 'frame ends before the command'));
  if (caret < 0) addIssue(r.tree[r.tree.length - 1]!, issue('carscop.no_terminator', 'malformed', 'warning', "frame does not end with '^'"));
  else {
    r.node(F.terminator, caret, caret + 1, '^');
    if (caret + 1 < frame.length) {
      const tail = frame.subarray(caret + 1);
      if (tail.every((c) => c === 0x0d || c === 0x0a)) r.node(F.line_end, caret + 1, frame.length, latin1(tail), JSON.stringify(latin1(tail)));
      else addIssue(r.node(F.trailing, caret + 1, frame.length, latin1(tail)), issue('carscop.trailing_bytes', 'malformed', 'warning', `${tail.length} byte(s) after '^'`));
    }
  }
  return finish(out, ctx);
}

/** What sits between the command and the position block: id, handshake, alarm, or raw text. */
function payload(r: FieldReader, frame: Uint8Array, cmd: string, to: number, out: DecodedFrame): void {
  if (to <= HEAD) return;
  const text = latin1(frame.subarray(HEAD, to));
  if (cmd === 'UB05') {
    const n = r.node(F.device_id, HEAD, to, text);
    out.deviceId = text;
    if (text.length !== 15) addIssue(n, issue('carscop.id_length', 'protocol', 'warning', `device id has ${text.length} characters, 15 expected`));
  } else if (cmd === 'UB00' && text === 'HSO') {
    r.node(F.handshake, HEAD, to, text);
  } else if (cmd === 'UA01' && /^\d/.test(text)) {
    r.node(F.alarm_code, HEAD, HEAD + 1, Number(text[0]));
    if (text.length > 1) r.node(F.alarm_text, HEAD + 1, to, text.slice(1));
  } else {
    const n = r.node(F.payload, HEAD, to, text);
    addIssue(n, issue('carscop.payload_not_decoded', 'undecoded', 'info', `meaning of the ${cmd} payload is not documented`));
  }
}

/** The position block's fields; a position only when every field has its documented width. */
function block(r: FieldReader, m: RegExpExecArray, at: number, out: DecodedFrame): void {
  const g = m.slice(1);
  let p = at;
  r.pos = at;
  r.group(F.position, () => {
    const group = r.last!;
    const put = (def: typeof POS.time, text: string | undefined, value?: number | string, display?: string): FieldNode | undefined => {
      if (text === undefined) return undefined;
      const n = r.node(def, p, p + text.length, value ?? text, display);
      p += text.length;
      return n;
    };
    const [hhmmss, validity, latT, ns, lonT, ew, speedT, yymmdd, courseT, state, l, odo] = g as [string, string, string, string, string, string, string, string, string, string?, string?, string?];
    const tm = /^(\d\d)(\d\d)(\d\d)$/.exec(hhmmss)!;
    const dt = /^(\d\d)(\d\d)(\d\d)$/.exec(yymmdd)!;
    const time = isoTime(Number(dt[1]), Number(dt[2]), Number(dt[3]), Number(tm[1]), Number(tm[2]), Number(tm[3]));
    const tn = put(POS.time, hhmmss, `${tm[1]}:${tm[2]}:${tm[3]}`);
    put(POS.validity, validity);
    const lat = nmeaDegrees(latT, ns);
    const lon = nmeaDegrees(lonT, ew);
    put(POS.latitude, latT, lat ?? latT, lat === null ? undefined : `${lat.toFixed(6)}° (${latT})`);
    put(POS.lat_hemisphere, ns);
    put(POS.longitude, lonT, lon ?? lonT, lon === null ? undefined : `${lon.toFixed(6)}° (${lonT})`);
    put(POS.lon_hemisphere, ew);
    const speedOk = /^\d{3}\.\d$/.test(speedT);
    const sn = put(POS.speed, speedT, speedOk ? Number(speedT) : speedT, speedOk ? `${Number(speedT)} kn` : undefined)!;
    if (!speedOk) addIssue(sn, issue('carscop.bad_speed', 'malformed', 'warning', `speed '${speedT}' is not in the ddd.d layout: the block is shown but not reported as a position (as Traccar rejects it)`));
    const dn = put(POS.date, yymmdd, `20${dt[1]}-${dt[2]}-${dt[3]}`);
    put(POS.course, courseT, Number(courseT));
    if (state !== undefined && odo !== undefined) {
      put(POS.state, state);
      put(POS.odometer_marker, l);
      put(POS.odometer, odo, Number(odo));
      out.attributes.status = state;
      out.attributes.odometer = Number(odo);
    }
    if (!time) addIssue(dn ?? tn ?? group, issue('carscop.bad_time', 'malformed', 'warning', `date ${yymmdd} / time ${hhmmss} out of range`));
    const coordsOk = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && Number(latT.slice(2)) < 60 && Number(lonT.slice(3)) < 60;
    if (!coordsOk) addIssue(group, issue('carscop.bad_coordinate', 'malformed', 'warning', 'coordinates out of range'));
    if (time && speedOk && coordsOk) {
      const pos: Position = { time, valid: validity === 'A', lat: round(lat!), lon: round(lon!), speedKnots: Number(speedT), course: Number(courseT) };
      out.positions.push(pos);
    }
    r.pos = p;
  });
}

function finish(out: DecodedFrame, ctx?: DecodeContext): DecodedFrame {
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  const p = out.positions[0];
  out.summary = p
    ? `${out.messageCode ?? ''} ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}`.trim()
    : out.messageCode === 'UB00' && out.deviceId
      ? `handshake ${out.deviceId}`
      : out.messageType;
  return out;
}

/** Carscop devices expect no answer (PROTOCOLS.md). */
export function respond(): Uint8Array | null {
  return null;
}

export const carscop: ProtocolDescriptor = {
  id: 'carscop',
  name: 'Carscop',
  transports: ['tcp'],
  defaultPort: 5040,
  detect,
  split,
  decode,
  respond,
  commands,
};
