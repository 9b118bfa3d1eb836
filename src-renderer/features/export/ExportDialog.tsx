/**
 * "Export…": the frames selected in the list, the session's or device's the list shows, or all,
 * as pcapng, NDJSON, CSV or JSON, written by the engine. The desktop app asks where with a save
 * dialog; in web mode a path on the engine's machine is typed, or the engine's exports folder
 * is used. Then the written path, frame count and size, with the path to copy.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { RequestResult } from '../../../src-main/api/contract';
import { hasNativeDialogs } from '../../api';
import { errorText, getCommands } from '../../app/commands';
import { CopyPathButton } from '../../app/CopyPathButton';
import { Dialog } from '../../app/Dialog';
import { isListFiltered, selectedFrameIds, useTrackwire } from '../../app/store';
import { EXPORT_FORMATS, defaultScope, exportRequest, resultText, scopeChoices, withExtension, type ExportFormat, type ExportScope, type ScopeInput } from './scope';

type ExportResult = NonNullable<RequestResult<'exportFrames'>>;

/** The choices of the last export, offered again. */
const remembered: { format: ExportFormat; path: string } = { format: 'pcapng', path: '' };

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const desktop = hasNativeDialogs();
  const selectedFrameId = useTrackwire((s) => s.selectedFrameId);
  const multiSelection = useTrackwire((s) => s.multiSelection);
  const filter = useTrackwire((s) => s.filter);
  const displayFilter = useTrackwire((s) => s.displayFilter);
  const listTotal = useTrackwire((s) => (isListFiltered(s) && s.rows.known ? s.rows.total : null));
  const totalFrames = useTrackwire((s) => Math.max(s.status?.frameCount ?? 0, s.frameTotal));
  const input: ScopeInput = useMemo(
    () => ({
      selectedIds: selectedFrameIds({ selectedFrameId, multiSelection }),
      allSelected: multiSelection?.all === true && multiSelection.focus === selectedFrameId,
      filter,
      displayFilter,
      listTotal,
      totalFrames,
    }),
    [selectedFrameId, multiSelection, filter, displayFilter, listTotal, totalFrames],
  );
  const choices = scopeChoices(input);
  const [format, setFormat] = useState<ExportFormat>(remembered.format);
  const [scope, setScope] = useState<ExportScope>(() => defaultScope(input));
  const [path, setPath] = useState(remembered.path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const chosen = choices.find((c) => c.scope === scope);

  const chooseFormat = (next: ExportFormat) => {
    setFormat(next);
    setPath((p) => withExtension(p, next));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const args = exportRequest(format, scope, input, { desktop, path });
    if (!args || busy) return;
    setBusy(true);
    setError(null);
    setResult(null);
    getCommands()
      .exportFrames(args)
      .then(
        (written) => {
          remembered.format = format;
          remembered.path = path.trim();
          setResult(written);
          setBusy(false);
        },
        (err: unknown) => {
          setError(errorText(err));
          setBusy(false);
        },
      );
  };

  return (
    <Dialog title="Export frames" onClose={onClose} testId="export-dialog" className="dialog--export">
      <form onSubmit={submit} className="dialog-form">
        <fieldset className="field-set">
          <legend className="field-name">Format</legend>
          <div className="choice-row" role="radiogroup" aria-label="Format">
            {EXPORT_FORMATS.map((f) => (
              <label key={f.format} className="choice" title={f.title}>
                <input
                  type="radio"
                  name="export-format"
                  value={f.format}
                  checked={format === f.format}
                  data-autofocus={format === f.format || undefined}
                  data-testid="export-format"
                  onChange={() => chooseFormat(f.format)}
                />
                {f.label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="field-set">
          <legend className="field-name">Frames</legend>
          <div className="choice-column" role="radiogroup" aria-label="Frames">
            {choices.map((c) => (
              <label key={c.scope} className={c.disabled ? 'choice choice--disabled' : 'choice'}>
                <input type="radio" name="export-scope" value={c.scope} checked={scope === c.scope} disabled={c.disabled} data-testid="export-scope" onChange={() => setScope(c.scope)} />
                {c.label}
              </label>
            ))}
          </div>
          <p className="dialog-hint">Ctrl+click and Shift+click select several frames in the list; Ctrl+A selects all it shows.</p>
        </fieldset>
        {!desktop && (
          <label className="field">
            <span className="field-name">Save to (on the engine's machine)</span>
            <input
              type="text"
              className="mono path-input"
              value={path}
              placeholder={`empty: the engine's exports folder (~/Trackwire/exports/trackwire-<time>.${format})`}
              spellCheck={false}
              autoComplete="off"
              data-testid="export-path"
              onChange={(e) => setPath(e.target.value)}
            />
          </label>
        )}
        {error && (
          <p className="dialog-error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
        {result && (
          <div className="export-result" role="status" data-testid="export-result" data-frames={result.frames} data-bytes={result.bytes}>
            <span>{resultText(result)} to</span>
            <span className="mono export-path" data-testid="export-result-path" title={result.path}>
              {result.path}
            </span>
            <CopyPathButton path={result.path} testId="export-copy" title="Copy the exported file's path" />
          </div>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button button--primary" disabled={busy || !chosen || chosen.disabled} data-testid="export-submit">
            {busy ? 'Exporting…' : desktop ? 'Export…' : 'Export'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
