/** Field-tree helpers for tests. */
import type { FieldNode } from '../../parsers/core/types';

export function* walk(nodes: FieldNode[]): Generator<FieldNode> {
  for (const n of nodes) {
    yield n;
    if (n.children) yield* walk(n.children);
  }
}

/** Bytes of [0, length) not covered by any node. */
export function uncovered(nodes: FieldNode[], length: number): number[] {
  const covered = new Uint8Array(length);
  for (const n of walk(nodes)) for (let i = n.start; i < n.end; i++) covered[i] = 1;
  return [...covered.keys()].filter((i) => !covered[i]);
}
