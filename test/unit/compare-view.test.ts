// The compare/validate panel's view model (src-renderer/features/compare/model.ts): the sources
// offered and the engine spec each becomes, the difference rows with their frame links, the
// message-type table, the interval histograms on one scale, the checklist, report file names; and
// the devices table's clock surviving session pushes.
import { describe, expect, it } from 'vitest';
import type { Comparison, Histogram, SourceInfo } from '../../src-main/api/comparison';
import type { CaptureJob, DeviceInfo, RecentCapture, SessionInfo, ValidationReport } from '../../src-main/api/contract';
import {
  bucketLabel,
  bucketOf,
  captureOfFile,
  checkRows,
  choiceKey,
  comparisonJson,
  defaultPair,
  differenceRows,
  differencesHeadline,
  formatMs,
  histogramView,
  MAX_EVIDENCE_LINKS,
  offered,
  parseChoice,
  reportFileName,
  sourceGroups,
  sourceSummary,
  stepFor,
  typeRows,
  validationBars,
  validationJson,
  verdictText,
  type SourceChoice,
} from '../../src-renderer/features/compare/model';
import { devicesAfterList, devicesAfterSessions, mergeSessions, EMPTY_KEYED } from '../../src-renderer/features/sessions/model';

function job(id: string, patch: Partial<CaptureJob> = {}): CaptureJob {
  return { id, kind: 'file', source: `/data/${id}.pcapng`, state: 'done', bytesRead: 10, totalBytes: 10, packets: 5, frames: 5, flows: 1, nonTrackerFlows: [], gaps: 0, missingBytes: 0, ...patch };
}

function device(deviceId: string, patch: Partial<DeviceInfo> = {}): DeviceInfo {
  return { deviceId, protocol: 'gt06', sessions: ['tcp-1'], online: false, firstSeen: 1, lastSeen: 2, frames: 12, ...patch };
}

function session(id: string, patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id, transport: 'tcp', source: '10.0.0.7:40112', local: '0.0.0.0:8888', state: 'closed', protocol: 'gt06', protocolForced: false, deviceId: '359710049000001',
    openedAt: 1, closedAt: 2, lastSeen: 2, framesUp: 4, framesDown: 3, bytesUp: 100, bytesDown: 40, issues: 0, answers: 3, responder: null, upstream: null, ...patch,
  };
}

function source(label: string, patch: Partial<SourceInfo> = {}): SourceInfo {
  return { label, file: `/data/${label}`, deviceId: null, frames: 266, framesUp: 145, framesDown: 121, undecoded: 0, protocols: ['teltonika'], devices: ['352094080000001'], deviceCount: 1, sessions: 1, firstTime: 0, lastTime: 1000, engineFrames: true, ...patch };
}

const EDGES = [1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000];
function hist(counts: Record<number, number>, median: number | null, p90: number | null): Histogram {
  const c = new Array<number>(EDGES.length + 1).fill(0);
  for (const [i, n] of Object.entries(counts)) c[Number(i)] = n;
  return { edgesMs: EDGES, counts: c, count: c.reduce((a, b) => a + b, 0), medianMs: median, p90Ms: p90 };
}

const COMPARISON: Comparison & { html: string } = {
  a: source('teltonika-fw-a.pcapng'),
  b: source('teltonika-fw-b.pcapng', { frames: 90, framesUp: 49, framesDown: 41 }),
  differences: [
    {
      kind: 'codec-changed', protocol: 'teltonika', direction: 'up', messageType: 'location', a: 'Codec 8', b: 'Codec 8 Extended',
      examples: { a: [3, 5, 7], b: [269, 271, 273] }, details: ['teltonika.record.io_count 1 byte → 2 bytes'],
    },
    { kind: 'interval-changed', protocol: 'teltonika', direction: 'up', messageType: 'location reports', a: 'median 10 s', b: 'median 30 s', examples: { a: [3, 5], b: [269, 271] } },
    { kind: 'message-type-added', protocol: 'teltonika', direction: 'up', messageType: 'alarm', a: 'absent', b: '4 frames (8 %)', examples: { a: [], b: [280] } },
  ],
  messageTypes: [
    { protocol: 'teltonika', direction: 'up', messageType: 'location', a: { count: 120, share: 0.8276, firstTime: 0, lastTime: 1000, firstId: 3, lastId: 265 }, b: { count: 40, share: 0.8163, firstTime: 0, lastTime: 900, firstId: 269, lastId: 355 } },
    { protocol: 'teltonika', direction: 'up', messageType: 'alarm', a: null, b: { count: 4, share: 0.08, firstTime: 10, lastTime: 20, firstId: 280, lastId: 300 } },
  ],
  fields: [],
  timing: [{ protocol: 'teltonika', what: 'location reports', a: hist({ 3: 57, 4: 62 }, 10_000, 10_200), b: hist({ 6: 33, 7: 6 }, 29_000, 29_500) }],
  reconnects: [],
  thresholds: { MIN_EXPECTED: 2 },
  generatedAt: '2025-03-14T10:00:00.000Z',
  html: '<!doctype html><html></html>',
};

