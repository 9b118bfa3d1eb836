/**
 * The engine: TCP and UDP listeners on a shared port, a session per TCP connection and per UDP
 * source, protocol detection locked per session, splitting, decoding, server-like answers, and
 * the frame index the UI reads. No Electron import: the desktop app and web mode share it.
 */
import net from 'node:net';
import dgram from 'node:dgram';
import { getProtocol } from '../../parsers/index';
import type { ApiRequests, EngineEvent, EngineStatus, FrameSummary, ListenerStatus, RequestName, Transport } from '../api/contract';
import { FrameStore } from './frames';
import { UserError } from './errors';
import { formatHostPort, type HostPort } from './address';
import { IDLE_MS, StreamCutter, type Piece } from './stream';

export const VERSION = '0.1.0';
export const DEFAULT_LISTEN: HostPort = { host: '0.0.0.0', port: 8888 };

/** How long undetectable bytes wait for more before they are shown as undecoded. */
const DETECT_WAIT_MS = 500;
/** How often pushed frames are batched. */
const PUSH_INTERVAL_MS = 40;

interface Session {
  id: string;
  transport: Transport;
  source: string;
  local: string;
  cutter: StreamCutter;
  deviceId: string | null;
  frameIds: number[];
  detectTimer?: NodeJS.Timeout;
  send: (bytes: Uint8Array) => void;
}

export interface EngineOptions {
  listen?: HostPort[];
  /** Decode every session as this protocol instead of detecting (`--protocol`). */
  protocol?: string;
}

type Listener = (e: EngineEvent) => void;

export class Engine {
  readonly frames = new FrameStore();
  private listeners = new Set<Listener>();
  private listenerStatus: ListenerStatus[] = [];
  private servers: Array<net.Server | dgram.Socket> = [];
  private sockets = new Set<net.Socket>();
  private sessions = new Map<string, Session>();
  private nextSession = 1;
  private forcedProtocol: string | undefined;
  private outbox: FrameSummary[] = [];
  private flushTimer: NodeJS.Timeout | null = null;

  /** Subscribe to pushes; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  status(): EngineStatus {
    return { version: VERSION, listeners: this.listenerStatus.map((l) => ({ ...l })), frameCount: this.frames.count, sessionCount: this.sessions.size };
  }

  /** Answer one API request (the contract both transports implement). */
  async handle<K extends RequestName>(name: K, arg: ApiRequests[K][0]): Promise<ApiRequests[K][1]> {
    const a = arg as never as Record<string, unknown> | undefined;
    switch (name) {
      case 'getStatus':
        return this.status() as ApiRequests[K][1];
      case 'listFrames':
        return this.frames.list(num(a?.from, 1), num(a?.count, 1000)) as ApiRequests[K][1];
      case 'getFrame':
        return this.frames.detail(num(a?.id, 0)) as ApiRequests[K][1];
      case 'setSessionProtocol':
        return this.setSessionProtocol(String(a?.sessionId ?? ''), a?.protocol == null ? null : String(a.protocol)) as ApiRequests[K][1];
      default:
        throw new UserError(`unknown request '${String(name)}'`);
    }
  }

  /** The user's override of one live session's protocol (null: back to detection). */
  setSessionProtocol(sessionId: string, protocol: string | null): { sessionId: string; protocol: string | null } {
    const s = [...this.sessions.values()].find((x) => x.id === sessionId);
    if (!s) throw new UserError(`no live session '${sessionId}' (it may have closed)`);
    if (protocol && !getProtocol(protocol)) throw new UserError(`unknown protocol '${protocol}'`);
    clearTimeout(s.detectTimer);
    this.emitPieces(s, s.cutter.override(protocol));
    return { sessionId, protocol: s.cutter.protocol };
  }

  /** Start TCP and UDP on every address; rejects with a UserError naming the port and the flag. */
  async start(opts: EngineOptions = {}): Promise<ListenerStatus[]> {
    const addrs = opts.listen?.length ? opts.listen : [DEFAULT_LISTEN];
    if (opts.protocol && !getProtocol(opts.protocol)) throw new UserError(`unknown protocol '${opts.protocol}' for --protocol`);
    this.forcedProtocol = opts.protocol;
    try {
      for (const a of addrs) {
        const tcp = await this.listenTcp(a);
        // UDP shares the port TCP got (matters when port 0 asked for a free one).
        await this.listenUdp({ host: a.host, port: tcp.port });
      }
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.emit({ type: 'status', status: this.status() });
    return this.listenerStatus;
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      this.servers.map((s) => new Promise<void>((res) => (s instanceof net.Server ? s.close(() => res()) : s.close(() => res())))),
    );
    this.servers = [];
    for (const l of this.listenerStatus) l.state = 'closed';
  }

  private listenTcp(a: HostPort): Promise<ListenerStatus> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((sock) => this.onTcpConnection(sock));
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

  private listenUdp(a: HostPort): Promise<ListenerStatus> {
    return new Promise((resolve, reject) => {
      const sock = dgram.createSocket(a.host.includes(':') ? 'udp6' : 'udp4');
      sock.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, 'UDP', a)));
      sock.on('message', (msg, rinfo) => this.onDatagram(sock, msg, rinfo));
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

