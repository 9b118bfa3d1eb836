/**
 * The one typed contract between the UI and the engine. Implemented twice: Electron IPC
 * (src-main/electron) and HTTP + WebSocket (src-main/web). Types and constants only: no Node,
 * no Electron, no DOM, so the renderer imports it as well.
 */
import type { Candidate, FieldNode, Issue, Position } from '../../parsers/core/types';
import type { CommandDef } from '../../parsers/core/commands';
import type { Comparison, SourceSpec } from './comparison';

export type Direction = 'up' | 'down';
export type Transport = 'tcp' | 'udp';

/** One row of the frame list: small, kept for every frame. */
export interface FrameSummary {
  /** 1-based frame number. */
  id: number;
  /** Arrival time, ms since the epoch. */
  time: number;
  sessionId: string;
  transport: Transport;
  /** Remote address of the device, `host:port`. */
  source: string;
  /** Local address it arrived on, `host:port`. */
  local: string;
  direction: Direction;
  protocol: string | null;
  messageType: string;
  deviceId: string | null;
  length: number;
  issueCount: number;
  /** Highest severity among the frame's issues. */
  severity: 'error' | 'warning' | 'info' | null;
  summary: string;
}

/** What Find (Ctrl+F) looks for: text in the columns, bytes given as hex, or a display filter. */
export type FindMode = 'text' | 'hex' | 'filter';

/** Everything about one frame, decoded on demand. */
export interface FrameDetail extends FrameSummary {
  /** The frame's wire bytes, lowercase hex. */
  hex: string;
  tree: FieldNode[];
  issues: Issue[];
  candidates: Candidate[];
  positions: Position[];
}

export interface ListenerStatus {
  transport: Transport;
  host: string;
  port: number;
  state: 'listening' | 'error' | 'closed';
  error?: string;
}

/** How the listener answers devices: like a server, not at all, late, or with a broken checksum. */
export type ResponderMode = 'answer' | 'silent' | 'delay' | 'corrupt';

export interface ResponderSetting {
  mode: ResponderMode;
  /** For `delay`: milliseconds before each answer is sent. */
  delayMs?: number;
}

/** One device connection (TCP) or UDP source, with its counters. */
export interface SessionInfo {
  id: string;
  transport: Transport;
  /** Device address, `host:port`. */
  source: string;
  local: string;
  state: 'open' | 'closed';
  /** Why it closed (device closed, idle timeout, limit, upstream down…). */
  closeReason?: string;
  protocol: string | null;
  /** The user chose the protocol ("decode as") instead of detection. */
  protocolForced: boolean;
  deviceId: string | null;
  openedAt: number;
  closedAt: number | null;
  lastSeen: number;
  framesUp: number;
  framesDown: number;
  bytesUp: number;
  bytesDown: number;
  issues: number;
  /** Answers the responder sent. */
  answers: number;
  /** The session's own responder setting, or null when it follows the global one. */
  responder: ResponderSetting | null;
  /** Proxy mode: the upstream server this session relays to. */
  upstream: { address: string; state: 'connecting' | 'connected' | 'error' | 'closed'; error?: string } | null;
}

/** A device as learnt from its frames, across reconnects. */
export interface DeviceInfo {
  deviceId: string;
  protocol: string | null;
  /** Its sessions, oldest first. */
  sessions: string[];
  online: boolean;
  firstSeen: number;
  lastSeen: number;
  frames: number;
  /** The device clock inferred from its fixes' times against their arrival (absent: no fix with a time yet). */
  clock?: DeviceClock;
}

/** A device clock as inferred from its fixes: `device clock ≈ UTC+8 (likely configured GMT+8)`. */
export interface DeviceClock {
  /** Minutes east of UTC the device clock shows on the wire. */
  offsetMinutes: number;
  text: string;
  /** Fixes the median offset is taken over. */
  samples: number;
}

/** One item of a validation checklist, with the frames that show it. */
export interface ValidationCheck {
  id: 'connects' | 'protocol' | 'answers' | 'interval' | 'positions' | 'clock' | 'frames' | 'commands';
  title: string;
  status: 'pass' | 'fail' | 'warn' | 'n/a';
  /** One or two sentences: what was found, with numbers. */
  detail: string;
  /** Frame ids that show the result (the bad frames when it fails; the first good one when it passes). */
  evidenceFrameIds: number[];
}

