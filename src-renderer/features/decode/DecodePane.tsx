/** The decode pane: frame heading, detection candidates, and the field tree. */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Candidate, FieldNode } from '../../../parsers/core/types';
import { useTrackwire } from '../../app/store';
import { directionTitle } from '../frames/format';
import { ancestorKeys, nodeValueText, pathKey, visibleRows, worstSeverity, type FieldPath, type TreeRow } from './tree';

function Candidates({ candidates }: { candidates: readonly Candidate[] }) {
  if (candidates.length === 0) return null;
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  return (
    <section className="candidates" aria-label="Detection candidates">
      <div className="candidates-title" title="The protocol is detected from the first bytes of the connection (or datagram source) and kept for the whole session">
        Detected from the session's first bytes
      </div>
      {sorted.map((c) => (
        <div key={c.protocol} className="candidate" data-testid="candidate" data-protocol={c.protocol}>
          <div className="candidate-head">
            <span className="candidate-name">{c.name}</span>
            <span className="candidate-id mono">{c.protocol}</span>
            <span className="score-bar" aria-hidden="true">
              <span className="score-fill" style={{ width: `${Math.round(Math.max(0, Math.min(1, c.score)) * 100)}%` }} />
            </span>
            <span className="candidate-score mono">{Math.round(c.score * 100)}%</span>
          </div>
          {c.evidence.length > 0 && (
            <ul className="evidence">
              {c.evidence.map((e, i) => (
                <li key={i} className={e.weight >= 0 ? 'evidence--for' : 'evidence--against'}>
                  <span className="evidence-sign">{e.weight >= 0 ? '+' : '−'}</span>
                  {e.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

function TreeLine({
  row,
  selected,
  onSelect,
  onToggle,
}: {
  row: TreeRow;
  selected: boolean;
  onSelect: (path: FieldPath) => void;
  onToggle: (key: string) => void;
}) {
  const { node } = row;
  const severity = worstSeverity(node);
  const value = nodeValueText(node);
  const classes = ['field-node'];
  if (selected) classes.push('field-node--selected');
  if (node.generated) classes.push('field-node--generated');
  if (severity) classes.push(`field-node--${severity}`);
  return (
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      className={classes.join(' ')}
      style={{ paddingLeft: 6 + row.depth * 16 }}
      data-testid="field-node"
      data-field-id={node.id}
      data-start={node.start}
      data-end={node.end}
      data-selected={selected ? 'true' : undefined}
      data-path={row.key}
      onClick={() => onSelect(row.path)}
    >
      <div className="field-line">
        {row.hasChildren ? (
          <button
            type="button"
            className="twisty"
            aria-label={row.expanded ? 'Collapse' : 'Expand'}
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(row.key);
            }}
          >
            {row.expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" />
        )}
        <span className="field-label">
          {node.label}
          {value !== '' && ':'}
        </span>
        {value !== '' && <span className="field-value">{value}</span>}
        {node.generated && <span className="field-generated">[generated]</span>}
        <span className="field-range mono">
          [{node.start}–{node.end})
        </span>
      </div>
      {node.issues?.map((issue, i) => (
        <div key={i} className={`field-issue sev-${issue.severity}`} style={{ paddingLeft: 18 }} title={issue.id}>
          {issue.severity === 'error' ? '✖' : issue.severity === 'warning' ? '⚠' : 'ℹ'} {issue.message}
        </div>
      ))}
    </div>
  );
}

/**
 * A field tree with its selection held by the caller: the main pane's is the store's selected
 * field, the composer's preview keeps its own.
 */
export function FieldTree({
  tree,
  selectedField,
  selectField,
}: {
  tree: readonly FieldNode[];
  selectedField: FieldPath | null;
  selectField: (path: FieldPath | null) => void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const containerRef = useRef<HTMLDivElement>(null);

  // A selection made elsewhere (the hex view) opens the nodes above it.
  useEffect(() => {
    if (!selectedField) return;
    const closed = ancestorKeys(selectedField).filter((k) => collapsed.has(k));
    if (closed.length === 0) return;
    setCollapsed((prev) => {
      const next = new Set(prev);
      for (const k of closed) next.delete(k);
      return next;
    });
  }, [selectedField, collapsed]);

  const selectedKey = selectedField ? pathKey(selectedField) : null;
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);

  useEffect(() => {
    if (selectedKey === null) return;
    const el = containerRef.current?.querySelector(`[data-path="${selectedKey}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey, rows]);

  const toggle = useCallback((key: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.key === selectedKey);
    const row = rows[index];
    let next: number | null = null;
    switch (event.key) {
      case 'ArrowDown':
        next = index < 0 ? 0 : Math.min(rows.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = index < 0 ? 0 : Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'ArrowRight':
        if (row?.hasChildren && !row.expanded) toggle(row.key);
        else if (row?.expanded) next = index + 1;
        break;
      case 'ArrowLeft':
        if (row?.expanded) toggle(row.key);
        else if (row && row.path.length > 1) {
          const parentKey = pathKey(row.path.slice(0, -1));
          next = rows.findIndex((r) => r.key === parentKey);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = next === null ? undefined : rows[next];
    if (target) selectField(target.path);
  };

  if (tree.length === 0) return <div className="empty-state">No fields decoded.</div>;
  return (
    <div className="field-tree" role="tree" aria-label="Decoded fields" tabIndex={0} ref={containerRef} onKeyDown={onKeyDown}>
      {rows.map((row) => (
        <TreeLine key={row.key} row={row} selected={row.key === selectedKey} onSelect={selectField} onToggle={toggle} />
      ))}
    </div>
  );
}

export function DecodePane() {
  const selectedId = useTrackwire((s) => s.selectedFrameId);
  const detail = useTrackwire((s) => s.detail);
  const detailFor = useTrackwire((s) => s.detailFor);
  const selectedField = useTrackwire((s) => s.selectedField);
  const selectField = useTrackwire((s) => s.selectField);

  if (selectedId === null) return <div className="empty-state">Select a frame</div>;
  if (detailFor !== selectedId) return <div className="empty-state">Loading frame {selectedId}…</div>;
  if (!detail) return <div className="empty-state">Frame {selectedId} is no longer available.</div>;

  return (
    <div className="decode-pane">
      <header className="pane-title">
        <span className="pane-title-main">
          Frame {detail.id} · {detail.protocol ?? 'unknown protocol'} · {detail.messageType}
        </span>
        <span className="pane-title-sub">
          {detail.length} bytes · {detail.transport.toUpperCase()} {detail.source} ({directionTitle(detail.direction)})
        </span>
      </header>
      <div className="decode-scroll">
        <Candidates candidates={detail.candidates} />
        <FieldTree key={detail.id} tree={detail.tree} selectedField={selectedField} selectField={selectField} />
      </div>
    </div>
  );
}
