/**
 * Captures the browser uploads (web mode has no file paths: a dropped file's bytes are sent).
 * Each upload is streamed into a folder of its own under the data folder's `uploads/`, named
 * from the time and random bytes; the file inside keeps the original name made safe, so the
 * capture bar, the sessions and the recent list show what the user dropped. The first bytes are
 * checked while they arrive: a file that is not a capture, an empty one or one over the size
 * limit is refused with a message and nothing is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ACCEPTED_CAPTURES_TEXT, WEB_UPLOAD_MAX_BYTES } from '../api/contract';
import { sniffCapture } from './capture/reader';
import { UserError } from './errors';

/** Bytes looked at to recognise the format (and name the usual mistakes). */
const HEAD_BYTES = 8;

/** A refused upload, with the HTTP status that says why. */
export class UploadError extends UserError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function sizeText(n: number): string {
  return n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(2)} GiB` : n >= 1024 ** 2 ? `${+(n / 1024 ** 2).toFixed(1)} MiB` : `${n} bytes`;
}

/**
 * A file name safe on every system, from what the browser says the file was called: the last
 * path part, without control and reserved characters, leading dots or Windows device names, at
 * most 120 characters (the extension kept); `capture` when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let s = base.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s)) s = `_${s}`;
  if (s.length > 120) {
    const ext = path.extname(s).slice(0, 16);
    s = s.slice(0, 120 - ext.length) + ext;
  }
  return s || 'capture';
}

/** `20250314-090000-1a2b3c4d`: the folder of one upload. */
function folderName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export interface UploadOptions {
  /** The uploads folder (created when missing). */
  dir: string;
  /** The original file name (the browser's File.name). */
  name: string;
  /** Largest upload taken (default WEB_UPLOAD_MAX_BYTES). */
  maxBytes?: number;
  /** Content-Length when the client sent one: an upload announced too large is refused at once. */
  declaredBytes?: number | null;
}

/**
 * Stream `source` into a new upload folder; resolves with the saved file's path. Rejects with an
 * UploadError (413 too large, 415 not a capture, 400 empty or interrupted, 500 not writable);
 * then nothing is left on disk. `source` is never destroyed: what is left of it is for the
 * caller (an HTTP server drains it so the answer can be read).
 */
export function receiveUpload(source: Readable, opts: UploadOptions): Promise<string> {
  const maxBytes = opts.maxBytes ?? WEB_UPLOAD_MAX_BYTES;
  const shown = safeFileName(opts.name);
  const tooLarge = () => new UploadError(`${shown} is too large to upload (the limit is ${sizeText(maxBytes)}). Copy it to the machine the engine runs on and open it by its path.`, 413);
  if (opts.declaredBytes != null && opts.declaredBytes > maxBytes) return Promise.reject(tooLarge());
  const folder = path.join(opts.dir, folderName(new Date()));
  const file = path.join(folder, shown);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (e) {
    return Promise.reject(new UploadError(`cannot save the upload in ${opts.dir}: ${(e as Error).message}`, 500));
  }
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let head = Buffer.alloc(0);
    let checked = false;
    let settled = false;
    const detach = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onAbort);
      source.off('close', onClose);
    };
    const fail = (e: UploadError) => {
      if (settled) return;
      settled = true;
      detach();
      // Keep reading (and dropping) the rest so the sender gets to read the answer.
      source.on('error', () => undefined);
      source.resume();
      // The refusal is answered once nothing is left: the file may still be opening as it is destroyed.
      const remove = () => fs.rm(folder, { recursive: true, force: true }, () => reject(e));
      if (out.closed) remove();
      else {
        out.once('close', remove);
        out.destroy();
      }
    };
    /** The format check, once HEAD_BYTES arrived or the upload ended. */
    const check = (final: boolean): boolean => {
      if (checked || (!final && head.length < HEAD_BYTES)) return true;
      checked = true;
      if (head.length === 0) {
        fail(new UploadError(`${shown} is empty. ${ACCEPTED_CAPTURES_TEXT}`, 400));
        return false;
      }
      const sniff = sniffCapture(head);
      if (!sniff || 'error' in sniff) {
        fail(new UploadError(`${shown} is not a capture file (${sniff ? sniff.error : `only ${head.length} bytes`}). ${ACCEPTED_CAPTURES_TEXT}`, 415));
        return false;
      }
      return true;
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge());
      if (!checked) {
        head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        if (!check(false)) return;
      }
      if (!out.write(chunk)) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    };
    const onEnd = () => {
      if (!check(true) || settled) return;
      settled = true;
      detach();
      out.end(() => resolve(file));
    };
    const onAbort = () => fail(new UploadError(`the upload of ${shown} was interrupted`, 400));
    const onClose = () => {
      if (!source.readableEnded) onAbort();
    };
    out.on('error', (e) => fail(new UploadError(`cannot save the upload in ${opts.dir}: ${e.message}`, 500)));
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onAbort);
    source.on('close', onClose);
  });
}

/** Whether `file` is an upload (`<dir>/<folder>/<name>`). */
export function isUpload(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep).length === 2;
}

/** Delete an upload's folder (it left the recent list); anything else is left alone. Never throws. */
export function removeUpload(dir: string, file: string): void {
  if (!isUpload(dir, file)) return;
  try {
    fs.rmSync(path.dirname(path.resolve(file)), { recursive: true, force: true });
  } catch {
    // in use (Windows) or already gone: it stays until the next time
  }
}
