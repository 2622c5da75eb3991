/**
 * `npm run --silent nlu`: reads `{"text"}` JSON lines on stdin, writes one
 * `{"text","intent","confidence","sentiment","entities"}` line per input (PRODUCT.md, Contracts → NLU).
 * An optional `"fleet": [...]` on an input line resolves vehicle spellings against those ids.
 */
import { createInterface } from 'node:readline';
import { OnnxLanguageUnderstanding } from '../functions/ml/onnx-language-understanding.js';

async function main(): Promise<void> {
  const nlu = new OnnxLanguageUnderstanding();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let input: { text?: unknown; fleet?: unknown };
    try {
      input = JSON.parse(line) as { text?: unknown; fleet?: unknown };
    } catch {
      process.stderr.write(`nlu: skipping a line that is not JSON: ${line.slice(0, 80)}\n`);
      continue;
    }
    if (typeof input.text !== 'string') {
      process.stderr.write('nlu: skipping a line without a "text" string\n');
      continue;
    }
    const fleet = Array.isArray(input.fleet)
      ? input.fleet.filter((v): v is string => typeof v === 'string')
      : undefined;
    const result = await nlu.understand(input.text, fleet ? { fleet } : {});
    const { text, intent, confidence, sentiment, entities } = result;
    // The contract's line (PRODUCT.md → NLU); the frustration signal is the chatbot's, not the CLI's.
    process.stdout.write(`${JSON.stringify({ text, intent, confidence, sentiment, entities })}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`nlu: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
