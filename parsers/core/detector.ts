/**
 * The detector: every registered protocol scores the first bytes of a stream or datagram and
 * gives its evidence; the result is a ranked candidate list. Only a candidate scoring MIN_SCORE
 * can win (`winner`), so bytes that fit no known layout yield no winner; protocols whose header
 * matched stay in the list below it as runners-up.
 */
import type { Candidate, DetectContext, DetectResult, Evidence, ProtocolDescriptor } from './types';

export const MIN_SCORE = 0.15;

/** Rank all protocols for these bytes, best first; never throws. */
export function detect(bytes: Uint8Array, ctx: DetectContext, protocols: readonly ProtocolDescriptor[]): Candidate[] {
  const out: Candidate[] = [];
  for (const p of protocols) {
    let r: DetectResult;
    try {
      r = p.detect(bytes, ctx);
    } catch (e) {
      r = { score: 0, evidence: [{ text: `detector error: ${(e as Error).message}`, weight: -1 }] };
    }
    if (r.score > 0 && !p.transports.includes(ctx.transport)) {
      // Devices sometimes use the other transport; keep the candidate but say so.
      r = scoreEvidence([...r.evidence, { text: `${p.id} normally uses ${p.transports.join('/').toUpperCase()}, not ${ctx.transport.toUpperCase()}`, weight: -0.5 }]);
    }
    // Kept: anything that scores, and a protocol whose header matched but whose other evidence
    // ruled it out, so the runner-up on an ambiguous prefix shows with its score and reasons.
    if (r.score >= MIN_SCORE || r.evidence.some((e) => e.weight >= HEADER_WEIGHT)) out.push({ protocol: p.id, name: p.name, score: r.score, evidence: r.evidence });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Evidence at least this strong means the protocol's header matched. */
export const HEADER_WEIGHT = 0.5;

/** The winning candidate, or null when none scores MIN_SCORE (the bytes fit no known layout). */
export function winner(candidates: readonly Candidate[]): Candidate | null {
  const top = candidates[0];
  return top && top.score >= MIN_SCORE ? top : null;
}

/**
 * Turn weighted evidence into a 0..1 score: weights add up, the sum is squashed into [0, 1).
 * Evidence with a negative weight pulls the score down; a protocol that has no header match
 * should return score 0 directly rather than call this.
 */
export function scoreEvidence(evidence: Evidence[]): DetectResult {
  const sum = evidence.reduce((s, e) => s + e.weight, 0);
  const score = sum <= 0 ? 0 : 1 - Math.exp(-sum);
  return { score: Math.round(score * 1000) / 1000, evidence };
}
