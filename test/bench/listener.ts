/**
 * Listener benchmark: the engine runs as its own process (`trackwire web`, recording on), the
 * simulator drives N TCP devices at one frame per second against it, then the engine's own counts
 * are read over its API. Engine CPU and peak memory come from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { runSimulation } from '../../src-main/engine/simulate/index';

const CLI = path.resolve('dist-main', 'cli.cjs');

function procStat(pid: number): { cpuSec: number; peakMb: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]); // utime + stime
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSec: ticks / 100, peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

export async function benchListener(o: { devices: number; seconds: number }): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trackwire-bench-'));
  const port = await freePort();
  const engine = spawn(process.execPath, [CLI, 'web', '--listen', `127.0.0.1:${port}`, '--port', '0', '--record', dir, '--max-connections', String(o.devices + 100)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    engine.stdout!.on('data', (d) => {
      out += d;
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    engine.once('exit', () => reject(new Error(`engine exited: ${out}`)));
  });
  const u = new URL(url);
  const token = u.searchParams.get('token')!;
  const api = async (name: string, body: unknown = null) => {
    const r = await fetch(`${u.origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-trackwire-token': token }, body: JSON.stringify(body) });
    return r.json();
  };
  const before = procStat(engine.pid!);
  console.log(`${o.devices} GT06 devices over TCP, one frame per second each, ${o.seconds} s, engine pid ${engine.pid} recording to ${dir}`);
  const report = await runSimulation({ protocol: 'gt06', devices: o.devices, intervalSec: 1, host: '127.0.0.1', port, durationSec: o.seconds });
  await new Promise((r) => setTimeout(r, 1000));
  const after = procStat(engine.pid!);
  const sessions = (await api('listSessions')) as Array<{ framesUp: number }>;
  const status = (await api('getStatus')) as { frameCount: number; recorder: { packets: number; bytes: number; state: string } };
  const recorded = sessions.reduce((n, s) => n + s.framesUp, 0);
  engine.kill('SIGTERM');
  await new Promise((r) => engine.once('exit', r));
  const cpu = after.cpuSec - before.cpuSec;
  const lines = [
    `frames sent          ${report.sent}`,
    `frames recorded      ${recorded} (${recorded === report.sent ? 'equal' : `DIFFERENT by ${report.sent - recorded}`}); frame index ${status.frameCount} with answers`,
    `answers received     ${report.answered} of ${report.answersExpected} expected (${report.missing} missing, ${report.unexpected} unexpected)`,
    `answer latency       p50 ${report.latencyMs.p50?.toFixed(1)} ms, p90 ${report.latencyMs.p90?.toFixed(1)} ms, p99 ${report.latencyMs.p99?.toFixed(1)} ms, max ${report.latencyMs.max?.toFixed(1)} ms`,
    `engine CPU           ${cpu.toFixed(1)} s over ${report.elapsedSec.toFixed(1)} s = ${((cpu / report.elapsedSec) * 100).toFixed(0)}% of one core`,
    `engine peak memory   ${after.peakMb.toFixed(0)} MB (RSS at the end ${after.rssMb.toFixed(0)} MB)`,
    `recording            ${status.recorder.state}, ${status.recorder.packets} packets, ${(status.recorder.bytes / 1e6).toFixed(1)} MB`,
  ];
  if (report.errors.length) lines.push(`errors               ${report.errors.slice(0, 3).join('; ')}`);
  console.log(lines.join('\n'));
  rmSync(dir, { recursive: true, force: true });
}
