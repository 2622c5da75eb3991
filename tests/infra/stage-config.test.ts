import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { type StageConfig, stageConfig, validateStageConfig } from '../../infra/config/stages.js';
import { addFleetOpsStacks } from '../../infra/fleetops-app.js';
import { testContext } from './support/synth.js';

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
