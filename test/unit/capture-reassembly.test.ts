import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type IpPacket } from '../../src-main/engine/capture/packet';
import { TcpReassembler, type ReassemblyOptions, type TcpEvent } from '../../src-main/engine/capture/reassembly';

const DEV = { addr: '10.0.0.2', port: 40000 };
const SRV = { addr: '10.0.0.1', port: 5023 };
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function pkt(dir: 'up' | 'down', seq: number, payload: Uint8Array | string = new Uint8Array(0), flags = TCP_ACK, ack = 0): IpPacket {
  const [s, d] = dir === 'up' ? [DEV, SRV] : [SRV, DEV];
  return {
    ipVersion: 4,
    src: s.addr,
    dst: d.addr,
    proto: 'tcp',
    ipProto: 6,
    sport: s.port,
    dport: d.port,
    seq: seq >>> 0,
    ack: ack >>> 0,
    flags,
    payload: typeof payload === 'string' ? text(payload) : payload,
    truncated: 0,
  };
}

/** Run packets through a reassembler; events rendered as short strings. */
function run(packets: IpPacket[], opts: ReassemblyOptions = {}, end = true): string[] {
  const r = new TcpReassembler(opts);
  const ev: TcpEvent[] = [];
  packets.forEach((p, i) => ev.push(...r.push(p, BigInt(i) * 1_000_000n)));
  if (end) ev.push(...r.end(999_000_000n));
  return ev.map(show);
}
function show(e: TcpEvent): string {
  if (e.type === 'data') return `${e.flow.id} ${e.direction} @${e.streamOffset} ${str(e.bytes)}`;
  if (e.type === 'gap') return `${e.flow.id} ${e.direction} gap ${e.missingBytes} @${e.atStreamOffset}`;
  return `${e.flow.id} close ${e.reason}`;
}

const ISN_C = 1000;
const ISN_S = 5000;
const handshake = [pkt('up', ISN_C, '', TCP_SYN), pkt('down', ISN_S, '', TCP_SYN | TCP_ACK, ISN_C + 1), pkt('up', ISN_C + 1, '', TCP_ACK, ISN_S + 1)];
const fin = (c: number, s: number) => [pkt('up', c, '', TCP_FIN | TCP_ACK, s), pkt('down', s, '', TCP_FIN | TCP_ACK, c + 1), pkt('up', c + 1, '', TCP_ACK, s + 1)];

