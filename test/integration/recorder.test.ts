/**
 * The recorder against the real thing: files written in a temp dir and read back by tshark
 * (reassembly, checksums, expert info, comments), a child process killed with SIGKILL, a real
 * size limit (ulimit -f) and, where this machine lets us mount one, a real full disk (tmpfs).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../parsers/core/bytes';
import { Recorder, type Endpoint } from '../../src-main/engine/recorder';

const ROOT = path.resolve(__dirname, '..', '..');
const CHECKS = ['-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

/** Run tshark; its "running as root" notice on stderr is dropped. */
function tshark(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('tshark', args, { encoding: 'latin1', maxBuffer: 256 << 20 });
  const err = (r.stderr ?? '').replace(/^Running as user "root".*\n/m, '');
  return { code: r.status, out: r.stdout ?? '', err };
}

/** One row per packet: the fields asked for, tab-separated. */
function fields(file: string, names: string[], extra: string[] = []): string[][] {
  const r = tshark(['-r', file, ...CHECKS, ...extra, '-T', 'fields', ...names.flatMap((n) => ['-e', n])]);
  return r.out
    .split('\n')
    .filter((l) => l.length)
    .map((l) => l.split('\t'));
}

/** The two directions of TCP stream `n` as tshark reassembles them (follow,tcp,raw). */
function follow(file: string, n: number): { client: string; server: string; nodes: string[] } {
  const out = tshark(['-r', file, '-q', '-z', `follow,tcp,raw,${n}`]).out;
  const lines = out.split('\n');
  const nodes = lines.filter((l) => /^Node \d: /.test(l)).map((l) => l.slice(8));
  const body = lines.slice(lines.findIndex((l) => l.startsWith('Node 1: ')) + 1);
  let client = '';
  let server = '';
  for (const l of body) {
    if (l.startsWith('====')) break;
    if (l.startsWith('\t')) server += l.trim();
    else client += l.trim();
  }
  return { client, server, nodes };
}

