import { appStore, dismissToast } from '../state/app-state.js';
import { useStore } from '../state/store.js';

/**
 * The app's single polite live region. It is always in the DOM (a region added together with its
 * text is not announced); messages stay until dismissed, since nothing here should vanish on a timer.
 */
export function Toaster() {
  const toasts = useStore(appStore, (s) => s.toasts);
  return (
    <section class="toasts" aria-label="Notifications">
      <div role="status" aria-live="polite" id="toast-region">
        {toasts.map((t) => (
          <p class="toast" key={t.id}>
            <span>{t.text}</span>
            <button type="button" class="secondary toast-dismiss" onClick={() => dismissToast(t.id)}>
              Dismiss<span class="visually-hidden"> notification: {t.text}</span>
            </button>
          </p>
        ))}
      </div>
    </section>
  );
}
