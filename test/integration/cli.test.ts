import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { runCli, startCli, stop } from '../helpers/cli';
import { freePort, tcpClient, waitFor } from '../helpers/net';

describe('trackwire CLI', () => {
  it('prints its help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--listen HOST:PORT/);
    expect(r.stdout).toMatch(/port 8888/);
  });

  it('decodes a frame given as hex', async () => {
    const r = await runCli(['decode-hex', '78780d01012345678901234500018cdd0d0a']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.protocol).toBe('gt06');
    expect(out.decoded.deviceId).toBe('123456789012345');
  });

  it('rejects bad hex and unknown options with one clear line', async () => {
    const bad = await runCli(['decode-hex', '7878z']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^trackwire: cannot read the frame: /);
    const opt = await runCli(['web', '--bogus']);
    expect(opt.code).toBe(2);
    expect(opt.stderr.trim()).toBe("trackwire: unknown option '--bogus' (see trackwire --help)");
  });

  it('names the port and the flag when the device port is in use, without a stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await runCli(['listen', '--listen', `127.0.0.1:${port}`]);
    blocker.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Port ${port} is already in use`);
    expect(r.stderr).toContain('--listen HOST:PORT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('npm start falls back to web mode in one line when Electron cannot run', async () => {
    const devicePort = await freePort();
    const { proc, output, match } = await startCli(
      ['start', '--listen', `127.0.0.1:${devicePort}`, '--port', '0'],
      /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
      { DISPLAY: '', WAYLAND_DISPLAY: '' },
    );
    try {
      expect(output()).toMatch(/^Desktop app unavailable: .+; starting web mode instead\.$/m);
      expect(output()).toContain(`Devices: TCP 127.0.0.1:${devicePort}, UDP 127.0.0.1:${devicePort}`);
      const res = await fetch(match[1]!);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      // The listener is live: a login gets its ACK.
      const c = await tcpClient(devicePort);
      await c.write('78780d01012345678901234500018cdd0d0a');
      await waitFor(() => c.received().length >= 10, 2000, 'ACK');
      expect(c.received().toString('hex')).toBe('787805010001d9dc0d0a');
      await c.close();
    } finally {
      await stop(proc);
    }
  });
});
