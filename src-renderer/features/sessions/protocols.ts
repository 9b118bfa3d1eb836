/**
 * The protocols "decode as" offers. The registry is the parsers library's one list; it is
 * imported on demand so its decoders stay out of the first bundle the window loads.
 */
import { useEffect, useState } from 'react';

export interface ProtocolChoice {
  id: string;
  name: string;
}

let loaded: readonly ProtocolChoice[] | null = null;
let loading: Promise<readonly ProtocolChoice[]> | null = null;

/** Load the registry once; later calls share the answer. */
export function loadProtocolChoices(): Promise<readonly ProtocolChoice[]> {
  loading ??= import('../../../parsers/index').then((m) => {
    loaded = m.PROTOCOLS.map((p) => ({ id: p.id, name: p.name }));
    return loaded;
  });
  return loading;
}

/** The protocol choices, empty until the registry has loaded. */
export function useProtocolChoices(): readonly ProtocolChoice[] {
  const [choices, setChoices] = useState<readonly ProtocolChoice[]>(loaded ?? []);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadProtocolChoices().then(
      (list) => {
        if (live) setChoices(list);
      },
      () => undefined, // the select still offers "auto" and the session's own protocol
    );
    return () => {
      live = false;
    };
  }, []);
  return choices;
}
