import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CORS_POLICY } from '../../functions/platform/http/cors.js';
import { type StageConfig, stageConfig, validateStageConfig } from '../../infra/config/stages.js';
import { addFleetOpsStacks } from '../../infra/fleetops-app.js';
import { synthesise, testContext } from './support/synth.js';

/** Synthesis of a modified config: validation runs first, so a rejected config throws before any stack exists. */
function synthWith(config: StageConfig): () => void {
  return () => {
    const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
    addFleetOpsStacks(app, config);
  };
}

describe('stage config: alarm e-mails', () => {
  it('accepts the committed dev and prod configs', () => {
    expect(() => validateStageConfig(stageConfig('dev'))).not.toThrow();
    expect(() => validateStageConfig(stageConfig('prod'))).not.toThrow();
  });

  it('subscribes someone in prod; dev opts out explicitly', () => {
    expect(stageConfig('prod').alarmEmails.length).toBeGreaterThan(0);
    expect(stageConfig('dev').allowNoAlarmEmails).toBe(true);
  });

  it('fails the synth of a stage without alarm e-mails unless it opts out', () => {
    const dev = stageConfig('dev');
    expect(synthWith({ ...dev, allowNoAlarmEmails: false })).toThrow(/alarmEmails is empty.*notify no one/);
    expect(synthWith({ ...stageConfig('prod'), alarmEmails: [] })).toThrow(/stage 'prod': alarmEmails is empty/);
  });

  it('refuses the opt-out in prod', () => {
    expect(synthWith({ ...stageConfig('prod'), allowNoAlarmEmails: true })).toThrow(
      /allowNoAlarmEmails is for dev only/,
    );
  });

  it('rejects malformed and duplicate addresses', () => {
    const prod = stageConfig('prod');
    for (const bad of ['ops', 'ops@', 'Ops <ops@x.example>', 'ops@x', 'a b@x.example']) {
      expect(() => validateStageConfig({ ...prod, alarmEmails: [bad] })).toThrow(/not a plain e-mail address/);
    }
    expect(() => validateStageConfig({ ...prod, alarmEmails: ['ops@x.example', 'OPS@x.example'] })).toThrow(/twice/);
  });
});

describe('stage config: CORS origins', () => {
  it('lists explicit https origins in prod', () => {
    const origins = stageConfig('prod').corsAllowOrigins;
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins) expect(origin).toMatch(/^https:\/\/[^*/]+$/);
  });

  it("fails the prod synth on '*'", () => {
    const prod = stageConfig('prod');
    expect(synthWith({ ...prod, corsAllowOrigins: ['*'] })).toThrow(/stage 'prod': corsAllowOrigins .*not '\*'/);
    expect(synthWith({ ...prod, corsAllowOrigins: ['https://app.fleetops.example', '*'] })).toThrow(/not '\*'/);
  });

  it('requires the custom domain of the PWA among the prod origins', () => {
    const prod: StageConfig = {
      ...stageConfig('prod'),
      webDomain: {
        domainName: 'fleet.acme.example',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    };
    expect(() => validateStageConfig(prod)).toThrow(
      /must include the PWA's custom domain https:\/\/fleet\.acme\.example/,
    );
    expect(() => validateStageConfig({ ...prod, corsAllowOrigins: ['https://fleet.acme.example'] })).not.toThrow();
  });

  it('rejects origins that are not https://host[:port]', () => {
    const prod = stageConfig('prod');
    for (const bad of ['http://app.x.example', 'https://app.x.example/', 'https://*.x.example', 'app.x.example']) {
      expect(() => validateStageConfig({ ...prod, corsAllowOrigins: [bad] })).toThrow(/not an https:\/\/host/);
    }
  });

  it('gives the prod HTTP API exactly the configured origins', () => {
    const api = synthesise('prod').templates.api;
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [...stageConfig('prod').corsAllowOrigins] }),
    });
  });

  it('exposes and allows the headers of the one CORS policy the local gateway also uses', () => {
    const api = synthesise('prod').templates.api;
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        ExposeHeaders: [...CORS_POLICY.exposeHeaders],
        AllowHeaders: [...CORS_POLICY.allowHeaders],
        MaxAge: CORS_POLICY.maxAgeSeconds,
      }),
    });
    expect(CORS_POLICY.exposeHeaders).toContain('idempotent-replayed');
  });

  it("keeps '*' for dev, where pages are served from anywhere", () => {
    expect(stageConfig('dev').corsAllowOrigins).toEqual(['*']);
  });
});
