import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { FunctionDeclaration } from '../../../functions/wiring/declaration.js';
import { type StageName, stageConfig } from '../../../infra/config/stages.js';
import { REPO_ROOT } from '../../../infra/constructs/repo-root.js';
import { addFleetOpsStacks, type FleetOpsStacks } from '../../../infra/fleetops-app.js';

/** The context the CDK CLI passes from cdk.json, plus bundling skipped (no esbuild in unit tests). */
export function testContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };
}

export interface SynthesisedApp {
  readonly app: App;
  readonly stacks: FleetOpsStacks;
  readonly templates: {
    readonly stateful: Template;
    readonly api: Template;
    readonly web: Template;
    readonly observability: Template;
  };
}

/** Builds the app exactly as `infra/bin/app.ts` does (one call per test file: synthesis is the slow part). */
export function synthesise(
  stage: StageName = 'dev',
  options: { declarations?: readonly FunctionDeclaration[]; siteDir?: string } = {},
): SynthesisedApp {
  // CDK's built-in CloudFormation validation (a WASM engine, ~5 s) runs in `cdk synth` in CI;
  // these tests assert the properties that matter and stay fast without it.
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stacks = addFleetOpsStacks(app, stageConfig(stage), options);
  // One synthesis for all four templates (Template.fromStack would synthesise the app per stack).
  const assembly = app.synth();
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  return {
    app,
    stacks,
    templates: {
      stateful: template(stacks.stateful),
      api: template(stacks.api),
      web: template(stacks.web),
      observability: template(stacks.observability),
    },
  };
}

/** The resources of one type in a template, as [logicalId, resource] pairs. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties?: Record<string, unknown>; [key: string]: unknown }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties?: Record<string, unknown> }][];
}
