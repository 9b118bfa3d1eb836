/**
 * The one place engine pushes enter the store. Also loads the initial state (status, sessions,
 * devices, frames, capture jobs, commands), refetches the devices after a reconnect, fetches
 * the detail of the selected frame and the frames of the session or device filter and of the display
 * filter (refetched, throttled, as frames arrive while a display filter is applied), refreshes a running live
 * capture's counters, and turns the connection state into the banner.
 */
import type { TrackwireApi } from '../../src-main/api/contract';
import { ApiError, onConnection, type ConnectionState } from '../api';
import { runningLive } from '../features/captures/model';
import { filterArgs } from '../features/sessions/model';
import { isListFiltered, type Banner, type TrackwireData, type TrackwireStore } from './store';

/** Frames fetched per listFrames call during the initial load and for a filter. */
const INITIAL_PAGE = 2000;

/**
 * How often a running live capture's counters are fetched: the engine pushes a live job only
 * when it starts and stops, not as packets arrive.
 */
export const LIVE_REFRESH_MS = 1000;

/** At most one refetch of a display filter's count and new frames per this many ms while frames arrive. */
export const FILTER_REFRESH_MS = 500;

/** The filters as the arguments of listFrames/countFrames. */
export function listArgs(state: Pick<TrackwireData, 'filter' | 'displayFilter'>): { sessionId?: string; deviceId?: string; filter?: string } {
  const args: { sessionId?: string; deviceId?: string; filter?: string } = state.filter ? filterArgs(state.filter) : {};
  if (state.displayFilter !== null) args.filter = state.displayFilter;
  return args;
}

/** The banner for a connection state, or null when all is well. */
export function bannerFor(state: ConnectionState): Banner | null {
  switch (state.kind) {
    case 'connected':
    case 'connecting':
      return null;
    case 'no-token':
      return {
        kind: 'no-token',
        message:
          'No access token in the address. Open the full URL printed by `trackwire web` (it ends in ?token=…).',
      };
    case 'unauthorized':
      return {
        kind: 'unauthorized',
        message: `The engine rejected the access token (${state.message}). Open the URL printed by \`trackwire web\` again.`,
      };
    case 'unreachable':
      return {
        kind: 'unreachable',
        message: `Engine unreachable: ${state.message}. Retrying in ${Math.ceil(state.retryInMs / 1000)} s…`,
      };
  }
}

export function errorBanner(err: unknown, what: string): Banner {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
    return { kind: 'unauthorized', message: `The engine rejected the access token (${err.message}).` };
  }
  if (err instanceof ApiError && err.status === 0) return { kind: 'unreachable', message: err.message };
  return { kind: 'error', message: `${what}: ${err instanceof Error ? err.message : String(err)}` };
}

