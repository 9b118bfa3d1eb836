/** Shared sample data for the renderer unit tests: a GT06 login frame as the engine sends it, sessions, status. */
import type { FieldNode } from '../../parsers/core/types';
import type { DeviceInfo, EngineStatus, FrameDetail, FrameSummary, SessionInfo } from '../../src-main/api/contract';

export const GT06_LOGIN_HEX = '78780d01012345678901234500018cdd0d0a';

export const GT06_LOGIN_TREE: FieldNode[] = [
  { id: 'gt06.header', label: 'Start bit', start: 0, end: 2, value: 0x7878, display: '0x7878' },
  { id: 'gt06.length', label: 'Packet length', start: 2, end: 3, value: 13 },
  { id: 'gt06.type', label: 'Protocol number', start: 3, end: 4, value: 1, display: 'login (0x01)' },
  {
    id: 'gt06.login',
    label: 'Login',
    start: 4,
    end: 12,
    children: [{ id: 'gt06.login.imei', label: 'IMEI', start: 4, end: 12, value: '0123456789012345' }],
  },
  { id: 'gt06.serial', label: 'Serial number', start: 12, end: 14, value: 1 },
  {
    id: 'gt06.crc',
    label: 'Error check',
    start: 14,
    end: 16,
    value: 0x8cdd,
    display: '0x8cdd',
    children: [{ id: 'gt06.crc.computed', label: 'Computed CRC', start: 14, end: 16, generated: true, display: '0x8cdd' }],
  },
  { id: 'gt06.stop', label: 'Stop bit', start: 16, end: 18, value: 0x0d0a, display: '0x0d0a' },
];

export function frame(id: number, patch: Partial<FrameSummary> = {}): FrameSummary {
  return {
    id,
    time: Date.UTC(2025, 0, 2, 3, 4, 5, 6) + id,
    sessionId: 's1',
    transport: 'tcp',
    source: '10.0.0.7:40112',
    local: '0.0.0.0:8888',
    direction: 'up',
    protocol: 'gt06',
    messageType: 'login',
    deviceId: '0123456789012345',
    length: 18,
    issueCount: 0,
    severity: null,
    summary: 'login IMEI 0123456789012345',
    ...patch,
  };
}

export function detail(id: number): FrameDetail {
  return {
    ...frame(id),
    hex: GT06_LOGIN_HEX,
    tree: GT06_LOGIN_TREE,
    issues: [],
    candidates: [{ protocol: 'gt06', name: 'GT06', score: 0.97, evidence: [{ text: 'header 7878', weight: 0.4 }] }],
    positions: [],
  };
}

export const STATUS: EngineStatus = {
  version: '0.1.0',
  listeners: [
    { transport: 'tcp', host: '0.0.0.0', port: 8888, state: 'listening' },
    { transport: 'udp', host: '0.0.0.0', port: 8888, state: 'listening' },
  ],
  frameCount: 1,
  sessionCount: 1,
  deviceCount: 1,
  responder: { mode: 'answer' },
  recorder: { state: 'recording', path: '/home/user/.local/share/trackwire/recordings/2025-01-02T03-04-05.pcapng', packets: 2, bytes: 132 },
  limits: { maxConnections: 10_000, maxPendingBytes: 65_536, idleTimeoutSec: 0, maxDatagramBytes: 65_507 },
  limitEvents: { rejectedConnections: 0, droppedBytes: 0, oversizedDatagrams: 0, idleClosed: 0 },
  upstream: null,
};

/** A TCP session `s<n>` of device `0123456789012345`, opened at a fixed time + n. */
export function session(n: number, patch: Partial<SessionInfo> = {}): SessionInfo {
  const openedAt = Date.UTC(2025, 0, 2, 3, 4, 5) + n;
  return {
    id: `tcp-${n}`,
    transport: 'tcp',
    source: `10.0.0.7:${40000 + n}`,
    local: '0.0.0.0:8888',
    state: 'open',
    protocol: 'gt06',
    protocolForced: false,
    deviceId: '0123456789012345',
    openedAt,
    closedAt: null,
    lastSeen: openedAt,
    framesUp: 1,
    framesDown: 1,
    bytesUp: 18,
    bytesDown: 10,
    issues: 0,
    answers: 1,
    responder: null,
    upstream: null,
    ...patch,
  };
}

export function device(deviceId: string, sessions: string[], patch: Partial<DeviceInfo> = {}): DeviceInfo {
  return {
    deviceId,
    protocol: 'gt06',
    sessions,
    online: true,
    firstSeen: Date.UTC(2025, 0, 2, 3, 4, 5),
    lastSeen: Date.UTC(2025, 0, 2, 3, 4, 5),
    frames: 2,
    ...patch,
  };
}

/** Frames `from` … `to` (ids ascending), each with `patch`. */
export function frameRange(from: number, to: number, patch: Partial<FrameSummary> = {}): FrameSummary[] {
  const out: FrameSummary[] = [];
  for (let id = from; id <= to; id++) out.push(frame(id, patch));
  return out;
}
