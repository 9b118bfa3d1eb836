/**
 * The comparison of frames the engine holds (what the UI's Compare runs): two sample captures
 * opened in one Engine, compared by capture job, device and session. Every example frame of every
 * difference is an id of the engine's frame list: getFrame shows the difference's message type
 * and direction, on the right side's capture. File sources still number frames as the file does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, Difference } from '../../src-main/api/comparison';
import type { CaptureJob, FrameDetail } from '../../src-main/api/contract';
import { Engine } from '../../src-main/engine/engine';
import { waitFor } from '../helpers/net';

const FW_A = path.resolve('samples', 'teltonika-fw-a.pcapng');
const FW_B = path.resolve('samples', 'teltonika-fw-b.pcapng');

let engine: Engine;
let jobA: CaptureJob;
let jobB: CaptureJob;

async function open(file: string): Promise<CaptureJob> {
  const jobs: CaptureJob[] = [];
  const off = engine.subscribe((e) => e.type === 'capture' && jobs.push(e.job));
  const job = await engine.handle('openCapture', { path: file });
  const done = await waitFor(() => jobs.find((j) => j.id === job.id && j.state !== 'reading'), 5000, `${file} read`);
  off();
  return done;
}

beforeAll(async () => {
  engine = new Engine();
  jobA = await open(FW_A);
  jobB = await open(FW_B);
});

afterAll(() => engine?.stop());

/** The message type an example of a difference has. */
function exampleType(d: Difference): string {
  if (d.messageType === 'location reports') return 'location';
  if (d.messageType === 'heartbeats') return 'ping';
  return d.messageType;
}

/** Every example of every difference is a frame of the engine with the difference's type and direction, in its side's sessions. */
async function checkExamples(c: Comparison, sessionOf: { a: (s: string) => boolean; b: (s: string) => boolean }): Promise<number> {
  let checked = 0;
  for (const d of c.differences) {
    for (const side of ['a', 'b'] as const) {
      for (const id of d.examples[side]) {
        const f = (await engine.handle('getFrame', { id })) as FrameDetail | null;
        expect(f, `${d.kind} ${side} #${id}`).not.toBeNull();
        expect(f!.messageType, `${d.kind} ${side} #${id}`).toBe(exampleType(d));
        expect(f!.direction, `${d.kind} ${side} #${id}`).toBe(d.direction);
        expect(sessionOf[side](f!.sessionId), `${d.kind} ${side} #${id} in ${f!.sessionId}`).toBe(true);
        checked++;
      }
    }
  }
  return checked;
}

const inJob = (job: CaptureJob) => (sessionId: string) => sessionId.startsWith(`${job.id}-`);

describe('compareSources over the frames the engine holds', () => {
  it('compares two opened captures by job: the same differences as the files, examples are frame-list ids', async () => {
    const c = await engine.handle('compareSources', { a: { captureId: jobA.id }, b: { captureId: jobB.id }, html: true });
    expect(c.differences.map((d) => `${d.kind} ${d.messageType}`).sort()).toEqual(['codec-changed location', 'interval-changed heartbeats', 'interval-changed location reports']);
    expect(c.a).toMatchObject({ label: 'teltonika-fw-a.pcapng', file: FW_A, engineFrames: true, frames: jobA.frames, sessions: 1 });
    expect(c.b).toMatchObject({ label: 'teltonika-fw-b.pcapng', file: FW_B, engineFrames: true, frames: jobB.frames });
    expect(await checkExamples(c, { a: inJob(jobA), b: inJob(jobB) })).toBeGreaterThanOrEqual(10);
    // B's frames follow A's in the engine: its examples are not the file's positions.
    const codec = c.differences.find((d) => d.kind === 'codec-changed')!;
    expect(Math.min(...codec.examples.b)).toBeGreaterThan(jobA.frames);
    // The message-type table's first/last ids are frame-list ids too.
    const login = c.messageTypes.find((m) => m.messageType === 'login')!;
    expect((await engine.handle('getFrame', { id: login.b!.firstId }))!.messageType).toBe('login');
    expect(c.html).toContain('as the frame list of the Trackwire window');

    // The files compared on their own number frames as the files do.
    const files = await engine.handle('compareSources', { a: FW_A, b: FW_B });
    expect(files.differences.map((d) => d.examples)).not.toEqual(c.differences.map((d) => d.examples));
    expect(files.a.engineFrames).toBeUndefined();
    expect(files.differences.find((d) => d.kind === 'codec-changed')!.examples.b).toEqual([3, 5, 7]);
  });

  it('compares by session, by capture and device, and by device', async () => {
    const sessions = await engine.handle('listSessions', undefined);
    const sa = sessions.find((s) => inJob(jobA)(s.id))!;
    const sb = sessions.find((s) => inJob(jobB)(s.id))!;
    const bySession = await engine.handle('compareSources', { a: { sessionId: sa.id }, b: { sessionId: sb.id, label: 'firmware B' } });
    expect(bySession.differences).toHaveLength(3);
    expect(bySession.b.label).toBe('firmware B');
    expect(bySession.a.file).toBe(FW_A);
    await checkExamples(bySession, { a: (s) => s === sa.id, b: (s) => s === sb.id });

    const device = sa.deviceId!;
    expect(device).toBeTruthy();
    const byDevice = await engine.handle('compareSources', { a: { captureId: jobA.id, deviceId: device }, b: { captureId: jobB.id, deviceId: device } });
    expect(byDevice.a.label).toBe(`teltonika-fw-a.pcapng (device ${device})`);
    expect(byDevice.differences).toHaveLength(3);

    // The device across both captures against itself: nothing differs.
    const same = await engine.handle('compareSources', { a: { deviceId: device }, b: { deviceId: device } });
    expect(same.differences).toEqual([]);
    expect(same.a.frames).toBe(jobA.frames + jobB.frames);
    expect(same.a.file).toBe(`${FW_A}, ${FW_B}`);
  });

  it('refuses what it does not hold', async () => {
    await expect(engine.handle('compareSources', { a: { captureId: 'file99' }, b: { captureId: jobB.id } })).rejects.toThrow(/no capture 'file99'/);
    await expect(engine.handle('compareSources', { a: { deviceId: 'nope' }, b: { captureId: jobB.id } })).rejects.toThrow(/no device 'nope'/);
    await expect(engine.handle('compareSources', { a: { sessionId: 'tcp-999' }, b: { captureId: jobB.id } })).rejects.toThrow(/no session 'tcp-999'/);
    await expect(engine.handle('compareSources', { a: { captureId: jobA.id, deviceId: 'nope' }, b: { captureId: jobB.id } })).rejects.toThrow(/no device 'nope'/);
  });
});
