// Dropped files: which names are captures, the message for the others, and the route each file
// takes — its path in the desktop app, an upload in the browser (refused above the limit) —
// plus the web client's upload request.
import { describe, expect, it } from 'vitest';
import { WEB_TOKEN_HEADER, WEB_UPLOAD_PATH, type CaptureJob } from '../../src-main/api/contract';
import { createWebClient } from '../../src-renderer/api/webClient';
import { isCaptureName, notCaptureMessage, openDroppedFile, carriesFiles } from '../../src-renderer/features/captures/drop';
import { sampleTitle } from '../../src-renderer/features/captures/SampleList';

const JOB = { id: 'file1', kind: 'file', source: '/x/trace.pcap', state: 'reading' } as CaptureJob;

function routes() {
  const calls: string[] = [];
  const commands = {
    openCapture: async (p: string) => (calls.push(`path ${p}`), JOB),
    uploadCapture: async (file: Blob, name: string) => (calls.push(`upload ${name} ${file.size}`), JOB),
  };
  return { calls, commands };
}

describe('dropped files', () => {
  it('takes .pcapng, .pcap and .cap in any case, nothing else', () => {
    for (const name of ['a.pcapng', 'B.PCAP', 'c.Cap', 'x.y.pcapng']) expect(isCaptureName(name), name).toBe(true);
    for (const name of ['a.txt', 'a.pcapng.gz', 'pcap', 'a.pcap ', 'a.cap.zip', '']) expect(isCaptureName(name), name).toBe(false);
  });

  it('says why a file is not opened and what is', () => {
    expect(notCaptureMessage('notes.txt')).toBe('notes.txt is not a capture file. Trackwire opens pcapng and pcap captures (.pcapng, .pcap, .cap), as tcpdump, tshark, Wireshark and Trackwire write them.');
    expect(notCaptureMessage('trace.pcapng.gz')).toMatch(/^trace\.pcapng\.gz is not a capture file \(it is compressed: decompress it first \(e\.g\. gunzip\)\)\. Trackwire opens/);
  });

  it('opens by path where the desktop gives one, uploads otherwise, and refuses what is not a capture or too large', async () => {
    const file = new File([new Uint8Array(100)], 'trace.pcap');
    const desktop = routes();
    await openDroppedFile(file, { commands: desktop.commands, pathOf: () => '/home/me/trace.pcap' });
    expect(desktop.calls).toEqual(['path /home/me/trace.pcap']);

    const browser = routes();
    await openDroppedFile(file, { commands: browser.commands, pathOf: () => null });
    expect(browser.calls).toEqual(['upload trace.pcap 100']);

    await expect(openDroppedFile(file, { commands: browser.commands, pathOf: () => null, maxUploadBytes: 99 })).rejects.toThrow(/^trace\.pcap \(100 B\) is too large to upload \(the limit is 99 B\)\. Copy it to the machine the engine runs on/);
    // The desktop reads big files in place: no limit there.
    await openDroppedFile(file, { commands: desktop.commands, pathOf: () => '/big.pcap', maxUploadBytes: 99 });
    await expect(openDroppedFile(new File(['x'], 'notes.txt'), { commands: browser.commands, pathOf: () => null })).rejects.toThrow(/^notes\.txt is not a capture file/);
    expect(browser.calls).toHaveLength(1);
  });

  it('shows the overlay only for drags that carry files', () => {
    expect(carriesFiles({ types: ['Files'] })).toBe(true);
    expect(carriesFiles({ types: ['text/plain'] })).toBe(false);
    expect(carriesFiles(null)).toBe(false);
  });

  it('titles samples by their file names', () => {
    expect(sampleTitle('shared-port-mix.pcapng')).toBe('shared port mix');
    expect(sampleTitle('gt06-session.pcap')).toBe('gt06 session');
  });
});

describe('web client upload', () => {
  it('posts the bytes with the token and the name, and returns the job or the engine message', async () => {
    const sent: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
    let status = 200;
    const client = createWebClient({
      location: { protocol: 'http:', host: '127.0.0.1:1', search: '?token=tok' },
      fetch: async (url, init) => {
        sent.push({ url, headers: init.headers, body: init.body });
        const text = url.startsWith(WEB_UPLOAD_PATH) ? JSON.stringify(status === 200 ? JOB : { error: 'x.pcap is not a capture file' }) : JSON.stringify({ error: 'down' });
        return { ok: status === 200 && url.startsWith(WEB_UPLOAD_PATH), status: url.startsWith(WEB_UPLOAD_PATH) ? status : 503, text: async () => text };
      },
      openSocket: () => ({ onopen: null, onmessage: null, onclose: null, onerror: null, close() {} }),
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    const blob = new Blob([new Uint8Array([1, 2, 3])]);
    expect(await client.uploadCapture(blob, 'my trace #1.pcap')).toEqual(JOB);
    const upload = sent.find((s) => s.url.startsWith(WEB_UPLOAD_PATH))!;
    expect(upload.url).toBe(`${WEB_UPLOAD_PATH}?name=my%20trace%20%231.pcap`);
    expect(upload.headers).toMatchObject({ [WEB_TOKEN_HEADER]: 'tok', 'content-type': 'application/octet-stream' });
    expect(upload.body).toBe(blob);
    status = 415;
    await expect(client.uploadCapture(blob, 'x.pcap')).rejects.toMatchObject({ message: 'x.pcap is not a capture file', status: 415 });
    client.close();
  });
});
