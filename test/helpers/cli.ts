/** Spawn the built CLI (dist-main/cli.cjs) and read its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Recordings of CLI runs in tests go to a temp folder, not the user's ~/Trackwire. */
const TEST_ENV = {
  TRACKWIRE_RECORDINGS: process.env.TRACKWIRE_RECORDINGS ?? path.join(os.tmpdir(), 'trackwire-test-recordings'),
  TRACKWIRE_DATA: process.env.TRACKWIRE_DATA ?? path.join(os.tmpdir(), 'trackwire-test-data'),
};
export const CLI = path.join(ROOT, 'dist-main', 'cli.cjs');

function ensureBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does it for you)`);
}

/** Run to completion, with `stdin` written to its standard input (closed either way). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  ensureBuilt();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...TEST_ENV, ...env }, cwd: ROOT });
    p.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Start a long-running command and wait until its output matches `ready`. */
export function startCli(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, ms = 15000): Promise<{ proc: ChildProcess; output: () => string; match: RegExpMatchArray }> {
  ensureBuilt();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...TEST_ENV, ...env }, cwd: ROOT });
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`trackwire ${args.join(' ')} did not print ${ready} within ${ms} ms; output:\n${out}`));
    }, ms);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, output: () => out, match: m });
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trackwire ${args.join(' ')} exited with ${code} before it was ready; output:\n${out}`));
    });
  });
}

export function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}
