/**
 * TCP stream reassembly for captures (RFC 9293 sequence space): per connection (5-tuple) and
 * direction, payload bytes come out in order, once each.
 *
 * - Direction: the side that sent the SYN is the client ("up", device → server); the receiver of a
 *   SYN-ACK seen without its SYN likewise; in a capture that starts mid-stream, the sender of the
 *   first packet carrying data (or a FIN) is taken as the client.
 * - Start: after a SYN, at ISN + 1; without one, at the first sequence number seen.
 * - Retransmissions and overlaps: the first copy wins. Bytes once delivered are never replaced
 *   (later copies are dropped, or trimmed to their new part); a segment repeating bytes already
 *   waiting behind a hole is dropped; where waiting segments partly overlap, the one starting
 *   earlier in the stream wins.
 * - Out-of-order segments wait in a bounded buffer. A hole that is not filled is given up as a
 *   `gap` event (missing bytes, stream offset) after `gapAfterPackets` packets of the connection,
 *   `gapAfterNs` of capture time, when the buffer is full, when the peer acknowledges the FIN
 *   behind it, at RST, or at the end of the capture; reading then goes on after the hole.
 * - Sequence numbers wrap: offsets are computed as signed 32-bit differences from the next
 *   expected byte, so streams longer than 4 GiB are fine.
 * - A SYN with a new ISN on a known 5-tuple closes the old connection and opens a new one; late
 *   packets of a closed connection are recognised for a while and dropped.
 */
import type { Direction } from '../../api/contract';
import { formatHostPort } from '../address';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type IpPacket } from './packet';

export type { Direction };

export interface TcpFlow {
  /** Increasing per connection in order of appearance (a reused 5-tuple gets a new id). */
  id: number;
  /** The 5-tuple, the same for both directions. */
  key: string;
  /** `host:port` of the client (the device) and of the server. */
  client: string;
  server: string;
  /** `client → server`. */
  label: string;
  serverPort: number;
  /** TCP packets seen so far, both directions. */
  packets: number;
  /** Payload bytes delivered so far, both directions. */
  bytes: number;
}

export type TcpEvent =
  | { type: 'data'; flow: TcpFlow; direction: Direction; bytes: Uint8Array; timeNs: bigint; streamOffset: number }
  | { type: 'gap'; flow: TcpFlow; direction: Direction; missingBytes: number; atStreamOffset: number; timeNs: bigint; reason: string }
  | { type: 'close'; flow: TcpFlow; timeNs: bigint; reason: 'fin' | 'rst' | 'end' | 'reused' };

export interface ReassemblyOptions {
  /** Bytes waiting behind a hole per direction before the hole is given up (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Segments waiting behind a hole per direction (default 4096). */
  maxBufferedSegments?: number;
  /** Packets of the connection after which a hole is given up (default 256). */
  gapAfterPackets?: number;
  /** Capture time after which a hole is given up (default 10 s). */
  gapAfterNs?: bigint;
}

export interface ReassemblyStats {
  /** Segments whose bytes had all been delivered or buffered already. */
  retransmissions: number;
  /** Segments partly overlapping bytes already delivered (the new part was kept). */
  overlaps: number;
  /** Segments that arrived ahead of a hole and waited. */
  outOfOrder: number;
  gaps: number;
  missingBytes: number;
}

interface Segment {
  abs: number;
  data: Uint8Array;
}

interface Side {
  started: boolean;
  isn?: number;
  /** Sequence number of the byte at stream offset `delivered`. */
  nextSeq: number;
  delivered: number;
  segs: Segment[];
  buffered: number;
  finAbs: number | null;
  finDone: boolean;
  holeSincePacket: number;
  holeSinceNs: bigint;
}

interface FlowState {
  flow: TcpFlow;
  clientAddr: string;
  clientPort: number;
  up: Side;
  down: Side;
}

