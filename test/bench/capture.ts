/**
 * Capture benchmark: builds a capture of tracker traffic (thousands of TCP flows of the
 * simulator's frames and their answers, several protocols, written with the project's pcapng
 * writer) of about the size asked, then times `trackwire decode FILE --format ndjson > /dev/null`
 * against `tshark -r FILE -T fields -e tcp.payload > /dev/null` on the same file in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getSimProtocol } from '../../src-main/engine/simulate/index';
import { fixAt } from '../../src-main/engine/simulate/route';
import type { SimDevice } from '../../src-main/engine/simulate/protocols/types';
import { writeTrafficCapture, type DeviceTraffic } from './traffic';

const CLI = path.resolve('dist-main', 'cli.cjs');
const PROTOCOLS = ['gt06', 'jt808', 'h02', 'teltonika', 'gosafe', 'tk103'];

/** Simulated device `n`: its login, then 200 positions ten seconds apart. */
function simulatedDevice(n: number, startMs: number): DeviceTraffic {
  const sim = getSimProtocol(PROTOCOLS[n % PROTOCOLS.length]!)!;
  const dev: SimDevice = { n, id: sim.deviceId(n), transport: 'tcp', serial: sim.firstSerial ?? 0 };
  const out = [...sim.login(dev, new Date(startMs))];
  for (let i = 0; i < 200; i++) out.push(sim.position(dev, fixAt(n, i * 10, new Date(startMs + i * 10_000))));
  return { protocol: sim.id, frames: out.map((f) => f.bytes)[Symbol.iterator]() };
}

/** Write the capture, one device after another; returns frames written. */
export function buildCaptureFile(file: string, targetBytes: number): { frames: number; flows: number } {
  const { frames, flows } = writeTrafficCapture(file, { device: simulatedDevice, maxBytes: targetBytes });
  return { frames, flows };
}

/** Run a command with stdout to /dev/null; wall time and peak memory (GNU time is not assumed). */
function timed(cmd: string, args: string[]): Promise<{ sec: number; peakMb: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    p.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${p.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        if (kb > peak) peak = kb;
      } catch {
        // the process ended between polls
      }
    }, 100);
    p.on('exit', (code) => {
      clearInterval(poll);
      resolve({ sec: (performance.now() - t0) / 1000, peakMb: peak / 1024, code, stderr });
    });
  });
}

export async function benchCapture(o: { megabytes: number }): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trackwire-capbench-'));
  const file = path.join(dir, 'bench.pcapng');
  try {
    const t0 = performance.now();
    const { frames, flows } = buildCaptureFile(file, o.megabytes * 1e6);
    const size = statSync(file).size;
    console.log(`built ${(size / 1e6).toFixed(0)} MB: ${flows} TCP flows, ${frames} frames (${PROTOCOLS.join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const tw = await timed(process.execPath, [CLI, 'decode', file, '--format', 'ndjson']);
    const m = /(\d+) packets, (\d+) frames/.exec(tw.stderr);
    const ts = await timed('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.payload']);
    const mb = size / 1e6;
    console.log([
      `trackwire decode --format ndjson  ${tw.sec.toFixed(1)} s  ${(mb / tw.sec).toFixed(1)} MB/s  ${m ? (Number(m[2]) / tw.sec).toFixed(0) : '?'} frames/s  peak ${tw.peakMb.toFixed(0)} MB  (exit ${tw.code}; ${m ? `${m[2]} frames` : tw.stderr.slice(0, 200)})`,
      `tshark -T fields -e tcp.payload    ${ts.sec.toFixed(1)} s  ${(mb / ts.sec).toFixed(1)} MB/s  peak ${ts.peakMb.toFixed(0)} MB  (exit ${ts.code})`,
      `ratio: trackwire is ${(ts.sec / tw.sec).toFixed(2)}× tshark's speed (above 1: faster)`,
    ].join('\n'));
    // The index is measured on a smaller capture of the same traffic: it is held in memory.
    const small = path.join(dir, 'index.pcapng');
    buildCaptureFile(small, Math.min(size, 50e6));
    const idx = await indexBytesPerFrame(small);
    console.log(`frame index: ${idx.bytesPerFrame.toFixed(0)} bytes per frame, wire bytes included (heap growth loading ${idx.frames} frames of a ${(statSync(small).size / 1e6).toFixed(0)} MB capture into the engine's index)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Load the file into a FrameStore as the UI does and measure heap per frame. */
async function indexBytesPerFrame(file: string): Promise<{ bytesPerFrame: number; frames: number }> {
  const { Engine } = await import('../../src-main/engine/engine');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const engine = new Engine();
  const job = engine.captures.openFile(file);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const j = engine.captures.list().find((x) => x.id === job.id)!;
    if (j.state !== 'reading') break;
  }
  gc?.();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return { bytesPerFrame: (after - before) / Math.max(1, engine.frames.count), frames: engine.frames.count };
}