describe('sources to compare', () => {
  const input = {
    captures: [job('file1', { source: '/s/teltonika-fw-a.pcapng' }), job('file2', { source: '/s/teltonika-fw-b.pcapng', frames: 90 }), job('file3', { frames: 0, state: 'cancelled' })],
    devices: [device('359710049000001', { clock: { offsetMinutes: 480, text: 'device clock ≈ UTC+8', samples: 12 } })],
    sessions: [session('file1-1'), session('tcp-4', { framesUp: 0, framesDown: 0 })],
    samples: [
      { name: 'teltonika-fw-a.pcapng', path: '/s/teltonika-fw-a.pcapng' },
      { name: 'gt06-session.pcap', path: '/s/gt06-session.pcap' },
    ],
    recent: [
      { path: '/s/gt06-session.pcap', name: 'gt06-session.pcap', openedAt: 1, exists: true, sizeBytes: 10 },
      { path: '/home/me/run.pcapng', name: 'run.pcapng', openedAt: 2, exists: true, sizeBytes: 10 },
      { path: '/gone.pcapng', name: 'gone.pcapng', openedAt: 3, exists: false, sizeBytes: null },
    ] satisfies RecentCapture[],
  };

  it('choice keys round-trip, paths with colons included', () => {
    const choices: SourceChoice[] = [
      { kind: 'capture', captureId: 'file1' },
      { kind: 'device', deviceId: '359710049000001' },
      { kind: 'session', sessionId: 'file1-2' },
      { kind: 'file', path: 'C:\\captures\\a.pcapng' },
    ];
    for (const c of choices) expect(parseChoice(choiceKey(c))).toEqual(c);
    expect(parseChoice('')).toBeNull();
    expect(parseChoice('capture:')).toBeNull();
    expect(parseChoice('bogus:x')).toBeNull();
  });

  it('groups captures (newest first, none without frames), devices, sessions with frames, and files not open yet', () => {
    const groups = sourceGroups(input);
    expect(groups.map((g) => g.label)).toEqual(['Captures open', 'Devices', 'Sessions', 'Samples (opened first)', 'Recent files (opened first)']);
    expect(groups[0]!.options.map((o) => o.key)).toEqual(['capture:file2', 'capture:file1']);
    expect(groups[0]!.options[0]!.label).toBe('teltonika-fw-b.pcapng · 90 frames (file2)');
    expect(groups[1]!.options[0]!.label).toBe('359710049000001 · gt06 · 12 frames');
    expect(groups[2]!.options.map((o) => o.key)).toEqual(['session:file1-1']);
    // The fw-a sample is open already (as file1); the recent gt06 file is a sample; a missing file is left out.
    expect(groups[3]!.options.map((o) => o.key)).toEqual(['file:/s/gt06-session.pcap']);
    expect(groups[4]!.options.map((o) => o.key)).toEqual(['file:/home/me/run.pcapng']);
    expect(offered(groups, 'capture:file1')).toBe(true);
    expect(offered(groups, 'capture:file3')).toBe(false);
    // Validation takes devices and sessions only.
    expect(sourceGroups(input, 'validate').map((g) => g.label)).toEqual(['Devices', 'Sessions']);
  });

  it('offers the two newest captures as A (older) and B, else what there is', () => {
    expect(defaultPair(input)).toEqual({ a: 'capture:file1', b: 'capture:file2' });
    expect(defaultPair({ captures: [job('file1')], devices: [device('1')] })).toEqual({ a: 'capture:file1', b: 'device:1' });
    expect(defaultPair({ captures: [], devices: [] })).toEqual({ a: '', b: '' });
  });

  it('turns a choice into the engine spec, or a file to open, or a capture to wait for', () => {
    const captures = [job('file1', { source: '/s/a.pcapng' }), job('file2', { source: '/s/b.pcapng', state: 'reading' }), job('file3', { source: '/s/c.pcapng', state: 'cancelled' })];
    expect(stepFor({ kind: 'device', deviceId: 'X' }, captures)).toEqual({ kind: 'ready', spec: { deviceId: 'X' } });
    expect(stepFor({ kind: 'session', sessionId: 'file1-1' }, captures)).toEqual({ kind: 'ready', spec: { sessionId: 'file1-1' } });
    expect(stepFor({ kind: 'capture', captureId: 'file1' }, captures)).toEqual({ kind: 'ready', spec: { captureId: 'file1' } });
    expect(stepFor({ kind: 'capture', captureId: 'file2' }, captures)).toEqual({ kind: 'wait', captureId: 'file2' });
    // A file already read is compared by its capture, not opened twice; one being read is waited for.
    expect(stepFor({ kind: 'file', path: '/s/a.pcapng' }, captures)).toEqual({ kind: 'ready', spec: { captureId: 'file1' } });
    expect(stepFor({ kind: 'file', path: '/s/b.pcapng' }, captures)).toEqual({ kind: 'wait', captureId: 'file2' });
    expect(stepFor({ kind: 'file', path: '/s/c.pcapng' }, captures)).toEqual({ kind: 'open', path: '/s/c.pcapng' });
    expect(stepFor({ kind: 'file', path: '/s/new.pcapng' }, captures)).toEqual({ kind: 'open', path: '/s/new.pcapng' });
    expect(captureOfFile([...captures, job('file4', { source: '/s/a.pcapng' })], '/s/a.pcapng')?.id).toBe('file4');
  });
});

