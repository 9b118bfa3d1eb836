/**
 * JT/T 808 downlink commands: platform messages framed as `7e <msg id> <attributes> <phone BCD(6)>
 * <serial> <body> <XOR> 7e` with 7e/7d escaped (2013 header; the phone from the device id, a
 * binary IMEI for 15-digit ids as Traccar does). Terminal control 0x8105 (vendor words 0xf0/0xf1
 * cut and restore the fuel/power circuit; 3 power off, 4 reset, 5 factory reset), set parameters
 * 0x8103 (0x0029 default reporting interval, DWORD seconds), text dispatch 0x8300, position query
 * 0x8201, data pass-through 0x8900, and Carscop CC888 status query 0x8320 and car return 0x8410,
 * whose bodies are not published (empty unless given as hex).
 * Spec: JT/T 808-2013, messages 0x8103 (terminal parameter 0x0029), 0x8105 (command words 3–5),
 * 0x8201, 0x8300 (text flag bits), 0x8900; Carscop CC-688 manual (ids only); the vendor variants
 * and the vectors of Traccar's Jt808ProtocolEncoderTest and Jt808FrameEncoderTest
 * (test/fixtures/corpus/commands.jsonl).
 */
import { CommandError, attr, findCommand, type AttributeSchema, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { escapeBytes, fromHex } from '../core/bytes';
import { deviceIdToPhone, message } from './index';

const FLAG = 0x7e;
const ESC = 0x7d;
/** 7e → 7d 02, 7d → 7d 01 (JT/T 808 §4.4.1). */
const CODES: Readonly<Record<number, number>> = { 0x01: 0x7d, 0x02: 0x7e };
/** Body length bits of the message attributes. */
const MAX_BODY = 0x3ff;

const HEX: AttributeSchema = { type: 'string', description: 'Bytes in hex', pattern: '^(?:[0-9A-Fa-f]{2})*$' };
const ENGINE_VARIANTS = {
  standard: 'Terminal control 0x8105 with vendor command word 0xf0 (stop) / 0xf1 (resume)',
  w15l: 'W15L: command word 0x64 (stop) / 0x65 (resume)',
  vl300: 'VL300: the text #0;1 (stop) / #0;0 (resume) as the 0x8105 body',
} as const;

const LIST: readonly CommandDef[] = [
  { type: 'engineStop', label: 'Engine stop', doc: '0x8105 terminal control, vendor word 0xf0: cut the fuel/power circuit.', immobilises: true, attributes: {}, variants: ENGINE_VARIANTS },
  { type: 'engineResume', label: 'Engine resume', doc: '0x8105 terminal control, vendor word 0xf1: restore the fuel/power circuit.', attributes: {}, variants: ENGINE_VARIANTS },
  { type: 'rebootDevice', label: 'Reboot', doc: '0x8105 terminal control, command word 4 (terminal reset).', attributes: {} },
  { type: 'powerOff', label: 'Power off', doc: '0x8105 terminal control, command word 3 (terminal power off).', attributes: {} },
  { type: 'factoryReset', label: 'Factory reset', doc: '0x8105 terminal control, command word 5 (restore factory settings).', attributes: {} },
  { type: 'positionSingle', label: 'Position now', doc: '0x8201 location query: the terminal answers with 0x0201.', attributes: {} },
  {
    type: 'positionPeriodic',
    label: 'Report interval',
    doc: '0x8103 set parameters: 0x0029, the default time reporting interval (DWORD seconds).',
    attributes: { frequency: { type: 'integer', description: 'Seconds between reports', minimum: 1, maximum: 0xffffffff } },
    required: ['frequency'],
  },
  {
    type: 'setParameter',
    label: 'Set parameter',
    doc: '0x8103 set parameters with one parameter: id (table 10: 0x0001 heartbeat interval, 0x0013 main server address, 0x0027 sleep reporting interval, 0x0029 default reporting interval, …), value in the given format.',
    attributes: {
      id: { type: 'integer', description: 'Parameter id (DWORD)', minimum: 0, maximum: 0xffffffff },
      format: { type: 'string', description: 'How the value is written: byte, word, dword, string (GBK) or hex', enum: ['byte', 'word', 'dword', 'string', 'hex'], default: 'dword' },
      value: { type: 'string', description: 'The value: a number for byte/word/dword, text for string, hex bytes for hex' },
    },
    required: ['id', 'value'],
  },
  {
    type: 'message',
    label: 'Text message',
    doc: '0x8300 text dispatch: a flag byte (bit 0 emergency, 2 terminal display, 3 TTS read-out, 4 advertising screen) and GBK text.',
    attributes: {
      message: { type: 'string', description: 'The text (GBK; ASCII travels as is)' },
      flag: { type: 'integer', description: 'Flag byte: bit 0 emergency, bit 2 display, bit 3 TTS, bit 4 advertising screen', minimum: 0, maximum: 255, default: 0x04 },
    },
    required: ['message'],
  },
  {
    type: 'custom',
    label: 'Custom text',
    doc: 'A text command for the terminal: as a 0x8300 text message with flag 0x01 (BSJ and most terminals), as 0x8900 pass-through type 0xf0 (Jimi JC371), or as an AT command in parameter 0xf030 of 0x8103 (AL300/GL100/VL300).',
    attributes: { data: { type: 'string', description: 'Command text (GBK; ASCII travels as is)' } },
    required: ['data'],
    variants: {
      text: '0x8300 text message, flag 0x01 (default; BSJ)',
      jc371: '0x8900 data pass-through, type 0xf0 (Jimi JC371)',
      at: '0x8103 parameter 0xf030, AT-command pass-through (AL300, GL100, VL300)',
    },
  },
  {
    type: 'customHex',
    label: 'Custom message (hex)',
    doc: 'With messageId: data is the body, framed with header, serial, XOR check code and escaping. Without: data is a whole unescaped frame 7e … 7e, sent with its inner bytes escaped and nothing else changed.',
    attributes: {
      data: { ...HEX, description: 'Body bytes in hex (with messageId), or a whole frame 7e … 7e' },
      messageId: { type: 'integer', description: 'Message id to frame the body with (e.g. 0x8105); absent: data is a whole frame', minimum: 0, maximum: 0xffff },
    },
    required: ['data'],
  },
  {
    type: 'statusQuery',
    label: 'Status query (CC888)',
    doc: 'Carscop CC888 0x8320: the platform asks the device status; the device answers with 0x0200. The body layout is not published: empty unless given.',
    attributes: { data: { ...HEX, description: 'Body bytes in hex (layout not published; empty by default)', default: '' } },
  },
  {
    type: 'carReturn',
    label: 'Car return (CC888)',
    doc: 'Carscop CC888 0x8410: end of a car-sharing rental. The body layout is not published: empty unless given.',
    attributes: { data: { ...HEX, description: 'Body bytes in hex (layout not published; empty by default)', default: '' } },
  },
];

let gbkTable: Map<string, number> | null | undefined;

/** Character → GBK code, built once from the platform's GBK decoder; null when it has none. */
function gbkCodes(): Map<string, number> | null {
  if (gbkTable !== undefined) return gbkTable;
  try {
    const dec = new TextDecoder('gbk', { fatal: true });
    const map = new Map<string, number>();
    const pair = new Uint8Array(2);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        pair[0] = lead;
        pair[1] = trail;
        try {
          const c = dec.decode(pair);
          if (c.length === 1 && !map.has(c)) map.set(c, (lead << 8) | trail);
        } catch {
          // no character at this code
        }
      }
    }
    gbkTable = map;
  } catch {
    gbkTable = null;
  }
  return gbkTable;
}

