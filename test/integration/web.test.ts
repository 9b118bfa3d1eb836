import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import WebSocket from 'ws';
import { Engine } from '../../src-main/engine/engine';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import type { EngineEvent } from '../../src-main/api/contract';
import { tcpClient, waitFor } from '../helpers/net';

describe('web mode API over HTTP + WebSocket', () => {
  let engine: Engine;
  let web: WebServer;
  let devicePort: number;
  const staticDir = mkdtempSync(path.join(tmpdir(), 'tw-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

  beforeAll(async () => {
    engine = new Engine();
    devicePort = (await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }] }))[0]!.port;
    web = await startWebServer({ engine, staticDir, port: 0 });
  });
  afterAll(async () => {
    await web.close();
    await engine.stop();
  });

  const base = () => `http://127.0.0.1:${web.port}`;
  const post = (name: string, body: unknown, token?: string) =>
    fetch(`${base()}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-trackwire-token': token } : {}) }, body: JSON.stringify(body) });

  it('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(web.host).toBe('127.0.0.1');
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.token.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses API calls without the right token', async () => {
    expect((await post('getStatus', null)).status).toBe(401);
    expect((await post('getStatus', null, 'wrong')).status).toBe(401);
    const ok = await post('getStatus', null, web.token);
    expect(ok.status).toBe(200);
    expect((await ok.json()).listeners[0].port).toBe(devicePort);
  });

  it('refuses requests outside the contract', async () => {
    const r = await post('deleteEverything', null, web.token);
    expect(r.status).toBe(404);
  });

  it('serves the UI with a strict CSP and never files outside it', async () => {
    const r = await fetch(`${base()}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    const esc = await fetch(`${base()}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(esc.status);
  });

  it('refuses a WebSocket without the token and pushes frames to one with it', async () => {
    const bad = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=nope`);
    const badResult = await new Promise<string>((res) => {
      bad.on('open', () => res('open'));
      bad.on('error', () => res('refused'));
    });
    expect(badResult).toBe('refused');

    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    const events: EngineEvent[] = [];
    ws.on('message', (m) => events.push(JSON.parse(String(m))));
    await new Promise((r) => ws.on('open', r));
    const c = await tcpClient(devicePort);
    await c.write('78780d01012345678901234500018cdd0d0a');
    const frames = await waitFor(() => events.find((e) => e.type === 'frames'), 2000, 'frames push');
    expect(frames.type === 'frames' && frames.frames[0]!.deviceId).toBe('123456789012345');
    await c.close();
    ws.close();
  });
});
