/** Parsing of `HOST:PORT` listen addresses. */
import { UserError } from './errors';

export interface HostPort {
  host: string;
  port: number;
}

/** Parse `HOST:PORT`, `:PORT`, `PORT` or `[v6]:PORT`; throws a UserError naming the flag. */
export function parseHostPort(text: string, flag: string, defaultHost = '0.0.0.0'): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`${flag} expects HOST:PORT (e.g. 0.0.0.0:8888), got '${text}'`);
  }
  const host = m[1] ?? (m[2] || defaultHost);
  return { host, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `host:port` or `[v6]:port` as shown in the UI → host and port (port 0 when there is none). */
export function splitHostPort(text: string): { address: string; port: number } {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(text);
  return m ? { address: m[1]!, port: Number(m[2]) } : { address: text, port: 0 };
}
