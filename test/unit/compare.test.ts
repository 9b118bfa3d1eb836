/**
 * The comparison's rules on frames built here (no sockets): what counts as a difference, what is
 * noise, and how consequences are folded. The recorded end-to-end runs are in
 * test/integration/compare.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { getProtocol, PROTOCOLS } from '../../parsers/index';
import { leanDecode } from '../../parsers/core/reader';
import type { Comparison, SourceInfo } from '../../src-main/api/comparison';
import { compareProfiles, formatDuration } from '../../src-main/engine/analysis/compare';
import { comparisonJson, formatComparisonText, renderComparisonHtml } from '../../src-main/engine/analysis/compare-report';
import { FIELD_MODULES, fieldDef } from '../../src-main/engine/analysis/field-defs';
import { fieldKey, IntervalHistogram, ProfileBuilder } from '../../src-main/engine/analysis/profile';
import { fixAt } from '../../src-main/engine/simulate/route';
import { avlData, tcpPacket } from '../../src-main/engine/simulate/protocols/teltonika';
import { locationContent, packet } from '../../src-main/engine/simulate/protocols/gt06';

const T0 = Date.UTC(2024, 0, 1);

interface Spec {
  bytes: Uint8Array;
  time: number;
  protocol: string;
  direction?: 'up' | 'down';
  session?: string;
  device?: string;
}

/** A loaded source from frames, numbered 1.. in order. */
function source(frames: Spec[]) {
  const b = new ProfileBuilder();
  frames.forEach((f, i) => {
    const direction = f.direction ?? 'up';
    const decoded = leanDecode(() => getProtocol(f.protocol)!.decode(f.bytes, { transport: 'tcp', direction }));
    b.add({ id: i + 1, time: f.time, sessionId: f.session ?? 's1', direction, transport: 'tcp', protocol: f.protocol, deviceId: f.device ?? '356938035643809', bytes: f.bytes, decoded });
  });
  const profile = b.finish();
  const info: SourceInfo = { label: 'x', file: 'x', deviceId: null, frames: profile.frames, framesUp: profile.framesUp, framesDown: profile.framesDown, undecoded: profile.undecoded, protocols: [], devices: [], deviceCount: 1, sessions: 1, firstTime: profile.firstTime, lastTime: profile.lastTime };
  return { info, profile };
}

const summary = (c: Comparison) => c.differences.map((d) => [d.kind, d.protocol, d.direction, d.messageType, d.fieldId].filter(Boolean).join(' ')).sort();

/** Teltonika location packets every `everySec`, with `edit` applied to the AVL data (CRC recomputed). */
function teltonika(n: number, everySec: number, edit: (data: Uint8Array, i: number) => void = () => undefined, fix: (i: number) => Partial<ReturnType<typeof fixAt>> = () => ({})): Spec[] {
  return Array.from({ length: n }, (_, i) => {
    const time = T0 + i * everySec * 1000;
    const data = avlData({ ...fixAt(0, i * everySec, new Date(time)), ...fix(i) }, 0);
    edit(data, i);
    return { bytes: tcpPacket(data), time, protocol: 'teltonika' };
  });
}

/** GT06 locations every 10 s, each answered (or not) by the server's acknowledgement. */
function gt06(n: number, answered: (i: number) => boolean, session: (i: number) => string = () => 's1'): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < n; i++) {
    const time = T0 + i * 10_000;
    const bytes = packet(0x12, locationContent(fixAt(0, i * 10, new Date(time)), 0), i + 1);
    out.push({ bytes, time, protocol: 'gt06', session: session(i) });
    if (answered(i)) out.push({ bytes: packet(0x12, [], i + 1), time: time + 50, protocol: 'gt06', direction: 'down', session: session(i) });
  }
  return out;
}

