/**
 * `trackwire decode FILE`: a pcap or pcapng capture through reassembly, detection and decoding,
 * out as NDJSON (default), JSON, CSV or pcapng, optionally filtered. A summary (flows that are not
 * tracker traffic, where a damaged file stopped) goes to standard error.
 */
import fs from 'node:fs';
import { decodeCaptureFrame, loadCaptureFile, type CaptureFrame } from '../engine/capture/loader';
import { lintFrame, type LintState } from '../../parsers/core/lint';
import { createExporter, type ExportFormat } from '../engine/export';
import { parseFilter } from '../../parsers/core/display-filter';
import { UserError } from '../engine/errors';
import { getProtocol, PROTOCOLS } from '../../parsers/index';

export interface DecodeFileOptions {
  file: string;
  format: ExportFormat;
  filter?: string;
  output?: string;
  protocol?: string;
}

/** Write all of `data` to a file descriptor, waiting out a full pipe. */
function writeAll(fd: number, data: string | Uint8Array): void {
  let buf = typeof data === 'string' ? Buffer.from(data) : data;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  while (buf.length) {
    try {
      const n = fs.writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(wait, 0, 0, 2);
    }
  }
}

export async function decodeFile(o: DecodeFileOptions): Promise<number> {
  if (o.protocol && !getProtocol(o.protocol)) throw new UserError(`unknown protocol '${o.protocol}'; known: ${PROTOCOLS.map((p) => p.id).join(', ')}`);
  if (!fs.existsSync(o.file)) throw new UserError(`no such file: ${o.file}`);
  if (o.format === 'pcapng' && !o.output && process.stdout.isTTY) throw new UserError('pcapng is binary: give --output FILE or redirect standard output');
  const parsed = parseFilter(o.filter ?? '');
  if (!parsed.ok) throw new UserError(`--filter: ${parsed.error}`);
  const keep = parsed.filter;
  let fd = 1;
  if (o.output) {
    try {
      fd = fs.openSync(o.output, 'w');
    } catch (e) {
      throw new UserError(`cannot write ${o.output}: ${(e as Error).message}`);
    }
  }
  const ex = createExporter(o.format);
  // Output is gathered and written in blocks: one write per frame would dominate the run time.
  let pending: Array<string | Uint8Array> = [];
  let pendingBytes = 0;
  const out = (d: string | Uint8Array) => {
    if (!d.length) return;
    pending.push(d);
    pendingBytes += d.length;
    if (pendingBytes >= 1 << 20) flush();
  };
  // A reader that goes away (`| head`) ends the run quietly.
  const ac = new AbortController();
  let readerGone = false;
  const flush = () => {
    if (!pending.length || readerGone) return;
    const blocks = pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
    pending = [];
    pendingBytes = 0;
    try {
      writeAll(fd, Buffer.concat(blocks));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw new UserError(`cannot write the output: ${(e as Error).message}`);
      readerGone = true;
      ac.abort();
    }
  };
  out(ex.header());
  const devices = new Map<number, string>();
  /** GPS/time checks per device (or flow), as the engine runs them on arrival. */
  const lintStates = new Map<string, LintState>();
  let written = 0;
  const tty = process.stderr.isTTY;
  const summary = await loadCaptureFile(o.file, {
    protocol: o.protocol,
    signal: ac.signal,
    onFrame: (f: CaptureFrame) => {
      const known = devices.get(f.flowId);
      // The records carry no field tree, so no display texts are built.
      let decoded = decodeCaptureFrame(f, known);
      if (f.direction === 'up' && !f.gap && !f.undecodedReason) {
        const key = decoded.deviceId ?? known ?? `@${f.flowId}`;
        let state = lintStates.get(key);
        if (!state) lintStates.set(key, (state = {}));
        const lint = lintFrame(decoded, f.time, state);
        if (lint.length) decoded = { ...decoded, issues: [...decoded.issues, ...lint] };
      }
      if (decoded.deviceId && !known) devices.set(f.flowId, decoded.deviceId);
      const rec = { protocol: f.undecodedReason ? null : f.protocol, deviceId: decoded.deviceId ?? known ?? null };
      if (!keep.test({ protocol: rec.protocol, messageType: decoded.messageType, deviceId: rec.deviceId, direction: f.direction, transport: f.transport, length: f.bytes.length, source: f.client, decoded })) return;
      written++;
      out(ex.frame({ time: f.time, flow: f.flow, client: f.client, server: f.server, transport: f.transport, direction: f.direction, protocol: f.protocol, bytes: f.bytes, decoded, undecodedReason: f.undecodedReason, deviceId: rec.deviceId ?? undefined }));
    },
    onProgress: tty
      ? (p) => process.stderr.write(`\r${((p.bytesRead / Math.max(1, p.totalBytes)) * 100).toFixed(0).padStart(3)}% of ${(p.totalBytes / 1e6).toFixed(1)} MB`)
      : undefined,
  });
  if (readerGone) return 0;
  out(ex.footer());
  flush();
  if (fd !== 1) fs.closeSync(fd);
  if (tty) process.stderr.write('\r');
  const lines = [`${summary.packets} packets, ${summary.frames} frames (${written} written) in ${summary.flows} flows; ${summary.nonTrackerFlows.length + summary.nonTrackerFlowsOmitted} flows are not tracker traffic`];
  for (const n of summary.nonTrackerFlows.slice(0, 10)) lines.push(`  not tracker traffic: ${n.transport.toUpperCase()} ${n.flow}, ${n.packets} packets, ${n.bytes} bytes`);
  if (summary.gaps) lines.push(`  ${summary.gaps} gap(s): ${summary.missingBytes} bytes missing from the capture`);
  if (summary.reason) lines.push(`stopped at byte ${summary.stoppedAt}: ${summary.reason}; everything before it was decoded`);
  process.stderr.write(`${lines.join('\n')}\n`);
  return summary.reason && !summary.cancelled ? 1 : 0;
}