/** A device's validation run (a live session or a capture): the checklist and its numbers. */
export interface ValidationReport {
  device: string;
  protocol: string | null;
  /** Fail when any check fails; warnings do not fail. */
  verdict: 'pass' | 'fail';
  checks: ValidationCheck[];
  stats: {
    sessions: number;
    framesUp: number;
    framesDown: number;
    /** Arrival of the first and last frame, ms since the epoch (null: no frames). */
    from: number | null;
    to: number | null;
    positions: number;
    validPositions: number;
    /** Seconds between consecutive position reports: median, 10th and 90th percentile (null: fewer than two). */
    intervalSec: { median: number | null; p10: number | null; p90: number | null; count: number };
    /** The range the interval check used, seconds. */
    expectedIntervalSec: { min: number; max: number };
    /** Report intervals per bucket (`fromSec` ≤ interval < `toSec`; null: no upper bound), for the histogram. */
    intervalHistogram: Array<{ label: string; count: number; fromSec: number; toSec: number | null }>;
    clock: DeviceClock | null;
    /** Frames with malformed or checksum issues. */
    badFrames: number;
    /** Issue counts by id (lint and decoding). */
    issues: Record<string, number>;
    commands: { sent: number; acknowledged: number };
  };
  /** When it was made, ms since the epoch. */
  generatedAt: number;
  /** The self-contained HTML report, when asked for with `html: true`. */
  html?: string;
}

export interface RecorderStatus {
  state: 'recording' | 'stopped' | 'off';
  /** The pcapng file of this run. */
  path: string | null;
  /** Why recording stopped (disk full, folder not writable…). */
  message?: string;
  packets: number;
  bytes: number;
}

export interface EngineLimits {
  maxConnections: number;
  /** Unframed bytes held per connection before they are flagged and dropped. */
  maxPendingBytes: number;
  /** Seconds without bytes before a session is closed (0: never). */
  idleTimeoutSec: number;
  maxDatagramBytes: number;
}

export interface EngineStatus {
  version: string;
  listeners: ListenerStatus[];
  frameCount: number;
  sessionCount: number;
  deviceCount: number;
  responder: ResponderSetting;
  recorder: RecorderStatus;
  limits: EngineLimits;
  /** What the limits did: connections refused, bytes dropped, oversized datagrams, idle closes. */
  limitEvents: { rejectedConnections: number; droppedBytes: number; oversizedDatagrams: number; idleClosed: number; last?: string };
  /** A display filter being worked out (it decodes every frame): how far it got; absent when none is. */
  filtering?: { filter: string; tested: number; of: number };
  /** Proxy mode: the default upstream, `host:port`. */
  upstream: string | null;
}

/** A capture being read from a file, or taken live from an interface. */
export interface CaptureJob {
  id: string;
  kind: 'file' | 'live';
  /** The file path, or `interface (filter)`. */
  source: string;
  state: 'reading' | 'capturing' | 'done' | 'cancelled' | 'stopped' | 'error';
  bytesRead: number;
  totalBytes: number;
  packets: number;
  frames: number;
  flows: number;
  /** Flows that are not tracker traffic (the first 100), with ports and byte counts. */
  nonTrackerFlows: Array<{ flow: string; transport: Transport; packets: number; bytes: number; firstBytesHex: string }>;
  gaps: number;
  missingBytes: number;
  /** A damaged file: where reading stopped and why (everything before it was loaded). */
  stoppedAt?: number;
  reason?: string;
  /** Flows read as a protocol the user chose, by `captureFlowKey` (Decode as), when any. */
  flowProtocols?: Record<string, string>;
}

/** A capture flow's key for `flowProtocols`: the device's and the server's address. */
export function captureFlowKey(client: string, server: string): string {
  return `${client}>${server}`;
}

