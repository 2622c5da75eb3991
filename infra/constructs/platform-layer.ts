import path from 'node:path';
import { AssetHashType, DockerImage, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  buildPlatformLayer,
  type LayerPackage,
  PLATFORM_LAYER_PACKAGES,
  platformLayerClosure,
  platformLayerHash,
  readPackageLock,
} from '../../layers/platform/build-layer.js';
import { REPO_ROOT } from './repo-root.js';

export { PLATFORM_LAYER_PACKAGES };

/** Props of {@link PlatformLayer}. */
export interface PlatformLayerProps {
  /**
   * Packages to ship, each with its whole dependency closure from package-lock.json. Function
   * bundles mark exactly {@link PLATFORM_LAYER_PACKAGES} external, so only tests pass another list.
   * @default PLATFORM_LAYER_PACKAGES
   */
  readonly packages?: readonly string[];
  /** What happens to old layer versions. @default - CloudFormation default (destroy) */
  readonly removalPolicy?: RemovalPolicy;
  /** Where package.json, package-lock.json and node_modules are. @default the repository root */
  readonly projectRoot?: string;
}

/**
 * The platform Lambda layer (docs/adr/0054): Powertools (`@aws-lambda-powertools/*`) and
 * `aws-xray-sdk-core` with their dependency closure, at exactly the versions of package-lock.json,
 * copied from node_modules at synth time into `nodejs/node_modules/…` by `buildPlatformLayer` —
 * local bundling only; the Docker image is a placeholder that is never pulled. Node.js 22, arm64
 * (the packages are plain JavaScript; the architecture is declared so Lambda refuses an x64 function).
 *
 * The asset hash is the lockfile entries of the closure and the builder, so the layer changes
 * exactly when one of its packages does. The closure is computed (and validated) at construction,
 * so a package missing from the lockfile fails the synth even when bundling is skipped.
 */
export class PlatformLayer extends Construct {
  /**
   * The stack's one platform layer, created on first use: every FleetFunction of a stack shares
   * it, and a layer in another stack would be a cross-stack export that locks both stacks.
   */
  public static of(scope: Construct, props: PlatformLayerProps = {}): PlatformLayer {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PLATFORM_LAYER_ID);
    if (existing instanceof PlatformLayer) return existing;
    return new PlatformLayer(stack, PLATFORM_LAYER_ID, props);
  }

  public readonly layer: LayerVersion;
  /** What the layer holds, sorted by lockfile location. */
  public readonly packages: readonly LayerPackage[];

  constructor(scope: Construct, id: string, props: PlatformLayerProps = {}) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? REPO_ROOT;
    const packages = props.packages ?? PLATFORM_LAYER_PACKAGES;
    const options = { projectRoot, packages };
    let assetHash: string;
    try {
      this.packages = platformLayerClosure(readPackageLock(projectRoot), packages);
      assetHash = platformLayerHash(options);
    } catch (error) {
      throw new Error(`PlatformLayer ${id}: ${(error as Error).message}`);
    }
    const versions = (prefix: string) => [
      ...new Set(this.packages.filter((p) => p.name.startsWith(prefix)).map((p) => p.version)),
    ];
    this.layer = new LayerVersion(this, 'Layer', {
      description:
        `fleetops platform: @aws-lambda-powertools/* ${versions('@aws-lambda-powertools/').join('/')}, ` +
        `aws-xray-sdk-core ${versions('aws-xray-sdk-core').join('/')}, ${this.packages.length} packages`,
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [Architecture.ARM_64],
      removalPolicy: props.removalPolicy,
      code: Code.fromAsset(path.join(projectRoot, 'layers', 'platform'), {
        assetHashType: AssetHashType.CUSTOM,
        assetHash,
        bundling: {
          image: DockerImage.fromRegistry('none'),
          local: {
            tryBundle(outputDir: string): boolean {
              buildPlatformLayer(outputDir, options);
              return true;
            },
          },
        },
      }),
    });
  }
}

const PLATFORM_LAYER_ID = 'PlatformLayer';
