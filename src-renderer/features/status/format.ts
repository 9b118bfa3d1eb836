/** Text of the status bar: recorder and limit events. Pure, no React. */
import type { EngineStatus, RecorderStatus } from '../../../src-main/api/contract';
import { formatBytes, formatCount, plural } from '../sessions/format';

/** What the limits did, one phrase each, only the non-zero ones. */
export function limitEventsTexts(status: Pick<EngineStatus, 'limitEvents' | 'limits'>): string[] {
  const { limitEvents: e, limits } = status;
  const out: string[] = [];
  if (e.rejectedConnections > 0) out.push(`${plural(e.rejectedConnections, 'connection', 'connections')} refused (limit ${formatCount(limits.maxConnections)})`);
  // Dropped bytes come from both limits below: unframed bytes held and datagram size.
  if (e.droppedBytes > 0) out.push(`${plural(e.droppedBytes, 'byte', 'bytes')} dropped (limit ${formatCount(limits.maxPendingBytes)} unframed bytes held)`);
  if (e.oversizedDatagrams > 0) out.push(`${plural(e.oversizedDatagrams, 'oversized datagram', 'oversized datagrams')} cut (limit ${formatCount(limits.maxDatagramBytes)} bytes)`);
  if (e.idleClosed > 0) out.push(`${plural(e.idleClosed, 'idle session', 'idle sessions')} closed (after ${formatCount(limits.idleTimeoutSec)} s)`);
  return out;
}

/** `12 packets · 1.4 KiB`. */
export function recorderCounts(r: RecorderStatus): string {
  return `${plural(r.packets, 'packet', 'packets')} · ${formatBytes(r.bytes)}`;
}

/** The warning for a recording that stopped, saying so once. */
export function stoppedText(message: string | undefined): string {
  if (!message) return 'Recording stopped';
  return /^recording/i.test(message) ? message : `Recording stopped: ${message}`;
}
