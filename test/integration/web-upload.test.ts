// Web mode's capture upload (a file dropped in the browser): real HTTP requests against the web
// server, the bytes saved under the data folder's uploads/ and opened like a path; refusals
// (no token, not a capture, empty, too large announced or sent) leave nothing behind.
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_TOKEN_HEADER, WEB_UPLOAD_PATH, type CaptureJob } from '../../src-main/api/contract';
import { Engine } from '../../src-main/engine/engine';
import { isUpload, safeFileName } from '../../src-main/engine/uploads';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { waitFor } from '../helpers/net';

const SAMPLE = path.resolve(__dirname, '..', '..', 'samples', 'gt06-session.pcap');
const LIMIT = 64 * 1024;

describe('web mode: uploading a dropped capture', () => {
  let engine: Engine;
  let web: WebServer;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tw-upload-data-'));
  const staticDir = mkdtempSync(path.join(tmpdir(), 'tw-upload-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const uploads = path.join(dataDir, 'uploads');
  const saved = () => (existsSync(uploads) ? readdirSync(uploads) : []);

  beforeAll(async () => {
    engine = new Engine();
    await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    web = await startWebServer({ engine, staticDir, port: 0, maxUploadBytes: LIMIT });
  });
  afterAll(async () => {
    await web.close();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(staticDir, { recursive: true, force: true });
  });

  const upload = (name: string, body: Uint8Array | string, token: string | null = web.token, method = 'POST') =>
    fetch(`http://127.0.0.1:${web.port}${WEB_UPLOAD_PATH}?name=${encodeURIComponent(name)}`, {
      method,
      headers: { 'content-type': 'application/octet-stream', ...(token === null ? {} : { [WEB_TOKEN_HEADER]: token }) },
      body: method === 'POST' ? (typeof body === 'string' ? body : new Blob([Uint8Array.from(body)])) : undefined,
    });

  it('refuses an upload without the right token, and any method but POST', async () => {
    const bytes = readFileSync(SAMPLE);
    for (const token of [null, 'wrong']) {
      const r = await upload('x.pcap', bytes, token);
      expect(r.status).toBe(401);
      expect((await r.json()).error).toMatch(/token/);
    }
    expect((await upload('x.pcap', '', web.token, 'GET')).status).toBe(405);
    expect(saved()).toEqual([]);
  });

  it('saves the bytes under uploads/ with the original name and opens them: frames, the job, the recent list', async () => {
    const bytes = readFileSync(SAMPLE);
    const r = await upload('My trace (1).pcap', bytes);
    expect(r.status).toBe(200);
    const job = (await r.json()) as CaptureJob;
    expect(job).toMatchObject({ kind: 'file', totalBytes: bytes.length });
    expect(path.basename(job.source)).toBe('My trace (1).pcap');
    expect(isUpload(uploads, job.source)).toBe(true);
    expect(path.basename(path.dirname(job.source))).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(readFileSync(job.source).equals(bytes)).toBe(true);
    const done = await waitFor(async () => (await engine.handle('listCaptures', undefined)).find((j) => j.id === job.id && j.state === 'done'), 5000, 'the upload read');
    expect(done.frames).toBe(8);
    const frames = await engine.handle('listFrames', { from: 1, count: 100 });
    expect(frames.filter((f) => f.sessionId.startsWith(`${job.id}-`)).map((f) => f.protocol)).toEqual(Array(8).fill('gt06'));
    expect((await engine.handle('listRecentCaptures', undefined))[0]).toMatchObject({ path: job.source, name: 'My trace (1).pcap', exists: true, sizeBytes: bytes.length });
  });

  it('keeps an upload inside uploads/ whatever its name says', async () => {
    const r = await upload('../../../etc/evil.pcap', readFileSync(SAMPLE));
    expect(r.status).toBe(200);
    const job = (await r.json()) as CaptureJob;
    expect(path.basename(job.source)).toBe('evil.pcap');
    expect(isUpload(uploads, job.source)).toBe(true);
    expect(safeFileName('..\\..\\a:b*c?.pcapng')).toBe('a_b_c_.pcapng');
    expect(safeFileName('...')).toBe('capture');
    expect(safeFileName('nul.pcap')).toBe('_nul.pcap');
    expect(safeFileName(`${'x'.repeat(300)}.pcapng`)).toBe(`${'x'.repeat(113)}.pcapng`);
  });

  it('refuses a file that is not a capture, naming what it is and what is accepted; nothing is kept', async () => {
    const before = saved();
    const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(5000)]);
    const r = await upload('trace.pcapng', zip);
    expect(r.status).toBe(415);
    const { error } = (await r.json()) as { error: string };
    expect(error).toBe(
      'trace.pcapng is not a capture file (not a pcap or pcapng file: it starts with 50 4b 03 04 (a zip archive; extract the capture first)). Trackwire opens pcapng and pcap captures (.pcapng, .pcap, .cap), as tcpdump, tshark, Wireshark and Trackwire write them.',
    );
    const tiny = await upload('tiny.pcap', 'ab');
    expect(tiny.status).toBe(415);
    expect((await tiny.json()).error).toMatch(/^tiny\.pcap is not a capture file \(only 2 bytes\)/);
    const empty = await upload('empty.pcap', '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatch(/^empty\.pcap is empty\. Trackwire opens/);
    await new Promise((r) => setTimeout(r, 50));
    expect(saved()).toEqual(before);
  });

  it('refuses an upload over the limit, announced by its length or found while it streams', async () => {
    const before = saved();
    const big = Buffer.concat([readFileSync(SAMPLE), Buffer.alloc(LIMIT)]);
    const r = await upload('big.pcap', big);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toBe('big.pcap is too large to upload (the limit is 65536 bytes). Copy it to the machine the engine runs on and open it by its path.');

    // No Content-Length (chunked): counted as it arrives.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: web.port, path: `${WEB_UPLOAD_PATH}?name=stream.pcap`, method: 'POST', headers: { [WEB_TOKEN_HEADER]: web.token, 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(readFileSync(SAMPLE));
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(LIMIT / 2));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toMatch(/^stream\.pcap is too large to upload/);
    await new Promise((r) => setTimeout(r, 50));
    expect(saved()).toEqual(before);
  });

  it('deletes the uploaded copies when the recent list is cleared; other files are left alone', async () => {
    const outside = path.join(dataDir, 'kept.pcap');
    writeFileSync(outside, readFileSync(SAMPLE));
    await engine.handle('openCapture', { path: outside });
    mkdirSync(path.join(uploads, 'not-an-upload-folder'), { recursive: true });
    expect(saved().length).toBeGreaterThan(1);
    await engine.handle('clearRecentCaptures', undefined);
    expect(saved()).toEqual(['not-an-upload-folder']);
    expect(existsSync(outside)).toBe(true);
  });
});
