import { describe, expect, it } from 'vitest';
import { PacketDecoder, TCP_ACK, TCP_PSH, TCP_SYN, ipv6Text, type IpPacket, type PacketResult } from '../../src-main/engine/capture/packet';
import { Bytes, cat, ether, hexOf, ipv4, ipv6, loopHdr, sll, sll2, tcp, udp, v6frag, v6opts } from './capture-fixtures';

const LOGIN = Uint8Array.from(Buffer.from('78780d01012345678901234500018cdd0d0a', 'hex'));
const seg = tcp({ sport: 40000, dport: 5023, seq: 0xfffffff0, ack: 7, flags: TCP_ACK | TCP_PSH, payload: LOGIN });
const v4tcp = ipv4({ src: '10.0.0.2', dst: '192.168.1.20', proto: 6, payload: seg });
const v6tcp = ipv6({ src: '2001:db8::2', dst: '2001:db8::1', next: 6, payload: seg });

function packet(r: PacketResult): IpPacket {
  if (r.kind !== 'packet') throw new Error(`expected a packet, got ${JSON.stringify(r)}`);
  return r.packet;
}
const decode = (lt: number, b: Uint8Array) => new PacketDecoder().decode(lt, b);
const summary = (p: IpPacket) => `${p.proto} ${p.src}:${p.sport} > ${p.dst}:${p.dport} seq=${p.seq} ack=${p.ack} flags=${p.flags} ${hexOf(p.payload)}`;
const EXPECT_V4 = `tcp 10.0.0.2:40000 > 192.168.1.20:5023 seq=${0xfffffff0} ack=7 flags=24 ${hexOf(LOGIN)}`;
const EXPECT_V6 = `tcp 2001:db8::2:40000 > 2001:db8::1:5023 seq=${0xfffffff0} ack=7 flags=24 ${hexOf(LOGIN)}`;

describe('link layers', () => {
  it('Ethernet II, untagged, 802.1Q and QinQ (802.1ad + 802.1Q)', () => {
    expect(summary(packet(decode(1, ether(0x0800, v4tcp))))).toBe(EXPECT_V4);
    expect(summary(packet(decode(1, ether(0x0800, v4tcp, [[0x8100, 42]]))))).toBe(EXPECT_V4);
    expect(summary(packet(decode(1, ether(0x86dd, v6tcp, [[0x88a8, 100], [0x8100, 42]]))))).toBe(EXPECT_V6);
  });

  it('drops Ethernet padding after the IP total length', () => {
    const small = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 17, payload: udp(1, 2, Uint8Array.of(0xaa)) });
    const frame = cat(ether(0x0800, small), new Uint8Array(60 - 14 - small.length));
    const p = packet(decode(1, frame));
    expect([p.proto, hexOf(p.payload), p.truncated]).toEqual(['udp', 'aa', 0]);
  });

  it('Linux cooked SLL (113) and SLL2 (276), IPv4 and IPv6', () => {
    expect(summary(packet(decode(113, sll(0x0800, v4tcp))))).toBe(EXPECT_V4);
    expect(summary(packet(decode(113, sll(0x86dd, v6tcp))))).toBe(EXPECT_V6);
    expect(summary(packet(decode(276, sll2(0x0800, v4tcp))))).toBe(EXPECT_V4);
    expect(summary(packet(decode(276, sll2(0x86dd, v6tcp))))).toBe(EXPECT_V6);
  });

  it('BSD loopback NULL (0) and LOOP (108), family in either byte order, every AF_INET6', () => {
    for (const lt of [0, 108]) {
      for (const le of [true, false]) {
        expect(summary(packet(decode(lt, loopHdr(2, le, v4tcp))))).toBe(EXPECT_V4);
        for (const af6 of [10, 24, 28, 30]) expect(summary(packet(decode(lt, loopHdr(af6, le, v6tcp))))).toBe(EXPECT_V6);
      }
    }
    expect(decode(0, loopHdr(7, true, v4tcp))).toEqual({ kind: 'not-ip', reason: 'loopback address family 7 is not IP' });
  });

  it('raw IP: 101 by version nibble, 228 IPv4, 229 IPv6', () => {
    expect(summary(packet(decode(101, v4tcp)))).toBe(EXPECT_V4);
    expect(summary(packet(decode(101, v6tcp)))).toBe(EXPECT_V6);
    expect(summary(packet(decode(228, v4tcp)))).toBe(EXPECT_V4);
    expect(summary(packet(decode(229, v6tcp)))).toBe(EXPECT_V6);
    expect(decode(228, v6tcp)).toEqual({ kind: 'malformed', reason: 'IP version 6 where IPv4 was expected' });
  });

  it('not IP: ARP, 802.3 LLC frames, unknown link types', () => {
    expect(decode(1, ether(0x0806, new Uint8Array(28)))).toEqual({ kind: 'not-ip', reason: 'Ethernet: EtherType 0x0806 is not IP' });
    expect(decode(1, ether(100, new Uint8Array(50)))).toMatchObject({ kind: 'not-ip', reason: expect.stringMatching(/LLC/) });
    expect(decode(147, v4tcp)).toMatchObject({ kind: 'not-ip', reason: expect.stringMatching(/link type 147 is not supported/) });
  });

  it('PPPoE session and MPLS carrying IP', () => {
    const pppoe = cat(new Bytes(false).u8(0x11, 0).u16(1).u16(v4tcp.length + 2).u16(0x0021).done(), v4tcp);
    expect(summary(packet(decode(1, ether(0x8864, pppoe))))).toBe(EXPECT_V4);
    const mpls = cat(Uint8Array.of(0, 1, 0x10, 64, 0, 2, 0x01, 64), v6tcp);
    expect(summary(packet(decode(1, ether(0x8847, mpls))))).toBe(EXPECT_V6);
  });
});

