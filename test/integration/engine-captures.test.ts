/**
 * Captures through the engine's API (what the UI calls): a real tcpdump capture from samples/
 * loads with progress into the frame index as sessions and devices; a truncated copy says where
 * it stopped; exports of all, a session's and selected frames open in tshark / parse as NDJSON.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src-main/engine/engine';
import type { CaptureJob } from '../../src-main/api/contract';
import { waitFor } from '../helpers/net';

const SAMPLE = path.resolve('samples', 'gt06-session.pcap');
let engine: Engine;
afterEach(() => engine?.stop());

async function load(file: string): Promise<{ job: CaptureJob; jobs: CaptureJob[] }> {
  const jobs: CaptureJob[] = [];
  engine.subscribe((e) => e.type === 'capture' && jobs.push(e.job));
  const job = await engine.handle('openCapture', { path: file });
  const done = await waitFor(() => jobs.find((j) => j.id === job.id && j.state !== 'reading'), 5000, 'capture read');
  return { job: done, jobs };
}

describe('captures through the engine API', () => {
  it('loads a tcpdump capture into the frame index as sessions and a device', async () => {
    engine = new Engine();
    const { job, jobs } = await load(SAMPLE);
    expect(jobs[0]!.state).toBe('reading');
    expect(job).toMatchObject({ kind: 'file', state: 'done', source: SAMPLE });
    expect(job.frames).toBeGreaterThan(2);
    expect(job.bytesRead).toBe(job.totalBytes);
    const frames = await waitFor(async () => {
      const l = await engine.handle('listFrames', { from: 1, count: 100 });
      return l.length === job.frames && l;
    }, 2000, 'frames in the index');
    expect(frames[0]).toMatchObject({ protocol: 'gt06', messageType: 'login', direction: 'up' });
    expect(frames.every((f) => f.sessionId.startsWith(`${job.id}-`))).toBe(true);
    const sessions = await engine.handle('listSessions', undefined);
    expect(sessions.find((s) => s.id === frames[0]!.sessionId)).toMatchObject({ state: 'closed', protocol: 'gt06', closeReason: `from ${SAMPLE}` });
    const devices = await engine.handle('listDevices', undefined);
    expect(devices).toHaveLength(1);
    expect(devices[0]!.frames).toBe(frames.length);
  });

  it('says where a truncated capture stopped, having loaded what came before', async () => {
    engine = new Engine();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-cap-'));
    const bytes = readFileSync(SAMPLE);
    const cut = path.join(dir, 'cut.pcap');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const { job } = await load(cut);
    expect(job.state).toBe('error');
    expect(job.stoppedAt).toBeGreaterThan(24);
    expect(job.reason).toMatch(/truncated|cut|ends|short/i);
    expect(job.frames).toBeGreaterThan(0);
    await expect(engine.handle('openCapture', { path: path.join(dir, 'missing.pcap') })).rejects.toThrow(/no such file/);
  });

  it('exports all, one session and selected frames; tshark opens the pcapng', async () => {
    engine = new Engine();
    const { job } = await load(SAMPLE);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-exp-'));
    const nd = (await engine.handle('exportFrames', { format: 'ndjson', path: path.join(dir, 'all.ndjson') }))!;
    expect(nd.frames).toBe(job.frames);
    const lines = readFileSync(nd.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ protocol: 'gt06', messageType: 'login', direction: 'up' });
    expect(lines.every((l) => l.deviceId)).toBe(true);
    const first = (await engine.handle('listFrames', { from: 1, count: 1 }))[0]!;
    const pc = (await engine.handle('exportFrames', { format: 'pcapng', sessionId: first.sessionId, path: path.join(dir, 's.pcapng') }))!;
    const out = execFileSync('tshark', ['-r', pc.path, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' });
    expect(out).toContain('gt06 login');
    const sel = (await engine.handle('exportFrames', { format: 'csv', ids: [1, 2], path: path.join(dir, 'sel.csv') }))!;
    expect(sel.frames).toBe(2);
    expect(readFileSync(sel.path, 'utf8').trim().split('\r\n')).toHaveLength(3);
  });
});

describe('display filters through the engine API and the CLI', () => {
  it('lists and counts only the frames a filter keeps; an invalid filter is refused with its position', async () => {
    engine = new Engine();
    const { job } = await load(SAMPLE);
    expect(await engine.handle('countFrames', {})).toBe(job.frames);
    const logins = await engine.handle('listFrames', { from: 1, count: 10, filter: 'type == login' });
    expect(logins.map((f) => f.messageType)).toEqual(['login']);
    const positions = await engine.handle('listFrames', { from: 1, count: 10, filter: 'position && direction == up' });
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.every((f) => f.messageType === 'location')).toBe(true);
    expect(await engine.handle('countFrames', { filter: '!(type == login)' })).toBe(job.frames - 1);
    expect(await engine.handle('countFrames', { filter: 'gt06.login.imei == "0123456789012345"' })).toBe(1);
    await expect(engine.handle('listFrames', { from: 1, count: 10, filter: 'type == ' })).rejects.toThrow(/^filter: expected a value after '==' at \d+/);
  });

  it('trackwire decode --filter keeps matching frames only', async () => {
    const { runCli } = await import('../helpers/cli');
    const r = await runCli(['decode', SAMPLE, '--filter', 'direction == down && type contains "ack"']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.direction === 'down' && /ack/.test(l.messageType))).toBe(true);
    const bad = await runCli(['decode', SAMPLE, '--filter', '(protocol == gt06']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--filter: expected '\)' to close/);
  });
});

describe('Decode as for a flow of a capture file', () => {
  const MIX = path.resolve('samples', 'h02-tk100b.pcapng');
  it('reads the file again with that flow cut and decoded as the chosen protocol, the others detected as before', async () => {
    engine = new Engine();
    const { job: first } = await load(MIX);
    const all = await engine.handle('listFrames', { from: 1, count: 1000 });
    const firstFlow = all.find((f) => f.sessionId.startsWith(`${first.id}-`))!;
    const sessions = await engine.handle('listSessions', undefined);
    const session = sessions.find((s) => s.id === firstFlow.sessionId)!;
    expect(session.protocol).toBe('h02');
    const key = `${session.source}>${session.local}`;

    const jobs: CaptureJob[] = [];
    engine.subscribe((e) => e.type === 'capture' && jobs.push(e.job));
    const again = await engine.handle('openCapture', { path: MIX, flowProtocols: { [key]: 'gps103' } });
    expect(again.flowProtocols).toEqual({ [key]: 'gps103' });
    await waitFor(() => jobs.find((j) => j.id === again.id && j.state === 'done'), 5000, 'the second reading');
    const flow = session.id.slice(first.id.length + 1);
    const reread = await engine.handle('listFrames', { from: 1, count: 1000, sessionId: `${again.id}-${flow}` });
    const before = await engine.handle('listFrames', { from: 1, count: 1000, sessionId: session.id });
    // The same flow, now cut as GPS103: its bytes are all there (H02 drops the line ends between
    // sentences as framing; GPS103 keeps them), under the protocol chosen.
    expect(reread.length).toBeGreaterThan(0);
    expect(reread.every((f) => f.protocol === 'gps103' || f.protocol === null)).toBe(true);
    expect(reread.reduce((n, f) => n + f.length, 0)).toBeGreaterThanOrEqual(before.reduce((n, f) => n + f.length, 0));
    // Every other flow of the second reading is detected as before.
    const others = (await engine.handle('listFrames', { from: 1, count: 1000, filter: `protocol != gps103` })).filter((f) => f.sessionId.startsWith(`${again.id}-`));
    expect(others.length).toBe(first.frames - before.length);
    expect(others.every((f) => f.protocol === 'h02')).toBe(true);
    // A protocol that does not exist is refused.
    await expect(engine.handle('openCapture', { path: MIX, flowProtocols: { [key]: 'nope' } })).rejects.toThrow(/unknown protocol 'nope'/);
  });
});
