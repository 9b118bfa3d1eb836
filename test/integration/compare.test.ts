/**
 * The firmware A/B comparison on captures made here: simulated devices against a real listening
 * Engine that records pcapng (its clock stretched ×TIME_SCALE, so four seconds at 50 ms record as
 * thirteen minutes at 10 s). Each pair of runs differs in known settings; the comparison must
 * report exactly those differences, each with example frames of that type on both sides, and
 * nothing else — runs with the same settings, and two devices of one run, compare equal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, Difference } from '../../src-main/api/comparison';
import { compareSources } from '../../src-main/engine/analysis/compare';
import { renderComparisonHtml } from '../../src-main/engine/analysis/compare-report';
import { loadCaptureFile } from '../../src-main/engine/capture/loader';
import { decodeWith } from '../../src-main/engine/frames';
import { recordSimulation, type RecordedRun } from '../../src-main/engine/simulate/record';
import type { SimulateOptions } from '../../src-main/engine/simulate/index';
import type { FieldNode } from '../../parsers/core/types';
import { runCli } from '../helpers/cli';
import { Engine } from '../../src-main/engine/engine';

/** Recorded milliseconds per real one. */
const TIME_SCALE = 200;
/** Real seconds each run lasts (≈ 13 recorded minutes). */
const DURATION = 4;
const at = (recordedSec: number) => recordedSec / TIME_SCALE;

let dir: string;
const runs: Record<string, RecordedRun> = {};

async function record(name: string, sim: Omit<SimulateOptions, 'host' | 'port' | 'durationSec' | 'devices'> & { devices?: number }): Promise<void> {
  runs[name] = await recordSimulation({ file: path.join(dir, `${name}.pcapng`), timeScale: TIME_SCALE, sim: { devices: 1, durationSec: DURATION, ...sim } });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-compare-'));
  await Promise.all([
    record('teltonika-a', { protocol: 'teltonika', intervalSec: at(10) }),
    record('teltonika-a2', { protocol: 'teltonika', intervalSec: at(10) }),
    record('teltonika-8e', { protocol: 'teltonika', intervalSec: at(30), variant: { codec: '8E' } }),
    record('teltonika-io', { protocol: 'teltonika', intervalSec: at(10), variant: { extraField: true } }),
    record('gt06-a', { protocol: 'gt06', intervalSec: at(10) }),
    record('gt06-info', { protocol: 'gt06', intervalSec: at(10), variant: { extraMessage: true } }),
    record('gt06-two', { protocol: 'gt06', intervalSec: at(10), devices: 2 }),
  ]);
}, 40_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => runs[name]!.path;

/** Every frame of a file as the comparison numbers them: message type, direction, field ids. */
const frameCache = new Map<string, Array<{ messageType: string; direction: string; ids: Set<string> }>>();
async function framesOf(f: string): Promise<Array<{ messageType: string; direction: string; ids: Set<string> }>> {
  const cached = frameCache.get(f);
  if (cached) return cached;
  const out: Array<{ messageType: string; direction: string; ids: Set<string> }> = [];
  await loadCaptureFile(f, {
    onFrame: (c) => {
      const d = decodeWith(c.undecodedReason ? null : c.protocol, c.bytes, { transport: c.transport, direction: c.direction }, c.undecodedReason);
      const ids = new Set<string>();
      const walk = (ns: FieldNode[]) => ns.forEach((n) => (ids.add(n.id), n.children && walk(n.children)));
      walk(d.tree);
      out.push({ messageType: d.messageType, direction: c.direction, ids });
    },
  });
  frameCache.set(f, out);
  return out;
}

/** `kind protocol direction messageType [fieldId]`, sorted. */
const summary = (c: Comparison) => c.differences.map((d) => [d.kind, d.protocol, d.direction, d.messageType, d.fieldId].filter(Boolean).join(' ')).sort();

/** The message type an example of a difference must have. */
function exampleType(d: Difference): string {
  if (d.messageType === 'location reports') return 'location';
  if (d.messageType === 'heartbeats') return d.protocol === 'teltonika' ? 'ping' : 'heartbeat';
  return d.messageType;
}

