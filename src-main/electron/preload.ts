/**
 * Preload (sandboxed, context-isolated): exposes `window.trackwire`, the TrackwireApi, plus
 * `pathForFile` (a dropped file's path on disk, from webUtils; '' when it has none), and
 * nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('trackwire', { ...createPreloadApi(ipcRenderer), pathForFile: (file: File) => webUtils.getPathForFile(file) });
