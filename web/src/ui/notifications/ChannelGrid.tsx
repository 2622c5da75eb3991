import { CHANNEL_LABELS, CHANNELS, type Channel } from '../../api/notifications-client.js';
import { SEVERITIES, type Severity } from '../../api/types.js';
import { SeverityBadge } from '../SeverityBadge.js';

/** A severity as people read it: "Critical". */
export const severityLabel = (s: Severity): string => s.charAt(0) + s.slice(1).toLowerCase();

/** What one checkbox of the grid says and does. */
export interface ChannelGridProps {
  /** Prefix of each checkbox's id (`{idPrefix}-{severity}-{channel}`), unique on the page. */
  readonly idPrefix: string;
  /** The table's caption for screen readers. */
  readonly caption: string;
  readonly checked: (severity: Severity, channel: Channel) => boolean;
  /** A locked box is checked and cannot be changed (a channel the organisation requires). */
  readonly locked: (severity: Severity, channel: Channel) => boolean;
  /** The accessible name of a box: the severity and channel are in it, and whether it is locked. */
  readonly label: (severity: Severity, channel: Channel, locked: boolean) => string;
  /** The id of the error message of a severity's row, when that row is invalid. */
  readonly errorId?: (severity: Severity) => string | undefined;
  readonly onToggle: (severity: Severity, channel: Channel, checked: boolean) => void;
}

/**
 * The channels-by-severity grid of the notification settings and of the organisation's policy:
 * a row per severity (its badge: text and shape, not colour alone), a checkbox per channel, in a
 * scroll container so it reflows at 320 px.
 */
export function ChannelGrid(props: ChannelGridProps) {
  return (
    <div class="table-scroll">
      <table class="channel-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            {CHANNELS.map((c) => (
              <th scope="col" key={c}>
                {CHANNEL_LABELS[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr key={s}>
              <th scope="row">
                <SeverityBadge severity={s} />
              </th>
              {CHANNELS.map((c) => {
                const isLocked = props.locked(s, c);
                const errorId = props.errorId?.(s);
                return (
                  <td key={c}>
                    <input
                      type="checkbox"
                      id={`${props.idPrefix}-${s}-${c}`}
                      aria-label={props.label(s, c, isLocked)}
                      checked={isLocked || props.checked(s, c)}
                      disabled={isLocked}
                      aria-invalid={errorId ? 'true' : undefined}
                      aria-describedby={errorId}
                      onChange={(e) => props.onToggle(s, c, (e.target as HTMLInputElement).checked)}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
