/**
 * Carscop downlink commands. Carscop devices expect no answer, and the downlink command format of
 * the 2G (CCTR) units is not published in the sources at hand, so the catalogue holds `custom`
 * only: the text travels exactly as given (from the device's manual). The 4G models speak JT808:
 * their commands (including the CC888 status query and car return) are in the jt808 catalogue.
 * Spec: PROTOCOLS.md (Carscop: no answer, no known downlink); Traccar's CarscopProtocolDecoder
 * has no encoder.
 */
import { CommandError, attr, findCommand, type CommandDef, type CommandTarget, type EncodedCommand, type ProtocolCommands } from '../core/commands';

const LIST: readonly CommandDef[] = [
  {
    type: 'custom',
    label: 'Custom text',
    doc: 'Text sent to the device exactly as given. The Carscop (CCTR) downlink command format is not published: take the text from the device\'s manual.',
    attributes: { data: { type: 'string', description: 'Command text, printable ASCII' } },
    required: ['data'],
  },
];

function encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand {
  const def = findCommand(LIST, 'carscop', type);
  if (target.variant !== undefined) throw new CommandError(`${type} has no variant '${target.variant}'`);
  const data = attr(def, attributes, 'data') as string;
  if (!/^[\x20-\x7e]+$/.test(data)) throw new CommandError(`'data' must be printable ASCII text, got ${JSON.stringify(data)}`);
  return { bytes: Uint8Array.from(data, (c) => c.charCodeAt(0)) };
}

export const commands: ProtocolCommands = { list: LIST, encode };
