/**
 * GPS103 server → device commands as the decoder reads them: `**,imei:<IMEI>,<command>[,<parameters>]`
 * (see commands.ts for the encoders).
 */
import type { DecodedFrame } from '../core/types';
import { addIssue, issue } from '../core/reader';
import type { TextCursor } from '../core/text';
import { CMD, F } from './fields';

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
