/** Options of a simulation run, their validation, and `trackwire simulate` flag parsing. */
import { UserError } from '../errors';
import { getProtocol } from '../../../parsers/index';
import { SIM_PROTOCOLS, getSimProtocol } from './protocols/index';
import type { SimVariant } from './protocols/types';

export interface SimulateOptions {
  /** Protocol id, e.g. `gt06`. */
  protocol: string;
  /** Number of simulated devices. */
  devices: number;
  /** Seconds between two positions of one device. */
  intervalSec: number;
  host: string;
  port: number;
  /** Stop sending after this many seconds (default: until `signal` aborts). */
  durationSec?: number;
  /** Each device uses its own UDP socket instead of a TCP connection. */
  udp?: boolean;
  signal?: AbortSignal;
  /** How long an answer may take before it counts as missing (default 3 s). */
  answerTimeoutSec?: number;
  /** Misbehaviour on purpose, to test a server or a validation run (all off by default). */
  faults?: SimulateFaults;
  /** A firmware variant's frame format (Teltonika codec 8E, an extra field or message type), for A/B comparisons. */
  variant?: SimVariant;
}

export type { SimVariant } from './protocols/types';

const VARIANT_USAGE = 'codec=8|8E, extra-field, extra-message';

/** `codec=8E,extra-field,extra-message` → variant; throws a UserError naming the bad part. */
export function parseVariant(text: string): SimVariant {
  const out: SimVariant = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    if (name === 'codec' && (value?.toUpperCase() === '8' || value?.toUpperCase() === '8E')) out.codec = value.toUpperCase() as '8' | '8E';
    else if (name === 'extra-field' && value === undefined) out.extraField = true;
    else if (name === 'extra-message' && value === undefined) out.extraMessage = true;
    else throw new UserError(`--variant expects ${VARIANT_USAGE}, got '${part}'`);
  }
  return out;
}

/** What a badly behaved device does (`--faults zero-fix=5,clock-drift=30,bad-checksum=4`). */
export interface SimulateFaults {
  /** Every n-th position is a fix flagged valid at 0°, 0°. */
  zeroFixEvery?: number;
  /** The device clock runs fast: each position's time is this many seconds later than the one before it should be. */
  clockDriftSecPerPosition?: number;
  /** Every n-th frame after the login goes out with its checksum broken. */
  badChecksumEvery?: number;
}

const FAULT_KEYS: Record<string, keyof SimulateFaults> = { 'zero-fix': 'zeroFixEvery', 'clock-drift': 'clockDriftSecPerPosition', 'bad-checksum': 'badChecksumEvery' };

/** `zero-fix=5,clock-drift=30,bad-checksum=4` → faults; throws a UserError naming the bad part. */
export function parseFaults(text: string): SimulateFaults {
  const out: SimulateFaults = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    const key = FAULT_KEYS[name ?? ''];
    const n = Number(value);
    if (!key || value === undefined || !/^\d+(\.\d+)?$/.test(value) || !(n > 0)) {
      throw new UserError(`--faults expects ${Object.keys(FAULT_KEYS).map((k) => `${k}=N`).join(', ')} (N > 0), got '${part}'`);
    }
    out[key] = n;
  }
  return out;
}

export const MAX_DEVICES = 20_000;
export const MIN_INTERVAL_SEC = 0.05;

export const SIMULATE_USAGE = `trackwire simulate --protocol P [--devices N] [--interval S] [--host H] [--port PORT] [--duration S] [--udp]

Simulated trackers: each device logs in, then sends a position every S seconds along a loop
around a city block and a heartbeat every 5 positions, in the protocol's real frame format,
and checks the server's answers. Prints a report (sent, answered, missing, unexpected,
answer latency) when the duration ends or on Ctrl-C.

  --protocol P     ${SIM_PROTOCOLS.map((p) => p.id).join(', ')}
  --devices N      number of devices, 1..${MAX_DEVICES} (default 1)
  --interval S     seconds between positions, at least ${MIN_INTERVAL_SEC} (default 10)
  --host H         server address (default 127.0.0.1)
  --port PORT      server port (default 8888)
  --duration S     stop after S seconds (default: run until Ctrl-C)
  --udp            one UDP socket per device instead of TCP (${SIM_PROTOCOLS.filter((p) => p.transports.includes('udp')).map((p) => p.id).join(', ')})
  --faults LIST    misbehave on purpose: zero-fix=N (every N-th position a valid fix at 0,0),
                   clock-drift=S (the clock gains S seconds per position),
                   bad-checksum=N (every N-th frame after the login with a broken checksum)
  --variant LIST   another firmware's frame format, to compare against (trackwire compare):
                   codec=8E (teltonika: Codec 8 Extended), extra-field (teltonika: IO 113),
                   extra-message (gt06: 0x94 information with every heartbeat)`;

