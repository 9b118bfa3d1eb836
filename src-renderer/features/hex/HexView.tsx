/** The hex view: offset, 16 hex bytes and their ASCII per row; linked to the field tree. */
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { FieldNode } from '../../../parsers/core/types';
import { useTrackwire } from '../../app/store';
import { deepestPathAt, leafCoverage, nodeAtPath, type FieldPath } from '../decode/tree';
import { asciiChar, byteHex, BYTES_PER_ROW, formatOffset, hexRows, inRange } from './layout';
import { fromHex } from '../../../parsers/core/bytes';

function byteClass(base: string, selected: boolean, covered: boolean): string {
  if (selected) return `${base} byte--selected`;
  return covered ? base : `${base} byte--undecoded`;
}

/**
 * The bytes of a frame with its field tree, the selection held by the caller: the main pane's is
 * the store's selected field, the composer's preview keeps its own.
 */
export function HexBytes({
  hex,
  tree,
  selectedField,
  selectField,
}: {
  hex: string;
  tree: readonly FieldNode[];
  selectedField: FieldPath | null;
  selectField: (path: FieldPath | null) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);

  const bytes = useMemo(() => fromHex(hex), [hex]);
  const covered = useMemo(() => leafCoverage(tree, bytes.length), [tree, bytes.length]);
  const rows = useMemo(() => hexRows(bytes.length), [bytes.length]);
  const selectedNode = selectedField ? nodeAtPath(tree, selectedField) : null;
  const range = selectedNode ? { start: selectedNode.start, end: selectedNode.end } : null;

  useEffect(() => {
    if (!range) return;
    const el = containerRef.current?.querySelector('[data-selected="true"]');
    el?.scrollIntoView({ block: 'nearest' });
  }, [range?.start, range?.end]);

  /** One handler for all bytes: the offset rides on the element. */
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-offset]');
    if (!target) return;
    const offset = Number(target.dataset.offset);
    if (!Number.isInteger(offset)) return;
    selectField(deepestPathAt(tree, offset));
  };

  const len = bytes.length;
  return (
    <div className="hex-grid mono" ref={containerRef} onClick={onClick}>
      {rows.map((row) => (
        <div className="hex-row" key={row.offset}>
          <span className="hex-offset">{formatOffset(row.offset, len)}</span>
          <span className="hex-bytes">
            {row.offsets.map((offset) => {
              const selected = inRange(offset, range);
              return (
                <span
                  key={offset}
                  className={byteClass(offset % BYTES_PER_ROW === 7 ? 'hex-byte hex-byte--mid' : 'hex-byte', selected, covered[offset] === 1)}
                  data-testid="hex-byte"
                  data-offset={offset}
                  data-selected={selected ? 'true' : undefined}
                >
                  {byteHex(bytes[offset]!)}
                </span>
              );
            })}
          </span>
          <span className="hex-ascii">
            {row.offsets.map((offset) => (
              <span
                key={offset}
                className={byteClass('ascii-byte', inRange(offset, range), covered[offset] === 1)}
                data-offset={offset}
              >
                {asciiChar(bytes[offset]!)}
              </span>
            ))}
          </span>
        </div>
      ))}
    </div>
  );
}

export function HexView() {
  const selectedId = useTrackwire((s) => s.selectedFrameId);
  const detail = useTrackwire((s) => s.detail);
  const detailFor = useTrackwire((s) => s.detailFor);
  const selectedField = useTrackwire((s) => s.selectedField);
  const selectField = useTrackwire((s) => s.selectField);

  if (selectedId === null || detailFor !== selectedId || !detail) {
    return <div className="empty-state">{selectedId === null ? 'Select a frame' : ''}</div>;
  }
  const node = selectedField ? nodeAtPath(detail.tree, selectedField) : null;
  const length = detail.hex.length >> 1;
  return (
    <div className="hex-pane">
      <header className="pane-title">
        <span className="pane-title-main">{length} bytes</span>
        <span className="pane-title-sub">
          {node ? (
            <>
              <span className="mono">{node.id}</span> [{node.start}–{node.end}) · {node.end - node.start} byte
              {node.end - node.start === 1 ? '' : 's'}
            </>
          ) : (
            'Click a byte to find its field'
          )}
        </span>
      </header>
      <div className="hex-scroll">
        <HexBytes hex={detail.hex} tree={detail.tree} selectedField={selectedField} selectField={selectField} />
      </div>
      <footer className="hex-legend">
        <span className="legend-swatch byte--selected" /> selected field
        <span className="legend-swatch byte--undecoded" /> undecoded
      </footer>
    </div>
  );
}