/** A capture file opened before (the engine keeps the last 10, most recent first). */
export interface RecentCapture {
  path: string;
  /** The file's name (an upload keeps the name it had on the user's machine). */
  name: string;
  /** When it was last opened, ms since the epoch. */
  openedAt: number;
  /** Whether the file is still there (checked when the list is read). */
  exists: boolean;
  sizeBytes: number | null;
}

export interface CaptureInterface {
  name: string;
  description: string;
  addresses: string[];
}

/** A downlink command and where it is in its life cycle. */
export interface CommandRecord {
  id: number;
  protocol: string;
  type: string;
  label: string;
  attributes: Record<string, unknown>;
  variant?: string;
  deviceId: string;
  /** The session it was sent on (null while queued). */
  sessionId: string | null;
  state: 'queued' | 'sent' | 'acknowledged' | 'answered' | 'failed' | 'expired' | 'cancelled';
  createdAt: number;
  /** Queued commands are never sent after this. */
  expiresAt: number;
  sentAt: number | null;
  repliedAt: number | null;
  /** The bytes sent, lowercase hex. */
  hex: string | null;
  serial: number | null;
  /** The downlink frame in the frame list, and the device's reply frame. */
  frameId: number | null;
  replyFrameId: number | null;
  reply: string | null;
}

/** A saved command document, per protocol. */
export interface CommandTemplate {
  name: string;
  protocol: string;
  type: string;
  attributes?: Record<string, unknown>;
  variant?: string;
}

export interface CommandRequest {
  /** A connected session, or a device id (then queued until it connects). */
  sessionId?: string;
  deviceId?: string;
  /** Defaults to the session's protocol. */
  protocol?: string;
  type: string;
  attributes?: Record<string, unknown>;
  variant?: string;
  /** Seconds a queued command waits for its device (default 3600). */
  expiresInSec?: number;
  /** Needed for commands that immobilise a vehicle. */
  confirmed?: boolean;
}

/** One point of a device's track (see `listPositions`). */
export interface TrackPoint {
  /** The frame the position came from. */
  frameId: number;
  /** The device's fix time when it sent one, else the frame's arrival; ms since the epoch. */
  time: number;
  /** Degrees, south negative. */
  latitude: number;
  /** Degrees, west negative. */
  longitude: number;
  speedKmh: number | null;
  /** Degrees from north. */
  course: number | null;
  /** The device says the fix is valid. */
  valid: boolean;
}

/** Pushes from the engine to the UI. */
export type EngineEvent =
  /**
   * New frames. `total` is how many frames the engine holds after them. When frames arrive faster
   * than a window can show them (a capture being read), only the newest are pushed and `total`
   * says how many there are: lists page the rest in with listFrames.
   */
  | { type: 'frames'; frames: FrameSummary[]; total?: number }
  | { type: 'status'; status: EngineStatus }
  | { type: 'sessions'; sessions: SessionInfo[] }
  | { type: 'capture'; job: CaptureJob }
  | { type: 'commands'; commands: CommandRecord[] };

