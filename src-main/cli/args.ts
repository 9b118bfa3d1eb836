/** Command-line parsing for `trackwire` (no dependency: a handful of flags). */
import { UserError } from '../engine/errors';
import { parseHostPort, type HostPort } from '../engine/address';
import type { ListenSpec } from '../engine/engine';
import type { ResponderSetting } from '../api/contract';

export type Command = 'start' | 'web' | 'listen' | 'decode-hex' | 'decode' | 'validate' | 'compare' | 'simulate' | 'command' | 'help' | 'version';

export interface CliOptions {
  command: Command;
  listen: ListenSpec[];
  upstream?: HostPort;
  upstreamDown: 'keep' | 'close';
  /** Folder for the pcapng recording; null: --no-record; undefined: the default folder. */
  record?: string | null;
  responder?: ResponderSetting;
  limits: { maxConnections?: number; maxPendingBytes?: number; idleTimeoutSec?: number; maxDatagramBytes?: number };
  host?: string;
  port?: number;
  protocol?: string;
  transport: 'tcp' | 'udp';
  stream: boolean;
  tree: boolean;
  /** decode: output format, filter and file. */
  format: 'ndjson' | 'json' | 'csv' | 'pcapng';
  filter?: string;
  output?: string;
  /** validate: where the HTML and JSON reports go, and the expected reporting interval in seconds. */
  validate: { html?: string; json?: string; interval?: { minSec: number; maxSec: number } };
  /** simulate and compare: their own flags, parsed by the command. */
  rest: string[];
  /** command encode: type, attributes, device, serial, variant. */
  cmd: { type?: string; attrs: Record<string, string>; device?: string; serial: number; variant?: string };
  positional: string[];
}

export const HELP = `Trackwire — protocol analyser and debugging bench for GPS trackers

Usage: trackwire [command] [options]

Commands:
  start              the desktop app (Electron); where Electron or a display is missing,
                     says so and starts web mode instead (this is what npm start runs)
  web                the engine and the UI in your browser, on 127.0.0.1 with a token
  listen             the engine alone: one line per frame on standard output
  decode FILE        a pcap/pcapng capture: TCP reassembled, tracker traffic found on any
                     port, every frame decoded; NDJSON on standard output (--format,
                     --filter, --output)
  validate FILE      hardware validation of a device in a capture: a pass/fail checklist
                     (logs in, protocol, answers, interval, positions, clock, bad frames)
                     with the evidence frames; --device ID, --html FILE, --json FILE,
                     --interval MIN..MAX; exit code 0 pass, 1 fail
  compare A B        firmware A/B comparison of two captures (or two devices of one):
                     message types, fields, codec, answers, intervals; --html FILE,
                     --json FILE (trackwire compare --help); exit 0 same, 1 different
  simulate           simulated devices against a server (trackwire simulate --help)
  command encode     the exact bytes of a downlink command and their decode:
                     --protocol P --type T [--attr k=v …] --device ID [--serial N] [--variant V]
  decode-hex [HEX]   decode hex read from standard input, one input per line (or HEX given
                     here); writes one JSON line per input: candidates, frames, rest

Options:
  --listen HOST:PORT device listener, TCP and UDP (default 0.0.0.0:8888; repeat for more);
                     HOST:PORT,upstream=HOST:PORT proxies that listener to a server
  --upstream HOST:PORT  proxy mode: relay every device to this server unchanged, decode and
                     record both directions (Trackwire does not answer proxied devices)
  --upstream-down keep|close  when the upstream cannot be reached (default keep)
  --record DIR       write every byte to DIR/trackwire-<time>.pcapng (default
                     ~/Trackwire/recordings, or $TRACKWIRE_RECORDINGS)
  --no-record        do not record
  --responder MODE   answer (default), silent, delay:MS or corrupt (bad checksums on purpose)
  --max-connections N   TCP connections at once (default 10000)
  --max-pending BYTES   unframed bytes per connection before they are dropped (default 65536)
  --idle-timeout SEC    close sessions silent this long (default 0: never)
  --max-datagram BYTES  longest UDP datagram kept (default 65507)
  --host HOST        web UI address (default 127.0.0.1; anything else exposes the UI)
  --port N           web UI port (default 8890; 0 picks a free port)
  --protocol ID      decode every session (or decode-hex input) as this protocol
                     instead of detecting it
  --transport udp    decode-hex: each line is a UDP datagram (default tcp)
  --stream           decode-hex: the lines are consecutive chunks of one TCP stream
                     (frames may span lines; the session's device id carries over)
  --tree             decode-hex: include each frame's field tree
  --format F         decode: ndjson (default), json, csv or pcapng
  --filter EXPR      decode: keep frames a display filter matches, e.g.
                     'protocol == gt06 && (type == login || position.speed > 50)',
                     'issue.checksum', 'jt808.header.phone contains "1334"', 'attr.alarm == "sos"'
  --output FILE      decode: write there instead of standard output
  --device ID        validate: the device to check (needed when the capture holds several)
  --html FILE        validate: write the report as a self-contained HTML page
  --json FILE        validate: write the report as JSON (without either, the checklist
                     is printed)
  --interval MIN..MAX  validate: expected seconds between position reports (default
                     5..600; units s, m, h allowed: 5s..10m)
  -h, --help         this help
  -v, --version      the version

Point a tracker at this machine's address, port 8888 (TCP or UDP).`;

