import { useEffect, useState } from 'preact/hooks';
import { type PushSupport, pushSupport, turnPushOff, turnPushOn } from '../../pwa/push-subscription.js';

/**
 * Push on this device: the browser's Web Push subscription, made with the server's VAPID key and
 * registered with `POST /v1/me/push-subscriptions`; turning it off unsubscribes and forgets it.
 */
export function PushOptIn() {
  const [support, setSupport] = useState<PushSupport | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let current = true;
    pushSupport().then(
      (s) => current && setSupport(s),
      (error: unknown) => current && setSupport({ state: 'unsupported', why: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, []);

  const change = async (on: boolean) => {
    setBusy(true);
    try {
      const next = on
        ? await turnPushOn(navigator.userAgent.slice(0, 80))
        : await turnPushOff(support?.state === 'on' ? support.subscriptionId : undefined);
      setSupport(next);
      setMessage(next.state === 'on' ? 'Push is on for this device.' : 'Push is off for this device.');
    } catch (error) {
      setMessage(`Could not change push: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="push-title" class="detail-section">
      <h2 id="push-title">Push on this device</h2>
      {support === undefined ? <p class="hint">Checking this browser…</p> : null}
      {support?.state === 'unsupported' ? <p>{support.why} You still get notifications in the app.</p> : null}
      {support?.state === 'denied' ? (
        <p>Notifications are blocked for this site in your browser settings. Allow them there to turn push on.</p>
      ) : null}
      {support?.state === 'off' ? (
        <p>
          <button type="button" disabled={busy} onClick={() => void change(true)}>
            Turn on push for this device
          </button>
        </p>
      ) : null}
      {support?.state === 'on' ? (
        <p>
          Push is on for this device.{' '}
          <button type="button" class="secondary" disabled={busy} onClick={() => void change(false)}>
            Turn off push for this device
          </button>
        </p>
      ) : null}
      <p role="status" class="hint">
        {message}
      </p>
    </section>
  );
}
