/** The sessions pane: a Sessions tab (every connection) and a Devices tab (grouped by device id). */
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTrackwire } from '../../app/store';
import { listenerAddress } from '../frames/format';
import { DeviceTable } from './DeviceTable';
import { formatCount } from './format';
import { SessionTable } from './SessionTable';

type Tab = 'sessions' | 'devices';

/** The time now, refreshed every `ms` (for "last seen" ages). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

export function SessionsPanel() {
  const [tab, setTab] = useState<Tab>('sessions');
  const [openOnly, setOpenOnly] = useState(false);
  const sessions = useTrackwire((s) => s.sessions.list);
  const deviceCount = useTrackwire((s) => s.devices.list.length);
  const firstListener = useTrackwire((s) => s.status?.listeners[0] ?? null);
  const now = useNow(1000);

  const rows = useMemo(() => (openOnly ? sessions.filter((s) => s.state === 'open') : sessions), [sessions, openOnly]);
  const openCount = useMemo(() => sessions.reduce((n, s) => n + (s.state === 'open' ? 1 : 0), 0), [sessions]);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Tab = tab === 'sessions' ? 'devices' : 'sessions';
    setTab(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };

  return (
    <div className="sessions-panel">
      <header className="pane-title sessions-title">
        <div role="tablist" aria-label="Sessions or devices" className="tabs" onKeyDown={onTabKey}>
          <button
            type="button"
            role="tab"
            id="tab-sessions"
            aria-selected={tab === 'sessions'}
            aria-controls="tabpanel-sessions"
            tabIndex={tab === 'sessions' ? 0 : -1}
            className="tab"
            data-tab="sessions"
            data-testid="tab-sessions"
            onClick={() => setTab('sessions')}
          >
            Sessions <span className="tab-count">{formatCount(openCount)} open · {formatCount(sessions.length)}</span>
          </button>
          <button
            type="button"
            role="tab"
            id="tab-devices"
            aria-selected={tab === 'devices'}
            aria-controls="tabpanel-devices"
            tabIndex={tab === 'devices' ? 0 : -1}
            className="tab"
            data-tab="devices"
            data-testid="tab-devices"
            onClick={() => setTab('devices')}
          >
            Devices <span className="tab-count">{formatCount(deviceCount)}</span>
          </button>
        </div>
        {tab === 'sessions' && (
          <label className="toggle">
            <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-testid="sessions-open-only" /> open only
          </label>
        )}
        <span className="pane-title-sub">Enter or a click shows only that {tab === 'sessions' ? 'session' : 'device'}'s frames · Esc shows all</span>
      </header>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="sessions-tabpanel">
        {tab === 'sessions' ? (
          <SessionTable
            rows={rows}
            now={now}
            emptyText={
              sessions.length === 0 ? (
                <>No device connected yet{firstListener ? <> — listening on <span className="mono">{listenerAddress(firstListener)}</span></> : null}</>
              ) : (
                'No open session'
              )
            }
          />
        ) : (
          <DeviceTable now={now} />
        )}
      </div>
    </div>
  );
}
