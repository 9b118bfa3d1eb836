/**
 * Electron main process: a thin adapter. Starts the engine, opens one hardened window on the
 * built UI and wires the API contract over IPC.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { Engine } from '../engine/engine';
import { UserError } from '../engine/errors';
import { CSP } from '../web/server';
import { engineOptions } from '../cli/engine-options';
import { parseArgs } from '../cli/args';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';

const APP_ROOT = path.resolve(__dirname, '..');
const INDEX = path.join(APP_ROOT, 'dist-renderer', 'index.html');
const INDEX_URL = pathToFileURL(INDEX).href;
const RENDERER_ROOT_URL = pathToFileURL(path.join(APP_ROOT, 'dist-renderer') + path.sep).href;

const isTrustedUrl = (url: string) => url.startsWith(RENDERER_ROOT_URL);

let win: BrowserWindow | null = null;

async function boot(): Promise<void> {
  const argv = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('--no-sandbox'));
  const engine = new Engine();
  try {
    const opts = parseArgs(argv);
    await engine.start(engineOptions(opts));
  } catch (e) {
    const msg = e instanceof UserError ? e.message : String(e);
    dialog.showErrorBox('Trackwire cannot start', msg);
    console.error(`trackwire: ${msg}`);
    app.exit(2);
    return;
  }

  // Strict CSP on every response of the window's session (file:// included).
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // No permission (camera, geolocation, notifications…) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

  const chooseCaptureFile = async () => {
    const r = await dialog.showOpenDialog({ title: 'Open a capture', properties: ['openFile'], filters: [{ name: 'Captures', extensions: ['pcapng', 'pcap', 'cap'] }, { name: 'All files', extensions: ['*'] }] });
    return r.canceled ? null : r.filePaths[0] ?? null;
  };
  /** Open a capture from the menu; a refusal (not a capture, unreadable) is shown in a dialog. */
  const openFromMenu = async (file: string | null) => {
    if (!file) return;
    try {
      await engine.handle('openCapture', { path: file });
    } catch (e) {
      dialog.showErrorBox('Cannot open the capture', e instanceof Error ? e.message : String(e));
    }
    buildMenu();
  };
  const buildMenu = () => {
    const template = menuTemplate(
      { recent: engine.recent.list(), samples: engine.samples(), isMac: process.platform === 'darwin' },
      {
        chooseCapture: () => void chooseCaptureFile().then(openFromMenu),
        openCapture: (file) => void openFromMenu(file),
        clearRecent: () => {
          engine.recent.clear();
          buildMenu();
        },
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[]));
  };
  buildMenu();
  // Captures opened from the window (dialog, drop, samples) join Open Recent.
  const seenJobs = new Set<string>();
  engine.subscribe((e) => {
    if (e.type !== 'capture' || e.job.kind !== 'file' || seenJobs.has(e.job.id)) return;
    seenJobs.add(e.job.id);
    buildMenu();
  });

  registerIpc(ipcMain, engine, isTrustedUrl, () => win?.webContents ?? null, {
    showItemInFolder: (p) => shell.showItemInFolder(p),
    chooseCaptureFile,
    chooseExportFile: async (format) => {
      const r = await dialog.showSaveDialog({ title: 'Export frames', defaultPath: `trackwire-export.${format}`, filters: [{ name: format.toUpperCase(), extensions: [format] }] });
      return r.canceled ? null : r.filePath ?? null;
    },
  });

  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Trackwire',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(INDEX_URL);
  app.on('before-quit', () => void engine.stop());
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => {
  // Navigation away from the UI and new windows are blocked; http(s) links open in the browser.
  contents.on('will-navigate', (ev, url) => {
    if (!isTrustedUrl(url)) ev.preventDefault();
  });
  contents.on('will-redirect', (ev, url) => {
    if (!isTrustedUrl(url)) ev.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
});
app.whenReady().then(boot, (e: unknown) => console.error(e));
app.on('window-all-closed', () => app.quit());
