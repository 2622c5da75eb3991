import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';

/** A path the app does not know. */
export function NotFoundScreen() {
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Page not found</ScreenHeading>
      <p>
        There is nothing at this address. <Link href="/">Go to the start page</Link>
      </p>
    </section>
  );
}
