/**
 * What the user asks the engine to do: responder modes, "decode as", the recording folder,
 * capture files and live captures, exports, downlink commands, comparisons and validations.
 * Each request's answer is applied to the store at once (the engine's push confirms it later).
 * A refused request becomes the error banner, except where a dialog shows the engine's message
 * itself (marked below).
 */
import { captureFlowKey, type CaptureInterface, type CaptureJob, type CommandRecord, type CommandRequest, type RecentCapture, type RequestArg, type RequestResult, type ResponderMode, type ResponderSetting, type SessionInfo, type TrackwireApi, type CommandTemplate } from '../../src-main/api/contract';
import { captureById, captureOfSession } from '../features/captures/model';
import { getApi, type WebApi } from '../api';
import { sessionById } from '../features/sessions/model';
import { errorBanner } from './engineBridge';
import { trackwireStore, type TrackwireStore } from './store';

export interface Commands {
  /** One session's responder (mode null: follow the global one), or the global one without a session. */
  setResponder(sessionId: string | undefined, mode: ResponderMode | null, delayMs?: number): Promise<ResponderSetting | null>;
  /** Decode a live session as `protocol` from now on (null: detect again). */
  decodeAs(sessionId: string, protocol: string | null): Promise<void>;
  /**
   * "Decode as" for a session read from a capture file: the file is read again with that flow cut
   * as `protocol` (null: detected), the other flows as before; the list then shows the new
   * session. Null when the session is not from a capture file the engine still has.
   */
  decodeCaptureFlowAs(session: SessionInfo, protocol: string | null): Promise<CaptureJob | null>;
  /** Show the recording in the file manager; `opened` is false where that is impossible (web mode). */
  openRecordingFolder(): Promise<{ path: string | null; opened: boolean }>;
  /** Read a capture file on the engine's machine (the dialog shows a refusal). */
  openCapture(path: string): Promise<CaptureJob>;
  /** Desktop: pick the file in a native dialog and read it; null when the dialog was cancelled. */
  chooseCapture(): Promise<CaptureJob | null>;
  cancelCapture(id: string): Promise<CaptureJob | null>;
  /** The sample captures the engine offers (the dialog shows a refusal). */
  listSamples(): Promise<RequestResult<'listSamples'>>;
  /** Capture files opened before, most recent first (the dialog shows a refusal). */
  listRecentCaptures(): Promise<RecentCapture[]>;
  clearRecentCaptures(): Promise<RecentCapture[]>;
  /** Web mode: send a dropped capture's bytes to the engine, which opens the copy (the caller shows a refusal). */
  uploadCapture(file: Blob, name: string): Promise<CaptureJob>;
  /** Interfaces to capture on (the dialog shows a refusal: it says how to get libpcap or the permission). */
  listInterfaces(): Promise<CaptureInterface[]>;
  /** Start capturing (the dialog shows a refusal, e.g. a filter that is not valid BPF). */
  startLiveCapture(device: string, filter: string): Promise<CaptureJob>;
  stopLiveCapture(id: string): Promise<CaptureJob | null>;
  /** Write frames to a file; null when the save dialog was cancelled (the dialog shows a refusal). */
  exportFrames(args: RequestArg<'exportFrames'>): Promise<RequestResult<'exportFrames'>>;
  /** A protocol's command catalogue (the composer shows a refusal). */
  listCommandTypes(protocol: string): Promise<RequestResult<'listCommandTypes'>>;
  /** Encode without sending (the composer shows a refusal: a bad attribute, an unknown type). */
  previewCommand(request: CommandRequest): Promise<RequestResult<'previewCommand'>>;
  /** Send or queue a command (the composer shows a refusal). */
  sendCommand(request: CommandRequest): Promise<CommandRecord>;
  cancelCommand(id: number): Promise<CommandRecord | null>;
  listCommandTemplates(): Promise<CommandTemplate[]>;
  saveCommandTemplate(t: CommandTemplate): Promise<CommandTemplate[]>;
  deleteCommandTemplate(name: string, protocol: string): Promise<CommandTemplate[]>;
  /** Devices listed again (their clocks move with every fix), into the store; a failure is not shown. */
  refreshDevices(): Promise<void>;
  /** Compare two sources (the panel shows a refusal); with `html` the report comes along. */
  compareSources(args: RequestArg<'compareSources'>): Promise<RequestResult<'compareSources'>>;
  /** A device's or session's validation checklist (the panel shows a refusal). */
  validateDevice(args: RequestArg<'validateDevice'>): Promise<RequestResult<'validateDevice'>>;
}

