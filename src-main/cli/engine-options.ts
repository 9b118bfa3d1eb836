/** From command-line options to the engine's: listeners, proxy, limits, responder, recording. */
import os from 'node:os';
import path from 'node:path';
import type { EngineOptions } from '../engine/engine';
import { openRecorder } from '../engine/recording';
import type { CliOptions } from './args';

/** Where recordings go when no --record is given. */
export function defaultRecordingDir(): string {
  return process.env.TRACKWIRE_RECORDINGS || path.join(os.homedir(), 'Trackwire', 'recordings');
}

export function engineOptions(o: CliOptions): EngineOptions {
  const dir = o.record === null ? null : o.record ?? defaultRecordingDir();
  return {
    listen: o.listen,
    protocol: o.protocol,
    upstream: o.upstream,
    upstreamDown: o.upstreamDown,
    limits: o.limits,
    responder: o.responder,
    recorder: dir ? (onError) => openRecorder(dir, onError) : undefined,
    samplesDir: path.resolve(__dirname, '..', 'samples'),
    dataDir: process.env.TRACKWIRE_DATA || path.join(os.homedir(), 'Trackwire'),
  };
}
