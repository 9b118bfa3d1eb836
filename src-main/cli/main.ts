/** `trackwire` command line: desktop app, web mode, headless listener, decode-hex. */
import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Engine, VERSION } from '../engine/engine';
import { UserError } from '../engine/errors';
import { formatHostPort } from '../engine/address';
import { startWebServer } from '../web/server';
import { HELP, parseArgs, type CliOptions } from './args';
import { HexDecoder } from '../engine/decode-hex';
import { engineOptions } from './engine-options';
import { decodeFile } from './decode-file';
import { compareCommand } from './compare';
import { validateFile } from './validate-file';
import { CommandQueue } from '../engine/commands';
import { decodeWith } from '../engine/frames';
import type { FieldNode } from '../../parsers/core/types';
import { formatReport, parseSimulateArgs, runSimulation, SIMULATE_USAGE } from '../engine/simulate/index';
import readline from 'node:readline';
import type { ListenerStatus } from '../api/contract';

/** The project root: dist-main/.. when bundled. */
const APP_ROOT = path.resolve(__dirname, '..');

export async function main(argv: string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    return fail(e);
  }
  try {
    switch (o.command) {
      case 'help':
        console.log(HELP);
        return 0;
      case 'version':
        console.log(VERSION);
        return 0;
      case 'decode-hex':
        return await decodeHex(o);
      case 'decode': {
        const file = o.positional[0];
        if (!file) throw new UserError('decode needs a capture file: trackwire decode FILE.pcapng [--format ndjson|json|csv|pcapng] [--filter EXPR]');
        return await decodeFile({ file, format: o.format, filter: o.filter, output: o.output, protocol: o.protocol });
      }
      case 'validate': {
        const file = o.positional[0];
        if (!file) throw new UserError('validate needs a capture file: trackwire validate FILE.pcapng [--device ID] [--html out.html] [--json out.json] [--interval MIN..MAX]');
        return await validateFile({ file, device: o.cmd.device, protocol: o.protocol, html: o.validate.html, json: o.validate.json, interval: o.validate.interval });
      }
      case 'compare':
        return await compareCommand(o.rest);
      case 'simulate':
        return await simulate(o.rest);
      case 'command':
        return encodeCommand(o);
      case 'listen':
        return await listen(o);
      case 'web':
        return await web(o);
      case 'start':
        return await start(o, argv);
    }
  } catch (e) {
    return fail(e);
  }
}

function fail(e: unknown): number {
  if (e instanceof UserError) console.error(`trackwire: ${e.message}`);
  else console.error(e);
  return 2;
}

/** One JSON line per input line; a bad line gets an error record and the run goes on (exit 1). */
async function decodeHex(o: CliOptions): Promise<number> {
  if (o.stream && o.transport === 'udp') throw new UserError('--stream joins TCP chunks; UDP datagrams are decoded one per line without it');
  const dec = new HexDecoder({ protocol: o.protocol, transport: o.transport, stream: o.stream, tree: o.tree });
  let errors = 0;
  let n = 0;
  const emit = (r: object | null) => {
    if (!r) return;
    if ('error' in r) errors++;
    process.stdout.write(`${JSON.stringify(r)}\n`);
  };
  if (o.positional.length) {
    emit(dec.line(o.positional.join(''), ++n));
  } else {
    if (process.stdin.isTTY) console.error('Reading hex from standard input, one frame or chunk per line (Ctrl-D to end).');
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const text of rl) emit(dec.line(text, ++n));
  }
  emit(dec.finish(n));
  return errors ? 1 : 0;
}

/** `trackwire command encode …`: the hex on the first line, then the decoded tree with byte ranges. */
function encodeCommand(o: CliOptions): number {
  if (o.positional[0] !== 'encode') throw new UserError('usage: trackwire command encode --protocol P --type T [--attr k=v …] --device ID [--serial N] [--variant V]');
  if (!o.protocol) throw new UserError('command encode needs --protocol');
  if (!o.cmd.type) {
    const types = CommandQueue.catalogue(o.protocol).map((c) => c.type);
    throw new UserError(`command encode needs --type; ${o.protocol} knows: ${types.join(', ') || 'no commands'}`);
  }
  if (!o.cmd.device) throw new UserError('command encode needs --device (the IMEI or terminal id the command is for)');
  const e = CommandQueue.encode(o.protocol, { type: o.cmd.type, attributes: o.cmd.attrs, variant: o.cmd.variant }, o.cmd.device, o.cmd.serial);
  const d = decodeWith(o.protocol, e.bytes, { transport: 'tcp', direction: 'down' });
  console.log(Buffer.from(e.bytes).toString('hex'));
  if (e.def.immobilises) console.log(`# ${e.def.label} immobilises the vehicle`);
  console.log(`# ${d.protocol} ${d.messageType}${e.serial !== undefined ? `, serial ${e.serial}` : ''}`);
  const walk = (nodes: FieldNode[], depth: number) => {
    for (const n of nodes) {
      console.log(`${'  '.repeat(depth)}${n.label}: ${n.display ?? n.value ?? ''} [${n.start}-${n.end}]${n.generated ? ' (computed)' : ''}`);
      for (const i of n.issues ?? []) console.log(`${'  '.repeat(depth + 1)}! ${i.severity}: ${i.message}`);
      if (n.children) walk(n.children, depth + 1);
    }
  };
  walk(d.tree, 0);
  return 0;
}

