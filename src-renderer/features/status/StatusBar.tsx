/**
 * The status bar: the recording of this run (file, packets, bytes, its folder), a running live
 * capture (interface, counters, Stop) and what the limits did. Recorder trouble is a warning
 * here; it blocks nothing.
 */
import { useState } from 'react';
import type { RecorderStatus } from '../../../src-main/api/contract';
import { getCommands } from '../../app/commands';
import { CopyPathButton } from '../../app/CopyPathButton';
import { LiveStatus } from '../captures/LiveStatus';
import { useTrackwire } from '../../app/store';
import { limitEventsTexts, recorderCounts, stoppedText } from './format';
import { ThemeSwitch } from '../../app/ThemeSwitch';

function Recorder({ recorder }: { recorder: RecorderStatus }) {
  // Where the file manager cannot be opened (web mode), the path is offered for copying instead.
  const [canOpen, setCanOpen] = useState(true);
  if (recorder.state === 'off') {
    return (
      <span className="recorder recorder--off" data-testid="recorder" data-state="off">
        Not recording
      </span>
    );
  }
  const openFolder = () => {
    getCommands()
      .openRecordingFolder()
      .then(
        (r) => {
          if (!r.opened) setCanOpen(false);
        },
        () => setCanOpen(false),
      );
  };
  return (
    <span className={`recorder recorder--${recorder.state}`} data-testid="recorder" data-state={recorder.state}>
      {recorder.state === 'recording' ? (
        <span className="rec-dot" aria-hidden="true" />
      ) : (
        <span className="recorder-warning" role="status" data-testid="recorder-warning" title={recorder.message}>
          ⚠ {stoppedText(recorder.message)}
        </span>
      )}
      {recorder.path && (
        <>
          <span className="recorder-label">{recorder.state === 'recording' ? 'Recording' : 'Recorded'}</span>
          <span className="recorder-path mono" data-testid="recorder-path" title={recorder.path}>
            {recorder.path}
          </span>
        </>
      )}
      <span className="recorder-counts" data-testid="recorder-counts">
        {recorderCounts(recorder)}
      </span>
      {recorder.path &&
        (canOpen ? (
          <button type="button" className="bar-button" data-testid="recorder-open" title={`Show ${recorder.path} in the file manager`} onClick={openFolder}>
            Open folder
          </button>
        ) : (
          <CopyPathButton path={recorder.path} testId="recorder-copy" title="Copy the recording's path" />
        ))}
    </span>
  );
}

export function StatusBar() {
  const recorder = useTrackwire((s) => s.status?.recorder ?? null);
  const limits = useTrackwire((s) => s.status?.limits ?? null);
  const limitEvents = useTrackwire((s) => s.status?.limitEvents ?? null);
  const upstream = useTrackwire((s) => s.status?.upstream ?? null);
  const limitTexts = limits && limitEvents ? limitEventsTexts({ limits, limitEvents }) : [];
  return (
    <footer className="status-bar" aria-label="Status">
      {recorder && <Recorder recorder={recorder} />}
      <LiveStatus />
      <span className="spacer" />
      {upstream && (
        <span className="top-meta" title="Proxy mode: devices' bytes are relayed to this server">
          Proxy to <span className="mono">{upstream}</span>
        </span>
      )}
      {limitTexts.length > 0 && (
        <span className="limit-events" data-testid="limit-events" role="status" title={limitEvents?.last}>
          ⚠ {limitTexts.join(' · ')}
        </span>
      )}
      <ThemeSwitch />
    </footer>
  );
}
