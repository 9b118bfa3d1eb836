/**
 * Server → device framing, for every registered protocol: what Trackwire sends a device — the
 * answers `respond` gives to the corpus frames (decoded first, as the engine does) and every
 * command of the protocol's catalogue (defaults, sample attributes, the corpus command vectors) —
 * sent one after another on one TCP connection, is cut back by `split(stream, final, 'down')`
 * exactly: the same boundaries, no garbage, however TCP chunks the stream. Each piece decodes with
 * direction 'down' without a warning or an error (notes allowed), every byte in a field. Over UDP
 * the answers travel one per datagram and are checked one by one. Damaged server bytes never make
 * the down splitters or decoders throw or leave the input; the new server framings have a case
 * each at the end, with values and byte ranges.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { PROTOCOLS } from '../../../parsers/index';
import { gosafe } from '../../../parsers/gosafe';
import { gps103 } from '../../../parsers/gps103';
import { gt06 } from '../../../parsers/gt06';
import { jt808 } from '../../../parsers/jt808';
import { meitrack } from '../../../parsers/meitrack';
import { osmand } from '../../../parsers/osmand';
import { tk103 } from '../../../parsers/tk103';
import { xexun2 } from '../../../parsers/xexun2';
import { findNode } from '../../../parsers/core/reader';
import { concatBytes, fromHex, toHex } from '../../../parsers/core/bytes';
import type { CommandDef } from '../../../parsers/core/commands';
import type { ProtocolDescriptor } from '../../../parsers/core/types';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';
import { StreamCutter, type Piece } from '../../../src-main/engine/stream';
import { seededRandom as rng } from '../../helpers/seeded';

const DEVICE = '123456789012345';

/**
 * Protocols with nothing to send a device: no answer is due to any corpus frame and there is no
 * command catalogue. The test checks they stay so (a new answer or command must be framed here).
 */
const NOTHING_DOWN: Readonly<Record<string, string>> = {
  skypatrol: 'UDP only; the Enfora/TT8750 server sends no acknowledgement and no commands are known',
  xexun: 'the Xexun (TK102/TK103-2 style) server does not answer, and no downlink command is known',
};

/**
 * Commands whose bytes carry no framing at all, so on a stream they end only where the link goes
 * quiet (the end of the stream here, `final`): they are sent last. GoSafe and Carscop 2G publish
 * no downlink format, so `custom` sends the user's text as it is (GoSafe "G79W Protocol" V1.5
 * documents the uplink and the `1234` acknowledgement only; Carscop: PROTOCOLS.md, no known
 * downlink). Every answer of every protocol is framed.
 */
const UNDELIMITED: Readonly<Record<string, string>> = {
  'gosafe.custom': 'the text as given, no delimiter (the G79W downlink format is not published)',
  'carscop.custom': 'the text as given, no delimiter (the CCTR downlink format is not published)',
};

/** Values for required attributes without a default, by attribute name. */
const SAMPLE: Readonly<Record<string, unknown>> = {
  frequency: 60,
  timezone: 'GMT+8',
  phone: '13800138000',
  message: 'Hello',
  server: '203.0.113.7',
  port: 5002,
  index: 1,
  enable: true,
};

/** Attributes for commands whose free text must be something the device understands. */
const ATTRIBUTES: Readonly<Record<string, Record<string, unknown>>> = {
  'gt06.custom': { data: 'STATUS#' },
  'gt06.customHex': { data: '0a00000000' + toHex(new TextEncoder().encode('WHERE#')) },
  'jt808.setParameter': { id: 0x0029, value: '30' },
  'jt808.custom': { data: 'TEST' },
  'jt808.customHex': { messageId: 0x8105, data: '04' },
  'h02.custom': { data: 'S20,010203,1,1' },
  'gosafe.custom': { data: 'STATUS' },
  'carscop.custom': { data: 'STATUS' },
  'teltonika.custom': { data: 'getinfo' },
  'teltonika.customHex': { data: '03030000000185E8' },
  'tk103.custom': { data: 'AP00' },
  'gps103.custom': { data: 'H,080' },
  'meitrack.custom': { data: 'A10' },
  'watch.silenceTime': { data: '08:00-12:00,14:00-16:00' },
  'watch.alarmClock': { data: '08:10-1-1' },
  'watch.setPhonebook': { data: '13800138000,Home' },
  'watch.voiceMessage': { data: '2321414d520a' },
  'watch.setIndicator': { data: '5' },
  'watch.custom': { data: 'WORK,6-9,11-13' },
  'jt600.custom': { data: 'P43,0' },
  'xexun2.custom': { data: 'reset' },
  'xexun2.customHex': { data: toHex(new TextEncoder().encode('of=1')) },
};

