/**
 * The commands of this run, newest first: state, time, the bytes sent, links to the downlink
 * frame and the device's reply in the frame list, Cancel for queued ones.
 */
import type { CommandRecord } from '../../../src-main/api/contract';
import { getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { clockTime, commandTime, spacedHex } from './model';

const STATE_TITLES: Readonly<Record<CommandRecord['state'], string>> = {
  queued: 'Waiting for the device to connect',
  sent: 'Sent; waiting for the device to answer',
  acknowledged: 'The device acknowledged it',
  answered: 'The device answered',
  failed: 'The device refused it, or did not answer in time',
  expired: 'The device did not connect before the command expired',
  cancelled: 'Cancelled before it was sent',
};

function CommandRow({ c }: { c: CommandRecord }) {
  const revealFrame = useTrackwire((s) => s.revealFrame);
  const selectedFrameId = useTrackwire((s) => s.selectedFrameId);
  const title = c.state === 'queued' ? `${STATE_TITLES.queued} (until ${new Date(c.expiresAt).toLocaleTimeString()})` : STATE_TITLES[c.state];
  const selected = selectedFrameId !== null && (selectedFrameId === c.frameId || selectedFrameId === c.replyFrameId);
  return (
    <li
      className={selected ? 'command-row command-row--selected' : 'command-row'}
      data-testid="command-row"
      data-command-id={c.id}
      data-state={c.state}
      data-frame-id={c.frameId ?? ''}
      data-reply-frame-id={c.replyFrameId ?? ''}
    >
      <div
        className="command-line"
        role={c.frameId !== null ? 'button' : undefined}
        tabIndex={c.frameId !== null ? 0 : undefined}
        title={c.frameId !== null ? `Show frame ${c.frameId} (the command as sent) in the frame list` : undefined}
        onClick={() => c.frameId !== null && revealFrame(c.frameId)}
        onKeyDown={(e) => {
          if ((e.key === 'Enter' || e.key === ' ') && c.frameId !== null) {
            e.preventDefault();
            revealFrame(c.frameId);
          }
        }}
      >
        <span className={`command-state command-state--${c.state}`} data-testid="command-state" title={title}>
          {c.state}
        </span>
        <span className="command-time mono">{clockTime(commandTime(c))}</span>
        <span className="command-label">{c.label}</span>
        <span className="command-device mono dim" title={`${c.protocol} device ${c.deviceId}${c.sessionId ? ` on ${c.sessionId}` : ''}`}>
          {c.deviceId}
        </span>
      </div>
      <div className="command-detail">
        {c.hex !== null && (
          <span className="command-hex mono" data-testid="command-hex" title={spacedHex(c.hex)}>
            {spacedHex(c.hex)}
          </span>
        )}
        {c.frameId !== null && (
          <button type="button" className="link-button" data-testid="command-frame" onClick={() => revealFrame(c.frameId!)}>
            frame {c.frameId}
          </button>
        )}
        {c.replyFrameId !== null && (
          <button type="button" className="link-button" data-testid="command-reply" title="Show the device's reply in the frame list" onClick={() => revealFrame(c.replyFrameId!)}>
            reply: frame {c.replyFrameId}
          </button>
        )}
        {c.reply !== null && (
          <span className="command-reply mono" data-testid="command-reply-text" title={c.reply}>
            {c.reply}
          </span>
        )}
        {c.state === 'queued' && (
          <button type="button" className="button button--small" data-testid="command-cancel" onClick={() => void getCommands().cancelCommand(c.id).catch(() => undefined)}>
            Cancel
          </button>
        )}
      </div>
    </li>
  );
}

export function CommandList() {
  const commands = useTrackwire((s) => s.commands.list);
  if (commands.length === 0) return <p className="dialog-hint">No commands sent in this run yet.</p>;
  const newestFirst = [...commands].reverse();
  return (
    <ul className="command-list" data-testid="command-list" aria-label="Commands of this run">
      {newestFirst.map((c) => (
        <CommandRow key={c.id} c={c} />
      ))}
    </ul>
  );
}
