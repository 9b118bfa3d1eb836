/**
 * The engine: TCP and UDP listeners on a shared port, a session per TCP connection and per UDP
 * source, protocol detection locked per session (overridable), splitting, decoding, server-like
 * answers in four responder modes, proxy mode towards an upstream server, limits, lossless
 * recording, devices grouped across reconnects, and the frame index the UI reads.
 * No Electron import: the desktop app, web mode and the CLI share it.
 */
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExporter, type ExportFormat } from './export';
import dgram from 'node:dgram';
import { getProtocol } from '../../parsers/index';
import type { DecodedFrame } from '../../parsers/core/types';
import type {
  ApiRequests,
  DeviceInfo,
  EngineEvent,
  EngineLimits,
  EngineStatus,
  FrameSummary,
  ListenerStatus,
  RecorderStatus,
  RequestName,
  ResponderMode,
  ResponderSetting,
  SessionInfo,
  Transport,
  ValidationReport,
} from '../api/contract';
import { FrameStore, decodeWith, upperBound } from './frames';
import { corruptChecksum } from './corrupt';

export { corruptChecksum };
import { fromHex } from '../../parsers/core/bytes';
import { UserError } from './errors';
import { formatHostPort, splitHostPort, type HostPort } from './address';
import { DETECT_WAIT_MS, IDLE_MS, MAX_PENDING, StreamCutter, type Piece } from './stream';
import { Captures, listSamples } from './captures';
import { DEFAULT_TRACK_LIMIT } from './positions';
import { CommandQueue } from './commands';
import { validate, type ValidationFrame, type ValidationSession } from './analysis/validate';
import { renderValidationHtml } from './analysis/validate-report';
import { RecentCaptures } from './recent';
import { removeUpload } from './uploads';
import { parseFilter } from '../../parsers/core/display-filter';
import type { CaptureFrame } from './capture/loader';
import { compareProfiles } from './analysis/compare';
import { loadSource, type LoadedSource } from './analysis/source';
import { isEngineSource, loadEngineSource } from './analysis/store-source';
import { renderComparisonHtml } from './analysis/compare-report';
import type { SourceSpec } from '../api/comparison';
import type { CaptureJob } from '../api/contract';

export const VERSION = '0.1.0';
export const DEFAULT_LISTEN: HostPort = { host: '0.0.0.0', port: 8888 };
export const DEFAULT_LIMITS: EngineLimits = { maxConnections: 10_000, maxPendingBytes: MAX_PENDING, idleTimeoutSec: 0, maxDatagramBytes: 65_507 };

/** How often pushed frames, sessions and status are batched. */
const PUSH_INTERVAL_MS = 40;
/**
 * At most this many frames a push to a window: a capture read at 100k frames/s would otherwise
 * send every summary over IPC/WebSocket only for the list to show a screenful of them.
 */
export const MAX_PUSHED_FRAMES = 500;
/** Frames a display filter tests between two turns of the event loop: about 20–50 ms each. */
const FILTER_SLICE_DECODED = 2_000;
const FILTER_SLICE_COLUMNS = 200_000;
/** Closed sessions kept for the sessions view (the oldest go first). */
const MAX_CLOSED_SESSIONS = 5_000;
/** Device bytes buffered while the upstream connection is being made. */
const MAX_UPSTREAM_BACKLOG = 1024 * 1024;

/** A device endpoint and the local one, for the recorder's synthesised packets. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Where the engine writes every byte (the pcapng recorder implements it). */
export interface RecordSink {
  tcpOpen(key: string, device: Endpoint, server: Endpoint, timeMs: number): void;
  tcpData(key: string, direction: 'up' | 'down', bytes: Uint8Array, timeMs: number, comment?: string): void;
  tcpClose(key: string, timeMs: number): void;
  udp(device: Endpoint, server: Endpoint, direction: 'up' | 'down', bytes: Uint8Array, timeMs: number, comment?: string): void;
  status(): RecorderStatus;
  close(): void;
}

export interface ListenSpec extends HostPort {
  /** Proxy this listener's sessions to this upstream server. */
  upstream?: HostPort;
}

export interface EngineOptions {
  listen?: ListenSpec[];
  /** Decode every session as this protocol instead of detecting (`--protocol`). */
  protocol?: string;
  /** Proxy every listener without its own upstream to this server (`--upstream`). */
  upstream?: HostPort;
  /** When the upstream cannot be reached: keep the device connection (decode and record) or close it. */
  upstreamDown?: 'keep' | 'close';
  limits?: Partial<EngineLimits>;
  responder?: ResponderSetting;
  /** Opens the recording of this run (called once at start); errors go to `onError`. */
  recorder?: (onError: (message: string) => void) => RecordSink;
  /** The folder of sample captures offered in the UI. */
  samplesDir?: string;
  /** Where exports go when no path is given (default ~/Trackwire/exports). */
  exportsDir?: string;
  /** The user's data folder: command history and templates (none: kept in memory only). */
  dataDir?: string;
}

interface Session {
  info: SessionInfo;
  cutter: StreamCutter;
  /** Proxy mode: the upstream → device direction, cut with the same protocol. */
  downCutter?: StreamCutter;
  frameIds: number[];
  detectTimer?: NodeJS.Timeout;
  downTimer?: NodeJS.Timeout;
  device: Endpoint;
  server: Endpoint;
  /** Send bytes to the device. */
  send: (bytes: Uint8Array) => void;
  /** Close the device side with a reason. */
  close: (reason: string) => void;
  upstreamSend?: (bytes: Uint8Array) => void;
  upstreamClose?: () => void;
  /** Serial numbers for commands sent on this session. */
  commandSerial?: number;
}

type Listener = (e: EngineEvent) => void;