interface Vector {
  protocol: string;
  command?: { type: string; attributes?: Record<string, unknown> };
}
const vectors = readFileSync(path.resolve('test', 'fixtures', 'corpus', 'commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector);

/** One piece the server sends, with where it comes from for the failure messages. */
interface Down {
  bytes: Uint8Array;
  what: string;
  transport: 'tcp' | 'udp';
}

/** The answers `respond` gives to the protocol's corpus frames (stream inputs cut up first). */
function answers(p: ProtocolDescriptor): Down[] {
  const out: Down[] = [];
  for (const f of loadCorpus(p.id)) {
    const wire = fromHex(wireHex(f));
    const frames = f.stage === 'decoder' ? [wire] : p.split(wire, true).frames.map((s) => wire.subarray(s.start, s.end));
    for (const frame of frames) {
      const decoded = p.decode(frame, { transport: f.transport, direction: 'up' });
      const answer = p.respond(frame, decoded);
      if (answer) out.push({ bytes: answer, what: `answer to ${f.source} (${decoded.messageType})`, transport: f.transport });
    }
  }
  return out;
}

/** Attributes for one command: its own, else samples for those without a default (required, or with a sample). */
function attributesFor(protocol: string, def: CommandDef): Record<string, unknown> {
  const own = ATTRIBUTES[`${protocol}.${def.type}`];
  if (own) return own;
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(def.attributes)) {
    if (s.default !== undefined || !(def.required?.includes(name) || name in SAMPLE)) continue;
    out[name] = s.enum ? s.enum[0] : SAMPLE[name];
  }
  return out;
}

/** Every command of the catalogue in every variant, then the corpus vectors (in the first variant that takes them). */
function commandsOf(p: ProtocolDescriptor): { delimited: Down[]; undelimited: Down[] } {
  const delimited: Down[] = [];
  const undelimited: Down[] = [];
  const c = p.commands;
  if (!c) return { delimited, undelimited };
  let serial = 1;
  const add = (type: string, bytes: Uint8Array, what: string) => (UNDELIMITED[`${p.id}.${type}`] ? undelimited : delimited).push({ bytes, what, transport: 'tcp' });
  for (const def of c.list) {
    for (const variant of [undefined, ...Object.keys(def.variants ?? {})]) {
      const e = c.encode(def.type, attributesFor(p.id, def), { deviceId: DEVICE, serial: serial++, variant });
      add(def.type, e.bytes, `command ${def.type}${variant ? ` (${variant})` : ''}`);
    }
  }
  for (const v of vectors.filter((x) => x.protocol === p.id && x.command)) {
    const { type, attributes = {} } = v.command!;
    const variants = [undefined, ...Object.keys(c.list.find((d) => d.type === type)?.variants ?? {})];
    for (const variant of variants) {
      let bytes: Uint8Array;
      try {
        bytes = c.encode(type, attributes, { deviceId: DEVICE, serial: serial++, variant }).bytes;
      } catch {
        continue;
      }
      add(type, bytes, `corpus vector ${type} ${JSON.stringify(attributes)}`);
      break;
    }
  }
  return { delimited, undelimited };
}


/** Answers and commands mixed in a fixed pseudo-random order (each kind next to each), undelimited commands last. */
function streamOf(p: ProtocolDescriptor): Down[] {
  const { delimited, undelimited } = commandsOf(p);
  const list = [...answers(p).filter((a) => a.transport === 'tcp'), ...delimited];
  const random = rng(0x5eed + p.id.length);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return [...list, ...undelimited];
}

/** Warnings and errors of a piece decoded as the server's (notes do not count), and bytes no field covers. */
function problems(p: ProtocolDescriptor, d: Down): string[] {
  const decoded = p.decode(d.bytes, { transport: d.transport, direction: 'down', deviceId: DEVICE });
  const where = `${d.what} ${toHex(d.bytes).slice(0, 40)}`;
  const out = decoded.issues.filter((i) => i.severity !== 'info').map((i) => `${where}: ${i.id} (${i.message})`);
  const gaps = uncovered(decoded.tree, d.bytes.length);
  if (gaps.length) out.push(`${where}: bytes ${gaps.join(', ')} in no field`);
  return out;
}

/** The pieces as `[start, end)` spans of their concatenation. */
function spans(pieces: Down[]): Array<{ start: number; end: number }> {
  let at = 0;
  return pieces.map((x) => ({ start: at, end: (at += x.bytes.length) }));
}

/** Where the cut first differs from the pieces sent, for a readable failure. */
function firstDifference(pieces: Down[], frames: Array<{ start: number; end: number }>): string | null {
  const want = spans(pieces);
  for (let i = 0; i < Math.max(want.length, frames.length); i++) {
    const w = want[i];
    const g = frames[i];
    if (!w || !g || w.start !== g.start || w.end !== g.end) {
      return `piece ${i}: sent ${w ? `[${w.start}, ${w.end}) ${pieces[i]!.what} ${toHex(pieces[i]!.bytes).slice(0, 40)}` : 'nothing'}, cut ${g ? `[${g.start}, ${g.end})` : 'nothing'}`;
    }
  }
  return null;
}

describe('server → device framing (split direction down)', () => {
  for (const p of PROTOCOLS) {
    if (NOTHING_DOWN[p.id]) {
      it(`${p.id}: sends nothing (${NOTHING_DOWN[p.id]})`, () => {
        expect(answers(p)).toEqual([]);
        expect(p.commands?.list ?? []).toEqual([]);
      });
      continue;
    }

    describe(p.id, () => {
      const stream = p.transports.includes('tcp') ? streamOf(p) : [];
      const bytes = concatBytes(...stream.map((x) => x.bytes));
      // The corpus holds TCP sessions only; protocols that also run over UDP send the same answers
      // one per datagram (Teltonika's own UDP acknowledgement is covered in teltonika.test.ts).
      const datagrams = p.transports.includes('udp') ? answers(p).map((a) => ({ ...a, transport: 'udp' as const })) : [];

      it('has something to send', () => {
        expect(stream.length + datagrams.length).toBeGreaterThan(0);
      });

      it.skipIf(!stream.length)('cuts the answers and commands of one TCP stream back exactly', () => {
        const r = p.split(bytes, true, 'down');
        expect(firstDifference(stream, r.frames)).toBeNull();
        expect(r.garbage).toEqual([]);
        expect(r.consumed).toBe(bytes.length);
      });

      it.skipIf(!stream.length)('cuts the same frames however TCP chunks the stream', () => {
        const want = stream.map((x) => `frame:${toHex(x.bytes)}`);
        fc.assert(
          fc.property(fc.array(fc.integer({ min: 1, max: 48 }), { minLength: 1, maxLength: 24 }), (cuts) => {
            const c = new StreamCutter({ transport: 'tcp', protocol: p.id, direction: 'down' });
            const got: string[] = [];
            let at = 0;
            for (let i = 0; at < bytes.length; i++) {
              const n = cuts[i % cuts.length]!;
              for (const x of c.push(bytes.subarray(at, at + n))) got.push(`${x.kind}:${toHex(x.bytes)}`);
              at += n;
            }
            for (const x of c.end()) got.push(`${x.kind}:${toHex(x.bytes)}`);
            expect(got).toEqual(want);
          }),
          { numRuns: 40, seed: 808 },
        );
      });

      it.skipIf(!stream.length)('decodes every piece of the stream without a warning or an error', () => {
        expect(stream.flatMap((x) => problems(p, x)).join('\n')).toBe('');
      });

      it.skipIf(!datagrams.length)('cuts each answer sent as a UDP datagram as one whole frame that decodes cleanly', () => {
        for (const d of datagrams) {
          const r = p.split(d.bytes, true, 'down');
          expect({ what: d.what, frames: r.frames, garbage: r.garbage }).toEqual({ what: d.what, frames: [{ start: 0, end: d.bytes.length }], garbage: [] });
        }
        expect(datagrams.flatMap((x) => problems(p, x)).join('\n')).toBe('');
      });
    });
  }

  it('lists only protocols and commands that exist', () => {
    for (const id of Object.keys(NOTHING_DOWN)) expect(PROTOCOLS.some((p) => p.id === id), id).toBe(true);
    for (const key of Object.keys(UNDELIMITED)) {
      const [id, type] = key.split('.');
      expect(PROTOCOLS.find((p) => p.id === id)?.commands?.list.some((d) => d.type === type), key).toBe(true);
    }
  });
});

/**
 * Splitters whose cut of damaged bytes may depend on where a chunk ends, by design: Watch takes a
 * `]` that ends the bytes received as a frame end when the length field disagrees (hand-edited
 * frames), in both directions. Real frames (above) are cut the same however they are chunked.
 */
const CHUNK_DEPENDENT_ON_DAMAGE: ReadonlySet<string> = new Set(['watch']);

describe('server → device splitting and decoding under damaged input', () => {
  for (const p of PROTOCOLS) {
    const sent = p.transports.includes('tcp') ? concatBytes(...streamOf(p).map((x) => x.bytes)) : new Uint8Array(0);
    // Random bytes, and stretches of the server stream with bytes flipped, dropped or inserted.
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 160 }), flip: fc.nat(), bit: fc.integer({ min: 0, max: 7 }), extra: fc.uint8Array({ maxLength: 8 }) }).map(({ at, len, flip, bit, extra }) => {
        if (!sent.length) return extra;
        const start = at % sent.length;
        const b = sent.slice(start, start + len);
        const i = flip % b.length;
        b[i] = b[i]! ^ (1 << bit);
        return concatBytes(b.subarray(0, i), extra, b.subarray(i + (bit & 1)));
      }),
    );

    const chunked = p.transports.includes('tcp') && !CHUNK_DEPENDENT_ON_DAMAGE.has(p.id);
    it(`${p.id}: split and decode (direction down) never throw and stay inside the input${chunked ? '; chunking changes no frame' : ''}`, () => {
      fc.assert(
        fc.property(damaged, fc.boolean(), fc.integer({ min: 1, max: 17 }), (b, final, step) => {
          const r = p.split(b, final, 'down');
          expect(r.consumed).toBeGreaterThanOrEqual(0);
          expect(r.consumed).toBeLessThanOrEqual(b.length);
          let last = 0;
          for (const sp of [...r.frames, ...r.garbage].sort((x, y) => x.start - y.start)) {
            expect(sp.start).toBeGreaterThanOrEqual(last);
            expect(sp.end).toBeGreaterThan(sp.start);
            expect(sp.end).toBeLessThanOrEqual(r.consumed);
            last = sp.end;
          }
          const d = p.decode(b, { transport: 'tcp', direction: 'down' });
          for (const n of walk(d.tree)) if (n.start < 0 || n.end > b.length || n.start > n.end) throw new Error(`${p.id}: node ${n.id} [${n.start}, ${n.end}) outside ${b.length} bytes of ${toHex(b)}`);
          if (!chunked) return;
          // The frames, and where bytes between them were left out (garbage comes out in pieces per
          // chunk, and some splitters drop line ends between frames as framing).
          const cut = (size: number) => {
            const c = new StreamCutter({ transport: 'tcp', protocol: p.id, direction: 'down' });
            const got: string[] = [];
            const take = (x: Piece) => {
              if (x.kind === 'frame') got.push(toHex(x.bytes));
              else if (got[got.length - 1] !== 'not a frame') got.push('not a frame');
            };
            for (let at = 0; at < b.length; at += size) c.push(b.subarray(at, at + size)).forEach(take);
            c.end().forEach(take);
            return got;
          };
          expect(cut(step)).toEqual(cut(b.length || 1));
        }),
        { numRuns: 200, seed: 4401 },
      );
    });
  }
});


