/**
 * TK103 server → device commands as the decoder reads them: the parameters of the `(<id>A…)`
 * commands (AR00 interval and time limit) and the alternative firmware's
 * `[begin]sms2,<SMS command>,[end]` wrapper (see commands.ts for the encoders).
 */
import type { DecodedFrame, DecodeContext } from '../core/types';
import { FieldReader, addIssue, collectIssues, issue } from '../core/reader';
import { TextCursor, hex } from '../core/text';
import { AR, F, SMS } from './fields';

export const SMS_BEGIN = '[begin]';
export const SMS_END = ',[end]';

/** Parameters of a server command: AR00 interval and time limit (hex), else the text as one node. */
export function decodeServerCommand(c: TextCursor, cmd: string): boolean {
  if (cmd === 'AR00' && /^[0-9A-Fa-f]{8}$/.test(c.rest)) {
    c.groups(/(?<iv>[0-9A-Fa-f]{4})(?<lim>[0-9A-Fa-f]{4})/, {
      iv: [AR.interval, { value: hex, display: (t) => `${parseInt(t, 16)} s (0x${t})${t === '0000' ? ', stop' : ''}` }],
      lim: [AR.limit, { value: hex, display: (t) => `${parseInt(t, 16)} (0x${t})${t === '0000' ? ', no limit' : ''}` }],
    });
    return true;
  }
  c.fixed(F.parameters, c.end - c.pos);
  return true;
}

/** `[begin]sms2,<SMS command>,[end]`: a server command for the alternative firmware (no device id). */
export function decodeSms(r: FieldReader, text: string, out: DecodedFrame, ctx?: DecodeContext): DecodedFrame {
  out.messageType = 'command';
  out.deviceId = ctx?.deviceId;
  const comma = text.indexOf(',', SMS_BEGIN.length);
  const closed = comma >= 0 && text.endsWith(SMS_END) && text.length - SMS_END.length >= comma;
  const textEnd = closed ? text.length - SMS_END.length : text.length;
  r.group(F.sms, () => {
    r.node(SMS.begin, 0, SMS_BEGIN.length, SMS_BEGIN);
    if (comma < 0) {
      const n = r.node(F.body, SMS_BEGIN.length, text.length, text.slice(SMS_BEGIN.length));
      addIssue(n, issue('tk103.missing_end', 'malformed', 'error', "no ',' after the channel: truncated"));
      r.pos = text.length;
      return;
    }
    out.messageCode = text.slice(SMS_BEGIN.length, comma);
    const channel = r.node(SMS.channel, SMS_BEGIN.length, comma, out.messageCode);
    if (textEnd > comma + 1) {
      const t = text.slice(comma + 1, textEnd);
      r.node(SMS.text, comma + 1, textEnd, t);
      out.attributes.command = t;
    }
    if (closed) r.node(SMS.end, textEnd + 1, text.length, '[end]');
    else addIssue(r.last ?? channel, issue('tk103.missing_end', 'malformed', 'error', "frame does not end with ',[end]': truncated"));
    r.pos = text.length;
  });
  out.issues = collectIssues(out.tree);
  const t = out.attributes.command;
  out.summary = `${out.messageCode ?? 'sms'}${typeof t === 'string' ? ` ${t}` : ''}`;
  return out;
}
