/** Reads the shared corpus copied into test/fixtures/corpus (source references kept). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusFrame {
  protocol: string;
  variant?: string;
  source: string;
  test: string;
  seq: number;
  stage: 'decoder' | 'frame_decoder';
  transport: 'tcp' | 'udp';
  input_kind?: string;
  hex: string;
  ascii?: string;
  wire_hex?: string;
  checksum?: { algorithm: string; ok: boolean };
  check?: string;
  expect: {
    time?: string;
    valid?: boolean;
    lat?: number;
    lon?: number;
    position?: boolean;
    positions?: boolean;
    check_location?: boolean;
    applies_to?: string;
    frame?: string;
    attributes?: Record<string, unknown>;
    attribute_types?: Record<string, string>;
    not_null?: boolean;
  };
}

const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus', 'frames.jsonl');
/** Beside this file under vitest; from the project root when bundled by scripts/run-ts.mjs. */
export const CORPUS_FILE = existsSync(beside) ? beside : path.resolve('test', 'fixtures', 'corpus', 'frames.jsonl');

let cache: CorpusFrame[] | undefined;

/** Every corpus frame, or those of one protocol. */
export function loadCorpus(protocol?: string): CorpusFrame[] {
  cache ??= readFileSync(CORPUS_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusFrame);
  return protocol ? cache.filter((f) => f.protocol === protocol) : cache;
}

/** The bytes as they travel on the wire (delimiters and escaping put back). */
export const wireHex = (f: CorpusFrame): string => f.wire_hex ?? f.hex;
