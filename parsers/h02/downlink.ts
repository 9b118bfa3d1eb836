/**
 * H02 server commands as the decoder shows them (direction down): `*HQ,<id>,<command>,<hhmmss>,
 * <arguments…>#` — the command time and each argument on its own bytes (see commands.ts).
 */
import type { DecodedFrame } from '../core/types';
import type { FieldReader } from '../core/reader';
import { CMD, COMMAND } from './fields';

/** One comma-separated field of the sentence with its byte range. */
interface Tok {
  text: string;
  start: number;
  end: number;
}

/** The fields after a server command's name: an optional hhmmss time, then arguments. */
export function decodeServerCommand(r: FieldReader, type: string, t: Tok[], out: DecodedFrame): void {
  out.attributes.command = [type, ...t.map((x) => x.text)].join(',');
  const first = t[0];
  const last = t[t.length - 1];
  if (!first || !last) return;
  r.pos = first.start;
  r.group(COMMAND, () => {
    let i = 0;
    const m = /^(\d\d)(\d\d)(\d\d)$/.exec(first.text);
    if (m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60) {
      r.node(CMD.time, first.start, first.end, first.text, `${m[1]}:${m[2]}:${m[3]}`);
      i = 1;
    }
    t.slice(i).forEach((a, k) => {
      if (a.start < a.end) r.node(CMD.argument, a.start, a.end, a.text).label = `${CMD.argument.label} ${k + 1}`;
    });
    r.pos = last.end;
  });
}
