/**
 * GPS and time checks (parsers/core/lint.ts), the time-zone inference
 * (src-main/engine/analysis/timezone.ts) and their place in the frame index: issues in group
 * `lint` on the frames, in the summary's count and severity, and in display filters.
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../parsers/core/bytes';
import { getProtocol } from '../../parsers/index';
import { lintFrame, formatDuration, type LintState } from '../../parsers/core/lint';
import type { DecodedFrame, Position } from '../../parsers/core/types';
import { formatGmtOffset, isZoneOffset, nearestZoneOffset } from '../../parsers/core/timezone';
import { inferClock } from '../../src-main/engine/analysis/timezone';
import { FrameStore } from '../../src-main/engine/frames';
import { parseFilter } from '../../parsers/core/display-filter';
import { packet as gt06Packet, locationContent } from '../../src-main/engine/simulate/protocols/gt06';
import type { Fix } from '../../src-main/engine/simulate/route';

const gt06 = getProtocol('gt06')!;
const jt808 = getProtocol('jt808')!;
const decode = (hex: string, p = gt06) => p.decode(fromHex(hex), { transport: 'tcp', direction: 'up' });

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
/** A fix in Berlin at T0, 30 km/h, 9 satellites. */
const fix = (more: Partial<Fix> = {}): Fix => ({ time: new Date(T0), lat: 52.52, lon: 13.405, speedKmh: 30, course: 90, altitude: 40, satellites: 9, ...more });
/** A GT06 0x12 GPS+LBS location built byte-exact (the simulator's encoder). */
const gt06Location = (f: Fix, positioned = true): DecodedFrame => {
  const c = locationContent(f, 1);
  if (!positioned) c[16]! &= ~0x10; // course/status bit 12: GPS positioned
  return gt06.decode(gt06Packet(0x12, c, 1), { transport: 'tcp', direction: 'up' });
};
const ids = (issues: { id: string }[]) => issues.map((i) => i.id);
/** Lint one frame arriving a second after T0 with a fresh state. */
const lint1 = (d: DecodedFrame, arrival = T0 + 1000, state: LintState = {}) => lintFrame(d, arrival, state);
/** A bare decoded frame with these positions (for what no encoder here builds: archive flags). */
const bare = (positions: Position[], attributes: DecodedFrame['attributes'] = {}): DecodedFrame => ({ protocol: 'test', messageType: 'location', positions, attributes, tree: [], issues: [], summary: '' });

