import { describe, expect, it } from 'vitest';
import { StreamCutter, DETECT_WINDOW, MAX_PENDING } from '../../src-main/engine/stream';
import { fromHex, toHex, concatBytes } from '../../parsers/core/bytes';

// Gt06ProtocolDecoderTest.java:477 (login) and :483 (heartbeat)
const login = fromHex('78780d01012345678901234500018cdd0d0a');
const heartbeat = fromHex('78780a13440604000201baaf540d0a');
const show = (ps: { kind: string; start: number; end: number; bytes: Uint8Array }[]) => ps.map((p) => `${p.kind} ${p.start}-${p.end} ${toHex(p.bytes)}`);

describe('StreamCutter', () => {
  it('detects on the first bytes, locks the protocol and cuts frames across chunks with stream offsets', () => {
    const c = new StreamCutter({ transport: 'tcp' });
    expect(c.push(login.subarray(0, 10))).toEqual([]);
    expect(c.protocol).toBe('gt06');
    expect(c.candidates[0]!.evidence.length).toBeGreaterThan(0);
    const out = c.push(concatBytes(login.subarray(10), heartbeat.subarray(0, 4)));
    expect(show(out)).toEqual([`frame 0-18 ${toHex(login)}`]);
    expect(toHex(c.held)).toBe('78780a13');
    expect(c.heldAt).toBe(18);
    expect(show(c.push(heartbeat.subarray(4)))).toEqual([`frame 18-33 ${toHex(heartbeat)}`]);
    expect(c.end()).toEqual([]);
  });

  it('shows garbage before a frame as its own piece', () => {
    const c = new StreamCutter({ transport: 'tcp', protocol: 'gt06' });
    const out = c.push(concatBytes(fromHex('0000ff'), login));
    expect(show(out)).toEqual(['garbage 0-3 0000ff', `frame 3-21 ${toHex(login)}`]);
    expect(out[0]!.reason).toMatch(/resynchronised/);
  });

  it('waits for more bytes when the first ones fit nothing, and gives them up as unknown on request', () => {
    const c = new StreamCutter({ transport: 'tcp' });
    expect(c.push(fromHex('01020304'))).toEqual([]);
    expect(c.waiting).toBe(true);
    expect(show(c.flushUndetected())).toEqual(['unknown 0-4 01020304']);
    expect(c.waiting).toBe(false);
  });

  it('calls bytes unknown once the detection window is full without a candidate', () => {
    const c = new StreamCutter({ transport: 'tcp' });
    const out = c.push(new Uint8Array(DETECT_WINDOW).fill(0x41 + 1));
    expect(out.map((p) => p.kind)).toEqual(['unknown']);
    expect(c.protocol).toBeNull();
  });

  it('keeps a forced protocol but still shows the detector candidates', () => {
    const c = new StreamCutter({ transport: 'tcp', protocol: 'gt06' });
    expect(c.forced).toBe(true);
    c.push(login);
    expect(c.protocol).toBe('gt06');
    expect(c.candidates[0]!.protocol).toBe('gt06');
  });

  it('returns a partial frame as incomplete when the stream ends, so nothing is lost', () => {
    const c = new StreamCutter({ transport: 'tcp' });
    c.push(login.subarray(0, 12));
    expect(show(c.end())).toEqual([`incomplete 0-12 ${toHex(login.subarray(0, 12))}`]);
  });

  it('drops and reports bytes beyond MAX_PENDING without a frame end', () => {
    const c = new StreamCutter({ transport: 'tcp', protocol: 'gt06' });
    // A header whose frame never ends (no 0d0a), then filler past the limit.
    const big = concatBytes(fromHex('7979ffff'), new Uint8Array(MAX_PENDING + 10).fill(0x55));
    const out = c.push(big);
    const total = out.reduce((n, p) => n + p.bytes.length, 0) + c.held.length;
    expect(total).toBe(big.length);
    expect(c.held.length).toBeLessThanOrEqual(MAX_PENDING);
  });

  it('treats a UDP datagram as whole: one frame even without framing, the rest shown', () => {
    const c = new StreamCutter({ transport: 'udp' });
    expect(show(c.datagram(login))).toEqual([`frame 0-18 ${toHex(login)}`]);
    const two = c.datagram(concatBytes(heartbeat, login.subarray(0, 5)));
    expect(two.map((p) => p.kind)).toEqual(['frame', 'incomplete']);
  });
});
