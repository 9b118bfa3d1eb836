/**
 * Tracker traffic written as a capture file, shared by the benchmarks that need one: devices on
 * their own TCP connections (synthesised with the engine's TcpFlowSynth, written with its pcapng
 * writer), each sending its frames in order while the server answers them as a real one would
 * (the protocol's `respond`). Devices are connected one after another or several at a time,
 * their frames interleaved, until the file reaches a size or a number of frames.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapngMemoryWriter, msToNs, type PacketRecord } from '../../src-main/engine/pcapng/writer';
import { TcpFlowSynth } from '../../src-main/engine/pcapng/synth';
import { getProtocol } from '../../parsers/index';
import type { DecodedFrame, ProtocolDescriptor } from '../../parsers/core/types';

/** One device on its own TCP connection: its protocol and the frames it sends, in order. */
export interface DeviceTraffic {
  protocol: string;
  /** Uplink frames; pulled one at a time, so it may be endless. */
  frames: Iterator<Uint8Array>;
}

/** A frame as written: the uplink ones decoded (the answers are not). */
export interface WrittenFrame {
  protocol: string;
  direction: 'up' | 'down';
  bytes: Uint8Array;
  /** The device id learnt so far on the connection (as the engine's session knows it). */
  deviceId: string | undefined;
  decoded?: DecodedFrame;
}

export interface TrafficPlan {
  /** Device `n` (0, 1, 2 … as earlier ones finish), connecting at `startMs`. */
  device(n: number, startMs: number): DeviceTraffic;
  /** Devices connected at once, their frames interleaved round-robin; 1 unless given. */
  concurrent?: number;
  /** Stop once the file has this many bytes … */
  maxBytes?: number;
  /** … or exactly this many frames, answers included (an answer that would exceed it is left out). */
  maxFrames?: number;
  /** The server's answer to an uplink frame; the protocol's `respond` unless given. */
  answer?(proto: ProtocolDescriptor, frame: Uint8Array, decoded: DecodedFrame): Uint8Array | null;
  onFrame?(f: WrittenFrame): void;
}

export interface TrafficSummary {
  frames: number;
  flows: number;
  packets: number;
  bytes: number;
}

/** The capture starts here: 1 November 2026, 00:00 UTC. */
export const TRAFFIC_START_MS = Date.UTC(2026, 10, 1);
/** Time between two uplink frames of the capture; an answer follows its frame after 2 ms. */
const FRAME_STEP_MS = 10;
/** Packets gathered before they go to the writer and the file. */
const BATCH = 4096;

interface Flow {
  proto: ProtocolDescriptor;
  synth: TcpFlowSynth;
  frames: Iterator<Uint8Array>;
  deviceId: string | undefined;
}

/** Write the capture to `file`; stops at `maxBytes` or `maxFrames`, whichever comes first. */
export function writeTrafficCapture(file: string, plan: TrafficPlan): TrafficSummary {
  if (plan.maxBytes === undefined && plan.maxFrames === undefined) throw new Error('writeTrafficCapture needs maxBytes or maxFrames');
  const maxBytes = plan.maxBytes ?? Infinity;
  const maxFrames = plan.maxFrames ?? Infinity;
  const fd = openSync(file, 'w');
  const w = new PcapngMemoryWriter();
  const iface = w.addInterface({ name: 'bench' });
  let t = TRAFFIC_START_MS;
  let frames = 0;
  let flows = 0;
  let batch: PacketRecord[] = [];
  const put = (packets: ReadonlyArray<{ bytes: Uint8Array }>, at: number) => {
    for (const p of packets) batch.push({ interfaceId: iface, timestampNs: msToNs(at), data: p.bytes });
    if (batch.length >= BATCH) flush();
  };
  const flush = () => {
    w.writePackets(batch);
    batch = [];
    writeSync(fd, w.take());
  };
  const connect = (): Flow => {
    const n = flows++;
    const d = plan.device(n, t);
    const proto = getProtocol(d.protocol);
    if (!proto) throw new Error(`device ${n}: unknown protocol '${d.protocol}'`);
    const synth = new TcpFlowSynth({ address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, port: 40000 + (n % 20000) }, { address: '192.168.1.10', port: 8888 });
    put(synth.open(), t);
    return { proto, synth, frames: d.frames, deviceId: undefined };
  };
  const slots: Flow[] = [];
  for (let i = 0; i < Math.max(1, plan.concurrent ?? 1); i++) slots.push(connect());
  const full = () => frames >= maxFrames || w.bytes >= maxBytes;
  for (let i = 0; !full(); i = (i + 1) % slots.length) {
    let flow = slots[i]!;
    let next = flow.frames.next();
    if (next.done) {
      put(flow.synth.close(), t);
      flow = slots[i] = connect();
      next = flow.frames.next();
      if (next.done) throw new Error(`device ${flows - 1} sends no frames`);
    }
    t += FRAME_STEP_MS;
    const up = next.value;
    put(flow.synth.data('up', up), t);
    frames++;
    const decoded = flow.proto.decode(up, { transport: 'tcp', direction: 'up', deviceId: flow.deviceId });
    flow.deviceId ??= decoded.deviceId;
    plan.onFrame?.({ protocol: flow.proto.id, direction: 'up', bytes: up, deviceId: flow.deviceId, decoded });
    const answer = frames >= maxFrames ? null : plan.answer ? plan.answer(flow.proto, up, decoded) : flow.proto.respond(up, decoded);
    if (answer) {
      put(flow.synth.data('down', answer), t + 2);
      frames++;
      plan.onFrame?.({ protocol: flow.proto.id, direction: 'down', bytes: answer, deviceId: flow.deviceId });
    }
  }
  for (const flow of slots) put(flow.synth.close(), t + 5);
  flush();
  closeSync(fd);
  return { frames, flows, packets: w.packets, bytes: w.bytes };
}
