import type { Loaded } from './use-load.js';

/**
 * What a panel shows while its {@link Loaded} data is on the way and when loading failed (with a
 * "Try again" that calls `reload`); nothing once it is there. `what` names the data in the
 * sentence: "Loading {what}…", "Could not load {what}: …".
 */
export function LoadStatus(props: {
  readonly loaded: Loaded<unknown>;
  readonly reload: () => void;
  readonly what: string;
}) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <p class="hint">Loading {props.what}…</p>;
  if (loaded.state === 'error') {
    return (
      <p class="error" role="alert">
        Could not load {props.what}: {loaded.message}{' '}
        <button type="button" class="secondary" onClick={props.reload}>
          Try again
        </button>
      </p>
    );
  }
  return null;
}
