/**
 * Link layer → IP → TCP/UDP for captured packets. Link types from tcpdump.org's LINKTYPE list:
 * Ethernet (1, with 802.1Q/802.1ad/QinQ tags, PPPoE session, MPLS), BSD loopback NULL (0) and
 * LOOP (108) with the family in either byte order, Linux cooked SLL (113) and SLL2 (276), raw
 * IP (101, 228, 229). IPv4 (RFC 791: options, fragments reassembled by id) and IPv6 (RFC 8200:
 * extension headers skipped, fragment header reassembled); TCP (RFC 9293) and UDP (RFC 768)
 * headers. Checksums are not verified: captures on the sending host carry offloaded, unset ones.
 * Malformed packets come back as results with a reason, never as exceptions.
 */

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface IpPacket {
  ipVersion: 4 | 6;
  /** Address text: dotted IPv4, RFC 5952 IPv6. */
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'other';
  /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, …). */
  ipProto: number;
  /** Ports, sequence numbers and flags: 0 where the protocol has none. */
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  /** TCP segment data, UDP datagram data, or the whole IP payload for other protocols. */
  payload: Uint8Array;
  /** Payload bytes the capture did not keep (snaplen); 0 when whole. */
  truncated: number;
  /** Number of IP fragments it was reassembled from (absent when it was not fragmented). */
  fragments?: number;
}

export type PacketResult =
  | { kind: 'packet'; packet: IpPacket }
  /** An IP fragment held until its datagram is whole. */
  | { kind: 'fragment' }
  /** Not IP (ARP, LLDP, STP, …) or a link type this reader does not know. */
  | { kind: 'not-ip'; reason: string }
  | { kind: 'malformed'; reason: string };

/** A fragmented datagram that never became whole (timed out, evicted, or left at the end). */
export interface FragmentLoss {
  src: string;
  dst: string;
  id: number;
  ipProto: number;
  fragments: number;
  bytesHeld: number;
  reason: string;
}

export interface PacketDecoderOptions {
  /** Capture time after which an unfinished datagram is given up (default 30 s, as Linux). */
  fragmentTimeoutNs?: bigint;
  /** Most datagrams being reassembled at once (default 256). */
  maxDatagrams?: number;
  /** Most fragment bytes held at once (default 4 MiB). */
  maxFragmentBytes?: number;
}

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);
const ETH_PPPOE = 0x8864;
const ETH_MPLS = new Set([0x8847, 0x8848]);
/** AF_INET6 on Linux, NetBSD/OpenBSD, FreeBSD, macOS. */
const AF_INET6 = new Set([10, 24, 28, 30]);

