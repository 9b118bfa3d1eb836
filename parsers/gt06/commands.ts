/**
 * GT06 downlink commands. Every text command travels as the server's online command, protocol
 * number 0x80 in the 0x7878 form: `78 78 <len> 80 <command len> <server flag(4)> <ASCII text>
 * [<language(2)>] <serial(2)> <CRC-16/X-25> 0d 0a`, the command length counting flag and text.
 * The text is what the device also takes by SMS: Concox `Relay,1#`/`Relay,0#` (clones want
 * `DYD,<password>#`/`HFYD,<password>#`), `WHERE#`, `RESET#`, `TIMER,<T1>,<T2>#`, `GMT,<E|W>,<h>,<m>#`,
 * `SENALM,ON#`/`SENALM,OFF#`. The device answers with 0x15 (or 0x21 on 0x7979), echoing the flag.
 * Spec: Concox "GT06 GPS Tracker Communication Protocol" v1.8 and "JM-VL03" v1.1.2 (online command
 * 0x80); Concox SMS command lists; frame checked against Traccar's Gt06ProtocolEncoderTest vector.
 */
import { CommandError, attr, findCommand, type AttributeSchema, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { fromHex } from '../core/bytes';
import { packet } from './respond';

/** Attributes every 0x80 text command carries besides its own. */
const FRAME_ATTRIBUTES: Readonly<Record<string, AttributeSchema>> = {
  serverFlag: { type: 'integer', description: 'Server flag bits (4 bytes) the device echoes in its answer', minimum: 0, maximum: 0xffffffff, default: 0 },
  language: { type: 'integer', description: 'Language word after the text, for firmware that expects one (1 Chinese, 2 English); absent: none', enum: [1, 2] },
};

/** `GMT`, `UTC`, or an offset `±h[:mm]` with an optional GMT/UTC prefix. */
const TZ_PATTERN = /^(?:GMT|UTC|(?:GMT|UTC)?\s*([+-]?)(\d{1,2})(?::?(\d{2}))?)$/;

const PASSWORD: AttributeSchema = { type: 'string', description: 'Device password (DYD/HFYD variant)', pattern: '^[0-9A-Za-z]{1,16}$', default: '123456' };

/** A text command definition with the frame attributes added. */
const text = (d: Omit<CommandDef, 'attributes'> & { attributes?: CommandDef['attributes'] }): CommandDef => ({ ...d, attributes: { ...d.attributes, ...FRAME_ATTRIBUTES } });

const RELAY_VARIANTS = {
  relay: 'Concox GT06/GT06N and most compatibles: Relay,1# / Relay,0#',
  dyd: 'Clones that want the password: DYD,<password># / HFYD,<password>#',
} as const;

const LIST: readonly CommandDef[] = [
  text({
    type: 'engineStop',
    label: 'Engine stop',
    doc: 'Cut the fuel/power relay (Relay,1#, or DYD,<password>#). Firmware may wait until the vehicle is slow or stopped.',
    immobilises: true,
    attributes: { password: PASSWORD },
    variants: RELAY_VARIANTS,
  }),
  text({
    type: 'engineResume',
    label: 'Engine resume',
    doc: 'Restore the fuel/power relay (Relay,0#, or HFYD,<password>#).',
    attributes: { password: PASSWORD },
    variants: RELAY_VARIANTS,
  }),
  text({ type: 'positionSingle', label: 'Position now', doc: 'WHERE#: the device answers with its position as text (0x15/0x21).' }),
  text({ type: 'rebootDevice', label: 'Reboot', doc: 'RESET#: restart the device.' }),
  text({
    type: 'positionPeriodic',
    label: 'Report interval',
    doc: 'TIMER,<T1>,<T2>#: report every T1 seconds with ACC on and every T2 seconds with ACC off (0 = no timed reports).',
    attributes: {
      frequency: { type: 'integer', description: 'Seconds between reports with ACC on (5–18000)', minimum: 5, maximum: 18000 },
      frequencyStopped: { type: 'integer', description: 'Seconds between reports with ACC off (0, or 5–18000); default: the same as frequency', minimum: 0, maximum: 18000 },
    },
    required: ['frequency'],
  }),
  text({
    type: 'setTimezone',
    label: 'Time zone',
    doc: 'GMT,<E|W>,<hours>,<minutes>#: the offset the device uses for its SMS answers and local clock.',
    attributes: { timezone: { type: 'string', description: 'UTC offset: GMT+8, UTC-03:30, +05:45, 0', pattern: TZ_PATTERN.source } },
    required: ['timezone'],
  }),
  text({
    type: 'alarmArm',
    label: 'Arm (vibration alarm on)',
    doc: 'SENALM,ON[,<mode>]#: the vibration alarm, Concox\'s arming.',
    attributes: { alarmMode: { type: 'integer', description: 'How the alarm is reported: 0 GPRS, 1 SMS+GPRS, 2 GPRS+SMS+call; absent: the device setting', enum: [0, 1, 2] } },
  }),
  text({ type: 'alarmDisarm', label: 'Disarm (vibration alarm off)', doc: 'SENALM,OFF#.' }),
  text({
    type: 'custom',
    label: 'Custom text',
    doc: 'Any command text the device takes by SMS, sent in a 0x80 frame (e.g. PARAM#, STATUS#, VERSION#).',
    attributes: { data: { type: 'string', description: 'Command text, printable ASCII, usually ending with #' } },
    required: ['data'],
  }),
  {
    type: 'customHex',
    label: 'Custom packet (hex)',
    doc: 'A server packet of any protocol number: the content bytes after the protocol number, framed with length, serial, CRC-16/X-25 and 0d0a.',
    attributes: {
      protocolNumber: { type: 'integer', description: 'Protocol number (message type)', minimum: 0, maximum: 255, default: 0x80 },
      data: { type: 'string', description: 'Content bytes in hex', pattern: '^(?:[0-9A-Fa-f]{2})*$' },
    },
    required: ['data'],
  },
];

/** Longest content of a 0x7878 packet: the length byte counts type, content, serial and CRC. */
const MAX_CONTENT = 0xff - 5;

/** `±h[:mm]` of a timezone text → minutes east of UTC, or null. */
function offsetMinutes(tz: string): number | null {
  const m = TZ_PATTERN.exec(tz.trim());
  if (!m) return null;
  if (m[2] === undefined) return 0;
  const h = Number(m[2]);
  const min = Number(m[3] ?? 0);
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** The command text of `def` from its attributes. */
function commandText(def: CommandDef, a: Readonly<Record<string, unknown>>, variant: string | undefined): string {
  const dyd = variant === 'dyd';
  switch (def.type) {
    case 'engineStop':
      return dyd ? `DYD,${attr(def, a, 'password')}#` : 'Relay,1#';
    case 'engineResume':
      return dyd ? `HFYD,${attr(def, a, 'password')}#` : 'Relay,0#';
    case 'positionSingle':
      return 'WHERE#';
    case 'rebootDevice':
      return 'RESET#';
    case 'positionPeriodic': {
      const t1 = attr(def, a, 'frequency') as number;
      const t2 = (attr(def, a, 'frequencyStopped') as number | undefined) ?? t1;
      if (t2 > 0 && t2 < 5) throw new CommandError(`'frequencyStopped' must be 0 or 5–18000, got ${t2}`);
      return `TIMER,${t1},${t2}#`;
    }
    case 'setTimezone': {
      const tz = attr(def, a, 'timezone') as string;
      const off = offsetMinutes(tz);
      if (off === null || Math.abs(off) > 14 * 60) throw new CommandError(`'timezone' is not a UTC offset between -14:00 and +14:00: ${JSON.stringify(tz)}`);
      const abs = Math.abs(off);
      return `GMT,${off < 0 ? 'W' : 'E'},${Math.floor(abs / 60)},${abs % 60}#`;
    }
    case 'alarmArm': {
      const mode = attr(def, a, 'alarmMode');
      return mode === undefined ? 'SENALM,ON#' : `SENALM,ON,${mode}#`;
    }
    case 'alarmDisarm':
      return 'SENALM,OFF#';
    default: {
      const data = attr(def, a, 'data') as string;
      if (!/^[\x20-\x7e]+$/.test(data)) throw new CommandError(`'data' must be printable ASCII text, got ${JSON.stringify(data)}`);
      return data;
    }
  }
}

/** The 0x80 content: command length, server flag, text, optional language word. */
function onlineCommand(def: CommandDef, a: Readonly<Record<string, unknown>>, textValue: string): number[] {
  const flag = attr(def, a, 'serverFlag') as number;
  const language = attr(def, a, 'language') as number | undefined;
  const bytes = Array.from(textValue, (c) => c.charCodeAt(0));
  const content = [4 + bytes.length, (flag >>> 24) & 0xff, (flag >>> 16) & 0xff, (flag >>> 8) & 0xff, flag & 0xff, ...bytes];
  if (language !== undefined) content.push(0, language);
  const most = MAX_CONTENT - 5 - (language === undefined ? 0 : 2);
  if (bytes.length > most) throw new CommandError(`'data' has ${bytes.length} characters: a 0x7878 command holds at most ${most}`);
  return content;
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'gt06', type);
  if (target.variant !== undefined && !def.variants?.[target.variant]) {
    throw new CommandError(`${type} has no variant '${target.variant}'${def.variants ? `; known: ${Object.keys(def.variants).join(', ')}` : ''}`);
  }
  const serial = target.serial & 0xffff;
  if (type === 'customHex') {
    const data = attr(def, attributes, 'data') as string;
    const content = fromHex(data);
    if (content.length > MAX_CONTENT) throw new CommandError(`'data' has ${content.length} bytes: a 0x7878 packet holds at most ${MAX_CONTENT}`);
    return { bytes: packet(attr(def, attributes, 'protocolNumber') as number, content, serial), serial };
  }
  const content = onlineCommand(def, attributes, commandText(def, attributes, target.variant));
  return { bytes: packet(0x80, content, serial), serial };
}

export const commands: ProtocolCommands = { list: LIST, encode };
