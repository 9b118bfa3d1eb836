/**
 * TrackwireApi over HTTP + WebSocket, for the browser UI served by `trackwire web`.
 * Requests are `POST /api/<name>` with the token header; pushes arrive on `/ws?token=…`.
 * After every (re)connect the client replays what it may have missed — status, the sessions,
 * frames from the last id it has seen, then the capture jobs and the commands — as ordinary
 * events, so listeners see one stream.
 */
import {
  EVENT_CHANNELS,
  WEB_API_PREFIX,
  WEB_SOCKET_PATH,
  WEB_TOKEN_HEADER,
  WEB_UPLOAD_PATH,
  type CaptureJob,
  type CommandRecord,
  type EngineEvent,
  type FrameSummary,
  type RequestArg,
  type RequestName,
  type RequestResult,
  type TrackwireApi,
} from '../../src-main/api/contract';

/** Where the link to the engine stands, for the banner. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'no-token' }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'unreachable'; message: string; retryInMs: number };

/** A TrackwireApi that also reports its connection state. */
export interface WebApi extends TrackwireApi {
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Send a capture's bytes to the engine (the browser knows no path); it opens the saved copy. */
  uploadCapture(file: Blob, name: string): Promise<CaptureJob>;
  /** Close the socket and stop reconnecting. */
  close(): void;
}

/** An error from the web API, with the HTTP status (0 when the server was not reached). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The slice of the WebSocket interface the client uses. */
export type SocketLike = Pick<WebSocket, 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'close'>;

export interface WebClientDeps {
  /** `location.protocol`, `location.host`, `location.search` of the page. */
  location: { protocol: string; host: string; search: string };
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body: string | Blob }) => Promise<{
    ok: boolean;
    status: number;
    text(): Promise<string>;
  }>;
  openSocket: (url: string) => SocketLike;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** Frames fetched per listFrames call while catching up. */
export const CATCH_UP_PAGE = 2000;

/** Reconnect delay after `attempt` consecutive failures: 0.5 s doubling to 10 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}

/** The URL of the push socket for a page at `location`. */
export function socketUrl(location: { protocol: string; host: string }, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEB_SOCKET_PATH}?token=${encodeURIComponent(token ?? '')}`;
}

/** Whether a parsed push is one of the contract's event types (others are ignored). */
export function isEngineEvent(value: unknown): value is EngineEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_CHANNELS, type);
}

/** Create the web client; connects at once. */
export function createWebClient(deps: WebClientDeps): WebApi {
  const token = new URLSearchParams(deps.location.search).get('token');
  const eventListeners = new Set<(event: EngineEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = token ? { kind: 'connecting' } : { kind: 'no-token' };
  let lastFrameId = 0;
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  let attempt = 0;
  let closed = false;

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function emit(event: EngineEvent): void {
    if (event.type === 'frames') {
      for (const frame of event.frames) if (frame.id > lastFrameId) lastFrameId = frame.id;
    }
    for (const listener of eventListeners) listener(event);
  }

  async function request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
    return post(WEB_API_PREFIX + name, 'application/json', JSON.stringify(arg ?? null));
  }

  /** POST with the token; the answer's JSON, or an ApiError with the engine's message. */
  async function post<T>(url: string, contentType: string, body: string | Blob): Promise<T> {
    let response: Awaited<ReturnType<WebClientDeps['fetch']>>;
    try {
      response = await deps.fetch(url, { method: 'POST', headers: { 'content-type': contentType, [WEB_TOKEN_HEADER]: token ?? '' }, body });
    } catch (err) {
      throw new ApiError(`engine unreachable: ${err instanceof Error ? err.message : String(err)}`, 0);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = `HTTP ${response.status}`;
      try {
        const body = JSON.parse(text) as { error?: unknown };
        if (typeof body.error === 'string') message = body.error;
      } catch {
        // not JSON: keep the status line
      }
      throw new ApiError(message, response.status);
    }
    return JSON.parse(text) as T;
  }

  /**
   * Fetch status, the sessions, the newest frames missed (at most a page: the status's frame
   * count tells the list how many there are, and it pages in the rest), the capture jobs and
   * the commands, and emit them as events.
   */
  async function catchUp(): Promise<void> {
    const status = await request('getStatus', undefined);
    emit({ type: 'status', status });
    // Sessions before frames: a device filter needs to know which sessions are the device's.
    emit({ type: 'sessions', sessions: await request('listSessions', undefined) });
    const from = Math.max(lastFrameId + 1, status.frameCount - CATCH_UP_PAGE + 1);
    if (from <= status.frameCount) {
      const frames: FrameSummary[] = await request('listFrames', { from, count: CATCH_UP_PAGE });
      if (frames.length > 0) emit({ type: 'frames', frames, total: status.frameCount });
    }
    // A file read may have progressed or ended meanwhile. An engine without captures refuses
    // the request; everything else still works.
    let jobs: CaptureJob[] = [];
    try {
      jobs = await request('listCaptures', undefined);
    } catch {
      jobs = [];
    }
    for (const job of jobs) emit({ type: 'capture', job });
    // Commands may have been sent, answered or expired meanwhile; likewise optional.
    let commands: CommandRecord[] = [];
    try {
      commands = await request('listCommands', undefined);
    } catch {
      commands = [];
    }
    if (commands.length > 0) emit({ type: 'commands', commands });
  }

  function scheduleReconnect(reason: string): void {
    if (closed || retryTimer !== null) return;
    const delay = backoffDelay(attempt);
    attempt += 1;
    setState({ kind: 'unreachable', message: reason, retryInMs: delay });
    retryTimer = deps.setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  /** Probe with a request first: a WebSocket refusal carries no status, a 401 response does. */
  function connect(): void {
    if (closed) return;
    request('getStatus', undefined).then(
      () => openSocket(),
      (err: unknown) => {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          setState({ kind: 'unauthorized', message: err.message });
          return;
        }
        scheduleReconnect(err instanceof Error ? err.message : String(err));
      },
    );
  }

  function openSocket(): void {
    if (closed) return;
    const ws = deps.openSocket(socketUrl(deps.location, token));
    socket = ws;
    ws.onopen = () => {
      catchUp().then(
        () => {
          attempt = 0;
          setState({ kind: 'connected' });
        },
        (err: unknown) => {
          if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
            setState({ kind: 'unauthorized', message: err.message });
          }
          ws.close();
        },
      );
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let event: unknown;
      try {
        event = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (isEngineEvent(event)) emit(event);
    };
    ws.onerror = () => {
      // onclose follows and handles the retry
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (state.kind === 'unauthorized') return;
      scheduleReconnect('connection to the engine lost');
    };
  }

  if (token) connect();

  return {
    request,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    uploadCapture(file, name) {
      return post<CaptureJob>(`${WEB_UPLOAD_PATH}?name=${encodeURIComponent(name)}`, 'application/octet-stream', file);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer !== null) deps.clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}