describe('comparison rules', () => {
  it('keys nodes under per-instance groups by the group (IO elements per record)', () => {
    expect(fieldKey('teltonika.io.value', 'teltonika.io.66')).toBe('teltonika.io.66.value');
    expect(fieldKey('jt808.location.latitude', 'jt808.location')).toBe('jt808.location.latitude');
    expect(fieldKey('teltonika.io.239', 'teltonika.record.io_group')).toBe('teltonika.io.239');
  });

  it('indexes every protocol folder’s field table', () => {
    expect(Object.keys(FIELD_MODULES).sort()).toEqual(PROTOCOLS.map((p) => p.id).sort());
    expect(fieldDef('teltonika.record.priority')?.enum?.[2]).toBe('panic');
    expect(fieldDef('gt06.location.speed')?.unit).toBeDefined();
  });

  it('positions, speeds, times and counters are values, not differences', () => {
    const a = source(teltonika(20, 10, () => undefined, () => ({ speedKmh: 20 })));
    const b = source(teltonika(20, 10, () => undefined, (i) => ({ speedKmh: 45 + i, lat: 48.1, lon: 11.6, altitude: 500 })));
    expect(summary(compareProfiles(a, b))).toEqual([]);
  });

  it('an enumerated field showing a value the other side never does: enum-values-changed', () => {
    const a = source(teltonika(20, 10));
    const b = source(teltonika(20, 10, (d) => (d[10] = 2))); // priority panic
    const c = compareProfiles(a, b);
    expect(summary(c)).toEqual(['enum-values-changed teltonika up location teltonika.record.priority']);
    expect(c.differences[0]).toMatchObject({ a: '0 (low)', b: '2 (panic)', examples: { a: [1, 2, 3], b: [1, 2, 3] } });
  });

  it('a measured field whose magnitude moves ×100 or more is a change of scale; less is not', () => {
    const a = source(teltonika(20, 10, () => undefined, () => ({ altitude: 30 })));
    expect(summary(compareProfiles(a, source(teltonika(20, 10, () => undefined, () => ({ altitude: 30_000 })))))).toEqual(['range-changed teltonika up location teltonika.record.altitude']);
    expect(summary(compareProfiles(a, source(teltonika(20, 10, () => undefined, () => ({ altitude: 2900 })))))).toEqual([]);
  });

  it('checksums failing on one side: checksum-changed, with the bad frames as examples', () => {
    const a = source(teltonika(10, 10));
    const bad = teltonika(10, 10).map((f) => {
      const b = f.bytes.slice();
      b[b.length - 1]! ^= 0xff;
      return { ...f, bytes: b };
    });
    const c = compareProfiles(a, source(bad));
    expect(summary(c)).toEqual(['checksum-changed teltonika up location']);
    expect(c.differences[0]!.b).toBe('checksum in 100 % of frames, 100 % of them bad');
  });

  it('a message type seen too rarely to be missed by chance is listed, not reported', () => {
    const common = teltonika(100, 10);
    const ping = (i: number): Spec => ({ bytes: Uint8Array.of(0xff), time: T0 + i * 10_000 + 1, protocol: 'teltonika' });
    const rare = source([...common.slice(0, 50), ping(50), ...common.slice(50)]);
    const c = compareProfiles(source(common), rare);
    expect(summary(c)).toEqual([]);
    expect(c.messageTypes.find((m) => m.messageType === 'ping')).toMatchObject({ a: null, b: { count: 1 } });
    const often = source(common.flatMap((f, i) => (i % 10 === 0 ? [f, ping(i)] : [f])));
    expect(summary(compareProfiles(source(common), often))).toEqual(['message-type-added teltonika up ping']);
  });

  it('answers: a type the server stops acknowledging is one answer-changed, its ack type folded in', () => {
    const c = compareProfiles(source(gt06(20, () => true)), source(gt06(20, () => false)));
    expect(summary(c)).toEqual(['answer-changed gt06 up location']);
    expect(c.differences[0]).toMatchObject({ a: 'answered by location ack (100 %)', b: 'no answer (100 %)' });
    expect(c.differences[0]!.details).toEqual([expect.stringMatching(/^answered by location ack/)]);
  });

  it('reconnects per device: one session against a new one every 4 reports', () => {
    const c = compareProfiles(source(gt06(20, () => true)), source(gt06(20, () => true, (i) => `s${Math.floor(i / 4)}`)));
    expect(summary(c)).toEqual(['reconnects-changed gt06 up sessions']);
    expect(c.differences[0]!.examples.b).toEqual([9, 17, 25]);
  });

  it('intervals: medians apart by more than 20 % AND more than 2 s', () => {
    const cmp = (a: number, b: number) => summary(compareProfiles(source(teltonika(12, a)), source(teltonika(12, b))));
    expect(cmp(10, 11.5)).toEqual([]);
    expect(cmp(10, 13)).toEqual(['interval-changed teltonika up location reports']);
    expect(cmp(1, 2.5)).toEqual([]);
    expect(cmp(60, 100)).toEqual(['interval-changed teltonika up location reports']);
  });

  it('interval histograms: 2 % buckets, median and p90 with example frame pairs', () => {
    const h = new IntervalHistogram();
    for (let i = 0; i < 9; i++) h.add(10_000, i + 1, i + 2);
    h.add(60_000, 20, 21);
    expect(h.quantile(0.5)!.ms).toBe(10_000);
    expect(h.quantile(0.5)!.example).toEqual([1, 2]);
    expect(h.quantile(1)!.ms).toBe(60_000);
    expect(h.coarse([5000, 15_000, 30_000])).toEqual([0, 9, 0, 1]);
    expect(formatDuration(150_000)).toBe('2 min 30 s');
  });

  it('renders text, JSON and HTML of a comparison', () => {
    const c = compareProfiles(source(gt06(20, () => true)), source(gt06(20, () => false)));
    expect(formatComparisonText(c)).toMatch(/answer changed: gt06 ↑ location\n {4}A: answered by location ack \(100 %\)\s+\[frames #1, #3, #5\]/);
    expect(JSON.parse(comparisonJson(c)).differences).toHaveLength(1);
    const html = renderComparisonHtml(c);
    expect(html).toContain('answer changed');
    expect(html).not.toMatch(/https?:|src=|<script/);
  });
});
