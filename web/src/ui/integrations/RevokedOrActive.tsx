import { formatTime } from '../format-time.js';

/** A credential's state in words and shape: "● Active", or "⊘ Revoked" with when. */
export function RevokedOrActive(props: { revokedAt?: string | undefined }) {
  if (!props.revokedAt) return <>● Active</>;
  return (
    <strong>
      ⊘ Revoked <time dateTime={props.revokedAt}>{formatTime(props.revokedAt)}</time>
    </strong>
  );
}
