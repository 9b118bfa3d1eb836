/**
 * What the user asks the engine to change: responder modes, "decode as", the recording folder.
 * Each request's answer is applied to the store at once (the engine's push confirms it later);
 * a refused request becomes the error banner.
 */
import type { ResponderMode, ResponderSetting, TrackwireApi } from '../../src-main/api/contract';
import { getApi } from '../api';
import { sessionById } from '../features/sessions/model';
import { errorBanner } from './engineBridge';
import { trackwireStore, type TrackwireStore } from './store';

export interface Commands {
  /** One session's responder (mode null: follow the global one), or the global one without a session. */
  setResponder(sessionId: string | undefined, mode: ResponderMode | null, delayMs?: number): Promise<ResponderSetting | null>;
  /** Decode a live session as `protocol` from now on (null: detect again). */
  decodeAs(sessionId: string, protocol: string | null): Promise<void>;
  /** Show the recording in the file manager; `opened` is false where that is impossible (web mode). */
  openRecordingFolder(): Promise<{ path: string | null; opened: boolean }>;
}

export function createCommands(api: TrackwireApi, store: TrackwireStore): Commands {
  const fail = (what: string) => (err: unknown) => {
    store.getState().showBanner(errorBanner(err, what));
    throw err;
  };
  return {
    async setResponder(sessionId, mode, delayMs) {
      const arg = mode === 'delay' ? { sessionId, mode, delayMs } : { sessionId, mode };
      const what = sessionId ? `Setting the responder of ${sessionId} failed` : 'Setting the responder failed';
      const setting = await api.request('setResponder', arg).catch(fail(what));
      const state = store.getState();
      if (sessionId === undefined) {
        if (state.status && setting) state.statusChanged({ ...state.status, responder: setting });
      } else {
        const session = sessionById(state.sessions, sessionId);
        if (session) state.sessionsChanged([{ ...session, responder: setting }]);
      }
      return setting;
    },
    async decodeAs(sessionId, protocol) {
      const result = await api.request('setSessionProtocol', { sessionId, protocol }).catch(fail(`Decoding ${sessionId} as ${protocol ?? 'detected'} failed`));
      const state = store.getState();
      const session = sessionById(state.sessions, sessionId);
      if (session) state.sessionsChanged([{ ...session, protocol: result.protocol, protocolForced: protocol !== null }]);
    },
    async openRecordingFolder() {
      return api.request('openRecordingFolder', undefined).catch(fail('Opening the recording folder failed'));
    },
  };
}

let commands: Commands | null = null;

/** The commands of this window, over its API and store. */
export function getCommands(): Commands {
  commands ??= createCommands(getApi(), trackwireStore);
  return commands;
}
