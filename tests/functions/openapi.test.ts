import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../functions/modules/integrations/domain/api-key.js';
import { createOpenApiHandler } from '../../functions/modules/integrations/handlers/openapi.handler.js';
import { inputSchema, openApiDocument } from '../../functions/modules/integrations/openapi/document.js';
import { API_OPERATIONS } from '../../functions/modules/integrations/openapi/operations.js';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import { oauthTokenEndpoint, tokenEndpointOf } from '../../functions/platform/auth/token-endpoint.js';
import type { HttpTrigger, StreamingHttpTrigger } from '../../functions/platform/wiring/declaration.js';
import { ENV } from '../../functions/platform/wiring/environment.js';
import { FixedClock, testBasics } from '../support/fakes.js';

type Operation = {
  security: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown>; example?: unknown } } };
  responses: Record<string, unknown>;
};

const now = new Date();
const TOKEN_URL = 'https://fleetops-test.auth.eu-west-1.amazoncognito.com/oauth2/token';
const document = openApiDocument(API_OPERATIONS, { version: 'test', tokenUrl: TOKEN_URL, now }) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const declared = FUNCTIONS.flatMap((f) =>
  f.triggers.filter((t): t is HttpTrigger | StreamingHttpTrigger => t.kind === 'http' || t.kind === 'streamingHttp'),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

/** GET /v1/openapi.json (issue #11, docs/adr/0107): generated from the handlers' zod schemas. */
describe('OpenAPI document', () => {
  it('documents every declared HTTP route, and nothing that is not declared', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = declared.map((t) => `${t.method} ${t.path}`);

    expect(document.openapi).toBe('3.1.0');
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('asks for a bearer token exactly on the routes behind the authorizer, and names every path parameter', () => {
    for (const trigger of declared) {
      const operation = document.paths[trigger.path]?.[trigger.method.toLowerCase()] as Operation;
      const isPublic = trigger.kind === 'http' && trigger.public === true;
      expect(operation.security, `${trigger.method} ${trigger.path}`).toEqual(
        isPublic ? [] : [{ bearerAuth: [] }, { apiKey: [] }, { partnerOAuth: [] }],
      );
      const names = [...trigger.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParams, `${trigger.method} ${trigger.path}`).toEqual(names);
    }
  });

  it('documents the rate limit on every route with a caller: 429 with Retry-After, the fields on its answers (ADR 0114)', () => {
    const withCaller = declared.filter((t) => t.kind === 'http' && !t.public);
    expect(withCaller.length).toBeGreaterThan(20);
    for (const trigger of withCaller) {
      const responses = document.paths[trigger.path]?.[trigger.method.toLowerCase()]?.responses as Record<
        string,
        { headers?: Record<string, unknown> }
      >;
      const success = Object.entries(responses).find(([status]) => status.startsWith('2'))?.[1];
      expect(Object.keys(responses[429]?.headers ?? {}), `${trigger.method} ${trigger.path}`).toEqual(
        expect.arrayContaining(['Retry-After', 'RateLimit-Policy', 'RateLimit']),
      );
      expect(Object.keys(success?.headers ?? {}), `${trigger.method} ${trigger.path}`).toEqual(
        expect.arrayContaining(['RateLimit-Policy', 'RateLimit']),
      );
    }
  });

  it('has an example for every request body that validates against its JSON Schema and its zod schema', () => {
    const withBody = API_OPERATIONS.filter((operation) => operation.body);
    expect(withBody.length).toBeGreaterThan(10);
    for (const operation of withBody) {
      const where = `${operation.method} ${operation.path}`;
      const content =
        document.paths[operation.path]?.[operation.method.toLowerCase()]?.requestBody?.content['application/json'];
      expect(content?.example, where).toBeDefined();
      const validate = ajv.compile(content?.schema ?? {});
      expect(validate(content?.example) ? [] : validate.errors, where).toEqual([]);
      const parsed = operation.body?.safeParse(content?.example);
      expect(parsed?.success ? [] : parsed?.error.issues, where).toEqual([]);
    }
  });

  it('describes partner OAuth2 as a client credentials flow with exactly the partner scopes', () => {
    const schemes = (document as unknown as { components: { securitySchemes: Record<string, unknown> } }).components
      .securitySchemes;

    expect(schemes.partnerOAuth).toMatchObject({
      type: 'oauth2',
      flows: {
        clientCredentials: {
          tokenUrl: TOKEN_URL,
          scopes: Object.fromEntries(API_SCOPES.map((scope) => [`fleetops/${scope}`, expect.any(String)])),
        },
      },
    });
    expect(
      Object.keys(
        (schemes.partnerOAuth as { flows: { clientCredentials: { scopes: object } } }).flows.clientCredentials.scopes,
      ),
    ).toHaveLength(API_SCOPES.length);
  });

  it('refuses through the generated JSON Schema what the handler refuses (the check can fail)', () => {
    const telemetry = inputSchema(API_OPERATIONS.find((o) => o.path === '/v1/telemetry')?.body as never);
    const partner = inputSchema(
      API_OPERATIONS.find((o) => o.path === '/v1/partners' && o.method === 'POST')?.body as never,
    );
    const check = (schema: Record<string, unknown>, value: unknown) => ajv.compile(schema)(value);

    expect(check(telemetry, { readings: [] })).toBe(false);
    expect(check(telemetry, { readings: [{ vehicleId: 'TRK-1', ts: now.toISOString(), engineTemp: 900 }] })).toBe(
      false,
    );
    expect(check(telemetry, { readings: [{ vehicleId: 'TRK-1', ts: 'yesterday' }] })).toBe(false);
    expect(check(partner, { name: 'x', kind: 'crm', scheme: 'stripe' })).toBe(false);
    expect(check(partner, { name: 'x', kind: 'billing', scheme: 'stripe', extra: 1 })).toBe(false);
  });

  it('is served at GET /v1/openapi.json without a token, naming the host it was asked on', async () => {
    const handler = createOpenApiHandler({
      ...testBasics(new FixedClock(now)),
      tokenEndpoint: oauthTokenEndpoint.fromEnvironment({
        env: { [ENV.oauthTokenUrl]: TOKEN_URL },
        basics: testBasics(new FixedClock(now)),
      }),
    });
    const response = await handler(
      {
        version: '2.0',
        routeKey: 'GET /v1/openapi.json',
        rawPath: '/v1/openapi.json',
        rawQueryString: '',
        headers: { host: 'api.fleetops.example' },
        requestContext: { http: { method: 'GET', path: '/v1/openapi.json' }, domainName: 'api.fleetops.example' },
        isBase64Encoded: false,
      } as never,
      {} as never,
    );

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(String(response.body)) as {
      servers: unknown;
      paths: Record<string, unknown>;
      components: { securitySchemes: { partnerOAuth: { flows: { clientCredentials: { tokenUrl: string } } } } };
    };
    expect(body.servers).toEqual([{ url: 'https://api.fleetops.example' }]);
    expect(body.components.securitySchemes.partnerOAuth.flows.clientCredentials.tokenUrl).toBe(TOKEN_URL);
    expect(Object.keys(body.paths)).toContain('/v1/telemetry');
  });

  it('names the token endpoint by an absolute URL, and a function bound to a relative one fails at cold start (ADR 0122)', () => {
    const basics = testBasics(new FixedClock(now));
    const bind = (url: string | undefined) =>
      oauthTokenEndpoint.fromEnvironment({ env: url === undefined ? {} : { [ENV.oauthTokenUrl]: url }, basics });

    expect(new URL(TOKEN_URL).href).toBe(TOKEN_URL);
    expect(bind('http://127.0.0.1:3000/oauth2/token').tokenUrl).toBe('http://127.0.0.1:3000/oauth2/token');
    expect(() => bind('/oauth2/token')).toThrow(/must be absolute/);
    expect(() => bind('ftp://idp.example/oauth2/token')).toThrow(/must be http/);
    expect(() => bind(undefined)).toThrow(/OAUTH_TOKEN_URL/);
    expect(tokenEndpointOf('https://idp.example/oauth2/token')).toEqual({
      tokenUrl: 'https://idp.example/oauth2/token',
    });
  });
});
