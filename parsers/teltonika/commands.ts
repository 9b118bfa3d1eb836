/**
 * Teltonika downlink commands: Codec 12 packets `00000000` + data length(4) + codec `0c` +
 * quantity `01` + type `05` (command) + command size(4) + command + quantity `01` + CRC-16/IBM
 * (4 bytes, over codec … quantity 2). The command is the text of an SMS/GPRS command
 * (`setdigout 1`, `cpureset`, `getver`, …) or raw bytes.
 * Spec: Teltonika wiki "Codec" (Codec 12) and "FMB SMS/GPRS command list"; as Traccar's
 * TeltonikaProtocolEncoder (a `custom` text of hex digit pairs goes as bytes); bytes checked
 * against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { crc16Ibm } from '../core/checksum';
import { fromHex } from '../core/bytes';

const CODEC_12 = 0x0c;
const TYPE_COMMAND = 0x05;
/** Hex digit pairs: a `custom` text of this shape is sent as the bytes it spells. */
const HEX_PAIRS = /^([0-9A-Fa-f]{2})+$/;

/** Text commands of the SMS/GPRS command list, by command type. */
const TEXT: Readonly<Record<string, string>> = {
  engineStop: 'setdigout 1',
  engineResume: 'setdigout 0',
  rebootDevice: 'cpureset',
  positionSingle: 'getrecord',
  getVersion: 'getver',
  getDeviceStatus: 'getstatus',
};

const LIST: readonly CommandDef[] = [
  { type: 'engineStop', label: 'Engine stop', doc: 'Digital output 1 on (setdigout 1), where the relay is wired.', immobilises: true, attributes: {} },
  { type: 'engineResume', label: 'Engine resume', doc: 'Digital output 1 off (setdigout 0).', attributes: {} },
  { type: 'rebootDevice', label: 'Reboot', doc: 'Restart the device (cpureset).', attributes: {} },
  { type: 'positionSingle', label: 'Position now', doc: 'Make a record now and send the records (getrecord).', attributes: {} },
  { type: 'getVersion', label: 'Firmware version', doc: 'Ask for the firmware version (getver).', attributes: {} },
  { type: 'getDeviceStatus', label: 'Device status', doc: 'Ask for the modem/GPRS/GNSS status (getstatus).', attributes: {} },
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'An SMS/GPRS command as text (setparam 2004:1.2.3.4); text made only of hex digit pairs (03030000000185E8) goes as the bytes it spells, as the reference server sends it.',
    attributes: { data: { type: 'string', description: 'Command text, or hex digit pairs for bytes', pattern: '^[\\x20-\\x7e]+$' } },
    required: ['data'],
  },
  {
    type: 'customHex',
    label: 'Custom bytes',
    doc: 'Any bytes as the command of a Codec 12 packet (e.g. a CAN/RS-232 pass-through payload).',
    attributes: { data: { type: 'string', description: 'The bytes in hex', pattern: '^(\\s*[0-9A-Fa-f]{2})+\\s*$' } },
    required: ['data'],
  },
];

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/** The Codec 12 packet carrying one command of `content`. */
export function codec12(content: Uint8Array): Uint8Array {
  // preamble(4) length(4) codec(1) quantity(1) type(1) size(4) content quantity(1) CRC(4)
  const out = new Uint8Array(15 + content.length + 1 + 4);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, content.length + 8);
  out[8] = CODEC_12;
  out[9] = 1;
  out[10] = TYPE_COMMAND;
  dv.setUint32(11, content.length);
  out.set(content, 15);
  out[15 + content.length] = 1;
  dv.setUint32(16 + content.length, crc16Ibm(out, 8, 16 + content.length));
  return out;
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, _target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'teltonika', type);
  const text = TEXT[type];
  if (text !== undefined) return { bytes: codec12(ascii(text)) };
  const data = String(attr(def, attributes, 'data'));
  if (type === 'customHex') return { bytes: codec12(fromHex(data)) };
  if (type === 'custom') return { bytes: codec12(HEX_PAIRS.test(data) ? fromHex(data) : ascii(data)) };
  throw new CommandError(`teltonika cannot encode ${type}`);
}

export const commands: ProtocolCommands = { list: LIST, encode };
