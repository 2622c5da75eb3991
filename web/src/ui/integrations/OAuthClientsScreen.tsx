import { useState } from 'preact/hooks';
import { createOAuthClient, listOAuthClients, revokeOAuthClient } from '../../api/integrations-client.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { PagedList } from './PagedList.js';
import { RevokedOrActive } from './RevokedOrActive.js';
import { ScopedCredentialForm } from './ScopedCredentialForm.js';
import { SecretOnce } from './SecretOnce.js';
import { confirmed } from './use-confirm.js';
import { usePaged } from './use-paged.js';
import { Problem, useProblem } from './use-problem.js';
import '../fleet/fleet.css';
import './integrations.css';

/**
 * Partner OAuth2 clients (admin, docs/adr/0113): create one with scopes (its secret is shown once),
 * list them by client id, revoke one (confirmed): its tokens stop working at once.
 */
export function OAuthClientsScreen() {
  const { list, reload, loadMore } = usePaged('oauth-clients', listOAuthClients);
  const { problem, run } = useProblem();
  const [created, setCreated] = useState<{ name: string; clientId: string; secret: string } | undefined>(undefined);

  const create = async (input: Parameters<typeof createOAuthClient>[0]) => {
    const answer = await run('create the client', () => createOAuthClient(input));
    if (!answer) return false;
    setCreated({ name: answer.name, clientId: answer.clientId, secret: answer.clientSecret });
    reload();
    return true;
  };

  const revoke = async (clientId: string, clientName: string) => {
    if (!confirmed(`Revoke the OAuth client ${clientName}? Its access tokens stop working at once.`)) return;
    if (await run('revoke the client', () => revokeOAuthClient(clientId).then(() => true))) reload();
  };

  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>OAuth clients</ScreenHeading>
      <p class="hint">
        <Link href="/integrations">Integrations</Link> · A client gets access tokens with the client credentials grant
        at <code>POST /oauth2/token</code> and acts with its scopes only.
      </p>
      {created ? (
        <>
          <SecretOnce
            id="client-secret"
            title={`Client secret of ${created.name}`}
            label="Client secret"
            value={created.secret}
            onDone={() => setCreated(undefined)}
          />
          <p>
            Client id: <code>{created.clientId}</code>
          </p>
        </>
      ) : null}
      <Problem problem={problem} />
      <h2>Clients</h2>
      <PagedList
        label="OAuth clients"
        noun="OAuth clients"
        list={list}
        loadMore={loadMore}
        empty="No OAuth clients yet."
        keyOf={(c) => c.clientId}
        classOf={(c) => `record${c.revokedAt ? ' record-off' : ''}`}
      >
        {(c) => (
          <>
            <h3>{c.name}</h3>
            <dl class="facts">
              <dt>Client id</dt>
              <dd>
                <code class="endpoint-url">{c.clientId}</code>
              </dd>
              <dt>Scopes</dt>
              <dd>{c.scopes.join(', ')}</dd>
              <dt>Created</dt>
              <dd>
                <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
              </dd>
              <dt>Status</dt>
              <dd>
                <RevokedOrActive revokedAt={c.revokedAt} />
              </dd>
            </dl>
            {c.revokedAt ? null : (
              <button type="button" class="secondary" onClick={() => void revoke(c.clientId, c.name)}>
                Revoke<span class="visually-hidden"> {c.name}</span>
              </button>
            )}
          </>
        )}
      </PagedList>
      <ScopedCredentialForm
        idPrefix="client"
        title="Create a client"
        submitLabel="Create client"
        nameHint="Who or what uses the client."
        create={create}
      />
    </section>
  );
}
