/** Reads the corpus frames copied into test/fixtures (source references kept). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CorpusFrame {
  protocol: string;
  source: string;
  test: string;
  seq: number;
  stage: 'decoder' | 'frame_decoder';
  transport: 'tcp' | 'udp';
  hex: string;
  wire_hex?: string;
  checksum?: { algorithm: string; ok: boolean };
  check?: string;
  expect: { time?: string; valid?: boolean; lat?: number; lon?: number; position?: boolean; frame?: string; attributes?: Record<string, unknown> };
}

export function loadCorpus(protocol: string): CorpusFrame[] {
  const file = path.join(__dirname, '..', 'fixtures', `${protocol}.frames.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusFrame);
}