/** Requests from the UI to the engine: name → [argument, result]. */
export interface ApiRequests {
  getStatus: [void, EngineStatus];
  /** Frames by number; with `sessionId` or `deviceId`, `from` counts within that session/device's frames. */
  /** `filter` is a display filter (parsers/core/display-filter.ts); an invalid one is refused with its position. */
  listFrames: [{ from: number; count: number; sessionId?: string; deviceId?: string; filter?: string }, FrameSummary[]];
  /** How many frames a filter matches (for the list's scroll range). */
  countFrames: [{ sessionId?: string; deviceId?: string; filter?: string }, number];
  getFrame: [{ id: number }, FrameDetail | null];
  /** Where a frame sits in the list of these filters: its 0-based position, or -1 when they hide it. */
  locateFrame: [{ id: number; sessionId?: string; deviceId?: string; filter?: string }, number];
  /**
   * Find (Ctrl+F): the next frame after `from` (a frame id; before it when `backwards`) among the
   * list's frames that matches — `text` in its columns and summary, `hex` in its bytes, or a
   * display `filter` — wrapping around once; null when none does.
   */
  findFrame: [{ from: number; mode: FindMode; query: string; backwards?: boolean; sessionId?: string; deviceId?: string; filter?: string }, number | null];
  /** Override detection for one live session (null: detect again); applies to bytes from now on. */
  setSessionProtocol: [{ sessionId: string; protocol: string | null }, { sessionId: string; protocol: string | null }];
  listSessions: [void, SessionInfo[]];
  listDevices: [void, DeviceInfo[]];
  /** The global responder (no sessionId) or one session's (mode null: follow the global one). */
  setResponder: [{ sessionId?: string; mode: ResponderMode | null; delayMs?: number }, ResponderSetting | null];
  /** Show the recording in the file manager (desktop); returns its path either way. */
  openRecordingFolder: [void, { path: string | null; opened: boolean }];
  /** Read a pcap/pcapng file on the engine's machine; frames appear as they are read. */
  /**
   * `protocol` decodes every flow as it; `flowProtocols` some flows only ("Decode as" on a
   * capture's session), by `client>server` address (`captureFlowKey`).
   */
  openCapture: [{ path: string; protocol?: string; flowProtocols?: Record<string, string> }, CaptureJob];
  /** Desktop: pick a capture file in a dialog and open it (null when the dialog was cancelled). */
  chooseCapture: [void, CaptureJob | null];
  cancelCapture: [{ id: string }, CaptureJob | null];
  listCaptures: [void, CaptureJob[]];
  listInterfaces: [void, CaptureInterface[]];
  startLiveCapture: [{ device: string; filter?: string; protocol?: string }, CaptureJob];
  stopLiveCapture: [{ id: string }, CaptureJob | null];
  /**
   * Write frames to a file on the engine's machine: the given ids (a selection), a session's or
   * device's, or all. Desktop: `path` null asks with a save dialog. Default folder
   * ~/Trackwire/exports.
   */
  exportFrames: [{ format: 'pcapng' | 'ndjson' | 'csv' | 'json'; ids?: number[]; sessionId?: string; deviceId?: string; filter?: string; path?: string | null }, { path: string; frames: number; bytes: number } | null];
  /** A protocol's command catalogue (types, labels, docs, attribute schemas, variants). */
  listCommandTypes: [{ protocol: string }, CommandDef[]];
  /** Encode without sending: the exact bytes and their decode (the composer's preview). */
  previewCommand: [CommandRequest, { hex: string; serial: number | null; immobilises: boolean; messageType: string; tree: FieldNode[]; issues: Issue[] }];
  sendCommand: [CommandRequest, CommandRecord];
  listCommands: [void, CommandRecord[]];
  cancelCommand: [{ id: number }, CommandRecord | null];
  listCommandTemplates: [void, CommandTemplate[]];
  saveCommandTemplate: [CommandTemplate, CommandTemplate[]];
  deleteCommandTemplate: [{ name: string; protocol: string }, CommandTemplate[]];
  /** Capture files shipped in samples/ that the UI offers on first start. */
  listSamples: [void, Array<{ name: string; path: string; bytes: number }>];
  /**
   * The validation checklist of a device (all its sessions) or one session: connects, protocol,
   * answers, reporting interval (`interval` in seconds; default 5..600), positions, clock, bad
   * frames, commands. With `html: true` the self-contained HTML report comes along.
   */
  validateDevice: [{ deviceId?: string; sessionId?: string; interval?: { minSec: number; maxSec: number }; html?: boolean }, ValidationReport];
  /**
   * Firmware A/B comparison of two capture files on the engine's machine (recordings are ones),
   * or two devices of one (`{ file, deviceId }`), or of frames the engine holds — a capture job's
   * (`{ captureId, deviceId? }`), a device's, a session's: differences by protocol and message
   * type, with example frames (the frame list's ids for frames the engine holds, the file's own
   * numbers for files). With `html: true` the self-contained HTML report comes along.
   */
  compareSources: [{ a: SourceSpec; b: SourceSpec; html?: boolean }, Comparison & { html?: string }];
  /** Capture files opened before, most recent first, each checked for existence now. */
  listRecentCaptures: [void, RecentCapture[]];
  /** Forget them (uploaded copies are deleted); returns the now empty list. */
  clearRecentCaptures: [void, RecentCapture[]];
  /**
   * A device's positions (all its sessions) or one session's, in frame order; evenly downsampled
   * to `limit` (default 20000), first and last kept. Fixes at 0,0 or out of range are left out.
   */
  listPositions: [{ deviceId?: string; sessionId?: string; limit?: number }, TrackPoint[]];
}

