/**
 * Web mode's "Open capture…": the engine reads files on its own machine, so the browser names
 * one by its path there (a file on this machine is dropped on the window instead: it is
 * uploaded); the files opened recently and the engine's sample captures are one click away. The
 * desktop app uses the native file dialog instead (chooseCapture).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RecentCapture, RequestResult } from '../../../src-main/api/contract';
import { errorText, getCommands } from '../../app/commands';
import { Dialog } from '../../app/Dialog';
import { formatBytes } from '../sessions/format';

type Sample = RequestResult<'listSamples'>[number];

/** `14:05` today, else `12 Mar 14:05`: when a recent file was opened. */
export function openedText(at: number, now = Date.now()): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** The path typed last, offered again next time. */
let lastPath = '';

export function OpenCaptureDialog({ onClose }: { onClose: () => void }) {
  const [path, setPath] = useState(lastPath);
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [recent, setRecent] = useState<RecentCapture[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    getCommands()
      .listSamples()
      .then(
        (list) => live && setSamples(list),
        () => live && setSamples([]),
      );
    getCommands()
      .listRecentCaptures()
      .then(
        (list) => live && setRecent(list),
        () => live && setRecent([]),
      );
    return () => {
      live = false;
    };
  }, []);

  const open = (file: string) => {
    const target = file.trim();
    if (!target) {
      setError('Type the path of a .pcap or .pcapng file on the machine the engine runs on.');
      return;
    }
    setBusy(true);
    setError(null);
    getCommands()
      .openCapture(target)
      .then(
        () => {
          lastPath = target;
          onClose();
        },
        (err: unknown) => {
          setError(errorText(err));
          setBusy(false);
        },
      );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    open(path);
  };

  return (
    <Dialog title="Open a capture" onClose={onClose} testId="open-dialog" className="dialog--open">
      <form onSubmit={onSubmit} className="dialog-form">
        <label className="field">
          <span className="field-name">File</span>
          <input
            type="text"
            className="mono path-input"
            value={path}
            placeholder="/home/me/captures/tracker.pcapng"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            data-autofocus
            data-testid="open-path"
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        <p className="dialog-hint">
          A pcap or pcapng file (tcpdump, tshark, Wireshark, Trackwire's recordings) on the machine the engine runs on — in web mode the
          engine reads it from there. A file on this computer: drop it on the window (it is uploaded). Frames appear in the list as they
          are read; each flow becomes a session.
        </p>
        {error && (
          <p className="dialog-error" role="alert" data-testid="open-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="open-submit">
            {busy ? 'Opening…' : 'Open'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
      {recent.length > 0 && (
        <section className="samples" aria-label="Recent captures">
          <h3 className="dialog-subtitle dialog-subtitle--with-action">
            Recent
            <button type="button" className="link-button" data-testid="recent-clear" onClick={() => void getCommands().clearRecentCaptures().then(setRecent, () => undefined)}>
              Clear
            </button>
          </h3>
          <ul className="sample-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className={r.exists ? 'sample' : 'sample sample--missing'}
                  disabled={busy || !r.exists}
                  title={r.exists ? r.path : `${r.path} — not found`}
                  data-testid="recent"
                  data-name={r.name}
                  data-exists={r.exists}
                  onClick={() => open(r.path)}
                >
                  <span className="mono">{r.name}</span>
                  <span className="dim">{r.exists ? `${r.sizeBytes === null ? '' : `${formatBytes(r.sizeBytes)} · `}${openedText(r.openedAt)}` : 'not found'}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="samples" aria-label="Sample captures">
        <h3 className="dialog-subtitle">Samples</h3>
        {samples === null ? (
          <p className="dim">Loading…</p>
        ) : samples.length === 0 ? (
          <p className="dim">No sample captures where the engine runs.</p>
        ) : (
          <ul className="sample-list">
            {samples.map((s) => (
              <li key={s.path}>
                <button type="button" className="sample" disabled={busy} title={s.path} data-testid="sample" data-name={s.name} onClick={() => open(s.path)}>
                  <span className="mono">{s.name}</span>
                  <span className="dim">{formatBytes(s.bytes)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Dialog>
  );
}