const COMMANDS: Command[] = ['start', 'web', 'listen', 'decode-hex', 'decode', 'validate', 'compare', 'simulate', 'command', 'help', 'version'];

/** `30`, `30s`, `5m`, `1.5h` → seconds; null when it is none of these. */
function seconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? 's').toLowerCase();
  return Number(m[1]) * (unit === 'h' ? 3600 : unit === 's' ? 1 : 60);
}

/** `MIN..MAX` in seconds (`5..600`, `5s..10m`); throws a UserError naming --interval. */
export function parseInterval(text: string): { minSec: number; maxSec: number } {
  const [a, b, ...more] = text.split('..');
  const minSec = a === undefined ? null : seconds(a);
  const maxSec = b === undefined ? null : seconds(b);
  if (more.length || minSec === null || maxSec === null || !(maxSec > minSec)) throw new UserError(`--interval expects MIN..MAX seconds with MIN < MAX, e.g. 5..600 or 10s..5m, got '${text}'`);
  return { minSec, maxSec };
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { command: 'start', listen: [], upstreamDown: 'keep', limits: {}, transport: 'tcp', stream: false, tree: false, format: 'ndjson', validate: {}, rest: [], cmd: { attrs: {}, serial: 1 }, positional: [] };
  // `simulate` has its own flags: everything after it goes to the simulator.
  const sim = argv.indexOf('simulate');
  if (sim >= 0 && argv.slice(0, sim).every((a) => a.startsWith('-') === false)) {
    o.command = 'simulate';
    o.rest = argv.slice(sim + 1);
    return o;
  }
  // `compare` has its own flags too (src-main/cli/compare.ts).
  if (argv[0] === 'compare') {
    o.command = 'compare';
    o.rest = argv.slice(1);
    return o;
  }
  const count = (flag: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new UserError(`${flag} expects a whole number from ${min} to ${max}, got '${v}'`);
    return n;
  };
  let commandSet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UserError(`${flag} needs a value (see trackwire --help)`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        o.command = 'help';
        return o;
      case '-v':
      case '--version':
        o.command = 'version';
        return o;
      case '--listen': {
        const [addr, ...extras] = value().split(',');
        const spec: ListenSpec = parseHostPort(addr!, '--listen');
        for (const x of extras) {
          if (!x.startsWith('upstream=')) throw new UserError(`--listen takes HOST:PORT or HOST:PORT,upstream=HOST:PORT, got '${x}'`);
          spec.upstream = parseHostPort(x.slice('upstream='.length), '--listen …,upstream=', '');
          if (!spec.upstream.host) throw new UserError('upstream= needs a host, e.g. upstream=gps.example.com:5023');
        }
        o.listen.push(spec);
        break;
      }
      case '--upstream':
        o.upstream = parseHostPort(value(), '--upstream', '');
        if (!o.upstream.host) throw new UserError('--upstream needs a host, e.g. --upstream gps.example.com:5023');
        break;
      case '--upstream-down': {
        const v = value();
        if (v !== 'keep' && v !== 'close') throw new UserError(`--upstream-down expects keep or close, got '${v}'`);
        o.upstreamDown = v;
        break;
      }
      case '--record':
        o.record = value();
        break;
      case '--no-record':
        o.record = null;
        break;
      case '--responder': {
        const v = value();
        const m = /^(answer|silent|corrupt|delay:(\d+))$/.exec(v);
        if (!m) throw new UserError(`--responder expects answer, silent, delay:MS or corrupt, got '${v}'`);
        o.responder = m[2] !== undefined ? { mode: 'delay', delayMs: count('--responder delay', m[2], 0, 600000) } : { mode: m[1] as 'answer' | 'silent' | 'corrupt' };
        break;
      }
      case '--max-connections':
        o.limits.maxConnections = count(flag, value(), 1, 1_000_000);
        break;
      case '--max-pending':
        o.limits.maxPendingBytes = count(flag, value(), 1024, 64 * 1024 * 1024);
        break;
      case '--idle-timeout':
        o.limits.idleTimeoutSec = count(flag, value(), 0, 86400 * 7);
        break;
      case '--max-datagram':
        o.limits.maxDatagramBytes = count(flag, value(), 16, 65535);
        break;
      case '--host':
        o.host = value();
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) throw new UserError(`--port expects a number from 0 to 65535, got '${v}'`);
        o.port = n;
        break;
      }
      case '--protocol':
        o.protocol = value();
        break;
      case '--transport': {
        const v = value().toLowerCase();
        if (v !== 'tcp' && v !== 'udp') throw new UserError(`--transport expects tcp or udp, got '${v}'`);
        o.transport = v;
        break;
      }
      case '--stream':
        o.stream = true;
        break;
      case '--tree':
        o.tree = true;
        break;
      case '--format': {
        const v = value();
        if (!['ndjson', 'json', 'csv', 'pcapng'].includes(v)) throw new UserError(`--format expects ndjson, json, csv or pcapng, got '${v}'`);
        o.format = v as CliOptions['format'];
        break;
      }
      case '--filter':
        o.filter = value();
        break;
      case '--output':
      case '-o':
        o.output = value();
        break;
      case '--html':
        o.validate.html = value();
        break;
      case '--json':
        o.validate.json = value();
        break;
      case '--interval':
        o.validate.interval = parseInterval(value());
        break;
      case '--type':
        o.cmd.type = value();
        break;
      case '--attr': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UserError(`--attr expects NAME=VALUE, got '${v}'`);
        o.cmd.attrs[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--device':
        o.cmd.device = value();
        break;
      case '--serial':
        o.cmd.serial = count(flag, value(), 0, 0xffff);
        break;
      case '--variant':
        o.cmd.variant = value();
        break;
      default:
        if (a.startsWith('-')) throw new UserError(`unknown option '${a}' (see trackwire --help)`);
        if (!commandSet && COMMANDS.includes(a as Command)) {
          o.command = a as Command;
          commandSet = true;
        } else if (!commandSet && o.positional.length === 0 && !/^[0-9a-fA-F\s]+$/.test(a)) {
          throw new UserError(`unknown command '${a}' (see trackwire --help)`);
        } else o.positional.push(a);
    }
  }
  return o;
}
