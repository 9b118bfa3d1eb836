/**
 * Opening a capture dropped on the window. The desktop app knows the file's path (the preload's
 * webUtils) and opens it like "Open capture…"; the browser knows no path, so the file's bytes are
 * uploaded to the engine, which keeps a copy and opens that. Names that are not captures are
 * refused here with the accepted types; the engine checks the first bytes of the rest.
 */
import { ACCEPTED_CAPTURES_TEXT, CAPTURE_EXTENSIONS, WEB_UPLOAD_MAX_BYTES, type CaptureJob } from '../../../src-main/api/contract';
import { pathForDroppedFile } from '../../api';
import { getCommands, type Commands } from '../../app/commands';
import { formatBytes } from '../sessions/format';

/** Whether the name ends like a capture file (.pcapng, .pcap, .cap; any case). */
export function isCaptureName(name: string): boolean {
  const lower = name.toLowerCase();
  return CAPTURE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Endings of compressed files people drop, with what to do first. */
const COMPRESSED: ReadonlyArray<[string, string]> = [
  ['.gz', 'decompress it first (e.g. gunzip)'],
  ['.zst', 'decompress it first (e.g. unzstd)'],
  ['.zip', 'extract the capture first'],
  ['.7z', 'extract the capture first'],
  ['.xz', 'decompress it first (e.g. unxz)'],
];

/** Why a dropped file is not opened, naming the types that are. */
export function notCaptureMessage(name: string): string {
  const lower = name.toLowerCase();
  const compressed = COMPRESSED.find(([ext]) => lower.endsWith(ext));
  return `${name} is not a capture file${compressed ? ` (it is compressed: ${compressed[1]})` : ''}. ${ACCEPTED_CAPTURES_TEXT}`;
}

/** What opening a dropped file needs: overridable for tests. */
export interface DropDeps {
  commands: Pick<Commands, 'openCapture' | 'uploadCapture'>;
  pathOf: (file: File) => string | null;
  maxUploadBytes: number;
}

/**
 * Open one dropped file: by its path in the desktop app, by upload in the browser. Rejects with
 * the message to show (not a capture, too large, the engine's refusal).
 */
export async function openDroppedFile(file: File, deps: Partial<DropDeps> = {}): Promise<CaptureJob> {
  const { commands = getCommands(), pathOf = pathForDroppedFile, maxUploadBytes = WEB_UPLOAD_MAX_BYTES } = deps;
  if (!isCaptureName(file.name)) throw new Error(notCaptureMessage(file.name));
  const path = pathOf(file);
  if (path) return commands.openCapture(path);
  if (file.size > maxUploadBytes) {
    throw new Error(`${file.name} (${formatBytes(file.size)}) is too large to upload (the limit is ${formatBytes(maxUploadBytes)}). Copy it to the machine the engine runs on and open it by its path.`);
  }
  return commands.uploadCapture(file, file.name);
}

/** The files of a drop: every file the DataTransfer holds (folders and text are not files). */
export function droppedFiles(data: Pick<DataTransfer, 'files'> | null): File[] {
  return data ? Array.from(data.files) : [];
}

/** Whether a drag carries files (the overlay shows only for those, not for dragged text). */
export function carriesFiles(data: Pick<DataTransfer, 'types'> | null): boolean {
  return !!data && Array.from(data.types).includes('Files');
}
