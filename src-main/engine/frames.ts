/**
 * The frame index: one compact record per frame (summary + wire bytes); the field tree is
 * decoded again on demand, never kept per frame.
 */
import type { Candidate, DecodedFrame, FieldNode } from '../../parsers/core/types';
import { getProtocol } from '../../parsers/index';
import { toHex } from '../../parsers/core/bytes';
import { collectIssues, issue, leanDecode } from '../../parsers/core/reader';
import type { Direction, FrameDetail, FrameSummary, Transport } from '../api/contract';

export interface FrameInput {
  time: number;
  sessionId: string;
  transport: Transport;
  source: string;
  local: string;
  direction: Direction;
  protocol: string | null;
  candidates: Candidate[];
  bytes: Uint8Array;
  /** Why these bytes were not cut as a frame (garbage between frames, unknown protocol). */
  undecodedReason?: string;
  /** Device id the session learnt earlier (decode context for frames that omit it). */
  deviceId?: string;
}

interface FrameRecord {
  summary: FrameSummary;
  bytes: Uint8Array;
  candidates: Candidate[];
  undecodedReason?: string;
}

/** Decode bytes with the protocol named, or show them as one undecoded node. Never throws. */
export function decodeWith(protocol: string | null, bytes: Uint8Array, ctx: { transport: Transport; direction: Direction; deviceId?: string }, undecodedReason?: string): DecodedFrame {
  const p = protocol && !undecodedReason ? getProtocol(protocol) : undefined;
  if (p) {
    try {
      return p.decode(bytes, { transport: ctx.transport, direction: ctx.direction, deviceId: ctx.deviceId });
    } catch (e) {
      return rawDecode(protocol, bytes, `decoder failed: ${(e as Error).message}`, 'malformed');
    }
  }
  return rawDecode(protocol, bytes, undecodedReason ?? 'no protocol detected for these bytes', 'undecoded');
}

function rawDecode(protocol: string | null, bytes: Uint8Array, reason: string, group: 'malformed' | 'undecoded'): DecodedFrame {
  const node: FieldNode = {
    id: 'data',
    label: 'Data',
    start: 0,
    end: bytes.length,
    value: toHex(bytes),
    display: `${bytes.length} bytes`,
    issues: [issue(group === 'malformed' ? 'core.decoder_error' : 'core.undecoded', group, group === 'malformed' ? 'error' : 'warning', reason)],
  };
  const tree = [node];
  return { protocol: protocol ?? 'unknown', messageType: 'undecoded', positions: [], attributes: {}, tree, issues: collectIssues(tree), summary: reason };
}

const SEVERITY_RANK = { info: 1, warning: 2, error: 3 } as const;

export class FrameStore {
  private records: FrameRecord[] = [];
  /** Frame ids of each session, in order (for the session and device filters). */
  private bySession = new Map<string, number[]>();

  get count(): number {
    return this.records.length;
  }

  /** Add a frame; decodes it once for the summary and returns the summary and the decode. */
  add(input: FrameInput): { summary: FrameSummary; decoded: DecodedFrame } {
    // The summary needs no display texts: the full tree is decoded again when a frame is opened.
    const decoded = leanDecode(() => decodeWith(input.protocol, input.bytes, input, input.undecodedReason));
    let severity: FrameSummary['severity'] = null;
    for (const i of decoded.issues) if (!severity || SEVERITY_RANK[i.severity] > SEVERITY_RANK[severity]) severity = i.severity;
    const summary: FrameSummary = {
      id: this.records.length + 1,
      time: input.time,
      sessionId: input.sessionId,
      transport: input.transport,
      source: input.source,
      local: input.local,
      direction: input.direction,
      protocol: input.protocol,
      messageType: decoded.messageType,
      deviceId: decoded.deviceId ?? null,
      length: input.bytes.length,
      issueCount: decoded.issues.length,
      severity,
      summary: decoded.summary,
    };
    this.records.push({ summary, bytes: input.bytes, candidates: input.candidates, undecodedReason: input.undecodedReason });
    let ids = this.bySession.get(input.sessionId);
    if (!ids) this.bySession.set(input.sessionId, (ids = []));
    ids.push(summary.id);
    return { summary, decoded };
  }

  /** Attach a device id learnt later in the session to a frame already stored. */
  setDeviceId(id: number, deviceId: string): void {
    const r = this.records[id - 1];
    if (r && !r.summary.deviceId) r.summary.deviceId = deviceId;
  }

  list(from: number, count: number): FrameSummary[] {
    const start = Math.max(1, Math.floor(from)) - 1;
    return this.records.slice(start, start + Math.max(0, Math.min(count, 10000))).map((r) => r.summary);
  }

  /** Frame ids of these sessions merged in frame order. */
  idsOf(sessionIds: readonly string[]): number[] {
    const lists = sessionIds.map((s) => this.bySession.get(s) ?? []).filter((l) => l.length);
    if (lists.length <= 1) return lists[0] ?? [];
    return lists.flat().sort((a, b) => a - b);
  }

  /** Like `list`, within the frames of these sessions; `from` is 1-based within them. */
  listOf(sessionIds: readonly string[], from: number, count: number): FrameSummary[] {
    const ids = this.idsOf(sessionIds);
    const start = Math.max(1, Math.floor(from)) - 1;
    return ids.slice(start, start + Math.max(0, Math.min(count, 10000))).map((id) => this.records[id - 1]!.summary);
  }

  /** The stored frame: its summary and wire bytes (for exports). */
  raw(id: number): { summary: FrameSummary; bytes: Uint8Array; undecodedReason?: string } | null {
    const r = this.records[id - 1];
    return r ? { summary: r.summary, bytes: r.bytes, undecodedReason: r.undecodedReason } : null;
  }

  detail(id: number): FrameDetail | null {
    const r = this.records[id - 1];
    if (!r) return null;
    const s = r.summary;
    const d = decodeWith(s.protocol, r.bytes, { ...s, deviceId: s.deviceId ?? undefined }, r.undecodedReason);
    return { ...s, hex: toHex(r.bytes), tree: d.tree, issues: d.issues, candidates: r.candidates, positions: d.positions };
  }
}
