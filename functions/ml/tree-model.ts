import { type ModelStore, runFloatModel } from './model-store.js';

/** Metadata common to the tree-ensemble models (written by ml/train_tabular.py). */
export interface TreeModelMetadata {
  featureOrder: string[];
  threshold: number;
}

/** Scores rows of features with a tree-ensemble model that outputs one number per row. */
export async function scoreRows<M extends TreeModelMetadata>(
  store: ModelStore,
  name: string,
  rows: readonly number[][],
): Promise<{ scores: Float32Array; metadata: M }> {
  const { session, metadata } = await store.load<M>(name);
  const width = metadata.featureOrder.length;
  if (rows.length === 0) return { scores: new Float32Array(0), metadata };
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`${name}: expected ${width} features, got ${row.length}`);
    data.set(row, r * width);
  });
  return { scores: await runFloatModel(session, data, rows.length, width), metadata };
}
