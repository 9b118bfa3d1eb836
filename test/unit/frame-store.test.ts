import { describe, expect, it } from 'vitest';
import { FrameStore } from '../../src-main/engine/frames';
import { fromHex, toHex } from '../../parsers/core/bytes';

const LOGIN = fromHex('78780d01012345678901234500018cdd0d0a'); // Gt06ProtocolDecoderTest.java:477
const HEARTBEAT = fromHex('78780a13440604000201baaf540d0a'); // :483
const base = { transport: 'tcp' as const, source: '10.0.0.1:4000', local: '10.0.0.2:8888', direction: 'up' as const, protocol: 'gt06', candidates: [] };

describe('FrameStore (columnar index)', () => {
  it('keeps every frame byte-exact and its row across many arena chunks', () => {
    const st = new FrameStore();
    const n = 300_000; // 15 bytes each: more than one 4 MiB chunk
    for (let i = 0; i < n; i++) st.add({ ...base, time: i, sessionId: i % 2 ? 'a' : 'b', bytes: i ? HEARTBEAT : LOGIN });
    expect(st.count).toBe(n);
    expect(toHex(st.raw(1)!.bytes)).toBe(toHex(LOGIN));
    expect(toHex(st.raw(n)!.bytes)).toBe(toHex(HEARTBEAT));
    const row = st.list(n, 1)[0]!;
    expect(row).toMatchObject({ id: n, time: n - 1, sessionId: 'a', protocol: 'gt06', messageType: 'heartbeat', length: 15, severity: null, transport: 'tcp', direction: 'up' });
    expect(row.summary).toBeTruthy();
    expect(st.listOf(['a'], 1, 2).map((f) => f.id)).toEqual([2, 4]);
    expect(st.idsOf(['a', 'b'])).toHaveLength(n);
    // 47 bytes of columns and ids per frame (up to twice that while the columns grow), plus the
    // frame's own 15 bytes; the object-per-frame index it replaced took about 680.
    expect(st.footprint / n).toBeLessThan(2 * 47 + 15 + 8);
  });

  it('keeps a frame larger than a chunk whole, and the ones after it', () => {
    const st = new FrameStore();
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x41);
    st.add({ ...base, time: 1, sessionId: 's', protocol: null, bytes: big, undecodedReason: 'no protocol detected for these bytes' });
    st.add({ ...base, time: 2, sessionId: 's', bytes: LOGIN });
    expect(st.raw(1)!.bytes.length).toBe(big.length);
    expect(st.raw(1)!.undecodedReason).toBe('no protocol detected for these bytes');
    expect(toHex(st.raw(2)!.bytes)).toBe(toHex(LOGIN));
    expect(st.list(1, 1)[0]).toMatchObject({ protocol: null, messageType: 'undecoded', severity: 'warning' });
  });

  it('labels earlier frames with a device id learnt later, and decodes details on demand', () => {
    const st = new FrameStore();
    st.add({ ...base, time: 1, sessionId: 's', bytes: HEARTBEAT });
    st.setDeviceId(1, '123456789012345');
    expect(st.list(1, 1)[0]!.deviceId).toBe('123456789012345');
    const d = st.detail(1)!;
    expect(d.hex).toBe(toHex(HEARTBEAT));
    expect(d.tree[0]).toMatchObject({ id: 'gt06.header', start: 0, end: 2, display: '0x7878' });
    expect(st.detail(2)).toBeNull();
  });
});