  private onTcpConnection(sock: net.Socket): void {
    this.sockets.add(sock);
    const s: Session = {
      id: `tcp-${this.nextSession++}`,
      transport: 'tcp',
      source: formatHostPort(stripV4Mapped(sock.remoteAddress ?? '?'), sock.remotePort ?? 0),
      local: formatHostPort(stripV4Mapped(sock.localAddress ?? '?'), sock.localPort ?? 0),
      cutter: new StreamCutter({ transport: 'tcp', port: sock.localPort, protocol: this.forcedProtocol }),
      deviceId: null,
      frameIds: [],
      send: (b) => {
        if (!sock.destroyed) sock.write(b);
      },
    };
    this.sessions.set(s.id, s);
    this.emit({ type: 'status', status: this.status() });
    sock.on('data', (chunk) => this.onStreamData(s, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    sock.on('error', () => undefined); // a reset connection is normal for trackers
    sock.on('close', () => {
      clearTimeout(s.detectTimer);
      this.sockets.delete(sock);
      // Whatever never formed a whole frame is still shown, not lost.
      this.emitPieces(s, s.cutter.end());
      this.sessions.delete(s.id);
      this.emit({ type: 'status', status: this.status() });
    });
  }

  private onDatagram(sock: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const source = formatHostPort(stripV4Mapped(rinfo.address), rinfo.port);
    const key = `udp:${source}`;
    let s = this.sessions.get(key);
    if (!s) {
      const la = sock.address();
      s = {
        id: `udp-${this.nextSession++}`,
        transport: 'udp',
        source,
        local: formatHostPort(la.address, la.port),
        cutter: new StreamCutter({ transport: 'udp', port: la.port, protocol: this.forcedProtocol }),
        deviceId: null,
        frameIds: [],
        send: (b) => sock.send(b, rinfo.port, rinfo.address),
      };
      this.sessions.set(key, s);
    }
    this.emitPieces(s, s.cutter.datagram(new Uint8Array(msg.buffer, msg.byteOffset, msg.length)));
  }

  private onStreamData(s: Session, chunk: Uint8Array): void {
    clearTimeout(s.detectTimer);
    this.emitPieces(s, s.cutter.push(chunk));
    // Too few bytes to decide: wait briefly for more, then show them rather than hold them.
    if (s.cutter.waiting) s.detectTimer = setTimeout(() => this.emitPieces(s, s.cutter.flushUndetected()), DETECT_WAIT_MS);
    // A frame whose end is ambiguous until more bytes come is cut once the link goes quiet.
    else if (s.cutter.held.length) s.detectTimer = setTimeout(() => this.emitPieces(s, s.cutter.idle()), IDLE_MS);
  }

  private emitPieces(s: Session, pieces: Piece[]): void {
    for (const p of pieces) {
      if (p.kind === 'frame') this.handleFrame(s, p.bytes);
      else this.record(s, p.bytes, 'up', p.reason ?? 'undecoded bytes');
    }
  }

  private handleFrame(s: Session, bytes: Uint8Array): void {
    const decoded = this.record(s, bytes, 'up');
    const p = s.cutter.protocol ? getProtocol(s.cutter.protocol) : undefined;
    if (!p || !decoded) return;
    let answer: Uint8Array | null = null;
    try {
      answer = p.respond(bytes, decoded);
    } catch {
      answer = null;
    }
    if (answer) {
      s.send(answer);
      this.record(s, answer, 'down');
    }
  }

  private record(s: Session, bytes: Uint8Array, direction: 'up' | 'down', undecodedReason?: string) {
    const { summary, decoded } = this.frames.add({
      time: Date.now(),
      sessionId: s.id,
      transport: s.transport,
      source: s.source,
      local: s.local,
      direction,
      protocol: s.cutter.protocol,
      candidates: s.cutter.candidates,
      bytes,
      undecodedReason,
      deviceId: s.deviceId ?? undefined,
    });
    if (decoded.deviceId && !s.deviceId) {
      s.deviceId = decoded.deviceId;
      for (const id of s.frameIds) this.frames.setDeviceId(id, s.deviceId);
    }
    if (!summary.deviceId && s.deviceId) summary.deviceId = s.deviceId;
    // Only frames from before the device id is known need it filled in later.
    if (!s.deviceId) s.frameIds.push(summary.id);
    else s.frameIds.length = 0;
    this.outbox.push(summary);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), PUSH_INTERVAL_MS);
    return decoded;
  }

  private flush(): void {
    this.flushTimer = null;
    if (!this.outbox.length) return;
    const frames = this.outbox;
    this.outbox = [];
    this.emit({ type: 'frames', frames });
    this.emit({ type: 'status', status: this.status() });
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }
}

function listenError(e: NodeJS.ErrnoException, transport: string, a: HostPort): Error {
  const where = `${transport} ${formatHostPort(a.host, a.port)}`;
  if (e.code === 'EADDRINUSE') return new UserError(`Port ${a.port} is already in use (${where}). Stop the program using it or choose another address with --listen HOST:PORT.`);
  if (e.code === 'EACCES') return new UserError(`Not allowed to listen on ${where} (ports below 1024 need privileges). Choose another address with --listen HOST:PORT.`);
  if (e.code === 'EADDRNOTAVAIL') return new UserError(`Address ${a.host} is not on this machine (${where}). Choose another address with --listen HOST:PORT.`);
  return new UserError(`Cannot listen on ${where}: ${e.message}. Choose another address with --listen HOST:PORT.`);
}

function stripV4Mapped(addr: string): string {
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}
