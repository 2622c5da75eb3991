import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MODULES } from '../functions/modules/registry.js';
import type { FleetOpsModule } from '../functions/platform/wiring/module.js';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../web/src/auth/oauth-settings.js';
import { type StageConfig, validateStageConfig } from './config/stages.js';
import { pascalCase } from './constructs/naming.js';
import { ApiStack } from './stacks/api-stack.js';
import { MODULE_ALARMS_SUFFIX, ModuleAlarmsStack } from './stacks/module-alarms-stack.js';
import { httpAuthorizerUse, ModuleStack, validateModules } from './stacks/module-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { WebConfigStack } from './stacks/web-config-stack.js';
import { WebStack } from './stacks/web-stack.js';

/** Options of {@link addFleetOpsStacks}. */
export interface FleetOpsAppOptions {
  /** The modules to build, one stack each. @default MODULES, the registry */
  readonly modules?: readonly FleetOpsModule[];
  /** Where entries and the PWA are read from. @default the repository root */
  readonly projectRoot?: string;
  /** The built PWA directory. @default `web/dist` */
  readonly siteDir?: string;
}

/** The stacks of one stage. */
export interface FleetOpsStacks {
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  /** One stack per module that declares functions, in registry order. */
  readonly modules: readonly ModuleStack[];
  /** The PWA's bucket, CloudFront and built app; first, so the user pool can name its domain. */
  readonly web: WebStack;
  /** The PWA's config.json, last: it names the API and the user pool. */
  readonly webConfig: WebConfigStack;
  /** The dashboard and the stage-wide alarms (API, alert storm). */
  readonly observability: ObservabilityStack;
  /** One alarms stack per module stack, in the same order: its functions' and DLQs' alarms (ADR 0112). */
  readonly moduleAlarms: readonly ModuleAlarmsStack[];
}

/**
 * Adds one stage of fleetops to `app`: web (bucket, CloudFront, the built app) → stateful → API →
 * one stack per module → the PWA's config.json, observability and one alarms stack per module (ADR 0010, 0052, 0090, 0112), after `validateStageConfig` (which throws on a broken config), tagged,
 * with cdk-nag's AWS Solutions checks on every stack (cdk-nag 3 is a CDK policy-validation plugin:
 * any unacknowledged finding, error or warning, fails the synth).
 * `infra/bin/app.ts` and the infra tests both build the app through this one function.
 */
export function addFleetOpsStacks(app: App, config: StageConfig, options: FleetOpsAppOptions = {}): FleetOpsStacks {
  validateStageConfig(config);
  const prefix = `FleetOps${pascalCase(config.stage)}`;
  const common = {
    env: config.env,
    terminationProtection: config.stage === 'prod',
  };
  const web = new WebStack(app, `${prefix}Web`, {
    ...common,
    stackName: `fleetops-${config.stage}-web`,
    description: `fleetops ${config.stage}: the PWA on S3 and CloudFront`,
    config,
    siteDir: options.siteDir,
  });
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    ...common,
    stackName: `fleetops-${config.stage}-stateful`,
    description: `fleetops ${config.stage}: tables, keys, bus, topics, search, users`,
    config,
    webOrigins: web.origins,
  });
  const api = new ApiStack(app, `${prefix}Api`, {
    ...common,
    stackName: `fleetops-${config.stage}-api`,
    description: `fleetops ${config.stage}: HTTP and WebSocket APIs, their stages and authorizer`,
    config,
    stateful,
  });
  const modules = options.modules ?? MODULES;
  validateModules(modules);
  // A module with tables but no function (yet) needs no stack: its tables live in the stateful one.
  const moduleStacks = modules
    .filter((module) => module.functions.length > 0)
    .map(
      (module) =>
        new ModuleStack(app, `${prefix}${pascalCase(module.name)}`, {
          ...common,
          stackName: `fleetops-${config.stage}-${module.name}`,
          description: `fleetops ${config.stage}: the ${module.name} module's functions, routes, rules and streams`,
          config,
          stateful,
          api,
          module,
          projectRoot: options.projectRoot,
        }),
    );
  // Scoped routes use the Lambda authorizer the owning module's stack creates and publishes (ADR 0108).
  const stackModules = modules.filter((module) => module.functions.length > 0);
  const owner = moduleStacks.find((_, i) => httpAuthorizerUse(stackModules[i] as FleetOpsModule).owns);
  moduleStacks.forEach((stack, i) => {
    if (owner && stack !== owner && httpAuthorizerUse(stackModules[i] as FleetOpsModule).needs)
      stack.addDependency(owner);
  });
  const mainOrigin = web.origins[0] as string;
  const webConfig = new WebConfigStack(app, `${prefix}WebConfig`, {
    ...common,
    stackName: `fleetops-${config.stage}-web-config`,
    description: `fleetops ${config.stage}: the PWA's config.json (API URLs, user pool, sign-in)`,
    config,
    web,
    runtimeConfig: {
      httpApiUrl: api.httpApi.apiEndpoint,
      webSocketUrl: api.webSocketStage.url,
      userPoolId: stateful.identity.userPool.userPoolId,
      userPoolClientId: stateful.identity.webClient.userPoolClientId,
      userPoolDomain: stateful.identity.domainUrl,
      redirectUri: `${mainOrigin}${CALLBACK_PATH}`,
      logoutUri: `${mainOrigin}${SIGNED_OUT_PATH}`,
    },
  });
  const observability = new ObservabilityStack(app, `${prefix}Observability`, {
    ...common,
    stackName: `fleetops-${config.stage}-observability`,
    description: `fleetops ${config.stage}: dashboard and alarms`,
    config,
    api,
    modules: moduleStacks,
    opsTopic: stateful.opsTopic,
  });
  const moduleAlarms = moduleStacks.map(
    (stack) =>
      new ModuleAlarmsStack(app, `${stack.node.id}Alarms`, {
        ...common,
        stackName: `${stack.stackName}${MODULE_ALARMS_SUFFIX}`,
        description: `fleetops ${config.stage}: alarms of the ${stack.moduleName} module's functions and DLQs`,
        config,
        module: stack,
        opsTopic: stateful.opsTopic,
      }),
  );

  Tags.of(app).add('project', 'fleetops');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, api, modules: moduleStacks, web, webConfig, observability, moduleAlarms };
}