export type RequestName = keyof ApiRequests;
export type RequestArg<K extends RequestName> = ApiRequests[K][0];
export type RequestResult<K extends RequestName> = ApiRequests[K][1];

/** What the renderer calls; both transports provide exactly this. */
export interface TrackwireApi {
  request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>>;
  /** Subscribe to engine pushes; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** Request names, with their IPC channel (`renderer:<verb-noun>`). The allow-list on both sides. */
export const REQUEST_CHANNELS: { readonly [K in RequestName]: `renderer:${string}` } = {
  getStatus: 'renderer:get-status',
  listFrames: 'renderer:list-frames',
  getFrame: 'renderer:get-frame',
  locateFrame: 'renderer:locate-frame',
  findFrame: 'renderer:find-frame',
  setSessionProtocol: 'renderer:set-session-protocol',
  countFrames: 'renderer:count-frames',
  listSessions: 'renderer:list-sessions',
  listDevices: 'renderer:list-devices',
  setResponder: 'renderer:set-responder',
  openRecordingFolder: 'renderer:open-recording-folder',
  openCapture: 'renderer:open-capture',
  chooseCapture: 'renderer:choose-capture',
  cancelCapture: 'renderer:cancel-capture',
  listCaptures: 'renderer:list-captures',
  listInterfaces: 'renderer:list-interfaces',
  startLiveCapture: 'renderer:start-live-capture',
  stopLiveCapture: 'renderer:stop-live-capture',
  listSamples: 'renderer:list-samples',
  validateDevice: 'renderer:validate-device',
  compareSources: 'renderer:compare-sources',
  listRecentCaptures: 'renderer:list-recent-captures',
  clearRecentCaptures: 'renderer:clear-recent-captures',
  listPositions: 'renderer:list-positions',
  exportFrames: 'renderer:export-frames',
  listCommandTypes: 'renderer:list-command-types',
  previewCommand: 'renderer:preview-command',
  sendCommand: 'renderer:send-command',
  listCommands: 'renderer:list-commands',
  cancelCommand: 'renderer:cancel-command',
  listCommandTemplates: 'renderer:list-command-templates',
  saveCommandTemplate: 'renderer:save-command-template',
  deleteCommandTemplate: 'renderer:delete-command-template',
};

/** Push channels (`main:<event>`), keyed by event type. */
export const EVENT_CHANNELS: { readonly [K in EngineEvent['type']]: `main:${string}` } = {
  frames: 'main:frames',
  status: 'main:status',
  sessions: 'main:sessions',
  capture: 'main:capture',
  commands: 'main:commands',
};

export const REQUEST_NAMES = Object.keys(REQUEST_CHANNELS) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_CHANNELS, name);
}

/** Web transport: requests are `POST /api/<name>` with JSON body; pushes arrive on `/ws`. Both need the token. */
export const WEB_API_PREFIX = '/api/';
export const WEB_SOCKET_PATH = '/ws';
export const WEB_TOKEN_HEADER = 'x-trackwire-token';
/**
 * Web mode's upload of a capture the user dropped (the browser knows no path):
 * `POST /upload/capture?name=<original file name>` with the token header and the file's bytes
 * as the body; answers the CaptureJob of the saved copy, or `{ error }` (413 too large, 415 not
 * a capture).
 */
export const WEB_UPLOAD_PATH = '/upload/capture';
/** The largest upload the web server takes by default. */
export const WEB_UPLOAD_MAX_BYTES = 2 * 1024 ** 3;

/** File name endings of the captures Trackwire opens (it checks the first bytes, not the name). */
export const CAPTURE_EXTENSIONS = ['.pcapng', '.pcap', '.cap'] as const;
/** What to say when a file is not a capture. */
export const ACCEPTED_CAPTURES_TEXT = 'Trackwire opens pcapng and pcap captures (.pcapng, .pcap, .cap), as tcpdump, tshark, Wireshark and Trackwire write them.';
