/** Command-line parsing for `trackwire` (no dependency: a handful of flags). */
import { UserError } from '../engine/errors';
import { parseHostPort, type HostPort } from '../engine/address';

export type Command = 'start' | 'web' | 'listen' | 'decode-hex' | 'help' | 'version';

export interface CliOptions {
  command: Command;
  listen: HostPort[];
  host?: string;
  port?: number;
  protocol?: string;
  transport: 'tcp' | 'udp';
  stream: boolean;
  tree: boolean;
  positional: string[];
}

export const HELP = `Trackwire — protocol analyser and debugging bench for GPS trackers

Usage: trackwire [command] [options]

Commands:
  start              the desktop app (Electron); where Electron or a display is missing,
                     says so and starts web mode instead (this is what npm start runs)
  web                the engine and the UI in your browser, on 127.0.0.1 with a token
  listen             the engine alone: one line per frame on standard output
  decode-hex [HEX]   decode hex read from standard input, one input per line (or HEX given
                     here); writes one JSON line per input: candidates, frames, rest

Options:
  --listen HOST:PORT device listener, TCP and UDP (default 0.0.0.0:8888; repeat for more)
  --host HOST        web UI address (default 127.0.0.1; anything else exposes the UI)
  --port N           web UI port (default 8890; 0 picks a free port)
  --protocol ID      decode every session (or decode-hex input) as this protocol
                     instead of detecting it
  --transport udp    decode-hex: each line is a UDP datagram (default tcp)
  --stream           decode-hex: the lines are consecutive chunks of one TCP stream
                     (frames may span lines; the session's device id carries over)
  --tree             decode-hex: include each frame's field tree
  -h, --help         this help
  -v, --version      the version

Point a tracker at this machine's address, port 8888 (TCP or UDP).`;

const COMMANDS: Command[] = ['start', 'web', 'listen', 'decode-hex', 'help', 'version'];

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { command: 'start', listen: [], transport: 'tcp', stream: false, tree: false, positional: [] };
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
      case '--listen':
        o.listen.push(parseHostPort(value(), '--listen'));
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
