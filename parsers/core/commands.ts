/**
 * Downlink commands: each protocol's catalogue of typed commands (a JSON schema for the
 * attributes) and its encoder, which computes framing, lengths, serials, escaping and checksums.
 * Every encoded command decodes through the same protocol's `decode` (direction `down`).
 */

/** The JSON-schema subset the catalogue uses (also what the composer's editor completes). */
export interface AttributeSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  minimum?: number;
  maximum?: number;
  enum?: ReadonlyArray<string | number>;
  pattern?: string;
  default?: string | number | boolean;
}

export interface CommandDef {
  /** Common naming: engineStop, engineResume, rebootDevice, positionSingle, positionPeriodic, setTimezone, alarmArm, alarmDisarm, custom, customHex, … */
  type: string;
  label: string;
  doc: string;
  /** Immobilises a vehicle (engine stop, output relay): the UI asks before sending. */
  immobilises?: boolean;
  attributes: Readonly<Record<string, AttributeSchema>>;
  required?: readonly string[];
  /** Firmware variants with different formats (GT06: `relay` `Relay,1#` vs `dyd` `DYD,<password>#`). */
  variants?: Readonly<Record<string, string>>;
}

/** What an encoder needs besides the attributes. */
export interface CommandTarget {
  /** Device id as the protocol carries it (IMEI, phone, terminal id). */
  deviceId: string;
  /** The serial number to use, for protocols that carry one (the caller keeps the counter). */
  serial: number;
  /** One of the command's `variants`. */
  variant?: string;
}

export interface EncodedCommand {
  bytes: Uint8Array;
  /** The serial the frame carries (to match the device's acknowledgement), if any. */
  serial?: number;
}

/** A command that cannot be encoded as asked: the message says which attribute and why. */
export class CommandError extends Error {}

export interface ProtocolCommands {
  list: readonly CommandDef[];
  /** Encode one command; throws CommandError for an unknown type or bad attributes. */
  encode(type: string, attributes: Readonly<Record<string, unknown>>, target: CommandTarget): EncodedCommand;
}

/** Read an attribute as the schema says, or throw a CommandError naming it. */
export function attr(def: CommandDef, attributes: Readonly<Record<string, unknown>>, name: string): string | number | boolean | undefined {
  const s = def.attributes[name];
  if (!s) throw new CommandError(`${def.type} has no attribute '${name}'`);
  let v = attributes[name] ?? s.default;
  if (v === undefined) {
    if (def.required?.includes(name)) throw new CommandError(`${def.type} needs '${name}': ${s.description}`);
    return undefined;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || (s.type === 'integer' && !Number.isInteger(n))) throw new CommandError(`'${name}' must be ${s.type === 'integer' ? 'a whole number' : 'a number'}, got ${JSON.stringify(v)}`);
    if (s.minimum !== undefined && n < s.minimum) throw new CommandError(`'${name}' must be at least ${s.minimum}, got ${n}`);
    if (s.maximum !== undefined && n > s.maximum) throw new CommandError(`'${name}' must be at most ${s.maximum}, got ${n}`);
    v = n;
  } else if (s.type === 'boolean') {
    if (typeof v !== 'boolean') throw new CommandError(`'${name}' must be true or false, got ${JSON.stringify(v)}`);
  } else {
    if (typeof v !== 'string') v = String(v);
    if (s.pattern && !new RegExp(s.pattern).test(v as string)) throw new CommandError(`'${name}' does not fit ${s.pattern}: ${JSON.stringify(v)}`);
  }
  if (s.enum && !s.enum.includes(v as string | number)) throw new CommandError(`'${name}' must be one of ${s.enum.join(', ')}, got ${JSON.stringify(v)}`);
  return v as string | number | boolean;
}

/** Look a command up in a catalogue, or throw a CommandError listing the known ones. */
export function findCommand(list: readonly CommandDef[], protocol: string, type: string): CommandDef {
  const d = list.find((c) => c.type === type);
  if (!d) throw new CommandError(`${protocol} has no command '${type}'; known: ${list.map((c) => c.type).join(', ')}`);
  return d;
}
