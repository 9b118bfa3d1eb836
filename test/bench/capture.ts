/**
 * Capture benchmark: builds a capture of tracker traffic (thousands of TCP flows of the
 * simulator's frames and their answers, several protocols, written with the project's pcapng
 * writer) of about the size asked, then times `trackwire decode FILE --format ndjson > /dev/null`
 * against `tshark -r FILE -T fields -e tcp.payload > /dev/null` on the same file in the same run.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PcapngMemoryWriter, msToNs } from '../../src-main/engine/pcapng/writer';
import { TcpFlowSynth } from '../../src-main/engine/pcapng/synth';
import { getSimProtocol } from '../../src-main/engine/simulate/index';
import { fixAt } from '../../src-main/engine/simulate/route';
import type { SimDevice } from '../../src-main/engine/simulate/protocols/types';
import { getProtocol } from '../../parsers/index';

const CLI = path.resolve('dist-main', 'cli.cjs');
const PROTOCOLS = ['gt06', 'jt808', 'h02', 'teltonika', 'gosafe', 'tk103'];

/** Write the capture; returns frames written. */
export function buildCaptureFile(file: string, targetBytes: number): { frames: number; flows: number } {
  const fd = openSync(file, 'w');
  const w = new PcapngMemoryWriter();
  const iface = w.addInterface({ name: 'bench' });
  let frames = 0;
  let flows = 0;
  let t = Date.UTC(2026, 10, 1);
  const flush = () => writeSync(fd, w.take());
  for (let flow = 0; statSync(file).size < targetBytes; flow++) {
    const sim = getSimProtocol(PROTOCOLS[flow % PROTOCOLS.length]!)!;
    const proto = getProtocol(sim.id)!;
    const dev: SimDevice = { n: flow, id: sim.deviceId(flow), transport: 'tcp', serial: sim.firstSerial ?? 0 };
    const synth = new TcpFlowSynth({ address: `10.${(flow >> 16) & 255}.${(flow >> 8) & 255}.${flow & 255}`, port: 40000 + (flow % 20000) }, { address: '192.168.1.10', port: 8888 });
    const pkts: Array<{ bytes: Uint8Array; payload: number; t: number }> = synth.open().map((p) => ({ ...p, t }));
    const out = [...sim.login(dev, new Date(t))];
    for (let i = 0; i < 200; i++) out.push(sim.position(dev, fixAt(flow, i * 10, new Date(t + i * 10_000))));
    let deviceId: string | undefined;
    for (const f of out) {
      t += 10;
      for (const p of synth.data('up', f.bytes)) pkts.push({ ...p, t });
      frames++;
      const d = proto.decode(f.bytes, { transport: 'tcp', direction: 'up', deviceId });
      deviceId = d.deviceId ?? deviceId;
      const a = proto.respond(f.bytes, d);
      if (a) {
        for (const p of synth.data('down', a)) pkts.push({ ...p, t: t + 2 });
        frames++;
      }
    }
    for (const p of synth.close()) pkts.push({ ...p, t });
    w.writePackets(pkts.map((p) => ({ interfaceId: iface, timestampNs: msToNs(p.t), data: p.bytes })));
    flows++;
    if (flow % 50 === 49) flush();
  }
  flush();
  closeSync(fd);
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