describe('the comparison view', () => {
  it('differences: kind label, badge, where, both sides, frame links (only for frame-list ids), consequences', () => {
    const rows = differenceRows(COMPARISON);
    expect(rows.map((r) => [r.index, r.kindLabel, r.badge, r.where])).toEqual([
      [1, 'codec changed', 'chg', 'teltonika ↑ location'],
      [2, 'interval changed', 'chg', 'teltonika ↑ location reports'],
      [3, 'message type added', 'add', 'teltonika ↑ alarm'],
    ]);
    expect(rows[0]).toMatchObject({ a: 'Codec 8', b: 'Codec 8 Extended', frames: { a: [3, 5, 7], b: [269, 271, 273] }, linkable: { a: true, b: true }, details: ['teltonika.record.io_count 1 byte → 2 bytes'] });
    expect(rows[2]!.frames.a).toEqual([]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
    // A file source's numbers are the file's own: shown, not linked.
    const files = differenceRows({ ...COMPARISON, a: { ...COMPARISON.a, engineFrames: undefined } });
    expect(files[0]!.linkable).toEqual({ a: false, b: true });
    expect(differencesHeadline(COMPARISON)).toBe('3 differences: codec changed × 1, interval changed × 1, message type added × 1');
    expect(differencesHeadline({ ...COMPARISON, differences: [] })).toMatch(/^No differences/);
  });

  it('message types: counts, shares, first and last frames, only in A/B', () => {
    const rows = typeRows(COMPARISON);
    expect(rows[0]).toMatchObject({ messageType: 'location', presence: 'both', directionText: '↑ device', a: { count: '120', share: '82.8 %', firstId: 3, lastId: 265 }, b: { count: '40', share: '81.6 %', firstId: 269 } });
    expect(rows[0]!.a!.first).toBe('1970-01-01 00:00:00Z');
    expect(rows[1]).toMatchObject({ messageType: 'alarm', presence: 'only-b', a: null });
  });

  it('interval histograms: trimmed to the buckets used (one either side), one scale for A and B, median and p90 placed', () => {
    const v = histogramView(COMPARISON.timing[0]!);
    expect(v.title).toBe('teltonika: location reports (per device)');
    const [a, b] = v.sides;
    // Buckets 3..7 are used; 2..8 shown.
    expect(a.bars.map((x) => x.label)).toEqual(['<5 s', '<10 s', '<15 s', '<20 s', '<30 s', '<45 s', '<1 min']);
    expect(a.bars.map((x) => x.count)).toEqual([0, 57, 62, 0, 0, 0, 0]);
    expect(b.bars.map((x) => x.count)).toEqual([0, 0, 0, 0, 33, 6, 0]);
    expect(a.bars[2]!.fraction).toBe(1);
    expect(b.bars[4]!.fraction).toBeCloseTo(33 / 62);
    expect(a.summary).toBe('119 intervals · median 10 s · p90 10 s');
    expect(a.medianAt).toBe(bucketOf(COMPARISON.timing[0]!.a, 10_000) - 2);
    expect(b.medianAt).toBe(4);
    expect(bucketLabel({ edgesMs: EDGES }, EDGES.length)).toBe('≥1 min');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(90_000)).toBe('1.5 min');
    expect(formatMs(null)).toBe('–');
  });

  it('source summary, report names, JSON without the HTML', () => {
    expect(sourceSummary(COMPARISON.a)).toBe('266 frames (145 up, 121 down) · 1 device · 1 session · teltonika');
    expect(reportFileName('compare', ['teltonika-fw-a.pcapng', 'teltonika-fw-b.pcapng'], 'html')).toBe('trackwire-compare-teltonika-fw-a-vs-teltonika-fw-b.html');
    expect(reportFileName('validate', ['359710049000001'], 'json')).toBe('trackwire-validate-359710049000001.json');
    expect(reportFileName('compare', ['../../etc/passwd', 'device 1'], 'json')).toBe('trackwire-compare-etc-passwd-vs-device-1.json');
    const json = JSON.parse(comparisonJson(COMPARISON));
    expect(json.html).toBeUndefined();
    expect(json.differences).toHaveLength(3);
  });
});

