import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNAL_MODULES } from '../../infra/constructs/fleet-function.js';
import { PLATFORM_LAYER_PACKAGES, PlatformLayer } from '../../infra/constructs/platform-layer.js';
import { REPO_ROOT } from '../../infra/constructs/repo-root.js';
import {
  buildPlatformLayer,
  type PackageLock,
  platformLayerClosure,
  platformLayerHash,
  readPackageLock,
} from '../../layers/platform/build-layer.js';
import { resourcesOf, synthesise, testContext } from './support/synth.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

const lock = readPackageLock(REPO_ROOT);
const lockEntries = lock.packages ?? {};

/** A stack holding one PlatformLayer; `bundle: true` really builds it into a temporary cloud assembly. */
function layerStack(bundle = false) {
  const outdir = tempDir('platform-layer-');
  const context = testContext();
  if (bundle) delete context['aws:cdk:bundling-stacks'];
  const app = new App({ outdir, context, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'PlatformLayerTest');
  const layer = PlatformLayer.of(stack);
  return { app, stack, layer, outdir };
}

describe('PlatformLayer on every function', () => {
  const dev = synthesise('dev');

  it('is one Node.js 22 arm64 layer per module stack, on every FleetFunction', () => {
    for (const stack of dev.stacks.modules) {
      const template = dev.templates.modules.get(stack.moduleName) as Template;
      template.resourcePropertiesCountIs(
        'AWS::Lambda::LayerVersion',
        {
          Description: Match.stringLikeRegexp(
            '^fleetops platform: @aws-lambda-powertools/\\* 2\\.36\\.0, aws-xray-sdk-core',
          ),
          CompatibleRuntimes: ['nodejs22.x'],
          CompatibleArchitectures: ['arm64'],
        },
        1,
      );
      const layerId = stack.getLogicalId(stack.platformLayer.layer.node.defaultChild as CfnElement);
      for (const fleetFunction of stack.functions.values()) {
        const id = stack.getLogicalId(fleetFunction.function.node.defaultChild as CfnElement);
        const [, fn] = resourcesOf(template, 'AWS::Lambda::Function').find(([logicalId]) => logicalId === id) ?? [];
        // Lambda applies layers in order; the platform and ml layers share no path, so order is free.
        expect(fn?.Properties?.Layers, fleetFunction.declaration.name).toContainEqual({ Ref: layerId });
      }
    }
  });

  it('is what the bundles leave out, besides the runtime SDK and onnxruntime', () => {
    expect(BUNDLE_EXTERNAL_MODULES).toEqual(['@aws-sdk/*', 'onnxruntime-node', ...PLATFORM_LAYER_PACKAGES]);
    // Every Powertools package the code can import is in the layer, so none is bundled twice.
    const declared = Object.keys(lockEntries['']?.dependencies ?? {}).filter((n) =>
      n.startsWith('@aws-lambda-powertools/'),
    );
    for (const name of declared) expect(PLATFORM_LAYER_PACKAGES).toContain(name);
  });
});

describe('PlatformLayer contents', () => {
  it('copies the dependency closure at the lockfile versions and layout, and it loads on its own', () => {
    // Arrange + Act: CDK runs the local bundling into the cloud assembly.
    const { app, layer, outdir } = layerStack(true);
    app.synth();
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const modules = path.join(outdir, assets[0] as string, 'nodejs', 'node_modules');
    // Assess: each package at its lockfile place and version, nested copies included.
    const locations = layer.packages.map((p) => p.location);
    expect(locations).toEqual(
      expect.arrayContaining([
        'node_modules/@aws-lambda-powertools/commons',
        'node_modules/@aws-lambda-powertools/tracer',
        'node_modules/aws-xray-sdk-core',
        'node_modules/cls-hooked',
        'node_modules/cls-hooked/node_modules/semver',
        'node_modules/semver',
      ]),
    );
    for (const pkg of layer.packages) {
      const manifest = JSON.parse(
        readFileSync(path.join(modules, pkg.location.replace(/^node_modules\//, ''), 'package.json'), 'utf8'),
      );
      expect(`${pkg.location}@${manifest.version}`).toBe(`${pkg.location}@${lockEntries[pkg.location]?.version}`);
    }
    expect(locations.some((l) => l.includes('@types/'))).toBe(false);
    expect(existsSync(path.join(modules, '@types'))).toBe(false);
    // Nothing beyond the closure (a nested node_modules of a package outside it would be).
    const top = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name],
    );
    expect(top.sort()).toEqual(
      locations
        .filter((l) => l.split('/node_modules/').length === 1)
        .map((l) => l.replace(/^node_modules\//, ''))
        .sort(),
    );
    // In a temporary directory nothing above nodejs/ has a node_modules: the imports resolve from
    // the layer alone, as ESM and CommonJS do from /opt/nodejs/node_modules in Lambda.
    const imports = [
      ...PLATFORM_LAYER_PACKAGES,
      ...['logger', 'metrics', 'tracer'].map((p) => `@aws-lambda-powertools/${p}/middleware`),
    ];
    const script = `for (const p of ${JSON.stringify(imports)}) await import(p); console.log('ok');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.dirname(modules),
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
    });
    expect(out.toString().trim()).toBe('ok');
  }, 60_000);
});

describe('PlatformLayer determinism', () => {
  const assetKey = () =>
    JSON.stringify(Template.fromStack(layerStack().stack).findResources('AWS::Lambda::LayerVersion'));

  it('gives the same asset on every synth of the same lockfile', () => {
    expect(assetKey()).toEqual(assetKey());
    expect(platformLayerHash()).toEqual(platformLayerHash());
  });

  it('changes the hash when a package of the closure changes in the lockfile, and only then', () => {
    const project = tempDir('platform-lock-');
    const write = (mutate: (packages: Record<string, Record<string, unknown>>) => void) => {
      const copy = JSON.parse(JSON.stringify(lock)) as { packages: Record<string, Record<string, unknown>> };
      mutate(copy.packages);
      writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(copy));
      return platformLayerHash({ projectRoot: project });
    };
    const unchanged = write(() => {});
    expect(unchanged).toBe(platformLayerHash());
    expect(
      write((p) => {
        (p['node_modules/shimmer'] as Record<string, unknown>).integrity = 'sha512-other';
      }),
    ).not.toBe(unchanged);
    // A package outside the closure does not rebuild the layer.
    expect(
      write((p) => {
        (p['node_modules/jose'] as Record<string, unknown>).version = '0.0.0';
      }),
    ).toBe(unchanged);
  });
});

describe('PlatformLayer validation', () => {
  const lockWith = (packages: Record<string, object>): PackageLock => ({
    lockfileVersion: 3,
    packages: { '': { dependencies: { a: '1.0.0' } }, ...packages },
  });
  const entry = (extra: object = {}) => ({ version: '1.0.0', integrity: 'sha512-x', ...extra });

  it('resolves nested copies before hoisted ones, as Node does', () => {
    const closure = platformLayerClosure(
      lockWith({
        'node_modules/a': entry({ dependencies: { b: '^2' } }),
        'node_modules/a/node_modules/b': entry({ version: '2.0.0' }),
        'node_modules/b': entry(),
      }),
      ['a'],
    );
    expect(closure.map((p) => `${p.location}@${p.version}`)).toEqual([
      'node_modules/a@1.0.0',
      'node_modules/a/node_modules/b@2.0.0',
    ]);
  });

  it('rejects a dependency missing from the lockfile, a link, an install script, an unlisted Powertools package', () => {
    expect(() =>
      platformLayerClosure(lockWith({ 'node_modules/a': entry({ dependencies: { b: '1' } }) }), ['a']),
    ).toThrow('platform layer: b (needed by a) is not in package-lock.json');
    expect(() => platformLayerClosure(lockWith({}), ['a'])).toThrow('platform layer: a is not installed');
    expect(() => platformLayerClosure(lockWith({ 'node_modules/a': { link: true } }), ['a'])).toThrow(/is a link/);
    expect(() =>
      platformLayerClosure(lockWith({ 'node_modules/a': entry({ hasInstallScript: true }) }), ['a']),
    ).toThrow(/runs an install script/);
    const withParameters = JSON.parse(JSON.stringify(lock));
    withParameters.packages[''].dependencies['@aws-lambda-powertools/parameters'] = '2.36.0';
    expect(() => platformLayerClosure(withParameters)).toThrow(
      /depends on @aws-lambda-powertools\/parameters; add it to PLATFORM_LAYER_PACKAGES/,
    );
    expect(() => platformLayerClosure(lock, [])).toThrow(/package list is empty/);
  });

  it('refuses to build from a node_modules whose version is not the lockfile one', () => {
    const project = tempDir('platform-mismatch-');
    writeFileSync(
      path.join(project, 'package-lock.json'),
      JSON.stringify(lockWith({ 'node_modules/a': entry({ version: '1.0.1' }) })),
    );
    mkdirSync(path.join(project, 'node_modules', 'a'), { recursive: true });
    writeFileSync(path.join(project, 'node_modules', 'a', 'package.json'), '{"name":"a","version":"1.0.0"}');
    expect(() => buildPlatformLayer(path.join(project, 'out'), { projectRoot: project, packages: ['a'] })).toThrow(
      'platform layer: node_modules/a is 1.0.0 but package-lock.json says 1.0.1; run npm ci',
    );
  });
});
