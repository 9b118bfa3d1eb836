// The recent captures list: most recent first, one entry per file, ten at most, files checked
// when listed, kept in the data folder (written atomically, a damaged file is an empty list);
// the engine adds a file when openCapture accepts it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { MAX_RECENT, RECENT_FILE, RecentCaptures, cleanEntries } from '../../src-main/engine/recent';

const SAMPLE = path.resolve(__dirname, '..', '..', 'samples', 'gt06-session.pcap');
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tw-recent-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `n` small files in a fresh folder. */
function files(n: number): string[] {
  const d = tempDir();
  return Array.from({ length: n }, (_, i) => {
    const f = path.join(d, `c${i}.pcapng`);
    writeFileSync(f, Buffer.alloc(10 + i));
    return f;
  });
}

describe('recent captures', () => {
  it('lists the most recent first, with name, time, existence and size', () => {
    const [a, b] = files(2);
    const r = new RecentCaptures();
    r.add(a!, 1000);
    r.add(b!, 2000);
    expect(r.list()).toEqual([
      { path: b, name: 'c1.pcapng', openedAt: 2000, exists: true, sizeBytes: 11 },
      { path: a, name: 'c0.pcapng', openedAt: 1000, exists: true, sizeBytes: 10 },
    ]);
  });

  it('keeps one entry per file: opening it again moves it to the top with the new time', () => {
    const [a, b, c] = files(3);
    const r = new RecentCaptures();
    r.add(a!, 1);
    r.add(b!, 2);
    r.add(c!, 3);
    r.add(path.join(path.dirname(a!), '.', 'c0.pcapng'), 4);
    expect(r.list().map((e) => [e.name, e.openedAt])).toEqual([
      ['c0.pcapng', 4],
      ['c2.pcapng', 3],
      ['c1.pcapng', 2],
    ]);
  });

  it(`keeps the last ${MAX_RECENT} and reports the ones pushed out`, () => {
    const all = files(MAX_RECENT + 2);
    const dropped: string[] = [];
    const r = new RecentCaptures((paths) => dropped.push(...paths));
    all.forEach((f, i) => r.add(f, i));
    const list = r.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]!.path).toBe(all.at(-1));
    expect(list.at(-1)!.path).toBe(all[2]);
    expect(dropped).toEqual([all[0], all[1]]);
  });

  it('shows a file that is gone as not found, without a size, and keeps it listed', () => {
    const [a] = files(1);
    const r = new RecentCaptures();
    r.add(a!, 5);
    rmSync(a!);
    expect(r.list()).toEqual([{ path: a, name: 'c0.pcapng', openedAt: 5, exists: false, sizeBytes: null }]);
    // A folder where the file was is not a capture either.
    mkdirSync(a!);
    expect(r.list()[0]).toMatchObject({ exists: false, sizeBytes: null });
  });

  it('persists in the data folder atomically and reads it back', () => {
    const dir = tempDir();
    const [a, b] = files(2);
    const r = new RecentCaptures();
    r.persistIn(dir);
    r.add(a!, 10);
    r.add(b!, 20);
    expect(readdirSync(dir)).toEqual([RECENT_FILE]);
    expect(JSON.parse(readFileSync(path.join(dir, RECENT_FILE), 'utf8'))).toEqual([
      { path: b, openedAt: 20 },
      { path: a, openedAt: 10 },
    ]);
    const again = new RecentCaptures();
    again.persistIn(dir);
    expect(again.list().map((e) => e.path)).toEqual([b, a]);
  });

  it('treats a damaged or foreign file as an empty list, and bad entries as absent', () => {
    const dir = tempDir();
    for (const text of ['{not json', '{"path":"/x"}', 'null', '']) {
      writeFileSync(path.join(dir, RECENT_FILE), text);
      const r = new RecentCaptures();
      r.persistIn(dir);
      expect(r.list(), text).toEqual([]);
    }
    const [a] = files(1);
    expect(cleanEntries([{ path: a, openedAt: 1 }, { path: 3, openedAt: 2 }, { path: '/y' }, null, 'x', { path: a, openedAt: 9 }, { path: '', openedAt: 1 }])).toEqual([{ path: a, openedAt: 1 }]);
    // The damaged file is replaced on the next change.
    writeFileSync(path.join(dir, RECENT_FILE), '{not json');
    const r = new RecentCaptures();
    r.persistIn(dir);
    r.add(a!, 7);
    expect(JSON.parse(readFileSync(path.join(dir, RECENT_FILE), 'utf8'))).toEqual([{ path: a, openedAt: 7 }]);
  });

  it('reports a data folder it cannot write, without throwing', () => {
    const parent = tempDir();
    const blocked = path.join(parent, 'file');
    writeFileSync(blocked, 'x');
    const r = new RecentCaptures();
    r.persistIn(path.join(blocked, 'sub'));
    const [a] = files(1);
    expect(() => r.add(a!, 1)).not.toThrow();
    expect(r.saveError).toMatch(/cannot save recent-captures\.json/);
    expect(r.list()).toHaveLength(1);
  });

  it('clears the list and reports every file that left it', () => {
    const [a, b] = files(2);
    const dropped: string[] = [];
    const r = new RecentCaptures((p) => dropped.push(...p));
    r.add(a!, 1);
    r.add(b!, 2);
    expect(r.clear()).toEqual([]);
    expect(r.list()).toEqual([]);
    expect(dropped.sort()).toEqual([a, b].sort());
  });
});

describe('recent captures through the engine', () => {
  it('openCapture adds the file it accepts (not the ones it refuses); listRecentCaptures and clearRecentCaptures answer', async () => {
    const dataDir = tempDir();
    const engine = new Engine();
    await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    try {
      const job = await engine.handle('openCapture', { path: SAMPLE });
      await expect(engine.handle('openCapture', { path: path.join(dataDir, 'missing.pcap') })).rejects.toThrow(/no such file/);
      const notCapture = path.join(dataDir, 'notes.pcap');
      writeFileSync(notCapture, '{"hello": "world"}');
      await expect(engine.handle('openCapture', { path: notCapture })).rejects.toThrow(/not a pcap or pcapng file: it starts with 7b 22 68 65\. Trackwire opens pcapng and pcap captures \(\.pcapng, \.pcap, \.cap\)/);
      const list = await engine.handle('listRecentCaptures', undefined);
      expect(list).toEqual([{ path: job.source, name: 'gt06-session.pcap', openedAt: expect.any(Number), exists: true, sizeBytes: readFileSync(SAMPLE).length }]);
      expect(existsSync(path.join(dataDir, RECENT_FILE))).toBe(true);
      expect(await engine.handle('clearRecentCaptures', undefined)).toEqual([]);
      expect(await engine.handle('listRecentCaptures', undefined)).toEqual([]);
    } finally {
      await engine.stop();
    }
  });

  it('a new engine on the same data folder lists what the last one opened', async () => {
    const dataDir = tempDir();
    const first = new Engine();
    await first.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    await first.handle('openCapture', { path: SAMPLE });
    await first.stop();
    const second = new Engine();
    await second.start({ listen: [{ host: '127.0.0.1', port: 0 }], dataDir });
    try {
      expect((await second.handle('listRecentCaptures', undefined)).map((e) => e.name)).toEqual(['gt06-session.pcap']);
    } finally {
      await second.stop();
    }
  });
});
