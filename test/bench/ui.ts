/**
 * UI benchmark (issue 7): a capture of N frames opened in web mode and driven in Chromium —
 * loading it (engine, then the list), applying display filters (frame-level and tree-level, cold
 * and again), jumping to the last frame, frame times and long tasks while scrolling (Chromium
 * tracing), renderer heap and engine memory. A reference run with fewer frames in the same
 * process gives every figure as a ratio too, so the machine's noise cancels. Figures only, no
 * assertions; a step the UI does not finish in time is reported as "timed out after X s".
 *
 * Selectors it relies on (keep them in step with the UI):
 *   [data-testid=status-listeners]                    the top bar: the page has started
 *   [role=grid][aria-label=Frames]                    the frame list; aria-rowcount = rows + 1 (header)
 *   [data-testid=frame-count]                         the top bar's frame count (when the grid has no aria-rowcount)
 *   [data-testid=frame-row][data-frame-id="ID"]       one rendered row of the list
 *   [data-testid=display-filter]                      the display-filter box: Enter applies, Escape clears
 *   [data-testid=display-filter-count]                "12,345 matching frames" while a filter is applied
 *   [data-testid=goto-input]                          the box Ctrl+G opens (go to frame); "absent" without it
 * The grid takes Home/End/PageDown when focused. Times are taken in the page, from the key's
 * keydown to the first animation frame at which the list shows the result.
 *
 * Run: npm run build && node scripts/run-ts.mjs test/bench/index.ts --only ui --ui-frames N
 * (the capture is built once per size and kept in the temp folder; the scroll traces are kept
 * there too, for chrome://tracing or ui.perfetto.dev).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { getSimProtocol } from '../../src-main/engine/simulate/index';
import { fixAt } from '../../src-main/engine/simulate/route';
import type { SimDevice } from '../../src-main/engine/simulate/protocols/types';
import { getProtocol } from '../../parsers/index';
import { fromHex } from '../../parsers/core/bytes';
import type { DecodedFrame, ProtocolDescriptor } from '../../parsers/core/types';
import { parseFilter, type CompiledFilter } from '../../parsers/core/display-filter';
import { CORPUS_FILE, loadCorpus, wireHex } from '../helpers/corpus';
import { writeTrafficCapture, type DeviceTraffic, type WrittenFrame } from './traffic';
import type { Browser, Page } from 'playwright-core';

const CLI = path.resolve('dist-main', 'cli.cjs');

// ---------------------------------------------------------------------------------------------
// The capture: real corpus frames of several protocols across ~1000 devices

/** Protocols of the capture, one device in ten each. */
const UI_PROTOCOLS = ['gt06', 'jt808', 'h02', 'gl200', 'teltonika', 'tk103', 'gps103', 'watch', 'meitrack', 'gosafe'];
/** Devices connected at once; their frames interleave as in a listener's recording. */
const UI_DEVICES = 1000;
/** The filters measured: one the index answers, one that needs each frame's decoded tree. */
export const FRAME_FILTER = 'protocol == gt06';
export const TREE_FILTER = 'position.speed > 50';
/** Bump when the way the capture is made changes, so cached files are rebuilt. */
const CAPTURE_VERSION = 1;

export interface UiCapture {
  file: string;
  frames: number;
  devices: number;
  /** Frames each measured filter matches, counted while writing with the same filter code. */
  matches: Record<string, number>;
}

/**
 * Whether a stream carries `bytes` as one frame of its own: the protocol's splitter cuts exactly
 * that frame, also when the same follows it, without waiting for the stream's end. Only such
 * frames and answers go into the capture, so the engine finds exactly the frames written.
 */
function cutAlone(proto: ProtocolDescriptor, bytes: Uint8Array): boolean {
  const one = proto.split(bytes, false);
  if (one.frames.length !== 1 || one.garbage.length || one.frames[0]!.start !== 0 || one.frames[0]!.end !== bytes.length) return false;
  const two = new Uint8Array(2 * bytes.length);
  two.set(bytes);
  two.set(bytes, bytes.length);
  const split = proto.split(two, false);
  return split.frames.length === 2 && !split.garbage.length && split.consumed === two.length;
}

/** The corpus frames of `protocol` a TCP stream carries as they are. */
function streamableCorpusFrames(protocol: string): Uint8Array[] {
  const proto = getProtocol(protocol)!;
  return loadCorpus(protocol)
    .filter((f) => f.transport === 'tcp')
    .map((f) => fromHex(wireHex(f)))
    .filter((b) => cutAlone(proto, b));
}