/** A text as bytes. */
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const DOWN = { transport: 'tcp', direction: 'down' } as const;
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n && [n.start, n.end, n.value];
};

describe('server frames the splitters and decoders now know', () => {
  it('osmand: a response ends by Content-Length, chunked coding, its status, or the close', () => {
    const ok = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';
    const none = 'HTTP/1.1 204 No Content\r\n\r\n';
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n';
    const toClose = 'HTTP/1.0 200 OK\r\n\r\nbody';
    const b = ascii(ok + none + chunked + toClose);
    const cuts = [ok, none, chunked].reduce<number[]>((a, t) => [...a, (a.at(-1) ?? 0) + t.length], []);
    // Without Content-Length or chunking the last body runs until the connection closes.
    expect(osmand.split(b, false, 'down')).toEqual({ frames: [{ start: 0, end: cuts[0] }, { start: cuts[0], end: cuts[1] }, { start: cuts[1], end: cuts[2] }], garbage: [], consumed: cuts[2] });
    expect(osmand.split(b, true, 'down').frames.at(-1)).toEqual({ start: cuts[2], end: b.length });

    const d = osmand.decode(ascii(ok), DOWN);
    expect([d.messageType, d.messageCode, d.summary, d.issues]).toEqual(['response', '200', 'HTTP 200 OK', []]);
    expect(at(d.tree, 'osmand.response.version')).toEqual([0, 8, 'HTTP/1.1']);
    expect(at(d.tree, 'osmand.response.status')).toEqual([9, 12, 200]);
    expect(at(d.tree, 'osmand.response.reason')).toEqual([13, 15, 'OK']);
    expect(at(d.tree, 'osmand.header.content_length')).toEqual([17, 34, '0']);

    const c = osmand.decode(ascii(chunked), DOWN);
    expect(c.attributes.result).toBe('abcd');
    expect(at(c.tree, 'osmand.response.content')?.slice(0, 2)).toEqual([chunked.indexOf('abcd'), chunked.indexOf('abcd') + 4]);
    expect(osmand.decode(ascii(toClose), DOWN).issues.map((i) => [i.id, i.severity])).toEqual([['osmand.body_to_close', 'info']]);
    expect(osmand.decode(ascii('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'), DOWN).issues.map((i) => [i.id, i.severity])).toEqual([['osmand.refused', 'info']]);
  });

  it('gps103: LOAD and ON whole; a command without a delimiter ends where the next server frame starts, or with the stream', () => {
    const b = ascii('LOAD**,imei:123456789012345,JON**,imei:123456789012345,C,05m');
    expect(gps103.split(b, false, 'down')).toEqual({ frames: [{ start: 0, end: 4 }, { start: 4, end: 29 }, { start: 29, end: 31 }], garbage: [], consumed: 31 });
    expect(gps103.split(b, true, 'down').frames.at(-1)).toEqual({ start: 31, end: b.length });
    const d = gps103.decode(ascii('LOAD'), DOWN);
    expect([d.messageType, d.issues]).toEqual(['login ack', []]);
    expect(at(d.tree, 'gps103.answer.text')).toEqual([0, 4, 'LOAD']);
    expect(gps103.decode(ascii('ON'), DOWN).messageType).toBe('heartbeat ack');
  });

  it('gosafe: 1234 whole; command text waits until no more bytes are coming', () => {
    expect(gosafe.split(ascii('1234STATUS'), false, 'down')).toEqual({ frames: [{ start: 0, end: 4 }], garbage: [], consumed: 4 });
    expect(gosafe.split(ascii('1234STATUS'), true, 'down').frames).toEqual([{ start: 0, end: 4 }, { start: 4, end: 10 }]);
    expect(gosafe.split(ascii('12341'), false, 'down').consumed).toBe(4);
  });

  it('tk103: the AP01/AP05 answers are known; the alternative firmware\'s [begin]…,[end] is a frame of its own', () => {
    const b = ascii('(027045009305AP05)[begin]sms2,*getposl*,[end](027044702512AP01HSO)');
    expect(tk103.split(b, false, 'down').frames).toEqual([{ start: 0, end: 18 }, { start: 18, end: 45 }, { start: 45, end: 66 }]);
    const d = tk103.decode(b.subarray(45), DOWN);
    expect([d.messageType, d.messageCode, d.issues]).toEqual(['ack', 'AP01', []]);
    expect(at(d.tree, 'tk103.parameters')).toEqual([17, 20, 'HSO']);
    expect(tk103.split(ascii('(027045009305AP05)[beg'), false, 'down')).toEqual({ frames: [{ start: 0, end: 18 }], garbage: [], consumed: 18 });
  });

  it('jt808: the JT701 answer 0x4401 carries a 1-byte serial, as the reports it answers', () => {
    const d = jt808.decode(fromHex('7e4401000385600900101701550100f87e'), DOWN);
    expect(d.issues).toEqual([]);
    expect(at(d.tree, 'jt808.header.serial')).toEqual([11, 12, 1]);
    expect(at(d.tree, 'jt808.response.msg_id')).toEqual([12, 14, 0x5501]);
    expect(at(d.tree, 'jt808.response.result')).toEqual([14, 15, 0]);
  });

  it('xexun2: the acknowledgement of a position frame reads its result byte', () => {
    const d = xexun2.decode(fromHex('faaf0014000c86220505123456700001fffe01faaf'), DOWN);
    expect([d.messageType, d.attributes.result, d.issues]).toEqual(['position ack', 1, []]);
    expect(at(d.tree, 'xexun2.ack')).toEqual([18, 19, 1]);
  });

  it('meitrack: server frames start @@', () => {
    const b = ascii('@@A25,123456789012345,A10*58\r\n@@z27,861451040910625,AAC,1*0B\r\n');
    expect(meitrack.split(b, false, 'down')).toEqual({ frames: [{ start: 0, end: 30 }, { start: 30, end: b.length }], garbage: [], consumed: b.length });
  });

  it('gt06: an empty acknowledgement of an unknown type is a note, not a warning', () => {
    const d = gt06.decode(fromHex('7878051f00b1f9d90d0a'), DOWN);
    expect(d.messageType).toBe('type 0x1f ack');
    expect(d.issues.map((i) => [i.id, i.severity])).toEqual([['gt06.unknown_type', 'info']]);
  });
});
