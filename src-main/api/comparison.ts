/**
 * Types of the firmware A/B comparison (`compareSources`, `trackwire compare`): two sources —
 * capture files, recorder runs, or two devices of one capture — profiled and diffed by protocol
 * and message type. Plain data (JSON as is) and its labels, shared by engine, CLI, UI and the HTML report.
 *
 * Frame numbers (`examples`, `firstId`, …) of a file source are 1-based, in the order Trackwire
 * cuts frames from the file — the numbers the frame list shows when that file is opened alone,
 * and the order of `trackwire decode` output. Those of a source the engine holds (a capture it
 * opened, a device, a session: what the UI compares) are the engine's frame ids, the numbers of
 * its frame list (`SourceInfo.engineFrames`).
 */
import type { Direction } from './contract';

/** A capture file (pcap/pcapng; a recorder run is its pcapng), optionally one device of it. */
export type FileSourceSpec =
  | string
  | {
      file: string;
      /** Only this device's frames (its sessions, including the frames before it identified itself). */
      deviceId?: string;
      /** Cut every flow as this protocol instead of detecting. */
      protocol?: string;
      /** Name shown in reports (default: the file name, plus the device). */
      label?: string;
    };

/**
 * Frames the engine already holds: the sessions of a capture job (`CaptureJob.id`, optionally
 * only one device's), a device's sessions, or one session. Example frames are frame-list ids.
 */
export type EngineSourceSpec =
  | { captureId: string; deviceId?: string; label?: string }
  | { deviceId: string; label?: string }
  | { sessionId: string; label?: string };

export type SourceSpec = FileSourceSpec | EngineSourceSpec;

export interface SourceInfo {
  label: string;
  file: string;
  deviceId: string | null;
  frames: number;
  framesUp: number;
  framesDown: number;
  /** Frames no protocol decodes (garbage, unknown bytes, gaps). */
  undecoded: number;
  protocols: string[];
  /** Devices seen (first MAX listed; `deviceCount` counts all). */
  devices: string[];
  deviceCount: number;
  sessions: number;
  /** Capture times, ms since the epoch (null: no frames). */
  firstTime: number | null;
  lastTime: number | null;
  /** Why reading stopped early (truncated file), if it did. */
  problem?: string;
  /** The frames are the engine's (an EngineSourceSpec): frame numbers are its frame-list ids. */
  engineFrames?: boolean;
}

export type DifferenceKind =
  /** A message type only B sends (as often as it does, A would have shown it). */
  | 'message-type-added'
  /** A message type only A sends. */
  | 'message-type-removed'
  /** A field (by id) only B's frames of the type carry; reported at the topmost new node. */
  | 'field-added'
  | 'field-removed'
  /** A field's value kind (number/string/boolean) or its fixed byte length differs. */
  | 'field-changed'
  /** An enumerated field (its table lists names) takes values on one side the other never shows. */
  | 'enum-values-changed'
  /** A measured field's magnitude changed by a factor of 100 or more (a change of scale or unit). */
  | 'range-changed'
  /** The codec of the message type differs (Teltonika codec 8 / 8E / 16). */
  | 'codec-changed'
  /** The framing variant differs (GT06 7878/7979, JT808 2013/2019, H02 text/binary, TCP/UDP). */
  | 'header-variant-changed'
  /** Checksums present on one side only, or the share of bad checksums differs by half or more. */
  | 'checksum-changed'
  /** The answer the message type gets (or whether it gets one), or what the device sends after an answer, differs. */
  | 'answer-changed'
  /** Median interval between location reports (or heartbeats) per device differs by > 20 % and > 2 s. */
  | 'interval-changed'
  /** Reconnects per device differ by one or more and by a factor of two or more per hour. */
  | 'reconnects-changed';

/** How each kind of difference is named in reports and in the UI. */
export const DIFFERENCE_KIND_LABELS: { readonly [K in DifferenceKind]: string } = {
  'message-type-added': 'message type added',
  'message-type-removed': 'message type removed',
  'field-added': 'field added',
  'field-removed': 'field removed',
  'field-changed': 'field changed',
  'enum-values-changed': 'enum values changed',
  'range-changed': 'range changed',
  'codec-changed': 'codec changed',
  'header-variant-changed': 'header variant changed',
  'checksum-changed': 'checksum changed',
  'answer-changed': 'answer changed',
  'interval-changed': 'interval changed',
  'reconnects-changed': 'reconnects changed',
};

export interface Difference {
  kind: DifferenceKind;
  protocol: string;
  direction: Direction;
  /** The message type, or for timing `location reports` / `heartbeats`, for reconnects `sessions`. */
  messageType: string;
  fieldId?: string;
  /** What A shows, in words (`codec 8`, `absent`, `1 byte`, `median 10 s`). */
  a: string;
  b: string;
  /** Example frame numbers on each side (empty where a side has none of them). */
  examples: { a: number[]; b: number[] };
  /** Consequences folded into this difference (field widths a codec change implies). */
  details?: string[];
}

export interface Histogram {
  /** Upper bucket edges in ms (the last bucket is open: ≥ the previous edge). */
  edgesMs: number[];
  counts: number[];
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface TimingRow {
  protocol: string;
  /** `location reports` or `heartbeats`. */
  what: string;
  a: Histogram;
  b: Histogram;
}

export interface MessageTypeSide {
  count: number;
  /** Share of the side's frames in this direction, 0..1. */
  share: number;
  firstTime: number;
  lastTime: number;
  firstId: number;
  lastId: number;
}

export interface MessageTypeRow {
  protocol: string;
  direction: Direction;
  messageType: string;
  a: MessageTypeSide | null;
  b: MessageTypeSide | null;
}

export interface FieldSide {
  /** Frames of the type that carry the field, and how many times it occurs in them. */
  frames: number;
  occurrences: number;
  kinds: string[];
  /** Byte lengths seen (at most 16; `variable` when more). */
  lengths: number[];
  variableLength: boolean;
  min: number | null;
  max: number | null;
  /** Enumerated fields: values seen (at most 32). */
  values?: string[];
  example: number;
}

export interface FieldRow {
  protocol: string;
  direction: Direction;
  messageType: string;
  fieldId: string;
  type?: string;
  unit?: string;
  a: FieldSide | null;
  b: FieldSide | null;
}

export interface ReconnectSide {
  devices: number;
  sessions: number;
  /** Sessions beyond the first, per device. */
  reconnectsPerDevice: number;
  /** Hours between each device's first and last frame, summed. */
  deviceHours: number;
}

export interface Comparison {
  a: SourceInfo;
  b: SourceInfo;
  differences: Difference[];
  messageTypes: MessageTypeRow[];
  fields: FieldRow[];
  timing: TimingRow[];
  reconnects: Array<{ protocol: string; a: ReconnectSide | null; b: ReconnectSide | null }>;
  /** The thresholds the differences were judged by (documented in compare.ts). */
  thresholds: Record<string, number>;
  generatedAt: string;
}
