/**
 * Hardware validation end to end: simulated GT06 devices (src-main/engine/simulate) against real
 * listening engines on 127.0.0.1 — one well behaved, one sending 0/0 fixes, a drifting clock and
 * bad checksums — validated through the engine's request, and the recordings of both runs through
 * `trackwire validate` (HTML, JSON, text; exit codes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { openRecorder } from '../../src-main/engine/recording';
import { formatReport, runSimulation, type SimulateReport } from '../../src-main/engine/simulate/index';
import { imeiFor } from '../../src-main/engine/simulate/ids';
import type { FrameDetail, ValidationReport } from '../../src-main/api/contract';
import { runCli } from '../helpers/cli';

const HOST = '127.0.0.1';
const INTERVAL = { minSec: 0.05, maxSec: 5 };
const IMEI = imeiFor(0);

interface Run {
  engine: Engine;
  recording: string;
  sim: SimulateReport;
}

let dir: string;
let good: Run;
let bad: Run;

/** An engine recording to `dir`, a simulated device against it for 2 s, then the engine stopped (the recording closed). */
async function run(name: string, faults?: Parameters<typeof runSimulation>[0]['faults']): Promise<Run> {
  const engine = new Engine();
  let recording = '';
  const [l] = await engine.start({
    listen: [{ host: HOST, port: 0 }],
    recorder: (onError) => {
      const sink = openRecorder(path.join(dir, name), onError);
      recording = sink.status().path!;
      return sink;
    },
  });
  const sim = await runSimulation({ protocol: 'gt06', devices: 1, intervalSec: 0.2, durationSec: 2, host: HOST, port: l!.port, faults });
  await engine.stop();
  return { engine, recording, sim };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trackwire-validate-'));
  [good, bad] = await Promise.all([run('good'), run('bad', { zeroFixEvery: 2, clockDriftSecPerPosition: 150, badChecksumEvery: 3 })]);
}, 20_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const validateIn = (r: Run): Promise<ValidationReport> => r.engine.handle('validateDevice', { deviceId: IMEI, interval: INTERVAL });
const byId = (report: ValidationReport, id: string) => report.checks.find((c) => c.id === id)!;
const frame = async (r: Run, id: number) => (await r.engine.handle('getFrame', { id })) as FrameDetail;

