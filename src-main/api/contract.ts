/**
 * The one typed contract between the UI and the engine. Implemented twice: Electron IPC
 * (src-main/electron) and HTTP + WebSocket (src-main/web). Types and constants only: no Node,
 * no Electron, no DOM, so the renderer imports it as well.
 */
import type { Candidate, FieldNode, Issue, Position } from '../../parsers/core/types';

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

export interface EngineStatus {
  version: string;
  listeners: ListenerStatus[];
  frameCount: number;
  sessionCount: number;
}

/** Pushes from the engine to the UI. */
export type EngineEvent =
  | { type: 'frames'; frames: FrameSummary[] }
  | { type: 'status'; status: EngineStatus };

/** Requests from the UI to the engine: name → [argument, result]. */
export interface ApiRequests {
  getStatus: [void, EngineStatus];
  listFrames: [{ from: number; count: number }, FrameSummary[]];
  getFrame: [{ id: number }, FrameDetail | null];
  /** Override detection for one live session (null: detect again); applies to bytes from now on. */
  setSessionProtocol: [{ sessionId: string; protocol: string | null }, { sessionId: string; protocol: string | null }];
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
  setSessionProtocol: 'renderer:set-session-protocol',
};

/** Push channels (`main:<event>`), keyed by event type. */
export const EVENT_CHANNELS: { readonly [K in EngineEvent['type']]: `main:${string}` } = {
  frames: 'main:frames',
  status: 'main:status',
};

export const REQUEST_NAMES = Object.keys(REQUEST_CHANNELS) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_CHANNELS, name);
}

/** Web transport: requests are `POST /api/<name>` with JSON body; pushes arrive on `/ws`. Both need the token. */
export const WEB_API_PREFIX = '/api/';
export const WEB_SOCKET_PATH = '/ws';
export const WEB_TOKEN_HEADER = 'x-trackwire-token';
