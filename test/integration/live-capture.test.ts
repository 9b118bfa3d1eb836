/**
 * Live capture with cap on the loopback interface (needs root, as CI runs): frames a device sends
 * to a local port appear decoded, through the same reassembly path as capture files.
 */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { LiveCapture, listInterfaces } from '../../src-main/engine/live-capture';
import type { CaptureFrame } from '../../src-main/engine/capture/loader';
import { tcpClient, waitFor } from '../helpers/net';

const LOGIN = '78780d01012345678901234500018cdd0d0a'; // Gt06ProtocolDecoderTest.java:477
const HEARTBEAT = '78780a13440604000201baaf540d0a'; // :483
const root = process.getuid?.() === 0;

describe.skipIf(!root)('live capture (root)', () => {
  it('lists the loopback interface', () => {
    expect(listInterfaces().map((i) => i.name)).toContain('lo');
  });

  it('decodes frames sent to a local port, split across writes, with arrival times', async () => {
    const server = net.createServer((s) => s.on('data', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const frames: CaptureFrame[] = [];
    const cap = new LiveCapture({ device: 'lo', filter: `tcp port ${port}`, onFrame: (f) => frames.push(f) });
    try {
      const t0 = Date.now();
      const c = await tcpClient(port);
      await c.write(LOGIN.slice(0, 8));
      await new Promise((r) => setTimeout(r, 50));
      await c.write(LOGIN.slice(8) + HEARTBEAT);
      await waitFor(() => frames.length >= 2, 3000, 'two captured frames');
      expect(frames.map((f) => [f.protocol, f.direction, Buffer.from(f.bytes).toString('hex')])).toEqual([
        ['gt06', 'up', LOGIN],
        ['gt06', 'up', HEARTBEAT],
      ]);
      expect(frames[0]!.time).toBeGreaterThanOrEqual(t0 - 1);
      expect(frames[0]!.flow).toMatch(new RegExp(`^127\\.0\\.0\\.1:\\d+ → 127\\.0\\.0\\.1:${port}$`));
      await c.close();
    } finally {
      const summary = cap.stop();
      expect(summary.packets).toBeGreaterThan(0);
      server.close();
    }
  });

  it('explains a bad filter and an unknown interface', () => {
    expect(() => new LiveCapture({ device: 'lo', filter: 'tcp port nope', onFrame: () => undefined })).toThrow(/not valid BPF/);
    expect(() => new LiveCapture({ device: 'no-such-if0', onFrame: () => undefined })).toThrow(/cannot capture on no-such-if0/);
  });
});