export function createCommands(api: TrackwireApi, store: TrackwireStore): Commands {
  const fail = (what: string) => (err: unknown) => {
    store.getState().showBanner(errorBanner(err, what));
    throw err;
  };
  /** A job as the engine answered it, merged into the store before the push arrives. */
  const applied = (job: CaptureJob): CaptureJob => {
    store.getState().capturesChanged([job]);
    return job;
  };
  /** The capture this window just opened takes the capture bar. */
  const shown = (job: CaptureJob): CaptureJob => {
    store.getState().showCapture(job.id);
    return job;
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
    async openCapture(path) {
      return shown(applied(await api.request('openCapture', { path })));
    },
    async decodeCaptureFlowAs(session, protocol) {
      const jobId = captureOfSession(session.id);
      const job = captureById(store.getState().captures, jobId);
      if (!jobId || !job || job.kind !== 'file') return null;
      const flowProtocols = { ...job.flowProtocols };
      const key = captureFlowKey(session.source, session.local);
      if (protocol) flowProtocols[key] = protocol;
      else delete flowProtocols[key];
      const next = shown(applied(await api.request('openCapture', { path: job.source, flowProtocols }).catch(fail(`Reading ${job.source} again failed`))));
      // Flows are numbered in file order, so the flow keeps its number in the new reading.
      const flow = session.id.slice(jobId!.length + 1);
      store.getState().setFilter({ kind: 'session', sessionId: `${next.id}-${flow}` });
      return next;
    },
    async chooseCapture() {
      const job = await api.request('chooseCapture', undefined).catch(fail('Opening the capture failed'));
      return job ? shown(applied(job)) : null;
    },
    async cancelCapture(id) {
      const job = await api.request('cancelCapture', { id }).catch(fail(`Cancelling ${id} failed`));
      return job ? applied(job) : null;
    },
    async listSamples() {
      return api.request('listSamples', undefined);
    },
    async listRecentCaptures() {
      return api.request('listRecentCaptures', undefined);
    },
    async clearRecentCaptures() {
      return api.request('clearRecentCaptures', undefined).catch(fail('Clearing the recent captures failed'));
    },
    async uploadCapture(file, name) {
      const upload = (api as Partial<Pick<WebApi, 'uploadCapture'>>).uploadCapture;
      if (!upload) throw new Error('uploading a capture needs the web UI; the desktop app opens dropped files by their path');
      return shown(applied(await upload(file, name)));
    },
    async listInterfaces() {
      return api.request('listInterfaces', undefined);
    },
    async startLiveCapture(device, filter) {
      const trimmed = filter.trim();
      return applied(await api.request('startLiveCapture', trimmed ? { device, filter: trimmed } : { device }));
    },
    async stopLiveCapture(id) {
      const job = await api.request('stopLiveCapture', { id }).catch(fail(`Stopping the live capture ${id} failed`));
      return job ? applied(job) : null;
    },
    async exportFrames(args) {
      return api.request('exportFrames', args);
    },
    async listCommandTypes(protocol) {
      return api.request('listCommandTypes', { protocol });
    },
    async previewCommand(request) {
      return api.request('previewCommand', request);
    },
    async sendCommand(request) {
      const record = await api.request('sendCommand', request);
      store.getState().commandsChanged([record]);
      return record;
    },
    async listCommandTemplates() {
      return api.request('listCommandTemplates', undefined);
    },
    async saveCommandTemplate(t) {
      return api.request('saveCommandTemplate', t);
    },
    async deleteCommandTemplate(name, protocol) {
      return api.request('deleteCommandTemplate', { name, protocol });
    },
    async refreshDevices() {
      const devices = await api.request('listDevices', undefined).catch(() => null);
      if (devices) store.getState().devicesLoaded(devices);
    },
    async compareSources(args) {
      return api.request('compareSources', args);
    },
    async validateDevice(args) {
      return api.request('validateDevice', args);
    },
    async cancelCommand(id) {
      const record = await api.request('cancelCommand', { id }).catch(fail(`Cancelling command ${id} failed`));
      if (record) store.getState().commandsChanged([record]);
      return record;
    },
  };
}

let commands: Commands | null = null;

/** The commands of this window, over its API and store. */
export function getCommands(): Commands {
  commands ??= createCommands(getApi(), trackwireStore);
  return commands;
}

/** The engine's message for a refused request, as a dialog shows it. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
