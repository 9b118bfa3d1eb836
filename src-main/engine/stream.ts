/**
 * Cutting one TCP stream (or one UDP source's datagrams) into frames: detection locked per
 * session from the first bytes, the protocol's splitter, garbage and overflow shown as undecoded
 * pieces. Pure (no sockets, no timers): the listener, the capture reader and `decode-hex --stream`
 * all drive it.
 */
import { concatBytes } from '../../parsers/core/bytes';
import { detect, winner } from '../../parsers/core/detector';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import type { Candidate, ProtocolDescriptor } from '../../parsers/core/types';

/** Bytes of a new stream the detector may wait for before it decides on what it has. */
export const DETECT_WINDOW = 64;
/** How long undetectable bytes wait for more before they are shown as undecoded. */
export const DETECT_WAIT_MS = 500;
/** Quiet time after which held bytes are treated as all there is for now (see `idle`). */
export const IDLE_MS = 300;
/** Most bytes held while waiting for the end of a frame; beyond it they are shown and dropped. */
export const MAX_PENDING = 64 * 1024;

export interface Piece {
  /** `frame`: cut by the splitter; anything else is shown as undecoded bytes with `reason`. */
  kind: 'frame' | 'garbage' | 'unknown' | 'overflow' | 'incomplete';
  /** Offsets in the stream (bytes since the session began). */
  start: number;
  end: number;
  bytes: Uint8Array;
  reason?: string;
}

export interface StreamOptions {
  transport: 'tcp' | 'udp';
  /** Local port the bytes arrived on (a detection hint). */
  port?: number;
  /** Decode as this protocol instead of detecting (the user's override). */
  protocol?: string;
  /** Unframed bytes held before they are flagged and dropped (default MAX_PENDING). */
  maxPending?: number;
  /** Which way the bytes go (server answers are framed apart from device frames); up unless given. */
  direction?: 'up' | 'down';
}

export class StreamCutter {
  protocol: string | null = null;
  candidates: Candidate[] = [];
  /** Whether the protocol was forced rather than detected. */
  forced: boolean;
  /** Whether the candidates have been computed (a forced protocol still shows them once). */
  private detected = false;
  private pending: Uint8Array = new Uint8Array(0);
  /** Stream offset of pending[0]. */
  private offset = 0;

  constructor(private readonly opts: StreamOptions) {
    const forced = opts.protocol ? getProtocol(opts.protocol) : undefined;
    this.forced = !!forced;
    if (forced) this.protocol = forced.id;
  }

  /**
   * The user's override: decode the rest of this stream as `protocol`, or go back to detection
   * with null. Held bytes are cut again under the new choice; pieces already returned stay.
   */
  override(protocol: string | null): Piece[] {
    if (protocol && !getProtocol(protocol)) throw new Error(`unknown protocol '${protocol}'`);
    this.forced = !!protocol;
    this.protocol = protocol;
    const held = this.pending;
    this.pending = new Uint8Array(0);
    return held.length ? this.push(held) : [];
  }

  /** Bytes held back, waiting for more (a partial frame, or too few to detect). */
  get held(): Uint8Array {
    return this.pending;
  }

  /** Stream offset of the held bytes. */
  get heldAt(): number {
    return this.offset;
  }

  /** Rank the protocols for these first bytes; lock the top one when it is sure enough or `final`. */
  private detectOn(bytes: Uint8Array, final: boolean): void {
    this.candidates = detect(bytes, { transport: this.opts.transport, port: this.opts.port }, PROTOCOLS);
    this.detected = true;
    const top = winner(this.candidates);
    if (!this.protocol && top && (top.score >= 0.5 || final)) this.protocol = top.protocol;
  }

