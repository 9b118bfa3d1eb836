/**
 * "Live capture…": packets from an interface of the engine's machine, narrowed by a BPF filter,
 * go through the same detection and decoding as the listener's; each flow becomes a session.
 * Where libpcap or the permission is missing, the engine's message says how to fix it.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CaptureInterface } from '../../../src-main/api/contract';
import { errorText, getCommands } from '../../app/commands';
import { Dialog } from '../../app/Dialog';
import { useTrackwire } from '../../app/store';
import { captureById, countsText, defaultInterface, runningLive } from './model';

/** The choices of the last start, offered again. */
const remembered = { device: '', filter: '' };

export function LiveCaptureDialog({ onClose }: { onClose: () => void }) {
  const [interfaces, setInterfaces] = useState<CaptureInterface[] | null>(null);
  const [device, setDevice] = useState(remembered.device);
  const [filter, setFilter] = useState(remembered.filter);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [startedId, setStartedId] = useState<string | null>(null);
  const captures = useTrackwire((s) => s.captures);
  const running = useMemo(() => runningLive(captures)[0] ?? null, [captures]);
  const started = captureById(captures, startedId);

  useEffect(() => {
    let live = true;
    getCommands()
      .listInterfaces()
      .then(
        (list) => {
          if (!live) return;
          setInterfaces(list);
          setDevice((d) => (d && list.some((i) => i.name === d) ? d : defaultInterface(list, remembered.device)));
        },
        (err: unknown) => {
          if (!live) return;
          setInterfaces([]);
          setError(errorText(err));
        },
      );
    return () => {
      live = false;
    };
  }, []);

  const start = (event: FormEvent) => {
    event.preventDefault();
    if (!device || running || busy) return;
    setBusy(true);
    setError(null);
    getCommands()
      .startLiveCapture(device, filter)
      .then(
        (job) => {
          remembered.device = device;
          remembered.filter = filter;
          setStartedId(job.id);
          setBusy(false);
        },
        (err: unknown) => {
          setError(errorText(err));
          setBusy(false);
        },
      );
  };

  const stop = () => {
    if (!running) return;
    setBusy(true);
    getCommands()
      .stopLiveCapture(running.id)
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };

  return (
    <Dialog title="Live capture" onClose={onClose} testId="live-dialog" className="dialog--live">
      <form onSubmit={start} className="dialog-form">
        <fieldset className="field-set" disabled={running !== null}>
          <legend className="field-name">Interface on the engine's machine</legend>
          {interfaces === null ? (
            <p className="dim">Loading interfaces…</p>
          ) : interfaces.length === 0 ? (
            <p className="dim">No interface to capture on.</p>
          ) : (
            <div className="iface-list" role="radiogroup" aria-label="Interface">
              {interfaces.map((i) => (
                <label key={i.name} className="iface" title={[i.name, i.description, ...i.addresses].filter(Boolean).join('\n')} data-testid="live-interface" data-name={i.name}>
                  <input type="radio" name="live-interface" value={i.name} checked={device === i.name} onChange={() => setDevice(i.name)} />
                  <span className="mono iface-name">{i.name}</span>
                  <span className="dim iface-desc">{i.description}</span>
                  <span className="mono dim iface-addr">{i.addresses.join(', ')}</span>
                </label>
              ))}
            </div>
          )}
          <label className="field">
            <span className="field-name">Capture filter (BPF)</span>
            <input
              type="text"
              className="mono path-input"
              value={filter}
              placeholder="e.g. tcp port 5023 — empty: every packet"
              spellCheck={false}
              autoComplete="off"
              data-autofocus
              data-testid="live-filter"
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
        </fieldset>
        {error && (
          <p className="dialog-error" role="alert" data-testid="live-error">
            {error}
          </p>
        )}
        {running ? (
          <p className="live-running" role="status" data-testid="live-running" data-job-id={running.id}>
            <span className="rec-dot" aria-hidden="true" /> Capturing on <span className="mono">{running.source}</span> · <span data-testid="live-dialog-counts">{countsText(running)}</span>
          </p>
        ) : (
          started &&
          started.state !== 'capturing' && (
            <p className="live-running dim" role="status" data-testid="live-stopped">
              Stopped <span className="mono">{started.source}</span>: {countsText(started)} · {started.flows} flow{started.flows === 1 ? '' : 's'}
            </p>
          )
        )}
        <div className="dialog-actions">
          {running ? (
            <button type="button" className="button button--primary" disabled={busy} data-testid="live-stop" onClick={stop} title="Stop capturing (Ctrl+E)">
              Stop
            </button>
          ) : (
            <button type="submit" className="button button--primary" disabled={busy || !device} data-testid="live-start">
              Start
            </button>
          )}
          <button type="button" className="button" onClick={onClose} title="Close; a running capture goes on (the status bar shows it)">
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}
