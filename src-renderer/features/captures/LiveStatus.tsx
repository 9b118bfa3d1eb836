/** The status bar's part for running live captures: interface, filter, counters, Stop. */
import { useMemo } from 'react';
import { getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { countsText, runningLive } from './model';

export function LiveStatus() {
  const captures = useTrackwire((s) => s.captures);
  const running = useMemo(() => runningLive(captures), [captures]);
  return (
    <>
      {running.map((job) => (
        <span key={job.id} className="live-status" data-testid="live-status" data-job-id={job.id}>
          <span className="rec-dot" aria-hidden="true" />
          <span className="recorder-label">Live</span>
          <span className="mono live-source" title={job.source}>
            {job.source}
          </span>
          <span className="recorder-counts" data-testid="live-counts">
            {countsText(job)}
          </span>
          <button type="button" className="bar-button" data-testid="live-stop-bar" title="Stop the live capture (Ctrl+E)" onClick={() => void getCommands().stopLiveCapture(job.id).catch(() => undefined)}>
            Stop
          </button>
        </span>
      ))}
    </>
  );
}
