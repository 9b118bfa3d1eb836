/**
 * The devices view: sessions grouped by device id across reconnects. Enter (or a click) on a
 * device shows its frames from every session; a session chip shows that session's alone; its clock
 * (as inferred from its fixes) shows, and "Validate…" runs its checklist.
 */
import { memo, useCallback, useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DeviceInfo, SessionInfo } from '../../../src-main/api/contract';
import { getCommands } from '../../app/commands';
import { useTrackwire, type FrameFilter, type Keyed } from '../../app/store';
import { openValidation } from '../compare/panel';
import { navigate } from '../frames/windowing';
import { formatAge, formatCount } from './format';
import { sessionById } from './model';
import { SESSION_ROW_HEIGHT } from './SessionTable';
import { useVirtualRows } from './useVirtualRows';

/** Session chips shown per device; older ones are summed up in "+N". */
const MAX_CHIPS = 6;
/** How often the devices are listed again while the table shows: their clocks move with every fix. */
const CLOCK_REFRESH_MS = 5000;

const COLUMNS: ReadonlyArray<{ col: string; title: string }> = [
  { col: 'device', title: 'IMEI / device' },
  { col: 'protocol', title: 'Protocol' },
  { col: 'online', title: 'Online' },
  { col: 'seen', title: 'Last seen' },
  { col: 'frames', title: 'Frames' },
  { col: 'clock', title: 'Clock' },
  { col: 'validate', title: 'Check' },
  { col: 'sessions', title: 'Sessions' },
];

const DeviceRow = memo(function DeviceRow({
  device,
  sessions,
  index,
  now,
  filter,
  cursor,
  onFilter,
  onCursor,
}: {
  device: DeviceInfo;
  sessions: Keyed<SessionInfo>;
  index: number;
  now: number;
  filter: FrameFilter | null;
  cursor: boolean;
  onFilter: (filter: FrameFilter, deviceId: string) => void;
  onCursor: (id: string) => void;
}) {
  const d = device;
  const selected = filter?.kind === 'device' && filter.deviceId === d.deviceId;
  const classes = ['session-row', 'device-row'];
  if (!d.online) classes.push('session-row--closed');
  if (selected) classes.push('session-row--selected');
  if (cursor) classes.push('session-row--cursor');
  const shown = d.sessions.slice(-MAX_CHIPS);
  const hidden = d.sessions.length - shown.length;
  return (
    <div
      role="row"
      aria-selected={selected}
      className={classes.join(' ')}
      style={{ top: index * SESSION_ROW_HEIGHT }}
      data-testid="device-row"
      data-device-id={d.deviceId}
      data-online={d.online}
      data-session-count={d.sessions.length}
      onClick={() => onFilter({ kind: 'device', deviceId: d.deviceId }, d.deviceId)}
      onFocus={() => onCursor(d.deviceId)}
    >
      <div role="gridcell" data-col="device" className="mono">
        {d.deviceId}
      </div>
      <div role="gridcell" data-col="protocol">
        {d.protocol ?? '?'}
      </div>
      <div role="gridcell" data-col="online">
        <span className={`state-dot state-dot--${d.online ? 'open' : 'closed'}`} aria-hidden="true" />
        {d.online ? 'online' : 'offline'}
      </div>
      <div role="gridcell" data-col="seen" className="num" title={new Date(d.lastSeen).toLocaleString()}>
        {formatAge(d.lastSeen, now)}
      </div>
      <div role="gridcell" data-col="frames" className="num">
        {formatCount(d.frames)}
      </div>
      <div role="gridcell" data-col="clock" title={d.clock ? `${d.clock.text} — over ${d.clock.samples} fix(es)` : 'No fix with a time yet'} data-testid="device-clock">
        {d.clock?.text ?? '–'}
      </div>
      <div role="gridcell" data-col="validate">
        <button
          type="button"
          className="button button--small"
          tabIndex={cursor ? 0 : -1}
          title="Run the validation checklist of this device"
          data-testid="device-validate"
          onClick={(e) => {
            e.stopPropagation();
            openValidation(d.deviceId);
          }}
        >
          Validate…
        </button>
      </div>
      <div role="gridcell" data-col="sessions" className="session-chips">
        <span className="chip-count">{d.sessions.length}:</span>
        {hidden > 0 && <span className="dim">+{hidden}</span>}
        {shown.map((id) => {
          const s = sessionById(sessions, id);
          const chipSelected = filter?.kind === 'session' && filter.sessionId === id;
          return (
            <button
              type="button"
              key={id}
              className={`session-chip${s?.state === 'open' ? ' session-chip--open' : ''}${chipSelected ? ' session-chip--selected' : ''}`}
              title={s ? `${id}: ${s.transport.toUpperCase()} ${s.source}, ${s.state}${s.closeReason ? ` (${s.closeReason})` : ''} — show its frames` : `${id} — show its frames`}
              tabIndex={cursor ? 0 : -1}
              data-testid="device-session"
              data-session-id={id}
              onClick={(e) => {
                e.stopPropagation();
                onFilter({ kind: 'session', sessionId: id }, d.deviceId);
              }}
            >
              {id}
            </button>
          );
        })}
      </div>
    </div>
  );
});

export function DeviceTable({ now }: { now: number }) {
  const devices = useTrackwire((s) => s.devices.list);
  const sessions = useTrackwire((s) => s.sessions);
  const filter = useTrackwire((s) => s.filter);
  const setFilter = useTrackwire((s) => s.setFilter);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const v = useVirtualRows(devices.length, SESSION_ROW_HEIGHT);
  const anyDevice = devices.length > 0;
  useEffect(() => {
    if (!anyDevice) return;
    void getCommands().refreshDevices();
    const timer = window.setInterval(() => void getCommands().refreshDevices(), CLOCK_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [anyDevice]);

  const onFilter = useCallback(
    (next: FrameFilter, deviceId: string) => {
      setCursorId(deviceId);
      setFilter(next);
    },
    [setFilter],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const current = cursorId === null ? -1 : devices.findIndex((d) => d.deviceId === cursorId);
    if ((event.key === 'Enter' || event.key === ' ') && current >= 0) {
      event.preventDefault();
      const id = devices[current]!.deviceId;
      onFilter({ kind: 'device', deviceId: id }, id);
      return;
    }
    const next = navigate(event.key, current, devices.length, v.pageSize);
    if (next === null) return;
    event.preventDefault();
    setCursorId(devices[next]!.deviceId);
    v.reveal(next);
  };

  const body: ReactNode[] = [];
  for (let i = v.first; i < v.end; i++) {
    const d = devices[i]!;
    body.push(
      <DeviceRow
        key={d.deviceId}
        device={d}
        sessions={sessions}
        index={i}
        now={now}
        filter={filter}
        cursor={d.deviceId === cursorId}
        onFilter={onFilter}
        onCursor={setCursorId}
      />,
    );
  }

  return (
    <div
      className="session-grid device-grid"
      ref={v.viewportRef}
      role="grid"
      aria-label="Devices"
      aria-rowcount={devices.length + 1}
      tabIndex={0}
      data-testid="device-grid"
      onScroll={v.onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" className="session-header device-header">
        {COLUMNS.map((c) => (
          <div role="columnheader" key={c.col} data-col={c.col}>
            {c.title}
          </div>
        ))}
      </div>
      {devices.length === 0 ? (
        <div className="empty-state">No device has said who it is yet (a login or a frame carrying its IMEI).</div>
      ) : (
        <div className="session-body device-body" style={{ height: devices.length * SESSION_ROW_HEIGHT }}>
          {body}
        </div>
      )}
    </div>
  );
}
