import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getProtocol } from '../../../parsers/index';

// Every protocol with command vectors in the corpus has a catalogue that knows each vector's type.
const vectors = readFileSync(path.resolve('test', 'fixtures', 'corpus', 'commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { protocol: string; source: string; command?: { type: string } });

describe('command catalogues cover the corpus vectors', () => {
  for (const v of vectors.filter((x) => x.command)) {
    it(`${v.protocol} ${v.command!.type} (${v.source})`, () => {
      const types = getProtocol(v.protocol)?.commands?.list.map((c) => c.type) ?? [];
      expect(types).toContain(v.command!.type);
    });
  }
});
