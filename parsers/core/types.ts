/** Shared types of the protocol library: field tree, issues, detection, splitting, descriptors. */
import type { ProtocolCommands } from './commands';

/**
 * The four groups every decoding problem falls into, plus `lint`: GPS and time checks on what a
 * well-formed frame says (a valid fix at 0/0, a 1970 timestamp; see core/lint.ts).
 */
export type IssueGroup = 'malformed' | 'checksum' | 'protocol' | 'undecoded' | 'lint';
export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  /** Stable id, e.g. `gt06.checksum_incorrect`. */
  id: string;
  group: IssueGroup;
  severity: Severity;
  message: string;
}

export type FieldValue = number | string | boolean | null;

/** One node of a decoded frame; `[start, end)` are absolute offsets into the frame's wire bytes. */
export interface FieldNode {
  /** Dotted, stable id (`gt06.login.imei`): what filters, compare and exports use. */
  id: string;
  label: string;
  start: number;
  end: number;
  value?: FieldValue;
  /** Human display of the value (units, enum names). */
  display?: string;
  /** Computed by the decoder rather than read from the wire (e.g. a computed checksum). */
  generated?: boolean;
  children?: FieldNode[];
  issues?: Issue[];
}

/** One fix, normalised across protocols (units follow the corpus: speed in knots). */
export interface Position {
  /** ISO-8601 UTC, e.g. `2015-10-20T14:21:11.000Z`. */
  time: string;
  /** The device says the fix is valid (GPS positioned / `A`). */
  valid: boolean;
  /** Degrees, south negative. */
  lat: number;
  /** Degrees, west negative. */
  lon: number;
  /** Knots (1 knot = 1.852 km/h). */
  speedKnots?: number;
  /** Degrees from north. */
  course?: number;
  /** Metres. */
  altitude?: number;
  satellites?: number;
}

/** What `decode` returns: the tree plus the normalised record other layers use. */
export interface DecodedFrame {
  protocol: string;
  /** Short name of the message type, e.g. `login`, `location`. */
  messageType: string;
  /** Numeric/hex code of the message type as shown on the wire, when the protocol has one. */
  messageCode?: string;
  deviceId?: string;
  /** Fixes in the frame, in wire order (batch and multi-record frames carry several). */
  positions: Position[];
  /** Decoded attribute values keyed by the corpus' common names (alarm, ignition, power, …). */
  attributes: Record<string, FieldValue>;
  tree: FieldNode[];
  /** All issues in the tree, flattened, for counting and filtering. */
  issues: Issue[];
  /** One-line summary for the frame list. */
  summary: string;
}

export interface Evidence {
  /** Human text: `header 7878`, `CRC-16/X-25 ok`. */
  text: string;
  /** Positive for evidence for, negative against. */
  weight: number;
}

export interface DetectResult {
  /** 0..1 */
  score: number;
  evidence: Evidence[];
}

export interface Candidate extends DetectResult {
  protocol: string;
  name: string;
}

export interface DetectContext {
  transport: 'tcp' | 'udp';
  /** Port the bytes arrived on (a hint only). */
  port?: number;
}

/** A whole frame cut from a stream, offsets relative to the buffer given to `split`. */
export interface FrameSpan {
  start: number;
  end: number;
}

export interface SplitResult {
  frames: FrameSpan[];
  /** Bytes skipped while resynchronising (shown as undecoded). */
  garbage: FrameSpan[];
  /** How many bytes of the buffer are used up (frames and garbage); the rest waits for more. */
  consumed: number;
}

export interface DecodeContext {
  transport: 'tcp' | 'udp';
  direction: 'up' | 'down';
  /** Device id learnt earlier in the session (e.g. the IMEI of a login), for frames that omit it. */
  deviceId?: string;
}

export interface ProtocolDescriptor {
  id: string;
  name: string;
  transports: ReadonlyArray<'tcp' | 'udp'>;
  defaultPort: number;
  /** Score the first bytes of a stream or a datagram. Never throws. */
  detect(bytes: Uint8Array, ctx: DetectContext): DetectResult;
  /**
   * Cut whole frames out of a stream buffer. Never throws. `final` says no more bytes are coming
   * for now (end of stream, a datagram, an idle link): a frame whose end is ambiguous only because
   * the buffer ends there (H02 binary: 32 or 45 bytes, no length field) is then cut; without it
   * the splitter may wait. `direction` is 'down' for a server's bytes to the device (answers and
   * commands, framed differently in some protocols); 'up' when not given.
   */
  split(buffer: Uint8Array, final?: boolean, direction?: 'up' | 'down'): SplitResult;
  /** Decode one frame into a field tree. Never throws. */
  decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame;
  /** The bytes a real server answers, or null when none is due. */
  respond(frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null;
  /**
   * The frame with transport escaping undone (JT808 `7d` escapes, GoSafe `1b` stuffing), as
   * other tools' frame decoders hand it on; absent where the wire form is already plain.
   */
  plain?(frame: Uint8Array): Uint8Array;
  /** The typed downlink commands and their encoder (absent: none known). */
  commands?: ProtocolCommands;
  /**
   * Minutes east of UTC the protocol's wire times are in (JT/T 808: +480, Beijing time); `decode`
   * already converts them to UTC. Absent: UTC.
   */
  clockOffsetMinutes?: number;
}