describe('validation of a simulated device against a listening engine', () => {
  it('passes a well-behaved device, every check with its evidence', async () => {
    expect(good.sim.errors, formatReport(good.sim)).toEqual([]);
    const report = await validateIn(good);
    const text = JSON.stringify(report.checks, null, 1);
    expect(report.verdict, text).toBe('pass');
    expect(report).toMatchObject({ device: IMEI, protocol: 'gt06' });
    expect(Object.fromEntries(report.checks.map((c) => [c.id, c.status])), text).toEqual({
      connects: 'pass',
      protocol: 'pass',
      answers: 'pass',
      interval: 'pass',
      positions: 'pass',
      clock: 'pass',
      frames: 'pass',
      commands: 'n/a',
    });
    const login = byId(report, 'connects').evidenceFrameIds[0]!;
    expect((await frame(good, login)).messageType).toBe('login');
    expect(byId(report, 'clock').detail).toMatch(/^device clock ≈ UTC; median offset /);
    expect(report.stats).toMatchObject({ sessions: 1, badFrames: 0, clock: { offsetMinutes: 0, text: 'device clock ≈ UTC' } });
    expect(report.stats.framesUp).toBe(good.sim.sent);
    expect(report.stats.intervalSec.median!).toBeGreaterThan(0.1);
    expect(report.stats.intervalSec.median!).toBeLessThan(2); // 0.2 s, later on a loaded machine
    // The device list carries the same clock.
    const [device] = await good.engine.handle('listDevices', undefined);
    expect(device!.clock).toMatchObject({ offsetMinutes: 0, text: 'device clock ≈ UTC' });
  });

  it('fails a device that sends 0/0 fixes, a drifting clock and bad checksums, naming the frames that show it', async () => {
    const report = await validateIn(bad);
    expect(report.verdict).toBe('fail');
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed).toEqual(['positions', 'clock', 'frames']);
    for (const id of ['connects', 'protocol', 'answers', 'interval']) expect(byId(report, id).status, id).toBe('pass');

    const positions = byId(report, 'positions');
    expect(positions.detail).toMatch(/zero position in \d+ frame\(s\)/);
    expect(positions.evidenceFrameIds.length).toBeGreaterThanOrEqual(1);
    for (const id of positions.evidenceFrameIds) {
      const f = await frame(bad, id);
      expect(f.positions[0], `frame ${id}`).toMatchObject({ valid: true, lat: 0, lon: 0 });
      expect(f.issues.map((i) => i.id)).toContain('lint.zero_position');
    }

    const clock = byId(report, 'clock');
    expect(clock.detail).toMatch(/clock drift in \d+ frame\(s\)/);
    expect(clock.evidenceFrameIds.length).toBeGreaterThanOrEqual(1);
    for (const id of clock.evidenceFrameIds) {
      const f = await frame(bad, id);
      expect(Date.parse(f.positions[0]!.time) - f.time, `frame ${id}`).toBeGreaterThan(120_000);
      expect(f.issues.find((i) => i.id === 'lint.clock_drift')?.message).toMatch(/^Device time .* ahead of the arrival/);
    }

    const frames = byId(report, 'frames');
    expect(frames.detail).toMatch(/^\d+ of \d+ frames bad \([\d.]+ %\): \d+ with a bad checksum/);
    expect(frames.evidenceFrameIds.length).toBe(report.stats.badFrames);
    expect(report.stats.badFrames).toBeGreaterThanOrEqual(1);
    for (const id of frames.evidenceFrameIds) {
      const f = await frame(bad, id);
      expect(f.direction).toBe('up');
      expect(f.issues.map((i) => i.id), `frame ${id}`).toContain('gt06.checksum_incorrect');
    }
  });

  it('is refused without a device or session, and for a device it does not know', async () => {
    await expect(good.engine.handle('validateDevice', {})).rejects.toThrow(/needs a deviceId or a sessionId/);
    await expect(good.engine.handle('validateDevice', { deviceId: '1' })).rejects.toThrow(/no device '1'/);
    await expect(good.engine.handle('validateDevice', { deviceId: IMEI, interval: { minSec: 5, maxSec: 1 } })).rejects.toThrow(/minSec < maxSec/);
  });

  it('validates one session too, and renders the HTML when asked', async () => {
    const [device] = await good.engine.handle('listDevices', undefined);
    const report = await good.engine.handle('validateDevice', { sessionId: device!.sessions[0]!, interval: INTERVAL, html: true });
    expect(report.verdict).toBe('pass');
    expect(report.html).toMatch(/^<!DOCTYPE html>/);
    expect(report.html).toContain(`Validation of ${IMEI}: PASS`);
  });
});

describe('trackwire validate on the recordings', () => {
  it('writes a self-contained HTML report and the JSON for a passing device (exit 0)', async () => {
    const html = path.join(dir, 'good.html');
    const json = path.join(dir, 'good.json');
    const r = await runCli(['validate', good.recording, '--html', html, '--json', json, '--interval', '0.05..5']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toBe(`Validation of ${IMEI}: PASS\nHTML report: ${html}\nJSON report: ${json}\n`);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ValidationReport;
    expect(report).toMatchObject({ device: IMEI, protocol: 'gt06', verdict: 'pass' });
    expect(report.html).toBeUndefined();
    const page = fs.readFileSync(html, 'utf8');
    expect(page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1]?.replace(/&#39;/g, "'")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(page).toMatch(/<svg class="chart"/);
    expect(page).toContain('Reporting interval within the expected range');
    expect(page).not.toMatch(/https?:|src=|<script|@import|url\(/i);
  });

  it('fails the misbehaving device (exit 1) and prints the checklist with the evidence frames', async () => {
    const r = await runCli(['validate', bad.recording, '--device', IMEI, '--interval', '0.05..5s']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Validation of ${IMEI} (gt06): FAIL`);
    expect(r.stdout).toMatch(/\[fail\] Positions valid\n.*zero position.*\n +evidence: #\d+/);
    expect(r.stdout).toMatch(/\[fail\] Clock correct\n.*clock drift.*\n +evidence: #\d+/);
    expect(r.stdout).toMatch(/\[fail\] No malformed or bad-checksum frames\n.*bad checksum.*\n +evidence: #\d+/);
    expect(r.stdout).toMatch(/\[pass\] Connects and logs in\n/);
  });

  it('exits 2 on bad usage: no file, an unknown device, a bad interval', async () => {
    const none = await runCli(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^trackwire: validate needs a capture file/);
    const unknown = await runCli(['validate', good.recording, '--device', '123']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`trackwire: no device '123' in ${good.recording}; it holds ${IMEI}`);
    const interval = await runCli(['validate', good.recording, '--interval', '10..5']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toMatch(/--interval expects MIN\.\.MAX/);
  });
});
