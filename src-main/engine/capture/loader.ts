/**
 * Opening a capture file: pcap/pcapng records → IP packets → TCP streams and UDP datagrams →
 * frames cut by the same StreamCutter the live listener uses, so a capture shows what the
 * listener would have shown. Used by the UI and the CLI.
 *
 * - Frames come out through `onFrame` in file order as they are cut (while the file is read).
 *   Nothing decoded is kept: the consumer decodes on demand (FrameStore does).
 * - Per TCP connection and direction, and per UDP flow and sender, one StreamCutter. The flow's
 *   protocol is detected from the first bytes of the side that spoke first (normally the device);
 *   the other side is then cut as the same protocol (its own detection counts only when the
 *   first side's bytes fit no protocol). UDP flows: the first sender is the client.
 * - Flows whose first bytes fit no tracker protocol are not cut: they are listed in the summary
 *   (`nonTrackerFlows`) with their packet and byte counts and first bytes.
 * - Capture time stands in for the listener's timers: bytes held for want of more are cut as the
 *   listener would after IDLE_MS (or shown as unknown after DETECT_WAIT_MS) of quiet.
 * - Bytes the capture lost (a TCP gap) end the frame they cut short (shown undecoded), are marked
 *   by an empty frame carrying `gap`, and cutting resumes after them with the same protocol.
 * - Memory stays bounded: chunks of `chunkSize`, reassembly and fragment buffers with limits,
 *   closed connections and quiet UDP flows forgotten, at most MAX_LISTED flows listed.
 */
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { toHex } from '../../../parsers/core/bytes';
import { leanDecode } from '../../../parsers/core/reader';
import type { Candidate, DecodedFrame } from '../../../parsers/core/types';
import { formatHostPort } from '../address';
import { captureFlowKey } from '../../api/contract';
import { UserError } from '../errors';
import { decodeWith } from '../frames';
import { DETECT_WAIT_MS, IDLE_MS, StreamCutter, type Piece } from '../stream';
import { CaptureReader, type CaptureRecord } from './reader';
import { PacketDecoder, type IpPacket } from './packet';
import { TcpReassembler, flowKey, type Direction, type ReassemblyOptions, type TcpEvent, type TcpFlow } from './reassembly';

/** Default read size. */
export const CHUNK_SIZE = 4 * 1024 * 1024;
/** Most non-tracker flows listed in the summary (the rest are counted). */
export const MAX_LISTED = 10_000;
/** Most problems (malformed packets, lost fragments) listed in the summary. */
export const MAX_PROBLEMS = 100;
/** First bytes kept per flow for `firstBytesHex`. */
const FIRST_BYTES = 64;
/** Bytes of the answering side held while the first side's protocol is still unknown. */
const MAX_QUEUED = 64 * 1024;
/** A UDP flow quiet this long (capture time) is closed; later datagrams start a new one. */
const UDP_IDLE_NS = 600_000_000_000n;
const SWEEP_NS = 100_000_000n;
const IDLE_NS = BigInt(IDLE_MS) * 1_000_000n;
const DETECT_WAIT_NS = BigInt(DETECT_WAIT_MS) * 1_000_000n;

export interface CaptureFrame {
  /** Capture time of the packet that completed the frame, ms since the epoch (µs precision). */
  time: number;
  /** Number of that packet in the capture (1-based, as Wireshark numbers them). */
  packet: number;
  /** `client → server` (device → server): the same for both directions of a flow. */
  flow: string;
  /** Increasing per flow in order of appearance. */
  flowId: number;
  client: string;
  server: string;
  transport: 'tcp' | 'udp';
  /** `up`: sent by the client (device → server). */
  direction: Direction;
  protocol: string | null;
  candidates: Candidate[];
  bytes: Uint8Array;
  /** Offset of the first byte in this direction's stream (UDP: in the sender's datagrams, end to end). */
  streamOffset: number;
  /** Set when the bytes are not a whole frame (garbage, unknown, cut short, or a gap marker). */
  undecodedReason?: string;
  /** On the empty marker frame standing where the capture lost bytes. */
  gap?: { missingBytes: number; atStreamOffset: number };
}

