import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { MlLayer, type MlLayerProps } from '../../infra/constructs/ml-layer.js';
import { REPO_ROOT } from '../../infra/constructs/repo-root.js';
import { availableModels } from '../../layers/ml/build-layer.js';
import { testContext } from './support/synth.js';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** A stack holding one MlLayer; `bundle: true` really builds the layer into a temporary cloud assembly. */
function layerStack(props: MlLayerProps, bundle = false) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'ml-layer-'));
  outdirs.push(outdir);
  const context = testContext();
  if (bundle) delete context['aws:cdk:bundling-stacks'];
  const app = new App({ outdir, context, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'MlLayerTest');
  const layer = new MlLayer(stack, 'Ml', props);
  return { app, stack, layer, outdir };
}

describe('MlLayer models', () => {
  it('ships every model of ml/models by default', () => {
    const { layer } = layerStack({});
    expect(layer.models).toEqual(availableModels(path.join(REPO_ROOT, 'ml', 'models')));
    expect(layer.models).toContain('vehicle-failure');
    expect(layer.models.length).toBeGreaterThan(1);
  });

  it("builds a layer with ['vehicle-failure'] holding only that model and its metadata", () => {
    const { stack, layer, outdir } = layerStack({ models: ['vehicle-failure'] }, true);
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::LayerVersion',
      { Description: Match.stringLikeRegexp('models: vehicle-failure$'), CompatibleArchitectures: ['arm64'] },
      1,
    );
    expect(layer.models).toEqual(['vehicle-failure']);
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const layerDir = path.join(outdir, assets[0] ?? '');
    expect(readdirSync(path.join(layerDir, 'models')).sort()).toEqual(['vehicle-failure.json', 'vehicle-failure.onnx']);
    expect(readdirSync(path.join(layerDir, 'nodejs', 'node_modules')).sort()).toEqual([
      'onnxruntime-common',
      'onnxruntime-node',
    ]);
  });

  it('gives a different asset (and layer version) for a different model list', () => {
    const key = (props: MlLayerProps) =>
      JSON.stringify(Template.fromStack(layerStack(props).stack).findResources('AWS::Lambda::LayerVersion'));
    expect(key({ models: ['vehicle-failure'] })).not.toEqual(key({}));
  });

  it('rejects unknown, duplicate and empty model lists, naming what ml/models has', () => {
    expect(() => layerStack({ models: ['vehicle-falure'] })).toThrow(
      /MlLayer Ml: unknown model\(s\) vehicle-falure; ml\/models has .*vehicle-failure/,
    );
    expect(() => layerStack({ models: ['vehicle-failure', 'vehicle-failure'] })).toThrow(/twice/);
    expect(() => layerStack({ models: [] })).toThrow(/models is empty/);
  });
});