export class Engine {
  readonly frames = new FrameStore();
  /** Subscribers, with whether each wants every frame pushed. */
  private listeners = new Map<Listener, boolean>();
  private listenerStatus: ListenerStatus[] = [];
  private servers: Array<net.Server | dgram.Socket> = [];
  private sockets = new Set<net.Socket>();
  /** Open and recently closed sessions by id. */
  private sessions = new Map<string, Session>();
  /** Open UDP sessions by source address. */
  private udpSessions = new Map<string, Session>();
  private closedOrder: string[] = [];
  private devices = new Map<string, DeviceInfo>();
  private openTcp = 0;
  private nextSession = 1;
  private opts: EngineOptions = {};
  /** The display filter being worked out a slice at a time, for the status. */
  private filtering: { filter: string; tested: number; of: number } | null = null;
  private limits: EngineLimits = { ...DEFAULT_LIMITS };
  private responder: ResponderSetting = { mode: 'answer' };
  private limitEvents: EngineStatus['limitEvents'] = { rejectedConnections: 0, droppedBytes: 0, oversizedDatagrams: 0, idleClosed: 0 };
  private recorder: RecordSink | null = null;
  private recorderError: string | undefined;
  private outbox: FrameSummary[] = [];
  private dirtySessions = new Set<Session>();
  private statusDirty = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private commandOutbox = new Map<number, import('../api/contract').CommandRecord>();
  /** Downlink commands: sent, queued for devices, matched to replies. */
  readonly commands = new CommandQueue({
    sessionOfDevice: (deviceId) => {
      const d = this.devices.get(deviceId);
      for (const id of [...(d?.sessions ?? [])].reverse()) {
        const s = this.sessions.get(id);
        if (s?.info.state === 'open' && /^(tcp|udp)-\d+$/.test(id)) return { id, protocol: s.info.protocol, deviceId: s.info.deviceId };
      }
      return null;
    },
    session: (id) => {
      const s = this.sessions.get(id);
      return s ? { id, protocol: s.info.protocol, deviceId: s.info.deviceId, open: s.info.state === 'open' && /^(tcp|udp)-/.test(id) } : null;
    },
    send: (sessionId, bytes) => {
      const s = this.sessions.get(sessionId)!;
      s.send(bytes);
      this.countBytes(s, 'down', bytes.length);
      this.record(s, bytes, 'down');
      this.recordWire(s, 'down', bytes, `${s.info.protocol ?? 'unknown'} command`);
      return this.frames.count;
    },
    nextSerial: (sessionId) => {
      const s = this.sessions.get(sessionId)!;
      s.commandSerial = ((s.commandSerial ?? 0) + 1) & 0xffff;
      return s.commandSerial;
    },
    changed: (c) => {
      this.commandOutbox.set(c.id, c);
      this.schedule();
    },
  });
  /** Capture files opened, for the open dialog (uploads that leave the list are deleted). */
  readonly recent = new RecentCaptures((dropped) => {
    for (const file of dropped) removeUpload(this.uploadsDir(), file);
  });
  /** Capture files and live captures; their frames share the index. */
  readonly captures = new Captures({
    ingest: (job, f) => this.ingestCapture(job, f),
    update: (job) => this.emit({ type: 'capture', job }),
    finished: (job) => {
      for (const s of this.sessions.values()) if (s.info.id.startsWith(`${job.id}-`) && s.info.state === 'open') this.closeSession(s, job.state === 'stopped' ? 'live capture stopped' : `from ${job.source}`);
    },
  });

  /**
   * Subscribe to pushes; returns the unsubscribe function. A window gets at most
   * MAX_PUSHED_FRAMES frames a push (the newest; it pages the rest in); `everyFrame` gets all.
   */
  subscribe(fn: Listener, opts: { everyFrame?: boolean } = {}): () => void {
    this.listeners.set(fn, opts.everyFrame === true);
    return () => this.listeners.delete(fn);
  }

  /** Where captures uploaded by the browser are kept: `uploads/` in the data folder (a temp folder without one). */
  uploadsDir(): string {
    return path.join(this.opts.dataDir ?? path.join(os.tmpdir(), 'trackwire'), 'uploads');
  }

  status(): EngineStatus {
    const open = [...this.sessions.values()].filter((s) => s.info.state === 'open').length;
    return {
      version: VERSION,
      listeners: this.listenerStatus.map((l) => ({ ...l })),
      frameCount: this.frames.count,
      sessionCount: open,
      deviceCount: this.devices.size,
      responder: { ...this.responder },
      recorder: this.recorderStatus(),
      limits: { ...this.limits },
      limitEvents: { ...this.limitEvents },
      upstream: this.opts.upstream ? formatHostPort(this.opts.upstream.host, this.opts.upstream.port) : null,
      ...(this.filtering ? { filtering: { ...this.filtering } } : {}),
    };
  }

  private recorderStatus(): RecorderStatus {
    if (!this.recorder) return { state: 'off', path: null, packets: 0, bytes: 0 };
    const st = this.recorder.status();
    return this.recorderError ? { ...st, state: 'stopped', message: this.recorderError } : st;
  }

  /** Answer one API request (the contract both transports implement). */
  async handle<K extends RequestName>(name: K, arg: ApiRequests[K][0]): Promise<ApiRequests[K][1]> {
    const a = arg as never as Record<string, unknown> | undefined;
    const r = (v: unknown) => v as ApiRequests[K][1];
    switch (name) {
      case 'getStatus':
        return r(this.status());
      case 'listFrames': {
        const sessions = this.filterSessions(a);
        const ids = await this.displayFiltered(a, sessions);
        if (ids) return r(this.frames.rows(ids, num(a?.from, 1), num(a?.count, 1000)));
        return r(sessions ? this.frames.listOf(sessions, num(a?.from, 1), num(a?.count, 1000)) : this.frames.list(num(a?.from, 1), num(a?.count, 1000)));
      }
      case 'countFrames': {
        const sessions = this.filterSessions(a);
        const ids = await this.displayFiltered(a, sessions);
        if (ids) return r(ids.length);
        return r(sessions ? this.frames.idsOf(sessions).length : this.frames.count);
      }
      case 'getFrame':
        return r(this.frames.detail(num(a?.id, 0)));
      case 'locateFrame':
        return r(await this.locateFrame(num(a?.id, 0), a));
      case 'findFrame':
        return r(await this.findFrame(a ?? {}));
      case 'setSessionProtocol':
        return r(this.setSessionProtocol(String(a?.sessionId ?? ''), a?.protocol == null ? null : String(a.protocol)));
      case 'listSessions':
        return r([...this.sessions.values()].map((s) => ({ ...s.info })));
      case 'listDevices':
        return r(
          [...this.devices.values()].map((d) => {
            const c = this.frames.clockOf(d.deviceId, d.protocol);
            return { ...d, sessions: [...d.sessions], ...(c ? { clock: { offsetMinutes: c.offsetMinutes, text: c.text, samples: c.samples } } : {}) };
          }),
        );
      case 'setResponder':
        return r(this.setResponder(a?.sessionId == null ? undefined : String(a.sessionId), (a?.mode ?? null) as ResponderMode | null, a?.delayMs as number | undefined));
      case 'openRecordingFolder':
        return r({ path: this.recorderStatus().path, opened: false });
      case 'openCapture': {
        const job = this.captures.openFile(String(a?.path ?? ''), typeof a?.protocol === 'string' ? a.protocol : undefined, this.flowProtocols(a?.flowProtocols));
        this.recent.add(job.source);
        return r(job);
      }
      case 'chooseCapture':
        throw new UserError('choosing a file needs the desktop app; in the browser, type the capture file path');
      case 'cancelCapture':
        return r(this.captures.cancel(String(a?.id ?? '')));
      case 'listCaptures':
        return r(this.captures.list());
      case 'listInterfaces':
        return r(this.captures.interfaces());
      case 'startLiveCapture':
        return r(this.captures.startLive(String(a?.device ?? ''), typeof a?.filter === 'string' && a.filter ? a.filter : undefined, typeof a?.protocol === 'string' ? a.protocol : undefined));
      case 'stopLiveCapture':
        return r(this.captures.stopLive(String(a?.id ?? '')));
      case 'exportFrames':
        return r(await this.exportFrames(a ?? {}));
      case 'listCommandTypes':
        return r(CommandQueue.catalogue(String(a?.protocol ?? '')));
      case 'previewCommand':
        return r(this.previewCommand(a as never));
      case 'sendCommand':
        return r(this.commands.submit(a as never));
      case 'listCommands':
        return r(this.commands.list());
      case 'cancelCommand':
        return r(this.commands.cancel(num(a?.id, 0)));
      case 'listCommandTemplates':
        return r(this.commands.listTemplates());
      case 'saveCommandTemplate':
        return r(this.commands.saveTemplate(a as never));
      case 'deleteCommandTemplate':
        return r(this.commands.deleteTemplate(String(a?.name ?? ''), String(a?.protocol ?? '')));
      case 'listSamples':
        return r(this.samples());
      case 'listRecentCaptures':
        return r(this.recent.list());
      case 'clearRecentCaptures':
        return r(this.recent.clear());
      case 'listPositions':
        return r(this.listPositions(a));
      case 'validateDevice':
        return r(this.validateDevice(a ?? {}));
      case 'compareSources': {
        const [sa, sb] = await Promise.all([this.comparisonSource(a?.a as SourceSpec), this.comparisonSource(a?.b as SourceSpec)]);
        const c = compareProfiles(sa, sb);
        return r(a?.html ? { ...c, html: renderComparisonHtml(c) } : c);
      }
      default:
        throw new UserError(`unknown request '${String(name)}'`);
    }
  }