describe('TCP reassembly', () => {
  it('delivers both directions in order from ISN + 1, names the SYN sender the client, closes on both FINs', () => {
    const r = new TcpReassembler();
    const ev: TcpEvent[] = [];
    for (const p of [...handshake, pkt('up', 1001, 'hello '), pkt('up', 1007, 'world'), pkt('down', 5001, 'ok'), ...fin(1012, 5003)]) ev.push(...r.push(p, 0n));
    expect(ev.map(show)).toEqual(['1 up @0 hello ', '1 up @6 world', '1 down @0 ok', '1 close fin']);
    const flow = ev[0]!.flow;
    expect([flow.client, flow.server, flow.label, flow.serverPort, flow.packets, flow.bytes]).toEqual(['10.0.0.2:40000', '10.0.0.1:5023', '10.0.0.2:40000 → 10.0.0.1:5023', 5023, 8, 13]);
    expect(r.openFlows).toBe(0);
  });

  it('mid-stream: starts at the first sequence number seen, the first sender being the client', () => {
    // The server's packet comes first here, so the server is taken for the client ("up").
    expect(run([pkt('down', 77, 'srv'), pkt('down', 80, '!'), pkt('up', 9, 'dev')])).toEqual(['1 up @0 srv', '1 up @3 !', '1 down @0 dev', '1 close end']);
    const r = new TcpReassembler();
    const [e] = r.push(pkt('down', 77, 'srv'), 0n);
    expect(e!.flow.client).toBe('10.0.0.1:5023');
  });

  it('a SYN-ACK seen without its SYN makes its receiver the client', () => {
    const r = new TcpReassembler();
    r.push(handshake[1]!, 0n);
    const [e] = r.push(pkt('up', 1001, 'x'), 0n);
    expect(e?.type === 'data' && [e.direction, e.flow.client]).toEqual(['up', '10.0.0.2:40000']);
  });

  it('puts out-of-order segments back in order', () => {
    expect(run([...handshake, pkt('up', 1007, 'C'), pkt('up', 1004, 'B..'), pkt('up', 1001, 'A..'), pkt('up', 1008, 'D')])).toEqual([
      '1 up @0 A..',
      '1 up @3 B..',
      '1 up @6 C',
      '1 up @7 D',
      '1 close end',
    ]);
  });

  it('drops retransmissions; overlaps keep the first copy and deliver only the new part', () => {
    const events = run([...handshake, pkt('up', 1001, 'abcd'), pkt('up', 1001, 'abcd'), pkt('up', 1003, 'XXef'), pkt('up', 1009, 'ij'), pkt('up', 1009, 'IJ'), pkt('up', 1007, 'gh')]);
    expect(events).toEqual(['1 up @0 abcd', '1 up @4 ef', '1 up @6 gh', '1 up @8 ij', '1 close end']);
  });

  it('follows the sequence numbers across the 2^32 wrap', () => {
    const isn = 0xfffffffa;
    const events = run([pkt('up', isn, '', TCP_SYN), pkt('up', isn + 1, 'abc'), pkt('up', isn + 7, 'ghi'), pkt('up', isn + 4, 'def'), pkt('up', isn + 10, 'jkl')]);
    expect(events).toEqual(['1 up @0 abc', '1 up @3 def', '1 up @6 ghi', '1 up @9 jkl', '1 close end']);
  });

  it('a lost segment becomes a gap after the packet timeout, and reading goes on after it', () => {
    const events = run([...handshake, pkt('up', 1001, 'aa'), pkt('up', 1005, 'cc'), pkt('down', 5001, 'x'), pkt('up', 1007, 'dd'), pkt('down', 5002, 'y'), pkt('up', 1009, 'ee')], { gapAfterPackets: 3 }, false);
    // The hole appears with packet 5 ('cc'); the third packet after it ('y') gives it up.
    expect(events).toEqual(['1 up @0 aa', '1 down @0 x', '1 down @1 y', '1 up gap 2 @2', '1 up @4 cc', '1 up @6 dd', '1 up @8 ee']);
  });

  it('a lost segment becomes a gap after the time limit (sweep), at the end of the capture, or when the buffer fills', () => {
    const r = new TcpReassembler({ gapAfterNs: 1000n });
    for (const p of [...handshake, pkt('up', 1001, 'aa'), pkt('up', 1005, 'cc')]) r.push(p, 10n);
    expect(r.sweep(500n)).toEqual([]);
    expect(r.sweep(1010n).map(show)).toEqual(['1 up gap 2 @2', '1 up @4 cc']);
    expect(run([...handshake, pkt('up', 1001, 'aa'), pkt('up', 1005, 'cc')])).toEqual(['1 up @0 aa', '1 up gap 2 @2', '1 up @4 cc', '1 close end']);
    expect(run([...handshake, pkt('up', 1001, 'aa'), pkt('up', 1005, 'cc'), pkt('up', 1008, 'ddd'), pkt('up', 1003, 'bb')], { maxBufferedBytes: 4 })).toEqual([
      '1 up @0 aa',
      '1 up gap 2 @2',
      '1 up @4 cc',
      '1 up gap 1 @6',
      '1 up @7 ddd',
      '1 close end',
    ]);
  });

  it('bytes missing before a FIN are a gap as soon as the peer acknowledges the FIN', () => {
    const events = run([...handshake, pkt('up', 1001, 'aa'), pkt('up', 1006, '', TCP_FIN | TCP_ACK), pkt('down', 5001, '', TCP_ACK | TCP_FIN, 1007), pkt('up', 1007, '', TCP_ACK, 5002)], {}, false);
    expect(events).toEqual(['1 up @0 aa', '1 up gap 3 @2', '1 close fin']);
  });

  it('a RST closes the connection, giving up what waits behind a hole', () => {
    expect(run([...handshake, pkt('up', 1001, 'aa'), pkt('up', 1005, 'cc'), pkt('down', 5001, '', TCP_RST)], {}, false)).toEqual(['1 up @0 aa', '1 up gap 2 @2', '1 up @4 cc', '1 close rst']);
  });

  it('a new SYN on the same 5-tuple starts a new connection; late packets of a closed one are dropped', () => {
    const second = [pkt('up', 90000, '', TCP_SYN), pkt('down', 70000, '', TCP_SYN | TCP_ACK, 90001), pkt('up', 90001, 'again')];
    expect(run([...handshake, pkt('up', 1001, 'first'), ...fin(1006, 5001), pkt('up', 1001, 'first'), pkt('down', 5001, '', TCP_FIN | TCP_ACK), ...second])).toEqual([
      '1 up @0 first',
      '1 close fin',
      '2 up @0 again',
      '2 close end',
    ]);
    // A new connection whose SYN the capture missed: far from where the old one ended.
    expect(run([...handshake, pkt('up', 1001, 'first'), ...fin(1006, 5001), pkt('up', 0x80001000, 'new')])).toEqual(['1 up @0 first', '1 close fin', '2 up @0 new', '2 close end']);
    // Without a close in between, the new ISN ends the old connection.
    expect(run([...handshake, pkt('up', 1001, 'old'), ...second])).toEqual(['1 up @0 old', '1 close reused', '2 up @0 again', '2 close end']);
  });

  it('keeps connections apart by 5-tuple', () => {
    const other = (p: IpPacket) => ({ ...p, sport: p.sport === DEV.port ? 40001 : p.sport, dport: p.dport === DEV.port ? 40001 : p.dport });
    expect(run([pkt('up', 1, 'a'), other(pkt('up', 500, 'b')), pkt('up', 2, 'c')])).toEqual(['1 up @0 a', '2 up @0 b', '1 up @1 c', '1 close end', '2 close end']);
  });

  it('property: any segmentation, reordering within a window and duplication gives back the stream', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (data, sizes, swaps, dups, isn) => {
          const segs: IpPacket[] = [];
          for (let at = 0, i = 0; at < data.length; i++) {
            const n = sizes[i % sizes.length]!;
            segs.push(pkt('up', isn + 1 + at, data.subarray(at, at + n)));
            at += n;
          }
          for (const [i, d] of swaps) {
            const a = i % segs.length;
            const b = Math.min(segs.length - 1, a + d);
            [segs[a], segs[b]] = [segs[b]!, segs[a]!];
          }
          for (const i of dups) segs.splice(i % segs.length, 0, segs[(i * 7) % segs.length]!);
          const r = new TcpReassembler();
          const out: TcpEvent[] = [...r.push(pkt('up', isn, '', TCP_SYN), 0n)];
          for (const s of segs) out.push(...r.push(s, 1n));
          out.push(...r.end(2n));
          const bytes = out.flatMap((e) => (e.type === 'data' ? [...e.bytes] : []));
          expect(out.filter((e) => e.type === 'gap')).toEqual([]);
          expect(Buffer.from(bytes).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: dropped segments come out as gaps whose sizes add up, everything else in place', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 400 }), fc.integer({ min: 1, max: 30 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (data, size, drops) => {
        const segs: Array<{ at: number; p: IpPacket }> = [];
        for (let at = 0; at < data.length; at += size) segs.push({ at, p: pkt('up', 1 + at, data.subarray(at, at + size), TCP_ACK | TCP_PSH) });
        const dropped = new Set(drops.map((d) => d % segs.length));
        const r = new TcpReassembler();
        const out: TcpEvent[] = [...r.push(pkt('up', 0, '', TCP_SYN), 0n)];
        for (const [i, s] of segs.entries()) if (!dropped.has(i)) out.push(...r.push(s.p, 1n));
        out.push(...r.push(pkt('up', 1 + data.length, '', TCP_FIN | TCP_ACK), 2n));
        out.push(...r.end(3n));
        const rebuilt = new Uint8Array(data.length);
        let missing = 0;
        for (const e of out) {
          if (e.type === 'data') rebuilt.set(e.bytes, e.streamOffset);
          if (e.type === 'gap') missing += e.missingBytes;
        }
        const expected = data.slice();
        for (const i of dropped) expected.fill(0, segs[i]!.at, segs[i]!.at + size);
        expect(missing).toBe([...dropped].reduce((n, i) => n + Math.min(size, data.length - segs[i]!.at), 0));
        expect(Buffer.from(rebuilt).equals(Buffer.from(expected))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