/** The server's answer, when the stream back carries it as a frame of its own. */
function streamableAnswer(proto: ProtocolDescriptor, frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null {
  const a = proto.respond(frame, decoded);
  return a && cutAlone(proto, a) ? a : null;
}

/**
 * Device `n`: the simulator's login and first position give it an identity of its own, then it
 * replays its protocol's corpus frames, from a place of its own, round and round. (Answers the
 * engine would not cut one by one — Teltonika's record counts, GoSafe's, GPS103's and
 * Meitrack's — are left out, see `streamableAnswer`.)
 */
function corpusDevice(pools: Map<string, Uint8Array[]>): (n: number, startMs: number) => DeviceTraffic {
  return (n, startMs) => {
    const protocol = UI_PROTOCOLS[n % UI_PROTOCOLS.length]!;
    const sim = getSimProtocol(protocol)!;
    const dev: SimDevice = { n, id: sim.deviceId(n), transport: 'tcp', serial: sim.firstSerial ?? 0 };
    const first = [...sim.login(dev, new Date(startMs)), sim.position(dev, fixAt(n, 0, new Date(startMs)))].map((f) => f.bytes);
    const pool = pools.get(protocol)!;
    function* frames(): Generator<Uint8Array> {
      yield* first;
      for (let i = (n * 7) % pool.length; ; i = (i + 1) % pool.length) yield pool[i]!;
    }
    return { protocol, frames: frames() };
  };
}

/**
 * What the capture and its expected counts are made of: the protocol library (splitters,
 * answers, decoders), the simulator and the corpus. A change to any of them builds it anew.
 */
function sourcesKey(): string {
  const hash = createHash('sha1').update(String(CAPTURE_VERSION));
  const add = (p: string) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) add(path.join(p, name));
    else hash.update(p).update(readFileSync(p));
  };
  for (const p of ['parsers', path.join('src-main', 'engine', 'simulate'), path.join('test', 'bench', 'traffic.ts'), CORPUS_FILE]) add(path.resolve(p));
  return hash.digest('hex').slice(0, 10);
}

/** The capture of `frames` frames, built once and kept in the temp folder (older builds of it removed). */
export function uiCapture(frames: number): UiCapture {
  const prefix = 'trackwire-bench-ui-capture-';
  const base = path.join(os.tmpdir(), `${prefix}${frames}-${sourcesKey()}`);
  const file = `${base}.pcapng`;
  const meta = `${base}.json`;
  if (existsSync(file) && existsSync(meta)) {
    const cached = JSON.parse(readFileSync(meta, 'utf8')) as UiCapture;
    if (cached.file === file && cached.frames === frames) return cached;
  }
  for (const name of readdirSync(os.tmpdir())) {
    if (name.startsWith(`${prefix}${frames}-`)) rmSync(path.join(os.tmpdir(), name), { force: true });
  }
  const pools = new Map(UI_PROTOCOLS.map((p) => [p, streamableCorpusFrames(p)]));
  for (const [p, pool] of pools) if (!pool.length) throw new Error(`no corpus frame of ${p} can be streamed`);
  const filters: Array<[string, CompiledFilter]> = [FRAME_FILTER, TREE_FILTER].map((text) => {
    const r = parseFilter(text);
    if (!r.ok) throw new Error(`filter '${text}': ${r.error}`);
    return [text, r.filter];
  });
  const matches: Record<string, number> = Object.fromEntries(filters.map(([text]) => [text, 0]));
  const count = (f: WrittenFrame) => {
    const decoded = f.decoded ?? getProtocol(f.protocol)!.decode(f.bytes, { transport: 'tcp', direction: f.direction, deviceId: f.deviceId });
    const input = { protocol: f.protocol, messageType: decoded.messageType, deviceId: decoded.deviceId ?? f.deviceId ?? null, direction: f.direction, transport: 'tcp' as const, length: f.bytes.length, decoded };
    for (const [text, filter] of filters) if (filter.test(input)) matches[text]!++;
  };
  const tmp = `${file}.${process.pid}.tmp`;
  const written = writeTrafficCapture(tmp, { device: corpusDevice(pools), answer: streamableAnswer, concurrent: Math.min(UI_DEVICES, Math.max(1, Math.floor(frames / 10))), maxFrames: frames, onFrame: count });
  renameSync(tmp, file);
  const capture: UiCapture = { file, frames: written.frames, devices: written.flows, matches };
  writeFileSync(meta, JSON.stringify(capture, null, 2));
  return capture;
}

// ---------------------------------------------------------------------------------------------
// The engine in web mode, the browser

interface WebEngine {
  proc: ChildProcess;
  url: string;
  api<T>(name: string, body?: unknown): Promise<T>;
  /** Peak and current resident memory of the engine process, MB. */
  memory(): { peakMb: number; rssMb: number };
  stop(): Promise<void>;
}

function procMemory(pid: number): { peakMb: number; rssMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return { peakMb: NaN, rssMb: NaN };
  }
}