/** Each side's examples exist, are of the difference's type and direction, and carry (or lack) the field. */
async function checkExamples(c: Comparison, d: Difference, sides: { a: boolean; b: boolean }): Promise<void> {
  for (const side of ['a', 'b'] as const) {
    const ids = d.examples[side];
    if (!sides[side]) {
      expect(ids, `${d.kind} ${side}`).toEqual([]);
      continue;
    }
    expect(ids.length, `${d.kind} ${d.messageType}: examples in ${side}`).toBeGreaterThan(0);
    const frames = await framesOf(c[side].file);
    for (const id of ids) {
      const f = frames[id - 1];
      expect(f, `frame #${id} of ${side}`).toBeDefined();
      expect(f!.messageType, `frame #${id} of ${side}`).toBe(exampleType(d));
      expect(f!.direction).toBe(d.direction);
    }
  }
}

describe('trackwire compare on recorded simulator runs', () => {
  it('the runs went cleanly (every frame answered, recorded)', () => {
    for (const [name, r] of Object.entries(runs)) {
      expect(r.report.errors, name).toEqual([]);
      expect(r.recorderError, name).toBeUndefined();
      expect(fs.statSync(r.path).size, name).toBeGreaterThan(1000);
    }
  });

  it('same settings twice: no differences (timer jitter, other positions and times are not differences)', async () => {
    const c = await compareSources(file('teltonika-a'), file('teltonika-a2'));
    expect(summary(c)).toEqual([]);
    expect(c.messageTypes.map((m) => m.messageType)).toEqual(expect.arrayContaining(['login', 'location', 'ping']));
    const loc = c.timing.find((t) => t.what === 'location reports')!;
    expect(Math.abs(loc.a.medianMs! - 10_000)).toBeLessThan(1500);
    expect(Math.abs(loc.b.medianMs! - 10_000)).toBeLessThan(1500);
    const g = await compareSources(file('gt06-a'), file('gt06-a'));
    expect(summary(g)).toEqual([]);
  });

  it('two devices of one capture (other IMEI, cell, voltage, route) compare equal', async () => {
    const all = await compareSources(file('gt06-two'), file('gt06-a'));
    expect(all.a.devices).toHaveLength(2);
    const [d0, d1] = all.a.devices;
    const c = await compareSources({ file: file('gt06-two'), deviceId: d0 }, { file: file('gt06-two'), deviceId: d1 });
    expect(c.a.deviceCount).toBe(1);
    expect(c.b.devices).toEqual([d1]);
    expect(c.a.frames + c.b.frames).toBe((await framesOf(file('gt06-two'))).length);
    expect(summary(c)).toEqual([]);
  });

  it('Teltonika codec 8 at 10 s vs codec 8 Extended at 30 s: the codec and both intervals, nothing else', async () => {
    const c = await compareSources(file('teltonika-a'), file('teltonika-8e'));
    expect(summary(c)).toEqual([
      'codec-changed teltonika up location',
      'interval-changed teltonika up heartbeats',
      'interval-changed teltonika up location reports',
    ]);
    const codec = c.differences.find((d) => d.kind === 'codec-changed')!;
    expect(codec).toMatchObject({ a: 'Codec 8', b: 'Codec 8 Extended' });
    // The wider IO ids and counts of 8E are the codec's consequences, listed with it.
    expect(codec.details).toEqual(expect.arrayContaining(['teltonika.record.event_io 1 byte → 2 bytes', 'teltonika.io.66.id 1 byte → 2 bytes']));
    const interval = c.differences.find((d) => d.messageType === 'location reports')!;
    expect(interval.a).toMatch(/^median \d+ s, p90 \d+ s \(\d+ intervals\)$/);
    // Timer jitter on a loaded machine moves a median by a second or two, never across the threshold.
    const loc = c.timing.find((t) => t.what === 'location reports')!;
    expect(loc.a.medianMs! / 1000).toBeGreaterThan(8);
    expect(loc.a.medianMs! / 1000).toBeLessThan(12);
    expect(loc.b.medianMs! / 1000).toBeGreaterThan(27);
    expect(loc.b.medianMs! / 1000).toBeLessThan(33);
    for (const d of c.differences) await checkExamples(c, d, { a: true, b: true });
  });

  it('Teltonika with one more IO element: that field, nothing else', async () => {
    const c = await compareSources(file('teltonika-a'), file('teltonika-io'));
    expect(summary(c)).toEqual(['field-added teltonika up location teltonika.io.113']);
    const d = c.differences[0]!;
    await checkExamples(c, d, { a: true, b: true });
    const [fa, fb] = [await framesOf(c.a.file), await framesOf(c.b.file)];
    for (const id of d.examples.a) expect(fa[id - 1]!.ids.has('teltonika.io.113')).toBe(false);
    for (const id of d.examples.b) expect(fb[id - 1]!.ids.has('teltonika.io.113')).toBe(true);
    // And the other way round it is a removal.
    const back = await compareSources(file('teltonika-io'), file('teltonika-a'));
    expect(summary(back)).toEqual(['field-removed teltonika up location teltonika.io.113']);
  });

  it('GT06 with one more message type: that type, nothing else', async () => {
    const c = await compareSources(file('gt06-a'), file('gt06-info'));
    expect(summary(c)).toEqual(['message-type-added gt06 up information']);
    await checkExamples(c, c.differences[0]!, { a: false, b: true });
    const row = c.messageTypes.find((m) => m.messageType === 'information')!;
    expect(row.a).toBeNull();
    expect(row.b!.count).toBeGreaterThan(5);
  });

  it('renders a self-contained HTML report: every difference with its frames, charts inline, nothing fetched', async () => {
    const c = await compareSources(file('teltonika-a'), file('teltonika-8e'));
    const html = renderComparisonHtml(c);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    for (const bad of ['http://', 'https://', 'src=', '<script', '<link', '@import', 'url(']) expect(html, bad).not.toContain(bad);
    expect(html).toContain('codec changed');
    expect(html).toContain(`#${c.differences[0]!.examples.b[0]}`);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
  });
});

