import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { FleetOpsModule } from '../../../functions/platform/wiring/module.js';
import { type StageName, stageConfig } from '../../../infra/config/stages.js';
import { REPO_ROOT } from '../../../infra/constructs/repo-root.js';
import { addFleetOpsStacks, type FleetOpsStacks } from '../../../infra/fleetops-app.js';
import type { ModuleStack } from '../../../infra/stacks/module-stack.js';

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
    /** Module stack templates by module name. */
    readonly modules: ReadonlyMap<string, Template>;
    readonly web: Template;
    readonly webConfig: Template;
    readonly observability: Template;
    /** Module alarms stack templates by module name. */
    readonly moduleAlarms: ReadonlyMap<string, Template>;
  };
  /** Every stack's template by stack id, for assertions over all of them. */
  readonly all: ReadonlyMap<string, Template>;
}

/** The default app of each stage, synthesised once per worker process (see {@link synthesise}). */
const defaultApps = new Map<StageName, SynthesisedApp>();

/**
 * Builds the app exactly as `infra/bin/app.ts` does. Synthesis is the slow part (seconds per
 * call), so the app of a stage with the default options is built once per process and shared:
 * the infra test files run in one non-isolated vitest project (vitest.config.ts) and only read
 * the constructs and templates. A call with options builds a fresh app every time.
 */
export function synthesise(
  stage: StageName = 'dev',
  options: { modules?: readonly FleetOpsModule[]; siteDir?: string; projectRoot?: string } = {},
): SynthesisedApp {
  const shared = Object.values(options).every((value) => value === undefined);
  if (!shared) return synthesiseApp(stage, options);
  const cached = defaultApps.get(stage) ?? synthesiseApp(stage, options);
  defaultApps.set(stage, cached);
  return cached;
}

function synthesiseApp(
  stage: StageName,
  options: { modules?: readonly FleetOpsModule[]; siteDir?: string; projectRoot?: string },
): SynthesisedApp {
  // CDK's built-in CloudFormation validation (a WASM engine, ~5 s) runs in `cdk synth` in CI;
  // these tests assert the properties that matter and stay fast without it.
  const app = new App({ context: testContext(), builtinCloudFormationValidation: false });
  const stacks = addFleetOpsStacks(app, stageConfig(stage), options);
  // One synthesis for all templates (Template.fromStack would synthesise the app per stack).
  const assembly = app.synth();
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  const all = new Map(assembly.stacks.map((artifact) => [artifact.id, Template.fromJSON(artifact.template)]));
  return {
    app,
    stacks,
    templates: {
      stateful: template(stacks.stateful),
      api: template(stacks.api),
      modules: new Map(stacks.modules.map((stack) => [stack.moduleName, template(stack)])),
      web: template(stacks.web),
      webConfig: template(stacks.webConfig),
      observability: template(stacks.observability),
      moduleAlarms: new Map(
        stacks.moduleAlarms.map((stack, i) => [stacks.modules[i]?.moduleName as string, template(stack)]),
      ),
    },
    all,
  };
}

/** The module stack of a module, by name. */
export function moduleStack(app: SynthesisedApp, moduleName: string): ModuleStack {
  const found = app.stacks.modules.find((stack) => stack.moduleName === moduleName);
  if (!found) throw new Error(`no module stack for ${moduleName}`);
  return found;
}

/** Number of resources of each synthesised stack, by stack id. */
export function resourceCounts(app: SynthesisedApp): Map<string, number> {
  return new Map(
    [...app.all].map(([id, template]) => [id, Object.keys(template.toJSON().Resources ?? {}).length] as const),
  );
}

/** The resources of one type in a template, as [logicalId, resource] pairs. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties?: Record<string, unknown>; [key: string]: unknown }][] {
  return Object.entries(template.findResources(type)) as [string, { Properties?: Record<string, unknown> }][];
}