/** What is wrong with `o`, in one sentence naming the flag, or null when it is usable. */
export function checkOptions(o: SimulateOptions): string | null {
  const sim = getSimProtocol(String(o.protocol));
  if (!sim) {
    const known = getProtocol(String(o.protocol));
    const list = SIM_PROTOCOLS.map((p) => p.id).join(', ');
    return known ? `--protocol ${o.protocol} is decoded by Trackwire but not simulated yet; choose one of ${list}` : `--protocol '${o.protocol}' is not a protocol this simulator knows; choose one of ${list}`;
  }
  if (!Number.isInteger(o.devices) || o.devices < 1 || o.devices > MAX_DEVICES) return `--devices expects a whole number from 1 to ${MAX_DEVICES}, got ${o.devices}`;
  if (!Number.isFinite(o.intervalSec) || o.intervalSec < MIN_INTERVAL_SEC) return `--interval expects seconds, at least ${MIN_INTERVAL_SEC}, got ${o.intervalSec}`;
  if (typeof o.host !== 'string' || !o.host.trim()) return '--host expects a host name or address';
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) return `--port expects a number from 1 to 65535, got ${o.port}`;
  if (o.durationSec !== undefined && (!Number.isFinite(o.durationSec) || o.durationSec <= 0)) return `--duration expects a positive number of seconds, got ${o.durationSec}`;
  if (o.answerTimeoutSec !== undefined && (!Number.isFinite(o.answerTimeoutSec) || o.answerTimeoutSec <= 0)) return `the answer timeout must be a positive number of seconds, got ${o.answerTimeoutSec}`;
  if (o.udp && !sim.transports.includes('udp')) return `${sim.id} runs over TCP only: drop --udp`;
  for (const [k, v] of Object.entries(o.variant ?? {})) {
    if (v !== undefined && v !== false && !sim.variants?.includes(k as keyof SimVariant)) return `--variant: ${sim.id} has no '${k}' variant${sim.variants?.length ? ` (it has ${sim.variants.join(', ')})` : ''}`;
  }
  const f = o.faults ?? {};
  if (f.zeroFixEvery !== undefined && !(Number.isInteger(f.zeroFixEvery) && f.zeroFixEvery >= 1)) return `--faults zero-fix expects a whole number of positions, got ${f.zeroFixEvery}`;
  if (f.badChecksumEvery !== undefined && !(Number.isInteger(f.badChecksumEvery) && f.badChecksumEvery >= 1)) return `--faults bad-checksum expects a whole number of frames, got ${f.badChecksumEvery}`;
  if (f.clockDriftSecPerPosition !== undefined && !(Number.isFinite(f.clockDriftSecPerPosition) && f.clockDriftSecPerPosition > 0)) return `--faults clock-drift expects seconds, got ${f.clockDriftSecPerPosition}`;
  return null;
}

/**
 * Parse the flags of `trackwire simulate` (a leading `simulate` is skipped); throws a UserError
 * naming the flag at the first problem.
 */
export function parseSimulateArgs(argv: string[]): Omit<SimulateOptions, 'signal'> {
  const o: Omit<SimulateOptions, 'signal'> = { protocol: '', devices: 1, intervalSec: 10, host: '127.0.0.1', port: 8888 };
  let protocol: string | undefined;
  const args = argv[0] === 'simulate' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UserError(`${flag} needs a value (see trackwire simulate --help)`);
      return v;
    };
    const number = (what: string): number => {
      const v = value();
      const n = Number(v);
      if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v.trim()) || !Number.isFinite(n)) throw new UserError(`${flag} expects ${what} got '${v}'`);
      return n;
    };
    switch (flag) {
      case '--protocol':
        protocol = value().toLowerCase();
        break;
      case '--devices': {
        const n = number(`a whole number from 1 to ${MAX_DEVICES},`);
        if (!Number.isInteger(n) || n < 1 || n > MAX_DEVICES) throw new UserError(`--devices expects a whole number from 1 to ${MAX_DEVICES}, got '${n}'`);
        o.devices = n;
        break;
      }
      case '--interval':
        o.intervalSec = number(`seconds, at least ${MIN_INTERVAL_SEC},`);
        break;
      case '--duration':
        o.durationSec = number('a positive number of seconds,');
        break;
      case '--host': {
        const h = value().trim();
        o.host = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
        break;
      }
      case '--port': {
        const n = number('a number from 1 to 65535,');
        o.port = n;
        break;
      }
      case '--udp':
        if (inline !== undefined) throw new UserError('--udp takes no value');
        o.udp = true;
        break;
      case '--faults':
        o.faults = parseFaults(value());
        break;
      case '--variant':
        o.variant = parseVariant(value());
        break;
      default:
        throw new UserError(a.startsWith('-') ? `unknown option '${a}' for simulate (see trackwire simulate --help)` : `unexpected argument '${a}' for simulate (see trackwire simulate --help)`);
    }
  }
  if (!protocol) throw new UserError(`simulate needs --protocol, one of ${SIM_PROTOCOLS.map((p) => p.id).join(', ')}`);
  o.protocol = protocol;
  const problem = checkOptions(o);
  if (problem) throw new UserError(problem);
  return o;
}
