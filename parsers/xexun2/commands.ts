/**
 * Xexun 2 downlink commands: `fa af` type `00 07` serial(2) IMEI(8: 15 BCD digits + pad nibble 0)
 * length(2) checksum(2: 0xFFFF − 16-bit byte sum of the body) body `fa af`, the body an ASCII
 * setting such as `tracking_send=150,150` or `of=1`; between the flags `fa af` travels as
 * `fb bf 01` and `fb bf` as `fb bf 02`.
 * Spec: Traccar's Xexun2ProtocolEncoder and Xexun2FrameEncoder (type 0x0007, `tracking_send=`, `of=1`,
 * `reset`); bytes checked against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { fromHex } from '../core/bytes';
import { MSG_COMMAND } from './fields';

/** Body length: the 10-bit length field of the properties. */
const MAX_BODY = 0x3ff;

const LIST: readonly CommandDef[] = [
  {
    type: 'positionPeriodic',
    label: 'Periodic positions',
    doc: 'Report at an interval (tracking_send=<s>,<s>).',
    attributes: { frequency: { type: 'integer', description: 'Interval in seconds', minimum: 1, maximum: 86400 } },
    required: ['frequency'],
  },
  { type: 'powerOff', label: 'Power off', doc: 'Switch the device off (of=1).', attributes: {} },
  { type: 'rebootDevice', label: 'Reboot', doc: 'Restart the device (reset).', attributes: {} },
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'Any setting text as the body, e.g. tracking_send=60,60.',
    attributes: { data: { type: 'string', description: 'Setting text (ASCII)', pattern: '^[\\x20-\\x7e]+$' } },
    required: ['data'],
  },
  {
    type: 'customHex',
    label: 'Custom bytes',
    doc: 'Any bytes as the body of a type 0x0007 frame (framed, escaped and checksummed).',
    attributes: { data: { type: 'string', description: 'The body bytes in hex', pattern: '^(\\s*[0-9A-Fa-f]{2})+\\s*$' } },
    required: ['data'],
  },
];

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/** 0xFFFF minus the 16-bit sum of the body bytes (the decoder checks the same rule). */
function checksum(b: Uint8Array): number {
  let s = 0;
  for (const x of b) s += x;
  return (0xffff - (s & 0xffff)) & 0xffff;
}

/**
 * Escape the bytes between the first two and the last two (the flags): the pair `fa af` becomes
 * `fb bf 01` and `fb bf` becomes `fb bf 02` (pairs, so core's one-byte escapeBytes does not fit).
 */
export function escapeFrame(frame: Uint8Array): Uint8Array {
  if (frame.length < 5) return frame;
  const out: number[] = [frame[0]!, frame[1]!];
  const end = frame.length - 2;
  for (let i = 2; i < end; i++) {
    const pair = i + 1 < end ? (frame[i]! << 8) | frame[i + 1]! : -1;
    if (pair === 0xfaaf || pair === 0xfbbf) {
      out.push(0xfb, 0xbf, pair === 0xfaaf ? 0x01 : 0x02);
      i++;
    } else out.push(frame[i]!);
  }
  out.push(frame[end]!, frame[end + 1]!);
  return Uint8Array.from(out);
}

/** The plain (unescaped) frame of a command body. */
export function commandFrame(imei: string, serial: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(18 + body.length + 2);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0xfaaf);
  dv.setUint16(2, MSG_COMMAND);
  dv.setUint16(4, serial);
  out.set(fromHex(`${imei}0`), 6);
  dv.setUint16(14, body.length);
  out.set(body, 18);
  dv.setUint16(16, checksum(body));
  dv.setUint16(18 + body.length, 0xfaaf);
  return out;
}

function body(def: CommandDef, attributes: Readonly<Record<string, unknown>>): Uint8Array {
  switch (def.type) {
    case 'positionPeriodic': {
      const f = attr(def, attributes, 'frequency');
      return ascii(`tracking_send=${f},${f}`);
    }
    case 'powerOff':
      return ascii('of=1');
    case 'rebootDevice':
      return ascii('reset');
    case 'customHex':
      return fromHex(String(attr(def, attributes, 'data')));
    default:
      return ascii(String(attr(def, attributes, 'data')));
  }
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'xexun2', type);
  if (!/^\d{15}$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} is not a 15-digit IMEI`);
  const b = body(def, attributes);
  if (b.length > MAX_BODY) throw new CommandError(`'data' gives a body of ${b.length} bytes; the length field holds at most ${MAX_BODY}`);
  const serial = target.serial & 0xffff;
  return { bytes: escapeFrame(commandFrame(target.deviceId, serial, b)), serial };
}

export const commands: ProtocolCommands = { list: LIST, encode };
