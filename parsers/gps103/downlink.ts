/**
 * GPS103 server → device frames as the splitter cuts and the decoder reads them: the answers
 * `LOAD` (login) and `ON` (heartbeat), and commands `**,imei:<IMEI>,<command>[,<parameters>]`
 * (see commands.ts for the encoders), which the reference server sends without a delimiter.
 */
import type { DecodedFrame, SplitResult } from '../core/types';
import { type FieldReader, addIssue, issue } from '../core/reader';
import { bytesAt, latin1 } from '../core/bytes';
import { type Cut, splitFrames } from '../core/split';
import type { TextCursor } from '../core/text';
import { ANSWER, CMD, F } from './fields';

/** How a server command starts. */
export const SERVER_MARK = '**,';

/** Command letters of the Coban command list. */
export const SERVER_COMMANDS: Readonly<Record<string, string>> = {
  A: 'stop interval reports',
  B: 'position now',
  C: 'report at an interval',
  E: 'alarm acknowledged',
  H: 'speed alarm',
  J: 'cut oil and power',
  K: 'restore oil and power',
  L: 'arm',
  M: 'disarm',
  160: 'take photo',
};

/** `**,imei:<IMEI>,<command>,<parameter>…` from the cursor (at `**`). */
export function decodeServerCommand(c: TextCursor, out: DecodedFrame): void {
  out.messageType = 'command';
  c.groups(/(?<mark>\*\*),/, { mark: CMD.marker });
  const id = c.groups(/(?<pfx>imei:)(?<imei>\d*),?/, { pfx: F.imei_prefix, imei: F.imei });
  if (id?.g.imei) out.deviceId = id.g.imei;
  const code = c.field(CMD.code, ',', { display: (t) => `${t} (${SERVER_COMMANDS[t] ?? 'command not in the list'})` });
  if (!code.node) {
    const n = c.r.last;
    if (n) addIssue(n, issue('gps103.no_command', 'malformed', 'error', 'server command without a command letter'));
    return;
  }
  out.messageCode = code.text;
  while (!c.done) c.field(CMD.parameter, ',');
  const params = code.end < c.end ? c.text.slice(code.end + 1, c.end) : '';
  out.attributes.command = params ? `${code.text},${params}` : code.text;
}

/** The server's answers: to a login, to a heartbeat. */
export const ANSWERS: Readonly<Record<string, string>> = { LOAD: 'login ack', ON: 'heartbeat ack' };

/** `LOAD` or `ON` (direction down): one node. Returns false for any other text. */
export function decodeServerAnswer(r: FieldReader, text: string, out: DecodedFrame): boolean {
  const type = Object.hasOwn(ANSWERS, text) ? ANSWERS[text] : undefined;
  if (!type) return false;
  r.node(ANSWER.text, 0, text.length, text, `${text} (${type})`);
  out.messageType = type;
  return true;
}

const enc = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const MARK = enc(SERVER_MARK);
const STARTS = [...Object.keys(ANSWERS).map(enc), MARK];

/** The server frame start at `at` (an answer or the command mark), 'part' when the buffer ends inside one, or null. */
function startAt(b: Uint8Array, at: number): Uint8Array | 'part' | null {
  let part = false;
  for (const s of STARTS) {
    const m = bytesAt(b, at, s);
    if (m === true) return s;
    if (m === 'part') part = true;
  }
  return part ? 'part' : null;
}

/** Next offset at or after `from` where a server frame (or the start of one, at the tail) begins, or -1. */
function nextStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) if (startAt(b, i) !== null) return i;
  return -1;
}

/**
 * Where a command whose text runs over [from, to) ends: before the answers (`LOAD`, `ON`) that
 * close the run, since a command has no delimiter of its own. A command text ending in `ON`
 * itself would be cut there too: the bytes cannot tell.
 */
function commandEnd(b: Uint8Array, from: number, to: number): number {
  const m = /(?:LOAD|ON)+$/.exec(latin1(b.subarray(from, to)));
  return m && m.index > 0 ? from + m.index : to;
}

/** The command from `**,` at `pos`: to its `;` or line end, else to the next server frame, else (`final`) to the end. */
function cutCommand(b: Uint8Array, pos: number, final: boolean, maxFrame: number): Cut {
  let i = pos + MARK.length;
  for (; i < b.length && i - pos < maxFrame; i++) {
    if (b[i] === 0x3b || b[i] === 0x0a) return { end: i + 1 };
    if (bytesAt(b, i, MARK) === true) return { end: commandEnd(b, pos + MARK.length, i) };
  }
  if (i - pos >= maxFrame) return { end: i };
  return final ? { end: commandEnd(b, pos + MARK.length, b.length) } : 'wait';
}

/**
 * Cut server → device bytes: `LOAD` and `ON` whole; a command from `**,` to its `;` (or line end)
 * when it has one, else to the next server frame, else — no more bytes coming (`final`) — to the
 * end of the buffer. Bytes that start no server frame are garbage.
 */
export function splitDown(buf: Uint8Array, final: boolean, maxFrame: number): SplitResult {
  return splitFrames(buf, nextStart, (b, pos) => {
    const s = startAt(b, pos);
    if (s === 'part') return final ? 'bad' : 'wait';
    if (s === null) return 'bad';
    return s === MARK ? cutCommand(b, pos, final, maxFrame) : { end: pos + s.length };
  });
}
