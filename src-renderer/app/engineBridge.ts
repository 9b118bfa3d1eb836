/**
 * The one place engine pushes enter the store. Also loads the initial state, fetches the
 * detail of the selected frame, and turns the connection state into the banner.
 */
import type { TrackwireApi } from '../../src-main/api/contract';
import { ApiError, onConnection, type ConnectionState } from '../api';
import type { Banner, TrackwireStore } from './store';

/** Frames fetched per listFrames call during the initial load. */
const INITIAL_PAGE = 2000;

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

function errorBanner(err: unknown, what: string): Banner {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
    return { kind: 'unauthorized', message: `The engine rejected the access token (${err.message}).` };
  }
  if (err instanceof ApiError && err.status === 0) return { kind: 'unreachable', message: err.message };
  return { kind: 'error', message: `${what}: ${err instanceof Error ? err.message : String(err)}` };
}

/** Connect `store` to `api`; returns the function that disconnects it. */
export function startEngineBridge(api: TrackwireApi, store: TrackwireStore): () => void {
  let stopped = false;
  const { framesAppended, statusChanged, detailLoaded, showBanner } = store.getState();

  const offEvent = api.onEvent((event) => {
    if (event.type === 'frames') framesAppended(event.frames);
    else if (event.type === 'status') statusChanged(event.status);
  });

  const offConnection = onConnection(api, (state) => {
    const banner = bannerFor(state);
    const current = store.getState().banner;
    // A connection that comes back clears only connection banners, not a request error.
    if (banner || (current && current.kind !== 'error')) showBanner(banner);
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
  loadInitial().catch((err: unknown) => {
    if (stopped) return;
    // The web client reports connection trouble itself; surface anything else.
    if (err instanceof ApiError && err.status === 0) return;
    // A connection banner (no token, token rejected) already says it better.
    const current = store.getState().banner;
    if (current && current.kind !== 'error') return;
    showBanner(errorBanner(err, 'Loading frames failed'));
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

  return () => {
    stopped = true;
    offEvent();
    offConnection();
    offSelection();
  };
}
