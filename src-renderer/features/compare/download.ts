/**
 * Saving a report from the window: the text as a Blob, handed to the browser as a download (web
 * mode: the browser's downloads; the desktop app: Electron asks where with its save dialog).
 */

/** Offer `text` as a file named `fileName`. */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has taken the bytes by then; the URL need not live on.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
