/**
 * `trackwire validate FILE`: a capture read through the engine (sessions, devices, lint issues on
 * arrival), then the validation checklist of one device — as text on standard output, and as a
 * self-contained HTML page and/or JSON when asked. Exit code 0 pass, 1 fail (2: bad usage).
 */
import fs from 'node:fs';
import { Engine } from '../engine/engine';
import { UserError } from '../engine/errors';
import { getProtocol, PROTOCOLS } from '../../parsers/index';
import { formatValidationText } from '../engine/analysis/validate-report';
import type { CaptureJob, ValidationReport } from '../api/contract';

export interface ValidateFileOptions {
  file: string;
  device?: string;
  protocol?: string;
  html?: string;
  json?: string;
  interval?: { minSec: number; maxSec: number };
}

/** Read the whole capture into `engine`; resolves with the finished job. */
function readCapture(engine: Engine, file: string, protocol?: string): Promise<CaptureJob> {
  return new Promise((resolve) => {
    let id = '';
    const off = engine.subscribe((e) => {
      if (e.type === 'capture' && e.job.id === id && e.job.state !== 'reading') {
        off();
        resolve(e.job);
      }
    });
    // The job ends asynchronously, after its id is known here.
    id = engine.captures.openFile(file, protocol).id;
  });
}

function write(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

export async function validateFile(o: ValidateFileOptions): Promise<number> {
  if (o.protocol && !getProtocol(o.protocol)) throw new UserError(`unknown protocol '${o.protocol}'; known: ${PROTOCOLS.map((p) => p.id).join(', ')}`);
  if (!fs.existsSync(o.file)) throw new UserError(`no such file: ${o.file}`);
  const engine = new Engine();
  let report: ValidationReport;
  try {
    const job = await readCapture(engine, o.file, o.protocol);
    if (job.reason) process.stderr.write(`trackwire: ${o.file}: ${job.reason}; validating what was read before it\n`);
    const devices = await engine.handle('listDevices', undefined);
    const names = devices.map((d) => d.deviceId);
    let deviceId = o.device;
    if (deviceId && !names.includes(deviceId)) {
      throw new UserError(`no device '${deviceId}' in ${o.file}${names.length ? `; it holds ${names.join(', ')}` : ''}`);
    }
    if (!deviceId) {
      if (!names.length) throw new UserError(`no device identified in ${o.file} (${job.frames} frames): nothing to validate`);
      if (names.length > 1) throw new UserError(`${o.file} holds ${names.length} devices (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}): choose one with --device ID`);
      deviceId = names[0]!;
    }
    report = engine.validateDevice({ deviceId, interval: o.interval, html: !!o.html });
  } finally {
    await engine.stop();
  }
  const { html, ...data } = report;
  if (o.html && html) write(o.html, html);
  if (o.json) write(o.json, `${JSON.stringify(data, null, 2)}\n`);
  if (o.html || o.json) {
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.title.toLowerCase());
    console.log(`Validation of ${report.device}: ${report.verdict.toUpperCase()}${failed.length ? ` (${failed.join('; ')})` : ''}`);
    for (const [what, file] of [['HTML', o.html], ['JSON', o.json]] as const) if (file) console.log(`${what} report: ${file}`);
  } else console.log(formatValidationText(report));
  return report.verdict === 'pass' ? 0 : 1;
}
