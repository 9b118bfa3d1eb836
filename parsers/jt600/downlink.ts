/**
 * JT600 server → device text commands as the decoder reads them: `(<command>[,<parameter>…])`, no
 * terminal id — `(S07,0)` engine stop, `(S09,1,240)` time zone, `(S17)` reboot, and the answers a
 * server sends, `(P35)`, `(P69,0,<index>)`, `(S20)`, `(S39)` (see commands.ts and index.ts).
 */
import type { DecodedFrame } from '../core/types';
import { FieldReader, addIssue, issue } from '../core/reader';
import { latin1 } from '../core/bytes';
import { F, SRV } from './fields';

/** Server command codes and what they do. */
export const SERVER_COMMANDS: Readonly<Record<string, string>> = {
  S07: 'oil/power relay (0 cut, 1 restore)',
  S09: 'time zone (1, minutes east of UTC)',
  S17: 'restart',
  S20: 'answer to an alarm (U06)',
  S39: 'answer to a report (U01-U03)',
  P35: 'answer to a binary report',
  P69: 'answer with the record index',
};

/** Whether a text frame is a server command: `(` + S/P + two digits, then `,` or `)`. */
export function isServerCommand(frame: Uint8Array): boolean {
  return /^\([SP]\d\d(?:[,)]|$)/.test(latin1(frame.subarray(0, 5)));
}

/** Decode `(<command>,<parameter>…)` into `out`. */
export function decodeServerCommand(frame: Uint8Array, out: DecodedFrame): void {
  const s = latin1(frame);
  const r = new FieldReader(frame);
  out.tree = r.tree;
  out.messageType = 'command';
  const end = s.endsWith(')') ? s.length - 1 : s.length;
  const { node } = r.group(F.report, () => {
    r.node(F.start, 0, 1, '(');
    let a = 1;
    for (let k = 0; a <= end; k++) {
      let z = s.indexOf(',', a);
      if (z < 0 || z > end) z = end;
      const t = s.slice(a, z);
      if (k === 0) {
        out.messageCode = t;
        const n = r.node(SRV.code, a, z, t, `${t} (${SERVER_COMMANDS[t] ?? 'command not in the list'})`);
        if (!SERVER_COMMANDS[t]) addIssue(n, issue('jt600.unknown_command', 'protocol', 'info', `server command ${t} is not in the known list`));
      } else if (z > a) r.node(SRV.parameter, a, z, /^-?\d+$/.test(t) ? Number(t) : t);
      a = z + 1;
    }
    if (end < s.length) r.node(F.end, end, end + 1, ')');
    r.pos = s.length;
  });
  if (end === s.length) addIssue(node, issue('jt600.unterminated', 'malformed', 'error', 'text message does not end with ")"'));
  const params = s.slice(1 + (out.messageCode?.length ?? 0), end).replace(/^,/, '');
  out.attributes.command = params ? `${out.messageCode},${params}` : out.messageCode ?? '';
}