/** Deterministic bytes that look like nothing in particular. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const bytesOf = (s: string) => Buffer.from(s, 'latin1');
const DEVICE: Endpoint = { address: '::ffff:192.168.7.20', port: 50123 };
const SERVER: Endpoint = { address: '192.168.7.1', port: 8888 };
const DEVICE6: Endpoint = { address: '2001:db8::20', port: 40000 };
const SERVER6: Endpoint = { address: '2001:db8::1', port: 8888 };

describe('Recorder → pcapng → tshark', () => {
  let dir: string;
  let file: string;
  let written: Record<string, Uint8Array>;
  let recorder: Recorder;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-rec-'));
    written = {
      login: bytesOf('\x78\x78\x0d\x01\x01\x23\x45\x67\x89\x01\x23\x45\x00\x01\x8c\xdd\x0d\x0a'),
      ack: bytesOf('\x78\x78\x05\x01\x00\x01\xd9\xdc\x0d\x0a'),
      bulkUp: noise(100_000, 1),
      bulkDown: noise(70_001, 2),
      udpUp: bytesOf('*HQ,4106001234,V1#'),
      udpDown: noise(33, 3),
      v6: noise(1234, 4),
    };
    const errors: string[] = [];
    const t0 = Date.UTC(2026, 0, 2, 3, 4, 5) + 0.25;
    recorder = new Recorder({ dir, onError: (m) => errors.push(m), now: new Date(2026, 0, 2, 3, 4, 5) });
    expect(recorder.path).toBe(path.join(dir, 'trackwire-20260102-030405.pcapng'));
    recorder.tcpOpen('tcp-1', DEVICE, SERVER, t0);
    recorder.tcpData('tcp-1', 'up', written.login!, t0 + 1, 'gt06 login');
    recorder.tcpData('tcp-1', 'down', written.ack!, t0 + 2, 'gt06 login ack');
    recorder.tcpData('tcp-1', 'up', written.bulkUp!, t0 + 3, 'gt06 bulk');
    recorder.tcpData('tcp-1', 'down', written.bulkDown!, t0 + 4, 'undecoded bytes');
    recorder.udp(DEVICE, SERVER, 'up', written.udpUp!, t0 + 5, 'h02 heartbeat');
    recorder.udp(DEVICE, SERVER, 'down', written.udpDown!, t0 + 6);
    recorder.tcpOpen('tcp-2', DEVICE6, SERVER6, t0 + 7);
    recorder.tcpData('tcp-2', 'up', written.v6!, t0 + 8, 'v6 frame');
    recorder.tcpClose('tcp-2', t0 + 9, 'down');
    recorder.tcpClose('tcp-1', t0 + 10);
    recorder.close();
    file = recorder.path;
    expect(errors).toEqual([]);
    expect(recorder.state).toBe('stopped');
    expect(recorder.bytes).toBe(fs.statSync(file).size);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tshark reassembles both directions of both connections byte for byte', () => {
    const s0 = follow(file, 0);
    expect(s0.nodes).toEqual(['192.168.7.20:50123', '192.168.7.1:8888']);
    expect(s0.client).toBe(toHex(written.login!) + toHex(written.bulkUp!));
    expect(s0.server).toBe(toHex(written.ack!) + toHex(written.bulkDown!));
    const s1 = follow(file, 1);
    expect(s1.nodes).toEqual(['[2001:db8::20]:40000', '[2001:db8::1]:8888']);
    expect(s1.client).toBe(toHex(written.v6!));
    expect(s1.server).toBe('');
  });

  it('UDP payloads, comments, segment split and nanosecond times are in the file', () => {
    const rows = fields(file, ['frame.number', 'frame.time_epoch', 'ip.src', 'ipv6.src', 'tcp.len', 'udp.payload', 'frame.comment']);
    expect(rows.length).toBe(recorder.packets);
    expect(rows[0]![1]).toBe('1767323045.000250000');
    const withComment = rows.filter((r) => r[6]).map((r) => [r[4] || '', r[6]]);
    expect(withComment).toEqual([
      ['18', 'gt06 login'],
      ['10', 'gt06 login ack'],
      ['65000', 'gt06 bulk (segment 1/2)'],
      ['35000', 'gt06 bulk (segment 2/2)'],
      ['65000', 'undecoded bytes (segment 1/2)'],
      ['5001', 'undecoded bytes (segment 2/2)'],
      ['', 'h02 heartbeat'],
      ['1234', 'v6 frame'],
    ]);
    const udp = rows.filter((r) => r[5]).map((r) => [r[2], r[5]]);
    expect(udp).toEqual([
      ['192.168.7.20', toHex(written.udpUp!)],
      ['192.168.7.1', toHex(written.udpDown!)],
    ]);
    expect(rows.some((r) => r[3] === '2001:db8::20')).toBe(true);
  });

  it('every IP, TCP and UDP checksum is verified good; no warnings, errors or malformed packets', () => {
    const rows = fields(file, ['ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status']);
    const statuses = rows.flatMap((r) => r.filter((x) => x !== ''));
    // status 1 = verified good (0 = bad, 2 = not verified)
    expect(statuses.length).toBeGreaterThanOrEqual(rows.length);
    expect(new Set(statuses)).toEqual(new Set(['1']));
    const expert = tshark(['-r', file, ...CHECKS, '-q', '-z', 'expert,warn']);
    expect(expert.out).not.toMatch(/Errors \(|Warnings \(/);
    expect(fields(file, ['frame.number'], ['-Y', '_ws.malformed || _ws.expert.severity >= 6291456'])).toEqual([]);
    expect(tshark(['-r', file]).err).toBe('');
  });

  it('the checks above catch a corrupted byte (control)', () => {
    const bad = Buffer.from(fs.readFileSync(file));
    const at = bad.indexOf(Buffer.from(written.login!));
    bad[at + 3]! ^= 0xff;
    const copy = path.join(dir, 'corrupt.pcapng');
    fs.writeFileSync(copy, bad);
    const statuses = fields(copy, ['tcp.checksum.status']).map((r) => r[0]);
    expect(statuses).toContain('0');
    expect(tshark(['-r', copy, ...CHECKS, '-q', '-z', 'expert,warn']).out).toMatch(/Errors \(/);
  });

  it('a file cut in the middle of its last block still opens with every whole packet', () => {
    const bytes = fs.readFileSync(file);
    const lastLen = bytes.readUInt32LE(bytes.length - 4);
    const copy = path.join(dir, 'cut.pcapng');
    fs.writeFileSync(copy, bytes.subarray(0, bytes.length - Math.floor(lastLen / 2)));
    const rows = fields(copy, ['frame.number', 'frame.comment']);
    expect(rows.length).toBe(recorder.packets - 1);
    expect(follow(copy, 0).client).toBe(toHex(written.login!) + toHex(written.bulkUp!));
    expect(tshark(['-r', copy]).err).toMatch(/cut short in the middle of a packet/);
  });

  it('never replaces an earlier recording: a taken name gets a suffix', () => {
    const again = new Recorder({ dir, fileName: path.basename(file) });
    expect(again.path).toBe(file.replace(/\.pcapng$/, '-2.pcapng'));
    expect(again.state).toBe('recording');
    again.close();
    expect(fs.statSync(file).size).toBe(recorder.bytes);
  });
});

describe('Recorder failures are messages, not exceptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-rec-err-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a folder under a regular file: clear message once, every later call a no-op', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const errors: string[] = [];
    const r = new Recorder({ dir: path.join(blocker, 'sub'), onError: (m) => errors.push(m) });
    expect(errors).toEqual([
      `Recording not started: cannot create the folder: a part of the folder path is a file, not a folder (${path.join(blocker, 'sub')}); the listener goes on`,
    ]);
    expect([r.state, r.message]).toEqual(['stopped', errors[0]]);
    expect(r.tcpOpen('k', SERVER, SERVER, 1)).toBe(false);
    expect(r.tcpData('k', 'up', new Uint8Array(3), 2)).toBe(false);
    expect(r.udp(SERVER, SERVER, 'up', new Uint8Array(3), 3)).toBe(false);
    expect(r.tcpClose('k', 4)).toBe(false);
    r.close();
    expect([r.packets, r.bytes, errors.length]).toEqual([0, 0, 1]);
  });

  it('the folder named is a file: says so', () => {
    const f = path.join(dir, 'plain');
    fs.writeFileSync(f, '');
    const r = new Recorder({ dir: f });
    expect(r.message).toBe(`Recording not started: cannot create the folder: that name is a file, not a folder (${f}); the listener goes on`);
  });

  it('data on a connection never opened is refused, the recording goes on', () => {
    const r = new Recorder({ dir, fileName: 'unknown-key.pcapng' });
    expect(r.tcpData('nope', 'up', new Uint8Array(3), 1)).toBe(false);
    expect(r.tcpClose('nope', 1)).toBe(false);
    expect(r.udp(DEVICE, SERVER, 'up', new Uint8Array(3), 1)).toBe(true);
    expect(r.state).toBe('recording');
    r.close();
  });
});

/** Bundle a small script that drives the Recorder, for child processes. */
async function childScript(dir: string): Promise<string> {
  const out = path.join(dir, 'child.mjs');
  await build({
    stdin: {
      contents: `
        import { Recorder } from ${JSON.stringify(path.join(ROOT, 'src-main/engine/recorder.ts'))};
        import readline from 'node:readline';
        const [dir, mode] = process.argv.slice(2);
        const errors = [];
        const r = new Recorder({ dir, fileName: 'child.pcapng', onError: (m) => errors.push(m) });
        const dev = { address: '10.1.1.2', port: 40001 }, srv = { address: '10.1.1.1', port: 8888 };
        r.tcpOpen('c', dev, srv, Date.now());
        if (mode === 'fill') {
          // Write until the recorder stops; nothing may throw.
          let calls = 0;
          while (r.state === 'recording' && calls < 100000) {
            r.tcpData('c', calls % 2 ? 'down' : 'up', new Uint8Array(3000).fill(calls & 0xff), Date.now(), 'fill ' + calls);
            calls++;
          }
          const after = r.tcpData('c', 'up', new Uint8Array(10), Date.now());
          console.log(JSON.stringify({ errors, packets: r.packets, bytes: r.bytes, state: r.state, after, path: r.path }));
        } else {
          // One line in, one packet written, its count out; the parent kills us with SIGKILL.
          const rl = readline.createInterface({ input: process.stdin });
          rl.on('line', (line) => {
            r.tcpData('c', 'up', new TextEncoder().encode(line), Date.now(), 'line');
            process.stdout.write(r.packets + ' ' + r.bytes + '\\n');
          });
        }
      `,
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return out;
}

describe('Recorder in a child process', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-rec-child-'));
    script = await childScript(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kill -9 loses nothing already recorded', async () => {
    const out = path.join(dir, 'crash');
    const child = spawn(process.execPath, [script, out, 'lines'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = ['first line', 'second', 'third and last before the kill'];
    let got = '';
    const counts = await new Promise<string[]>((resolve) => {
      child.stdout.on('data', (d) => {
        got += d;
        const seen = got.split('\n').filter(Boolean);
        if (seen.length < lines.length) child.stdin.write(lines[seen.length] + '\n');
        else resolve(seen);
      });
      child.stdin.write(lines[0] + '\n');
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const [packets, bytes] = counts.at(-1)!.split(' ').map(Number);
    const f = path.join(out, 'child.pcapng');
    expect(fs.statSync(f).size).toBe(bytes);
    const rows = fields(f, ['tcp.payload', 'frame.comment']);
    expect(rows.length).toBe(packets);
    expect(rows.filter((r) => r[1] === 'line').map((r) => Buffer.from(r[0]!, 'hex').toString())).toEqual(lines);
    expect(tshark(['-r', f]).err).toBe('');
  });

  it('a write failing mid-recording (ulimit -f: EFBIG) stops it once; the file keeps whole blocks', () => {
    const out = path.join(dir, 'limited');
    fs.mkdirSync(out);
    // 64 KiB: the header and a few dozen packets fit, then the kernel refuses (node ignores SIGXFSZ).
    const r = spawnSync('bash', ['-c', `ulimit -f 64; exec "${process.execPath}" "${script}" "${out}" fill`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as { errors: string[]; packets: number; bytes: number; state: string; after: boolean; path: string };
    expect(res.errors).toEqual([`Recording stopped: the file has reached the largest size allowed (${res.path}); the listener goes on`]);
    expect([res.state, res.after]).toEqual(['stopped', false]);
    expect(res.packets).toBeGreaterThan(10);
    // The block that failed half-way was cut off: the file is exactly what was counted.
    expect(fs.statSync(res.path).size).toBe(res.bytes);
    expect(fields(res.path, ['frame.number']).length).toBe(res.packets);
    expect(tshark(['-r', res.path]).err).toBe('');
  });
});

// A real full disk needs a small tmpfs: only where this process may mount one (root in CI).
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-full-'));
const mounted = process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mountPoint]).status === 0;

describe.skipIf(!mounted)('Recorder on a disk that fills up (tmpfs of 96 KiB)', () => {
  afterAll(() => {
    spawnSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it('ENOSPC: "the disk is full", reported once, no exception, every counted packet readable', () => {
    const errors: string[] = [];
    const r = new Recorder({ dir: path.join(mountPoint, 'rec'), fileName: 'full.pcapng', onError: (m) => errors.push(m) });
    r.tcpOpen('k', DEVICE, SERVER, Date.now());
    let calls = 0;
    while (r.state === 'recording' && calls < 1000) r.tcpData('k', 'up', noise(5000, ++calls), Date.now(), `n${calls}`);
    expect(errors).toEqual([`Recording stopped: the disk is full (${r.path}); the listener goes on`]);
    expect(r.tcpData('k', 'up', new Uint8Array(1), Date.now())).toBe(false);
    r.close();
    expect(errors.length).toBe(1);
    expect(fs.statSync(r.path).size).toBe(r.bytes);
    expect(fields(r.path, ['frame.number']).length).toBe(r.packets);
    expect(tshark(['-r', r.path]).err).toBe('');
  });
});
if (!mounted) fs.rmSync(mountPoint, { recursive: true, force: true });