/** Dotted text of 4 bytes. */
export function ipv4Text(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952 text of 16 bytes: lowercase, longest zero run compressed, IPv4-mapped dotted. */
export function ipv6Text(b: Uint8Array, at: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `::ffff:${ipv4Text(b, at + 12)}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

interface Datagram {
  key: string;
  src: string;
  dst: string;
  id: number;
  version: 4 | 6;
  ipProto: number;
  firstNs: bigint;
  /** Arrival order; earlier copies win where fragments overlap. */
  parts: Array<{ offset: number; data: Uint8Array }>;
  held: number;
  /** Length of the whole payload, known once the last fragment arrived. */
  total: number | null;
  truncated: number;
}

export class PacketDecoder {
  private datagrams = new Map<string, Datagram>();
  private heldBytes = 0;
  private lost: FragmentLoss[] = [];
  private readonly timeoutNs: bigint;
  private readonly maxDatagrams: number;
  private readonly maxBytes: number;

  constructor(opts: PacketDecoderOptions = {}) {
    this.timeoutNs = opts.fragmentTimeoutNs ?? 30_000_000_000n;
    this.maxDatagrams = opts.maxDatagrams ?? 256;
    this.maxBytes = opts.maxFragmentBytes ?? 4 * 1024 * 1024;
  }

  /** Decode one captured packet of link type `linkType`. Never throws. */
  decode(linkType: number, data: Uint8Array, timeNs = 0n): PacketResult {
    try {
      this.expire(timeNs);
      const l3 = linkLayer(linkType, data);
      if ('reason' in l3) return l3;
      return this.ip(l3.version, data.subarray(l3.offset), timeNs);
    } catch (e) {
      return { kind: 'malformed', reason: `cannot decode: ${(e as Error).message}` };
    }
  }

  /** Datagrams given up since the last call (all still unfinished ones too when `all`). */
  takeLost(all = false): FragmentLoss[] {
    if (all) for (const d of [...this.datagrams.values()]) this.drop(d, 'the capture ended before all its fragments were seen');
    const out = this.lost;
    this.lost = [];
    return out;
  }

  private expire(nowNs: bigint): void {
    if (!this.datagrams.size) return;
    for (const d of this.datagrams.values()) {
      // Map order is arrival order: the first one young enough ends the sweep.
      if (nowNs - d.firstNs <= this.timeoutNs) break;
      this.drop(d, `not all fragments arrived within ${Number(this.timeoutNs / 1_000_000n) / 1000} s`);
    }
  }

  private drop(d: Datagram, reason: string): void {
    this.datagrams.delete(d.key);
    this.heldBytes -= d.held;
    this.lost.push({ src: d.src, dst: d.dst, id: d.id, ipProto: d.ipProto, fragments: d.parts.length, bytesHeld: d.held, reason });
  }

  private ip(version: 4 | 6 | 0, b: Uint8Array, timeNs: bigint): PacketResult {
    if (b.length < 1) return { kind: 'malformed', reason: 'no IP header' };
    const v = version || b[0]! >> 4;
    if (v === 4) return this.ipv4(b, timeNs);
    if (v === 6) return this.ipv6(b, timeNs);
    return { kind: 'malformed', reason: `IP version ${v} (expected 4 or 6)` };
  }

  private ipv4(b: Uint8Array, timeNs: bigint): PacketResult {
    if (b.length < 20) return { kind: 'malformed', reason: `IPv4 header cut short (${b.length} of 20 bytes)` };
    if (b[0]! >> 4 !== 4) return { kind: 'malformed', reason: `IP version ${b[0]! >> 4} where IPv4 was expected` };
    const ihl = (b[0]! & 0x0f) * 4;
    if (ihl < 20) return { kind: 'malformed', reason: `IPv4 header length ${ihl} (at least 20)` };
    if (b.length < ihl) return { kind: 'malformed', reason: `IPv4 header with options cut short (${b.length} of ${ihl} bytes)` };
    let total = (b[2]! << 8) | b[3]!;
    // A total length of 0 is what TSO leaves in packets captured on the sending host.
    if (total === 0) total = b.length;
    if (total < ihl) return { kind: 'malformed', reason: `IPv4 total length ${total} is shorter than its header (${ihl})` };
    const src = ipv4Text(b, 12);
    const dst = ipv4Text(b, 16);
    const proto = b[9]!;
    const truncated = Math.max(0, total - b.length);
    // Ethernet pads short frames: bytes beyond the total length are not IP.
    const payload = b.subarray(ihl, Math.min(total, b.length));
    const id = (b[4]! << 8) | b[5]!;
    const fragField = (b[6]! << 8) | b[7]!;
    const more = (fragField & 0x2000) !== 0;
    const offset = (fragField & 0x1fff) * 8;
    if (more || offset) return this.fragment(4, src, dst, id, proto, offset, more, payload, truncated, timeNs);
    return transport(4, src, dst, proto, payload, truncated);
  }

  private ipv6(b: Uint8Array, timeNs: bigint): PacketResult {
    if (b.length < 40) return { kind: 'malformed', reason: `IPv6 header cut short (${b.length} of 40 bytes)` };
    if (b[0]! >> 4 !== 6) return { kind: 'malformed', reason: `IP version ${b[0]! >> 4} where IPv6 was expected` };
    const plen = (b[4]! << 8) | b[5]!;
    const src = ipv6Text(b, 8);
    const dst = ipv6Text(b, 24);
    // Payload length 0 is a jumbogram (or TSO): use what was captured.
    const end = plen === 0 ? b.length : 40 + plen;
    const truncated = Math.max(0, end - b.length);
    const body = b.subarray(0, Math.min(end, b.length));
    let next = b[6]!;
    let o = 40;
    for (let hops = 0; hops < 16; hops++) {
      if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
        if (o + 8 > body.length) return { kind: 'malformed', reason: `IPv6 extension header ${next} cut short` };
        const n = (body[o + 1]! + 1) * 8;
        next = body[o]!;
        o += n;
      } else if (next === 51) {
        // AH: length in 4-byte units, minus 2.
        if (o + 8 > body.length) return { kind: 'malformed', reason: 'IPv6 authentication header cut short' };
        const n = (body[o + 1]! + 2) * 4;
        next = body[o]!;
        o += n;
      } else if (next === 44) {
        if (o + 8 > body.length) return { kind: 'malformed', reason: 'IPv6 fragment header cut short' };
        const proto = body[o]!;
        const fo = ((body[o + 2]! << 8) | body[o + 3]!) & 0xfff8;
        const more = (body[o + 3]! & 1) !== 0;
        const id = ((body[o + 4]! << 24) | (body[o + 5]! << 16) | (body[o + 6]! << 8) | body[o + 7]!) >>> 0;
        const data = body.subarray(o + 8);
        if (!more && fo === 0) {
          // An atomic fragment (RFC 6946): a whole datagram.
          next = proto;
          o += 8;
          continue;
        }
        return this.fragment(6, src, dst, id, proto, fo, more, data, truncated, timeNs);
      } else {
        if (o > body.length) return { kind: 'malformed', reason: 'IPv6 extension headers run past the packet' };
        return v6Transport(src, dst, next, body.subarray(o), truncated);
      }
    }
    return { kind: 'malformed', reason: 'more than 16 IPv6 extension headers' };
  }

  private fragment(version: 4 | 6, src: string, dst: string, id: number, proto: number, offset: number, more: boolean, data: Uint8Array, truncated: number, timeNs: bigint): PacketResult {
    const key = `${version}|${src}|${dst}|${id}|${version === 4 ? proto : ''}`;
    let d = this.datagrams.get(key);
    if (!d) {
      while (this.datagrams.size >= this.maxDatagrams) this.drop(this.datagrams.values().next().value!, 'too many datagrams being reassembled at once');
      d = { key, src, dst, id, version, ipProto: proto, firstNs: timeNs, parts: [], held: 0, total: null, truncated: 0 };
      this.datagrams.set(key, d);
    }
    if (offset === 0) d.ipProto = proto;
    if (offset + data.length > 65535 + 8) {
      this.drop(d, `fragment at offset ${offset} runs past 65535 bytes`);
      return { kind: 'malformed', reason: `IP fragment at offset ${offset} runs past the largest datagram` };
    }
    d.parts.push({ offset, data });
    d.held += data.length;
    d.truncated += truncated;
    this.heldBytes += data.length;
    if (!more) d.total = offset + data.length + truncated;
    while (this.heldBytes > this.maxBytes && this.datagrams.size) this.drop(this.datagrams.values().next().value!, 'too many fragment bytes held at once');
    if (!this.datagrams.has(key) || d.total === null) return { kind: 'fragment' };
    // Whole once the pieces cover [0, total) without a hole.
    const spans = d.parts.map((p) => [p.offset, p.offset + p.data.length] as const).sort((a, b) => a[0] - b[0]);
    let covered = 0;
    for (const [s, e] of spans) {
      if (s > covered) break;
      covered = Math.max(covered, e);
    }
    if (covered + d.truncated < d.total) return { kind: 'fragment' };
    const whole = new Uint8Array(Math.min(covered, d.total));
    for (let i = d.parts.length - 1; i >= 0; i--) {
      const p = d.parts[i]!;
      if (p.offset < whole.length) whole.set(p.data.subarray(0, Math.min(p.data.length, whole.length - p.offset)), p.offset);
    }
    this.datagrams.delete(key);
    this.heldBytes -= d.held;
    const r = version === 4 ? transport(4, src, dst, d.ipProto, whole, d.truncated) : v6Transport(src, dst, d.ipProto, whole, d.truncated);
    if (r.kind === 'packet') r.packet.fragments = d.parts.length;
    return r;
  }
}

/** Walk IPv6 extension headers that may follow a reassembled fragment, then the transport. */
function v6Transport(src: string, dst: string, next: number, b: Uint8Array, truncated: number): PacketResult {
  let o = 0;
  for (let hops = 0; hops < 16 && (next === 0 || next === 43 || next === 60 || next === 135); hops++) {
    if (o + 8 > b.length) return { kind: 'malformed', reason: `IPv6 extension header ${next} cut short` };
    const n = (b[o + 1]! + 1) * 8;
    next = b[o]!;
    o += n;
  }
  if (o > b.length) return { kind: 'malformed', reason: 'IPv6 extension headers run past the packet' };
  return transport(6, src, dst, next, b.subarray(o), truncated);
}

function transport(version: 4 | 6, src: string, dst: string, proto: number, b: Uint8Array, truncated: number): PacketResult {
  // Object literals written out in full: spreading a shared base object is several times slower here.
  if (proto === 6) {
    if (b.length < 20) return { kind: 'malformed', reason: `TCP header cut short (${b.length} of 20 bytes)${truncated ? ': the capture kept too few bytes (snaplen)' : ''}` };
    const hl = (b[12]! >> 4) * 4;
    if (hl < 20) return { kind: 'malformed', reason: `TCP header length ${hl} (at least 20)` };
    if (hl > b.length) return { kind: 'malformed', reason: `TCP header with options cut short (${b.length} of ${hl} bytes)` };
    const packet: IpPacket = {
      ipVersion: version,
      src,
      dst,
      proto: 'tcp',
      ipProto: proto,
      sport: (b[0]! << 8) | b[1]!,
      dport: (b[2]! << 8) | b[3]!,
      seq: ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0,
      ack: ((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0,
      flags: ((b[12]! & 1) << 8) | b[13]!,
      payload: b.subarray(hl),
      truncated,
    };
    return { kind: 'packet', packet };
  }
  if (proto === 17) {
    if (b.length < 8) return { kind: 'malformed', reason: `UDP header cut short (${b.length} of 8 bytes)` };
    const len = (b[4]! << 8) | b[5]!;
    // Length 0 is a UDP jumbogram or an offloaded datagram: take what was captured.
    const end = len === 0 ? b.length + truncated : len;
    if (end < 8) return { kind: 'malformed', reason: `UDP length ${len} (at least 8)` };
    if (end > b.length + truncated) return { kind: 'malformed', reason: `UDP length ${len} runs past the IP payload (${b.length + truncated} bytes)` };
    const packet: IpPacket = {
      ipVersion: version,
      src,
      dst,
      proto: 'udp',
      ipProto: proto,
      sport: (b[0]! << 8) | b[1]!,
      dport: (b[2]! << 8) | b[3]!,
      seq: 0,
      ack: 0,
      flags: 0,
      payload: b.subarray(8, Math.min(end, b.length)),
      truncated: Math.max(0, end - b.length),
    };
    return { kind: 'packet', packet };
  }
  return { kind: 'packet', packet: { ipVersion: version, src, dst, proto: 'other', ipProto: proto, sport: 0, dport: 0, seq: 0, ack: 0, flags: 0, payload: b, truncated } };
}

type L3 = { version: 4 | 6 | 0; offset: number } | { kind: 'not-ip' | 'malformed'; reason: string };

/** Map an EtherType (after VLAN tags, PPPoE, MPLS) at `o` to the IP header offset. */
function ethertype(data: Uint8Array, type: number, o: number, what: string): L3 {
  for (let tags = 0; tags < 8 && ETH_VLAN.has(type); tags++) {
    if (o + 4 > data.length) return { kind: 'malformed', reason: `${what}: VLAN tag cut short` };
    type = (data[o + 2]! << 8) | data[o + 3]!;
    o += 4;
  }
  if (type === ETH_IPV4) return { version: 4, offset: o };
  if (type === ETH_IPV6) return { version: 6, offset: o };
  if (type === ETH_PPPOE) {
    if (o + 8 > data.length) return { kind: 'malformed', reason: `${what}: PPPoE header cut short` };
    const ppp = (data[o + 6]! << 8) | data[o + 7]!;
    if (ppp === 0x0021) return { version: 4, offset: o + 8 };
    if (ppp === 0x0057) return { version: 6, offset: o + 8 };
    return { kind: 'not-ip', reason: `PPPoE carrying PPP protocol 0x${ppp.toString(16).padStart(4, '0')}` };
  }
  if (ETH_MPLS.has(type)) {
    for (let labels = 0; labels < 16; labels++) {
      if (o + 4 > data.length) return { kind: 'malformed', reason: `${what}: MPLS label cut short` };
      const bottom = (data[o + 2]! & 1) !== 0;
      o += 4;
      if (bottom) {
        const v = (data[o] ?? 0) >> 4;
        return v === 4 || v === 6 ? { version: v, offset: o } : { kind: 'not-ip', reason: 'MPLS carrying something other than IP' };
      }
    }
    return { kind: 'malformed', reason: `${what}: more than 16 MPLS labels` };
  }
  if (type <= 1500) return { kind: 'not-ip', reason: `${what}: an 802.3 frame with an LLC header` };
  return { kind: 'not-ip', reason: `${what}: EtherType 0x${type.toString(16).padStart(4, '0')} is not IP` };
}

/** Find the IP header in a captured packet of link type `linkType`. */
function linkLayer(linkType: number, d: Uint8Array): L3 {
  switch (linkType) {
    case 1: // Ethernet
      if (d.length < 14) return { kind: 'malformed', reason: `Ethernet header cut short (${d.length} of 14 bytes)` };
      return ethertype(d, (d[12]! << 8) | d[13]!, 14, 'Ethernet');
    case 0: // BSD loopback: family in the writer's byte order
    case 108: {
      // LOOP is specified big-endian, but writers differ: take the byte order that gives a small number.
      if (d.length < 4) return { kind: 'malformed', reason: `loopback header cut short (${d.length} of 4 bytes)` };
      const le = (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0;
      const be = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
      const fam = Math.min(le, be);
      if (fam === 2) return { version: 4, offset: 4 };
      if (AF_INET6.has(fam)) return { version: 6, offset: 4 };
      return { kind: 'not-ip', reason: `loopback address family ${fam} is not IP` };
    }
    case 113: // Linux cooked SLL: type(2) hatype(2) halen(2) addr(8) protocol(2)
      if (d.length < 16) return { kind: 'malformed', reason: `Linux cooked header cut short (${d.length} of 16 bytes)` };
      return sllProtocol(d, (d[2]! << 8) | d[3]!, (d[14]! << 8) | d[15]!, 16);
    case 276: // Linux cooked SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) type(1) halen(1) addr(8)
      if (d.length < 20) return { kind: 'malformed', reason: `Linux cooked v2 header cut short (${d.length} of 20 bytes)` };
      return sllProtocol(d, (d[8]! << 8) | d[9]!, (d[0]! << 8) | d[1]!, 20);
    case 101: // raw IP, version from the first nibble
      return { version: 0, offset: 0 };
    case 228:
      return { version: 4, offset: 0 };
    case 229:
      return { version: 6, offset: 0 };
    default:
      return { kind: 'not-ip', reason: `link type ${linkType} is not supported (Ethernet, Linux cooked, loopback and raw IP are)` };
  }
}

function sllProtocol(d: Uint8Array, hatype: number, protocol: number, o: number): L3 {
  // ARPHRD_NETLINK (824) puts a netlink family, not an EtherType, there.
  if (hatype === 824) return { kind: 'not-ip', reason: 'Linux cooked: netlink message' };
  return ethertype(d, protocol, o, 'Linux cooked');
}
