/**
 * `trackwire decode-hex`: hex in, one JSON record per input line out. Each line is a frame or a
 * TCP chunk; with `stream` all lines are consecutive chunks of one TCP stream, so a frame may
 * span lines and the session's context (the IMEI of a login) carries over.
 */
import { fromHex, toHex } from '../../parsers/core/bytes';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import type { Candidate, DecodedFrame, FieldNode } from '../../parsers/core/types';
import { UserError } from './errors';
import { decodeWith } from './frames';
import { StreamCutter, type Piece } from './stream';

export interface DecodeHexOptions {
  protocol?: string;
  transport: 'tcp' | 'udp';
  stream: boolean;
  tree: boolean;
}

export interface HexPosition {
  time: string;
  valid: boolean;
  lat: number;
  lon: number;
  speedKnots: number | null;
  course: number | null;
  altitude: number | null;
}

export interface HexFrame {
  protocol: string | null;
  messageType: string;
  deviceId: string | null;
  /** Offsets in the line (or, with --stream, in the whole stream). */
  start: number;
  end: number;
  positions: HexPosition[];
  attributes: DecodedFrame['attributes'];
  issues: { id: string; severity: string; message: string }[];
  tree?: FieldNode[];
}

export type HexRecord =
  | { line: number; candidates: Pick<Candidate, 'protocol' | 'score' | 'evidence'>[]; frames: HexFrame[]; rest: string }
  | { line: number; error: string };

/** Read one line of hex: spaces, colons, tabs and a leading 0x are allowed. */
export function parseHexLine(text: string): Uint8Array {
  const clean = text.trim().replace(/^0x/i, '').replace(/[\s:]+/g, '');
  try {
    return fromHex(clean);
  } catch (e) {
    throw new UserError(`cannot read hex: ${(e as Error).message}`);
  }
}

export class HexDecoder {
  private cutter: StreamCutter;
  private deviceId: string | undefined;

  constructor(private readonly opts: DecodeHexOptions) {
    if (opts.protocol && !getProtocol(opts.protocol)) {
      throw new UserError(`unknown protocol '${opts.protocol}'; known: ${PROTOCOLS.map((p) => p.id).join(', ')}`);
    }
    this.cutter = this.newCutter();
  }

  private newCutter(): StreamCutter {
    return new StreamCutter({ transport: this.opts.transport, protocol: this.opts.protocol });
  }

  /** The record for one input line (1-based `n`), or null for a blank or `#` comment line. */
  line(text: string, n: number): HexRecord | null {
    if (!text.trim() || text.trim().startsWith('#')) return null;
    let bytes: Uint8Array;
    try {
      bytes = parseHexLine(text);
    } catch (e) {
      return { line: n, error: (e as Error).message };
    }
    if (!this.opts.stream) {
      this.cutter = this.newCutter();
      this.deviceId = undefined;
    }
    const c = this.cutter;
    let pieces: Piece[];
    let rest: Uint8Array;
    if (this.opts.transport === 'udp') {
      pieces = c.datagram(bytes);
      rest = c.held;
    } else {
      pieces = c.push(bytes, !this.opts.stream);
      rest = c.held;
      // One line, nothing cut as a frame, a protocol known: the line is one frame whose framing
      // is missing or broken; decode it whole so its problems show as issues.
      if (!this.opts.stream && c.protocol && !pieces.some((p) => p.kind === 'frame')) {
        pieces = [{ kind: 'frame', start: 0, end: bytes.length, bytes }];
        rest = new Uint8Array(0);
      }
    }
    return this.record(n, c, pieces, rest);
  }

  /**
   * End of input in stream mode: bytes still held (too few to detect on, or a partial frame)
   * come out in one last record for line `n`, marked `final`; null when nothing is held.
   */
  finish(n: number): (HexRecord & { final: true }) | null {
    const c = this.cutter;
    if (!this.opts.stream || !c.held.length) return null;
    const pieces = c.protocol ? [] : c.push(new Uint8Array(0), true);
    return { ...this.record(n, c, pieces, c.held), final: true };
  }

  private record(n: number, c: StreamCutter, pieces: Piece[], rest: Uint8Array): HexRecord {
    return {
      line: n,
      candidates: c.candidates.map((k) => ({ protocol: k.protocol, score: k.score, evidence: k.evidence })),
      frames: pieces.map((p) => this.frame(c.protocol, p)),
      rest: toHex(rest),
    };
  }

  private frame(protocol: string | null, p: Piece): HexFrame {
    const undecoded = p.kind === 'frame' ? undefined : p.reason ?? 'undecoded bytes';
    const d = decodeWith(protocol, p.bytes, { transport: this.opts.transport, direction: 'up', deviceId: this.deviceId }, undecoded);
    if (d.deviceId && !undecoded) this.deviceId = d.deviceId;
    const out: HexFrame = {
      protocol: undecoded ? null : d.protocol,
      messageType: d.messageType,
      deviceId: d.deviceId ?? this.deviceId ?? null,
      start: p.start,
      end: p.end,
      positions: d.positions.map((q) => ({ time: q.time, valid: q.valid, lat: q.lat, lon: q.lon, speedKnots: q.speedKnots ?? null, course: q.course ?? null, altitude: q.altitude ?? null })),
      attributes: d.attributes,
      issues: d.issues.map((i) => ({ id: i.id, severity: i.severity, message: i.message })),
    };
    if (this.opts.tree) out.tree = d.tree;
    return out;
  }
}