/**
 * A capture frame decoded lean (ids, ranges, values; no display texts), as one undecoded node
 * when it is a gap marker; `deviceId` is the device its flow named before. Never throws.
 */
export function decodeCaptureFrame(f: CaptureFrame, deviceId?: string): DecodedFrame {
  const ctx = { transport: f.transport, direction: f.direction, deviceId };
  return f.gap
    ? decodeWith(null, f.bytes, ctx, f.undecodedReason ?? 'bytes missing from the capture')
    : leanDecode(() => decodeWith(f.protocol, f.bytes, ctx, f.undecodedReason));
}

/** The size of the capture file at `abs`; a UserError when it is missing, not a file or unreadable. */
export function captureFileSize(abs: string): number {
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new UserError(`${abs} is not a file`);
    return st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot open ${abs}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export interface NonTrackerFlow {
  flow: string;
  transport: 'tcp' | 'udp';
  packets: number;
  /** Payload bytes, both directions. */
  bytes: number;
  /** The first bytes of the side that spoke first (up to 64). */
  firstBytesHex: string;
}

export interface CaptureProblem {
  /** Packet number, or 0 when the problem is not one packet's. */
  packet: number;
  reason: string;
}

export interface LoadSummary {
  format: 'pcap' | 'pcapng' | null;
  bytesRead: number;
  totalBytes: number;
  packets: number;
  frames: number;
  /** TCP connections and UDP flows that carried payload. */
  flows: number;
  nonTrackerFlows: NonTrackerFlow[];
  /** Non-tracker flows beyond MAX_LISTED, counted only. */
  nonTrackerFlowsOmitted: number;
  gaps: number;
  missingBytes: number;
  /** TCP segments dropped as repeats of bytes already seen. */
  retransmissions: number;
  malformedPackets: number;
  /** Packets that are not IP, or IP but neither TCP nor UDP. */
  otherPackets: number;
  incompleteFragments: number;
  /** The first MAX_PROBLEMS problems (malformed packets, lost fragments, snaplen cuts). */
  problems: CaptureProblem[];
  /** Where and why reading stopped early (truncated or corrupt file, I/O error, cancel). */
  stoppedAt?: number;
  reason?: string;
  cancelled?: boolean;
}

export interface PipelineOptions {
  /** Cut every flow as this protocol instead of detecting (the CLI's --protocol). */
  protocol?: string;
  /** Cut these flows (by `captureFlowKey(client, server)`) as a protocol instead of detecting ("Decode as"). */
  flowProtocols?: Record<string, string>;
  onFrame?: (frame: CaptureFrame) => void;
  reassembly?: ReassemblyOptions;
}

export interface LoadOptions extends PipelineOptions {
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
  /** Bytes read at a time (default 4 MiB). */
  chunkSize?: number;
}

interface DirState {
  dir: Direction;
  cutter: StreamCutter | null;
  /** Stream offset of the current cutter's offset 0 (moves on after a gap). */
  base: number;
  lastNs: bigint;
  lastPacket: number;
}

interface Flow {
  id: number;
  key: string;
  label: string;
  client: string;
  server: string;
  serverPort: number;
  transport: 'tcp' | 'udp';
  status: 'detecting' | 'tracker' | 'other';
  protocol: string | null;
  leader: Direction | null;
  first: Uint8Array;
  queue: CaptureFrame[];
  queued: number;
  up: DirState;
  down: DirState;
  packets: number;
  bytes: number;
  lastNs: bigint;
  tcp?: TcpFlow;
}

const other = (d: Direction): Direction => (d === 'up' ? 'down' : 'up');
const toMs = (ns: bigint): number => Number(ns / 1000n) / 1000;
/** Whether the flow was given up as not a tracker's (a check TypeScript does not narrow away). */
const gone = (f: { status: string }): boolean => f.status === 'other';
const newDir = (dir: Direction): DirState => ({ dir, cutter: null, base: 0, lastNs: 0n, lastPacket: 0 });

/** The loading pipeline fed with file chunks: records → packets → flows → frames. Never throws on bad input. */
export class CapturePipeline {
  readonly reader = new CaptureReader();
  private decoder = new PacketDecoder();
  private tcp: TcpReassembler;
  private tcpFlows = new Map<number, Flow>();
  private udpFlows = new Map<string, Flow>();
  /** Directions holding bytes for want of more (checked as capture time passes). */
  private holding = new Map<DirState, Flow>();
  private flowIds = 0;
  private lastSweepNs = 0n;
  private nowNs = 0n;
  private ended = false;
  private fromFile = false;
  private lastPacket = 0;
  private s: LoadSummary = {
    format: null,
    bytesRead: 0,
    totalBytes: 0,
    packets: 0,
    frames: 0,
    flows: 0,
    nonTrackerFlows: [],
    nonTrackerFlowsOmitted: 0,
    gaps: 0,
    missingBytes: 0,
    retransmissions: 0,
    malformedPackets: 0,
    otherPackets: 0,
    incompleteFragments: 0,
    problems: [],
  };

  constructor(private readonly opts: PipelineOptions = {}) {
    this.tcp = new TcpReassembler(opts.reassembly);
  }

  /** Whether the reader stopped on a truncated or corrupt file (more bytes would be ignored). */
  get stopped(): boolean {
    return this.reader.stop !== null;
  }

  /** Feed the next bytes of the file; frames go to onFrame as they are cut. */
  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.fromFile = true;
    this.s.bytesRead += chunk.length;
    for (const rec of this.reader.push(chunk)) this.record(rec);
  }

  /**
   * Feed one packet that did not come from a file (live capture); same processing as a file's.
   * Its data is copied: the caller may reuse its buffer (libpcap bindings do).
   */
  pushRecord(rec: CaptureRecord): void {
    if (!this.ended) this.record({ ...rec, data: new Uint8Array(rec.data) });
  }

  /**
   * Capture time moved on without packets (live capture's clock): cut what the listener's
   * timers would have cut by `nowNs`, give up old TCP holes.
   */
  advance(nowNs: bigint): void {
    if (this.ended || nowNs <= this.nowNs) return;
    this.nowNs = nowNs;
    this.sweep(this.lastPacket);
  }

  /** The file ended (or reading stopped): flush every flow and return the summary. */
  end(): LoadSummary {
    if (this.ended) return this.s;
    this.ended = true;
    const stop = this.fromFile ? this.reader.end() : null;
    if (stop) Object.assign(this.s, { stoppedAt: stop.stoppedAt, reason: stop.reason });
    this.lost(this.decoder.takeLost(true));
    for (const ev of this.tcp.end(this.nowNs)) this.tcpEvent(ev, this.lastPacket);
    for (const f of [...this.udpFlows.values()]) this.finish(f);
    return this.summary();
  }

  /** Stop without flushing (the user cancelled): the summary of what was read. */
  cancel(reason = 'cancelled'): LoadSummary {
    this.ended = true;
    Object.assign(this.s, { stoppedAt: this.s.bytesRead, reason, cancelled: true });
    return this.summary();
  }

  /** Counters so far. */
  summary(): LoadSummary {
    this.s.format = this.reader.format;
    this.s.retransmissions = this.tcp.stats.retransmissions;
    return this.s;
  }

  private problem(packet: number, reason: string): void {
    if (this.s.problems.length < MAX_PROBLEMS) this.s.problems.push({ packet, reason });
  }

  private lost(losses: ReturnType<PacketDecoder['takeLost']>): void {
    for (const l of losses) {
      this.s.incompleteFragments++;
      this.problem(0, `IP datagram ${l.src} → ${l.dst} id ${l.id}: ${l.fragments} fragment(s), ${l.bytesHeld} bytes, never completed (${l.reason})`);
    }
  }

  private record(rec: CaptureRecord): void {
    this.s.packets++;
    this.lastPacket = rec.index;
    const t = rec.timeNs;
    if (t > this.nowNs) this.nowNs = t;
    if (this.nowNs - this.lastSweepNs >= SWEEP_NS) this.sweep(rec.index);
    const r = this.decoder.decode(rec.linkType, rec.data, t);
    this.lost(this.decoder.takeLost());
    if (r.kind === 'malformed') {
      this.s.malformedPackets++;
      this.problem(rec.index, r.reason);
      return;
    }
    if (r.kind === 'not-ip') {
      this.s.otherPackets++;
      return;
    }
    if (r.kind === 'fragment') return;
    const p = r.packet;
    if (p.truncated) this.problem(rec.index, `${p.truncated} bytes of the packet were not captured (snapshot length)`);
    if (p.proto === 'tcp') for (const ev of this.tcp.push(p, t)) this.tcpEvent(ev, rec.index);
    else if (p.proto === 'udp') this.datagram(p, t, rec.index);
    else this.s.otherPackets++;
  }

  /** Capture time moved on: cut what the listener's timers would have cut, give up old holes. */
  private sweep(packet: number): void {
    this.lastSweepNs = this.nowNs;
    for (const ev of this.tcp.sweep(this.nowNs)) this.tcpEvent(ev, packet);
    for (const [d, f] of [...this.holding]) this.quiet(f, d, this.nowNs);
    for (const f of this.udpFlows.values()) {
      // Map order is least recently active first.
      if (this.nowNs - f.lastNs < UDP_IDLE_NS) break;
      this.finish(f);
    }
  }

  private tcpEvent(ev: TcpEvent, packet: number): void {
    let f = this.tcpFlows.get(ev.flow.id);
    if (ev.type === 'close') {
      if (f) this.finish(f);
      return;
    }
    if (!f) {
      const t = ev.flow;
      f = this.newFlow('tcp', t.key, t.client, t.server, t.serverPort);
      f.tcp = t;
      this.tcpFlows.set(t.id, f);
    }
    if (ev.type === 'data') this.feed(f, ev.direction, ev.bytes, ev.timeNs, packet, false);
    else this.gap(f, ev.direction, ev.missingBytes, ev.atStreamOffset, ev.timeNs, packet);
  }

  private datagram(p: IpPacket, t: bigint, packet: number): void {
    const key = flowKey('udp', p.src, p.sport, p.dst, p.dport);
    let f = this.udpFlows.get(key);
    if (!f) {
      f = this.newFlow('udp', key, formatHostPort(p.src, p.sport), formatHostPort(p.dst, p.dport), p.dport);
    }
    // Re-inserted so the map stays ordered by last activity.
    this.udpFlows.delete(key);
    this.udpFlows.set(key, f);
    f.packets++;
    f.lastNs = t;
    if (!p.payload.length) return;
    const dir: Direction = formatHostPort(p.src, p.sport) === f.client ? 'up' : 'down';
    this.feed(f, dir, p.payload, t, packet, true);
  }

  private newFlow(transport: 'tcp' | 'udp', key: string, client: string, server: string, serverPort: number): Flow {
    this.s.flows++;
    return {
      id: ++this.flowIds,
      key,
      label: `${client} → ${server}`,
      client,
      server,
      serverPort,
      transport,
      status: 'detecting',
      protocol: null,
      leader: null,
      first: new Uint8Array(0),
      queue: [],
      queued: 0,
      up: newDir('up'),
      down: newDir('down'),
      packets: 0,
      bytes: 0,
      lastNs: 0n,
    };
  }

  private cutterFor(f: Flow, direction: Direction): StreamCutter {
    const protocol = this.forcedFor(f) ?? (f.status === 'tracker' ? (f.protocol ?? undefined) : undefined);
    return new StreamCutter({ transport: f.transport, port: f.serverPort, protocol, direction });
  }

  private feed(f: Flow, dir: Direction, bytes: Uint8Array, t: bigint, packet: number, isDatagram: boolean): void {
    f.bytes += bytes.length;
    if (f.status === 'other') return;
    f.leader ??= dir;
    if (dir === f.leader && f.first.length < FIRST_BYTES) {
      const keep = bytes.subarray(0, FIRST_BYTES - f.first.length);
      const first = new Uint8Array(f.first.length + keep.length);
      first.set(f.first);
      first.set(keep, f.first.length);
      f.first = first;
    }
    const d = f[dir];
    if (!isDatagram) this.quiet(f, d, t);
    if (gone(f)) return;
    d.cutter ??= this.cutterFor(f, dir);
    d.lastNs = t;
    d.lastPacket = packet;
    const c = d.cutter;
    const pieces = isDatagram ? c.datagram(bytes) : c.push(bytes);
    // The side that spoke first decides; the other side's own detection counts only if it gives up.
    if (f.status === 'detecting' && c.protocol && dir === f.leader) this.resolve(f, c.protocol);
    this.route(f, d, pieces, t, packet);
    this.track(f, d);
  }

  /** What the listener's timers would have done by capture time `now` to held bytes. */
  private quiet(f: Flow, d: DirState, now: bigint): void {
    const c = d.cutter;
    if (!c || !c.held.length) {
      this.holding.delete(d);
      return;
    }
    const idle = now - d.lastNs;
    let pieces: Piece[] = [];
    if (c.waiting) {
      if (idle > DETECT_WAIT_NS) pieces = c.flushUndetected();
    } else if (idle > IDLE_NS) pieces = c.idle();
    if (pieces.length) this.route(f, d, pieces, d.lastNs, d.lastPacket);
    this.track(f, d);
  }

  private track(f: Flow, d: DirState): void {
    if (f.status !== 'other' && d.cutter?.held.length) this.holding.set(d, f);
    else this.holding.delete(d);
  }

  /** The protocol the user chose for this flow (or for every flow), if any. */
  private forcedFor(f: Flow): string | undefined {
    return this.opts.flowProtocols?.[captureFlowKey(f.client, f.server)] ?? this.opts.protocol;
  }

  /** The flow speaks `protocol`: the other side is cut as it too, and what waited comes out. */
  private resolve(f: Flow, protocol: string): void {
    f.status = 'tracker';
    f.protocol = protocol;
    for (const dir of ['up', 'down'] as const) {
      const d = f[dir];
      if (d.cutter && !d.cutter.protocol) this.route(f, d, d.cutter.override(protocol), d.lastNs, d.lastPacket);
    }
    const queued = f.queue;
    f.queue = [];
    f.queued = 0;
    for (const fr of queued) this.emit(fr);
  }

  private route(f: Flow, d: DirState, pieces: Piece[], t: bigint, packet: number): void {
    for (const p of pieces) {
      const frame = this.frame(f, d, p.bytes, d.base + p.start, t, packet, p.kind === 'frame' ? undefined : (p.reason ?? 'undecoded bytes'));
      this.place(f, d.dir, frame, p.kind === 'unknown');
    }
  }

  /** Emit, queue or drop a frame according to what the flow is known to be. */
  private place(f: Flow, dir: Direction, frame: CaptureFrame, unknown: boolean): void {
    if (f.status === 'tracker') return this.emit(frame);
    if (f.status === 'other') return;
    if (dir === f.leader && unknown) {
      // The first side's bytes fit no protocol: a tracker flow only if the other side found one.
      const p = f[other(dir)].cutter?.protocol;
      if (p) {
        this.resolve(f, p);
        this.emit(frame);
      } else this.giveUp(f);
      return;
    }
    f.queue.push(frame);
    f.queued += frame.bytes.length;
    if (f.queued > MAX_QUEUED) {
      const lead = f[f.leader ?? 'up'];
      const pieces = lead.cutter?.flushUndetected() ?? [];
      if (pieces.length) this.route(f, lead, pieces, lead.lastNs, lead.lastPacket);
      else this.giveUp(f);
    }
  }

  private giveUp(f: Flow): void {
    f.status = 'other';
    f.queue = [];
    f.queued = 0;
    for (const d of [f.up, f.down]) {
      d.cutter = null;
      this.holding.delete(d);
    }
  }

  private frame(f: Flow, d: DirState, bytes: Uint8Array, streamOffset: number, t: bigint, packet: number, undecodedReason?: string): CaptureFrame {
    const c = d.cutter;
    const frame: CaptureFrame = {
      time: toMs(t),
      packet,
      flow: f.label,
      flowId: f.id,
      client: f.client,
      server: f.server,
      transport: f.transport,
      direction: d.dir,
      protocol: c?.protocol ?? null,
      candidates: c?.candidates ?? [],
      bytes,
      streamOffset,
    };
    if (undecodedReason !== undefined) frame.undecodedReason = undecodedReason;
    return frame;
  }

  private emit(frame: CaptureFrame): void {
    this.s.frames++;
    this.opts.onFrame?.(frame);
  }

  /** The capture lost bytes in one direction: end what they cut short, mark them, start after them. */
  private gap(f: Flow, dir: Direction, missing: number, at: number, t: bigint, packet: number): void {
    this.s.gaps++;
    this.s.missingBytes += missing;
    if (f.status === 'other') return;
    f.leader ??= dir;
    const d = f[dir];
    const what = `${missing} bytes missing from the capture here`;
    if (d.cutter) {
      const pieces = d.cutter.end().map((p) => (p.kind === 'incomplete' ? { ...p, reason: `frame cut short: the ${what}` } : p));
      this.route(f, d, pieces, d.lastNs, d.lastPacket);
      if (gone(f)) return;
    }
    const protocol = d.cutter?.protocol ?? this.forcedFor(f) ?? (f.status === 'tracker' ? f.protocol : null);
    const marker = this.frame(f, d, new Uint8Array(0), at, t, packet, `${what} (lost before the capture point, or dropped by the capture)`);
    marker.gap = { missingBytes: missing, atStreamOffset: at };
    d.cutter = new StreamCutter({ transport: f.transport, port: f.serverPort, protocol: protocol ?? undefined, direction: dir });
    d.base = at + missing;
    this.place(f, dir, marker, false);
    this.track(f, d);
  }

  /** The flow ended: flush its cutters, list it when it was not a tracker flow, forget it. */
  private finish(f: Flow): void {
    for (const d of [f.up, f.down]) {
      if (d.cutter && f.status !== 'other') this.route(f, d, d.cutter.end(), d.lastNs, d.lastPacket);
      this.holding.delete(d);
    }
    if (f.status === 'detecting') {
      const p = f.up.cutter?.protocol ?? f.down.cutter?.protocol;
      if (p) this.resolve(f, p);
      else this.giveUp(f);
    }
    if (f.status === 'other') {
      if (this.s.nonTrackerFlows.length < MAX_LISTED) {
        this.s.nonTrackerFlows.push({ flow: f.label, transport: f.transport, packets: f.tcp?.packets ?? f.packets, bytes: f.bytes, firstBytesHex: toHex(f.first) });
      } else this.s.nonTrackerFlowsOmitted++;
    }
    if (f.tcp) this.tcpFlows.delete(f.tcp.id);
    else this.udpFlows.delete(f.key);
  }
}

