/**
 * A simulation run, recorded: a listening Engine on 127.0.0.1 (answering as a real server does)
 * writes everything to a pcapng file while the simulated fleet talks to it; the file is complete
 * when the promise resolves. `timeScale` stretches the recorded clock, so a few seconds of
 * simulation at a short interval record as minutes at a realistic one (tests, sample captures
 * for the A/B comparison).
 */
import path from 'node:path';
import { Engine, type RecordSink } from '../engine';
import { Recorder } from '../recorder';
import { runSimulation, type SimulateOptions, type SimulateReport } from './index';

export interface RecordedRunOptions {
  /** The simulation (host and port are the engine's). */
  sim: Omit<SimulateOptions, 'host' | 'port'>;
  /** The pcapng file to write (an existing file is not replaced: a -2 suffix is added). */
  file: string;
  /** Recorded milliseconds per real millisecond (default 1). */
  timeScale?: number;
}

export interface RecordedRun {
  /** The file written. */
  path: string;
  report: SimulateReport;
  /** What the recorder reported, when it failed. */
  recorderError?: string;
}

/** The recorder with its clock stretched by `scale` from the first time it sees. */
function scaledSink(rec: Recorder, scale: number): RecordSink {
  let t0: number | null = null;
  const t = (ms: number) => {
    t0 ??= ms;
    return t0 + (ms - t0) * scale;
  };
  return {
    tcpOpen: (key, device, server, ms) => void rec.tcpOpen(key, device, server, t(ms)),
    tcpData: (key, direction, bytes, ms, comment) => void rec.tcpData(key, direction, bytes, t(ms), comment),
    tcpClose: (key, ms) => void rec.tcpClose(key, t(ms)),
    udp: (device, server, direction, bytes, ms, comment) => void rec.udp(device, server, direction, bytes, t(ms), comment),
    status: () => ({ state: rec.state, path: rec.path, message: rec.message, packets: rec.packets, bytes: rec.bytes }),
    close: () => rec.close(),
  };
}

/** Run the simulation against a recording engine; resolves when the file is closed. */
export async function recordSimulation(o: RecordedRunOptions): Promise<RecordedRun> {
  const file = path.resolve(o.file);
  let recorder: Recorder | null = null;
  let recorderError: string | undefined;
  const engine = new Engine();
  const [listener] = await engine.start({
    listen: [{ host: '127.0.0.1', port: 0 }],
    recorder: (onError) => {
      recorder = new Recorder({
        dir: path.dirname(file),
        fileName: path.basename(file),
        onError: (m) => {
          recorderError = m;
          onError(m);
        },
      });
      return scaledSink(recorder, o.timeScale ?? 1);
    },
  });
  try {
    const report = await runSimulation({ ...o.sim, host: '127.0.0.1', port: listener!.port });
    return { path: (recorder as Recorder | null)?.path ?? file, report, recorderError };
  } finally {
    await engine.stop();
  }
}
