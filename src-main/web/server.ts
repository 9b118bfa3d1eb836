/**
 * Web mode: the engine's API over HTTP (requests: `POST /api/<name>`) and WebSocket (pushes on
 * `/ws`), plus the built UI as static files. Binds 127.0.0.1 by default; every API call and the
 * WebSocket need the random token that is part of the printed URL.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestName, WEB_API_PREFIX, WEB_SOCKET_PATH, WEB_TOKEN_HEADER, WEB_UPLOAD_PATH, type EngineEvent } from '../api/contract';
import type { Engine } from '../engine/engine';
import { UserError } from '../engine/errors';
import { receiveUpload, removeUpload, UploadError } from '../engine/uploads';
import { formatHostPort } from '../engine/address';

export interface WebServerOptions {
  engine: Engine;
  /** Folder of the built UI (dist-renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Largest capture upload taken (default WEB_UPLOAD_MAX_BYTES). */
  maxUploadBytes?: number;
}

export interface WebServer {
  url: string;
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_WEB_PORT = 8890;
const MAX_BODY = 1024 * 1024;

/** Content-Security-Policy for the UI: nothing but this origin (and its WebSocket). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // https: images are the track plot's map tiles, loaded only when the user configured a tile URL.
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const root = path.resolve(opts.staticDir);
  const tokenOk = (t: string | null | undefined) => {
    if (!t) return false;
    const a = Buffer.from(t);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendJson(res, 500, { error: (e as Error).message }));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const uploading = url.pathname === WEB_UPLOAD_PATH;
    if (uploading || url.pathname.startsWith(WEB_API_PREFIX)) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      if (!tokenOk(req.headers[WEB_TOKEN_HEADER] as string | undefined)) return sendJson(res, 401, { error: 'missing or wrong token: open the URL printed by trackwire, with its ?token=' });
      if (uploading) return upload(req, res, url);
      const name = url.pathname.slice(WEB_API_PREFIX.length);
      if (!isRequestName(name)) return sendJson(res, 404, { error: `unknown request '${name}'` });
      const body = await readBody(req);
      let arg: unknown = null;
      try {
        arg = body.length ? JSON.parse(body) : null;
      } catch {
        return sendJson(res, 400, { error: 'request body is not JSON' });
      }
      try {
        const result = await opts.engine.handle(name, arg as never);
        return sendJson(res, 200, result ?? null);
      } catch (e) {
        return sendJson(res, e instanceof UserError ? 400 : 500, { error: (e as Error).message });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) return sendJson(res, 403, { error: 'forbidden' });
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      if (rel === '/index.html') {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The UI is not built (${path.join(root, 'index.html')} is missing). Run: npm run build\n`);
        return;
      }
      return sendJson(res, 404, { error: 'not found' });
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  /** A dropped capture's bytes (POST, token checked): saved in the engine's uploads folder, then opened like a path. */
  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const length = req.headers['content-length'];
    let file: string;
    try {
      file = await receiveUpload(req, {
        dir: opts.engine.uploadsDir(),
        name: url.searchParams.get('name') || 'capture.pcapng',
        maxBytes: opts.maxUploadBytes,
        declaredBytes: length === undefined ? null : Number(length),
      });
    } catch (e) {
      // The rest of the body is read and dropped by Node once the answer is sent.
      return sendJson(res, e instanceof UploadError ? e.status : 500, { error: (e as Error).message });
    }
    try {
      return sendJson(res, 200, await opts.engine.handle('openCapture', { path: file }));
    } catch (e) {
      removeUpload(opts.engine.uploadsDir(), file);
      return sendJson(res, e instanceof UserError ? 400 : 500, { error: (e as Error).message });
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WEB_SOCKET_PATH || !tokenOk(url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const clients = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.send(JSON.stringify({ type: 'status', status: opts.engine.status() } satisfies EngineEvent));
  });
  const unsubscribe = opts.engine.subscribe((e) => {
    const text = JSON.stringify(e);
    for (const c of clients) if (c.readyState === c.OPEN) c.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError(`Port ${opts.port ?? DEFAULT_WEB_PORT} for the web UI is already in use (${formatHostPort(host, opts.port ?? DEFAULT_WEB_PORT)}). Choose another with --port N (0 picks a free one).`)
          : new UserError(`Cannot serve the web UI on ${formatHostPort(host, opts.port ?? DEFAULT_WEB_PORT)}: ${e.message}. Use --host/--port.`),
      ),
    );
    server.listen(opts.port ?? DEFAULT_WEB_PORT, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${formatHostPort(shownHost, port)}/?token=${token}`,
    host,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const c of clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new UserError('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