/**
 * Load a capture file: frames to `onFrame` as they are cut, progress after each chunk, stops on
 * `signal`. Never rejects: a missing file, an I/O error or a bad file ends up in `reason`.
 */
export async function loadCaptureFile(path: string, opts: LoadOptions = {}): Promise<LoadSummary> {
  const pipeline = new CapturePipeline(opts);
  const chunkSize = Math.max(4096, opts.chunkSize ?? CHUNK_SIZE);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { ...pipeline.summary(), stoppedAt: 0, reason: `cannot open ${path}: ${(e as Error).message}` };
  }
  let totalBytes = 0;
  try {
    totalBytes = (await fh.stat()).size;
    pipeline.summary().totalBytes = totalBytes;
    // One buffer for the whole file: the reader keeps no reference to it between reads.
    const buf = new Uint8Array(chunkSize);
    for (;;) {
      if (opts.signal?.aborted) return pipeline.cancel();
      const { bytesRead } = await fh.read(buf, 0, chunkSize, null);
      if (opts.signal?.aborted) return pipeline.cancel();
      if (!bytesRead) break;
      pipeline.push(buf.subarray(0, bytesRead));
      opts.onProgress?.({ bytesRead: pipeline.summary().bytesRead, totalBytes });
      if (pipeline.stopped) break;
    }
  } catch (e) {
    const s = pipeline.end();
    if (s.reason === undefined) Object.assign(s, { stoppedAt: s.bytesRead, reason: `cannot read ${path}: ${(e as Error).message}` });
    return s;
  } finally {
    await fh.close().catch(() => undefined);
  }
  return pipeline.end();
}
