/**
 * Lossless recording: the engine runs as a child process, a device sends 1,000 frames, the engine
 * is killed with SIGKILL, and tshark reads the pcapng: every frame is there and the TCP stream
 * reassembles to exactly the bytes sent.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCli } from '../helpers/cli';
import { freePort, tcpClient, waitFor } from '../helpers/net';
import { getProtocol } from '../../parsers/index';

const LOGIN = '78780d01012345678901234500018cdd0d0a'; // Gt06ProtocolDecoderTest.java:477
const HEARTBEAT = '78780a13440604000201baaf540d0a'; // :483

/** The bytes each side sent in TCP stream 0, as tshark reassembles them. */
function followTcp(file: string): { client: string; server: string } {
  const out = execFileSync('tshark', ['-r', file, '-q', '-z', 'follow,tcp,raw,0'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const body = out.split(/^=+$/m)[1] ?? '';
  let client = '';
  let server = '';
  for (const line of body.split('\n')) {
    if (!line.trim() || /^(Follow|Filter|Node \d)/.test(line)) continue;
    if (line.startsWith('\t')) server += line.trim();
    else client += line.trim();
  }
  return { client, server };
}

describe('recorder survives kill -9', () => {
  it('keeps all 1,000 frames, and tshark reassembles them to the bytes sent', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trackwire-crash-'));
    const port = await freePort();
    const { proc, match } = await startCli(['listen', '--listen', `127.0.0.1:${port}`, '--record', dir], /Recording: (\S+)/);
    const file = match[1]!;
    try {
      const c = await tcpClient(port);
      let sent = LOGIN;
      await c.write(LOGIN);
      for (let i = 0; i < 999; i++) {
        sent += HEARTBEAT;
        await c.write(HEARTBEAT);
      }
      // Every frame answered: the engine has read (and recorded) all of them.
      await waitFor(() => c.received().length >= 1000 * 10, 10000, '1,000 answers');
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      expect(readdirSync(dir)).toEqual([path.basename(file)]);
      const { client, server } = followTcp(file);
      expect(client.length).toBe(sent.length);
      expect(client).toBe(sent);
      expect(server).toBe(c.received().toString('hex'));
      const frames = getProtocol('gt06')!.split(Buffer.from(client, 'hex')).frames;
      expect(frames).toHaveLength(1000);
      // Each packet names what it carried.
      const comments = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' });
      expect(comments).toContain('gt06 login');
      expect(comments).toContain('gt06 heartbeat');
      c.sock.destroy();
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  }, 30000);
});