/** Connect `store` to `api`; returns the function that disconnects it. */
export function startEngineBridge(api: TrackwireApi, store: TrackwireStore): () => void {
  let stopped = false;
  const { framesAppended, statusChanged, detailLoaded, showBanner, sessionsChanged, devicesLoaded, filteredFramesLoaded, filteredCountLoaded, capturesChanged, commandsChanged } =
    store.getState();

  const offEvent = api.onEvent((event) => {
    if (event.type === 'frames') {
      framesAppended(event.frames);
      if (store.getState().displayFilter !== null) scheduleFilterRefresh();
    } else if (event.type === 'status') statusChanged(event.status);
    else if (event.type === 'sessions') sessionsChanged(event.sessions);
    else if (event.type === 'capture') capturesChanged([event.job]);
    else if (event.type === 'commands') commandsChanged(event.commands);
  });

  /** Report a failed request unless a connection banner already says it better. */
  function reportError(err: unknown, what: string): void {
    if (stopped) return;
    // The web client reports connection trouble itself.
    if (err instanceof ApiError && err.status === 0) return;
    const current = store.getState().banner;
    if (current && current.kind !== 'error') return;
    showBanner(errorBanner(err, what));
  }

  async function loadDevices(): Promise<void> {
    const devices = await api.request('listDevices', undefined);
    if (!stopped) devicesLoaded(devices);
  }

  /**
   * The engine's capture jobs. (After a reconnect the web client replays them with the rest.) A
   * failure is not shown: an engine without captures still serves everything else, and the
   * capture commands report their own errors.
   */
  function loadCaptures(): void {
    api.request('listCaptures', undefined).then(
      (jobs) => {
        if (!stopped && Array.isArray(jobs)) capturesChanged(jobs);
      },
      () => undefined,
    );
  }
  loadCaptures();

  /**
   * The command history of this run (pushes bring the changes). Like captures, a failure is not
   * shown: an engine without commands still serves everything else.
   */
  function loadCommands(): void {
    api.request('listCommands', undefined).then(
      (records) => {
        if (!stopped && Array.isArray(records)) commandsChanged(records);
      },
      () => undefined,
    );
  }
  loadCommands();

  // The web client replays status, sessions, frames, capture jobs and commands after a
  // reconnect; devices are not pushed, so they are fetched again here.
  let lost = false;
  const offConnection = onConnection(api, (state) => {
    const banner = bannerFor(state);
    const current = store.getState().banner;
    // A connection that comes back clears only connection banners, not a request error.
    if (banner || (current && current.kind !== 'error')) showBanner(banner);
    if (state.kind === 'unreachable') lost = true;
    else if (state.kind === 'connected' && lost) {
      lost = false;
      loadDevices().catch((err: unknown) => reportError(err, 'Loading devices failed'));
    }
  });

  async function loadInitial(): Promise<void> {
    statusChanged(await api.request('getStatus', undefined));
    let from = 1;
    for (;;) {
      const frames = await api.request('listFrames', { from, count: INITIAL_PAGE });
      if (stopped) return;
      framesAppended(frames);
      const last = frames[frames.length - 1];
      if (!last || frames.length < INITIAL_PAGE) return;
      from = last.id + 1;
    }
  }
  loadInitial().catch((err: unknown) => reportError(err, 'Loading frames failed'));

  async function loadSessions(): Promise<void> {
    const sessions = await api.request('listSessions', undefined);
    if (stopped) return;
    sessionsChanged(sessions);
    await loadDevices();
  }
  loadSessions().catch((err: unknown) => reportError(err, 'Loading sessions failed'));

  /**
   * The filters' frames from the engine, page by page, while the filters stay the same; from
   * `from` on (a 1-based position among the matching frames) when refreshing.
   */
  async function loadFiltered(seq: number, from = 1): Promise<void> {
    const state = store.getState();
    if (!isListFiltered(state)) return;
    const args = listArgs(state);
    const current = () => !stopped && store.getState().filterSeq === seq;
    const total = await api.request('countFrames', args);
    if (!current()) return;
    filteredCountLoaded(seq, total);
    for (;;) {
      const frames = await api.request('listFrames', { ...args, from, count: INITIAL_PAGE });
      if (!current()) return;
      filteredFramesLoaded(seq, frames);
      if (frames.length < INITIAL_PAGE) return;
      from += frames.length;
    }
  }

  // New frames under a display filter: the engine's count and the matching frames after those
  // held, at most once per FILTER_REFRESH_MS.
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleFilterRefresh(): void {
    if (refreshTimer !== null || stopped) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const state = store.getState();
      if (stopped || state.displayFilter === null) return;
      loadFiltered(state.filterSeq, state.filteredFrames.length + 1).catch((err: unknown) => reportError(err, 'Loading the filtered frames failed'));
    }, FILTER_REFRESH_MS);
  }

  const offFilter = store.subscribe((state, prev) => {
    if (state.filterSeq === prev.filterSeq || !isListFiltered(state)) return;
    const seq = state.filterSeq;
    loadFiltered(seq).catch((err: unknown) => reportError(err, 'Loading the filtered frames failed'));
  });

  const offSelection = store.subscribe((state, prev) => {
    if (state.selectedFrameId === prev.selectedFrameId) return;
    const id = state.selectedFrameId;
    if (id === null) return;
    api.request('getFrame', { id }).then(
      (detail) => {
        if (!stopped) detailLoaded(detail, id);
      },
      (err: unknown) => {
        if (!stopped) showBanner(errorBanner(err, `Loading frame ${id} failed`));
      },
    );
  });

  // A running live capture's counters, fetched while one runs.
  let liveTimer: ReturnType<typeof setInterval> | null = null;
  const offLive = store.subscribe((state, prev) => {
    if (state.captures === prev.captures) return;
    const running = runningLive(state.captures).length > 0;
    if (running && liveTimer === null) liveTimer = setInterval(loadCaptures, LIVE_REFRESH_MS);
    else if (!running && liveTimer !== null) {
      clearInterval(liveTimer);
      liveTimer = null;
    }
  });

  return () => {
    stopped = true;
    offEvent();
    offConnection();
    offSelection();
    offFilter();
    offLive();
    if (liveTimer !== null) clearInterval(liveTimer);
    if (refreshTimer !== null) clearTimeout(refreshTimer);
  };
}