interface Tombstone {
  clientAddr: string;
  clientPort: number;
  upNext: number;
  downNext: number;
}

const MAX_TOMBSTONES = 4096;
/** How far behind the end of a closed connection a late segment is still taken for a retransmission. */
const LATE_WINDOW = 16 * 1024 * 1024;

const newSide = (): Side => ({ started: false, nextSeq: 0, delivered: 0, segs: [], buffered: 0, finAbs: null, finDone: false, holeSincePacket: 0, holeSinceNs: 0n });
const i32 = (x: number): number => x | 0;

/** The 5-tuple key of a packet, the same whichever way it goes. */
export function flowKey(proto: string, a: string, ap: number, b: string, bp: number): string {
  const x = `${a} ${ap}`;
  const y = `${b} ${bp}`;
  return x < y ? `${proto} ${x} ${y}` : `${proto} ${y} ${x}`;
}

export class TcpReassembler {
  readonly stats: ReassemblyStats = { retransmissions: 0, overlaps: 0, outOfOrder: 0, gaps: 0, missingBytes: 0 };
  private flows = new Map<string, FlowState>();
  private closed = new Map<string, Tombstone>();
  private holey = new Set<FlowState>();
  private nextId = 1;
  private readonly maxBytes: number;
  private readonly maxSegs: number;
  private readonly gapPackets: number;
  private readonly gapNs: bigint;

  constructor(opts: ReassemblyOptions = {}) {
    this.maxBytes = opts.maxBufferedBytes ?? 1024 * 1024;
    this.maxSegs = opts.maxBufferedSegments ?? 4096;
    this.gapPackets = opts.gapAfterPackets ?? 256;
    this.gapNs = opts.gapAfterNs ?? 10_000_000_000n;
  }

  /** Connections open now. */
  get openFlows(): number {
    return this.flows.size;
  }

  /** Feed one TCP packet (others are ignored); returns the events it causes, in order. */
  push(p: IpPacket, timeNs: bigint): TcpEvent[] {
    if (p.proto !== 'tcp') return [];
    const out: TcpEvent[] = [];
    const key = flowKey('tcp', p.src, p.sport, p.dst, p.dport);
    const syn = (p.flags & TCP_SYN) !== 0;
    const ack = (p.flags & TCP_ACK) !== 0;
    const n = p.payload.length;
    let f = this.flows.get(key);
    if (f && syn && !ack) {
      const side = this.isUp(f, p) ? f.up : f.down;
      if (side.isn === undefined ? side.started : side.isn !== p.seq) {
        this.close(f, timeNs, 'reused', out);
        f = undefined;
      }
    }
    if (!f) {
      if (!syn && !(p.flags & TCP_FIN) && n === 0) return out;
      const tomb = this.closed.get(key);
      if (tomb && !(syn && !ack)) {
        // A late packet of a connection already closed: the last ACKs, or a retransmission of
        // bytes shortly before where it ended (a new connection whose SYN was missed lands
        // anywhere in the sequence space, most likely far from there).
        const up = p.src === tomb.clientAddr && p.sport === tomb.clientPort;
        const behind = i32(p.seq + n - (up ? tomb.upNext : tomb.downNext));
        if (n === 0 || (behind <= 0 && behind > -LATE_WINDOW)) return out;
      }
      this.closed.delete(key);
      const clientIsSrc = !(syn && ack);
      const [ca, cp, sa, sp] = clientIsSrc ? [p.src, p.sport, p.dst, p.dport] : [p.dst, p.dport, p.src, p.sport];
      const client = formatHostPort(ca, cp);
      const server = formatHostPort(sa, sp);
      f = {
        flow: { id: this.nextId++, key, client, server, label: `${client} → ${server}`, serverPort: sp, packets: 0, bytes: 0 },
        clientAddr: ca,
        clientPort: cp,
        up: newSide(),
        down: newSide(),
      };
      this.flows.set(key, f);
    }
    f.flow.packets++;
    const dir: Direction = this.isUp(f, p) ? 'up' : 'down';
    const side = f[dir];
    let dataSeq = p.seq;
    if (syn) {
      dataSeq = (p.seq + 1) >>> 0;
      if (!side.started) {
        side.started = true;
        side.isn = p.seq;
        side.nextSeq = dataSeq;
      }
    }
    if (!side.started && (n > 0 || p.flags & TCP_FIN)) {
      side.started = true;
      side.nextSeq = dataSeq;
    }
    if (side.started) {
      const abs = side.delivered + i32(dataSeq - side.nextSeq);
      if (n > 0) this.segment(f, dir, abs, p.payload, timeNs, out);
      if (p.flags & TCP_FIN && side.finAbs === null && abs + n >= side.delivered) side.finAbs = abs + n;
      this.advance(f, dir, timeNs, out);
    }
    if (p.flags & TCP_RST) {
      this.close(f, timeNs, 'rst', out);
      return out;
    }
    // The peer acknowledging this side's FIN has every byte before it: holes there are lost for good.
    const other = f[dir === 'up' ? 'down' : 'up'];
    if (ack && other.finAbs !== null && other.delivered < other.finAbs && other.delivered + i32(p.ack - other.nextSeq) > other.finAbs) {
      while (this.forceGap(f, dir === 'up' ? 'down' : 'up', timeNs, 'the peer acknowledged bytes the capture never saw', out));
    }
    for (const d of ['up', 'down'] as const) {
      const s = f[d];
      if (this.hasHole(s) && (f.flow.packets - s.holeSincePacket >= this.gapPackets || timeNs - s.holeSinceNs >= this.gapNs)) {
        this.forceGap(f, d, timeNs, 'the missing segments did not come within the timeout', out);
      }
    }
    this.finish(f, timeNs, out);
    return out;
  }

