/**
 * JT600 downlink commands: text `(<command>[,<parameter>…])` without a terminal id, e.g. `(S07,0)`
 * engine stop, `(S09,1,<minutes east of UTC>)` time zone, `(S17)` reboot.
 * Spec: Jointech JT600/JT701 server command list (S07 oil/power relay, S09 time zone, S17 restart);
 * as Traccar's Jt600ProtocolEncoder; bytes checked against test/fixtures/corpus/commands.jsonl.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';
import { rawOffsetMinutes } from '../core/timezone';

const LIST: readonly CommandDef[] = [
  { type: 'engineStop', label: 'Engine stop', doc: 'Cut oil/power (S07,0).', immobilises: true, attributes: {} },
  { type: 'engineResume', label: 'Engine resume', doc: 'Restore oil/power (S07,1).', attributes: {} },
  {
    type: 'setTimezone',
    label: 'Time zone',
    doc: 'Set the time zone (S09,1,<minutes east of UTC, standard time>).',
    attributes: { timezone: { type: 'string', description: 'Time zone: an IANA name (Asia/Dubai) or GMT±hh:mm' } },
    required: ['timezone'],
  },
  { type: 'rebootDevice', label: 'Reboot', doc: 'Restart the device (S17).', attributes: {} },
  {
    type: 'custom',
    label: 'Custom command',
    doc: 'Any command between the parentheses, e.g. S17 or S07,0.',
    attributes: { data: { type: 'string', description: 'Command and parameters, comma-separated, without ( )', pattern: '^[\\x20-\\x27\\x2a-\\x3c\\x3e-\\x7e]+$' } },
    required: ['data'],
  },
];

function content(def: CommandDef, attributes: Readonly<Record<string, unknown>>): string {
  switch (def.type) {
    case 'engineStop':
      return 'S07,0';
    case 'engineResume':
      return 'S07,1';
    case 'rebootDevice':
      return 'S17';
    case 'setTimezone': {
      const zone = String(attr(def, attributes, 'timezone'));
      const min = rawOffsetMinutes(zone);
      if (min === null) throw new CommandError(`'timezone' is not a time zone (an IANA name or GMT±hh:mm): ${JSON.stringify(zone)}`);
      return `S09,1,${min}`;
    }
    default:
      return String(attr(def, attributes, 'data'));
  }
}

function encode(type: string, attributes: Readonly<Record<string, unknown>>, _target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'jt600', type);
  return { bytes: Uint8Array.from(`(${content(def, attributes)})`, (ch) => ch.charCodeAt(0)) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
