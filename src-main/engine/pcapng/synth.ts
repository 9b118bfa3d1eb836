/**
 * Synthesised packets for recordings: what a socket gave us (a connection's byte stream, a
 * datagram) rebuilt as Ethernet II + IPv4/IPv6 + TCP/UDP frames that Wireshark and tshark
 * open, check and reassemble without complaint.
 *
 * References: Ethernet II framing (IEEE 802.3 with EtherType); RFC 791 (IPv4 header, header
 * checksum); RFC 8200 (IPv6 header); RFC 9293 (TCP header, sequence numbers, handshake, FIN);
 * RFC 768 (UDP); RFC 1071 (the Internet checksum); RFC 8200 §8.1 and RFC 9293 §3.1 (the
 * pseudo-headers TCP and UDP checksums cover); RFC 4291 §2.5.5.2 (IPv4-mapped IPv6 addresses).
 */
import type { Direction } from '../../api/contract';

/** One end of a connection or datagram: IPv4 or IPv6 text and a port. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Locally administered unicast MACs (02:…): the device's side and the server's side. */
export const DEVICE_MAC = Uint8Array.of(0x02, 0x54, 0x57, 0x00, 0x00, 0x01);
export const SERVER_MAC = Uint8Array.of(0x02, 0x54, 0x57, 0x00, 0x00, 0x02);

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/** Largest TCP payload put in one synthesised segment. */
export const MAX_SEGMENT = 65000;
/** The window both sides advertise (no window scaling). */
export const TCP_WINDOW = 65535;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const TTL = 64;

/**
 * IPv4 or IPv6 text as bytes: 4 for IPv4 and IPv4-mapped IPv6 (`::ffff:a.b.c.d`), 16 for
 * other IPv6 (brackets and a `%zone` are ignored); null when the text is not an address.
 */
