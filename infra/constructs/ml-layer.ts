import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AssetHashType, DockerImage, type RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildMlLayer, resolveModels } from '../../layers/ml/build-layer.js';
import { REPO_ROOT } from './repo-root.js';

/** Props of {@link MlLayer}. */
export interface MlLayerProps {
  /** Architecture of the functions that attach the layer; only that onnxruntime binary ships. @default 'arm64' */
  readonly architecture?: 'arm64' | 'x64';
  /**
   * Names of the models to ship (`ml/models/<name>.onnx` with its `<name>.json`): only what the
   * functions attaching the layer load. Validated against `ml/models`; a model that reads another
   * (clinc150 reads word-vectors) lists both.
   * @default every model in ml/models
   */
  readonly models?: readonly string[];
  /** What happens to old layer versions. @default - CloudFormation default (destroy) */
  readonly removalPolicy?: RemovalPolicy;
  /** @default the repository root */
  readonly projectRoot?: string;
}

/**
 * The `layers/ml` Lambda layer: onnxruntime-node (one Linux binary) under `nodejs/node_modules`
 * and the ONNX models under `models/` (mounted at `/opt/models`). Built on this machine by
 * `buildMlLayer` — local bundling only; the Docker image is a placeholder that is never pulled.
 *
 * The asset hash covers the builder, the models and the onnxruntime-node version, so an unchanged
 * layer is not rebuilt on every synth, and a retrained model always ships.
 */
export class MlLayer extends Construct {
  public readonly layer: LayerVersion;
  /** The model names the layer ships, sorted. */
  public readonly models: readonly string[];

  constructor(scope: Construct, id: string, props: MlLayerProps = {}) {
    super(scope, id);
    const architecture = props.architecture ?? 'arm64';
    if (architecture !== 'arm64' && architecture !== 'x64') {
      throw new Error(`MlLayer ${id}: architecture must be 'arm64' or 'x64', got ${String(architecture)}`);
    }
    const root = props.projectRoot ?? REPO_ROOT;
    const sourceDir = path.join(root, 'layers', 'ml');
    let models: readonly string[];
    try {
      models = resolveModels(path.join(root, 'ml', 'models'), props.models);
    } catch (error) {
      throw new Error(`MlLayer ${id}: ${(error as Error).message}`);
    }
    this.models = models;

    this.layer = new LayerVersion(this, 'Layer', {
      description: `onnxruntime-node (linux-${architecture}) and fleetops ONNX models: ${models.join(', ')}`.slice(
        0,
        256,
      ),
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [architecture === 'arm64' ? Architecture.ARM_64 : Architecture.X86_64],
      removalPolicy: props.removalPolicy,
      code: Code.fromAsset(sourceDir, {
        assetHashType: AssetHashType.CUSTOM,
        assetHash: mlLayerHash(root, architecture, models),
        bundling: {
          image: DockerImage.fromRegistry('none'),
          local: {
            tryBundle(outputDir: string): boolean {
              buildMlLayer(outputDir, { architecture, models });
              return true;
            },
          },
        },
      }),
    });
  }
}

/** Hash of everything that ends up in the layer; cheap enough to compute on every synth. */
function mlLayerHash(root: string, architecture: string, models: readonly string[]): string {
  const hash = createHash('sha256').update(`arch=${architecture}\nmodels=${models.join(',')}\n`);
  const modelFiles = models.flatMap((name) => [`${name}.onnx`, `${name}.json`]);
  const files = [
    path.join(root, 'layers', 'ml', 'build-layer.ts'),
    ...modelFiles.map((file) => path.join(root, 'ml', 'models', file)),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    hash.update(`${path.relative(root, file)}\n`).update(readFileSync(file));
  }
  const ortPackage = path.join(root, 'node_modules', 'onnxruntime-node', 'package.json');
  if (existsSync(ortPackage)) hash.update(JSON.parse(readFileSync(ortPackage, 'utf8')).version ?? '');
  return hash.digest('hex');
}
