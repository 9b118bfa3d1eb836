/** What a simulated protocol provides: its frames, the answers they await, how answers are cut. */
import type { Fix } from '../route';

export type Transport = 'tcp' | 'udp';
export type FrameKind = 'login' | 'auth' | 'position' | 'heartbeat' | 'extra';

/** The answer a frame awaits. */
export interface Expected {
  /** The exact answer bytes (GT06 acks, H02 echoes, GoSafe `1234`, Teltonika `01`): matched byte for byte. */
  bytes?: Uint8Array;
  /** For answers matched by their fields (JT808): the answer's message id … */
  code?: number;
  /** … the serial number of the frame answered … */
  serial?: number;
  /** … and the message id of the frame answered. */
  ref?: number;
}

/** One frame a device sends, and the answer it awaits (null: none is due). */
export interface OutFrame {
  kind: FrameKind;
  bytes: Uint8Array;
  expect: Expected | null;
}

/** Frame-format settings that tell two firmware versions apart (`--variant`), for A/B comparisons. */
export interface SimVariant {
  /** Teltonika: the AVL codec of position packets (default `8`). */
  codec?: '8' | '8E';
  /** One more field in every position (Teltonika: IO 113 battery level). */
  extraField?: boolean;
  /** One more message type, sent with every heartbeat (GT06: 0x94 external power voltage, unanswered). */
  extraMessage?: boolean;
}

/** The per-device state frame builders read and advance. */
export interface SimDevice {
  /** 0-based index in the fleet. */
  readonly n: number;
  /** The firmware variant the frames follow (absent: the default format). */
  readonly variant?: SimVariant;
  /** The identity the frames carry (IMEI, phone, id). */
  readonly id: string;
  readonly transport: Transport;
  /** Next message serial number, for protocols that carry one (wraps at 16 bits). */
  serial: number;
}

export interface SimProtocol {
  id: string;
  transports: readonly Transport[];
  /** The serial number of a device's first frame (default 0). */
  firstSerial?: number;
  /** The identity of device `n`. */
  deviceId(n: number): string;
  /** The variant settings this protocol supports (others are refused). */
  variants?: ReadonlyArray<keyof SimVariant>;
  /** Frames sent first: on connecting (TCP) or before the first position (UDP). */
  login(d: SimDevice, now: Date): OutFrame[];
  position(d: SimDevice, fix: Fix): OutFrame;
  /** The keep-alive, or null for a protocol/transport without one. */
  heartbeat(d: SimDevice, now: Date): OutFrame | null;
  /** The variant's extra message type (`extraMessage`), sent with every heartbeat. */
  extra?(d: SimDevice, now: Date): OutFrame | null;
  /**
   * How answers are cut from a TCP stream: by the protocol's own splitter, or by the length of the
   * answer awaited next (answers no uplink splitter knows: `1234`, `01`, `LOAD`).
   */
  answers: 'split' | 'expected';
  /** Whether `answer` is the one `e` awaits; default: the same bytes. */
  matches?(e: Expected, answer: Uint8Array, d: SimDevice): boolean;
  /** For an answer that matched: what it refuses or reports as failed, or null when all is well. */
  problem?(answer: Uint8Array, d: SimDevice): string | null;
  /** A frame the device sends on receiving `answer` (JT808: authentication after registration). */
  followUp?(d: SimDevice, answer: Uint8Array, e: Expected): OutFrame | null;
}

/** The serial number to use now; advances the device's counter. */
export function nextSerial(d: SimDevice): number {
  const s = d.serial;
  d.serial = (s + 1) & 0xffff;
  return s;
}

/** ASCII bytes of a string (one byte per char). */
export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** Two decimal digits. */
export const d2 = (v: number): string => (v < 10 ? `0${v}` : String(v));

/** `ddmm.mmmm` (or `dddmm.mmmm` with `degDigits` 3) of |deg|, minutes with `decimals` places. */
export function nmeaCoord(deg: number, degDigits: 2 | 3, decimals = 4): string {
  const a = Math.abs(deg);
  let whole = Math.floor(a);
  let min = Number(((a - whole) * 60).toFixed(decimals));
  if (min >= 60) {
    whole += 1;
    min -= 60;
  }
  return String(whole).padStart(degDigits, '0') + min.toFixed(decimals).padStart(3 + decimals, '0');
}

/** One BCD byte of a value 0..99. */
export const bcd = (v: number): number => ((Math.floor(v / 10) % 10) << 4) | v % 10;

/** Packed BCD of a digit string (even length). */
export function bcdBytes(digits: string): Uint8Array {
  const out = new Uint8Array(digits.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = ((digits.charCodeAt(2 * i) - 48) << 4) | (digits.charCodeAt(2 * i + 1) - 48);
  return out;
}
