/**
 * The capture bar under the top bar: while a file is read, its progress with Cancel (frames
 * appear in the list meanwhile); then its summary — packets, frames, flows, gaps — the flows
 * that are not tracker traffic in a list that opens, and for a damaged file where reading
 * stopped and why.
 */
import { getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { captureById, fileHeadline, nonTrackerText, nonTrackerTitle, progressFraction, progressText, readingText, stoppedWarning, summaryItems } from './model';

export function CaptureBar() {
  const job = useTrackwire((s) => captureById(s.captures, s.shownCaptureId));
  const showCapture = useTrackwire((s) => s.showCapture);
  if (!job) return null;
  const reading = job.state === 'reading';
  const warning = stoppedWarning(job);
  return (
    <section className={`capture-bar capture-bar--${job.state}`} aria-label="Capture file" data-testid="capture-bar" data-state={job.state} data-job-id={job.id}>
      <div className="capture-line">
        <span className="capture-title" title={job.source} data-testid="capture-title">
          {fileHeadline(job)}
        </span>
        {reading ? (
          <>
            <progress className="capture-progress" max={1} value={progressFraction(job)} aria-label={`Read ${progressText(job)}`} data-testid="capture-progress" />
            <span className="capture-counts" data-testid="capture-progress-text">
              {readingText(job)}
            </span>
            <button type="button" className="bar-button" data-testid="capture-cancel" title="Stop reading; the frames read so far stay" onClick={() => void getCommands().cancelCapture(job.id).catch(() => undefined)}>
              Cancel
            </button>
          </>
        ) : (
          <span className="capture-summary" data-testid="capture-summary">
            {summaryItems(job).map((item) => (
              <span key={item.key} className={item.warn ? 'capture-item capture-item--warn' : 'capture-item'} data-testid={`capture-${item.key}`}>
                {item.text}
              </span>
            ))}
          </span>
        )}
        <span className="spacer" />
        {!reading && (
          <button type="button" className="chip-clear" aria-label="Close the capture summary" title="Close the capture summary" data-testid="capture-dismiss" onClick={() => showCapture(null)}>
            ×
          </button>
        )}
      </div>
      {warning && (
        <div className="capture-warning" role="status" data-testid="capture-warning">
          ⚠ {warning}
        </div>
      )}
      {!reading && job.nonTrackerFlows.length > 0 && (
        <details className="capture-other" data-testid="capture-nontracker">
          <summary>{nonTrackerTitle(job)}</summary>
          <ul className="capture-flows">
            {job.nonTrackerFlows.map((flow) => (
              <li key={`${flow.transport} ${flow.flow}`} className="mono" title={flow.firstBytesHex ? `First bytes: ${flow.firstBytesHex}` : undefined} data-testid="capture-flow">
                {nonTrackerText(flow)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
