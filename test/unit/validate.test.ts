/**
 * The validation checklist as a pure function (src-main/engine/analysis/validate.ts) over GT06
 * frames built byte-exact with the simulator's encoders, its HTML and text renderings, and the
 * flags that lead to it: `trackwire validate` and the simulator's `--faults`.
 */
import { describe, expect, it } from 'vitest';
import { FrameStore } from '../../src-main/engine/frames';
import { validate, type ValidationFrame, type ValidationInput } from '../../src-main/engine/analysis/validate';
import { formatValidationText, renderValidationHtml } from '../../src-main/engine/analysis/validate-report';
import { packet, locationContent } from '../../src-main/engine/simulate/protocols/gt06';
import { bcdBytes } from '../../src-main/engine/simulate/protocols/types';
import { fixAt, type Fix } from '../../src-main/engine/simulate/route';
import { imeiFor } from '../../src-main/engine/simulate/ids';
import { parseArgs, parseInterval } from '../../src-main/cli/args';
import { checkOptions, parseSimulateArgs } from '../../src-main/engine/simulate/index';
import { getProtocol } from '../../parsers/index';
import type { CommandRecord } from '../../src-main/api/contract';

const IMEI = imeiFor(0);
const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const gt06 = getProtocol('gt06')!;
const LOGIN = packet(0x01, bcdBytes(`0${IMEI}`), 1);
const CANDIDATES = gt06.detect(LOGIN, { transport: 'tcp' });

/** Frames into a FrameStore (lint found on arrival) and back out as the validator's input. */
class Device {
  readonly store = new FrameStore();
  readonly frames: ValidationFrame[] = [];
  readonly sessions: ValidationInput['sessions'][number][] = [];
  private serial = 2;
  add(session: string, time: number, bytes: Uint8Array, direction: 'up' | 'down' = 'up'): number {
    if (!this.sessions.some((s) => s.id === session)) this.sessions.push({ id: session, candidates: [{ protocol: 'gt06', name: 'GT06', ...CANDIDATES }] });
    const { summary, decoded } = this.store.add({ time, sessionId: session, transport: 'tcp', source: '10.0.0.1:4000', local: '10.0.0.2:8888', direction, protocol: 'gt06', candidates: [], bytes, deviceId: IMEI });
    this.frames.push({ summary, decoded, answerDue: direction === 'up' && !!gt06.respond(bytes, decoded) });
    return summary.id;
  }
  login(session: string, time: number): number {
    const id = this.add(session, time, LOGIN);
    this.add(session, time + 20, packet(0x01, [], 1), 'down');
    return id;
  }
  /** A position at `time` (fix time = arrival unless `f` says otherwise), acknowledged. */
  position(session: string, time: number, f: Partial<Fix> = {}): number {
    const serial = this.serial++;
    const id = this.add(session, time, packet(0x12, locationContent({ ...fixAt(0, (time - T0) / 1000, new Date(time - 500)), ...f }, 0), serial));
    this.add(session, time + 20, packet(0x12, [], serial), 'down');
    return id;
  }
  report(more: Partial<ValidationInput> = {}) {
    return validate({ device: IMEI, protocol: 'gt06', frames: this.frames, sessions: this.sessions, now: T0, ...more });
  }
}

/** A device that logged in once and reported every 10 s for 5 minutes. */
function wellBehaved(): Device {
  const d = new Device();
  d.login('tcp-1', T0);
  for (let k = 1; k <= 30; k++) d.position('tcp-1', T0 + k * 10_000);
  return d;
}
const status = (r: ReturnType<Device['report']>) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const check = (r: ReturnType<Device['report']>, id: string) => r.checks.find((c) => c.id === id)!;

