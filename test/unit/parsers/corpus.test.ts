/**
 * Acceptance over the shared corpus: for every registered protocol, every frame is detected as
 * that protocol, decodes without throwing, yields the positions and exact values the corpus
 * asserts, carries matching attributes, flags exactly the bad checksums, covers every byte, and
 * every `frame_decoder` input splits into the expected frame.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus } from '../../helpers/corpus';
import { evaluate } from '../../corpus/evaluate';

for (const p of PROTOCOLS) {
  const frames = loadCorpus(p.id);
  describe(`corpus: ${p.id}`, () => {
    it('has frames in the corpus', () => {
      expect(frames.length).toBeGreaterThan(0);
    });
    const results = evaluate(frames);
    for (const r of results) {
      it(`${r.frame.stage} ${r.frame.source}`, () => {
        expect(r.failures).toEqual([]);
      });
    }
  });
}
