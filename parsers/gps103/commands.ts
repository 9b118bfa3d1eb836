/**
 * GPS103 (Coban) downlink commands: `**,imei:<IMEI>,<command>[,<parameters>]`, no delimiter, e.g.
 * `**,imei:<id>,C,05m` positions every 5 minutes, `**,imei:<id>,J` engine stop.
 * Spec: Coban GPS103/TK103-2 GPRS command list (A stop, B single position, C interval, J/K cut/restore
 * oil and power, L/M arm/disarm, 160 photo); intervals as `<2 digits>s|m|h`; as Traccar's
 * Gps103ProtocolEncoder; bytes checked against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';

/** The command letters (and parameters) after `**,imei:<IMEI>,`. */
const CODES: Readonly<Record<string, (def: CommandDef, a: Readonly<Record<string, unknown>>) => string>> = {
  positionStop: () => 'A',
  positionSingle: () => 'B',
  positionPeriodic: (def, a) => `C,${interval(attr(def, a, 'frequency') as number)}`,
  engineStop: () => 'J',
  engineResume: () => 'K',
  alarmArm: () => 'L',
  alarmDisarm: () => 'M',
  requestPhoto: () => '160',
  custom: (def, a) => String(attr(def, a, 'data')),
};

const LIST: readonly CommandDef[] = [
  { type: 'engineStop', label: 'Engine stop', doc: 'Cut oil and power (J).', immobilises: true, attributes: {} },
  { type: 'engineResume', label: 'Engine resume', doc: 'Restore oil and power (K).', attributes: {} },
  { type: 'positionSingle', label: 'Position now', doc: 'Ask for one position (B).', attributes: {} },
  {
    type: 'positionPeriodic',
    label: 'Periodic positions',
    doc: 'Report at an interval (C), sent as two digits and a unit: 30s, 05m, 01h.',
    attributes: { frequency: { type: 'integer', description: 'Interval in seconds: 1-59 s, whole minutes below an hour, or whole hours up to 99 h', minimum: 1, maximum: 99 * 3600 } },
    required: ['frequency'],
  },
  { type: 'positionStop', label: 'Stop periodic positions', doc: 'Cancel the interval reports (A).', attributes: {} },
  { type: 'alarmArm', label: 'Arm', doc: 'Arm the alarm (L).', attributes: {} },
  { type: 'alarmDisarm', label: 'Disarm', doc: 'Disarm the alarm (M).', attributes: {} },
  { type: 'requestPhoto', label: 'Take photo', doc: 'Ask for a picture from the camera (160).', attributes: {} },
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'Any command after the IMEI, e.g. H,080 (speed alarm at 80 km/h).',
    attributes: { data: { type: 'string', description: 'Command letter and parameters, e.g. H,080', pattern: '^[\\x20-\\x3a\\x3c-\\x7e]+$' } },
    required: ['data'],
  },
];

/** Seconds as the device's two digits and unit (`30s`, `05m`, `01h`); only exact values. */
export function interval(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${two(seconds)}s`;
  if (seconds < 3600 && seconds % 60 === 0) return `${two(seconds / 60)}m`;
  if (seconds % 3600 === 0) return `${two(seconds / 3600)}h`;
  throw new CommandError(`'frequency' must be below 60 s, whole minutes below an hour or whole hours, got ${seconds}`);
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'gps103', type);
  if (!/^\d{1,20}$/.test(target.deviceId)) throw new CommandError(`device id ${JSON.stringify(target.deviceId)} is not an IMEI (digits)`);
  return { bytes: ascii(`**,imei:${target.deviceId},${CODES[type]!(def, attributes)}`) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
