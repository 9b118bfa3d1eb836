/** Lookups in a decoded field tree by index path and by byte offset: pure, no React. */
import type { FieldNode } from '../../../parsers/core/types';

/** Index path of a node in a field tree: `[2, 0]` is the first child of the third root. */
export type FieldPath = readonly number[];

/** The node at `path`, or null when the path leads nowhere. */
export function nodeAtPath(tree: readonly FieldNode[], path: FieldPath): FieldNode | null {
  let level: readonly FieldNode[] | undefined = tree;
  let node: FieldNode | null = null;
  for (const index of path) {
    node = level?.[index] ?? null;
    if (!node) return null;
    level = node.children;
  }
  return node;
}

/** Stable string key of a path, for React keys and DOM lookups. */
export function pathKey(path: FieldPath): string {
  return path.join('.');
}

/** Keys of every proper ancestor of `path` (the nodes that must be expanded to show it). */
export function ancestorKeys(path: FieldPath): string[] {
  const keys: string[] = [];
  for (let i = 1; i < path.length; i++) keys.push(pathKey(path.slice(0, i)));
  return keys;
}

function contains(node: FieldNode, offset: number): boolean {
  return node.start <= offset && offset < node.end;
}

/**
 * Path of the deepest node whose `[start, end)` contains `offset`, or null. A byte belongs to the
 * wire, so wire nodes win over generated ones (a computed checksum) at any depth; among equals
 * the first in tree order wins.
 */
export function deepestPathAt(tree: readonly FieldNode[], offset: number): number[] | null {
  let best: number[] | null = null;
  let bestGenerated = true;
  const visit = (nodes: readonly FieldNode[], prefix: number[]): void => {
    nodes.forEach((node, index) => {
      if (!contains(node, offset)) return;
      const path = [...prefix, index];
      const generated = node.generated === true;
      if (
        best === null ||
        (bestGenerated && !generated) ||
        (bestGenerated === generated && path.length > best.length)
      ) {
        best = path;
        bestGenerated = generated;
      }
      if (node.children) visit(node.children, path);
    });
  };
  visit(tree, []);
  return best;
}

/**
 * Per byte of a frame of `length` bytes: 1 when some wire leaf field covers it, 0 when none
 * does ("undecoded"). Generated nodes do not count: they are not on the wire.
 */
export function leafCoverage(tree: readonly FieldNode[], length: number): Uint8Array {
  const covered = new Uint8Array(length);
  const visit = (nodes: readonly FieldNode[]): void => {
    for (const node of nodes) {
      if (node.generated) continue;
      // A node whose children are all generated (a checksum with its computed twin) is a leaf.
      if (node.children?.some((child) => !child.generated)) {
        visit(node.children);
        continue;
      }
      const start = Math.max(0, node.start);
      const end = Math.min(length, node.end);
      for (let i = start; i < end; i++) covered[i] = 1;
    }
  };
  visit(tree);
  return covered;
}

/** Worst severity among a node's own issues, or null. */
export function worstSeverity(node: FieldNode): 'error' | 'warning' | 'info' | null {
  let worst: 'error' | 'warning' | 'info' | null = null;
  for (const issue of node.issues ?? []) {
    if (issue.severity === 'error') return 'error';
    if (issue.severity === 'warning') worst = 'warning';
    else if (!worst) worst = 'info';
  }
  return worst;
}

/** What a node shows after its label: the display text, else the value, else nothing. */
export function nodeValueText(node: FieldNode): string {
  if (node.display !== undefined && node.display !== '') return node.display;
  if (node.value === undefined || node.value === null) return '';
  return String(node.value);
}

/** One line of the tree as shown: a node, where it sits, and whether it is open. */
export interface TreeRow {
  node: FieldNode;
  path: number[];
  key: string;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/** The rows a tree shows when the nodes whose keys are in `collapsed` are closed. */
export function visibleRows(tree: readonly FieldNode[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (nodes: readonly FieldNode[], prefix: number[]): void => {
    nodes.forEach((node, index) => {
      const path = [...prefix, index];
      const key = pathKey(path);
      const hasChildren = (node.children?.length ?? 0) > 0;
      const expanded = hasChildren && !collapsed.has(key);
      rows.push({ node, path, key, depth: prefix.length, hasChildren, expanded });
      if (expanded) visit(node.children!, path);
    });
  };
  visit(tree, []);
  return rows;
}