  /** Give up holes older than the time limit in every connection (call as capture time advances). */
  sweep(nowNs: bigint): TcpEvent[] {
    const out: TcpEvent[] = [];
    for (const f of [...this.holey]) {
      for (const d of ['up', 'down'] as const) {
        const s = f[d];
        if (this.hasHole(s) && nowNs - s.holeSinceNs >= this.gapNs) this.forceGap(f, d, nowNs, 'the missing segments did not come within the timeout', out);
      }
      this.finish(f, nowNs, out);
    }
    return out;
  }

  /** The capture ended: every hole becomes a gap, every connection closes. */
  end(timeNs = 0n): TcpEvent[] {
    const out: TcpEvent[] = [];
    for (const f of [...this.flows.values()]) this.close(f, timeNs, 'end', out);
    this.closed.clear();
    return out;
  }

  private isUp(f: FlowState, p: IpPacket): boolean {
    return p.src === f.clientAddr && p.sport === f.clientPort;
  }

  private hasHole(s: Side): boolean {
    return s.segs.length > 0 || (s.finAbs !== null && s.delivered < s.finAbs);
  }

  private segment(f: FlowState, dir: Direction, abs: number, data: Uint8Array, timeNs: bigint, out: TcpEvent[]): void {
    const s = f[dir];
    let end = abs + data.length;
    if (s.finAbs !== null && end > s.finAbs) end = Math.max(abs, s.finAbs);
    if (end <= s.delivered) {
      this.stats.retransmissions++;
      return;
    }
    if (abs <= s.delivered) {
      if (abs < s.delivered) this.stats.overlaps++;
      this.deliver(f, dir, data.subarray(s.delivered - abs, end - abs), timeNs, out);
      return;
    }
    // Ahead of a hole: keep it, in order, unless the same bytes already wait.
    const seg = { abs, data: data.subarray(0, end - abs) };
    let i = s.segs.length;
    while (i > 0 && s.segs[i - 1]!.abs > abs) i--;
    const prev = s.segs[i - 1];
    if (prev && prev.abs + prev.data.length >= end) {
      this.stats.retransmissions++;
      return;
    }
    this.stats.outOfOrder++;
    s.segs.splice(i, 0, seg);
    s.buffered += seg.data.length;
    while (s.buffered > this.maxBytes || s.segs.length > this.maxSegs) {
      if (!this.forceGap(f, dir, timeNs, 'too many bytes waited behind the missing ones', out)) break;
    }
  }

