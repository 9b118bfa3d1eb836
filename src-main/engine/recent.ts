/**
 * The capture files opened last, for the open dialog and the desktop menu: most recent first,
 * one entry per path, at most MAX_RECENT. Kept in the user's data folder (`recent-captures.json`,
 * written atomically like the command history); a missing or damaged file is an empty list.
 * Whether each file still exists is checked every time the list is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecentCapture } from '../api/contract';

export const MAX_RECENT = 10;
export const RECENT_FILE = 'recent-captures.json';

/** What the file holds per entry. */
interface Stored {
  path: string;
  openedAt: number;
}

/** The same file: paths compare without case on Windows (its file systems ignore case). */
function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Entries as stored, whatever the file holds: bad entries are left out, duplicates and the excess dropped. */
export function cleanEntries(value: unknown): Stored[] {
  if (!Array.isArray(value)) return [];
  const out: Stored[] = [];
  for (const v of value as unknown[]) {
    const e = v as Partial<Stored> | null;
    if (!e || typeof e.path !== 'string' || !e.path || typeof e.openedAt !== 'number' || !Number.isFinite(e.openedAt)) continue;
    if (out.some((o) => samePath(o.path, e.path!))) continue;
    out.push({ path: e.path, openedAt: e.openedAt });
    if (out.length === MAX_RECENT) break;
  }
  return out;
}

export class RecentCaptures {
  private entries: Stored[] = [];
  private dir: string | null = null;
  /** Why the last save failed, if it did. */
  saveError: string | undefined;

  /** `onDropped`: paths that left the list (pushed out or cleared), e.g. to delete uploads. */
  constructor(private readonly onDropped?: (paths: string[]) => void) {}

  /** Keep the list in `dir`: loaded now (a damaged file counts as empty), written after each change. */
  persistIn(dir: string): void {
    this.dir = dir;
    try {
      this.entries = cleanEntries(JSON.parse(fs.readFileSync(path.join(dir, RECENT_FILE), 'utf8')));
    } catch {
      this.entries = [];
    }
  }

  /** A file was opened: it goes first (once), the oldest beyond MAX_RECENT go. */
  add(file: string, now = Date.now()): void {
    const abs = path.resolve(file);
    const before = this.entries;
    this.entries = [{ path: abs, openedAt: now }, ...before.filter((e) => !samePath(e.path, abs))].slice(0, MAX_RECENT);
    this.save();
    this.dropped(before);
  }

  /** The list with each file checked now. */
  list(): RecentCapture[] {
    return this.entries.map((e) => {
      let sizeBytes: number | null = null;
      try {
        const st = fs.statSync(e.path);
        if (st.isFile()) sizeBytes = st.size;
      } catch {
        sizeBytes = null;
      }
      return { path: e.path, name: path.basename(e.path), openedAt: e.openedAt, exists: sizeBytes !== null, sizeBytes };
    });
  }

  clear(): RecentCapture[] {
    const before = this.entries;
    this.entries = [];
    this.save();
    this.dropped(before);
    return [];
  }

  private dropped(before: Stored[]): void {
    const gone = before.filter((b) => !this.entries.some((e) => samePath(e.path, b.path))).map((b) => b.path);
    if (gone.length) this.onDropped?.(gone);
  }

  /** Write the file atomically (temp file, then rename); a failure is kept in saveError, never thrown. */
  private save(): void {
    if (!this.dir) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = path.join(this.dir, `.${RECENT_FILE}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(this.entries, null, 1));
      fs.renameSync(tmp, path.join(this.dir, RECENT_FILE));
      this.saveError = undefined;
    } catch (e) {
      this.saveError = `cannot save ${RECENT_FILE} in ${this.dir}: ${(e as Error).message}`;
    }
  }
}
