import { useState } from 'preact/hooks';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api/integrations-client.js';
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

/** API keys of the partner API (admin): create with scopes (the key is shown once), list, revoke. */
export function ApiKeysScreen() {
  const { list, reload, loadMore } = usePaged('api-keys', listApiKeys);
  const { problem, run } = useProblem();
  const [created, setCreated] = useState<{ name: string; key: string } | undefined>(undefined);

  const create = async (input: Parameters<typeof createApiKey>[0]) => {
    const answer = await run('create the key', () => createApiKey(input));
    if (!answer) return false;
    setCreated({ name: answer.name, key: answer.key });
    reload();
    return true;
  };

  const revoke = async (apiKeyId: string, keyName: string) => {
    if (!confirmed(`Revoke the key ${keyName}? Anything using it stops working at once.`)) return;
    if (await run('revoke the key', () => revokeApiKey(apiKeyId).then(() => true))) reload();
  };

  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>API keys</ScreenHeading>
      <p class="hint">
        <Link href="/integrations">Integrations</Link> · A key is sent as <code>x-api-key</code> and acts with its
        scopes only.
      </p>
      {created ? (
        <SecretOnce
          id="api-key"
          title={`API key ${created.name}`}
          label="API key"
          value={created.key}
          onDone={() => setCreated(undefined)}
        />
      ) : null}
      <Problem problem={problem} />
      <h2>Keys</h2>
      <PagedList
        label="API keys"
        noun="API keys"
        list={list}
        loadMore={loadMore}
        empty="No API keys yet."
        keyOf={(k) => k.apiKeyId}
        classOf={(k) => `record${k.revokedAt ? ' record-off' : ''}`}
      >
        {(k) => (
          <>
            <h3>{k.name}</h3>
            <dl class="facts">
              <dt>Starts with</dt>
              <dd>
                <code>{k.prefix}…</code>
              </dd>
              <dt>Scopes</dt>
              <dd>{k.scopes.join(', ')}</dd>
              <dt>Created</dt>
              <dd>
                <time dateTime={k.createdAt}>{formatTime(k.createdAt)}</time>
              </dd>
              <dt>Last used</dt>
              <dd>{k.lastUsedAt ? <time dateTime={k.lastUsedAt}>{formatTime(k.lastUsedAt)}</time> : 'Never'}</dd>
              <dt>Status</dt>
              <dd>
                <RevokedOrActive revokedAt={k.revokedAt} />
              </dd>
            </dl>
            {k.revokedAt ? null : (
              <button type="button" class="secondary" onClick={() => void revoke(k.apiKeyId, k.name)}>
                Revoke<span class="visually-hidden"> {k.name}</span>
              </button>
            )}
          </>
        )}
      </PagedList>
      <ScopedCredentialForm
        idPrefix="key"
        title="Create a key"
        submitLabel="Create key"
        nameHint="What the key is for."
        create={create}
      />
    </section>
  );
}