export function parseAddress(text: string): Uint8Array | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const v4 = parseV4(t);
  if (v4) return v4;
  const v6 = parseV6(t.replace(/%.*$/, ''));
  if (!v6) return null;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseV4(t: string): Uint8Array | null {
  const parts = t.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function parseV6(t: string): Uint8Array | null {
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Ones'-complement sum of 16-bit big-endian words (an odd last byte is padded with zero). */
function sum16(bytes: Uint8Array, start: number, end: number, acc: number): number {
  let s = acc;
  let i = start;
  for (; i + 1 < end; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) s += bytes[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** RFC 1071 Internet checksum of the bytes: the ones' complement of their ones'-complement sum. */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return ~sum16(bytes, start, end, 0) & 0xffff;
}

/** The two addresses of a packet, in one family (IPv4 when both are IPv4). */
interface AddressPair {
  v6: boolean;
  src: Uint8Array;
  dst: Uint8Array;
}

/** Addresses in one family: both IPv4, or both IPv6 (IPv4 mapped when the other is IPv6). */
function addressPair(src: string, dst: string): AddressPair {
  const a = parseAddress(src);
  const b = parseAddress(dst);
  if ((a?.length ?? 4) === 4 && (b?.length ?? 4) === 4) return { v6: false, src: a ?? new Uint8Array(4), dst: b ?? new Uint8Array(4) };
  const to6 = (x: Uint8Array | null): Uint8Array => {
    if (!x) return new Uint8Array(16);
    if (x.length === 16) return x;
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(x, 12);
    return out;
  };
  return { v6: true, src: to6(a), dst: to6(b) };
}

/**
 * One Ethernet frame carrying `transport` (a TCP or UDP header with a zero checksum field at
 * `checksumAt`, then the payload) over IPv4 or IPv6; fills in the IP and transport checksums.
 */
function ipFrame(pair: AddressPair, up: boolean, proto: number, header: Uint8Array, payload: Uint8Array, checksumAt: number, ipId: number): Uint8Array {
  const ipLen = pair.v6 ? 40 : 20;
  const l4Len = header.length + payload.length;
  const frame = new Uint8Array(14 + ipLen + l4Len);
  const dv = new DataView(frame.buffer);
  frame.set(up ? SERVER_MAC : DEVICE_MAC, 0);
  frame.set(up ? DEVICE_MAC : SERVER_MAC, 6);
  dv.setUint16(12, pair.v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
  const ip = 14;
  if (pair.v6) {
    dv.setUint32(ip, 0x60000000); // version 6, traffic class 0, flow label 0
    dv.setUint16(ip + 4, Math.min(l4Len, 0xffff));
    frame[ip + 6] = proto;
    frame[ip + 7] = TTL; // hop limit
    frame.set(pair.src, ip + 8);
    frame.set(pair.dst, ip + 24);
  } else {
    frame[ip] = 0x45; // version 4, header of 5 words
    dv.setUint16(ip + 2, Math.min(ipLen + l4Len, 0xffff));
    dv.setUint16(ip + 4, ipId & 0xffff);
    dv.setUint16(ip + 6, 0x4000); // don't fragment
    frame[ip + 8] = TTL;
    frame[ip + 9] = proto;
    frame.set(pair.src, ip + 12);
    frame.set(pair.dst, ip + 16);
    dv.setUint16(ip + 10, internetChecksum(frame, ip, ip + 20));
  }
  const l4 = ip + ipLen;
  frame.set(header, l4);
  frame.set(payload, l4 + header.length);
  // Pseudo-header: source, destination, protocol and the transport length (RFC 9293 / 8200).
  let acc = sum16(pair.src, 0, pair.src.length, 0);
  acc = sum16(pair.dst, 0, pair.dst.length, acc);
  acc += proto + (l4Len & 0xffff) + Math.floor(l4Len / 0x10000);
  let sum = ~sum16(frame, l4, frame.length, acc) & 0xffff;
  // UDP sends a computed 0 as 0xffff (0 means "no checksum"); TCP keeps 0.
  if (proto === PROTO_UDP && sum === 0) sum = 0xffff;
  dv.setUint16(l4 + checksumAt, sum);
  return frame;
}

/**
 * One UDP datagram from `src` to `dst` as an Ethernet frame. `direction` picks the MACs
 * ('up': from the device). A payload longer than an IP packet holds is framed as is, with the
 * length fields capped at 65535.
 */
export function udpDatagram(src: Endpoint, dst: Endpoint, bytes: Uint8Array, direction: Direction = 'up', ipId = 0): Uint8Array {
  const header = new Uint8Array(8);
  const dv = new DataView(header.buffer);
  dv.setUint16(0, src.port & 0xffff);
  dv.setUint16(2, dst.port & 0xffff);
  dv.setUint16(4, Math.min(8 + bytes.length, 0xffff));
  return ipFrame(addressPair(src.address, dst.address), direction === 'up', PROTO_UDP, header, bytes, 6, ipId);
}

/** One synthesised frame and how many payload bytes it carries (0 for SYN/ACK/FIN). */
export interface SynthFrame {
  bytes: Uint8Array;
  payload: number;
}

export interface TcpFlowOptions {
  /** Initial sequence number of the device (client) side; random unless given. */
  isnUp?: number;
  /** Initial sequence number of the server side; random unless given. */
  isnDown?: number;
  /** Largest payload per segment; MAX_SEGMENT unless given. */
  maxSegment?: number;
}

interface Side {
  seq: number;
  /** The last acknowledgement number this side sent. */
  acked: number;
  ipId: number;
}

/**
 * One TCP connection between a device and the server, as frames: the handshake, data segments
 * with sequence and acknowledgement numbers that match byte for byte, and the closing FINs.
 * When a direction would have more unacknowledged bytes than the window allows, the receiving
 * side acknowledges first (a bare ACK), as a real peer would.
 */
export class TcpFlowSynth {
  state: 'new' | 'open' | 'closed' = 'new';
  private readonly pair: { up: AddressPair; down: AddressPair };
  private readonly maxSegment: number;
  private up: Side;
  private down: Side;

  constructor(
    readonly device: Endpoint,
    readonly server: Endpoint,
    opts: TcpFlowOptions = {},
  ) {
    this.pair = { up: addressPair(device.address, server.address), down: addressPair(server.address, device.address) };
    this.maxSegment = Math.max(1, Math.min(opts.maxSegment ?? MAX_SEGMENT, MAX_SEGMENT));
    this.up = { seq: (opts.isnUp ?? randomIsn()) >>> 0, acked: 0, ipId: 1 };
    this.down = { seq: (opts.isnDown ?? randomIsn()) >>> 0, acked: 0, ipId: 1 };
  }

  /** The three-way handshake: SYN from the device, SYN-ACK from the server, ACK. */
  open(): SynthFrame[] {
    if (this.state === 'open') return [];
    if (this.state === 'closed') {
      // The same endpoints connect again: a fresh handshake further along the sequence space.
      this.up.seq = (this.up.seq + 0x10000) >>> 0;
      this.down.seq = (this.down.seq + 0x10000) >>> 0;
    }
    this.state = 'open';
    const out = [this.segment('up', TCP_SYN, 0, EMPTY)];
    this.up.seq = (this.up.seq + 1) >>> 0;
    out.push(this.segment('down', TCP_SYN | TCP_ACK, this.up.seq, EMPTY));
    this.down.seq = (this.down.seq + 1) >>> 0;
    out.push(this.segment('up', TCP_ACK, this.down.seq, EMPTY));
    return out;
  }

  /** Bytes sent one way: one segment per MAX_SEGMENT bytes (opens the flow first if needed). */
  data(direction: Direction, bytes: Uint8Array): SynthFrame[] {
    if (!bytes.length) return [];
    const out = this.state === 'open' ? [] : this.open();
    const [from, to] = direction === 'up' ? [this.up, this.down] : [this.down, this.up];
    const back: Direction = direction === 'up' ? 'down' : 'up';
    for (let at = 0; at < bytes.length; at += this.maxSegment) {
      const chunk = bytes.subarray(at, Math.min(at + this.maxSegment, bytes.length));
      const inFlight = (from.seq - to.acked) >>> 0;
      if (inFlight + chunk.length >= TCP_WINDOW) out.push(this.segment(back, TCP_ACK, from.seq, EMPTY));
      const last = at + chunk.length >= bytes.length;
      out.push(this.segment(direction, TCP_ACK | (last ? TCP_PSH : 0), to.seq, chunk));
      from.seq = (from.seq + chunk.length) >>> 0;
    }
    return out;
  }

  /** The close: FIN-ACK from `by` (the device unless given), FIN-ACK back, the last ACK. */
  close(by: Direction = 'up'): SynthFrame[] {
    if (this.state !== 'open') return [];
    const other: Direction = by === 'up' ? 'down' : 'up';
    const [a, b] = by === 'up' ? [this.up, this.down] : [this.down, this.up];
    const out = [this.segment(by, TCP_FIN | TCP_ACK, b.seq, EMPTY)];
    a.seq = (a.seq + 1) >>> 0;
    out.push(this.segment(other, TCP_FIN | TCP_ACK, a.seq, EMPTY));
    b.seq = (b.seq + 1) >>> 0;
    out.push(this.segment(by, TCP_ACK, b.seq, EMPTY));
    this.state = 'closed';
    return out;
  }

  private segment(direction: Direction, flags: number, ack: number, payload: Uint8Array): SynthFrame {
    const side = direction === 'up' ? this.up : this.down;
    const [src, dst] = direction === 'up' ? [this.device, this.server] : [this.server, this.device];
    const header = new Uint8Array(20);
    const dv = new DataView(header.buffer);
    dv.setUint16(0, src.port & 0xffff);
    dv.setUint16(2, dst.port & 0xffff);
    dv.setUint32(4, side.seq);
    dv.setUint32(8, flags & TCP_ACK ? ack >>> 0 : 0);
    header[12] = 5 << 4; // data offset: 5 words, no options
    header[13] = flags;
    dv.setUint16(14, TCP_WINDOW);
    if (flags & TCP_ACK) side.acked = ack >>> 0;
    const bytes = ipFrame(this.pair[direction], direction === 'up', PROTO_TCP, header, payload, 16, side.ipId);
    side.ipId = (side.ipId + 1) & 0xffff;
    return { bytes, payload: payload.length };
  }
}

const EMPTY = new Uint8Array(0);

function randomIsn(): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}
