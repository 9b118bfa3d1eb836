import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src-main/cli/args';
import { parseHostPort } from '../../src-main/engine/address';

describe('command line', () => {
  it('defaults to the desktop app with the default listener', () => {
    expect(parseArgs([])).toMatchObject({ command: 'start', listen: [] });
  });
  it('takes several --listen, --host and --port', () => {
    const o = parseArgs(['web', '--listen', '127.0.0.1:9000', '--listen=:9001', '--host', '0.0.0.0', '--port', '0']);
    expect(o.listen).toEqual([
      { host: '127.0.0.1', port: 9000 },
      { host: '0.0.0.0', port: 9001 },
    ]);
    expect(o).toMatchObject({ command: 'web', host: '0.0.0.0', port: 0 });
  });
  it('reads IPv6 listen addresses', () => {
    expect(parseHostPort('[::1]:8888', '--listen')).toEqual({ host: '::1', port: 8888 });
  });
  it('explains a bad address with the flag and an example', () => {
    expect(() => parseArgs(['--listen', 'nowhere'])).toThrow("--listen expects HOST:PORT (e.g. 0.0.0.0:8888), got 'nowhere'");
    expect(() => parseArgs(['--port', '70000'])).toThrow(/--port expects a number/);
    expect(() => parseArgs(['--listen'])).toThrow('--listen needs a value');
    expect(() => parseArgs(['frobnicate'])).toThrow("unknown command 'frobnicate'");
  });
});