describe('IPv4', () => {
  it('skips header options', () => {
    const withOpts = ipv4({ src: '10.0.0.2', dst: '192.168.1.20', proto: 6, payload: seg, options: [0x94, 0x04, 0, 0, 1, 1, 1, 0] });
    expect(summary(packet(decode(101, withOpts)))).toBe(EXPECT_V4);
  });

  it('keeps TCP options out of the payload and reads SYN flags', () => {
    const syn = tcp({ sport: 1, dport: 2, seq: 5, flags: TCP_SYN, options: [2, 4, 5, 0xb4, 1, 1, 4, 2] });
    const p = packet(decode(101, ipv4({ src: '1.1.1.1', dst: '2.2.2.2', proto: 6, payload: syn })));
    expect([p.flags, p.payload.length, p.seq]).toEqual([TCP_SYN, 0, 5]);
  });

  it('reports what a short snapshot length left out', () => {
    const whole = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', proto: 6, payload: seg });
    const p = packet(decode(101, whole.subarray(0, whole.length - 5)));
    expect([p.payload.length, p.truncated]).toEqual([LOGIN.length - 5, 5]);
  });

  it('reassembles fragments by id, in any order, with repeats; first copy wins', () => {
    const payload = udp(7000, 8000, Uint8Array.from({ length: 100 }, (_, i) => i));
    const frag = (offset: number, end: number, more: boolean, id = 77) => ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 17, id, offset, more, payload: payload.subarray(offset, end) });
    const d = new PacketDecoder();
    expect(d.decode(101, frag(48, 96, true))).toEqual({ kind: 'fragment' });
    expect(d.decode(101, frag(96, 108, false))).toEqual({ kind: 'fragment' });
    expect(d.decode(101, frag(48, 96, true))).toEqual({ kind: 'fragment' });
    // Another datagram with another id is kept apart.
    expect(d.decode(101, frag(0, 48, true, 78))).toEqual({ kind: 'fragment' });
    const p = packet(d.decode(101, frag(0, 48, true)));
    expect([p.proto, p.sport, p.dport, p.fragments, hexOf(p.payload)]).toEqual(['udp', 7000, 8000, 4, hexOf(payload.subarray(8))]);
    expect(d.takeLost(true)).toEqual([expect.objectContaining({ id: 78, fragments: 1, bytesHeld: 48, reason: expect.stringMatching(/capture ended/) })]);
  });

  it('gives up a datagram whose fragments do not all come within the timeout', () => {
    const d = new PacketDecoder({ fragmentTimeoutNs: 1_000_000_000n });
    const f = ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 17, id: 5, more: true, payload: new Uint8Array(16) });
    expect(d.decode(101, f, 0n).kind).toBe('fragment');
    d.decode(101, v4tcp, 2_000_000_000n);
    expect(d.takeLost()).toEqual([{ src: '10.1.1.1', dst: '10.2.2.2', id: 5, ipProto: 17, fragments: 1, bytesHeld: 16, reason: 'not all fragments arrived within 1 s' }]);
    expect(d.takeLost()).toEqual([]);
  });

  it('bounds the datagrams held', () => {
    const d = new PacketDecoder({ maxDatagrams: 3 });
    for (let id = 0; id < 5; id++) d.decode(101, ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 17, id, more: true, payload: new Uint8Array(8) }));
    expect(d.takeLost().map((l) => l.id)).toEqual([0, 1]);
  });
});

