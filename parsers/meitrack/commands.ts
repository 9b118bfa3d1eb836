/**
 * Meitrack downlink commands: `@@<data identifier><length>,<IMEI>,<command>[,<parameters>]*<sum>\r\n`
 * with the length counting from the comma after it to the `\r\n` and the sum the byte sum of
 * everything before it, in two uppercase hex digits. The data
 * identifier is one character A–z the device echoes in its reply; these encoders send `A`.
 * Spec: MEITRACK GPRS Protocol (A10 real-time location, A12 interval, B21 arm, C01 output control,
 * C02 SMS, D03 take picture, E91 version, F01 restart GSM module); the C01/B21 arm variants as
 * Traccar's MeitrackProtocolEncoder; bytes checked against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { sum8 } from '../core/checksum';

/** The data identifier these encoders send (the vectors' choice; any of A–z is valid). */
const FLAG = 'A';
const OUTPUTS = 'outputs';
const B21 = 'b21';

type Content = (def: CommandDef, a: Readonly<Record<string, unknown>>, variant: string) => string;

/** The content after the IMEI, by command type. */
const CONTENT: Readonly<Record<string, Content>> = {
  positionSingle: () => 'A10',
  positionPeriodic: (def, a) => `A12,${(attr(def, a, 'frequency') as number) / 10}`,
  engineStop: () => 'C01,0,12222',
  engineResume: () => 'C01,0,02222',
  alarmArm: (_d, _a, v) => (v === B21 ? 'B21,1' : 'C01,0,22122'),
  alarmDisarm: (_d, _a, v) => (v === B21 ? 'B21,0' : 'C01,0,22022'),
  requestPhoto: (def, a) => `D03,${attr(def, a, 'index')},camera_picture.jpg`,
  sendSms: (def, a) => `C02,0,${attr(def, a, 'phone')},${attr(def, a, 'message')}`,
  getVersion: () => 'E91',
  rebootDevice: () => 'F01',
  custom: (def, a) => String(attr(def, a, 'data')),
};

const ARM_VARIANTS = { [OUTPUTS]: 'C01 output pattern (output 3: 1 armed, 0 disarmed)', [B21]: 'B21,1 / B21,0 (firmware with the arm command)' };
/** Printable ASCII without `*` and `,` (they would end the field). */
const TEXT = '^[\\x20-\\x29\\x2b\\x2d-\\x7e]+$';

const LIST: readonly CommandDef[] = [
  { type: 'engineStop', label: 'Engine stop', doc: 'Output 1 on, the others unchanged (C01,0,12222).', immobilises: true, attributes: {} },
  { type: 'engineResume', label: 'Engine resume', doc: 'Output 1 off, the others unchanged (C01,0,02222).', attributes: {} },
  { type: 'positionSingle', label: 'Position now', doc: 'Ask for the current position (A10).', attributes: {} },
  {
    type: 'positionPeriodic',
    label: 'Periodic positions',
    doc: 'Report at an interval (A12, in units of 10 s; 0 stops).',
    attributes: { frequency: { type: 'integer', description: 'Interval in seconds, a multiple of 10 (0 stops the reports)', minimum: 0, maximum: 655350 } },
    required: ['frequency'],
  },
  { type: 'alarmArm', label: 'Arm', doc: 'Arm the alarm.', attributes: {}, variants: ARM_VARIANTS },
  { type: 'alarmDisarm', label: 'Disarm', doc: 'Disarm the alarm.', attributes: {}, variants: ARM_VARIANTS },
  {
    type: 'requestPhoto',
    label: 'Take photo',
    doc: 'Take a picture with a camera and store it as camera_picture.jpg (D03); the device then announces it.',
    attributes: { index: { type: 'integer', description: 'Camera number', minimum: 1, maximum: 9, default: 1 } },
  },
  {
    type: 'sendSms',
    label: 'Send SMS',
    doc: 'Have the device send an SMS (C02).',
    attributes: {
      phone: { type: 'string', description: 'Phone number', pattern: '^\\+?\\d{3,20}$' },
      message: { type: 'string', description: 'Message text (ASCII, no * or ,)', pattern: TEXT },
    },
    required: ['phone', 'message'],
  },
  { type: 'getVersion', label: 'Firmware version', doc: 'Ask for the firmware version and serial number (E91).', attributes: {} },
  { type: 'rebootDevice', label: 'Restart GSM module', doc: 'Restart the GSM module (F01); the manuals name no whole-device reboot.', attributes: {} },
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'Any command and its parameters after the IMEI, e.g. A11,6 or C01,0,21222.',
    attributes: { data: { type: 'string', description: 'Command code and parameters, comma-separated', pattern: '^[A-Za-z0-9]{3}(,[\\x20-\\x29\\x2b-\\x7e]*)?$' } },
    required: ['data'],
  },
];

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/** `@@<flag><length>,<imei>,<content>*<sum>\r\n`; the length counts `,<imei>,<content>*<sum>\r\n`. */
export function frame(flag: string, imei: string, content: string): Uint8Array {
  const length = 1 + imei.length + 1 + content.length + 5;
  const head = `@@${flag}${String(length).padStart(2, '0')},${imei},${content}*`;
  return ascii(`${head}${sum8(ascii(head)).toString(16).toUpperCase().padStart(2, '0')}\r\n`);
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'meitrack', type);
  if (!/^\d{1,20}$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} is not an IMEI (digits)`);
  const variant = target.variant ?? (def.variants ? OUTPUTS : undefined);
  if (variant !== undefined && !def.variants?.[variant]) throw new CommandError(`${type} has no variant '${variant}'${def.variants ? `; known: ${Object.keys(def.variants).join(', ')}` : ''}`);
  if (type === 'positionPeriodic' && (attr(def, attributes, 'frequency') as number) % 10 !== 0) {
    throw new CommandError(`'frequency' must be a multiple of 10 seconds, got ${String(attributes.frequency)}`);
  }
  return { bytes: frame(FLAG, target.deviceId, CONTENT[type]!(def, attributes, variant ?? '')) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
