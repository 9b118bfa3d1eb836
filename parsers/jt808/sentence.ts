/**
 * The Jointech text messages that JT701/JT709 locks send on their JT808 connection:
 * `(<12-digit id>,<type>,<serial>,<COMMAND>,<params…>)`, e.g. `(794104004140,1,001,BASE,2,TIME)`
 * (time request: the platform echoes it with TIME replaced by the UTC `yyyyMMddHHmmss`) or
 * `(740190311185,1,001,ELOCK,3,529439)` (a command result). Layout from the frames of Traccar's
 * Jt808ProtocolDecoderTest and its text branch.
 */
import type { DecodeContext, DecodedFrame, DetectResult, Evidence } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { TEXTMSG } from './fields';

const OPEN = 0x28;
const CLOSE = 0x29;
/** Longest text message the splitter waits for. */
const MAX_TEXT = 512;

const LAYOUT = /^\((\d{12}),(\d+),(\d{3}),([A-Z0-9]+)[,)]/;

/** Whether a text message may start at `s`: `(` followed by a digit (or nothing yet). */
export function isSentenceStart(b: Uint8Array, s: number): boolean {
  return b[s] === OPEN && (s + 1 >= b.length || (b[s + 1]! >= 0x30 && b[s + 1]! <= 0x39));
}

/** End (exclusive) of the text message at `s`; 0 when it may still complete, -1 when it is not one. */
export function sentenceEnd(b: Uint8Array, s: number): number {
  for (let i = s + 1; i < b.length; i++) {
    const c = b[i]!;
    if (c === CLOSE) return i + 1;
    if (c < 0x20 || c > 0x7e || i - s > MAX_TEXT) return -1;
  }
  return b.length - s > MAX_TEXT ? -1 : 0;
}

export function detectSentence(b: Uint8Array): DetectResult {
  const head = latin1(b.subarray(0, Math.min(b.length, 64)));
  const m = LAYOUT.exec(head);
  if (!m) return { score: 0, evidence: [] };
  const ev: Evidence[] = [
    { text: `text message with 12-digit id ${m[1]}`, weight: 0.8 },
    { text: `Jointech layout id,type,serial,${m[4]}`, weight: 0.6 },
  ];
  const end = sentenceEnd(b, 0);
  if (end > 0) ev.push({ text: 'closing )', weight: 0.3 });
  else if (end < 0) ev.push({ text: 'no closing ) before binary bytes', weight: -0.8 });
  return scoreEvidence(ev);
}

export function decodeSentence(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const r = new FieldReader(frame);
  const out: DecodedFrame = { protocol: 'jt808', messageType: 'text', positions: [], attributes: {}, tree: r.tree, issues: [], summary: '' };
  const closed = frame[frame.length - 1] === CLOSE;
  const inner = frame.length - (closed ? 1 : 0);
  const fields: string[] = [];
  r.group(TEXTMSG.sentence, () => {
    let i = 1;
    let n = 0;
    while (i <= inner) {
      let j = i;
      while (j < inner && frame[j] !== 0x2c) j++;
      const value = latin1(frame.subarray(i, j));
      const def = [TEXTMSG.id, TEXTMSG.kind, TEXTMSG.serial, TEXTMSG.command][n] ?? { ...TEXTMSG.param, label: `Parameter ${n - 3}` };
      r.node(def, i, j, value);
      fields.push(value);
      n++;
      i = j + 1;
    }
    r.skip(frame.length);
  });
  const sentence = latin1(frame);
  if (!closed && r.tree[0]) addIssue(r.tree[0], issue('jt808.text_unterminated', 'malformed', 'warning', 'text message without the closing )'));
  const id = fields[0] ?? '';
  if (/^\d+$/.test(id)) out.deviceId = id.replace(/^0+(?=\d)/, '');
  else if (ctx?.deviceId) out.deviceId = ctx.deviceId;
  const command = fields[3] ?? '';
  out.messageCode = command || undefined;
  out.messageType = command ? `text ${command}` : 'text';
  if (command === 'BASE' && fields[4] === '2') out.messageType = 'time request';
  else out.attributes.result = sentence;
  out.issues = collectIssues(out.tree);
  out.summary = sentence;
  return out;
}

/** `BASE,2` asks for the time: the platform echoes the message with TIME replaced by UTC now. */
export function respondSentence(frame: Uint8Array, now = new Date()): Uint8Array | null {
  const s = latin1(frame);
  if (!s.includes('BASE,2')) return null;
  const p = (v: number) => String(v).padStart(2, '0');
  const t = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return Uint8Array.from(s.replace('TIME', t), (c) => c.charCodeAt(0));
}
