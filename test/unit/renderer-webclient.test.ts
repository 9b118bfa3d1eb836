import { describe, expect, it } from 'vitest';
import { WEB_TOKEN_HEADER, type FrameSummary } from '../../src-main/api/contract';
import {
  ApiError,
  CATCH_UP_PAGE,
  backoffDelay,
  createWebClient,
  socketUrl,
  type ConnectionState,
  type SocketLike,
  type WebClientDeps,
} from '../../src-renderer/api/webClient';
import { STATUS, frame, session } from './renderer-fixtures';

interface FakeSocket {
  url: string;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

/** A scripted server: frames it holds, whether it is up, whether the token is good. */
function harness(search = '?token=secret') {
  const server = { up: true, token: 'secret', frames: [frame(1), frame(2)] as FrameSummary[], sessions: [session(1)] };
  const requests: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const deps: WebClientDeps = {
    location: { protocol: 'http:', host: '127.0.0.1:4410', search },
    async fetch(url, init) {
      if (!server.up) throw new TypeError('Failed to fetch');
      const body = (typeof init.body === 'string' ? JSON.parse(init.body) : init.body) as unknown;
      requests.push({ url, headers: init.headers, body });
      const reply = (status: number, value: unknown) => ({ ok: status < 300, status, text: async () => JSON.stringify(value) });
      if (init.headers[WEB_TOKEN_HEADER] !== server.token) return reply(401, { error: 'invalid token' });
      if (url === '/api/getStatus') return reply(200, { ...STATUS, frameCount: server.frames.length });
      if (url === '/api/listSessions') return reply(200, server.sessions);
      if (url === '/api/listFrames') {
        const { from, count } = body as { from: number; count: number };
        return reply(200, server.frames.filter((f) => f.id >= from).slice(0, count));
      }
      return reply(404, { error: `no request ${url}` });
    },
    openSocket(url) {
      const socket: FakeSocket = {
        url,
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
        close() {
          this.onclose?.({});
        },
      };
      sockets.push(socket);
      return socket as unknown as SocketLike;
    },
    setTimeout(fn, ms) {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimeout() {},
  };
  return { server, requests, sockets, timers, deps };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('web client', () => {
  it('sends requests with the token header and a JSON body', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    await client.request('listFrames', { from: 2, count: 10 });
    const last = h.requests[h.requests.length - 1]!;
    expect(last.url).toBe('/api/listFrames');
    expect(last.headers).toMatchObject({ 'content-type': 'application/json', [WEB_TOKEN_HEADER]: 'secret' });
    expect(last.body).toEqual({ from: 2, count: 10 });
    client.close();
  });

  it('throws the server error message on non-2xx', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    await expect(client.request('getFrame', { id: 1 })).rejects.toThrow('no request /api/getFrame');
    client.close();
  });

  it('connects, catches up, then relays pushes', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    const events: unknown[] = [];
    const states: ConnectionState[] = [];
    client.onEvent((e) => events.push(e));
    client.onConnection((s) => states.push(s));
    await settle();
    expect(h.sockets).toHaveLength(1);
    expect(h.sockets[0]!.url).toBe('ws://127.0.0.1:4410/ws?token=secret');
    h.sockets[0]!.onopen?.({});
    await settle();
    expect(events).toEqual([
      { type: 'status', status: { ...STATUS, frameCount: 2 } },
      { type: 'sessions', sessions: [session(1)] },
      { type: 'frames', frames: [frame(1), frame(2)], total: 2 },
    ]);
    expect(states[states.length - 1]).toEqual({ kind: 'connected' });
    h.sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'frames', frames: [frame(3)] }) });
    h.sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'sessions', sessions: [session(1, { framesUp: 2 })] }) });
    h.sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'unknown' }) });
    h.sockets[0]!.onmessage?.({ data: 'not json' });
    expect(events).toHaveLength(5);
    expect(events[4]).toEqual({ type: 'sessions', sessions: [session(1, { framesUp: 2 })] });
    client.close();
  });

  it('reconnects with backoff and fetches only what it missed', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    await settle();
    h.sockets[0]!.onopen?.({});
    await settle();
    h.server.frames.push(frame(3), frame(4));
    h.server.sessions = [session(1, { state: 'closed', closedAt: 1 }), session(2)];
    h.server.up = false;
    h.sockets[0]!.onclose?.({});
    expect(states[states.length - 1]).toMatchObject({ kind: 'unreachable', retryInMs: 500 });
    h.timers.shift()!.fn();
    await settle();
    expect(states[states.length - 1]).toMatchObject({ kind: 'unreachable', retryInMs: 1000 });
    h.server.up = true;
    h.timers.shift()!.fn();
    await settle();
    expect(h.sockets).toHaveLength(2);
    h.requests.length = 0;
    h.sockets[1]!.onopen?.({});
    await settle();
    expect(h.requests.find((r) => r.url === '/api/listFrames')?.body).toEqual({ from: 3, count: CATCH_UP_PAGE });
    // The sessions are fetched again, before the frames (a device filter needs them first).
    const urls = h.requests.map((r) => r.url);
    expect(urls.indexOf('/api/listSessions')).toBeGreaterThan(-1);
    expect(urls.indexOf('/api/listSessions')).toBeLessThan(urls.indexOf('/api/listFrames'));
    expect(states[states.length - 1]).toEqual({ kind: 'connected' });
    client.close();
  });

  it('after a long outage fetches only the newest CATCH_UP_PAGE frames, with the total; the list pages in the rest', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    const events: Array<{ type: string; frames?: FrameSummary[]; total?: number }> = [];
    client.onEvent((e) => events.push(e));
    await settle();
    h.sockets[0]!.onopen?.({});
    await settle();
    const missed = CATCH_UP_PAGE + 1500;
    for (let id = 3; id < 3 + missed; id++) h.server.frames.push(frame(id));
    const total = 2 + missed;
    h.sockets[0]!.onclose?.({});
    h.timers.shift()!.fn();
    await settle();
    h.requests.length = 0;
    events.length = 0;
    h.sockets[1]!.onopen?.({});
    await settle();
    expect(h.requests.filter((r) => r.url === '/api/listFrames').map((r) => r.body)).toEqual([{ from: total - CATCH_UP_PAGE + 1, count: CATCH_UP_PAGE }]);
    const pushed = events.filter((e) => e.type === 'frames');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.total).toBe(total);
    expect(pushed[0]!.frames).toHaveLength(CATCH_UP_PAGE);
    expect(pushed[0]!.frames![0]!.id).toBe(total - CATCH_UP_PAGE + 1);
    expect(pushed[0]!.frames!.at(-1)!.id).toBe(total);
    client.close();
  });

  it('asks for no frames when none were missed', async () => {
    const h = harness();
    const client = createWebClient(h.deps);
    await settle();
    h.sockets[0]!.onopen?.({});
    await settle();
    h.sockets[0]!.onclose?.({});
    h.timers.shift()!.fn();
    await settle();
    h.requests.length = 0;
    h.sockets[1]!.onopen?.({});
    await settle();
    expect(h.requests.map((r) => r.url)).toContain('/api/getStatus');
    expect(h.requests.map((r) => r.url)).not.toContain('/api/listFrames');
    client.close();
  });

  it('reports a rejected token and stops retrying', async () => {
    const h = harness('?token=wrong');
    const client = createWebClient(h.deps);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    await settle();
    expect(states[states.length - 1]).toEqual({ kind: 'unauthorized', message: 'invalid token' });
    expect(h.sockets).toHaveLength(0);
    expect(h.timers).toHaveLength(0);
    await expect(client.request('getStatus', undefined)).rejects.toBeInstanceOf(ApiError);
  });

  it('reports a missing token without connecting', async () => {
    const h = harness('');
    const client = createWebClient(h.deps);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    await settle();
    expect(states).toEqual([{ kind: 'no-token' }]);
    expect(h.requests).toHaveLength(0);
  });

  it('builds socket URLs and backoff delays', () => {
    expect(socketUrl({ protocol: 'https:', host: 'h:1' }, 'a b')).toBe('wss://h:1/ws?token=a%20b');
    expect([0, 1, 2, 10].map(backoffDelay)).toEqual([500, 1000, 2000, 10_000]);
  });
});
