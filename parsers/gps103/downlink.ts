/**
 * GPS103 server → device frames as the splitter cuts and the decoder reads them: the answers
 * `LOAD` (login) and `ON` (heartbeat), and commands `**,imei:<IMEI>,<command>[,<parameters>]`
 * (see commands.ts for the encoders), which the reference server sends without a delimiter.
 */
import type { DecodedFrame, SplitResult } from '../core/types';
import { type FieldReader, addIssue, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
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
const STARTS = [...Object.keys(ANSWERS), SERVER_MARK].map(enc);
const MARK = enc(SERVER_MARK);

/** Whether `pat` sits at `at`; 'part' when the buffer ends inside it. */
function match(b: Uint8Array, at: number, pat: Uint8Array): boolean | 'part' {
  for (let i = 0; i < pat.length; i++) {
    if (at + i >= b.length) return 'part';
    if (b[at + i] !== pat[i]) return false;
  }
  return true;
}

/** A server frame starts at `at`: true, false, or 'part' (the buffer ends inside a start). */
function startAt(b: Uint8Array, at: number): boolean | 'part' {
  let part = false;
  for (const s of STARTS) {
    const m = match(b, at, s);
    if (m === true) return true;
    if (m === 'part') part = true;
  }
  return part ? 'part' : false;
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

/**
 * Cut server → device bytes: `LOAD` and `ON` whole; a command from `**,` to its `;` (or line end)
 * when it has one, else to the next server frame, else — no more bytes coming (`final`) — to the
 * end of the buffer. Bytes that start no server frame are garbage.
 */
export function splitDown(buf: Uint8Array, final: boolean, maxFrame: number): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const s = startAt(buf, pos);
    if (s === 'part' && !final) break;
    if (s === true && match(buf, pos, MARK) !== true) {
      const n = STARTS.find((x) => match(buf, pos, x) === true)!.length;
      frames.push({ start: pos, end: pos + n });
      pos += n;
      continue;
    }
    if (s === true) {
      let end = -1;
      let i = pos + MARK.length;
      for (; i < buf.length && i - pos < maxFrame; i++) {
        if (buf[i] === 0x3b || buf[i] === 0x0a) {
          end = i + 1;
          break;
        }
        if (match(buf, i, MARK) === true) {
          end = commandEnd(buf, pos + MARK.length, i);
          break;
        }
      }
      if (end < 0) {
        if (i - pos < maxFrame && !final) break;
        end = i - pos < maxFrame ? commandEnd(buf, pos + MARK.length, buf.length) : i;
      }
      frames.push({ start: pos, end });
      pos = end;
      continue;
    }
    let j = pos + 1;
    while (j < buf.length && startAt(buf, j) === false) j++;
    garbage.push({ start: pos, end: j });
    pos = j;
  }
  return { frames, garbage, consumed: pos };
}
