/**
 * The recorder: everything the listener sees, written as it happens to a pcapng file that
 * Wireshark opens — each TCP connection as a synthesised flow (handshake, data, FINs), each
 * datagram as a UDP packet, every packet that carries a message commented with what was
 * detected ("gt06 login").
 *
 * Times are milliseconds since the epoch as a number (fractions allowed, e.g.
 * `performance.timeOrigin + performance.now()`), the same clock as FrameSummary.time; they are
 * written with nanosecond resolution.
 *
 * Every call writes synchronously (no buffering), so a process killed with SIGKILL leaves a file
 * holding every packet recorded before. A write error (disk full, folder gone, …) stops the
 * recording and is reported once through onError; later calls do nothing and the listener goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Direction } from '../api/contract';
import { fsErrorText, msToNs, PcapngWriter, type PacketRecord } from './pcapng/writer';
import { TcpFlowSynth, udpDatagram, type Endpoint, type SynthFrame } from './pcapng/synth';

export type { Endpoint } from './pcapng/synth';

export interface RecorderOptions {
  /** Folder for the file; created when missing. */
  dir: string;
  /** File name; `trackwire-YYYYMMDD-HHMMSS.pcapng` (local time) unless given. */
  fileName?: string;
  /** Called once when recording cannot start or stops on an error, with a message for the user. */
  onError?: (message: string) => void;
  /** The clock for the default file name (tests). */
  now?: Date;
}

export type RecorderState = 'recording' | 'stopped';

/** A pcapng recording of the listener's traffic; never throws into the socket handlers. */
export class Recorder {
  /** The file written (with a -2, -3… suffix when the name was taken). */
  readonly path: string;
  state: RecorderState = 'recording';
  /** Why recording stopped on an error (undefined while recording or after close()). */
  message: string | undefined;
  private writer: PcapngWriter | null = null;
  private readonly flows = new Map<string, TcpFlowSynth>();
  private readonly onError?: (message: string) => void;
  private udpIpId = 1;

  constructor(opts: RecorderOptions) {
    this.onError = opts.onError;
    const dir = path.resolve(opts.dir);
    const name = opts.fileName ?? defaultFileName(opts.now ?? new Date());
    this.path = path.join(dir, name);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? `that name is a file, not a folder (${dir})` : fsErrorText(e, dir);
      this.stop(`Recording not started: cannot create the folder: ${why}; the listener goes on`);
      return;
    }
    // Never replace an earlier recording: a taken name gets a numbered suffix.
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let opened = false;
    const onWriteError = (m: string) => {
      if (opened) this.stop(`Recording stopped: ${m}; the listener goes on`);
    };
    for (let n = 1; n <= 1000; n++) {
      const file = n === 1 ? this.path : path.join(dir, `${stem}-${n}${ext}`);
      const w = new PcapngWriter(file, { exclusive: true, onError: onWriteError });
      if (w.state === 'open') {
        this.path = file;
        this.writer = w;
        opened = true;
        break;
      }
      if (w.code === 'EEXIST') continue;
      this.stop(`Recording not started: ${w.message}; the listener goes on`);
      return;
    }
    if (!this.writer) {
      this.stop(`Recording not started: too many recordings named ${name} in ${dir}; the listener goes on`);
      return;
    }
    this.writer.addInterface({ name: 'trackwire', description: 'Trackwire listener (packets synthesised from socket data)' });
  }

  /** Packets written so far. */
  get packets(): number {
    return this.writer?.packets ?? 0;
  }

  /** Bytes written to the file so far (its size). */
  get bytes(): number {
    return this.writer?.bytes ?? 0;
  }

  /** A TCP connection opened: its handshake. A key already open is left as it is. */
  tcpOpen(key: string, device: Endpoint, server: Endpoint, time: number): boolean {
    if (!this.active) return false;
    let flow = this.flows.get(key);
    if (flow?.state === 'open') return true;
    if (!flow) {
      flow = new TcpFlowSynth(device, server);
      this.flows.set(key, flow);
    }
    return this.write(flow.open(), time);
  }

  /**
   * Bytes sent on connection `key` ('up': from the device), commented with `comment` (split
   * segments get "(segment i/n)"); false when the key was never opened or recording stopped.
   */
  tcpData(key: string, direction: Direction, bytes: Uint8Array, time: number, comment?: string): boolean {
    if (!this.active) return false;
    const flow = this.flows.get(key);
    if (!flow) return false;
    return this.write(flow.data(direction, bytes), time, comment);
  }

  /** Connection `key` closed (`by` the device unless given): the FINs; the key is forgotten. */
  tcpClose(key: string, time: number, by: Direction = 'up'): boolean {
    if (!this.active) return false;
    const flow = this.flows.get(key);
    if (!flow) return false;
    this.flows.delete(key);
    return this.write(flow.close(by), time);
  }

  /** One datagram between a device and the server ('up': from the device). */
  udp(device: Endpoint, server: Endpoint, direction: Direction, bytes: Uint8Array, time: number, comment?: string): boolean {
    if (!this.active) return false;
    const [src, dst] = direction === 'up' ? [device, server] : [server, device];
    const frame = udpDatagram(src, dst, bytes, direction, this.udpIpId);
    this.udpIpId = (this.udpIpId + 1) & 0xffff;
    return this.write([{ bytes: frame, payload: bytes.length }], time, comment);
  }

  /** Stop recording: flush to the disk and close the file. */
  close(): void {
    this.flows.clear();
    if (this.state === 'recording') this.state = 'stopped';
    this.writer?.close();
  }

  private get active(): boolean {
    return this.state === 'recording' && this.writer !== null;
  }

  private write(frames: SynthFrame[], time: number, comment?: string): boolean {
    if (!this.writer || !frames.length) return this.active;
    const ns = msToNs(time);
    const carrying = frames.filter((f) => f.payload > 0).length;
    let i = 0;
    const packets: PacketRecord[] = frames.map((f) => {
      let text: string | undefined;
      if (comment && f.payload > 0) text = carrying > 1 ? `${comment} (segment ${++i}/${carrying})` : comment;
      return { interfaceId: 0, timestampNs: ns, data: f.bytes, comment: text };
    });
    return this.writer.writePackets(packets);
  }

  private stop(message: string): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.message = message;
    try {
      this.onError?.(message);
    } catch {
      // the callback's failure is not the recorder's
    }
  }
}

/** `trackwire-YYYYMMDD-HHMMSS.pcapng` in local time. */
export function defaultFileName(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `trackwire-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.pcapng`;
}
