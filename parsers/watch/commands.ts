/**
 * 3G watch downlink commands: `[<vendor>*<id>*<length>*<content>]` with the length in four
 * lowercase hex digits, e.g. `[CS*<id>*0005*RESET]`. Text content goes as it is; the binary audio
 * of a voice message (`TK,<amr>`) travels with `} [ ] , *` escaped as `}` + 01..05, and its length
 * counts the escaped bytes, as the reference server writes it. Firmware that numbers its messages
 * (ZJ) puts a four-hex-digit index before the length.
 * Spec: "3G watch communication protocol" (SeTracker family: CR, SOS1..3, SOSSMS, LOWBAT, RESET,
 * POWEROFF, REMOVE, SILENCETIME, REMIND, PHB, MESSAGE, TK, UPLOAD, LZ, FLOWER); formats as
 * Traccar's WatchProtocolEncoder; bytes checked against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type AttributeSchema, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { concatBytes, escapeBytes, fromHex } from '../core/bytes';
import { rawOffsetMinutes } from '../core/timezone';

/** `}` escapes of binary content: code → the byte it stands for. */
const ESCAPES: Readonly<Record<number, number>> = { 0x01: 0x7d, 0x02: 0x5b, 0x03: 0x5d, 0x04: 0x2c, 0x05: 0x2a };

/** Vendor codes (the two characters after `[`); ZJ firmware also carries a message index. */
const VARIANTS: Readonly<Record<string, string>> = {
  CS: '[CS*<id>*<len>*…] (default)',
  '3G': '[3G*<id>*<len>*…]',
  SG: '[SG*<id>*<len>*…]',
  ZJ: '[ZJ*<id>*<index>*<len>*…] with the serial as a 4-hex-digit message index',
};
const INDEXED = new Set(['ZJ']);

/** Printable ASCII without the framing characters `[ ] *`. */
const TEXT = '^[\\x20-\\x29\\x2b-\\x5a\\x5c\\x5e-\\x7e]+$';
const ENABLE: AttributeSchema = { type: 'boolean', description: 'On (true) or off (false)' };

type Read = (name: string) => string | number | boolean | undefined;
const flag = (v: Read) => (v('enable') ? '1' : '0');

/** Text content by command type. */
const CONTENT: Readonly<Record<string, (v: Read) => string>> = {
  positionSingle: () => 'CR',
  positionPeriodic: (v) => `UPLOAD,${v('frequency')}`,
  rebootDevice: () => 'RESET',
  powerOff: () => 'POWEROFF',
  sosNumber: (v) => `SOS${v('index')},${v('phone')}`,
  alarmSos: (v) => `SOSSMS,${flag(v)}`,
  alarmBattery: (v) => `LOWBAT,${flag(v)}`,
  alarmRemove: (v) => `REMOVE,${flag(v)}`,
  silenceTime: (v) => `SILENCETIME,${v('data')}`,
  alarmClock: (v) => `REMIND,${v('data')}`,
  setPhonebook: (v) => `PHB,${v('data')}`,
  message: (v) => `MESSAGE,${utf16Hex(String(v('message')))}`,
  setTimezone: (v) => `LZ,${v('language') ?? ''},${hours(String(v('timezone')))}`,
  setIndicator: (v) => `FLOWER,${v('data')}`,
  custom: (v) => String(v('data')),
};

const def = (type: string, label: string, doc: string, attributes: Record<string, AttributeSchema> = {}, extra: Partial<CommandDef> = {}): CommandDef => ({ type, label, doc, attributes, variants: VARIANTS, ...extra });

