/**
 * Reading a comparison source: a capture file (a recorder run is its pcapng) through the same
 * capture loader, detection and decoding as `trackwire decode`, streamed into a ProfileBuilder —
 * optionally only one device's sessions. Frame numbers count every frame of the file, so they are
 * the numbers the file shows when opened alone, whether or not a device is picked.
 */
import path from 'node:path';
import { getProtocol, PROTOCOLS } from '../../../parsers/index';
import type { FileSourceSpec, SourceInfo } from '../../api/comparison';
import { captureFileSize, decodeCaptureFrame, loadCaptureFile, type CaptureFrame } from '../capture/loader';
import { UserError } from '../errors';
import { ProfileBuilder, type Profile, type ProfileFrame } from './profile';

/** Frames of a flow held until its device is known (device-filtered sources), and of all flows. */
const MAX_HELD = 64;
const MAX_HELD_TOTAL = 20_000;
/** Devices listed in SourceInfo. */
const MAX_LISTED_DEVICES = 100;

export interface LoadedSource {
  info: SourceInfo;
  profile: Profile;
}

export interface SourceOptions {
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
}

/** The spec in its object form. */
export function normaliseSpec(spec: FileSourceSpec): { file: string; deviceId?: string; protocol?: string; label?: string } {
  return typeof spec === 'string' ? { file: spec } : spec;
}

/** Read a source and profile it; throws a UserError for a missing file or an unknown protocol. */
export async function loadSource(spec: FileSourceSpec, opts: SourceOptions = {}): Promise<LoadedSource> {
  const s = spec ? normaliseSpec(spec) : null;
  if (!s || typeof s.file !== 'string' || !s.file) throw new UserError('a comparison source needs a capture file');
  if (s.protocol && !getProtocol(s.protocol)) throw new UserError(`unknown protocol '${s.protocol}'; known: ${PROTOCOLS.map((p) => p.id).join(', ')}`);
  const file = path.resolve(s.file);
  // Refused now when missing or not a file (the loader would only say so in its summary).
  captureFileSize(file);
  const builder = new ProfileBuilder();
  const want = s.deviceId ?? null;
  const devices = new Map<number, string>();
  // Device-filtered: a flow's frames before it identifies itself wait (bytes only, bounded).
  const held = new Map<number, Array<{ id: number; f: CaptureFrame }>>();
  let heldTotal = 0;
  const sessions = new Set<number>();
  let id = 0;
  const profileFrame = (frameId: number, f: CaptureFrame, known: string | undefined): ProfileFrame => {
    const decoded = decodeCaptureFrame(f, known);
    return {
      id: frameId,
      time: f.time,
      sessionId: `flow ${f.flowId}`,
      direction: f.direction,
      transport: f.transport,
      protocol: f.undecodedReason || f.gap ? null : f.protocol,
      deviceId: known ?? decoded.deviceId ?? null,
      bytes: f.bytes,
      decoded,
    };
  };
  const summary = await loadCaptureFile(file, {
    protocol: s.protocol,
    signal: opts.signal,
    onProgress: opts.onProgress,
    onFrame: (f: CaptureFrame) => {
      id++;
      const known = devices.get(f.flowId);
      const frame = profileFrame(id, f, known);
      if (!known && frame.deviceId) devices.set(f.flowId, frame.deviceId);
      const device = frame.deviceId;
      if (want === null) {
        sessions.add(f.flowId);
        builder.add(frame);
        return;
      }
      if (device === null) {
        let list = held.get(f.flowId);
        if (!list) held.set(f.flowId, (list = []));
        if (list.length < MAX_HELD && heldTotal < MAX_HELD_TOTAL) {
          list.push({ id, f: { ...f, bytes: f.bytes.slice() } });
          heldTotal++;
        }
        return;
      }
      const before = held.get(f.flowId);
      if (before) {
        held.delete(f.flowId);
        heldTotal -= before.length;
      }
      if (device !== want) return;
      sessions.add(f.flowId);
      for (const h of before ?? []) builder.add({ ...profileFrame(h.id, h.f, device), deviceId: device });
      builder.add(frame);
    },
  });
  if (summary.cancelled) throw new UserError('comparison cancelled');
  const profile = builder.finish();
  const base = path.basename(file);
  const info = sourceInfo(profile, { label: s.label ?? (want ? `${base} (device ${want})` : base), file, deviceId: want, sessions: sessions.size });
  if (summary.reason) info.problem = `reading stopped at byte ${summary.stoppedAt}: ${summary.reason}`;
  if (want !== null && profile.frames === 0) {
    const inFile = [...new Set(devices.values())];
    throw new UserError(`${base} has no frames of device ${want}; ${inFile.length ? `its devices: ${inFile.slice(0, 10).join(', ')}${inFile.length > 10 ? ', …' : ''}` : 'no device identified itself in it'}`);
  }
  return { info, profile };
}

/** What a source's summary says of its profile. */
export function sourceInfo(profile: Profile, about: Pick<SourceInfo, 'label' | 'file' | 'deviceId' | 'sessions'>): SourceInfo {
  const devicesSeen = [...profile.devices];
  const protocols = new Set<string>();
  for (const t of profile.types.values()) if (t.protocol !== 'unknown') protocols.add(t.protocol);
  return {
    label: about.label,
    file: about.file,
    deviceId: about.deviceId,
    frames: profile.frames,
    framesUp: profile.framesUp,
    framesDown: profile.framesDown,
    undecoded: profile.undecoded,
    protocols: [...protocols].sort(),
    devices: devicesSeen.slice(0, MAX_LISTED_DEVICES),
    deviceCount: devicesSeen.length,
    sessions: about.sessions,
    firstTime: profile.firstTime,
    lastTime: profile.lastTime,
  };
}
