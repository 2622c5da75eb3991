import { useState } from 'preact/hooks';
import {
  listPartners,
  type PartnerKind,
  registerPartner,
  rotatePartnerSecret,
  SCHEMES_BY_KIND,
  type SchemeName,
} from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { PagedList } from './PagedList.js';
import { SecretOnce } from './SecretOnce.js';
import { confirmed } from './use-confirm.js';
import { usePaged } from './use-paged.js';
import '../fleet/fleet.css';
import './integrations.css';

const KIND_LABELS: Readonly<Record<PartnerKind, string>> = {
  telematics: 'Telematics',
  fuel_card: 'Fuel card',
  billing: 'Billing',
  helpdesk: 'Helpdesk',
};

const SCHEME_LABELS: Readonly<Record<SchemeName, string>> = {
  'standard-webhooks': 'Standard Webhooks',
  samsara: 'Samsara',
  motive: 'Motive',
  stripe: 'Stripe',
  zendesk: 'Zendesk',
};

/**
 * Inbound partners (admin): the list, a form to register one, and a secret rotation per partner;
 * a new secret is shown once.
 */
export function PartnersScreen() {
  const { list, reload, loadMore } = usePaged('partners', listPartners);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind>('telematics');
  const [scheme, setScheme] = useState<SchemeName>('standard-webhooks');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<{ title: string; value: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Enter a name, for example Samsara EU fleet.');
      document.getElementById('partner-name')?.focus();
      return;
    }
    setNameError(undefined);
    setBusy(true);
    try {
      const created = await registerPartner({ name: name.trim(), kind, scheme });
      setProblem(undefined);
      setName('');
      setSecret({ title: `Signing secret of ${created.name}`, value: created.secret });
      reload();
    } catch (error) {
      setProblem(`Could not register the partner: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const rotate = async (partnerId: string, partnerName: string) => {
    if (!confirmed(`Rotate the secret of ${partnerName}? The current one keeps verifying for 24 hours.`)) return;
    try {
      const rotated = await rotatePartnerSecret(partnerId);
      setProblem(undefined);
      setSecret({ title: `New signing secret of ${partnerName}`, value: rotated.secret });
      reload();
    } catch (error) {
      setProblem(`Could not rotate the secret: ${(error as Error).message}`);
    }
  };

  const schemes = SCHEMES_BY_KIND[kind] as readonly SchemeName[];
  return (
    <section aria-labelledby="screen-title" class="panel">
      <ScreenHeading>Partners</ScreenHeading>
      <p class="hint">
        <Link href="/integrations">Integrations</Link> · Vendors that send fleetops signed webhooks at{' '}
        <code>/v1/webhooks/inbound/&#123;partnerId&#125;</code>.
      </p>
      {secret ? (
        <SecretOnce
          id="partner-secret"
          title={secret.title}
          label="Signing secret"
          value={secret.value}
          onDone={() => setSecret(undefined)}
        />
      ) : null}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <h2>Registered partners</h2>
      <PagedList label="Partners" list={list} loadMore={loadMore} empty="No partners yet." keyOf={(p) => p.partnerId}>
        {(p) => (
          <>
            <h3>{p.name}</h3>
            <dl class="facts">
              <dt>Kind</dt>
              <dd>{KIND_LABELS[p.kind] ?? p.kind}</dd>
              <dt>Scheme</dt>
              <dd>{SCHEME_LABELS[p.scheme] ?? p.scheme}</dd>
              <dt>Partner id</dt>
              <dd>
                <code>{p.partnerId}</code>
              </dd>
              <dt>Secret issued</dt>
              <dd>
                <time dateTime={p.secretCreatedAt}>{formatTime(p.secretCreatedAt)}</time>
                {p.previousSecretRetiresAt ? (
                  <>
                    {' '}
                    (the previous one verifies until{' '}
                    <time dateTime={p.previousSecretRetiresAt}>{formatTime(p.previousSecretRetiresAt)}</time>)
                  </>
                ) : null}
              </dd>
            </dl>
            <button type="button" class="secondary" onClick={() => void rotate(p.partnerId, p.name)}>
              Rotate secret<span class="visually-hidden"> of {p.name}</span>
            </button>
          </>
        )}
      </PagedList>
      <form class="stacked-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="partner-form-title">
        <h2 id="partner-form-title">Register a partner</h2>
        <Field id="partner-name" label="Name" error={nameError} hint="What you call this integration.">
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
        <label for="partner-kind">Kind</label>
        <select
          id="partner-kind"
          value={kind}
          onChange={(e) => {
            const next = (e.target as HTMLSelectElement).value as PartnerKind;
            setKind(next);
            setScheme(SCHEMES_BY_KIND[next][0]);
          }}
        >
          {(Object.keys(KIND_LABELS) as PartnerKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <label for="partner-scheme">Signature scheme</label>
        <select
          id="partner-scheme"
          value={scheme}
          onChange={(e) => setScheme((e.target as HTMLSelectElement).value as SchemeName)}
        >
          {schemes.map((s) => (
            <option key={s} value={s}>
              {SCHEME_LABELS[s]}
            </option>
          ))}
        </select>
        <div>
          <button type="submit" disabled={busy}>
            Register partner
          </button>
        </div>
      </form>
    </section>
  );
}