  /**
   * Add stream bytes and return the pieces now whole. While the protocol is unknown and fewer
   * than DETECT_WINDOW bytes have arrived, nothing comes out (`waiting` is then true) unless
   * `last` says no more bytes will come, which makes detection decide on what it has.
   */
  push(chunk: Uint8Array, last = false): Piece[] {
    this.pending = this.pending.length ? concatBytes(this.pending, chunk) : chunk.slice();
    if (!this.protocol || !this.detected) {
      this.detectOn(this.pending, last || this.pending.length >= DETECT_WINDOW);
      if (!this.protocol) {
        if (this.pending.length >= DETECT_WINDOW) return this.flushUndetected();
        return [];
      }
    }
    const p = getProtocol(this.protocol)!;
    const out = this.cut(p, this.pending, last);
    const max = this.opts.maxPending ?? MAX_PENDING;
    if (this.pending.length > max) {
      out.push(this.take(this.pending.length, 'overflow', `more than ${max} bytes without a whole ${p.id} frame: dropped and resynchronising`));
    }
    return out;
  }

  /** Whether bytes are held only because the protocol is not known yet. */
  get waiting(): boolean {
    return !this.protocol && this.pending.length > 0;
  }

  /** Give up waiting for detection: the held bytes come out as one unknown piece. */
  flushUndetected(): Piece[] {
    if (!this.pending.length || this.protocol) return [];
    return [this.take(this.pending.length, 'unknown', 'no protocol detected for these bytes')];
  }

  /**
   * The link went quiet: frames whose end was ambiguous only because the buffer ended there are
   * cut now (the listener calls this after IDLE_MS without bytes).
   */
  idle(): Piece[] {
    if (!this.protocol || !this.pending.length) return [];
    return this.cut(getProtocol(this.protocol)!, this.pending, true);
  }

  /** The stream ended: ambiguous frames are cut, whatever is left comes out as an incomplete piece. */
  end(): Piece[] {
    const out = this.idle();
    if (!this.pending.length) return out;
    out.push(this.take(this.pending.length, this.protocol ? 'incomplete' : 'unknown', this.protocol ? 'connection closed before the frame was complete' : 'no protocol detected for these bytes'));
    return out;
  }

  /** One UDP datagram: whole by definition; frames inside are cut, the rest shown undecoded. */
  datagram(bytes: Uint8Array): Piece[] {
    if (!this.protocol || !this.detected) this.detectOn(bytes, true);
    this.pending = bytes.slice();
    if (!this.protocol) return [this.take(bytes.length, 'unknown', 'no protocol detected for this datagram')];
    const out = this.cut(getProtocol(this.protocol)!, this.pending, true);
    if (this.pending.length) {
      // A datagram the splitter cut nothing from is still one frame (many UDP protocols have no framing).
      const kind = out.length ? 'incomplete' : 'frame';
      out.push(this.take(this.pending.length, kind, kind === 'frame' ? undefined : 'incomplete frame at the end of the datagram'));
    }
    return out;
  }

  private cut(p: ProtocolDescriptor, buf: Uint8Array, final: boolean): Piece[] {
    let r;
    try {
      r = p.split(buf, final, this.opts.direction ?? 'up');
    } catch (e) {
      return [this.take(buf.length, 'garbage', `${p.id} splitter failed: ${(e as Error).message}`)];
    }
    const spans = [...r.frames.map((f) => ({ ...f, frame: true })), ...r.garbage.map((g) => ({ ...g, frame: false }))].sort((a, b) => a.start - b.start);
    const out: Piece[] = [];
    for (const sp of spans) {
      if (sp.end <= sp.start || sp.end > buf.length) continue;
      out.push({
        kind: sp.frame ? 'frame' : 'garbage',
        start: this.offset + sp.start,
        end: this.offset + sp.end,
        bytes: buf.slice(sp.start, sp.end),
        reason: sp.frame ? undefined : `bytes between ${p.id} frames (resynchronised)`,
      });
    }
    const consumed = Math.min(Math.max(0, r.consumed), buf.length);
    this.pending = buf.slice(consumed);
    this.offset += consumed;
    return out;
  }

  /** Take `n` held bytes out as one piece. */
  private take(n: number, kind: Piece['kind'], reason?: string): Piece {
    const piece: Piece = { kind, start: this.offset, end: this.offset + n, bytes: this.pending.slice(0, n), reason };
    this.pending = this.pending.slice(n);
    this.offset += n;
    return piece;
  }
}