describe('lint: GPS checks', () => {
  it('a plausible fix has no lint issue', () => {
    expect(lint1(gt06Location(fix()))).toEqual([]);
  });

  it('lint.zero_position: a fix flagged valid at 0°, 0° (an error), but not one the device marks invalid', () => {
    const issues = lint1(gt06Location(fix({ lat: 0, lon: 0 })));
    expect(issues).toEqual([{ id: 'lint.zero_position', group: 'lint', severity: 'error', message: 'Fix flagged valid at 0°, 0°: the device sends zeros as a position' }]);
    expect(ids(lint1(gt06Location(fix({ lat: 0, lon: 0 }), false)))).not.toContain('lint.zero_position');
    // Jt808ProtocolDecoderTest.java:364: a location with zeros for coordinates and the positioned bit set.
    expect(ids(lint1(decode('7e02000026000000000000000100000000000000020000000000000000000000000000260618001512f6080867567041100769907e', jt808), Date.UTC(2026, 5, 17, 16, 15, 13)))).toEqual(['lint.zero_position']);
  });

  it('lint.valid_without_fix: valid with 0 satellites (a real GT06 frame, Gt06ProtocolDecoderTest.java:429)', () => {
    const d = decode('78781f12110616091835d0024bb93007d3fb783dd4c501940500f2006c8504a6e0370d0a');
    expect(d.positions[0]).toMatchObject({ valid: true, satellites: 0 });
    const issues = lint1(d, Date.parse(d.positions[0]!.time) + 1000);
    expect(issues).toEqual([expect.objectContaining({ id: 'lint.valid_without_fix', group: 'lint', severity: 'error' })]);
  });

  it('lint.few_satellites: valid with 1 or 2 satellites (a warning); 3 is enough', () => {
    expect(lint1(gt06Location(fix({ satellites: 2 })))).toEqual([expect.objectContaining({ id: 'lint.few_satellites', severity: 'warning', message: expect.stringMatching(/2 satellites: a fix needs at least 3/) })]);
    expect(lint1(gt06Location(fix({ satellites: 3 })))).toEqual([]);
    // Jt808ProtocolDecoderTest.java:274 (JT/T 808 2019 location with one satellite).
    const d = decode('7e550100287001608180000127061008045322332880113555602e050031010000000608000010931435010002000300030100051b7e', jt808);
    expect(ids(lint1(d, Date.parse(d.positions[0]!.time) + 1000))).toEqual(['lint.few_satellites']);
  });

  it('lint.impossible_jump: 10 km in 10 s at a reported 30 km/h; not for a plausible next fix, nor from an older (buffered) one', () => {
    const state: LintState = {};
    expect(lintFrame(gt06Location(fix()), T0 + 1000, state)).toEqual([]);
    const far = gt06Location(fix({ time: new Date(T0 + 10_000), lat: 52.61 }));
    const jump = lintFrame(far, T0 + 11_000, state);
    expect(jump).toEqual([expect.objectContaining({ id: 'lint.impossible_jump', severity: 'warning', message: expect.stringMatching(/^Jump of 10\.0\d km in 10 s from the previous fix needs 36\d\d km\/h; reported 30 km\/h$/) })]);
    // The jump's end is the new reference: 80 m on in 10 s is fine.
    expect(lintFrame(gt06Location(fix({ time: new Date(T0 + 20_000), lat: 52.6107 })), T0 + 21_000, state)).toEqual([]);
    // A buffered fix from before: no comparison, and the reference stays.
    expect(lintFrame(gt06Location(fix({ time: new Date(T0 - 60_000), lat: 40 })), T0 + 22_000, state)).toEqual([]);
    expect(state.last?.time).toBe(T0 + 20_000);
  });

  it('a jump after a 0/0 fix is not reported twice: the zero fix never becomes the reference', () => {
    const state: LintState = {};
    lintFrame(gt06Location(fix()), T0 + 1000, state);
    expect(ids(lintFrame(gt06Location(fix({ time: new Date(T0 + 10_000), lat: 0, lon: 0 })), T0 + 11_000, state))).toEqual(['lint.zero_position']);
    expect(lintFrame(gt06Location(fix({ time: new Date(T0 + 20_000) })), T0 + 21_000, state)).toEqual([]);
  });

  it('lint.cell_only: a location report with cells and no valid fix (Gt06ProtocolDecoderTest.java:393), an LBS-only message (:200)', () => {
    const d = decode('787822221106160a1016c60278019407c7783800040001940504700046fc01030100065f570d0a');
    expect(d.positions[0]!.valid).toBe(false);
    expect(lint1(d, Date.parse(d.positions[0]!.time) + 1000)).toEqual([expect.objectContaining({ id: 'lint.cell_only', severity: 'info' })]);
    const lbs = decode('7878171915061810051a01f90101700d08c8f50c0000065494ae0d0a');
    expect(lbs.positions).toEqual([]);
    expect(ids(lint1(lbs))).toEqual(['lint.cell_only']);
    // A heartbeat carries no location: nothing to say (Gt06ProtocolDecoderTest.java:483).
    expect(lint1(decode('78780a13440604000201baaf540d0a'))).toEqual([]);
  });
});

