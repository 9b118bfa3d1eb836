/**
 * TK103 downlink commands, in two firmware forms:
 * - `standard`: `(` + device id + 4-character command + parameters + `)`, e.g. `(<id>AV010)` engine
 *   stop, `(<id>AR00<interval, 4 hex digits>0000)` periodic position; the id is the one the device
 *   reports (12 characters, or its 15-digit IMEI);
 * - `alternative`: `[begin]sms2,<SMS command>,[end]`, no device id (`*getposl*`, `*routetrack*99*`,
 *   `88888888` reboot, …), for firmware that takes its SMS commands over GPRS.
 * Spec: "TK103 GPS tracker communication protocol" (server commands AP00, AR00, AT00, AV00, AV01,
 * AX01, AP07) and Traccar's Tk103ProtocolEncoder (both forms); bytes checked against
 * test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type AttributeSchema, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';

type Read = (name: string) => string | number | boolean | undefined;

/** A command and the text of each form it has (without the framing). */
interface Entry {
  def: CommandDef;
  /** The part after the device id, e.g. `AV010`. */
  standard?: (v: Read) => string;
  /** The SMS command between `[begin]sms2,` and `,[end]`. */
  alternative?: (v: Read) => string;
}

const STANDARD = 'standard';
const ALTERNATIVE = 'alternative';

const DATA: AttributeSchema = { type: 'string', description: 'Command text (standard form: what follows the device id, e.g. AA00)', pattern: '^[\\x20-\\x27\\x2a-\\x7e]+$' };
const FREQUENCY: AttributeSchema = { type: 'integer', description: 'Reporting interval in seconds (standard form; the alternative form always sends *routetrack*99*)', minimum: 1, maximum: 0xffff };
const ENABLE: AttributeSchema = { type: 'boolean', description: 'On (true) or off (false)' };

/** A command definition; `forms` gives the variants' descriptions and says which forms exist. */
function entry(type: string, label: string, doc: string, forms: { standard?: [string, (v: Read) => string]; alternative?: [string, (v: Read) => string] }, attributes: Record<string, AttributeSchema> = {}, extra: Partial<CommandDef> = {}): Entry {
  const variants: Record<string, string> = {};
  if (forms.standard) variants[STANDARD] = forms.standard[0];
  if (forms.alternative) variants[ALTERNATIVE] = forms.alternative[0];
  return { def: { type, label, doc, attributes, variants, ...extra }, standard: forms.standard?.[1], alternative: forms.alternative?.[1] };
}

