import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROTOCOLS } from '../../../parsers/index';

const PARSERS = path.resolve(__dirname, '../../../parsers');

describe('protocol registry', () => {
  it('lists every protocol folder once, under its own id', () => {
    const folders = readdirSync(PARSERS).filter((f) => f !== 'core' && statSync(path.join(PARSERS, f)).isDirectory());
    expect(PROTOCOLS.map((p) => p.id).sort()).toEqual(folders.sort());
  });

  it('keeps parsers/ free of Node, Electron, DOM and higher layers', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
      });
    for (const file of walk(PARSERS)) {
      const src = readFileSync(file, 'utf8');
      expect(src, file).not.toMatch(/from ['"](node:|fs|path|net|electron|react)/);
      expect(src, file).not.toMatch(/from ['"][./]*\/src-/);
      expect(src, file).not.toMatch(/\b(Buffer|document|window)\./);
    }
  });
});