describe('lint: time checks', () => {
  it('lint.time_1970: a clock never set (GT06 year 00 → 2000-01-01)', () => {
    const issues = lint1(gt06Location(fix({ time: new Date(Date.UTC(2000, 0, 1, 0, 0, 5)) })));
    expect(issues).toEqual([{ id: 'lint.time_1970', group: 'lint', severity: 'error', message: 'Timestamp 2000-01-01T00:00:05.000Z: the device clock was never set (1970/1980/2000 epoch)' }]);
  });

  it('lint.time_future: more than a day after the arrival', () => {
    const issues = lint1(gt06Location(fix({ time: new Date(T0 + 3 * 86400_000) })));
    expect(issues).toEqual([expect.objectContaining({ id: 'lint.time_future', severity: 'error', message: expect.stringMatching(/is 3 d after the frame arrived/) })]);
  });

  it('lint.clock_drift: ahead of the arrival by minutes, or by a whole zone (named)', () => {
    expect(lint1(gt06Location(fix({ time: new Date(T0 + 200_000) })))).toEqual([
      expect.objectContaining({ id: 'lint.clock_drift', severity: 'warning', message: 'Device time 3 min 19 s ahead of the arrival' }),
    ]);
    expect(lint1(gt06Location(fix({ time: new Date(T0 + 8 * 3600_000) })))).toEqual([
      expect.objectContaining({ id: 'lint.clock_drift', message: 'Device time 8 h ahead of the arrival (device clock likely set to GMT+8 instead of UTC)' }),
    ]);
    // Within two minutes is the capture host's clock, not the device's.
    expect(lint1(gt06Location(fix({ time: new Date(T0 + 60_000) })))).toEqual([]);
  });

  it('lint.clock_drift behind: hours behind on the newest fix, unless the frame is flagged archive', () => {
    const p: Position = { time: new Date(T0 - 5 * 3600_000).toISOString(), valid: true, lat: 52.5, lon: 13.4, satellites: 8 };
    expect(lintFrame(bare([p]), T0, {})).toEqual([expect.objectContaining({ id: 'lint.clock_drift', message: 'Device time 5 h behind the arrival (device clock likely set to GMT-5 instead of UTC) (a slow clock, or buffered data not flagged as such)' })]);
    expect(lintFrame(bare([p], { archive: true }), T0, {})).toEqual([]);
    // A batch whose newest record is recent: its old records are old by design.
    expect(lintFrame(bare([p, { ...p, time: new Date(T0 - 30_000).toISOString() }]), T0, {})).toEqual([]);
  });

  it('one issue per id and frame, counting the positions that had it', () => {
    const p: Position = { time: new Date(T0).toISOString(), valid: true, lat: 0, lon: 0 };
    expect(lintFrame(bare([p, p, { ...p, lat: 1 }]), T0 + 1000, {})).toEqual([expect.objectContaining({ id: 'lint.zero_position', message: 'Fix flagged valid at 0°, 0°: the device sends zeros as a position (2 of 3 positions)' })]);
  });

  it('formats durations for the messages', () => {
    expect([900, 12_000, 200_000, 8 * 3600_000, 8 * 3600_000 + 30 * 60_000, 3 * 86400_000].map(formatDuration)).toEqual(['900 ms', '12 s', '3 min 20 s', '8 h', '8 h 30 min', '3 d']);
  });
});

describe('time zones', () => {
  it('whole, half and :45 hours are zones; the nearest one within a tolerance', () => {
    expect([480, -300, 330, 345, -570, 765].every(isZoneOffset)).toBe(true);
    expect([7, 500, 15 * 60].some(isZoneOffset)).toBe(false);
    expect(nearestZoneOffset(8 * 3600_000 - 40_000, 120_000)).toBe(480);
    expect(nearestZoneOffset(-(5 * 3600_000 + 30 * 60_000) + 1000, 120_000)).toBe(-330);
    expect(nearestZoneOffset(-500, 120_000)).toBe(0);
    expect(nearestZoneOffset(200_000, 120_000)).toBeNull();
    expect([0, 480, -330, 345].map(formatGmtOffset)).toEqual(['GMT', 'GMT+8', 'GMT-5:30', 'GMT+5:45']);
  });

  it('inferClock: the median offset as a zone, or as a clock error', () => {
    expect(inferClock([], 'gt06')).toBeNull();
    expect(inferClock([-400, 300, 900], 'gt06')).toMatchObject({ offsetMinutes: 0, zone: true, text: 'device clock ≈ UTC', samples: 3 });
    // One outlier (buffered data) does not move the median.
    expect(inferClock([5.5 * 3600_000, 5.5 * 3600_000 + 2000, -86400_000], 'gt06')).toMatchObject({ offsetMinutes: 330, text: 'device clock ≈ UTC+5:30 (likely configured GMT+5:30)' });
    expect(inferClock([437_000, 437_000], 'gt06')).toMatchObject({ offsetMinutes: 7, zone: false, text: 'device clock 7 min 17 s ahead of UTC (not a whole or half hour: a clock error, not a time zone)' });
    // JT/T 808 times are decoded from GMT+8: a correct device is +8 on the wire, a UTC one is not.
    expect(inferClock([1000], 'jt808')!.text).toBe('device clock ≈ UTC+8 (likely configured GMT+8, as JT/T 808 expects)');
    expect(inferClock([-8 * 3600_000], 'jt808')!.text).toBe('device clock ≈ UTC (likely configured GMT; JT/T 808 expects GMT+8)');
  });

  const base = { transport: 'tcp' as const, source: '10.0.0.1:4000', local: '10.0.0.2:8888', direction: 'up' as const, candidates: [], sessionId: 's1' };

  it('finds +8 h on GT06 frames whose device time is GMT+8 (arrival 8 h before the UTC-read time)', () => {
    // Gt06ProtocolDecoderTest.java:489, Gt06FrameDecoderTest.java:37, Gt06ProtocolDecoderTest.java:89: valid GPS fixes.
    const frames = [
      '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a',
      '78781f1210020e14061dcc0476fcd0003e3faf3e14b20000000000000000044ef6740d0a',
      '78782a31180613012b39cc0274c4dc050d7cd000180002d4000ac3c70dbdc4150100000000000002a6000ea40b0d0a',
    ];
    const st = new FrameStore();
    for (const hex of frames) {
      const bytes = fromHex(hex);
      const wireTime = Date.parse(gt06.decode(bytes).positions[0]!.time);
      // The device shows local time (GMT+8) in a field GT06 defines as UTC: it arrived 8 h (and 2 s) earlier.
      const { summary, decoded } = st.add({ ...base, protocol: 'gt06', deviceId: '359710049095095', time: wireTime - 8 * 3600_000 + 2000, bytes });
      expect(summary.severity).toBe('warning');
      expect(decoded.issues.find((i) => i.group === 'lint')).toMatchObject({ id: 'lint.clock_drift', message: expect.stringMatching(/^Device time 8 h ahead of the arrival \(device clock likely set to GMT\+8 instead of UTC\)$/) });
    }
    expect(st.clockOf('359710049095095', 'gt06')).toMatchObject({ offsetMinutes: 480, zone: true, samples: 3, text: 'device clock ≈ UTC+8 (likely configured GMT+8)' });
  });

  it('finds +8 h on JT808 frames (their BCD times are GMT+8 by the standard), with no lint issue', () => {
    // Jt808ProtocolDecoderTest.java:354, :381, :385: one terminal (019111110000), time 250702080829 GMT+8.
    const frames = [
      '7e0200003601911111000000d2000000000000004202b71a72008dbba000000000000025070208082901040000000030011731010e5708000000000000000082020082367e',
      '7e02000036019111110000007b000000000001004202b71a72008dbba000000000000025070208082901040000000030011731010e57080000000000000000820200829e7e',
      '7e02000036019111110000007a000000000001004202b71a72008dbba000000000000025070208082901040000000030011731010e57080000000000010000820200829e7e',
    ];
    const st = new FrameStore();
    let deviceId = '';
    for (const [k, hex] of frames.entries()) {
      const bytes = fromHex(hex);
      const utc = Date.parse(jt808.decode(bytes).positions[0]!.time);
      expect(new Date(utc).toISOString()).toBe('2025-07-02T00:08:29.000Z');
      const { summary, decoded } = st.add({ ...base, protocol: 'jt808', time: utc + 1500 + k * 10_000, bytes });
      deviceId = decoded.deviceId!;
      expect(decoded.issues.filter((i) => i.group === 'lint')).toEqual([]);
      expect(summary.issueCount).toBe(decoded.issues.length);
    }
    expect(st.clockOf(deviceId, 'jt808')).toMatchObject({ offsetMinutes: 480, zone: true, samples: 3, text: 'device clock ≈ UTC+8 (likely configured GMT+8, as JT/T 808 expects)' });
  });
});