describe('IPv6', () => {
  it('skips hop-by-hop and destination options headers', () => {
    const b = ipv6({ src: 'fe80::1', dst: 'ff02::1:3', next: 17, payload: udp(5353, 5353, Uint8Array.of(1, 2)), ext: [v6opts(0), v6opts(60)] });
    const p = packet(decode(229, b));
    expect([p.proto, p.src, p.dst, hexOf(p.payload)]).toEqual(['udp', 'fe80::1', 'ff02::1:3', '0102']);
  });

  it('reassembles the fragment header, then reads the transport', () => {
    const whole = tcp({ sport: 1, dport: 2, seq: 3, flags: TCP_ACK, payload: new Uint8Array(40).fill(0xab) });
    const a = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', next: 6, payload: whole.subarray(0, 24), ext: [v6frag(0, true, 0xdeadbeef)] });
    const b = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', next: 6, payload: whole.subarray(24), ext: [v6frag(24, false, 0xdeadbeef)] });
    const d = new PacketDecoder();
    expect(d.decode(229, b)).toEqual({ kind: 'fragment' });
    const p = packet(d.decode(229, a));
    expect([p.proto, p.seq, p.fragments, hexOf(p.payload)]).toEqual(['tcp', 3, 2, 'ab'.repeat(40)]);
  });

  it('writes addresses as RFC 5952 says', () => {
    const t = (s: number[]) => ipv6Text(Uint8Array.from(s), 0);
    const g = (...groups: number[]) => groups.flatMap((x) => [x >> 8, x & 0xff]);
    expect(t(g(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).toBe('2001:db8::1');
    expect(t(g(0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(t(g(0, 0, 0, 0, 0, 0, 0, 0))).toBe('::');
    expect(t(g(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe('2001:db8:0:1:1:1:1:1');
    expect(t(g(0x2001, 0, 0, 1, 0, 0, 0, 1))).toBe('2001:0:0:1::1');
    expect(t(g(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(t(g(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).toBe('::ffff:192.0.2.1');
  });
});

describe('malformed packets are reported, never thrown', () => {
  it('names what is wrong', () => {
    expect(decode(1, Uint8Array.of(1, 2, 3))).toEqual({ kind: 'malformed', reason: 'Ethernet header cut short (3 of 14 bytes)' });
    expect(decode(101, v4tcp.subarray(0, 12))).toEqual({ kind: 'malformed', reason: 'IPv4 header cut short (12 of 20 bytes)' });
    const ihl = v4tcp.slice();
    ihl[0] = 0x43;
    expect(decode(101, ihl)).toEqual({ kind: 'malformed', reason: 'IPv4 header length 12 (at least 20)' });
    const off = v4tcp.slice();
    off[20 + 12] = 0x20;
    expect(decode(101, off)).toEqual({ kind: 'malformed', reason: 'TCP header length 8 (at least 20)' });
    const u = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', proto: 17, payload: udp(1, 2, Uint8Array.of(1), 50) });
    expect(decode(101, u)).toEqual({ kind: 'malformed', reason: 'UDP length 50 runs past the IP payload (9 bytes)' });
    expect(decode(101, Uint8Array.of(0x70, 0, 0))).toEqual({ kind: 'malformed', reason: 'IP version 7 (expected 4 or 6)' });
    expect(decode(229, v6tcp.subarray(0, 30))).toEqual({ kind: 'malformed', reason: 'IPv6 header cut short (30 of 40 bytes)' });
  });

  it('other IP protocols come through as "other" with their payload', () => {
    const icmp = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', proto: 1, payload: Uint8Array.of(8, 0, 0, 0) });
    const p = packet(decode(101, icmp));
    expect([p.proto, p.ipProto, hexOf(p.payload)]).toEqual(['other', 1, '08000000']);
  });

  it('random and mutated packets never throw', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const d = new PacketDecoder();
    const samples = [ether(0x0800, v4tcp), sll(0x86dd, v6tcp), sll2(0x0800, v4tcp), loopHdr(30, false, v6tcp)];
    for (let n = 0; n < 5000; n++) {
      const lt = [1, 113, 276, 0, 108, 101, 228, 229][n % 8]!;
      let b: Uint8Array;
      if (n % 2) b = Uint8Array.from({ length: Math.floor(rnd() * 120) }, () => Math.floor(rnd() * 256));
      else {
        b = samples[n % samples.length]!.slice(0, Math.floor(rnd() * 200));
        for (let k = 0; k < 3; k++) if (b.length) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      }
      const r = d.decode(lt, b, BigInt(n));
      expect(['packet', 'fragment', 'not-ip', 'malformed']).toContain(r.kind);
      // The decoder's last-resort catch would say "cannot decode": no input may get that far.
      if (r.kind === 'malformed') expect(r.reason).not.toMatch(/^cannot decode/);
    }
  });
});
