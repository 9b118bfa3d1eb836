/** The chip above the frame list that says whose frames it shows, with the button that clears it. */
import { useTrackwire } from '../../app/store';
import { plural } from './format';
import { sessionById } from './model';

export function FilterBar() {
  const filter = useTrackwire((s) => s.filter);
  const shown = useTrackwire((s) => s.rows.total);
  const counted = useTrackwire((s) => s.rows.known);
  const session = useTrackwire((s) => (s.filter?.kind === 'session' ? sessionById(s.sessions, s.filter.sessionId) : undefined));
  const setFilter = useTrackwire((s) => s.setFilter);
  if (!filter) return null;
  const count = (
    <span className="filter-count" data-testid="filter-count">
      {counted ? ` · ${plural(shown, 'frame')}` : ' · counting…'}
    </span>
  );
  return (
    <div className="filter-bar">
      <span className="filter-chip" data-testid="filter-chip" data-kind={filter.kind} data-value={filter.kind === 'session' ? filter.sessionId : filter.deviceId}>
        {filter.kind === 'session' ? (
          <span className="filter-label">
            Session <span className="mono">{filter.sessionId}</span>
            {session && (
              <>
                {` · ${session.transport.toUpperCase()} `}
                <span className="mono">{session.source}</span>
                {session.deviceId && (
                  <>
                    {' · '}
                    <span className="mono">{session.deviceId}</span>
                  </>
                )}
              </>
            )}
            {count}
          </span>
        ) : (
          <span className="filter-label">
            Device <span className="mono">{filter.deviceId}</span>, all its sessions
            {count}
          </span>
        )}
        <button type="button" className="chip-clear" aria-label="Show all frames (Esc)" title="Show all frames (Esc)" data-testid="filter-clear" onClick={() => setFilter(null)}>
          ×
        </button>
      </span>
    </div>
  );
}