/** GBK bytes of `text` (ASCII as is), or a CommandError naming the attribute. */
export function gbkBytes(text: string, name: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const code = gbkCodes()?.get(ch);
    if (code === undefined) throw new CommandError(`'${name}' has ${JSON.stringify(ch)}, which GBK cannot encode`);
    out.push(code >> 8, code & 0xff);
  }
  return out;
}

const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** One 0x8103 parameter: count 1, id(4), length(1), value. */
function oneParameter(id: number, value: number[], name: string): number[] {
  if (value.length > 0xff) throw new CommandError(`'${name}' gives ${value.length} bytes: a parameter value holds at most 255`);
  return [1, ...u32(id), value.length, ...value];
}

/** The 0x8103 value of `setParameter` in its format. */
function parameterValue(def: CommandDef, a: Readonly<Record<string, unknown>>): number[] {
  const format = attr(def, a, 'format') as string;
  const value = attr(def, a, 'value') as string;
  if (format === 'string') return gbkBytes(value, 'value');
  if (format === 'hex') {
    if (!/^(?:[0-9A-Fa-f]{2})*$/.test(value)) throw new CommandError(`'value' must be hex bytes for format hex, got ${JSON.stringify(value)}`);
    return Array.from(fromHex(value));
  }
  const n = Number(value);
  const size = format === 'byte' ? 1 : format === 'word' ? 2 : 4;
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n >= 2 ** (8 * size)) throw new CommandError(`'value' must be a whole number from 0 to ${2 ** (8 * size) - 1} for format ${format}, got ${JSON.stringify(value)}`);
  return u32(n).slice(4 - size);
}

