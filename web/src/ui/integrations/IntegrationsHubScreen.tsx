import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import './integrations.css';

const AREAS = [
  {
    href: '/integrations/partners',
    title: 'Partners',
    text: 'Inbound webhooks from telematics, fuel card, billing and helpdesk vendors: register one, rotate its secret.',
  },
  {
    href: '/integrations/webhooks',
    title: 'Webhook endpoints',
    text: 'Where fleetops sends its events: subscriptions, the delivery log, replay, recover and test events.',
  },
  { href: '/integrations/api-keys', title: 'API keys', text: 'Keys for the partner API, scoped and revocable.' },
  {
    href: '/integrations/oauth-clients',
    title: 'OAuth clients',
    text: 'OAuth2 clients for the partner API (client credentials), scoped and revocable.',
  },
  {
    href: '/integrations/api-reference',
    title: 'API reference',
    text: 'Every route of the v1 API, from its OpenAPI document.',
  },
] as const;

/** The integrations hub (admin): one link per integration screen. */
export function IntegrationsHubScreen() {
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Integrations</ScreenHeading>
      <ul class="plain-list hub-list">
        {AREAS.map((area) => (
          <li key={area.href}>
            <h2>
              <Link href={area.href}>{area.title}</Link>
            </h2>
            <p>{area.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