describe('the validation view', () => {
  const evidence = Array.from({ length: 12 }, (_, i) => 100 + i);
  const report: ValidationReport = {
    device: '359710049000001',
    protocol: 'gt06',
    verdict: 'fail',
    checks: [
      { id: 'connects', title: 'Connects and logs in', status: 'pass', detail: 'Logged in.', evidenceFrameIds: [1] },
      { id: 'positions', title: 'Positions', status: 'fail', detail: '12 fixes at 0,0.', evidenceFrameIds: evidence },
      { id: 'clock', title: 'Clock', status: 'warn', detail: 'UTC+8.', evidenceFrameIds: [3] },
      { id: 'commands', title: 'Commands', status: 'n/a', detail: 'None sent.', evidenceFrameIds: [] },
    ],
    stats: {
      sessions: 1, framesUp: 20, framesDown: 10, from: 0, to: 1, positions: 12, validPositions: 12,
      intervalSec: { median: 10, p10: 9, p90: 11, count: 11 }, expectedIntervalSec: { min: 5, max: 600 },
      intervalHistogram: [{ label: '<10 s', count: 2, fromSec: 5, toSec: 10 }, { label: '<20 s', count: 8, fromSec: 10, toSec: 20 }],
      clock: null, badFrames: 0, issues: {}, commands: { sent: 0, acknowledged: 0 },
    },
    generatedAt: 0,
    html: '<!doctype html>',
  };

  it('checks with status marks and evidence links (the first few), the verdict, the histogram, JSON without the HTML', () => {
    const rows = checkRows(report);
    expect(rows.map((r) => r.statusText)).toEqual(['✓ pass', '✗ fail', '! warn', '– n/a']);
    expect(rows[1]!.evidence).toEqual(evidence.slice(0, MAX_EVIDENCE_LINKS));
    expect(rows[1]!.moreEvidence).toBe(12 - MAX_EVIDENCE_LINKS);
    expect(rows[3]!.evidence).toEqual([]);
    expect(verdictText(report)).toBe('FAIL · 1 failed, 1 warning, 1 passed, 1 n/a');
    expect(validationBars(report).map((b) => b.fraction)).toEqual([0.25, 1]);
    expect(JSON.parse(validationJson(report)).html).toBeUndefined();
  });
});

describe('the devices table: the clock the engine infers', () => {
  it('survives session pushes after the device list brought it', () => {
    const clock = { offsetMinutes: 480, text: 'device clock ≈ UTC+8 (likely configured GMT+8)', samples: 7 };
    const sessions = mergeSessions(EMPTY_KEYED, [session('tcp-1')]);
    let devices = devicesAfterList(EMPTY_KEYED, [device('359710049000001', { clock })], sessions);
    expect(devices.list[0]!.clock).toEqual(clock);
    const pushed = session('tcp-1', { framesUp: 9, lastSeen: 5 });
    devices = devicesAfterSessions(devices, [pushed], mergeSessions(sessions, [pushed]));
    expect(devices.list[0]).toMatchObject({ clock, frames: 12 });
  });
});
