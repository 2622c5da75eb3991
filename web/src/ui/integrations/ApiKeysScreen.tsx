import { useState } from 'preact/hooks';
import { API_SCOPES, type ApiScope, createApiKey, listApiKeys, revokeApiKey } from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { useLoad } from '../fleet/use-load.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SecretOnce } from './SecretOnce.js';
import { confirmed } from './use-confirm.js';
import '../fleet/fleet.css';
import './integrations.css';

/** API keys of the partner API (admin): create with scopes (the key is shown once), list, revoke. */
export function ApiKeysScreen() {
  const [loaded, reload] = useLoad('api-keys', listApiKeys);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [created, setCreated] = useState<{ name: string; key: string } | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next = {
      ...(name.trim() ? {} : { name: 'Enter a name, for example Samsara relay.' }),
      ...(scopes.length ? {} : { scopes: 'Choose at least one scope.' }),
    };
    setErrors(next);
    if (next.name) return document.getElementById('key-name')?.focus();
    if (next.scopes) return document.getElementById('key-scopes')?.focus();
    try {
      const answer = await createApiKey({ name: name.trim(), scopes });
      setProblem(undefined);
      setName('');
      setScopes([]);
      setCreated({ name: answer.name, key: answer.key });
      reload();
    } catch (error) {
      setProblem(`Could not create the key: ${(error as Error).message}`);
    }
  };

  const revoke = async (apiKeyId: string, keyName: string) => {
    if (!confirmed(`Revoke the key ${keyName}? Anything using it stops working at once.`)) return;
    try {
      await revokeApiKey(apiKeyId);
      setProblem(undefined);
      reload();
    } catch (error) {
      setProblem(`Could not revoke the key: ${(error as Error).message}`);
    }
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
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <h2>Keys</h2>
      {loaded.state === 'loading' ? <p class="hint">Loading keys…</p> : null}
      {loaded.state === 'error' ? (
        <p class="error" role="alert">
          Could not load the keys: {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ok' && loaded.data.items.length === 0 ? <p>No API keys yet.</p> : null}
      {loaded.state === 'ok' && loaded.data.items.length > 0 ? (
        <ul class="plain-list record-list" aria-label="API keys">
          {loaded.data.items.map((k) => (
            <li key={k.apiKeyId} class={`record${k.revokedAt ? ' record-off' : ''}`}>
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
                  {k.revokedAt ? (
                    <strong>
                      ⊘ Revoked <time dateTime={k.revokedAt}>{formatTime(k.revokedAt)}</time>
                    </strong>
                  ) : (
                    '● Active'
                  )}
                </dd>
              </dl>
              {k.revokedAt ? null : (
                <button type="button" class="secondary" onClick={() => void revoke(k.apiKeyId, k.name)}>
                  Revoke<span class="visually-hidden"> {k.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <form class="stacked-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="key-form-title">
        <h2 id="key-form-title">Create a key</h2>
        <Field id="key-name" label="Name" error={errors.name} hint="What the key is for.">
          {(aria) => (
            <input
              {...aria}
              type="text"
              maxLength={100}
              autoComplete="off"
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <fieldset
          id="key-scopes"
          class="choice"
          tabIndex={-1}
          {...(errors.scopes ? { 'aria-invalid': 'true', 'aria-describedby': 'key-scopes-error' } : {})}
        >
          <legend>Scopes</legend>
          {errors.scopes ? (
            <p id="key-scopes-error" class="field-error">
              {errors.scopes}
            </p>
          ) : null}
          {API_SCOPES.map((scope) => (
            <label key={scope} class="choice-option">
              <input
                id={`scope-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes(
                    (e.target as HTMLInputElement).checked ? [...scopes, scope] : scopes.filter((s) => s !== scope),
                  )
                }
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit">Create key</button>
        </div>
      </form>
    </section>
  );
}