/** Message id and body of a framed command. */
function messageOf(def: CommandDef, a: Readonly<Record<string, unknown>>, variant: string | undefined): [number, number[]] {
  switch (def.type) {
    case 'engineStop':
    case 'engineResume': {
      const stop = def.type === 'engineStop';
      if (variant === 'w15l') return [0x8105, [stop ? 0x64 : 0x65]];
      if (variant === 'vl300') return [0x8105, Array.from(stop ? '#0;1' : '#0;0', (c) => c.charCodeAt(0))];
      return [0x8105, [stop ? 0xf0 : 0xf1]];
    }
    case 'rebootDevice':
      return [0x8105, [4]];
    case 'powerOff':
      return [0x8105, [3]];
    case 'factoryReset':
      return [0x8105, [5]];
    case 'positionSingle':
      return [0x8201, []];
    case 'positionPeriodic':
      return [0x8103, oneParameter(0x0029, u32(attr(def, a, 'frequency') as number), 'frequency')];
    case 'setParameter':
      return [0x8103, oneParameter(attr(def, a, 'id') as number, parameterValue(def, a), 'value')];
    case 'message':
      return [0x8300, [attr(def, a, 'flag') as number, ...gbkBytes(attr(def, a, 'message') as string, 'message')]];
    case 'custom': {
      const text = gbkBytes(attr(def, a, 'data') as string, 'data');
      if (variant === 'jc371') return [0x8900, [0xf0, ...text]];
      if (variant === 'at') return [0x8103, oneParameter(0xf030, text, 'data')];
      return [0x8300, [0x01, ...text]];
    }
    case 'statusQuery':
      return [0x8320, Array.from(fromHex(attr(def, a, 'data') as string))];
    case 'carReturn':
      return [0x8410, Array.from(fromHex(attr(def, a, 'data') as string))];
    default:
      return [attr(def, a, 'messageId') as number, Array.from(fromHex(attr(def, a, 'data') as string))];
  }
}

/** A whole unescaped frame `7e … 7e` with its inner bytes escaped (what a frame encoder does). */
function escapeFrame(frame: Uint8Array): Uint8Array {
  if (frame.length < 2 || frame[0] !== FLAG || frame[frame.length - 1] !== FLAG) throw new CommandError("'data' must be a whole frame starting and ending with 7e when no messageId is given");
  return Uint8Array.from([FLAG, ...escapeBytes(frame.subarray(1, frame.length - 1), ESC, CODES), FLAG]);
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'jt808', type);
  if (target.variant !== undefined && !def.variants?.[target.variant]) {
    throw new CommandError(`${type} has no variant '${target.variant}'${def.variants ? `; known: ${Object.keys(def.variants).join(', ')}` : ''}`);
  }
  if (type === 'customHex' && attr(def, attributes, 'messageId') === undefined) {
    return { bytes: escapeFrame(fromHex(attr(def, attributes, 'data') as string)) };
  }
  if (!/\d/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} has no digits for the JT808 phone field`);
  const [id, body] = messageOf(def, attributes, target.variant);
  if (body.length > MAX_BODY) throw new CommandError(`the ${type} body would be ${body.length} bytes: a JT808 message body holds at most ${MAX_BODY} (shorten '${type === 'message' ? 'message' : type === 'setParameter' ? 'value' : 'data'}')`);
  const serial = target.serial & 0xffff;
  return { bytes: message(id, { v2019: false, phone: deviceIdToPhone(target.deviceId) }, serial, body), serial };
}

export const commands: ProtocolCommands = { list: LIST, encode };
