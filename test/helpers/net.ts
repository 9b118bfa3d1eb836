/** Real-socket helpers for integration tests (127.0.0.1 only). */
import net from 'node:net';
import dgram from 'node:dgram';

/** Poll `fn` until it returns a truthy value or `ms` pass. */
export async function waitFor<T>(fn: () => T | Promise<T>, ms = 3000, what = 'condition'): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP client that collects everything it receives. */
export async function tcpClient(port: number, host = '127.0.0.1') {
  const sock = net.connect(port, host);
  await new Promise<void>((res, rej) => {
    sock.once('connect', () => res());
    sock.once('error', rej);
  });
  let received = Buffer.alloc(0);
  sock.on('data', (d) => (received = Buffer.concat([received, d])));
  return {
    sock,
    received: () => received,
    write: (hex: string) => new Promise<void>((res) => sock.write(Buffer.from(hex, 'hex'), () => res())),
    close: () => new Promise<void>((res) => sock.end(() => res())),
  };
}

export function udpSend(port: number, hex: string, host = '127.0.0.1'): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  return new Promise((res, rej) => s.send(Buffer.from(hex, 'hex'), port, host, (e) => (e ? rej(e) : res(s))));
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