describe('lint issues in the frame index', () => {
  const base = { transport: 'tcp' as const, source: '10.0.0.1:4000', local: '10.0.0.2:8888', candidates: [], sessionId: 's1', protocol: 'gt06' };
  const frame = (f: Fix) => gt06Packet(0x12, locationContent(f, 1), 1);

  it('counts them in the summary, shows them in the detail and lets filters find them; only uplinks are checked', () => {
    const st = new FrameStore();
    const good = st.add({ ...base, direction: 'up', time: T0 + 1000, bytes: frame(fix()) });
    const zero = st.add({ ...base, direction: 'up', time: T0 + 11_000, bytes: frame(fix({ time: new Date(T0 + 10_000), lat: 0, lon: 0 })) });
    const down = st.add({ ...base, direction: 'down', time: T0 + 12_000, bytes: frame(fix({ lat: 0, lon: 0 })) });
    expect(good.summary).toMatchObject({ issueCount: 0, severity: null });
    expect(zero.summary).toMatchObject({ issueCount: 1, severity: 'error' });
    expect(down.summary.issueCount).toBe(0);
    expect(st.detail(zero.summary.id)!.issues).toEqual([expect.objectContaining({ id: 'lint.zero_position', group: 'lint' })]);
    expect(st.lintOf(zero.summary.id)).toHaveLength(1);
    const filter = (text: string) => {
      const p = parseFilter(text);
      if (!p.ok) throw new Error(p.error);
      return st.matching(p.filter, p.needsTree, text, null);
    };
    expect(filter('issue.lint')).toEqual([zero.summary.id]);
    expect(filter('issue.lint.zero_position')).toEqual([zero.summary.id]);
    expect(filter('issue.lint == "lint.zero_position"')).toEqual([zero.summary.id]);
    expect(filter('issue.lint.clock_drift')).toEqual([]);
    expect(filter('!issue')).toEqual([good.summary.id, down.summary.id]);
  });
});