/** `trackwire web` on free ports, recordings off, its folders in `dir`; ready once it prints its URL. */
async function startWebEngine(dir: string): Promise<WebEngine> {
  const env = { ...process.env, TRACKWIRE_RECORDINGS: path.join(dir, 'recordings'), TRACKWIRE_DATA: path.join(dir, 'data') };
  const proc = spawn(process.execPath, [CLI, 'web', '--listen', '127.0.0.1:0', '--port', '0', '--no-record'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`trackwire web printed no URL within 30 s:\n${out}`)), 30_000);
    const on = (d: Buffer) => {
      out += d;
      const m = /Open: (http:\/\/\S+\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trackwire web exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  const token = u.searchParams.get('token')!;
  return {
    proc,
    url,
    async api<T>(name: string, body: unknown = null): Promise<T> {
      const r = await fetch(`${u.origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-trackwire-token': token }, body: JSON.stringify(body) });
      const json = (await r.json()) as T & { error?: string };
      if (!r.ok) throw new Error(`${name}: ${json.error ?? r.status}`);
      return json;
    },
    memory: () => procMemory(proc.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** playwright-core from the project's node_modules (scripts/run-ts.mjs runs a bundle from the temp folder). */
function playwright(): typeof import('playwright-core') {
  return createRequire(path.resolve('package.json'))('playwright-core') as typeof import('playwright-core');
}

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const GRID = '[role=grid][aria-label=Frames]';

// ---------------------------------------------------------------------------------------------
// Waiting for the page: milestones noted in the page itself, on each animation frame

/** What to wait for; the clock starts at the next keydown of `startKey`, or at once. */
interface WatchSpec {
  startKey?: string;
  /** The list has this many rows (and shows one, when there are any). */
  rows?: number;
  /** The display-filter count reads this number. */
  count?: number;
  /** This frame's row is rendered inside the list's viewport. */
  visibleFrame?: number;
}
type Marks = Partial<Record<'rows' | 'count' | 'visibleFrame', number>>;

/** In the page: note, on each animation frame, how long after the start each condition first held. */
function installWatch(spec: WatchSpec): void {
  type W = { start: number | null; marks: Record<string, number>; done: boolean; cancelled: boolean };
  const w: W = { start: spec.startKey ? null : performance.now(), marks: {}, done: false, cancelled: false };
  (window as unknown as { __twWatch: W }).__twWatch = w;
  if (spec.startKey) {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== spec.startKey || w.start !== null) return;
      w.start = performance.now();
      window.removeEventListener('keydown', onKey, true);
    };
    window.addEventListener('keydown', onKey, true);
  }
  const grid = () => document.querySelector('[role=grid][aria-label=Frames]');
  const digits = (t: string | null | undefined) => (t == null || !/\d/.test(t) ? NaN : Number(t.replace(/\D/g, '')));
  const rowCount = () => {
    const rc = grid()?.getAttribute('aria-rowcount');
    return rc != null ? Number(rc) - 1 : digits(document.querySelector('[data-testid=frame-count]')?.textContent);
  };
  const conds: Record<string, () => boolean> = {};
  if (spec.rows !== undefined) conds.rows = () => rowCount() === spec.rows && (spec.rows === 0 || !!grid()?.querySelector('[data-testid=frame-row]'));
  if (spec.count !== undefined) conds.count = () => digits(document.querySelector('[data-testid=display-filter-count]')?.textContent) === spec.count;
  if (spec.visibleFrame !== undefined) {
    conds.visibleFrame = () => {
      const g = grid();
      const row = g?.querySelector(`[data-testid=frame-row][data-frame-id="${spec.visibleFrame}"]`);
      if (!g || !row) return false;
      const r = row.getBoundingClientRect();
      const v = g.getBoundingClientRect();
      return r.height > 0 && r.bottom > v.top && r.top < v.bottom;
    };
  }
  const tick = () => {
    if (w.cancelled) return;
    if (w.start !== null) {
      const now = performance.now();
      let all = true;
      for (const [k, c] of Object.entries(conds)) {
        if (w.marks[k] !== undefined) continue;
        if (c()) w.marks[k] = now - w.start;
        else all = false;
      }
      if (all) {
        w.done = true;
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Let the page finish what it is doing (lazy loads, the last pushes) before a step is timed. */
async function settle(page: Page): Promise<void> {
  await sleep(300);
  await within(10_000, page.evaluate(() => new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 5000 }))));
}

/** A page call that may hang while the page's main thread is busy: gives up after `ms`. */
async function within<T>(ms: number, p: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([p, new Promise<undefined>((res) => (timer = setTimeout(() => res(undefined), ms)))]);
  clearTimeout(timer);
  return r;
}

/** A measured step: milliseconds, or why there is no figure. */
type Figure = number | string;
const timedOut = (ms: number) => `timed out after ${(ms / 1000).toFixed(0)} s`;

/**
 * Arm the watch, act, wait until every condition held or `timeoutMs` passed. Returns the
 * milestones (ms after the start) and the total, or a timed-out text and what was reached.
 */
async function watchStep(page: Page, spec: WatchSpec, act: () => Promise<void>, timeoutMs: number): Promise<{ total: Figure; marks: Marks }> {
  await settle(page);
  await page.evaluate(installWatch, spec);
  const t0 = performance.now();
  await act();
  const left = Math.max(1, timeoutMs - (performance.now() - t0));
  let ok = true;
  try {
    await page.waitForFunction(() => (window as unknown as { __twWatch?: { done: boolean } }).__twWatch?.done === true, null, { timeout: left, polling: 50 });
  } catch {
    ok = false;
  }
  const state = await within(
    10_000,
    page.evaluate((grid) => {
      const w = (window as unknown as { __twWatch: { marks: Marks; cancelled: boolean } }).__twWatch;
      w.cancelled = true;
      const rows = document.querySelector(grid)?.getAttribute('aria-rowcount');
      const count = document.querySelector('[data-testid=display-filter-count]')?.textContent;
      return { marks: w.marks, seen: `rows ${rows == null ? '?' : Number(rows) - 1}${count ? `, '${count}'` : ''}` };
    }, GRID),
  );
  const marks = state?.marks ?? {};
  if (ok) return { total: state ? Math.max(...Object.values(marks)) : 'done, but the page did not say when', marks };
  const want = [spec.rows !== undefined && `rows ${spec.rows}`, spec.count !== undefined && `count ${spec.count}`, spec.visibleFrame !== undefined && `frame ${spec.visibleFrame} on screen`].filter(Boolean).join(', ');
  return { total: `${timedOut(timeoutMs)} (waiting for ${want}; the page showed ${state?.seen ?? 'nothing: it did not answer'})`, marks };
}

// ---------------------------------------------------------------------------------------------
// Frame times from a Chromium trace

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];
const MARK_START = 'trackwire-bench-scroll-start';
const MARK_END = 'trackwire-bench-scroll-end';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Shapes vary by event; read defensively. */
  args?: Record<string, any>;
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ScrollStats {
  /** Frames drawn while scrolling, and the vsync interval they are measured in. */
  frames: number;
  vsyncMs: number;
  /** Time from one drawn frame to the next, in vsyncs that wanted a frame (idle vsyncs left out), ms. */
  frameMs: Distribution;
  /** Share of frames that took longer than 16.7 ms (a vsync missed) and than 50 ms. */
  over16: number;
  over50: number;
  /** Share of drawn frames that went out without the main thread's update (content behind the scroll). */
  partial: number;
  /** Main-thread updates (commits) while scrolling and the time between them, ms. */
  commits: number;
  commitGapMs: Distribution | null;
  /** Renderer main-thread tasks over 50 ms: how many, the longest, their total, ms. */
  longTasks: number;
  longestTaskMs: number;
  longTasksTotalMs: number;
  /** Keydown to next paint (Event Timing), for PageDown. */
  keyMs: Distribution | null;
  /** Where the list was before and after: the top row's frame number. */
  fromFrame: number | null;
  toFrame: number | null;
}

function distribution(values: number[]): Distribution | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]!;
  return { n: v.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: v[v.length - 1]! };
}

/**
 * Frame times of the page's renderer between the two marks. Each vsync (BeginFrame sequence) is
 * drawn (DrawFrame), dropped (a PipelineReporter says STATE_DROPPED), or idle (nothing to update);
 * a frame's time is one vsync plus the dropped ones before it, so idle moments (no input) do not
 * count and timestamps' jitter does not either. Long tasks are RunTask events on CrRendererMain.
 */
export function analyseTrace(json: string): Omit<ScrollStats, 'fromFrame' | 'toFrame'> | string {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const frames = (started?.args?.data?.frames ?? []) as Array<{ processId: number; isOutermostMainFrame?: boolean }>;
  const threadName = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name);
  const pid = frames.find((f) => f.isOutermostMainFrame)?.processId ?? frames[0]?.processId ?? events.find((e) => e.name === 'DrawFrame')?.pid;
  if (pid === undefined) return 'no renderer in the trace';
  const mine = events.filter((e) => e.pid === pid);
  const mark = (m: string) => mine.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
  const from = mark(MARK_START) ?? -Infinity;
  const to = mark(MARK_END) ?? Infinity;
  const inWindow = mine.filter((e) => e.ts >= from && e.ts <= to);
  const main = (e: TraceEvent) => threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain';

  const begins = inWindow.filter((e) => e.name === 'BeginFrame').map((e) => ({ seq: Number(e.args?.frameSeqId), ts: e.ts }));
  const steps: number[] = [];
  for (let i = 1; i < begins.length; i++) {
    const ds = begins[i]!.seq - begins[i - 1]!.seq;
    if (ds > 0) steps.push((begins[i]!.ts - begins[i - 1]!.ts) / 1000 / ds);
  }
  const vsyncMs = distribution(steps)?.p50 ?? 1000 / 60;
  const drawn = new Set(inWindow.filter((e) => e.name === 'DrawFrame').map((e) => Number(e.args?.frameSeqId)));
  if (drawn.size < 2) return `no frames drawn while scrolling (${drawn.size})`;
  const states = new Map<number, string[]>();
  for (const e of inWindow) {
    if (e.name !== 'PipelineReporter' || e.ph !== 'b') continue;
    const r = e.args?.frame_reporter ?? e.args?.chrome_frame_reporter;
    if (!r) continue;
    const list = states.get(Number(r.frame_sequence)) ?? [];
    list.push(String(r.state));
    states.set(Number(r.frame_sequence), list);
  }
  const sequences = [...drawn].sort((a, b) => a - b);
  const dropped = new Set([...states].filter(([s, st]) => !drawn.has(s) && st.includes('STATE_DROPPED')).map(([s]) => s));
  const frameMs: number[] = [];
  for (let i = 1; i < sequences.length; i++) {
    let missed = 0;
    for (let s = sequences[i - 1]! + 1; s < sequences[i]!; s++) if (dropped.has(s)) missed++;
    frameMs.push((1 + missed) * vsyncMs);
  }
  const partial = sequences.filter((s) => states.get(s)?.includes('STATE_PRESENTED_PARTIAL')).length;
  const commits = inWindow.filter((e) => e.name === 'Commit' && e.ph === 'X' && main(e)).map((e) => e.ts);
  const commitGaps = commits.slice(1).map((t, i) => (t - commits[i]!) / 1000);
  const long = inWindow.filter((e) => e.name === 'RunTask' && main(e) && (e.dur ?? 0) > 50_000).map((e) => e.dur! / 1000);
  const keys = inWindow
    .filter((e) => e.name === 'EventTiming' && e.ph === 'b' && e.args?.data?.type === 'keydown')
    .map((e) => Number(e.args!.data.duration));
  const share = (ms: number) => frameMs.filter((d) => d > ms + 0.5).length / frameMs.length;
  return {
    frames: sequences.length,
    vsyncMs,
    frameMs: distribution(frameMs)!,
    over16: share(16.7),
    over50: share(50),
    partial: partial / sequences.length,
    commits: commits.length,
    commitGapMs: distribution(commitGaps),
    longTasks: long.length,
    longestTaskMs: Math.max(0, ...long),
    longTasksTotalMs: long.reduce((a, b) => a + b, 0),
    keyMs: distribution(keys),
  };
}

// ---------------------------------------------------------------------------------------------
// One run: load, filters, jumps, scrolling, memory

interface Memory {
  /** JS heap in use after a forced GC, MB. */
  heapMb: number;
  /** DOM nodes of the page. */
  nodes: number;
  /** Renderer process resident memory, MB (NaN when its pid is unknown). */
  rendererRssMb: number;
  /** The engine process: resident now and peak, MB. */
  engineRssMb: number;
  enginePeakMb: number;
}

interface FilterStep {
  filter: string;
  pass: 'first' | 'again';
  matches: number;
  /** Enter to both milestones; and to each: the count shown, the rows listed. */
  ms: Figure;
  countMs?: number;
  rowsMs?: number;
}

export interface UiRun {
  frames: number;
  devices: number;
  captureMb: number;
  /** openCapture to the job done, as the engine reports it; to the list showing every frame. */
  engineLoadMs: Figure;
  uiLoadMs: Figure;
  /** Frames the engine read (should equal `frames`). */
  engineFrames: number;
  filters: FilterStep[];
  clearFilterMs: Figure;
  /** End in the list, and Ctrl+G with the last frame's number, until that row is on screen. */
  endMs: Figure;
  goToMs: Figure;
  wheel: ScrollStats | string;
  pageDown: ScrollStats | string;
  memory: { afterLoad?: Memory; afterFilter?: Memory; afterScroll?: Memory };
  /** The raw traces, for chrome://tracing or ui.perfetto.dev. */
  traces: string[];
  pageErrors: string[];
  /** What stopped the run early, if anything. */
  error?: string;
}

const NOT_REACHED = 'not reached';

/** Every step not measured yet is `why`. */
function skipRest(run: UiRun, why: string): UiRun {
  for (const k of ['engineLoadMs', 'uiLoadMs', 'clearFilterMs', 'endMs', 'goToMs', 'wheel', 'pageDown'] as const) if (run[k] === NOT_REACHED) run[k] = why;
  return run;
}

/** Deadline for the whole benchmark; steps get their own timeout or what is left. */
class Budget {
  private readonly end: number;
  constructor(readonly capMs: number) {
    this.end = performance.now() + capMs;
  }
  /** Milliseconds a step may take: its own limit, or less when the cap is near (0: none left). */
  step(ms: number): number {
    return Math.max(0, Math.min(ms, this.end - performance.now()));
  }
  get skipped(): string {
    return `skipped: the overall cap of ${+(this.capMs / 60_000).toFixed(1)} min was reached`;
  }
}

const SCROLL_MS = 5000;
/** Pixels per wheel event: a quick flick, as a user skimming the list. */
const WHEEL_DELTA = 300;
/** Key repeat of a held key, ms. */
const KEY_REPEAT_MS = 33;

async function rendererPid(browser: Browser, page: Page): Promise<number | null> {
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
  await page.evaluate(() => 0);
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const frames = (events.find((e) => e.name === 'TracingStartedInBrowser')?.args?.data?.frames ?? []) as Array<{ processId: number }>;
  return frames[0]?.processId ?? null;
}

/** The frame number of the top row on screen, or null. */
function topFrame(page: Page): Promise<number | null | undefined> {
  return within(
    10_000,
    page.evaluate((grid) => {
      const g = document.querySelector(grid);
      if (!g) return null;
      const v = g.getBoundingClientRect();
      const header = g.querySelector('[role=row]:not([data-testid])')?.getBoundingClientRect().height ?? 0;
      let best: { top: number; id: number } | null = null;
      for (const row of g.querySelectorAll('[data-testid=frame-row]')) {
        const r = row.getBoundingClientRect();
        if (r.bottom <= v.top + header + 1 || r.top >= v.bottom) continue;
        if (!best || r.top < best.top) best = { top: r.top, id: Number(row.getAttribute('data-frame-id')) };
      }
      return best?.id ?? null;
    }, GRID),
  );
}

/** The first line of an error, as a figure. */
const failed = (e: unknown) => `failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;

async function runUi(capture: UiCapture, budget: Budget, log: (line: string) => void, keepTraces: boolean): Promise<UiRun> {
  const { chromium } = playwright();
  const n = capture.frames;
  const run: UiRun = {
    frames: n,
    devices: capture.devices,
    captureMb: statSync(capture.file).size / 1e6,
    engineLoadMs: NOT_REACHED,
    uiLoadMs: NOT_REACHED,
    engineFrames: NaN,
    filters: [],
    clearFilterMs: NOT_REACHED,
    endMs: NOT_REACHED,
    goToMs: NOT_REACHED,
    wheel: NOT_REACHED,
    pageDown: NOT_REACHED,
    memory: {},
    traces: [],
    pageErrors: [],
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trackwire-bench-ui-'));
  let engine: WebEngine | undefined;
  let browser: Browser | undefined;
  try {
    engine = await startWebEngine(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    // No Playwright action may wait for ever on a page that is stuck.
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => run.pageErrors.push(e.message));
    await page.goto(engine.url);
    await page.getByTestId('status-listeners').waitFor({ timeout: 30_000 });
    const pid = await rendererPid(browser, page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const web = engine;
    const memory = async (): Promise<Memory | undefined> =>
      within(
        60_000,
        (async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          const { metrics } = await cdp.send('Performance.getMetrics');
          const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
          const e = web.memory();
          return { heapMb: m('JSHeapUsedSize') / 1e6, nodes: m('Nodes'), rendererRssMb: pid ? procMemory(pid).rssMb : NaN, engineRssMb: e.rssMb, enginePeakMb: e.peakMb };
        })(),
      ).catch(() => undefined);
    const grid = page.locator(GRID);

    // Load: the engine reads the file; the list fills as it goes.
    let limit = budget.step(10 * 60_000);
    if (limit <= 0) return skipRest(run, budget.skipped);
    const t0 = performance.now();
    const job = await engine.api<{ id: string }>('openCapture', { path: capture.file });
    const engineDone = (async (): Promise<Figure> => {
      for (;;) {
        const j = (await web.api<Array<{ id: string; state: string; frames: number }>>('listCaptures')).find((x) => x.id === job.id);
        if (j && j.state !== 'reading') {
          run.engineFrames = j.frames;
          return j.state === 'done' ? performance.now() - t0 : `ended '${j.state}'`;
        }
        if (performance.now() - t0 > limit) return timedOut(limit);
        await sleep(100);
      }
    })();
    const uiDone = page
      .waitForFunction(
        ([sel, want]) => {
          const rc = document.querySelector(sel as string)?.getAttribute('aria-rowcount');
          const shown = rc != null ? Number(rc) - 1 : Number((document.querySelector('[data-testid=frame-count]')?.textContent ?? '').replace(/\D/g, ''));
          return shown >= (want as number);
        },
        [GRID, n],
        { timeout: limit, polling: 100 },
      )
      .then(
        () => performance.now() - t0,
        () => timedOut(limit),
      );
    [run.engineLoadMs, run.uiLoadMs] = await Promise.all([engineDone, uiDone]);
    log(`  load: engine ${fmt(run.engineLoadMs)}, list ${fmt(run.uiLoadMs)} (${run.engineFrames} frames read)`);
    run.memory.afterLoad = await memory();
    if (typeof run.engineLoadMs === 'string') {
      return skipRest(run, `skipped: the engine did not finish reading the capture (${run.engineLoadMs})`);
    }

    // Display filters: frame-level and tree-level, then each again (the engine may keep results).
    const box = page.getByTestId('display-filter');
    for (const [filter, pass] of [[FRAME_FILTER, 'first'], [TREE_FILTER, 'first'], [FRAME_FILTER, 'again'], [TREE_FILTER, 'again']] as const) {
      const matches = capture.matches[filter]!;
      limit = budget.step(3 * 60_000);
      if (limit <= 0) return skipRest(run, budget.skipped);
      try {
        await box.fill(filter);
        const r = await watchStep(page, { startKey: 'Enter', count: matches, rows: matches }, () => box.press('Enter'), limit);
        run.filters.push({ filter, pass, matches, ms: r.total, countMs: r.marks.count, rowsMs: r.marks.rows });
        log(`  filter ${filter} (${pass}): ${fmt(r.total)} — count shown ${fmt(r.marks.count)}, rows ${fmt(r.marks.rows)}; ${matches} matching`);
      } catch (e) {
        run.filters.push({ filter, pass, matches, ms: failed(e) });
        log(`  filter ${filter} (${pass}): ${failed(e)}`);
      }
    }
    run.memory.afterFilter = await memory();
    limit = budget.step(3 * 60_000);
    if (limit <= 0) return skipRest(run, budget.skipped);
    run.clearFilterMs = await watchStep(page, { startKey: 'Escape', rows: n }, () => box.press('Escape'), limit).then((r) => r.total, failed);
    log(`  filter cleared: ${fmt(run.clearFilterMs)}`);

    // Jumps to the last frame, each from the top.
    const toTop = async () => {
      await grid.focus();
      await watchStep(page, { startKey: 'Home', visibleFrame: 1 }, () => page.keyboard.press('Home'), budget.step(60_000));
    };
    limit = budget.step(2 * 60_000);
    if (limit <= 0) return skipRest(run, budget.skipped);
    run.endMs = await (async () => {
      await toTop();
      return (await watchStep(page, { startKey: 'End', visibleFrame: n }, () => page.keyboard.press('End'), limit)).total;
    })().catch(failed);
    log(`  End: ${fmt(run.endMs)}`);
    limit = budget.step(2 * 60_000);
    if (limit <= 0) return skipRest(run, budget.skipped);
    run.goToMs = await (async () => {
      await toTop();
      await page.keyboard.press('Control+g');
      const input = page.getByTestId('goto-input');
      if (!(await input.waitFor({ timeout: 3000 }).then(() => true, () => false))) return 'absent';
      await input.fill(String(n));
      return (await watchStep(page, { startKey: 'Enter', visibleFrame: n }, () => input.press('Enter'), limit)).total;
    })().catch(failed);
    log(`  Ctrl+G ${n}: ${run.goToMs === 'absent' ? 'absent (Ctrl+G opened no [data-testid=goto-input])' : fmt(run.goToMs)}`);

    // Scrolling under the tracer: the wheel, then PageDown held, each from the top.
    const tracer = browser;
    const traced = async (kind: 'wheel' | 'pagedown', scroll: () => Promise<void>): Promise<ScrollStats | string> => {
      if (budget.step(SCROLL_MS + 60_000) < SCROLL_MS + 60_000) return budget.skipped;
      await toTop();
      const fromFrame = (await topFrame(page)) ?? null;
      await settle(page);
      await tracer.startTracing(page, { categories: TRACE_CATEGORIES });
      let buf: Buffer | undefined;
      try {
        await page.evaluate((m) => console.timeStamp(m), MARK_START);
        await scroll();
        await within(30_000, page.evaluate((m) => console.timeStamp(m), MARK_END));
      } finally {
        buf = await within(120_000, tracer.stopTracing());
      }
      if (!buf) return 'timed out stopping the trace after 120 s';
      const toFrame = (await topFrame(page)) ?? null;
      if (keepTraces) {
        const file = path.join(os.tmpdir(), `trackwire-bench-ui-${kind}-${n}-${Date.now()}.json`);
        writeFileSync(file, buf);
        run.traces.push(file);
      }
      const stats = analyseTrace(buf.toString());
      return typeof stats === 'string' ? stats : { ...stats, fromFrame, toFrame };
    };
    run.wheel = await traced('wheel', async () => {
      const b = (await grid.boundingBox())!;
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      const end = performance.now() + SCROLL_MS;
      while (performance.now() < end) if (!(await within(10_000, page.mouse.wheel(0, WHEEL_DELTA).then(() => true)))) break;
    }).catch(failed);
    log(`  wheel: ${scrollLine(run.wheel)}`);
    run.pageDown = await traced('pagedown', async () => {
      const end = performance.now() + SCROLL_MS;
      while (performance.now() < end) {
        if (!(await within(10_000, page.keyboard.down('PageDown').then(() => true)))) break;
        await sleep(KEY_REPEAT_MS);
      }
      await within(10_000, page.keyboard.up('PageDown'));
    }).catch(failed);
    log(`  PageDown held: ${scrollLine(run.pageDown)}`);
    run.memory.afterScroll = await memory();
    return run;
  } catch (e) {
    run.error = failed(e);
    log(`  ${run.error}`);
    return run;
  } finally {
    if (browser) await within(30_000, browser.close());
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(v: Figure | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function scrollLine(s: ScrollStats | string): string {
  if (typeof s === 'string') return s;
  return [
    `${s.frames} frames, frame time p50 ${s.frameMs.p50.toFixed(1)} / p95 ${s.frameMs.p95.toFixed(1)} / p99 ${s.frameMs.p99.toFixed(1)} ms`,
    `${pct(s.over16)} over 16.7 ms, ${pct(s.over50)} over 50 ms, ${pct(s.partial)} without the main thread's update`,
    `${s.longTasks} long tasks (longest ${s.longestTaskMs.toFixed(0)} ms)`,
    s.keyMs ? `keydown→paint p50 ${s.keyMs.p50.toFixed(0)} / p95 ${s.keyMs.p95.toFixed(0)} ms` : '',
    `top row #${s.fromFrame ?? '?'} → #${s.toFrame ?? '?'}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** One line of the summary: a figure of each run, in a unit. */
interface Row {
  label: string;
  unit: 'ms' | 'MB' | '%' | 'n';
  get(r: UiRun): Figure | undefined;
}

const scrollRows = (name: string, key: 'wheel' | 'pageDown'): Row[] => {
  const s = (r: UiRun) => (typeof r[key] === 'string' ? (r[key] as string) : (r[key] as ScrollStats));
  const num = (f: (x: ScrollStats) => number | undefined) => (r: UiRun) => {
    const x = s(r);
    return typeof x === 'string' ? x : f(x);
  };
  return [
    { label: `${name}: frames drawn`, unit: 'n', get: num((x) => x.frames) },
    { label: `${name}: frame time p50`, unit: 'ms', get: num((x) => x.frameMs.p50) },
    { label: `${name}: frame time p95`, unit: 'ms', get: num((x) => x.frameMs.p95) },
    { label: `${name}: frame time p99`, unit: 'ms', get: num((x) => x.frameMs.p99) },
    { label: `${name}: frames over 16.7 ms`, unit: '%', get: num((x) => x.over16) },
    { label: `${name}: frames over 50 ms`, unit: '%', get: num((x) => x.over50) },
    { label: `${name}: drawn without main-thread update`, unit: '%', get: num((x) => x.partial) },
    { label: `${name}: main-thread commit gap p95`, unit: 'ms', get: num((x) => x.commitGapMs?.p95) },
    { label: `${name}: long tasks (> 50 ms)`, unit: 'n', get: num((x) => x.longTasks) },
    { label: `${name}: longest task`, unit: 'ms', get: num((x) => x.longestTaskMs) },
    ...(key === 'pageDown' ? [{ label: `${name}: keydown→paint p95`, unit: 'ms' as const, get: num((x) => x.keyMs?.p95) }] : []),
    { label: `${name}: rows travelled`, unit: 'n', get: num((x) => (x.fromFrame !== null && x.toFrame !== null ? x.toFrame - x.fromFrame : undefined)) },
  ];
};

const memRows = (name: string, key: keyof UiRun['memory']): Row[] => [
  { label: `JS heap after ${name} (after GC)`, unit: 'MB', get: (r) => r.memory[key]?.heapMb },
  { label: `renderer RSS after ${name}`, unit: 'MB', get: (r) => r.memory[key]?.rendererRssMb },
  { label: `DOM nodes after ${name}`, unit: 'n', get: (r) => r.memory[key]?.nodes },
];

const ROWS: Row[] = [
  { label: 'capture size', unit: 'MB', get: (r) => r.captureMb },
  { label: 'load: engine reads the file', unit: 'ms', get: (r) => r.engineLoadMs },
  { label: 'load: list shows every frame', unit: 'ms', get: (r) => r.uiLoadMs },
  ...[FRAME_FILTER, TREE_FILTER].flatMap((filter) =>
    (['first', 'again'] as const).map((pass): Row => ({
      label: `filter ${filter} (${pass === 'first' ? 'first time' : 'again'})`,
      unit: 'ms',
      get: (r) => r.filters.find((f) => f.filter === filter && f.pass === pass)?.ms,
    })),
  ),
  { label: 'filter cleared (Esc) until every row is back', unit: 'ms', get: (r) => r.clearFilterMs },
  { label: 'End: last frame on screen', unit: 'ms', get: (r) => r.endMs },
  { label: 'Ctrl+G last frame: on screen', unit: 'ms', get: (r) => r.goToMs },
  ...scrollRows('wheel', 'wheel'),
  ...scrollRows('PageDown held', 'pageDown'),
  ...memRows('load', 'afterLoad'),
  ...memRows('filters', 'afterFilter'),
  ...memRows('scrolling', 'afterScroll'),
  { label: 'engine RSS after scrolling', unit: 'MB', get: (r) => r.memory.afterScroll?.engineRssMb },
  { label: 'engine peak RSS (VmHWM)', unit: 'MB', get: (r) => r.memory.afterScroll?.enginePeakMb ?? r.memory.afterLoad?.enginePeakMb },
];

function cell(v: Figure | undefined, unit: Row['unit']): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '—';
  // The details of a timeout or a failure are in the log and the JSON.
  if (typeof v === 'string') return v.replace(/ \(.*$/s, '').replace(/:.*$/s, '');
  if (unit === 'ms') return v < 100 ? `${v.toFixed(1)} ms` : fmt(v);
  if (unit === '%') return pct(v);
  if (unit === 'MB') return `${v.toFixed(v < 10 ? 1 : 0)} MB`;
  return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

export interface UiReport {
  frames: number;
  reference: number | null;
  table: Array<{ label: string; unit: string; value: Figure | null; reference: Figure | null; ratio: number | null }>;
  runs: { main: UiRun; reference: UiRun | null };
}

function summarise(main: UiRun, ref: UiRun | null): UiReport {
  const table = ROWS.map((row) => {
    const value = row.get(main) ?? null;
    const reference = ref ? (row.get(ref) ?? null) : null;
    const ratio = typeof value === 'number' && typeof reference === 'number' && reference > 0 ? value / reference : null;
    return { label: row.label, unit: row.unit, value, reference, ratio };
  });
  return { frames: main.frames, reference: ref?.frames ?? null, table, runs: { main, reference: ref } };
}

function printTable(report: UiReport): void {
  const head = [`${report.frames.toLocaleString('en-US')} frames`, report.reference ? `${report.reference.toLocaleString('en-US')} (reference)` : '', report.reference ? 'ratio' : ''];
  const rows = report.table.map((t) => {
    const row = ROWS.find((r) => r.label === t.label)!;
    return [t.label, cell(t.value ?? undefined, row.unit), report.reference ? cell(t.reference ?? undefined, row.unit) : '', t.ratio === null ? '' : `${t.ratio.toFixed(2)}×`];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['', ...head][i]!, ...rows.map((r) => r[i]!)].map((s) => s.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ').trimEnd();
  console.log(line(['', ...head]));
  for (const r of rows) console.log(line(r));
  console.log('(skipped, failed, timed out: the reason is in the log above and in the JSON)');
}

// ---------------------------------------------------------------------------------------------

export interface UiBenchOptions {
  frames: number;
  /** Frames of the reference run (same process, same steps); 10,000 unless given, 0: none. */
  reference?: number;
  /** Cap on the browser part of the benchmark, minutes (15 unless given). */
  capMinutes?: number;
  /** Write the summary and every figure as JSON here. */
  json?: string;
}

export async function benchUi(o: UiBenchOptions): Promise<UiReport> {
  const refFrames = o.reference ?? 10_000;
  const sizes = refFrames > 0 && refFrames < o.frames ? [refFrames, o.frames] : [o.frames];
  const captures = sizes.map((frames) => {
    const t0 = performance.now();
    const c = uiCapture(frames);
    console.log(`capture: ${c.frames.toLocaleString('en-US')} frames, ${c.devices} devices (${UI_PROTOCOLS.join(', ')}), ${(statSync(c.file).size / 1e6).toFixed(0)} MB: ${c.file} (${((performance.now() - t0) / 1000).toFixed(1)} s, cached by size)`);
    return c;
  });
  const budget = new Budget((o.capMinutes ?? 15) * 60_000);
  const runs: UiRun[] = [];
  for (const [i, c] of captures.entries()) {
    const main = i === captures.length - 1;
    console.log(`${main ? 'run' : 'reference run'}: ${c.frames.toLocaleString('en-US')} frames`);
    runs.push(await runUi(c, budget, (line) => console.log(line), main));
  }
  const report = summarise(runs[runs.length - 1]!, runs.length > 1 ? runs[0]! : null);
  console.log('');
  printTable(report);
  const main = report.runs.main;
  if (main.traces.length) console.log(`\ntraces of the ${main.frames.toLocaleString('en-US')}-frame scrolls (open in chrome://tracing or https://ui.perfetto.dev):\n  ${main.traces.join('\n  ')}`);
  for (const r of runs) if (r.pageErrors.length) console.log(`page errors with ${r.frames} frames: ${r.pageErrors.slice(0, 5).join(' | ')}`);
  for (const r of runs) if (r.error) console.log(`the run with ${r.frames} frames stopped early: ${r.error}`);
  if (o.json) {
    writeFileSync(o.json, JSON.stringify(report, null, 2));
    console.log(`figures written to ${o.json}`);
  }
  return report;
}
