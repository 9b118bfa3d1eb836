/**
 * H02 downlink commands: text `*<vendor>,<id>,<command>,<hhmmss>[,<param>…]#`. The vendor code
 * must be the one the device sends (HQ on most; the device ignores commands of another vendor);
 * hhmmss is the server's time, which the device echoes in its V4 confirmation. The time is an
 * attribute (`time`), the current UTC time when absent, so an encoding can be repeated exactly.
 * Commands: S20 fuel/power cut (`1,1`) and restore (`1,0`), SCF arm (`0,0`) and disarm (`1,1`),
 * S71 report interval (`22,<sec>`; some firmware `D1,<sec>` or `S17,<sec>`), D1 with count 1 for
 * one position, R1 cold restart; HuaSunTek firmware takes `CR` and `CQ` without a time.
 * Spec: the vendor's "GPS tracker communication protocol" for ST-901/TK100-class units (D1, S17,
 * R1, S20), HuaSunTek's H02 downlink list (CR, CQ); SCF and S71 as in Traccar's
 * H02ProtocolEncoderTest vectors.
 */
import { CommandError, attr, findCommand, type AttributeSchema, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';

/** Attributes every H02 command carries besides its own. */
const COMMON: Readonly<Record<string, AttributeSchema>> = {
  time: { type: 'string', description: 'hhmmss the command carries (the device echoes it in its V4 answer); default: the current UTC time', pattern: '^(?:[01]\\d|2[0-3])[0-5]\\d[0-5]\\d$' },
  vendor: { type: 'string', description: 'Vendor code after the * (must match the device\'s)', pattern: '^[A-Za-z0-9]{2}$', default: 'HQ' },
};

const def = (d: Omit<CommandDef, 'attributes'> & { attributes?: CommandDef['attributes'] }): CommandDef => ({ ...d, attributes: { ...d.attributes, ...COMMON } });

const SECONDS: AttributeSchema = { type: 'integer', description: 'Seconds between reports', minimum: 1, maximum: 65535 };

const LIST: readonly CommandDef[] = [
  def({ type: 'engineStop', label: 'Engine stop', doc: 'S20,<time>,1,1: cut fuel/power, static mode (the relay stays cut; no engine-signal wire needed).', immobilises: true }),
  def({ type: 'engineResume', label: 'Engine resume', doc: 'S20,<time>,1,0: restore fuel/power.' }),
  def({ type: 'alarmArm', label: 'Arm', doc: 'SCF,<time>,0,0: arm (fortify) the alarm.' }),
  def({ type: 'alarmDisarm', label: 'Disarm', doc: 'SCF,<time>,1,1: disarm the alarm.' }),
  def({
    type: 'positionPeriodic',
    label: 'Report interval',
    doc: 'S71,<time>,22,<sec> sets the upload interval; older firmware takes D1,<time>,<sec> or S17,<time>,<sec> (S17: 30–65535 s).',
    attributes: { frequency: SECONDS },
    required: ['frequency'],
    variants: { s71: 'S71,<time>,22,<sec> (default)', d1: 'D1,<time>,<sec> (firmware that ignores S71)', s17: 'S17,<time>,<sec> (automatic monitoring interval of older units)' },
  }),
  def({
    type: 'positionSingle',
    label: 'Position now',
    doc: 'D1,<time>,30,1: one report now (a count of 1 makes the interval irrelevant); HuaSunTek firmware: CR.',
    variants: { d1: 'D1,<time>,30,1 (default)', cr: '*HQ,<id>,CR# (HuaSunTek)' },
  }),
  def({
    type: 'rebootDevice',
    label: 'Reboot',
    doc: 'R1,<time>: cold restart (clears alarms, keeps the configuration); HuaSunTek firmware: CQ.',
    variants: { r1: 'R1,<time> (default)', cq: '*HQ,<id>,CQ# (HuaSunTek)' },
  }),
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'Any command body, sent as *<vendor>,<id>,<data>#: give the command and its fields, with the time where the command wants one (e.g. S26,130305,0).',
    attributes: { data: { type: 'string', description: 'Command and fields between the id and the #, printable ASCII without #' }, vendor: COMMON.vendor! },
    required: ['data'],
  },
];

/** hhmmss of the current UTC time. */
function nowHhmmss(): string {
  const d = new Date();
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((v) => String(v).padStart(2, '0')).join('');
}

/** Command and fields after the device id, without the #. */
function body(d: CommandDef, a: Readonly<Record<string, unknown>>, variant: string | undefined): string {
  if (d.type === 'custom') {
    const data = attr(d, a, 'data') as string;
    if (!/^[\x20-\x22\x24-\x7e]+$/.test(data)) throw new CommandError(`'data' must be printable ASCII without '#', got ${JSON.stringify(data)}`);
    return data;
  }
  if (variant === 'cr') return 'CR';
  if (variant === 'cq') return 'CQ';
  const t = (attr(d, a, 'time') as string | undefined) ?? nowHhmmss();
  switch (d.type) {
    case 'engineStop':
      return `S20,${t},1,1`;
    case 'engineResume':
      return `S20,${t},1,0`;
    case 'alarmArm':
      return `SCF,${t},0,0`;
    case 'alarmDisarm':
      return `SCF,${t},1,1`;
    case 'positionPeriodic': {
      const f = attr(d, a, 'frequency') as number;
      if (variant === 'd1') return `D1,${t},${f}`;
      if (variant === 's17') {
        if (f < 30) throw new CommandError(`'frequency' must be at least 30 for S17, got ${f}`);
        return `S17,${t},${f}`;
      }
      return `S71,${t},22,${f}`;
    }
    case 'positionSingle':
      return `D1,${t},30,1`;
    default:
      return `R1,${t}`;
  }
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const d = findCommand(LIST, 'h02', type);
  if (target.variant !== undefined && !d.variants?.[target.variant]) {
    throw new CommandError(`${type} has no variant '${target.variant}'${d.variants ? `; known: ${Object.keys(d.variants).join(', ')}` : ''}`);
  }
  if (!/^[0-9A-Za-z]+$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} cannot travel in an H02 command (letters and digits only)`);
  const text = `*${attr(d, attributes, 'vendor')},${target.deviceId},${body(d, attributes, target.variant)}#`;
  return { bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
