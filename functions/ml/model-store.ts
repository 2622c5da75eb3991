import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * Where the models live: `MODELS_DIR` when set; `/opt/models` inside Lambda, where the ML layer
 * mounts them; otherwise the committed `ml/models` of this repository.
 */
export function resolveModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODELS_DIR) return env.MODELS_DIR;
  if (env.AWS_LAMBDA_FUNCTION_NAME) return '/opt/models';
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ml/models');
}

let ortModule: Promise<typeof import('onnxruntime-node')> | undefined;

/** onnxruntime-node, imported on first use (not at module load) and kept for the container's life. */
function runtime(): Promise<typeof import('onnxruntime-node')> {
  ortModule ??= import('onnxruntime-node');
  return ortModule;
}

/** A loaded model: its onnxruntime session and the metadata JSON written beside it by training. */
export interface LoadedModel<M> {
  session: InferenceSession;
  metadata: M;
}

/**
 * Loads `<name>.onnx` and `<name>.json` once and hands the same promise to every caller, so a
 * container pays for the runtime and each session once (on first use, not at import: cold starts of
 * handlers that never classify stay cheap).
 */
export class ModelStore {
  private readonly cache = new Map<string, Promise<LoadedModel<unknown>>>();

  constructor(readonly modelsDir: string = resolveModelsDir()) {}

  load<M>(name: string): Promise<LoadedModel<M>> {
    let entry = this.cache.get(name);
    if (!entry) {
      entry = this.open(name);
      // A failed load (missing file) must not poison the cache for ever.
      entry.catch(() => this.cache.delete(name));
      this.cache.set(name, entry);
    }
    return entry as Promise<LoadedModel<M>>;
  }

  private async open(name: string): Promise<LoadedModel<unknown>> {
    const ort = await runtime();
    const [metadataText, session] = await Promise.all([
      readFile(path.join(this.modelsDir, `${name}.json`), 'utf8'),
      ort.InferenceSession.create(path.join(this.modelsDir, `${name}.onnx`), {
        // Lambda gives one or two vCPUs; extra threads only add contention for tiny models.
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        // Let constant folding dequantise int8 weights once at load. By default onnxruntime keeps
        // DequantizeLinear in the graph for QDQ fusion and re-dequantises every run: 6.5 ms per
        // CLINC150 query instead of 0.35 ms, for 25 MB less memory (bench/ml.bench.ts).
        extra: { session: { disable_quant_qdq: '1' } },
      }),
    ]);
    return { session, metadata: JSON.parse(metadataText) as unknown };
  }
}

let shared: ModelStore | undefined;

/** The per-container store, created on first use. */
export function sharedModelStore(): ModelStore {
  shared ??= new ModelStore();
  return shared;
}

/** Runs a single-input, single-output model whose output is float32: `float32` features or `int64` ids. */
export async function runModel(
  session: InferenceSession,
  input:
    | { type: 'float32'; data: Float32Array; dims: number[] }
    | { type: 'int64'; data: BigInt64Array; dims: number[] },
): Promise<Float32Array> {
  const ort = await runtime();
  const tensor = new ort.Tensor(input.type, input.data, input.dims);
  const inputName = session.inputNames[0] as string;
  const outputName = session.outputNames[0] as string;
  const result = await session.run({ [inputName]: tensor });
  const output = result[outputName];
  if (!output) throw new Error(`model returned no ${outputName}`);
  return output.data as Float32Array;
}

/** Runs a single-input, single-output model on a float32 batch `[rows, width]`. */
export function runFloatModel(
  session: InferenceSession,
  data: Float32Array,
  rows: number,
  width: number,
): Promise<Float32Array> {
  return runModel(session, { type: 'float32', data, dims: [rows, width] });
}
