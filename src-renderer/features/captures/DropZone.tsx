/**
 * The whole window takes dropped captures: while files are dragged over it an overlay says so;
 * dropped captures open (see drop.ts), anything else gets a banner naming what is accepted.
 * Wraps the app without adding a box of its own around it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { trackwireStore } from '../../app/store';
import { carriesFiles, droppedFiles, openDroppedFile } from './drop';

export function DropZone({ children }: { children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  const [sending, setSending] = useState<string | null>(null);
  // dragenter and dragleave come for every element crossed: count them.
  const depth = useRef(0);

  useEffect(() => {
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      // Without this the browser opens the file itself (and leaves the app).
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      depth.current = 0;
      setDragging(false);
      const files = droppedFiles(event.dataTransfer);
      if (files.length === 0 || event.defaultPrevented) return;
      event.preventDefault();
      void openAll(files, setSending);
    };
    const onEnd = () => {
      depth.current = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragend', onEnd);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragend', onEnd);
    };
  }, []);

  return (
    <>
      {children}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">
            <strong>Drop a capture to open it</strong>
            <span className="dim">.pcapng, .pcap or .cap</span>
          </div>
        </div>
      )}
      {sending && (
        <div className="drop-sending" role="status" data-testid="drop-sending">
          Opening {sending}…
        </div>
      )}
    </>
  );
}

/** Open the files one after the other; each refusal becomes the banner (the last one stays). */
async function openAll(files: File[], setSending: (name: string | null) => void): Promise<void> {
  for (const file of files) {
    setSending(file.name);
    try {
      await openDroppedFile(file);
    } catch (err) {
      trackwireStore.getState().showBanner({ kind: 'error', message: `Cannot open the dropped file: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setSending(null);
    }
  }
}
