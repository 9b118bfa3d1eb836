/**
 * The one place engine pushes enter the store. Also loads the initial state (status, sessions,
 * devices, capture jobs, commands), refetches the devices after a reconnect, fetches the pages
 * of the frame list the screen shows (and a filtered list's count, refetched, throttled, as
 * frames arrive), locates a frame selected from elsewhere in the list, fetches the detail of the
 * selected frame, refreshes a running live capture's counters, and turns the connection state
 * into the banner.
 */
import type { TrackwireApi } from '../../src-main/api/contract';
import { ApiError, onConnection, type ConnectionState } from '../api';
import { runningLive } from '../features/captures/model';
import { filterArgs } from '../features/sessions/model';
import { missingPages, PAGE_SIZE } from '../features/frames/rows';
import { isListFiltered, type Banner, type TrackwireData, type TrackwireStore } from './store';

/** Pages fetched beyond the screen on each side, so scrolling a little finds them held. */
const PREFETCH_PAGES = 1;

/**
 * How often a running live capture's counters are fetched: the engine pushes a live job only
 * when it starts and stops, not as packets arrive.
 */
export const LIVE_REFRESH_MS = 1000;

/** At most one refetch of a filtered list's count per this many ms while frames arrive. */
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
  const { framesAppended, statusChanged, detailLoaded, showBanner, sessionsChanged, devicesLoaded, rowsLoaded, rowCountLoaded, frameLocated, firstFrameTimeLoaded, capturesChanged, commandsChanged } =
    store.getState();

  const offEvent = api.onEvent((event) => {
    if (event.type === 'frames') {
      framesAppended(event.frames, event.total);
      if (isListFiltered(store.getState())) scheduleFilterRefresh();
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
    // The first frame's time, for relative times; the list's pages come as it is scrolled.
    const [first] = await api.request('listFrames', { from: 1, count: 1 });
    if (!stopped && first) firstFrameTimeLoaded(first.time);
  }
  loadInitial().catch((err: unknown) => reportError(err, 'Loading frames failed'));

  async function loadSessions(): Promise<void> {
    const sessions = await api.request('listSessions', undefined);
    if (stopped) return;
    sessionsChanged(sessions);
    await loadDevices();
  }
  loadSessions().catch((err: unknown) => reportError(err, 'Loading sessions failed'));

  /** Pages in flight, by list and page (`seq:page`), so one is asked for once. */
  const inFlight = new Set<string>();
  /**
   * Pages that came back short (`seq:page` → the list's row count then): asked for again only
   * once the count changes, so an engine holding fewer rows than counted (it restarted, frames
   * still on their way) is not asked for the same page again and again.
   */
  const shortAt = new Map<string, number>();

  /** Fetch the pages the screen shows (and one beyond each side) that the store lacks. */
  function fetchVisible(): void {
    const state = store.getState();
    if (stopped || !state.rows.known) return;
    const { first, end } = state.viewport;
    if (end <= first) return;
    const seq = state.filterSeq;
    const from = Math.max(0, first - PREFETCH_PAGES * PAGE_SIZE);
    const to = end + PREFETCH_PAGES * PAGE_SIZE;
    // Pages on screen first, then those beyond.
    const pages = [...new Set([...missingPages(state.rows, first, end), ...missingPages(state.rows, from, to)])];
    const args = listArgs(state);
    for (const page of pages) {
      const key = `${seq}:${page}`;
      if (inFlight.has(key) || shortAt.get(key) === state.rows.total) continue;
      inFlight.add(key);
      const start = page * PAGE_SIZE;
      const total = state.rows.total;
      api.request('listFrames', { ...args, from: start + 1, count: PAGE_SIZE }).then(
        (frames) => {
          inFlight.delete(key);
          if (frames.length < Math.min(PAGE_SIZE, total - start)) shortAt.set(key, total);
          else shortAt.delete(key);
          if (!stopped) rowsLoaded(seq, start, frames);
        },
        (err: unknown) => {
          inFlight.delete(key);
          reportError(err, 'Loading frames failed');
        },
      );
    }
  }

  /** The engine's count of a filtered list (then its pages on screen follow). */
  async function loadCount(seq: number): Promise<void> {
    const state = store.getState();
    if (!isListFiltered(state)) return;
    const total = await api.request('countFrames', listArgs(state));
    if (!stopped && store.getState().filterSeq === seq) rowCountLoaded(seq, total);
  }

  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleFilterRefresh(): void {
    if (refreshTimer !== null || stopped) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const state = store.getState();
      if (stopped || !isListFiltered(state)) return;
      loadCount(state.filterSeq).catch((err: unknown) => reportError(err, 'Loading the filtered frames failed'));
    }, FILTER_REFRESH_MS);
  }

  const offList = store.subscribe((state, prev) => {
    if (state.filterSeq !== prev.filterSeq && isListFiltered(state)) {
      loadCount(state.filterSeq).catch((err: unknown) => reportError(err, 'Loading the filtered frames failed'));
    }
    if (state.viewport !== prev.viewport || state.rows !== prev.rows) fetchVisible();
  });

  /** A frame selected from elsewhere (composer, track plot, Go to): where it sits in the list. */
  const offLocate = store.subscribe((state, prev) => {
    const id = state.selectedFrameId;
    if (id === null || state.selectedIndex !== null) return;
    // Asked for already, unless the frame is now to be shown (revealFrame of the frame selected).
    if (id === prev.selectedFrameId && state.filterSeq === prev.filterSeq && prev.selectedIndex === null && (prev.revealing || !state.revealing)) return;
    const seq = state.filterSeq;
    api.request('locateFrame', { id, ...listArgs(state) }).then(
      (index) => {
        if (!stopped) frameLocated(seq, id, index);
      },
      (err: unknown) => reportError(err, `Locating frame ${id} failed`),
    );
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
    offList();
    offLocate();
    offLive();
    if (liveTimer !== null) clearInterval(liveTimer);
    if (refreshTimer !== null) clearTimeout(refreshTimer);
  };
}
