/**
 * GoSafe downlink commands. The G79W protocol document describes only what the device sends and
 * the server's `1234` acknowledgement; the downlink command format is not published in the
 * sources at hand, so the catalogue holds `custom` only: the text travels exactly as given (what
 * the device's manual or the vendor's tool sends, e.g. a configuration command).
 * Spec: GoSafe "G79W Protocol" V1.5 (uplink and acknowledgement only).
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';

const LIST: readonly CommandDef[] = [
  {
    type: 'custom',
    label: 'Custom text',
    doc: 'Text sent to the device exactly as given. The GoSafe downlink command format is not published: take the text from the device\'s manual.',
    attributes: { data: { type: 'string', description: 'Command text, printable ASCII' } },
    required: ['data'],
  },
];

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'gosafe', type);
  if (target.variant !== undefined) throw new CommandError(`${type} has no variant '${target.variant}'`);
  const data = attr(def, attributes, 'data') as string;
  if (!/^[\x20-\x7e]+$/.test(data)) throw new CommandError(`'data' must be printable ASCII text, got ${JSON.stringify(data)}`);
  return { bytes: Uint8Array.from(data, (c) => c.charCodeAt(0)) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
