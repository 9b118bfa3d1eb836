/**
 * `trackwire compare A B`: the firmware A/B comparison of two captures (or recorder runs, or two
 * devices of one capture) — the differences as text, or as a self-contained HTML report and JSON.
 * Exit status as `diff`: 0 no differences, 1 differences, 2 trouble.
 */
import fs from 'node:fs';
import { compareSources } from '../engine/analysis/compare';
import { comparisonJson, formatComparisonText, renderComparisonHtml } from '../engine/analysis/compare-report';
import { UserError } from '../engine/errors';

export const COMPARE_USAGE = `trackwire compare A B [--device-a ID] [--device-b ID] [--protocol P] [--html FILE] [--json FILE]

Compares two sources — capture files (pcap/pcapng; a recording is one), or two devices of one
capture (give the same file twice with --device-a and --device-b) — by protocol and message type:
message types present on one side only, fields added, removed or changed (type, byte length),
enum values, codec and framing variant, checksums, the answers devices get and what they send
after them, report and heartbeat intervals, reconnects. Values (positions, speeds, times) are not
differences. Each difference names example frames on both sides, numbered as each file shows them.

  --device-a ID    only this device's sessions of A
  --device-b ID    only this device's sessions of B
  --protocol P     decode every flow of both files as this protocol instead of detecting it
  --html FILE      write the comparison as a self-contained HTML page (charts inline, no network)
  --json FILE      write it as JSON ('-': standard output)
Without --html and --json the differences are printed.

Exit status: 0 no differences, 1 differences, 2 trouble (bad usage, unreadable file).`;

export interface CompareArgs {
  a: string;
  b: string;
  deviceA?: string;
  deviceB?: string;
  protocol?: string;
  html?: string;
  json?: string;
  help?: boolean;
}

/** Parse the arguments after `compare`; throws a UserError naming the problem. */
export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const files: string[] = [];
  const o: Partial<CompareArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) throw new UserError(`${flag} needs a value (see trackwire compare --help)`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { a: '', b: '', help: true };
      case '--device-a':
        o.deviceA = value();
        break;
      case '--device-b':
        o.deviceB = value();
        break;
      case '--protocol':
        o.protocol = value().toLowerCase();
        break;
      case '--html':
        o.html = value();
        break;
      case '--json':
        o.json = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UserError(`unknown option '${arg}' for compare (see trackwire compare --help)`);
        files.push(arg);
    }
  }
  if (files.length !== 2) throw new UserError(`compare needs two capture files, got ${files.length}: trackwire compare A B [--html FILE] [--json FILE]`);
  if (files[0] === files[1] && (o.deviceA ?? null) === (o.deviceB ?? null)) throw new UserError('compare: A and B are the same file; give --device-a and --device-b to compare two of its devices');
  return { ...o, a: files[0]!, b: files[1]! };
}

function write(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/** Run `trackwire compare`; returns the exit status (0 same, 1 different; trouble throws a UserError → 2). */
export async function compareCommand(argv: readonly string[]): Promise<number> {
  const o = parseCompareArgs(argv);
  if (o.help) {
    console.log(COMPARE_USAGE);
    return 0;
  }
  const c = await compareSources({ file: o.a, deviceId: o.deviceA, protocol: o.protocol }, { file: o.b, deviceId: o.deviceB, protocol: o.protocol });
  const written: string[] = [];
  if (o.html) {
    write(o.html, renderComparisonHtml(c));
    written.push(o.html);
  }
  if (o.json === '-') process.stdout.write(comparisonJson(c));
  else if (o.json) {
    write(o.json, comparisonJson(c));
    written.push(o.json);
  }
  if (!o.html && !o.json) process.stdout.write(formatComparisonText(c));
  else {
    const n = c.differences.length;
    const line = `${n ? `${n} difference${n === 1 ? '' : 's'}` : 'no differences'}${written.length ? `; wrote ${written.join(', ')}` : ''}\n`;
    (o.json === '-' ? process.stderr : process.stdout).write(line);
  }
  return c.differences.length ? 1 : 0;
}
