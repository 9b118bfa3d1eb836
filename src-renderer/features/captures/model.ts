/**
 * Capture jobs in the renderer: merging the engine's `capture` pushes and listCaptures answers
 * by id, and the text of the progress, the summary and the live counters. Pure, no React.
 */
import type { CaptureInterface, CaptureJob } from '../../../src-main/api/contract';
import { mergeKeyed, type Keyed } from '../sessions/model';
import { formatBytes, formatCount, plural } from '../sessions/format';

/** States a job never leaves. */
const FINAL_STATES: ReadonlySet<CaptureJob['state']> = new Set(['done', 'cancelled', 'stopped', 'error']);

export function isFinal(job: Pick<CaptureJob, 'state'>): boolean {
  return FINAL_STATES.has(job.state);
}

/** The counter in a job id (`file12` → 12): the engine numbers files and live captures together. */
export function jobOrdinal(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Oldest first. */
export function compareJobs(a: CaptureJob, b: CaptureJob): number {
  return jobOrdinal(a.id) - jobOrdinal(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Whether the job held is newer than `incoming`, so a late answer (listCaptures after a
 * reconnect, a request's reply racing the pushes) must not undo it. A job only moves forward:
 * from running to a final state, with counters that only grow while it runs. A final state
 * always wins over a running one: the engine's last word may count a little less than its last
 * progress report (a cancel drops the chunk in flight).
 */
export function isStaleJob(existing: CaptureJob, incoming: CaptureJob): boolean {
  const held = isFinal(existing);
  const fresh = isFinal(incoming);
  if (held !== fresh) return held;
  return existing.bytesRead > incoming.bytesRead || existing.packets > incoming.packets || existing.frames > incoming.frames;
}

/** Jobs merged by id, oldest first; returns `current` itself when nothing changed. */
export function mergeCaptures(current: Keyed<CaptureJob>, incoming: readonly CaptureJob[]): Keyed<CaptureJob> {
  return mergeKeyed(current, incoming, (j) => j.id, compareJobs, isStaleJob);
}

export function captureById(captures: Keyed<CaptureJob>, id: string | null): CaptureJob | undefined {
  if (id === null) return undefined;
  const at = captures.index.get(id);
  return at === undefined ? undefined : captures.list[at];
}

/**
 * The file job the capture bar should show after `incoming` merged: a file that starts being
 * read takes the bar (whoever opened it); otherwise the bar keeps what it shows.
 */
export function shownAfter(shown: string | null, before: Keyed<CaptureJob>, incoming: readonly CaptureJob[]): string | null {
  let next = shown;
  for (const job of incoming) {
    if (job.kind !== 'file' || before.index.has(job.id) || job.id === next) continue;
    if (job.state === 'reading') next = job.id;
  }
  return next;
}

/** Live captures running now, oldest first. */
export function runningLive(captures: Keyed<CaptureJob>): CaptureJob[] {
  return captures.list.filter((j) => j.kind === 'live' && j.state === 'capturing');
}

/** The last part of a path, on either kind of separator. */
export function baseName(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at >= 0 ? path.slice(at + 1) : path;
}

/** Share of the file read, 0–1 (1 for an empty file). */
export function progressFraction(job: Pick<CaptureJob, 'bytesRead' | 'totalBytes'>): number {
  if (job.totalBytes <= 0) return 1;
  return Math.min(1, Math.max(0, job.bytesRead / job.totalBytes));
}

/** `37% · 1.2 MiB of 3.4 MiB`. */
export function progressText(job: Pick<CaptureJob, 'bytesRead' | 'totalBytes'>): string {
  const pct = Math.floor(progressFraction(job) * 100);
  return `${pct}% · ${formatBytes(job.bytesRead)} of ${formatBytes(job.totalBytes)}`;
}

/**
 * The counters while a file is read: `37% · 1.2 MiB of 3.4 MiB · 56 frames`. The engine counts
 * packets only once it has finished, so they show when it reports some.
 */
export function readingText(job: Pick<CaptureJob, 'bytesRead' | 'totalBytes' | 'packets' | 'frames'>): string {
  return `${progressText(job)} · ${job.packets > 0 ? countsText(job) : plural(job.frames, 'frame', 'frames')}`;
}

/** `19 packets · 8 frames`. */
export function countsText(job: Pick<CaptureJob, 'packets' | 'frames'>): string {
  return `${plural(job.packets, 'packet', 'packets')} · ${plural(job.frames, 'frame', 'frames')}`;
}

/** One labelled number of the summary. */
export interface SummaryItem {
  key: 'packets' | 'frames' | 'flows' | 'gaps';
  text: string;
  /** Worth a warning colour (bytes the capture lost). */
  warn?: boolean;
}

/** The numbers of a finished (or cancelled) capture, one phrase each. */
export function summaryItems(job: CaptureJob): SummaryItem[] {
  const items: SummaryItem[] = [
    { key: 'packets', text: plural(job.packets, 'packet', 'packets') },
    { key: 'frames', text: plural(job.frames, 'frame', 'frames') },
    { key: 'flows', text: plural(job.flows, 'flow', 'flows') },
    {
      key: 'gaps',
      text: job.gaps === 0 ? 'no gaps' : `${plural(job.gaps, 'gap', 'gaps')} (${plural(job.missingBytes, 'byte', 'bytes')} missing)`,
      warn: job.gaps > 0,
    },
  ];
  return items;
}

/** The heading of the list of flows that are not tracker traffic (the engine lists the first 100). */
export function nonTrackerTitle(job: Pick<CaptureJob, 'nonTrackerFlows'>): string {
  const n = job.nonTrackerFlows.length;
  return `${plural(n, 'flow is', 'flows are')} not tracker traffic${n >= 100 ? ' (the first 100 listed)' : ''}`;
}

/** A damaged file: where reading stopped and why; null when it was read to its end or cancelled. */
export function stoppedWarning(job: Pick<CaptureJob, 'state' | 'stoppedAt' | 'reason'>): string | null {
  if (job.state === 'cancelled' || (job.stoppedAt === undefined && !job.reason)) return null;
  const where = job.stoppedAt === undefined ? 'stopped' : `stopped at byte ${formatCount(job.stoppedAt)}`;
  return `${where}: ${job.reason ?? 'the file could not be read further'} — everything before it was loaded`;
}

/** The headline of the capture bar for a file job. */
export function fileHeadline(job: CaptureJob): string {
  const name = baseName(job.source);
  switch (job.state) {
    case 'reading':
      return `Reading ${name}`;
    case 'cancelled':
      return `${name}: cancelled at ${progressText(job)} — the frames read so far stay`;
    case 'error':
      return `${name}: damaged`;
    default:
      return `${name}: loaded`;
  }
}

/** `TCP 10.0.0.7:40112 → 10.0.0.1:80 · 12 packets · 3.4 KiB`. */
export function nonTrackerText(flow: CaptureJob['nonTrackerFlows'][number]): string {
  return `${flow.transport.toUpperCase()} ${flow.flow} · ${plural(flow.packets, 'packet', 'packets')} · ${formatBytes(flow.bytes)}`;
}


/** The capture a session comes from (`file2-3` → `file2`), or null for a listener's session. */
export function captureOfSession(sessionId: string): string | null {
  const m = /^((?:file|live)\d+)-\d+$/.exec(sessionId);
  return m ? m[1]! : null;
}

/** The interface offered first: the last one used, else the first with an address, else the first. */
export function defaultInterface(list: readonly CaptureInterface[], last: string): string {
  if (last && list.some((i) => i.name === last)) return last;
  return (list.find((i) => i.addresses.length > 0) ?? list[0])?.name ?? '';
}
