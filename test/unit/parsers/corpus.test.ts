/**
 * Acceptance over the shared corpus: for every registered protocol, every frame is detected as
 * that protocol, decodes without throwing, yields the positions and exact values the corpus
 * asserts, carries matching attributes, flags exactly the bad checksums, covers every byte, and
 * every `frame_decoder` input splits into the expected frame.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { fromHex } from '../../../parsers/core/bytes';
import { leanDecode } from '../../../parsers/core/reader';
import type { DecodedFrame } from '../../../parsers/core/types';
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

describe('lean decoding (the frame index) agrees with full decoding', () => {
  it('gives the same type, device, positions, attributes and issues for every corpus frame', () => {
    let compared = 0;
    for (const f of loadCorpus()) {
      const p = PROTOCOLS.find((x) => x.id === f.protocol);
      if (!p || f.stage !== 'decoder') continue;
      const bytes = fromHex(wireHex(f));
      const full = p.decode(bytes, { transport: f.transport, direction: 'up' });
      const lean = leanDecode(() => p.decode(bytes, { transport: f.transport, direction: 'up' }));
      const pick = (d: DecodedFrame) => ({ t: d.messageType, id: d.deviceId, pos: d.positions, a: d.attributes, i: d.issues, s: d.summary });
      expect(pick(lean), f.source).toEqual(pick(full));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('detection matrix', () => {
  it('puts every whole corpus frame of every protocol, detected with no hint, on its own protocol', () => {
    const off: string[] = [];
    let n = 0;
    for (const r of evaluate(loadCorpus().filter((f) => f.stage === 'decoder' && PROTOCOLS.some((p) => p.id === f.protocol)))) {
      n++;
      if (r.detected !== r.frame.protocol) off.push(`${r.frame.source}: ${r.frame.protocol} detected as ${r.detected ?? 'nothing'}`);
    }
    expect(n).toBeGreaterThan(700);
    expect(off).toEqual([]);
  });
});
