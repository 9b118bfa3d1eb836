import { describe, expect, it } from 'vitest';
import {
  ancestorKeys,
  deepestPathAt,
  leafCoverage,
  nodeAtPath,
  nodeValueText,
  visibleRows,
  worstSeverity,
} from '../../src-renderer/features/decode/tree';
import { GT06_LOGIN_TREE } from './renderer-fixtures';

describe('field lookup by byte offset', () => {
  it('finds the deepest field containing a byte', () => {
    expect(deepestPathAt(GT06_LOGIN_TREE, 0)).toEqual([0]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 1)).toEqual([0]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 3)).toEqual([2]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 4)).toEqual([3, 0]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 11)).toEqual([3, 0]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 12)).toEqual([4]);
    expect(deepestPathAt(GT06_LOGIN_TREE, 17)).toEqual([6]);
  });

  it('treats ranges as half-open and returns null outside every field', () => {
    expect(deepestPathAt(GT06_LOGIN_TREE, 18)).toBeNull();
    expect(deepestPathAt([{ id: 'a', label: 'a', start: 2, end: 2 }], 2)).toBeNull();
  });

  it('prefers a wire node over a generated one at the same depth', () => {
    const tree = [
      {
        id: 'x',
        label: 'x',
        start: 0,
        end: 4,
        children: [
          { id: 'x.gen', label: 'gen', start: 0, end: 2, generated: true },
          { id: 'x.wire', label: 'wire', start: 0, end: 2 },
        ],
      },
    ];
    expect(deepestPathAt(tree, 1)).toEqual([0, 1]);
  });

  it('picks the wire checksum, not its deeper computed twin', () => {
    expect(deepestPathAt(GT06_LOGIN_TREE, 15)).toEqual([5]);
  });

  it('picks the wire checksum over a computed sibling (the GT06 decoder layout)', () => {
    const tree = [
      { id: 'gt06.crc', label: 'crc', start: 14, end: 16 },
      { id: 'gt06.crc_computed', label: 'computed', start: 14, end: 16, generated: true },
    ];
    expect(deepestPathAt(tree, 14)).toEqual([0]);
  });

  it('falls back to a generated node when no wire node holds the byte', () => {
    expect(deepestPathAt([{ id: 'g', label: 'g', start: 0, end: 2, generated: true }], 1)).toEqual([0]);
  });
});

describe('tree paths', () => {
  it('resolves index paths', () => {
    expect(nodeAtPath(GT06_LOGIN_TREE, [3, 0])?.id).toBe('gt06.login.imei');
    expect(nodeAtPath(GT06_LOGIN_TREE, [3, 5])).toBeNull();
    expect(nodeAtPath(GT06_LOGIN_TREE, [9])).toBeNull();
    expect(ancestorKeys([3, 0, 2])).toEqual(['3', '3.0']);
  });

  it('lists visible rows, hiding children of collapsed nodes', () => {
    const all = visibleRows(GT06_LOGIN_TREE, new Set());
    expect(all.map((r) => r.node.id)).toEqual([
      'gt06.header',
      'gt06.length',
      'gt06.type',
      'gt06.login',
      'gt06.login.imei',
      'gt06.serial',
      'gt06.crc',
      'gt06.crc.computed',
      'gt06.stop',
    ]);
    expect(all[4]).toMatchObject({ key: '3.0', depth: 1, hasChildren: false });
    const folded = visibleRows(GT06_LOGIN_TREE, new Set(['3']));
    expect(folded.map((r) => r.key)).not.toContain('3.0');
    expect(folded.find((r) => r.key === '3')?.expanded).toBe(false);
  });
});

describe('undecoded bytes', () => {
  it('marks bytes covered by wire leaves only', () => {
    const tree = [
      { id: 'a', label: 'a', start: 0, end: 2 },
      { id: 'b', label: 'b', start: 2, end: 6, children: [{ id: 'b.x', label: 'x', start: 2, end: 3 }] },
      { id: 'g', label: 'g', start: 6, end: 8, generated: true },
    ];
    expect(Array.from(leafCoverage(tree, 9))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('covers the whole GT06 login frame', () => {
    expect(leafCoverage(GT06_LOGIN_TREE, 18).every((c) => c === 1)).toBe(true);
  });
});

describe('node text', () => {
  it('shows display, else value', () => {
    expect(nodeValueText(GT06_LOGIN_TREE[2]!)).toBe('login (0x01)');
    expect(nodeValueText(GT06_LOGIN_TREE[1]!)).toBe('13');
    expect(nodeValueText(GT06_LOGIN_TREE[3]!)).toBe('');
  });

  it('reports the worst issue severity', () => {
    const issue = (severity: 'error' | 'warning' | 'info') => ({ id: 'x', group: 'protocol' as const, severity, message: 'm' });
    expect(worstSeverity({ id: 'a', label: 'a', start: 0, end: 1 })).toBeNull();
    expect(worstSeverity({ id: 'a', label: 'a', start: 0, end: 1, issues: [issue('info'), issue('warning')] })).toBe('warning');
    expect(worstSeverity({ id: 'a', label: 'a', start: 0, end: 1, issues: [issue('warning'), issue('error')] })).toBe('error');
  });
});
