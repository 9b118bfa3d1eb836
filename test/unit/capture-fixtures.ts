/**
 * Byte builders for capture tests: pcap and pcapng files in either byte order (including the
 * variants the project's writer does not produce: big-endian, nanosecond pcap, SPB, PB, several
 * sections) and link/IP/TCP/UDP headers. Written from the specs (draft-ietf-opsawg-pcap,
 * draft-ietf-opsawg-pcapng, RFC 791/8200/9293/768), independently of the reader under test.
 */

export class Bytes {
  private parts: number[] = [];
  constructor(readonly le = true) {}
  u8(...v: number[]): this {
    this.parts.push(...v.map((x) => x & 0xff));
    return this;
  }
  u16(v: number, le = this.le): this {
    return le ? this.u8(v, v >> 8) : this.u8(v >> 8, v);
  }
  u32(v: number, le = this.le): this {
    const b = [v >>> 24, v >>> 16, v >>> 8, v];
    return this.u8(...(le ? b.reverse() : b));
  }
  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: ArrayLike<number>): this {
    this.parts.push(...Array.from(b));
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const cat = (...xs: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(xs.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of xs) {
    out.set(x, o);
    o += x.length;
  }
  return out;
};

export interface Rec {
  timeNs: bigint;
  data: Uint8Array;
  origLen?: number;
}

/** A pcap file: byte order, µs/ns magic, Kuznetzov's modified 24-byte records. */
export function pcapFile(recs: Rec[], o: { le?: boolean; nano?: boolean; modified?: boolean; linkType?: number; snapLen?: number } = {}): Uint8Array {
  const b = new Bytes(o.le ?? true);
  b.u32(o.modified ? 0xa1b2cd34 : o.nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(o.snapLen ?? 262144).u32(o.linkType ?? 1);
  for (const r of recs) {
    const sec = Number(r.timeNs / 1_000_000_000n);
    const frac = Number(r.timeNs % 1_000_000_000n) / (o.nano ? 1 : 1000);
    b.u32(sec).u32(Math.floor(frac)).u32(r.data.length).u32(r.origLen ?? r.data.length);
    if (o.modified) b.u32(1).u16(0x0800).u8(0, 0);
    b.bytes(r.data);
  }
  return b.done();
}

export interface Iface {
  linkType: number;
  snapLen?: number;
  /** Raw if_tsresol byte; absent means the default (6). */
  tsresol?: number;
  tsoffsetSec?: bigint;
  name?: string;
}

export type Block =
  | { kind: 'epb'; iface: number; ts: bigint; data: Uint8Array; origLen?: number; comments?: string[] }
  | { kind: 'pb'; iface: number; ts: bigint; data: Uint8Array }
  | { kind: 'spb'; data: Uint8Array; origLen?: number }
  | { kind: 'nrb' }
  | { kind: 'isb'; iface: number }
  | { kind: 'custom' };

function block(le: boolean, type: number, body: (b: Bytes) => void): Uint8Array {
  const inner = new Bytes(le);
  body(inner);
  inner.pad4();
  const len = 12 + inner.length;
  return new Bytes(le).u32(type).u32(len).bytes(inner.done()).u32(len).done();
}

function option(b: Bytes, code: number, value: Uint8Array): void {
  b.u16(code).u16(value.length).bytes(value).pad4();
}

const text = (s: string) => new TextEncoder().encode(s);

/** One pcapng section (SHB, IDBs, then the blocks given), little- or big-endian. */
export function pcapngSection(ifaces: Iface[], blocks: Block[], le = true): Uint8Array {
  const out: Uint8Array[] = [
    block(le, 0x0a0d0d0a, (b) => {
      b.u32(0x1a2b3c4d).u16(1).u16(0).u64(-1n & 0xffffffffffffffffn);
      option(b, 4, text('capture-fixtures'));
      b.u16(0).u16(0);
    }),
  ];
  for (const i of ifaces) {
    out.push(
      block(le, 1, (b) => {
        b.u16(i.linkType).u16(0).u32(i.snapLen ?? 262144);
        if (i.name) option(b, 2, text(i.name));
        if (i.tsresol !== undefined) option(b, 9, Uint8Array.of(i.tsresol));
        if (i.tsoffsetSec !== undefined) option(b, 14, new Bytes(le).u64(i.tsoffsetSec).done());
        b.u16(0).u16(0);
      }),
    );
  }
  for (const k of blocks) {
    if (k.kind === 'epb') {
      out.push(
        block(le, 6, (b) => {
          b.u32(k.iface).u32(Number(k.ts >> 32n)).u32(Number(k.ts & 0xffffffffn)).u32(k.data.length).u32(k.origLen ?? k.data.length).bytes(k.data).pad4();
          for (const c of k.comments ?? []) option(b, 1, text(c));
          if (k.comments?.length) b.u16(0).u16(0);
        }),
      );
    } else if (k.kind === 'pb') {
      out.push(block(le, 2, (b) => b.u16(k.iface).u16(0).u32(Number(k.ts >> 32n)).u32(Number(k.ts & 0xffffffffn)).u32(k.data.length).u32(k.data.length).bytes(k.data)));
    } else if (k.kind === 'spb') {
      out.push(block(le, 3, (b) => b.u32(k.origLen ?? k.data.length).bytes(k.data)));
    } else if (k.kind === 'nrb') {
      out.push(block(le, 4, (b) => b.u16(1).u16(8).bytes([127, 0, 0, 1]).bytes(text('lo\0\0')).u16(0).u16(0)));
    } else if (k.kind === 'isb') {
      out.push(block(le, 5, (b) => b.u32(k.iface).u32(0).u32(0).u16(0).u16(0)));
    } else {
      out.push(block(le, 0x00000bad, (b) => b.u32(32473).bytes([1, 2, 3, 4])));
    }
  }
  return cat(...out);
}

// ---- headers -------------------------------------------------------------------------------

const v4 = (s: string) => s.split('.').map(Number);
function v6(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
}

export function tcp(o: { sport: number; dport: number; seq: number; ack?: number; flags: number; payload?: Uint8Array; options?: number[] }): Uint8Array {
  const opts = o.options ?? [];
  const hl = 20 + opts.length;
  return new Bytes(false)
    .u16(o.sport)
    .u16(o.dport)
    .u32(o.seq >>> 0)
    .u32((o.ack ?? 0) >>> 0)
    .u8((hl / 4) << 4, o.flags)
    .u16(65535)
    .u16(0)
    .u16(0)
    .bytes(opts)
    .bytes(o.payload ?? [])
    .done();
}

export function udp(sport: number, dport: number, payload: Uint8Array, lengthField?: number): Uint8Array {
  return new Bytes(false)
    .u16(sport)
    .u16(dport)
    .u16(lengthField ?? 8 + payload.length)
    .u16(0)
    .bytes(payload)
    .done();
}

export function ipv4(o: { src: string; dst: string; proto: number; payload: Uint8Array; id?: number; more?: boolean; offset?: number; options?: number[]; totalLength?: number }): Uint8Array {
  const opts = o.options ?? [];
  const ihl = 20 + opts.length;
  const frag = (o.more ? 0x2000 : 0) | ((o.offset ?? 0) / 8);
  return new Bytes(false)
    .u8(0x40 | (ihl / 4), 0)
    .u16(o.totalLength ?? ihl + o.payload.length)
    .u16(o.id ?? 1)
    .u16(frag)
    .u8(64, o.proto)
    .u16(0)
    .bytes(v4(o.src))
    .bytes(v4(o.dst))
    .bytes(opts)
    .bytes(o.payload)
    .done();
}

/** IPv6 with optional extension headers given as [type, bytes incl. their next/len fields]. */
export function ipv6(o: { src: string; dst: string; next: number; payload: Uint8Array; ext?: Array<{ type: number; body: Uint8Array }> }): Uint8Array {
  const ext = o.ext ?? [];
  let chain = o.payload;
  let next = o.next;
  for (let i = ext.length - 1; i >= 0; i--) {
    const e = ext[i]!;
    const h = e.body.slice();
    h[0] = next;
    chain = cat(h, chain);
    next = e.type;
  }
  return new Bytes(false).u32(0x60000000).u16(chain.length).u8(next, 64).bytes(v6(o.src)).bytes(v6(o.dst)).bytes(chain).done();
}

/** An 8-byte IPv6 options header (hop-by-hop or destination options) of PadN. */
export const v6opts = (type: number) => ({ type, body: Uint8Array.of(0, 0, 1, 4, 0, 0, 0, 0) });
/** An IPv6 fragment header. */
export const v6frag = (offset: number, more: boolean, id: number) => ({
  type: 44,
  body: new Bytes(false).u8(0, 0).u16(offset | (more ? 1 : 0)).u32(id).done(),
});

export function ether(type: number, payload: Uint8Array, vlans: Array<[number, number]> = []): Uint8Array {
  const b = new Bytes(false).bytes([2, 0, 0, 0, 0, 2]).bytes([2, 0, 0, 0, 0, 1]);
  for (const [tpid, vid] of vlans) b.u16(tpid).u16(vid);
  return b.u16(type).bytes(payload).done();
}

export const sll = (proto: number, payload: Uint8Array, pkttype = 0) => new Bytes(false).u16(pkttype).u16(772).u16(6).bytes([0, 0, 0, 0, 0, 0, 0, 0]).u16(proto).bytes(payload).done();
export const sll2 = (proto: number, payload: Uint8Array, pkttype = 4) => new Bytes(false).u16(proto).u16(0).u32(1).u16(772).u8(pkttype, 6).bytes([0, 0, 0, 0, 0, 0, 0, 0]).bytes(payload).done();
export const loopHdr = (family: number, le: boolean, payload: Uint8Array) => new Bytes(le).u32(family).bytes(payload).done();

export const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const fromHexStr = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