/** `trackwire simulate …`: devices against a server, then the report; exit 1 when answers were missing. */
async function simulate(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  const opts = parseSimulateArgs(argv);
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  process.once('SIGTERM', onSig);
  const report = await runSimulation({ ...opts, signal: ac.signal }, (line) => console.error(line));
  process.off('SIGINT', onSig);
  process.off('SIGTERM', onSig);
  console.log(formatReport(report));
  return report.missing || report.unexpected || report.errors.length ? 1 : 0;
}

/** One line on where this run is recorded (or why it is not). */
function describeRecording(engine: Engine): void {
  const st = engine.status();
  if (st.upstream) console.log(`Proxy: devices are relayed to ${st.upstream}`);
  const r = st.recorder;
  if (r.state === 'recording') console.log(`Recording: ${r.path}`);
  else if (r.state === 'stopped') console.log(`Not recording: ${r.message ?? 'the recording could not start'}`);
  engine.subscribe((e) => {
    if (e.type === 'status' && e.status.recorder.state === 'stopped' && r.state === 'recording') {
      r.state = 'stopped';
      console.error(`trackwire: ${e.status.recorder.message ?? 'recording stopped'}; the listener goes on`);
    }
  });
}

function describeListeners(ls: ListenerStatus[]): string {
  return ls.map((l) => `${l.transport.toUpperCase()} ${formatHostPort(l.host, l.port)}`).join(', ');
}

async function listen(o: CliOptions): Promise<number> {
  const engine = new Engine();
  const ls = await engine.start(engineOptions(o));
  console.log(`Trackwire ${VERSION} listening: ${describeListeners(ls)}`);
  describeRecording(engine);
  engine.subscribe(
    (e) => {
      if (e.type !== 'frames') return;
      for (const f of e.frames) {
        const t = new Date(f.time).toISOString();
        console.log(`${f.id}\t${t}\t${f.transport} ${f.source}\t${f.direction === 'up' ? '→' : '←'}\t${f.protocol ?? '?'}\t${f.messageType}\t${f.deviceId ?? ''}\t${f.summary}`);
      }
    },
    { everyFrame: true },
  );
  await untilSignal();
  await engine.stop();
  return 0;
}

async function web(o: CliOptions): Promise<number> {
  const engine = new Engine();
  const ls = await engine.start(engineOptions(o));
  let server;
  try {
    server = await startWebServer({ engine, staticDir: path.join(APP_ROOT, 'dist-renderer'), host: o.host, port: o.port });
  } catch (e) {
    await engine.stop();
    throw e;
  }
  console.log(`Trackwire ${VERSION} — web mode`);
  console.log(`Devices: ${describeListeners(ls)}`);
  describeRecording(engine);
  if (server.host !== '127.0.0.1' && server.host !== 'localhost' && server.host !== '::1') {
    console.log(`Warning: the UI is served on ${server.host}, reachable from other machines; the token still guards it.`);
  }
  console.log(`Open: ${server.url}`);
  await untilSignal();
  await server.close();
  await engine.stop();
  return 0;
}

/** Why the desktop app cannot start here, or null when it can. */
function electronUnavailable(): { reason: string } | { binary: string } {
  let binary: unknown;
  try {
    binary = createRequire(path.join(APP_ROOT, 'package.json'))('electron');
  } catch (e) {
    const first = String((e as Error).message).split('\n')[0];
    return { reason: `Electron's binary is not installed (${first})` };
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) return { reason: "Electron's binary is not installed" };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display (DISPLAY is not set)' };
  return { binary };
}

async function start(o: CliOptions, argv: string[]): Promise<number> {
  const e = electronUnavailable();
  if ('reason' in e) {
    console.log(`Desktop app unavailable: ${e.reason}; starting web mode instead.`);
    return web(o);
  }
  const args = [APP_ROOT, ...argv.filter((a) => a !== 'start')];
  const child = spawn(e.binary, args, { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