const LIST: readonly CommandDef[] = [
  def('positionSingle', 'Position now', 'Ask for a position now (CR).'),
  def('positionPeriodic', 'Upload interval', 'Set the position upload interval (UPLOAD).', { frequency: { type: 'integer', description: 'Interval in seconds', minimum: 10, maximum: 86400 } }, { required: ['frequency'] }),
  def('rebootDevice', 'Reboot', 'Restart the watch (RESET).'),
  def('powerOff', 'Power off', 'Switch the watch off (POWEROFF).'),
  def('sosNumber', 'SOS number', 'Set SOS number 1, 2 or 3 (SOS<n>).', {
    index: { type: 'integer', description: 'SOS number slot', minimum: 1, maximum: 3 },
    phone: { type: 'string', description: 'Phone number (empty clears the slot)', pattern: '^\\+?\\d{0,20}$' },
  }, { required: ['index', 'phone'] }),
  def('alarmSos', 'SOS SMS', 'SMS alert on SOS on or off (SOSSMS).', { enable: ENABLE }, { required: ['enable'] }),
  def('alarmBattery', 'Low battery alarm', 'Low battery alert on or off (LOWBAT).', { enable: ENABLE }, { required: ['enable'] }),
  def('alarmRemove', 'Removal alarm', 'Watch-removed alert on or off (REMOVE).', { enable: ENABLE }, { required: ['enable'] }),
  def('silenceTime', 'Silence time', 'Class/silence periods (SILENCETIME), e.g. 08:10-12:00,14:00-17:00.', { data: { type: 'string', description: 'Periods as hh:mm-hh:mm, comma-separated', pattern: TEXT } }, { required: ['data'] }),
  def('alarmClock', 'Alarm clock', 'Alarm clocks (REMIND), e.g. 08:10-1-1,….', { data: { type: 'string', description: 'Alarms as the watch expects them', pattern: TEXT } }, { required: ['data'] }),
  def('setPhonebook', 'Phone book', 'Phone book entries (PHB), number,name pairs.', { data: { type: 'string', description: 'number,name,… as the watch expects them', pattern: TEXT } }, { required: ['data'] }),
  def('message', 'Text message', 'Show a message on the watch (MESSAGE, text as UTF-16BE hex).', { message: { type: 'string', description: 'Message text (any Unicode)' } }, { required: ['message'] }),
  def('voiceMessage', 'Voice message', 'Play an AMR voice message (TK, binary, escaped).', { data: { type: 'string', description: 'AMR audio in hex (starts with 2321414d52 "#!AMR")', pattern: '^([0-9A-Fa-f]{2})+$' } }, { required: ['data'] }),
  def('setTimezone', 'Time zone and language', 'Set the time zone (hours east of UTC, standard time) and optionally the language (LZ).', {
    timezone: { type: 'string', description: 'Time zone: an IANA name (Europe/Amsterdam) or GMT±hh:mm' },
    language: { type: 'integer', description: 'Language code (0 English, 1 Chinese, …); empty keeps it', minimum: 0, maximum: 99 },
  }, { required: ['timezone'] }),
  def('setIndicator', 'Reward flowers', 'Number of reward flowers shown (FLOWER).', { data: { type: 'string', description: 'Number of flowers', pattern: '^\\d{1,3}$' } }, { required: ['data'] }),
  def('custom', 'Custom command', 'Any text content, e.g. WORK,6-9,11-13 or UPLOAD,600.', { data: { type: 'string', description: 'Content: type and fields, comma-separated', pattern: TEXT } }, { required: ['data'] }),
];

/** Text as the hex of its UTF-16BE code units (lowercase). */
function utf16Hex(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) s += text.charCodeAt(i).toString(16).padStart(4, '0');
  return s;
}

/** Standard offset of a zone in hours, signed, at most two decimals: `+1`, `-11.5`, `+5.75`, `+0`. */
function hours(zone: string): string {
  const min = rawOffsetMinutes(zone);
  if (min === null) throw new CommandError(`'timezone' is not a time zone (an IANA name or GMT±hh:mm): ${JSON.stringify(zone)}`);
  const h = Math.round((Math.abs(min) / 60) * 100) / 100;
  return `${min < 0 ? '-' : '+'}${h}`;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const d = findCommand(LIST, 'watch', type);
  const vendor = target.variant ?? 'CS';
  if (!VARIANTS[vendor]) throw new CommandError(`watch has no variant '${vendor}'; known: ${Object.keys(VARIANTS).join(', ')}`);
  if (!/^[0-9A-Za-z]{1,24}$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} is not 1-24 letters or digits`);
  const read: Read = (name) => attr(d, attributes, name);
  const content = type === 'voiceMessage' ? concatBytes(ascii('TK,'), escapeBytes(fromHex(String(read('data'))), 0x7d, ESCAPES)) : ascii(CONTENT[type]!(read));
  if (content.length > 0xffff) throw new CommandError(`${type}: content of ${content.length} bytes does not fit the 4-hex-digit length`);
  const serial = target.serial & 0xffff;
  const index = INDEXED.has(vendor) ? `${serial.toString(16).padStart(4, '0')}*` : '';
  const head = ascii(`[${vendor}*${target.deviceId}*${index}${content.length.toString(16).padStart(4, '0')}*`);
  const bytes = concatBytes(head, content, ascii(']'));
  return INDEXED.has(vendor) ? { bytes, serial } : { bytes };
}

export const commands: ProtocolCommands = { list: LIST, encode };
