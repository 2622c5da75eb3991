import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMlLayer } from '../../layers/ml/build-layer.js';

const out = mkdtempSync(path.join(tmpdir(), 'ml-layer-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('buildMlLayer', () => {
  it.each(['arm64', 'x64'] as const)('ships only the linux/%s binary, onnxruntime-common and the models', (arch) => {
    const dir = path.join(out, arch);
    const { unzippedBytes } = buildMlLayer(dir, { architecture: arch });
    const bin = path.join(dir, 'nodejs/node_modules/onnxruntime-node/bin/napi-v6');
    expect(readdirSync(bin)).toEqual(['linux']);
    expect(readdirSync(path.join(bin, 'linux'))).toEqual([arch]);
    expect(existsSync(path.join(bin, 'linux', arch, 'onnxruntime_binding.node'))).toBe(true);
    expect(existsSync(path.join(dir, 'nodejs/node_modules/onnxruntime-common/package.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'models/intent.onnx'))).toBe(true);
    expect(existsSync(path.join(dir, 'models/vehicle-failure.json'))).toBe(true);
    // Lambda's limit is 250 MB unzipped for the function and all its layers together.
    expect(unzippedBytes).toBeLessThan(80 * 1024 * 1024);
    expect(unzippedBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('defaults to arm64 and replaces a previous build', () => {
    const dir = path.join(out, 'default');
    buildMlLayer(dir, { architecture: 'x64' });
    buildMlLayer(dir);
    expect(readdirSync(path.join(dir, 'nodejs/node_modules/onnxruntime-node/bin/napi-v6/linux'))).toEqual(['arm64']);
  });

  it('rejects an unknown architecture', () => {
    expect(() => buildMlLayer(path.join(out, 'bad'), { architecture: 'ia32' as 'x64' })).toThrow(/architecture/);
  });
});
