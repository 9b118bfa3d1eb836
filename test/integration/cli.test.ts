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

  it('decodes a frame given as hex on the command line', async () => {
    const r = await runCli(['decode-hex', '78780d01012345678901234500018cdd0d0a']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.line).toBe(1);
    expect(out.candidates[0].protocol).toBe('gt06');
    expect(out.frames[0]).toMatchObject({ protocol: 'gt06', messageType: 'login', deviceId: '123456789012345', start: 0, end: 18 });
  });

  it('decode-hex reads stdin: one JSON line per input, an error record for bad hex, and goes on', async () => {
    const input = ['78780d01012345678901234500018cdd0d0a', '7878zz', '', '78 78 0d 01 01 23 45 67 89 01 23 45 00 01 8c dd 0d 0a'].join('\n');
    const r = await runCli(['decode-hex'], {}, input);
    expect(r.code).toBe(1); // a line failed
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 4]);
    expect(lines[1]).toEqual({ line: 2, error: expect.stringMatching(/^cannot read hex: not a hex digit at position 4/) });
    expect(lines[2].frames[0].deviceId).toBe('123456789012345');
    expect(lines[0].candidates[0].evidence.map((e: { text: string }) => e.text)).toContain('CRC-16/X-25 ok');
  });

  it('decode-hex --stream joins chunks across lines and carries the login IMEI to later frames', async () => {
    // A GT06 login split over two lines, then a heartbeat (Gt06ProtocolDecoderTest.java:477, :483)
    const input = '78780d010123456789\n01234500018cdd0d0a78780a13\n440604000201baaf540d0a\n';
    const r = await runCli(['decode-hex', '--stream', '--tree'], {}, input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].frames).toEqual([]);
    expect(lines[0].rest).toBe('78780d010123456789');
    expect(lines[1].frames[0]).toMatchObject({ messageType: 'login', start: 0, end: 18 });
    expect(lines[1].rest).toBe('78780a13');
    expect(lines[2].frames[0]).toMatchObject({ messageType: 'heartbeat', deviceId: '123456789012345', start: 18, end: 33 });
    expect(lines[2].frames[0].tree[0]).toMatchObject({ id: 'gt06.header', start: 0, end: 2 });
  });

  it('decode-hex --protocol forces the decoder and rejects an unknown id', async () => {
    const r = await runCli(['decode-hex', '--protocol', 'gt06', '00112233']);
    const out = JSON.parse(r.stdout);
    expect(out.frames[0].protocol).toBe('gt06');
    expect(out.frames[0].issues.length).toBeGreaterThan(0);
    const bad = await runCli(['decode-hex', '--protocol', 'nope', '00']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^trackwire: unknown protocol 'nope'; known: gt06, /);
  });

  it('command encode prints the exact bytes and their decode', async () => {
    // commands.jsonl: GT06 engine stop for device 123456789012345
    const r = await runCli(['command', 'encode', '--protocol', 'gt06', '--type', 'engineStop', '--device', '123456789012345', '--serial', '0']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('787812800c0000000052656c61792c312300009dee0d0a');
    expect(r.stdout).toMatch(/immobilises the vehicle/);
    expect(r.stdout).toMatch(/Start bits: 0x7878 \[0-2\]/);
    const bad = await runCli(['command', 'encode', '--protocol', 'gt06', '--type', 'positionPeriodic', '--attr', 'frequency=abc', '--device', '123456789012345']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^trackwire: 'frequency' must be a whole number, got "abc"$/);
  });

  it('rejects unknown options with one clear line', async () => {
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