  private deliver(f: FlowState, dir: Direction, bytes: Uint8Array, timeNs: bigint, out: TcpEvent[]): void {
    if (!bytes.length) return;
    const s = f[dir];
    out.push({ type: 'data', flow: f.flow, direction: dir, bytes, timeNs, streamOffset: s.delivered });
    s.delivered += bytes.length;
    s.nextSeq = (s.nextSeq + bytes.length) >>> 0;
    f.flow.bytes += bytes.length;
  }

  /** Deliver buffered segments that now continue the stream; keep the hole timer right. */
  private advance(f: FlowState, dir: Direction, timeNs: bigint, out: TcpEvent[]): void {
    const s = f[dir];
    const hadHole = this.hasHole(s);
    while (s.segs.length && s.segs[0]!.abs <= s.delivered) {
      const seg = s.segs.shift()!;
      s.buffered -= seg.data.length;
      const end = seg.abs + seg.data.length;
      if (end > s.delivered) this.deliver(f, dir, seg.data.subarray(s.delivered - seg.abs), timeNs, out);
    }
    if (s.finAbs !== null && s.delivered >= s.finAbs) s.finDone = true;
    if (this.hasHole(s)) {
      if (!hadHole || s.holeSincePacket < 0) {
        s.holeSincePacket = f.flow.packets;
        s.holeSinceNs = timeNs;
      }
      this.holey.add(f);
    } else {
      s.holeSincePacket = -1;
      if (!this.hasHole(f.up) && !this.hasHole(f.down)) this.holey.delete(f);
    }
  }

  /** Give up the first hole of one direction: a gap event, then what waited behind it. */
  private forceGap(f: FlowState, dir: Direction, timeNs: bigint, reason: string, out: TcpEvent[]): boolean {
    const s = f[dir];
    const target = s.segs[0]?.abs ?? s.finAbs;
    if (target === null || target <= s.delivered) return false;
    const missing = target - s.delivered;
    out.push({ type: 'gap', flow: f.flow, direction: dir, missingBytes: missing, atStreamOffset: s.delivered, timeNs, reason });
    this.stats.gaps++;
    this.stats.missingBytes += missing;
    s.delivered = target;
    s.nextSeq = (s.nextSeq + missing) >>> 0;
    s.holeSincePacket = -1;
    this.advance(f, dir, timeNs, out);
    return true;
  }

  /** Close the connection once both directions delivered their FIN. */
  private finish(f: FlowState, timeNs: bigint, out: TcpEvent[]): void {
    if (f.up.finDone && f.down.finDone && this.flows.get(f.flow.key) === f) this.close(f, timeNs, 'fin', out);
  }

  private close(f: FlowState, timeNs: bigint, reason: 'fin' | 'rst' | 'end' | 'reused', out: TcpEvent[]): void {
    for (const d of ['up', 'down'] as const) {
      const why = reason === 'end' ? 'the capture ended before the missing segments' : reason === 'rst' ? 'the connection was reset' : 'the connection closed';
      while (this.forceGap(f, d, timeNs, why, out));
    }
    out.push({ type: 'close', flow: f.flow, timeNs, reason });
    this.flows.delete(f.flow.key);
    this.holey.delete(f);
    this.closed.set(f.flow.key, { clientAddr: f.clientAddr, clientPort: f.clientPort, upNext: f.up.nextSeq, downNext: f.down.nextSeq });
    if (this.closed.size > MAX_TOMBSTONES) this.closed.delete(this.closed.keys().next().value!);
  }
}