  /** Frame ids a display filter keeps (null: no filter); an invalid filter is a UserError with its position. */
  private async displayFiltered(a: Record<string, unknown> | undefined, sessions: string[] | null): Promise<number[] | null> {
    const text = typeof a?.filter === 'string' ? a.filter.trim() : '';
    if (!text) return null;
    const p = parseFilter(text);
    if (!p.ok) throw new UserError(`filter: ${p.error}`);
    // A slice at a time: a filter that decodes a million frames must not stop the listener.
    const slice = p.needsTree ? FILTER_SLICE_DECODED : FILTER_SLICE_COLUMNS;
    for (;;) {
      const step = this.frames.matchingStep(p.filter, p.needsTree, text, sessions, slice);
      if (step.done) {
        if (this.filtering?.filter === text) {
          this.filtering = null;
          this.statusDirty = true;
          this.schedule();
        }
        return step.ids;
      }
      // Long work shows its progress (the status push, at most every PUSH_INTERVAL_MS).
      this.filtering = { filter: text, tested: step.tested, of: step.of };
      this.statusDirty = true;
      this.schedule();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The frame ids of the list these filters show (null: every frame). */
  private async listIds(a: Record<string, unknown> | undefined): Promise<readonly number[] | null> {
    const sessions = this.filterSessions(a);
    return (await this.displayFiltered(a, sessions)) ?? (sessions ? this.frames.idsOf(sessions) : null);
  }

  /** 0-based position of frame `id` in the list of these filters, or -1. */
  async locateFrame(id: number, a: Record<string, unknown> | undefined): Promise<number> {
    if (!(id >= 1 && id <= this.frames.count)) return -1;
    const ids = await this.listIds(a);
    if (!ids) return id - 1;
    const k = upperBound(ids, id) - 1;
    return k >= 0 && ids[k] === id ? k : -1;
  }

  /** Find (see the contract's findFrame). */
  async findFrame(a: Record<string, unknown>): Promise<number | null> {
    const query = String(a.query ?? '').trim();
    if (!query) throw new UserError('find: type what to look for');
    const mode = String(a.mode ?? 'text');
    const ids = await this.listIds(a);
    const from = num(a.from, 0);
    const backwards = a.backwards === true;
    if (mode === 'text') {
      const needle = query.toLowerCase();
      return this.frames.find(ids, from, backwards, (id) => this.frames.textMatches(id, needle));
    }
    if (mode === 'hex') {
      let needle: Uint8Array;
      try {
        needle = fromHex(query);
      } catch {
        needle = new Uint8Array(0);
      }
      if (!needle.length) throw new UserError(`find: '${query}' is not hex bytes (e.g. 78 78 or 7878)`);
      return this.frames.find(ids, from, backwards, (id) => this.frames.bytesMatch(id, needle));
    }
    if (mode === 'filter') {
      const hits = (await this.displayFiltered({ ...a, filter: query }, this.filterSessions(a)))!;
      return this.frames.find(ids, from, backwards, (id) => hits[upperBound(hits, id) - 1] === id);
    }
    throw new UserError(`find: unknown mode '${mode}'; use text, hex or filter`);
  }

  /** A device's or a session's track (see the contract's listPositions). */
  private listPositions(a: Record<string, unknown> | undefined) {
    const sessions = this.filterSessions(a);
    if (!sessions) throw new UserError('listPositions needs a deviceId or a sessionId');
    return this.frames.positionsOf(sessions, Math.min(num(a?.limit, DEFAULT_TRACK_LIMIT), 1_000_000));
  }

  /** The validation checklist of a device or a session (see the contract's validateDevice). */
  validateDevice(a: Record<string, unknown>): ValidationReport {
    const sessions = this.filterSessions(a);
    if (!sessions) throw new UserError('validateDevice needs a deviceId or a sessionId');
    const deviceId = typeof a.deviceId === 'string' ? a.deviceId : undefined;
    if (deviceId && !this.devices.has(deviceId)) throw new UserError(`no device '${deviceId}'`);
    const iv = a.interval as { minSec?: unknown; maxSec?: unknown } | undefined;
    if (iv !== undefined && !(typeof iv === 'object' && iv && typeof iv.minSec === 'number' && typeof iv.maxSec === 'number' && iv.minSec >= 0 && iv.maxSec > iv.minSec)) {
      throw new UserError('interval needs minSec and maxSec in seconds, minSec < maxSec');
    }
    const frames: ValidationFrame[] = [];
    const infos: ValidationSession[] = [];
    for (const sid of sessions) {
      const info = this.sessions.get(sid)?.info;
      const ids = this.frames.idsOf([sid]);
      const first = ids.length ? this.frames.detail(ids[0]!) : null;
      if (!info && !first) continue;
      infos.push({ id: sid, candidates: first?.candidates ?? [], protocolForced: info?.protocolForced });
    }
    for (const id of this.frames.idsOf(sessions)) {
      const f = this.frames.decodedLean(id);
      if (!f) continue;
      let answerDue = false;
      if (f.summary.direction === 'up' && !f.undecodedReason && f.summary.protocol) {
        try {
          answerDue = !!getProtocol(f.summary.protocol)?.respond(f.bytes, f.decoded);
        } catch {
          answerDue = false;
        }
      }
      frames.push({ summary: f.summary, decoded: f.decoded, answerDue });
    }
    if (!infos.length) throw new UserError(`no session '${String(a.sessionId)}'`);
    const device = deviceId ?? this.sessions.get(sessions[0]!)?.info.deviceId ?? sessions[0]!;
    const protocol = (deviceId ? this.devices.get(deviceId)?.protocol : this.sessions.get(sessions[0]!)?.info.protocol) ?? frames.find((f) => f.summary.protocol)?.summary.protocol ?? null;
    const commands = this.commands.list().filter((c) => (deviceId && c.deviceId === deviceId) || (c.sessionId !== null && sessions.includes(c.sessionId)));
    const report = validate({ device, protocol, frames, sessions: infos, commands, interval: iv as { minSec: number; maxSec: number } | undefined });
    if (a.html === true) report.html = renderValidationHtml(report);
    return report;
  }

  /** A comparison source: a capture file read on its own, or frames this engine holds (examples are frame-list ids). */
  private comparisonSource(spec: SourceSpec): Promise<LoadedSource> {
    if (!isEngineSource(spec)) return loadSource(spec);
    return loadEngineSource(spec, {
      frames: this.frames,
      capture: (id) => this.captures.list().find((j) => j.id === id),
      deviceSessions: (id) => this.devices.get(id)?.sessions,
    });
  }

  /** "Decode as" for some flows of a capture: `flowKey → protocol`, each protocol known. */
  private flowProtocols(value: unknown): Record<string, string> | undefined {
    if (value == null) return undefined;
    if (typeof value !== 'object') throw new UserError('flowProtocols: expected { "client>server": "protocol" }');
    const out: Record<string, string> = {};
    for (const [key, protocol] of Object.entries(value as Record<string, unknown>)) {
      if (typeof protocol !== 'string' || !getProtocol(protocol)) throw new UserError(`unknown protocol '${String(protocol)}' for flow ${key}`);
      out[key] = protocol;
    }
    return out;
  }

  /** The capture files of the samples folder, by name. */
  samples(): Array<{ name: string; path: string; bytes: number }> {
    return this.opts.samplesDir ? listSamples(this.opts.samplesDir) : [];
  }

  /** Session ids a frame filter selects, or null for no filter. */
  private filterSessions(a: Record<string, unknown> | undefined): string[] | null {
    if (typeof a?.sessionId === 'string') return [a.sessionId];
    if (typeof a?.deviceId === 'string') return [...(this.devices.get(a.deviceId)?.sessions ?? [])];
    return null;
  }

  /** The user's override of one live session's protocol (null: back to detection). */
  setSessionProtocol(sessionId: string, protocol: string | null): { sessionId: string; protocol: string | null } {
    const s = this.sessions.get(sessionId);
    if (!s || s.info.state !== 'open') throw new UserError(`no live session '${sessionId}' (it may have closed)`);
    if (protocol && !getProtocol(protocol)) throw new UserError(`unknown protocol '${protocol}'`);
    clearTimeout(s.detectTimer);
    this.emitPieces(s, 'up', s.cutter.override(protocol));
    if (s.downCutter) s.downCutter.override(protocol);
    s.info.protocol = s.cutter.protocol;
    s.info.protocolForced = s.cutter.forced;
    this.touch(s);
    return { sessionId, protocol: s.cutter.protocol };
  }

  /** Set the global responder (no session) or one session's (mode null: follow the global one). */
  setResponder(sessionId: string | undefined, mode: ResponderMode | null, delayMs?: number): ResponderSetting | null {
    if (mode !== null && !['answer', 'silent', 'delay', 'corrupt'].includes(mode)) throw new UserError(`unknown responder mode '${String(mode)}'; use answer, silent, delay or corrupt`);
    if (mode === 'delay' && !(typeof delayMs === 'number' && delayMs >= 0 && delayMs <= 600_000)) throw new UserError('delay needs delayMs from 0 to 600000');
    const setting: ResponderSetting | null = mode === null ? null : mode === 'delay' ? { mode, delayMs } : { mode };
    if (sessionId === undefined) {
      if (!setting) throw new UserError('the global responder needs a mode');
      this.responder = setting;
      this.statusDirty = true;
      this.schedule();
      return setting;
    }
    const s = this.sessions.get(sessionId);
    if (!s) throw new UserError(`no session '${sessionId}'`);
    s.info.responder = setting;
    this.touch(s);
    return setting;
  }

  /** Start TCP and UDP on every address; rejects with a UserError naming the port and the flag. */
  async start(opts: EngineOptions = {}): Promise<ListenerStatus[]> {
    this.opts = opts;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    if (opts.responder) this.setResponder(undefined, opts.responder.mode, opts.responder.delayMs);
    const addrs: ListenSpec[] = opts.listen?.length ? opts.listen : [DEFAULT_LISTEN];
    if (opts.protocol && !getProtocol(opts.protocol)) throw new UserError(`unknown protocol '${opts.protocol}' for --protocol`);
    try {
      for (const a of addrs) {
        const upstream = a.upstream ?? opts.upstream;
        const tcp = await this.listenTcp(a, upstream);
        // UDP shares the port TCP got (matters when port 0 asked for a free one).
        await this.listenUdp({ host: a.host, port: tcp.port }, upstream);
      }
    } catch (e) {
      await this.stop();
      throw e;
    }
    if (opts.recorder) {
      try {
        this.recorder = opts.recorder((message) => {
          this.recorderError = message;
          this.statusDirty = true;
          this.schedule();
        });
      } catch (e) {
        this.recorderError = (e as Error).message;
      }
    }
    if (opts.dataDir) this.commands.persistIn(opts.dataDir);
    if (opts.dataDir) this.recent.persistIn(opts.dataDir);
    this.sweepTimer = setInterval(() => this.sweep(), 1000);
    this.sweepTimer.unref();
    this.emit({ type: 'status', status: this.status() });
    return this.listenerStatus;
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.captures.close();
    for (const s of this.sessions.values()) if (s.info.state === 'open') s.close('engine stopped');
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      this.servers.map((s) => new Promise<void>((res) => (s instanceof net.Server ? s.close(() => res()) : s.close(() => res())))),
    );
    this.servers = [];
    for (const l of this.listenerStatus) l.state = 'closed';
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    this.commands.flush();
    this.recorder?.close();
  }

  private listenTcp(a: HostPort, upstream: HostPort | undefined): Promise<ListenerStatus> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((sock) => this.onTcpConnection(sock, upstream));
      server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, 'TCP', a)));
      server.listen(a.port, a.host, () => {
        const addr = server.address() as net.AddressInfo;
        server.removeAllListeners('error');
        server.on('error', (e) => this.setListenerError('tcp', addr.port, e.message));
        const st: ListenerStatus = { transport: 'tcp', host: a.host, port: addr.port, state: 'listening' };
        this.listenerStatus.push(st);
        this.servers.push(server);
        resolve(st);
      });
    });
  }

  private listenUdp(a: HostPort, upstream: HostPort | undefined): Promise<ListenerStatus> {
    return new Promise((resolve, reject) => {
      // A large receive buffer: fleets send in bursts, and a full buffer drops datagrams silently.
      const sock = dgram.createSocket({ type: a.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 8 * 1024 * 1024 });
      sock.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, 'UDP', a)));
      sock.on('message', (msg, rinfo) => this.onDatagram(sock, msg, rinfo, upstream));
      sock.bind(a.port, a.host, () => {
        sock.removeAllListeners('error');
        sock.on('error', (e) => this.setListenerError('udp', a.port, e.message));
        const st: ListenerStatus = { transport: 'udp', host: a.host, port: sock.address().port, state: 'listening' };
        this.listenerStatus.push(st);
        this.servers.push(sock);
        resolve(st);
      });
    });
  }

  private setListenerError(transport: Transport, port: number, message: string): void {
    const l = this.listenerStatus.find((s) => s.transport === transport && s.port === port);
    if (l) Object.assign(l, { state: 'error', error: message });
    this.emit({ type: 'status', status: this.status() });
  }

  private newSession(transport: Transport, device: Endpoint, server: Endpoint, upstream: HostPort | undefined): Session {
    const now = Date.now();
    const info = newSessionInfo(`${transport}-${this.nextSession++}`, transport, formatHostPort(device.address, device.port), formatHostPort(server.address, server.port), now);
    if (upstream) info.upstream = { address: formatHostPort(upstream.host, upstream.port), state: 'connecting' };
    const cutter = new StreamCutter({ transport, port: server.port, protocol: this.opts.protocol, maxPending: this.limits.maxPendingBytes });
    info.protocol = cutter.protocol;
    info.protocolForced = cutter.forced;
    const s: Session = { info, cutter, frameIds: [], device, server, send: () => undefined, close: () => undefined };
    if (upstream) s.downCutter = new StreamCutter({ transport, port: server.port, protocol: this.opts.protocol, maxPending: this.limits.maxPendingBytes, direction: 'down' });
    this.sessions.set(info.id, s);
    this.statusDirty = true;
    this.touch(s);
    return s;
  }

  private onTcpConnection(sock: net.Socket, upstream: HostPort | undefined): void {
    const device = { address: stripV4Mapped(sock.remoteAddress ?? '?'), port: sock.remotePort ?? 0 };
    if (this.openTcp >= this.limits.maxConnections) {
      this.limitEvents.rejectedConnections++;
      this.limitEvents.last = `connection from ${formatHostPort(device.address, device.port)} refused: ${this.limits.maxConnections} connections open (--max-connections)`;
      this.statusDirty = true;
      this.schedule();
      sock.destroy();
      return;
    }
    this.openTcp++;
    this.sockets.add(sock);
    sock.setNoDelay(true);
    const server = { address: stripV4Mapped(sock.localAddress ?? '?'), port: sock.localPort ?? 0 };
    const s = this.newSession('tcp', device, server, upstream);
    let closeReason = 'device closed the connection';
    s.send = (b) => {
      if (!sock.destroyed) sock.write(b);
    };
    s.close = (reason) => {
      closeReason = reason;
      sock.destroy();
    };
    this.recordSafe(() => this.recorder?.tcpOpen(s.info.id, device, server, Date.now()));
    if (upstream) this.connectUpstreamTcp(s, upstream);
    sock.on('data', (chunk) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      s.upstreamSend?.(bytes);
      this.onStreamData(s, 'up', bytes);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      closeReason = e.code === 'ECONNRESET' ? 'device reset the connection' : `device connection error: ${e.message}`;
    });
    sock.on('close', () => {
      clearTimeout(s.detectTimer);
      clearTimeout(s.downTimer);
      this.sockets.delete(sock);
      this.openTcp--;
      // Whatever never formed a whole frame is still shown, not lost.
      this.emitPieces(s, 'up', s.cutter.end());
      if (s.downCutter) this.emitPieces(s, 'down', s.downCutter.end());
      s.upstreamClose?.();
      this.recordSafe(() => this.recorder?.tcpClose(s.info.id, Date.now()));
      this.closeSession(s, closeReason);
    });
  }

  /** Proxy mode over TCP: one upstream connection per device connection, bytes relayed unchanged. */
  private connectUpstreamTcp(s: Session, upstream: HostPort): void {
    const up = net.connect({ host: upstream.host, port: upstream.port });
    let backlog: Uint8Array[] = [];
    let backlogBytes = 0;
    let connected = false;
    s.upstreamSend = (b) => {
      if (connected) return void up.write(b);
      if (up.destroyed) return;
      if (backlogBytes + b.length > MAX_UPSTREAM_BACKLOG) return;
      backlog.push(b.slice());
      backlogBytes += b.length;
    };
    s.upstreamClose = () => up.end();
    up.setNoDelay(true);
    up.on('connect', () => {
      connected = true;
      for (const b of backlog) up.write(b);
      backlog = [];
      s.info.upstream = { address: s.info.upstream!.address, state: 'connected' };
      this.touch(s);
    });
    up.on('data', (chunk) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      s.send(bytes);
      this.onStreamData(s, 'down', bytes);
    });
    up.on('error', (e: NodeJS.ErrnoException) => {
      const message = upstreamError(e, s.info.upstream!.address);
      s.info.upstream = { address: s.info.upstream!.address, state: 'error', error: message };
      this.touch(s);
      if (!connected && this.opts.upstreamDown === 'close') s.close(`upstream down: ${message}`);
    });
    up.on('close', () => {
      if (s.info.upstream?.state === 'connected') {
        s.info.upstream = { address: s.info.upstream.address, state: 'closed' };
        this.touch(s);
        // The server hung up: the device sees the same.
        s.close('upstream closed the connection');
      }
      connected = false;
    });
  }

  private onDatagram(sock: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo, upstream: HostPort | undefined): void {
    const device = { address: stripV4Mapped(rinfo.address), port: rinfo.port };
    const key = formatHostPort(device.address, device.port);
    let s = this.udpSessions.get(key);
    if (!s) {
      const la = sock.address();
      const ss = this.newSession('udp', device, { address: stripV4Mapped(la.address), port: la.port }, upstream);
      s = ss;
      ss.send = (b) => sock.send(b, rinfo.port, rinfo.address);
      ss.close = (reason) => {
        ss.upstreamClose?.();
        this.udpSessions.delete(key);
        this.closeSession(ss, reason);
      };
      this.udpSessions.set(key, ss);
      if (upstream) this.connectUpstreamUdp(ss, upstream);
    }
    let bytes: Uint8Array = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
    if (bytes.length > this.limits.maxDatagramBytes) {
      this.limitEvents.oversizedDatagrams++;
      this.limitEvents.droppedBytes += bytes.length - this.limits.maxDatagramBytes;
      this.limitEvents.last = `datagram of ${bytes.length} bytes from ${key} cut to ${this.limits.maxDatagramBytes} (--max-datagram)`;
      this.statusDirty = true;
      bytes = bytes.subarray(0, this.limits.maxDatagramBytes);
    }
    s.upstreamSend?.(bytes);
    this.countBytes(s, 'up', bytes.length);
    const pieces = s.cutter.datagram(bytes);
    this.syncProtocol(s);
    this.emitPieces(s, 'up', pieces, bytes);
  }

  /** Proxy mode over UDP: a socket per device source towards the upstream, answers relayed back. */
  private connectUpstreamUdp(s: Session, upstream: HostPort): void {
    const up = dgram.createSocket(net.isIPv6(upstream.host) ? 'udp6' : 'udp4');
    let ready = false;
    up.connect(upstream.port, upstream.host, () => {
      ready = true;
      s.info.upstream = { address: s.info.upstream!.address, state: 'connected' };
      this.touch(s);
    });
    s.upstreamSend = (b) => {
      if (ready) up.send(b);
    };
    s.upstreamClose = () => up.close();
    up.on('message', (msg) => {
      const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
      s.send(bytes);
      this.countBytes(s, 'down', bytes.length);
      const cutter = s.downCutter!;
      if (!cutter.protocol && s.cutter.protocol) cutter.override(s.cutter.protocol);
      this.emitPieces(s, 'down', cutter.datagram(bytes), bytes);
    });
    up.on('error', (e: NodeJS.ErrnoException) => {
      s.info.upstream = { address: s.info.upstream!.address, state: 'error', error: upstreamError(e, s.info.upstream!.address) };
      this.touch(s);
    });
  }

  private onStreamData(s: Session, direction: 'up' | 'down', chunk: Uint8Array): void {
    this.countBytes(s, direction, chunk.length);
    const cutter = direction === 'up' ? s.cutter : s.downCutter!;
    // The server's side of a proxied session is decoded with the protocol the device's side chose.
    if (direction === 'down' && !cutter.protocol && s.cutter.protocol) cutter.override(s.cutter.protocol);
    const timerKey = direction === 'up' ? 'detectTimer' : 'downTimer';
    clearTimeout(s[timerKey]);
    const pieces = cutter.push(chunk);
    this.syncProtocol(s);
    this.emitPieces(s, direction, pieces, chunk);
    // Too few bytes to decide: wait briefly for more, then show them rather than hold them.
    if (cutter.waiting) s[timerKey] = setTimeout(() => this.emitPieces(s, direction, cutter.flushUndetected()), DETECT_WAIT_MS);
    // A frame whose end is ambiguous until more bytes come is cut once the link goes quiet.
    else if (cutter.held.length) s[timerKey] = setTimeout(() => this.emitPieces(s, direction, cutter.idle()), IDLE_MS);
  }

  private countBytes(s: Session, direction: 'up' | 'down', n: number): void {
    if (direction === 'up') s.info.bytesUp += n;
    else s.info.bytesDown += n;
    s.info.lastSeen = Date.now();
    this.touch(s);
  }

  private syncProtocol(s: Session): void {
    if (s.info.protocol !== s.cutter.protocol) {
      s.info.protocol = s.cutter.protocol;
      this.touch(s);
    }
  }

  /**
   * Record and decode the pieces cut from one chunk; `wire` is the chunk as it arrived, written
   * to the recording with a comment naming what was cut from it.
   */
  private emitPieces(s: Session, direction: 'up' | 'down', pieces: Piece[], wire?: Uint8Array): void {
    const names: string[] = [];
    const answers: Array<{ frame: Uint8Array; decoded: DecodedFrame }> = [];
    for (const p of pieces) {
      if (p.kind === 'overflow') {
        this.limitEvents.droppedBytes += p.bytes.length;
        this.limitEvents.last = `${s.info.source}: ${p.reason}`;
        this.statusDirty = true;
      }
      const decoded = this.record(s, p.bytes, direction, p.kind === 'frame' ? undefined : p.reason ?? 'undecoded bytes');
      names.push(p.kind === 'frame' ? `${decoded.protocol} ${decoded.messageType}` : `${p.bytes.length} undecoded bytes`);
      if (p.kind === 'frame' && direction === 'up') answers.push({ frame: p.bytes, decoded });
    }
    if (wire) this.recordWire(s, direction, wire, names.length ? names.join(', ') : `${s.info.protocol ?? 'unknown'}: part of a frame`);
    for (const a of answers) this.answer(s, a.frame, a.decoded);
  }

  private recordWire(s: Session, direction: 'up' | 'down', bytes: Uint8Array, comment: string): void {
    const t = Date.now();
    this.recordSafe(() => {
      if (s.info.transport === 'tcp') this.recorder?.tcpData(s.info.id, direction, bytes, t, comment);
      else this.recorder?.udp(s.device, s.server, direction, bytes, t, comment);
    });
  }

  /** The recorder reports its own errors; a bug in it must not take the listener down. */
  private recordSafe(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!this.recorderError) {
        this.recorderError = `Recording stopped: ${(e as Error).message}`;
        this.statusDirty = true;
      }
    }
  }

  /** The responder: the protocol's answer, sent as the session's (or the global) mode says. */
  private answer(s: Session, frame: Uint8Array, decoded: DecodedFrame): void {
    if (s.info.upstream) return; // the real server answers proxied sessions
    const p = s.cutter.protocol ? getProtocol(s.cutter.protocol) : undefined;
    if (!p) return;
    const mode = s.info.responder ?? this.responder;
    if (mode.mode === 'silent') return;
    let answer: Uint8Array | null = null;
    try {
      answer = p.respond(frame, decoded);
    } catch {
      answer = null;
    }
    if (!answer) return;
    if (mode.mode === 'corrupt') answer = corruptChecksum(p.id, answer, s.info.transport);
    const out = answer;
    const send = () => {
      if (s.info.state !== 'open') return;
      s.send(out);
      s.info.answers++;
      this.countBytes(s, 'down', out.length);
      this.record(s, out, 'down');
      this.recordWire(s, 'down', out, `${p.id} answer${mode.mode === 'corrupt' ? ' (checksum corrupted on purpose)' : ''}`);
    };
    if (mode.mode === 'delay' && mode.delayMs) setTimeout(send, mode.delayMs);
    else send();
  }

  private record(s: Session, bytes: Uint8Array, direction: 'up' | 'down', undecodedReason?: string): DecodedFrame {
    const cutter = direction === 'down' && s.downCutter ? s.downCutter : s.cutter;
    const { summary, decoded } = this.frames.add({
      time: Date.now(),
      sessionId: s.info.id,
      transport: s.info.transport,
      source: s.info.source,
      local: s.info.local,
      direction,
      protocol: cutter.protocol ?? s.cutter.protocol,
      candidates: s.cutter.candidates,
      bytes,
      undecodedReason,
      deviceId: s.info.deviceId ?? undefined,
    });
    const info = s.info;
    if (direction === 'up') info.framesUp++;
    else info.framesDown++;
    info.issues += decoded.issues.length;
    if (decoded.deviceId && !info.deviceId) this.learnDevice(s, decoded.deviceId);
    if (!summary.deviceId && info.deviceId) {
      summary.deviceId = info.deviceId;
      this.frames.setDeviceId(summary.id, info.deviceId);
    }
    if (direction === 'up' && !undecodedReason) this.commands.uplink(info.id, summary.id, decoded);
    // Only frames from before the device id is known need it filled in later.
    if (!info.deviceId) s.frameIds.push(summary.id);
    if (info.deviceId) {
      const d = this.devices.get(info.deviceId);
      if (d) {
        d.frames++;
        d.lastSeen = summary.time;
      }
    }
    this.touch(s);
    this.outbox.push(summary);
    this.schedule();
    return decoded;
  }

  /** The session now knows its device: label its earlier frames and join the device's view. */
  private learnDevice(s: Session, deviceId: string): void {
    s.info.deviceId = deviceId;
    for (const id of s.frameIds) this.frames.setDeviceId(id, deviceId);
    let d = this.devices.get(deviceId);
    if (!d) {
      d = { deviceId, protocol: s.info.protocol, sessions: [], online: true, firstSeen: s.info.openedAt, lastSeen: s.info.lastSeen, frames: 0 };
      this.devices.set(deviceId, d);
      this.statusDirty = true;
    }
    d.sessions.push(s.info.id);
    d.protocol = s.info.protocol;
    d.online = true;
    d.frames += s.frameIds.length;
    s.frameIds = [];
    // Commands queued for this device go out now (after the frame that taught its id is answered).
    if (s.info.state === 'open' && /^(tcp|udp)-/.test(s.info.id)) setImmediate(() => this.commands.deviceOnline(deviceId, s.info.id));
  }

  /** The exact bytes a command would be sent as, and their decode, without sending. */
  previewCommand(req: import('../api/contract').CommandRequest) {
    const s = req.sessionId ? this.sessions.get(req.sessionId) : undefined;
    const protocol = req.protocol ?? s?.info.protocol;
    if (!protocol) throw new UserError('choose a protocol (or a session whose protocol is known)');
    const deviceId = req.deviceId ?? s?.info.deviceId ?? '123456789012345';
    const serial = ((s?.commandSerial ?? 0) + 1) & 0xffff;
    const e = CommandQueue.encode(protocol, req, deviceId, serial);
    const d = decodeWith(protocol, e.bytes, { transport: s?.info.transport ?? 'tcp', direction: 'down' });
    return { hex: Buffer.from(e.bytes).toString('hex'), serial: e.serial ?? null, immobilises: !!e.def.immobilises, messageType: d.messageType, tree: d.tree, issues: d.issues };
  }

  /** Write the chosen frames to a file (see the contract's exportFrames). */
  async exportFrames(a: Record<string, unknown>): Promise<{ path: string; frames: number; bytes: number }> {
    const format = String(a.format ?? 'ndjson') as ExportFormat;
    if (!['pcapng', 'ndjson', 'csv', 'json'].includes(format)) throw new UserError(`unknown export format '${format}'; use pcapng, ndjson, csv or json`);
    const ids = Array.isArray(a.ids) ? (a.ids as unknown[]).filter((x): x is number => typeof x === 'number') : null;
    const list = ids ?? (await this.listIds(a)) ?? Array.from({ length: this.frames.count }, (_, i) => i + 1);
    const dir = this.opts.exportsDir ?? path.join(os.homedir(), 'Trackwire', 'exports');
    const file = typeof a.path === 'string' && a.path ? path.resolve(a.path) : path.join(dir, `trackwire-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`);
    let fd: number;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fd = fs.openSync(file, 'w');
    } catch (e) {
      throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
    }
    const ex = createExporter(format);
    let bytes = 0;
    let frames = 0;
    const put = (d: string | Uint8Array) => {
      if (!d.length) return;
      const b = typeof d === 'string' ? Buffer.from(d) : d;
      fs.writeSync(fd, b);
      bytes += b.length;
    };
    const deviceOf = new Map<string, string>();
    try {
      put(ex.header());
      for (const id of [...list].sort((x, y) => x - y)) {
        const f = this.frames.raw(id);
        if (!f) continue;
        const s = f.summary;
        const decoded = this.frames.withLint(id, decodeWith(s.protocol, f.bytes, { transport: s.transport, direction: s.direction, deviceId: s.deviceId ?? deviceOf.get(s.sessionId) }, f.undecodedReason));
        if (s.deviceId) deviceOf.set(s.sessionId, s.deviceId);
        put(ex.frame({ time: s.time, flow: `${s.source} → ${s.local}`, client: s.source, server: s.local, transport: s.transport, direction: s.direction, protocol: s.protocol, bytes: f.bytes, decoded, undecodedReason: f.undecodedReason, deviceId: s.deviceId ?? undefined }));
        frames++;
      }
      put(ex.footer());
    } catch (e) {
      throw new UserError(`export to ${file} failed: ${(e as Error).message}`);
    } finally {
      fs.closeSync(fd);
    }
    return { path: file, frames, bytes };
  }

  /** A frame read from a capture: its flow is a session (closed for files), its device is learnt. */
  private ingestCapture(job: CaptureJob, f: CaptureFrame): void {
    const id = `${job.id}-${f.flowId}`;
    let s = this.sessions.get(id);
    if (!s) {
      const info = newSessionInfo(id, f.transport, f.client, f.server, f.time);
      info.protocol = f.protocol;
      if (job.kind === 'file') Object.assign(info, { state: 'closed', closeReason: `from ${job.source}`, closedAt: f.time });
      s = { info, cutter: new StreamCutter({ transport: f.transport }), frameIds: [], device: splitHostPort(f.client), server: splitHostPort(f.server), send: () => undefined, close: () => undefined };
      this.sessions.set(id, s);
    }
    const info = s.info;
    if (f.protocol && !info.protocol) info.protocol = f.protocol;
    const reason = f.gap ? f.undecodedReason ?? `${f.gap.missingBytes} bytes missing from the capture` : f.undecodedReason;
    const { summary, decoded } = this.frames.add({
      time: f.time,
      sessionId: id,
      transport: f.transport,
      source: f.client,
      local: f.server,
      direction: f.direction,
      protocol: f.protocol,
      candidates: f.candidates,
      bytes: f.bytes,
      undecodedReason: reason,
      deviceId: info.deviceId ?? undefined,
    });
    if (f.direction === 'up') {
      info.framesUp++;
      info.bytesUp += f.bytes.length;
    } else {
      info.framesDown++;
      info.bytesDown += f.bytes.length;
    }
    info.issues += decoded.issues.length;
    info.lastSeen = Math.max(info.lastSeen, f.time);
    if (decoded.deviceId && !info.deviceId) this.learnDevice(s, decoded.deviceId);
    if (!summary.deviceId && info.deviceId) {
      summary.deviceId = info.deviceId;
      this.frames.setDeviceId(summary.id, info.deviceId);
    }
    if (!info.deviceId) s.frameIds.push(summary.id);
    else {
      const d = this.devices.get(info.deviceId);
      if (d) {
        d.frames++;
        d.lastSeen = Math.max(d.lastSeen, f.time);
        if (job.kind === 'file') d.online = false;
      }
    }
    this.touch(s);
    this.outbox.push(summary);
    this.schedule();
  }

  private closeSession(s: Session, reason: string): void {
    if (s.info.state === 'closed') return;
    s.info.state = 'closed';
    s.info.closeReason = reason;
    s.info.closedAt = Date.now();
    if (s.info.deviceId) {
      const d = this.devices.get(s.info.deviceId);
      if (d) d.online = d.sessions.some((id) => this.sessions.get(id)?.info.state === 'open');
    }
    this.closedOrder.push(s.info.id);
    while (this.closedOrder.length > MAX_CLOSED_SESSIONS) this.sessions.delete(this.closedOrder.shift()!);
    this.statusDirty = true;
    this.touch(s);
  }

  /** Once a second: expire commands; close sessions idle for longer than the idle timeout. */
  private sweep(): void {
    this.commands.sweep();
    const limit = this.limits.idleTimeoutSec * 1000;
    if (!limit) return;
    const now = Date.now();
    for (const s of this.sessions.values()) {
      if (s.info.state === 'open' && now - s.info.lastSeen > limit) {
        this.limitEvents.idleClosed++;
        this.limitEvents.last = `${s.info.source}: closed after ${this.limits.idleTimeoutSec} s without bytes (--idle-timeout)`;
        s.close(`idle for ${this.limits.idleTimeoutSec} s (--idle-timeout)`);
      }
    }
  }

  private touch(s: Session): void {
    this.dirtySessions.add(s);
    this.schedule();
  }

  private schedule(): void {
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), PUSH_INTERVAL_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.outbox.length) {
      const frames = this.outbox;
      this.outbox = [];
      const total = this.frames.count;
      const newest = frames.length > MAX_PUSHED_FRAMES ? frames.slice(-MAX_PUSHED_FRAMES) : frames;
      this.emit({ type: 'frames', frames: newest, total }, { type: 'frames', frames, total });
      this.statusDirty = true;
    }
    if (this.dirtySessions.size) {
      const sessions = [...this.dirtySessions].map((s) => ({ ...s.info }));
      this.dirtySessions.clear();
      this.emit({ type: 'sessions', sessions });
    }
    if (this.commandOutbox.size) {
      const commands = [...this.commandOutbox.values()];
      this.commandOutbox.clear();
      this.emit({ type: 'commands', commands });
    }
    if (this.statusDirty) {
      this.statusDirty = false;
      this.emit({ type: 'status', status: this.status() });
    }
  }

  /** Push `e` to every subscriber (`full` instead to those that want every frame). */
  private emit(e: EngineEvent, full: EngineEvent = e): void {
    for (const [l, everyFrame] of this.listeners) {
      try {
        l(everyFrame ? full : e);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }
}

function upstreamError(e: NodeJS.ErrnoException, address: string): string {
  if (e.code === 'ECONNREFUSED') return `upstream ${address} refused the connection`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `upstream host of ${address} not found`;
  if (e.code === 'ETIMEDOUT') return `upstream ${address} did not answer`;
  return `upstream ${address}: ${e.message}`;
}

function listenError(e: NodeJS.ErrnoException, transport: string, a: HostPort): Error {
  const where = `${transport} ${formatHostPort(a.host, a.port)}`;
  if (e.code === 'EADDRINUSE') return new UserError(`Port ${a.port} is already in use (${where}). Stop the program using it or choose another address with --listen HOST:PORT.`);
  if (e.code === 'EACCES') return new UserError(`Not allowed to listen on ${where} (ports below 1024 need privileges). Choose another address with --listen HOST:PORT.`);
  if (e.code === 'EADDRNOTAVAIL') return new UserError(`Address ${a.host} is not on this machine (${where}). Choose another address with --listen HOST:PORT.`);
  return new UserError(`Cannot listen on ${where}: ${e.message}. Choose another address with --listen HOST:PORT.`);
}

/** A session record with zeroed counters. */
function newSessionInfo(id: string, transport: Transport, source: string, local: string, now: number): SessionInfo {
  return {
    id,
    transport,
    source,
    local,
    state: 'open',
    protocol: null,
    protocolForced: false,
    deviceId: null,
    openedAt: now,
    closedAt: null,
    lastSeen: now,
    framesUp: 0,
    framesDown: 0,
    bytesUp: 0,
    bytesDown: 0,
    issues: 0,
    answers: 0,
    responder: null,
    upstream: null,
  };
}

function stripV4Mapped(addr: string): string {
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}
