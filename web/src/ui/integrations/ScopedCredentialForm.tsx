import { useState } from 'preact/hooks';
import { API_SCOPES, type ApiScope } from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { ChoiceFieldset } from './ChoiceFieldset.js';

/**
 * The form that creates a partner credential with a name and scopes (an API key, an OAuth2
 * client): an empty name or no scope is named under its field and focused; `create` runs once
 * both are given, and the form empties when it succeeds (its caller shows the secret once) and
 * keeps what was typed when it fails.
 */
export function ScopedCredentialForm(props: {
  /** Prefix of the ids: `${idPrefix}-name`, `${idPrefix}-scopes`. */
  idPrefix: string;
  title: string;
  submitLabel: string;
  nameHint: string;
  /** Creates it; true when it was (the form then empties), false when the caller said why not. */
  create: (input: { name: string; scopes: ApiScope[] }) => Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [errors, setErrors] = useState<{ name?: string; scopes?: string }>({});
  const nameId = `${props.idPrefix}-name`;
  const scopesId = `${props.idPrefix}-scopes`;

  const submit = async (event: Event) => {
    event.preventDefault();
    const next = {
      ...(name.trim() ? {} : { name: 'Enter a name, for example Samsara relay.' }),
      ...(scopes.length ? {} : { scopes: 'Choose at least one scope.' }),
    };
    setErrors(next);
    if (next.name) return document.getElementById(nameId)?.focus();
    if (next.scopes) return document.getElementById(scopesId)?.focus();
    if (await props.create({ name: name.trim(), scopes })) {
      setName('');
      setScopes([]);
    }
  };

  return (
    <form
      class="stacked-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${props.idPrefix}-form-title`}
    >
      <h2 id={`${props.idPrefix}-form-title`}>{props.title}</h2>
      <Field id={nameId} label="Name" error={errors.name} hint={props.nameHint}>
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
      <ChoiceFieldset
        id={scopesId}
        legend="Scopes"
        prefix="scope"
        options={API_SCOPES}
        selected={scopes}
        onChange={setScopes}
        error={errors.scopes}
      />
      <div>
        <button type="submit">{props.submitLabel}</button>
      </div>
    </form>
  );
}
