/**
 * First start: while the engine holds no frames and no capture was opened, the frame list's empty
 * state offers the sample captures shipped with Trackwire, one click each. Renders nothing once
 * there is something to show, or when the engine has no samples.
 */
import { useEffect, useState } from 'react';
import type { RequestResult } from '../../../src-main/api/contract';
import { errorText, getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { formatBytes } from '../sessions/format';

type Sample = RequestResult<'listSamples'>[number];

/** `shared-port-mix.pcapng` → `shared port mix`. */
export function sampleTitle(name: string): string {
  return name.replace(/\.(pcapng|pcap|cap)$/i, '').replace(/[-_]+/g, ' ');
}

export function SampleList() {
  const empty = useTrackwire((s) => (s.status?.frameCount ?? 0) === 0 && s.captures.list.length === 0);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getCommands()
      .listSamples()
      .then(
        // The richest first: the shared-port mix shows the most protocols.
        (list) => live && setSamples([...list].sort((a, b) => b.bytes - a.bytes)),
        () => live && setSamples([]),
      );
    return () => {
      live = false;
    };
  }, []);

  if (!empty || samples.length === 0) return null;

  const open = (sample: Sample) => {
    setOpening(sample.path);
    setError(null);
    getCommands()
      .openCapture(sample.path)
      .then(
        () => setOpening(null),
        (err: unknown) => {
          setError(errorText(err));
          setOpening(null);
        },
      );
  };

  return (
    <section className="first-samples" aria-label="Sample captures" data-testid="first-samples">
      <p className="first-samples-title">New to Trackwire? Open a sample capture:</p>
      <ul className="first-samples-list">
        {samples.map((s) => (
          <li key={s.path}>
            <button
              type="button"
              className="sample"
              disabled={opening !== null}
              title={s.path}
              data-testid="first-sample"
              data-name={s.name}
              onClick={() => open(s)}
            >
              <span>{sampleTitle(s.name)}</span>
              <span className="dim">{opening === s.path ? 'opening…' : formatBytes(s.bytes)}</span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="dialog-error" role="alert" data-testid="first-samples-error">
          {error}
        </p>
      )}
      <p className="dim first-samples-hint">…or drop a .pcapng, .pcap or .cap file anywhere on the window.</p>
    </section>
  );
}