const ENTRIES: readonly Entry[] = [
  entry('engineStop', 'Engine stop', 'Cut the fuel/power relay (AV01 with 0).', { standard: ['(<id>AV010)', () => 'AV010'] }, {}, { immobilises: true }),
  entry('engineResume', 'Engine resume', 'Restore the fuel/power relay (AV01 with 1).', { standard: ['(<id>AV011)', () => 'AV011'] }),
  entry('outputControl', 'Output control', 'Switch the control circuit output (AV00 with 0 or 1).', { standard: ['(<id>AV00<data>)', (v) => `AV00${v('data')}`] }, { data: { type: 'string', description: 'Output state: 1 on, 0 off', enum: ['0', '1'] } }, { required: ['data'], immobilises: true }),
  entry('positionSingle', 'Position now', 'Ask for one position (one-time calling).', { standard: ['(<id>AP00)', () => 'AP00'], alternative: ['[begin]sms2,*getposl*,[end]', () => '*getposl*'] }),
  entry('positionPeriodic', 'Periodic positions', 'Report positions at a fixed interval (AR00 + interval in 4 hex digits + 0000 for no time limit).', {
    standard: ['(<id>AR00<interval hex>0000)', (v) => {
      const f = v('frequency');
      if (f === undefined) throw new CommandError(`positionPeriodic needs 'frequency': ${FREQUENCY.description}`);
      return `AR00${(f as number).toString(16).toUpperCase().padStart(4, '0')}0000`;
    }],
    alternative: ['[begin]sms2,*routetrack*99*,[end]', () => '*routetrack*99*'],
  }, { frequency: FREQUENCY }),
  entry('positionStop', 'Stop periodic positions', 'Stop the periodic reports (interval 0).', { standard: ['(<id>AR0000000000)', () => 'AR0000000000'], alternative: ['[begin]sms2,*routetrackoff*,[end]', () => '*routetrackoff*'] }),
  entry('getVersion', 'Firmware version', 'Ask for the firmware version.', { standard: ['(<id>AP07)', () => 'AP07'], alternative: ['[begin]sms2,*about*,[end]', () => '*about*'] }),
  entry('rebootDevice', 'Reboot', 'Restart the device.', { standard: ['(<id>AT00)', () => 'AT00'], alternative: ['[begin]sms2,88888888,[end]', () => '88888888'] }),
  entry('setOdometer', 'Reset odometer', 'Set the mileage counter (AX01).', { standard: ['(<id>AX01)', () => 'AX01'] }),
  entry('powerOff', 'Power off', 'Switch the device off.', { alternative: ['[begin]sms2,*turnoff*,[end]', () => '*turnoff*'] }),
  entry('getDeviceStatus', 'Device status', 'Ask for the device status.', { alternative: ['[begin]sms2,*status*,[end]', () => '*status*'] }),
  entry('deviceIdentification', 'Identification', 'Ask the device to identify itself.', { alternative: ['[begin]sms2,999999,[end]', () => '999999'] }),
  entry('modeDeepSleep', 'Deep sleep', 'Deep sleep mode on (*sleep*2*) or off (*sleepoff*).', { alternative: ['[begin]sms2,*sleep*2*,[end] / *sleepoff*', (v) => (v('enable') ? '*sleep*2*' : '*sleepoff*')] }, { enable: ENABLE }, { required: ['enable'] }),
  entry('modePowerSaving', 'Power saving', 'Power saving mode on (*sleepv*) or off (*sleepoff*).', { alternative: ['[begin]sms2,*sleepv*,[end] / *sleepoff*', (v) => (v('enable') ? '*sleepv*' : '*sleepoff*')] }, { enable: ENABLE }, { required: ['enable'] }),
  entry('alarmSos', 'SOS alarm', 'SOS alarm on (*soson*) or off (*sosoff*).', { alternative: ['[begin]sms2,*soson*,[end] / *sosoff*', (v) => (v('enable') ? '*soson*' : '*sosoff*')] }, { enable: ENABLE }, { required: ['enable'] }),
  entry('setConnection', 'Server address', 'Point the device at another server (IPv4 address and port).', {
    alternative: ['[begin]sms2,*setip*a*b*c*d*<port>*,[end]', (v) => `*setip*${String(v('server')).replace(/\./g, '*')}*${v('port')}*`],
  }, {
    server: { type: 'string', description: 'Server IPv4 address, e.g. 203.0.113.7', pattern: '^(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}$' },
    port: { type: 'integer', description: 'Server TCP port', minimum: 1, maximum: 65535 },
  }, { required: ['server', 'port'] }),
  entry('sosNumber', 'SOS number', 'Set the master (SOS) phone number; the device checks its password.', {
    alternative: ['[begin]sms2,*master*<password>*<phone>*,[end]', (v) => `*master*${v('devicePassword')}*${v('phone')}*`],
  }, {
    phone: { type: 'string', description: 'Phone number, digits with an optional leading +', pattern: '^\\+?\\d{3,20}$' },
    devicePassword: { type: 'string', description: 'Device password', pattern: '^\\d{1,12}$', default: '123456' },
  }, { required: ['phone'] }),
  entry('custom', 'Custom command', 'Any command text: standard form `(<id><data>)` with a 4-character command first (AA00, AV011), alternative form `[begin]sms2,<data>,[end]`.', {
    standard: ['(<id><data>)', (v) => {
      const data = String(v('data'));
      if (!/^[A-Z]{2}[0-9A-Z]{2}/.test(data)) throw new CommandError(`'data' must start with a 4-character command such as AV01 in the standard form, got ${JSON.stringify(data)}`);
      return data;
    }],
    alternative: ['[begin]sms2,<data>,[end]', (v) => String(v('data'))],
  }, { data: DATA }, { required: ['data'] }),
];

const LIST: readonly CommandDef[] = ENTRIES.map((e) => e.def);

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'tk103', type);
  const e = ENTRIES.find((x) => x.def === def)!;
  const read: Read = (name) => attr(def, attributes, name);
  const variant = target.variant ?? (e.standard ? STANDARD : ALTERNATIVE);
  if (variant === STANDARD && e.standard) {
    if (!/^[0-9A-Za-z]{1,20}$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} is not 1-20 letters or digits`);
    return { bytes: ascii(`(${target.deviceId}${e.standard(read)})`) };
  }
  if (variant === ALTERNATIVE && e.alternative) return { bytes: ascii(`[begin]sms2,${e.alternative(read)},[end]`) };
  throw new CommandError(`${type} has no '${variant}' form; it has ${Object.keys(def.variants ?? {}).join(', ')}`);
}

export const commands: ProtocolCommands = { list: LIST, encode };