describe('compareSources through the engine API (what the UI calls)', () => {
  it('answers with the comparison, and the HTML report when asked', async () => {
    const engine = new Engine();
    const c = await engine.handle('compareSources', { a: file('gt06-a'), b: { file: file('gt06-info'), label: 'firmware B' }, html: true });
    expect(summary(c)).toEqual(['message-type-added gt06 up information']);
    expect(c.b.label).toBe('firmware B');
    expect(c.html).toMatch(/^<!DOCTYPE html>[\s\S]*firmware B/);
    await expect(engine.handle('compareSources', { a: file('gt06-a'), b: path.join(dir, 'missing.pcapng') })).rejects.toThrow(/no such file/);
    await expect(engine.handle('compareSources', { a: file('gt06-a'), b: { file: file('gt06-two'), deviceId: '1' } })).rejects.toThrow(/has no frames of device 1; its devices: \d+, \d+/);
  });
});

describe('trackwire compare (CLI)', () => {
  it('writes the HTML and JSON reports and exits 1 when the sources differ', async () => {
    const html = path.join(dir, 'out.html');
    const json = path.join(dir, 'out.json');
    const r = await runCli(['compare', file('teltonika-a'), file('teltonika-8e'), '--html', html, '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^3 differences; wrote /);
    const page = fs.readFileSync(html, 'utf8');
    for (const bad of ['http://', 'https://', 'src=', '<script src', '<script']) expect(page, bad).not.toContain(bad);
    expect(page).toContain('<svg ');
    const c = JSON.parse(fs.readFileSync(json, 'utf8')) as Comparison;
    expect(summary(c)).toEqual(['codec-changed teltonika up location', 'interval-changed teltonika up heartbeats', 'interval-changed teltonika up location reports']);
  });

  it('prints the differences with their frames, or "No differences." with exit 0', async () => {
    const diff = await runCli(['compare', file('gt06-a'), file('gt06-info')]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/message type added: gt06 ↑ information\n\s+A: absent\s+\[frames –\]\n\s+B: \d+ frames .*\[frames #\d+/);
    const same = await runCli(['compare', file('teltonika-a'), file('teltonika-a2')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No differences.');
    const two = await compareSources(file('gt06-two'), file('gt06-a'));
    const devs = await runCli(['compare', file('gt06-two'), file('gt06-two'), '--device-a', two.a.devices[0]!, '--device-b', two.a.devices[1]!]);
    expect(devs.stdout).toContain('No differences.');
    expect(devs.code).toBe(0);
  });

  it('exits 2 on bad usage and unreadable files', async () => {
    expect((await runCli(['compare', file('gt06-a')])).code).toBe(2);
    const missing = await runCli(['compare', file('gt06-a'), path.join(dir, 'nope.pcapng')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    expect((await runCli(['compare', file('gt06-a'), file('gt06-a'), '--frobnicate'])).code).toBe(2);
    const help = await runCli(['compare', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit status: 0 no differences, 1 differences, 2 trouble/);
  });
});
