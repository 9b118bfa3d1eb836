/**
 * Capture jobs for the UI: files read in the background with progress and cancel, live captures
 * started and stopped; their frames go into the same frame index as the listener's.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { ACCEPTED_CAPTURES_TEXT, type CaptureInterface, type CaptureJob } from '../api/contract';
import { captureFileSize, loadCaptureFile, type CaptureFrame, type LoadSummary } from './capture/loader';
import { sniffCapture } from './capture/reader';
import { LiveCapture, listInterfaces } from './live-capture';
import { UserError } from './errors';

/** Where capture frames go (the engine). */
export interface CaptureSink {
  ingest(job: CaptureJob, f: CaptureFrame): void;
  update(job: CaptureJob): void;
  /** The job ended: its flows are closed sessions from now on. */
  finished(job: CaptureJob): void;
}

/** How often progress is pushed while a file is read. */
const PROGRESS_MS = 200;
const MAX_LISTED_FLOWS = 100;

export class Captures {
  private jobs = new Map<string, { job: CaptureJob; abort?: AbortController; live?: LiveCapture; tick?: NodeJS.Timeout }>();
  private next = 1;

  constructor(private readonly sink: CaptureSink) {}

  list(): CaptureJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j.job }));
  }

  /** Start reading a capture file; resolves at once with the job, frames and progress follow. */
  openFile(file: string, protocol?: string, flowProtocols?: Record<string, string>): CaptureJob {
    const abs = path.resolve(file);
    const size = captureFileSize(abs);
    // A file that is not a capture at all is refused here; a damaged one is read as far as it goes.
    const sniff = sniffCapture(readHead(abs, 8));
    if (sniff && 'error' in sniff) throw new UserError(`cannot open ${abs}: ${sniff.error}. ${ACCEPTED_CAPTURES_TEXT}`);
    const job = this.newJob('file', abs, 'reading');
    job.totalBytes = size;
    if (flowProtocols && Object.keys(flowProtocols).length) job.flowProtocols = { ...flowProtocols };
    const abort = new AbortController();
    this.jobs.set(job.id, { job, abort });
    let last = 0;
    void loadCaptureFile(abs, {
      protocol,
      flowProtocols,
      signal: abort.signal,
      // Small reads keep the listener and the UI responsive and the progress bar smooth.
      chunkSize: 256 * 1024,
      onFrame: (f) => {
        job.frames++;
        this.sink.ingest(job, f);
      },
      onProgress: (p) => {
        job.bytesRead = p.bytesRead;
        const now = Date.now();
        if (now - last >= PROGRESS_MS) {
          last = now;
          this.sink.update({ ...job });
        }
      },
    }).then((s) => this.finish(job, s, s.cancelled ? 'cancelled' : 'done'));
    this.sink.update({ ...job });
    return { ...job };
  }

  cancel(id: string): CaptureJob | null {
    const j = this.jobs.get(id);
    if (!j) return null;
    j.abort?.abort();
    return { ...j.job };
  }

  interfaces(): CaptureInterface[] {
    return listInterfaces();
  }

  startLive(device: string, filter: string | undefined, protocol: string | undefined): CaptureJob {
    const job = this.newJob('live', filter ? `${device} (${filter})` : device, 'capturing');
    const live = new LiveCapture({
      device,
      filter,
      protocol,
      onFrame: (f) => {
        job.frames++;
        job.packets = live.packets;
        this.sink.ingest(job, f);
      },
    });
    // Counters move with every packet: pushed twice a second while capturing.
    const tick = setInterval(() => {
      if (job.packets !== live.packets) {
        job.packets = live.packets;
        this.sink.update({ ...job });
      }
    }, PROGRESS_MS * 2.5);
    tick.unref();
    this.jobs.set(job.id, { job, live, tick });
    this.sink.update({ ...job });
    return { ...job };
  }

  stopLive(id: string): CaptureJob | null {
    const j = this.jobs.get(id);
    if (!j?.live) return null;
    clearInterval(j.tick);
    if (j.job.state === 'capturing') this.finish(j.job, j.live.stop(), 'stopped');
    return { ...j.job };
  }

  /** Stop everything (engine shutdown). */
  close(): void {
    for (const j of this.jobs.values()) {
      j.abort?.abort();
      clearInterval(j.tick);
      if (j.live && j.job.state === 'capturing') this.finish(j.job, j.live.stop(), 'stopped');
    }
  }

  private newJob(kind: CaptureJob['kind'], source: string, state: CaptureJob['state']): CaptureJob {
    return { id: `${kind}${this.next++}`, kind, source, state, bytesRead: 0, totalBytes: 0, packets: 0, frames: 0, flows: 0, nonTrackerFlows: [], gaps: 0, missingBytes: 0 };
  }

  private finish(job: CaptureJob, s: LoadSummary, state: CaptureJob['state']): void {
    Object.assign(job, {
      state: s.reason && !s.cancelled && state === 'done' ? 'error' : state,
      bytesRead: s.bytesRead,
      totalBytes: s.totalBytes || job.totalBytes,
      packets: s.packets,
      flows: s.flows,
      nonTrackerFlows: s.nonTrackerFlows.slice(0, MAX_LISTED_FLOWS),
      gaps: s.gaps,
      missingBytes: s.missingBytes,
      stoppedAt: s.stoppedAt,
      reason: s.cancelled ? undefined : s.reason,
    });
    this.sink.finished(job);
    this.sink.update({ ...job });
  }
}

/** The first `n` bytes of a file (fewer when it is shorter or cannot be read: the reader reports why). */
function readHead(file: string, n: number): Uint8Array {
  const buf = Buffer.alloc(n);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return buf.subarray(0, 0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Capture files in `dir` (samples/), newest names first. */
export function listSamples(dir: string): Array<{ name: string; path: string; bytes: number }> {
  try {
    return readdirSync(dir)
      .filter((n) => /\.(pcapng|pcap|cap)$/i.test(n))
      .sort()
      .map((n) => ({ name: n, path: path.join(dir, n), bytes: statSync(path.join(dir, n)).size }));
  } catch {
    return [];
  }
}
