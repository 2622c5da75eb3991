import { type OpenApiDocument, type OpenApiOperation, openApiDocument } from '../../api/integrations-client.js';
import { useLoad } from '../fleet/use-load.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SchemaView } from './SchemaView.js';
import './integrations.css';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Listed {
  readonly method: string;
  readonly path: string;
  readonly operation: OpenApiOperation;
}

/** The document's operations grouped by their first tag, tags and operations in document order. */
function byTag(document: OpenApiDocument): [string, Listed[]][] {
  const groups = new Map<string, Listed[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      groups.set(tag, [...(groups.get(tag) ?? []), { method: method.toUpperCase(), path, operation }]);
    }
  }
  return [...groups.entries()];
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The API reference: `GET /v1/openapi.json` rendered as text: operations grouped by tag, each with
 * method, path, summary, parameters, request body and responses as definition lists.
 */
export function ApiReferenceScreen() {
  const [loaded] = useLoad('openapi', openApiDocument);
  return (
    <section aria-labelledby="screen-title" class="panel api-reference">
      <ScreenHeading>API reference</ScreenHeading>
      <p class="hint">
        <Link href="/integrations">Integrations</Link> · Generated from the schemas the API validates with; the document
        itself is at <a href="/v1/openapi.json">/v1/openapi.json</a>.
      </p>
      {loaded.state === 'loading' ? <p class="hint">Loading the API reference…</p> : null}
      {loaded.state === 'error' ? (
        <p class="error" role="alert">
          Could not load the API reference: {loaded.message}
        </p>
      ) : null}
      {loaded.state === 'ok' ? <Reference document={loaded.data} /> : null}
    </section>
  );
}

function Reference({ document }: { document: OpenApiDocument }) {
  const groups = byTag(document);
  const components = document.components?.schemas ?? {};
  return (
    <>
      <p>
        {document.info.title} {document.info.version}. {document.info.description}
      </p>
      <nav aria-label="API areas">
        <ul class="tag-list">
          {groups.map(([tag, ops]) => (
            <li key={tag}>
              <a href={`#tag-${slug(tag)}`}>
                {tag} ({ops.length})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map(([tag, ops]) => (
        <section key={tag} aria-labelledby={`tag-${slug(tag)}`} class="api-tag">
          <h2 id={`tag-${slug(tag)}`} tabIndex={-1}>
            {tag}
          </h2>
          {ops.map(({ method, path, operation }) => (
            <details key={`${method} ${path}`} class="api-operation">
              <summary>
                <span class={`http-method method-${method.toLowerCase()}`}>{method}</span> <code>{path}</code>
                {operation.summary ? <span class="api-summary"> — {operation.summary}</span> : null}
              </summary>
              <OperationDetail operation={operation} components={components} />
            </details>
          ))}
        </section>
      ))}
    </>
  );
}

function OperationDetail({
  operation,
  components,
}: {
  operation: OpenApiOperation;
  components: Readonly<Record<string, Record<string, unknown>>>;
}) {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const auth = (operation.security ?? []).flatMap((s) => Object.keys(s));
  return (
    <div class="api-detail">
      {operation.description ? <p>{operation.description}</p> : null}
      <p>
        <strong>Authentication:</strong>{' '}
        {auth.length ? auth.map((a) => (a === 'apiKey' ? 'API key' : 'bearer token')).join(' or ') : 'none'}
      </p>
      {parameters.length ? (
        <>
          <h3>Parameters</h3>
          <dl class="schema">
            {parameters.map((p) => (
              <div key={`${p.in}-${p.name}`} class="schema-entry">
                <dt>
                  <code>{p.name}</code>{' '}
                  <span class="schema-required">
                    in {p.in}, {p.required ? 'required' : 'optional'}
                  </span>
                </dt>
                <dd>
                  {p.schema ? <SchemaView schema={p.schema} components={components} /> : null}
                  {p.description ? <span>{p.description}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {body ? (
        <>
          <h3>Request body</h3>
          <SchemaView schema={body} components={components} />
        </>
      ) : null}
      <h3>Responses</h3>
      <dl class="responses">
        {Object.entries(operation.responses ?? {}).map(([status, response]) => {
          const schema = response.content?.['application/json']?.schema;
          return (
            <div key={status} class="schema-entry">
              <dt>
                <strong>{status}</strong> {response.description}
              </dt>
              <dd>{schema ? <SchemaView schema={schema} components={components} /> : 'No body'}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
