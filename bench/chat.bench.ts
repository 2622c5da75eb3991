/**
 * Support chat benchmark on the local stack (issue #10): `chat.send` → the bot's `chat.message`
 * on the sender's socket, with 20 conversations in flight at once (each its own user and socket,
 * each sending its next message when the previous answer arrived), and alone for comparison.
 * Messages rotate through grounded questions (location, breakdown with open alerts, maintenance,
 * an article, a greeting), so each answer reads the fleet, the alerts or the knowledge base, and
 * runs the NLU. Plus the cold cost of the chat function's NLU in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { dynamoDbFleetRepository } from '../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONVERSATIONS = 20;
const TURNS = Number(process.env.BENCH_CHAT_TURNS ?? 12);
const WARMUP_TURNS = 2;
const QUESTIONS = [
  'Where is TRK-101?',
  "TRK-102 won't start",
  'where is it now?',
  'When is the next service of TRK-103 due?',
  'How do I download my invoice?',
  'hello',
];

interface ChatClient {
  readonly socket: WebSocket;
  /** Resolves with the arrival time of the next bot chat.message. */
  nextBotMessage(): Promise<{ at: number; conversationId: string }>;
}

function connect(url: string): Promise<ChatClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const waiting: ((value: { at: number; conversationId: string }) => void)[] = [];
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; data: Record<string, unknown> };
      const author = frame.data.author as { type?: string } | undefined;
      if (frame.type === 'chat.message' && author?.type === 'bot') {
        waiting.shift()?.({ at, conversationId: frame.data.conversationId as string });
      } else if (frame.type === 'error') reject(new Error(JSON.stringify(frame.data)));
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({ socket, nextBotMessage: () => new Promise((resolveMessage) => waiting.push(resolveMessage)) }),
    );
  });
}

/** One conversation: TURNS messages, each sent once the previous answer arrived; latencies after warm-up. */
async function converse(client: ChatClient, id: string): Promise<number[]> {
  const latencies: number[] = [];
  let conversationId: string | undefined;
  for (let turn = 0; turn < TURNS; turn++) {
    const answer = client.nextBotMessage();
    const start = performance.now();
    client.socket.send(
      JSON.stringify({
        action: 'chat.send',
        ...(conversationId ? { conversationId } : {}),
        clientMessageId: `${id}-${turn}`,
        text: QUESTIONS[turn % QUESTIONS.length],
      }),
    );
    const { at, conversationId: answered } = await answer;
    conversationId = answered;
    if (turn >= WARMUP_TURNS) latencies.push(at - start);
  }
  return latencies;
}

function coldNlu(): { loadMs: number; firstMessageMs: number } {
  const script = `
    const t0 = performance.now();
    const { languageModel } = await import(${JSON.stringify(path.join(repoRoot, 'functions/modules/chat/adapters/language-model.ts'))});
    const nlu = languageModel.fromEnvironment({ env: {}, basics: {} });
    const t1 = performance.now();
    await nlu.understand('where is my truck?');
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstMessageMs: t2 - t1 }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`cold NLU failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { loadMs: number; firstMessageMs: number };
}

const ms = (value: number) => value.toFixed(1);
const row = (what: string, samples: number[]) => [
  what,
  samples.length,
  ms(quantile(samples, 0.5)),
  ms(quantile(samples, 0.9)),
  ms(quantile(samples, 0.99)),
];

export default async function run(): Promise<BenchSection> {
  const stack = await startLocalStack({ port: 0, simulator: false, logLevel: process.env.BENCH_LOG_LEVEL ?? 'ERROR' });
  try {
    // Positions for the demo fleet, so location answers read real state.
    const fleet = stack.repository(dynamoDbFleetRepository);
    const ts = new Date(Date.now() - 90_000).toISOString();
    await fleet.updateVehicleState(
      'acme',
      ['TRK-101', 'TRK-102', 'TRK-103'].map((vehicleId, i) => ({
        vehicleId,
        ts,
        lat: 41.88 + i / 100,
        lng: -87.63,
        speed: 40,
      })),
    );
    const token = async (userId: string) => {
      const response = await fetch(`${stack.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId: 'acme', userId, roles: ['fleet_manager'] }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const clients = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, i) =>
        connect(`${stack.wsUrl}?token=${await token(`bench-user-${i}`)}`),
      ),
    );
    await stack.idle();

    const alone = await converse(clients[0] as ChatClient, 'alone');
    const concurrent = (await Promise.all(clients.map((client, i) => converse(client, `c${i}`)))).flat();
    const cold = coldNlu();
    await Promise.all(clients.map((client) => new Promise((resolve) => client.socket.once('close', resolve).close())));
    await stack.idle(); // the $disconnect routes finish before the stack goes away

    return {
      title: 'Support chat: chat.send → bot chat.message (local stack)',
      method:
        `The whole local stack in one process (DynamoDB Local, the local WebSocket API and management API). ` +
        `Each conversation is its own fleet_manager user and socket; it sends its next message when the bot's answer ` +
        `arrived, rotating through ${QUESTIONS.length} questions (location, breakdown with open alerts, "where is it now?" ` +
        `from context, maintenance, an article, a greeting). Latency is send → the bot's chat.message on the sender's ` +
        `socket, after ${WARMUP_TURNS} warm-up turns per conversation (the first starts the conversation and loads the NLU). ` +
        `"alone": one conversation; "${CONVERSATIONS} concurrent": ${CONVERSATIONS} conversations at once, ${TURNS} turns each. ` +
        `Cold NLU: a fresh Node process importing the chat's model binding and understanding one message.`,
      table: [
        markdownTable(
          ['conversations', 'samples', 'p50 ms', 'p90 ms', 'p99 ms'],
          [row('alone', alone), row(`${CONVERSATIONS} concurrent`, concurrent)],
        ),
        '',
        markdownTable(
          ['cold NLU', 'ms'],
          [
            ['import + binding', ms(cold.loadMs)],
            ['first message (onnxruntime + intent + sentiment models)', ms(cold.firstMessageMs)],
          ],
        ),
      ].join('\n'),
    };
  } finally {
    await stack.stop();
  }
}