describe('validate (pure)', () => {
  it('passes a device reporting every 10 s with good fixes, and gives its numbers', () => {
    const r = wellBehaved().report();
    expect(r.verdict).toBe('pass');
    expect(status(r)).toEqual({ connects: 'pass', protocol: 'pass', answers: 'pass', interval: 'pass', positions: 'pass', clock: 'pass', frames: 'pass', commands: 'n/a' });
    expect(check(r, 'connects')).toMatchObject({ title: 'Connects and logs in', detail: `1 connection; logged in with login (frame #1) as ${IMEI}.`, evidenceFrameIds: [1] });
    expect(check(r, 'interval').detail).toBe('median 10 s (10–90 %: 10 s–10 s) over 29 intervals; expected 5 s–10 min.');
    expect(check(r, 'answers').detail).toBe('1 login message(s), none repeated on a connection; 31 answers to 31 frames that expect one.');
    expect(r.stats).toMatchObject({ sessions: 1, framesUp: 31, framesDown: 31, positions: 30, validPositions: 30, badFrames: 0, from: T0, intervalSec: { median: 10, count: 29 }, clock: { offsetMinutes: 0, text: 'device clock ≈ UTC', samples: 30 } });
    expect(r.stats.intervalHistogram.find((b) => b.count)).toEqual({ label: '10 s–20 s', count: 29, fromSec: 10, toSec: 20 });
  });

  it('answers: a second login on one connection fails, naming it', () => {
    const d = wellBehaved();
    const again = d.login('tcp-1', T0 + 400_000);
    const r = d.report();
    expect(check(r, 'answers')).toMatchObject({ status: 'fail', evidenceFrameIds: [again], detail: `Logged in again on the same connection 1 time(s) (frames #${again}): the device did not accept the server’s answer.` });
    expect(r.verdict).toBe('fail');
  });

  it('answers: reconnecting to log in again without reporting in between fails; no answers at all warns', () => {
    const d = new Device();
    d.login('tcp-1', T0);
    const second = d.login('tcp-2', T0 + 30_000);
    d.position('tcp-2', T0 + 40_000);
    expect(check(d.report(), 'answers')).toMatchObject({ status: 'fail', evidenceFrameIds: [second] });
    const silent = new Device();
    silent.add('tcp-1', T0, LOGIN);
    expect(check(silent.report(), 'answers')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^1 frames expect an answer but none was seen/) });
  });

  it('interval: the median outside the range fails; a few long gaps warn; one report is n/a', () => {
    const d = wellBehaved();
    expect(check(d.report({ interval: { minSec: 30, maxSec: 60 } }), 'interval')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/expected 30 s–1 min; 29 shorter/) });
    const gaps = wellBehaved();
    const late = [gaps.position('tcp-1', T0 + 1_000_000), gaps.position('tcp-1', T0 + 2_000_000), gaps.position('tcp-1', T0 + 3_000_000), gaps.position('tcp-1', T0 + 4_000_000)];
    expect(check(gaps.report(), 'interval')).toMatchObject({ status: 'warn', evidenceFrameIds: late });
    const one = new Device();
    one.login('tcp-1', T0);
    one.position('tcp-1', T0 + 1000);
    expect(check(one.report(), 'interval').status).toBe('n/a');
  });

  it('positions: 0/0 fails with the frames; no position at all fails; few satellites warn', () => {
    const d = wellBehaved();
    const zero = d.position('tcp-1', T0 + 310_000, { lat: 0, lon: 0 });
    expect(check(d.report(), 'positions')).toMatchObject({ status: 'fail', evidenceFrameIds: [zero], detail: `31 of 31 fixes valid (100 %); zero position in 1 frame(s) (#${zero}).` });
    const none = new Device();
    none.login('tcp-1', T0);
    expect(check(none.report(), 'positions')).toMatchObject({ status: 'fail', detail: 'No position reported.' });
    const few = wellBehaved();
    const weak = few.position('tcp-1', T0 + 310_000, { satellites: 2 });
    expect(check(few.report(), 'positions')).toMatchObject({ status: 'warn', evidenceFrameIds: [weak] });
  });

  it('clock: GMT+8 set on a GT06 fails with the zone named; 1970 fails too', () => {
    const d = new Device();
    d.login('tcp-1', T0);
    const ids = [1, 2, 3].map((k) => d.position('tcp-1', T0 + k * 10_000, { time: new Date(T0 + k * 10_000 + 8 * 3600_000) }));
    const r = d.report();
    expect(check(r, 'clock')).toMatchObject({ status: 'fail', evidenceFrameIds: ids, detail: `device clock ≈ UTC+8 (likely configured GMT+8); clock drift in 3 frame(s) (frames ${ids.map((i) => `#${i}`).join(', ')}).` });
    expect(r.stats.clock).toEqual({ offsetMinutes: 480, text: 'device clock ≈ UTC+8 (likely configured GMT+8)', samples: 3 });
    const old = wellBehaved();
    const epoch = old.position('tcp-1', T0 + 310_000, { time: new Date(Date.UTC(2000, 0, 1)) });
    expect(check(old.report(), 'clock')).toMatchObject({ status: 'fail', evidenceFrameIds: [epoch], detail: expect.stringMatching(/time 1970 in 1 frame/) });
  });

  it('frames: bad checksums fail above 0.1 % of the uplinks, naming them', () => {
    const d = wellBehaved();
    const bad = packet(0x12, locationContent(fixAt(0, 310, new Date(T0 + 310_000)), 0), 99);
    bad[bad.length - 3]! ^= 0x55;
    const id = d.add('tcp-1', T0 + 310_000, bad);
    expect(check(d.report(), 'frames')).toMatchObject({ status: 'fail', evidenceFrameIds: [id], detail: `1 of 32 frames bad (3.1 %): 1 with a bad checksum, 0 malformed or undecodable (frames #${id}).` });
  });

  it('protocol: a forced protocol or a low score is not high confidence', () => {
    const d = wellBehaved();
    expect(check(d.report({ sessions: [{ id: 'tcp-1', candidates: [], protocolForced: true }] }), 'protocol').status).toBe('warn');
    expect(check(d.report({ sessions: [{ id: 'tcp-1', candidates: [{ protocol: 'gt06', name: 'GT06', score: 0.6, evidence: [{ text: 'header 7878', weight: 0.9 }] }] }] }), 'protocol')).toMatchObject({ status: 'fail', detail: 'gt06 scored only 0.60 (header 7878); high confidence needs 0.8.' });
    expect(check(d.report({ protocol: null }), 'protocol').status).toBe('fail');
  });

  it('commands: acknowledged pass, expired fail with the command frame', () => {
    const cmd = (id: number, state: CommandRecord['state']): CommandRecord => ({ id, protocol: 'gt06', type: 'engineStop', label: 'Engine stop', attributes: {}, deviceId: IMEI, sessionId: 'tcp-1', state, createdAt: T0, expiresAt: T0 + 1, sentAt: T0, repliedAt: null, hex: null, serial: 1, frameId: 40 + id, replyFrameId: state === 'acknowledged' ? 50 + id : null, reply: null });
    const d = wellBehaved();
    expect(check(d.report({ commands: [cmd(1, 'acknowledged')] }), 'commands')).toMatchObject({ status: 'pass', evidenceFrameIds: [51] });
    expect(check(d.report({ commands: [cmd(1, 'acknowledged'), cmd(2, 'expired'), cmd(3, 'queued')] }), 'commands')).toMatchObject({ status: 'fail', evidenceFrameIds: [42], detail: '1 of 2 command(s) acknowledged; Engine stop expired.' });
  });
});

