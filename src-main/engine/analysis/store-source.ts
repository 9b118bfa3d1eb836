/**
 * A comparison source read from the frames the engine already holds (what the UI compares): the
 * sessions of a capture job it opened (optionally one device's), a device's sessions, or one
 * session. Frames go through the same ProfileBuilder as a file's, one at a time in frame order,
 * decoded lean and dropped — so memory stays the profile's, and every example is an id of the
 * engine's frame list (`revealFrame` reaches it).
 */
import path from 'node:path';
import type { EngineSourceSpec, SourceSpec } from '../../api/comparison';
import type { CaptureJob } from '../../api/contract';
import { UserError } from '../errors';
import type { FrameStore } from '../frames';
import { ProfileBuilder } from './profile';
import { sourceInfo, type LoadedSource } from './source';

/** Frames profiled between two turns of the event loop (the listener keeps answering devices). */
const FRAMES_PER_TURN = 2000;

/** What the engine lends a store source. */
export interface EngineFrames {
  frames: FrameStore;
  capture(id: string): CaptureJob | undefined;
  /** A device's sessions, oldest first; undefined when there is no such device. */
  deviceSessions(deviceId: string): readonly string[] | undefined;
}

/** Whether a spec names frames the engine holds rather than a capture file. */
export function isEngineSource(spec: SourceSpec): spec is EngineSourceSpec {
  return typeof spec === 'object' && spec !== null && !('file' in spec) && ('captureId' in spec || 'deviceId' in spec || 'sessionId' in spec);
}

/** The capture job a session id comes from (`file2-3` → `file2`), or null for a listener's session. */
export function captureOfSession(sessionId: string): string | null {
  const m = /^((?:file|live)\d+)-\d+$/.exec(sessionId);
  return m ? m[1]! : null;
}

/** The sessions, label and origin of an engine source; a UserError when it names nothing the engine holds. */
export function resolveEngineSource(spec: EngineSourceSpec, e: EngineFrames): { sessions: string[]; label: string; file: string; deviceId: string | null } {
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const captureId = 'captureId' in spec ? text(spec.captureId) : undefined;
  const deviceId = 'deviceId' in spec ? text(spec.deviceId) : undefined;
  const sessionId = 'sessionId' in spec ? text(spec.sessionId) : undefined;
  const label = text(spec.label);
  /** Where the sessions' frames came from: their capture files, or the listener. */
  const origin = (sessions: readonly string[]) => {
    const sources = new Set<string>();
    for (const s of sessions) {
      const job = captureOfSession(s);
      sources.add(job ? e.capture(job)?.source ?? job : 'listener');
    }
    return [...sources].join(', ');
  };
  const ofDevice = (id: string) => {
    const sessions = e.deviceSessions(id);
    if (!sessions) throw new UserError(`no device '${id}'`);
    return sessions;
  };
  if (captureId !== undefined) {
    const job = e.capture(captureId);
    if (!job) throw new UserError(`no capture '${captureId}'`);
    const name = job.kind === 'file' ? path.basename(job.source) : job.source;
    if (job.state === 'reading') throw new UserError(`${name} is still being read; compare it once it is loaded`);
    const prefix = `${captureId}-`;
    let sessions = e.frames.sessionIds((id) => id.startsWith(prefix));
    if (deviceId !== undefined) {
      const mine = new Set(ofDevice(deviceId));
      sessions = sessions.filter((s) => mine.has(s));
      if (!sessions.length) throw new UserError(`${name} has no frames of device ${deviceId}`);
    }
    if (!sessions.length) throw new UserError(`${name} has no frames`);
    return { sessions, label: label ?? (deviceId ? `${name} (device ${deviceId})` : name), file: job.source, deviceId: deviceId ?? null };
  }
  if (deviceId !== undefined) {
    const sessions = [...ofDevice(deviceId)];
    return { sessions, label: label ?? `device ${deviceId}`, file: origin(sessions), deviceId };
  }
  if (sessionId !== undefined) {
    if (!e.frames.idsOf([sessionId]).length) throw new UserError(`no session '${sessionId}' with frames`);
    return { sessions: [sessionId], label: label ?? `session ${sessionId}`, file: origin([sessionId]), deviceId: null };
  }
  throw new UserError('a comparison source needs a capture file, a captureId, a deviceId or a sessionId');
}

/** Profile the frames of an engine source, in frame order; examples are frame-list ids. */
export async function loadEngineSource(spec: EngineSourceSpec, e: EngineFrames, opts: { signal?: AbortSignal } = {}): Promise<LoadedSource> {
  const about = resolveEngineSource(spec, e);
  const ids = e.frames.idsOf(about.sessions);
  const builder = new ProfileBuilder();
  const sessions = new Set<string>();
  for (let k = 0; k < ids.length; k++) {
    if (k > 0 && k % FRAMES_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted) throw new UserError('comparison cancelled');
    }
    const f = e.frames.decodedLean(ids[k]!);
    if (!f) continue;
    const s = f.summary;
    sessions.add(s.sessionId);
    builder.add({
      id: s.id,
      time: s.time,
      sessionId: s.sessionId,
      direction: s.direction,
      transport: s.transport,
      protocol: f.undecodedReason ? null : s.protocol,
      deviceId: s.deviceId ?? f.decoded.deviceId ?? null,
      bytes: f.bytes,
      decoded: f.decoded,
    });
  }
  const profile = builder.finish();
  if (!profile.frames) throw new UserError(`${about.label} has no frames`);
  const info = sourceInfo(profile, { label: about.label, file: about.file, deviceId: about.deviceId, sessions: sessions.size });
  info.engineFrames = true;
  return { info, profile };
}