describe('validation report rendering', () => {
  it('HTML: one document, strict CSP, inline SVG, no URL or script, text escaped', () => {
    const r = { ...wellBehaved().report(), device: '<b>&"x' };
    const page = renderValidationHtml(r);
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1]?.replace(/&#39;/g, "'")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(page).toContain('Validation of &lt;b&gt;&amp;&quot;x: PASS');
    expect(page).not.toContain('<b>&"x');
    expect(page.match(/<svg class="chart"/g)).toHaveLength(1); // the interval histogram; no issues, no bar chart
    expect(page).toContain('prefers-color-scheme: dark');
    expect(page).not.toMatch(/https?:|src=|<script|url\(/i);
  });

  it('text: one line per check with its detail, evidence where it did not pass', () => {
    const d = wellBehaved();
    const zero = d.position('tcp-1', T0 + 310_000, { lat: 0, lon: 0 });
    const text = formatValidationText(d.report());
    expect(text.split('\n').slice(0, 3)).toEqual([`Validation of ${IMEI} (gt06): FAIL`, '  1 session(s), 32 frames up, 32 down, 2026-01-15 10:00:00 UTC – 2026-01-15 10:05:10 UTC', '  device clock ≈ UTC']);
    expect(text).toContain(`  [fail] Positions valid\n         31 of 31 fixes valid (100 %); zero position in 1 frame(s) (#${zero}).\n         evidence: #${zero}\n`);
    expect(text).toContain('  [n/a ] Commands acknowledged\n');
  });
});

describe('flags', () => {
  it('trackwire validate FILE --device --html --json --interval', () => {
    const o = parseArgs(['validate', 'run.pcapng', '--device', IMEI, '--html', 'out.html', '--json=out.json', '--interval', '5s..10m']);
    expect(o).toMatchObject({ command: 'validate', positional: ['run.pcapng'], cmd: { device: IMEI }, validate: { html: 'out.html', json: 'out.json', interval: { minSec: 5, maxSec: 600 } } });
    expect(parseInterval('0.05..5')).toEqual({ minSec: 0.05, maxSec: 5 });
    expect(parseInterval('1m..1h')).toEqual({ minSec: 60, maxSec: 3600 });
    for (const bad of ['10..5', '5', '5..x', '1..2..3']) expect(() => parseInterval(bad), bad).toThrow(/--interval expects MIN\.\.MAX/);
  });

  it('trackwire simulate --faults', () => {
    expect(parseSimulateArgs(['--protocol', 'gt06', '--faults', 'zero-fix=3,clock-drift=60,bad-checksum=4']).faults).toEqual({ zeroFixEvery: 3, clockDriftSecPerPosition: 60, badChecksumEvery: 4 });
    expect(() => parseSimulateArgs(['--protocol', 'gt06', '--faults', 'zero-fix'])).toThrow("--faults expects zero-fix=N, clock-drift=N, bad-checksum=N (N > 0), got 'zero-fix'");
    expect(() => parseSimulateArgs(['--protocol', 'gt06', '--faults', 'zero-fix=1.5'])).toThrow('--faults zero-fix expects a whole number of positions, got 1.5');
    expect(checkOptions({ protocol: 'gt06', devices: 1, intervalSec: 1, host: 'h', port: 1, faults: { badChecksumEvery: 0 } })).toBe('--faults bad-checksum expects a whole number of frames, got 0');
  });
});
