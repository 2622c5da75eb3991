/**
 * Support chat benchmark on the local stack (issue #10): `chat.send` → the bot's `chat.message`
 * on the sender's socket, with 20 conversations in flight at once (each its own user and socket,
 * each sending its next message when the previous answer arrived), and alone for comparison.
 * Messages rotate through grounded questions (location, breakdown with open alerts, maintenance,
 * an article, a greeting), so each answer reads the fleet, the alerts or the knowledge base, and
 * runs the NLU. Plus two cold figures in fresh processes: the chat's NLU alone, and a cold start
 * of the chat function itself — its Lambda bundle imported with the NLU models, then its first
 * `chat.send` answered against this stack's DynamoDB Local and management API.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { chatSocket } from '../functions/modules/chat/handlers/chat-socket.handler.js';
import { dynamoDbFleetRepository } from '../functions/modules/fleet/adapters/dynamodb-fleet-repository.js';
import { ENV } from '../functions/platform/wiring/environment.js';
import { bundleFunctions } from '../infra/bundling/function-bundles.js';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { type BenchSection, markdownTable, quantile } from './bench-section.js';
import { childCpuSeconds } from './child-cpu.js';
import { bump, onEveryCommand, perUnit, total } from './command-counts.js';
import { startProfile } from './cpu-profile.js';
import { stolenCpuSeconds } from './host-steal.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONVERSATIONS = 20;
const TURNS = Number(process.env.BENCH_CHAT_TURNS ?? 12);
const WARMUP_TURNS = 2;
/** The paced run: each conversation sends one message per this many ms (people read before they ask again). */
const PACE_MS = Number(process.env.BENCH_CHAT_PACE_MS ?? 1000);
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

/**
 * One conversation: TURNS messages, each sent once the previous answer arrived; latencies after
 * warm-up. With `periodMs`, at a user's pace: at most one message per period (the first after a
 * random offset within one period), as a person reads the answer before asking again.
 */
async function converse(client: ChatClient, id: string, periodMs = 0): Promise<number[]> {
  if (periodMs > 0) await sleep(Math.random() * periodMs);
  const latencies: number[] = [];
  let conversationId: string | undefined;
  let nextAt = performance.now();
  for (let turn = 0; turn < TURNS; turn++) {
    if (periodMs > 0) await sleep(nextAt - performance.now());
    const answer = client.nextBotMessage();
    const start = performance.now();
    nextAt = start + periodMs;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** CPU and DynamoDB commands per turn over a phase: this process (stack and clients) and the JVM. */
interface TurnCost {
  readonly nodeMs: number;
  readonly jvmMs: number;
  readonly commands: number;
  readonly byCommand: string;
  /** Cores the hypervisor gave other guests over the phase (steal): the share of the machine that was not ours. */
  readonly stolenCores: number;
}

async function measureCost<T>(
  commands: Map<string, number>,
  turns: number,
  phase: () => Promise<T>,
): Promise<{ result: T; cost: TurnCost }> {
  commands.clear();
  const node0 = process.cpuUsage();
  const jvm0 = childCpuSeconds();
  const stolen0 = stolenCpuSeconds();
  const t0 = performance.now();
  const result = await phase();
  const wallS = (performance.now() - t0) / 1000;
  const node = process.cpuUsage(node0);
  return {
    result,
    cost: {
      nodeMs: (node.user + node.system) / 1000 / turns,
      jvmMs: ((childCpuSeconds() - jvm0) * 1000) / turns,
      commands: total(commands) / turns,
      byCommand: perUnit(commands, turns, 2),
      stolenCores: (stolenCpuSeconds() - stolen0) / wallS,
    },
  };
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

/** How a cold start of the chat function went: bundle import (init) and its first `chat.send` turn. */
interface ColdFunction {
  readonly initMs: number;
  readonly firstTurnMs: number;
}

/**
 * A cold start of the chat function as Lambda does one: a fresh `node` process imports the
 * function's bundle (built as the CDK builds it) with the environment its bindings read — tables
 * of this stack on its DynamoDB Local, the management API, the committed models — then invokes the
 * handler once with a `chat.send` event. The first turn loads onnxruntime and the NLU models. The
 * turn must be stored (the conversation read back) or the figure is refused.
 */
export async function coldChatFunction(stack: LocalStack): Promise<ColdFunction> {
  const built = await bundleFunctions([chatSocket]);
  try {
    const bundle = built.bundles.get(chatSocket.name);
    if (!bundle) throw new Error('chatSocket was not bundled');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: stack.managementCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.managementCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: chatSocket.name,
      LOG_LEVEL: 'ERROR',
      [ENV.stage]: 'dev',
      [ENV.websocketEndpoint]: stack.managementEndpoint,
      [ENV.modelsDir]: path.join(repoRoot, 'ml/models'),
    };
    for (const binding of Object.values(chatSocket.bindings)) {
      if (binding.kind === 'table') env[binding.table.envVar] = stack.tables[binding.table.id];
      for (const name of binding.env) env[name] ??= `bench-${name.toLowerCase()}`;
    }
    const userId = 'bench-cold-user';
    const event = {
      requestContext: {
        routeKey: 'chat.send',
        connectionId: 'bench-cold-connection',
        eventType: 'MESSAGE',
        requestId: 'bench-cold',
        authorizer: { tenantId: 'acme', userId, roles: JSON.stringify(['fleet_manager']) },
      },
      body: JSON.stringify({ action: 'chat.send', clientMessageId: 'cold-1', text: 'Where is TRK-101?' }),
      isBase64Encoded: false,
    };
    const script = [
      'globalThis.awslambda ??= { streamifyResponse: (h) => h, HttpResponseStream: { from: (s) => s } };',
      'const t0 = performance.now();',
      `const m = await import(${JSON.stringify(pathToFileURL(bundle.file).href)});`,
      'const t1 = performance.now();',
      `const result = await m.handler(${JSON.stringify(event)}, { awsRequestId: 'bench-cold' });`,
      'const t2 = performance.now();',
      'process.stdout.write(JSON.stringify({ initMs: t1 - t0, firstTurnMs: t2 - t1, statusCode: result?.statusCode }));',
    ].join('\n');
    // Asynchronous: this process serves the management API the function posts its frames to.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.dirname(bundle.file),
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ColdFunction & { statusCode?: number };
    const token = await stack.issuer.issue({ tenantId: 'acme', userId, roles: ['fleet_manager'] });
    const listed = await fetch(`${stack.url}/v1/conversations`, { headers: { authorization: `Bearer ${token}` } });
    const { items } = (await listed.json()) as { items: unknown[] };
    if (out.statusCode !== 200 || items.length !== 1) {
      throw new Error(`cold chat function answered ${out.statusCode} and stored ${items.length} conversation(s)`);
    }
    return { initMs: out.initMs, firstTurnMs: out.firstTurnMs };
  } finally {
    await built.dispose();
  }
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
    // Every command of the stack's functions goes through its one DynamoDB client: counted by name.
    const commands = new Map<string, number>();
    onEveryCommand(stack.parts.documentClient, (name) => bump(commands, name));

    const stopProfile = await startProfile('chat-concurrent');
    const { result: concurrent, cost } = await measureCost(commands, CONVERSATIONS * TURNS, async () =>
      (await Promise.all(clients.map((client, i) => converse(client, `c${i}`)))).flat(),
    );
    await stopProfile();
    const { result: paced, cost: pacedCost } = await measureCost(commands, CONVERSATIONS * TURNS, async () =>
      (await Promise.all(clients.map((client, i) => converse(client, `p${i}`, PACE_MS)))).flat(),
    );
    // Alone last, on a warm stack: the latency of one turn without contention (cold starts are the rows below).
    const alone = await converse(clients[0] as ChatClient, 'alone');
    const cold = coldNlu();
    const coldFunction = await coldChatFunction(stack);
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
        `"alone": one conversation, after the concurrent runs (a warm stack; the cold figures are below); "${CONVERSATIONS} concurrent": ${CONVERSATIONS} conversations at once, ${TURNS} turns each, ` +
        `first in a closed loop (each sends its next message the moment its answer arrives: a throughput test, the stack's two cores saturated), ` +
        `then paced (each sends one message per ${PACE_MS / 1000} s, starting at a random offset, and never before its answer arrived: ` +
        `faster than people read and type). CPU per turn: process.cpuUsage() of this process (stack and clients) and /proc of the JVM over the phase, ` +
        `divided by its turns; commands are counted on the stack's DynamoDB client. BENCH_CPU_PROFILE=dir writes the closed loop's Node CPU profile. ` +
        `Cold NLU: a fresh Node process importing the chat's model binding and understanding one message. ` +
        `Cold chat function: the chatSocket Lambda bundle (built as the CDK builds it) imported in a fresh Node process ` +
        `with its bindings' environment pointing at this stack (DynamoDB Local, management API, ml/models), then its ` +
        `handler invoked once with a chat.send event; the first turn loads onnxruntime and the models, and the stored ` +
        `conversation is read back before the figure counts.`,
      table: [
        markdownTable(
          ['conversations', 'samples', 'p50 ms', 'p90 ms', 'p99 ms'],
          [
            row('alone', alone),
            row(`${CONVERSATIONS} concurrent, closed loop (next message as soon as the answer arrives)`, concurrent),
            row(`${CONVERSATIONS} concurrent, one message per ${PACE_MS / 1000} s each`, paced),
          ],
        ),
        '',
        markdownTable(
          ['per turn', 'closed loop', `one message per ${PACE_MS / 1000} s`],
          [
            ['CPU of the stack’s Node process (ms)', ms(cost.nodeMs), ms(pacedCost.nodeMs)],
            ['CPU of DynamoDB Local’s JVM (ms)', ms(cost.jvmMs), ms(pacedCost.jvmMs)],
            ['DynamoDB commands', cost.commands.toFixed(1), pacedCost.commands.toFixed(1)],
            ['DynamoDB commands by name', cost.byCommand, pacedCost.byCommand],
            [
              `cores taken by the hypervisor for other guests over the run (steal, of ${cpus().length})`,
              cost.stolenCores.toFixed(2),
              pacedCost.stolenCores.toFixed(2),
            ],
          ],
        ),
        '',
        markdownTable(
          ['cold NLU', 'ms'],
          [
            ['import + binding', ms(cold.loadMs)],
            ['first message (onnxruntime + intent + sentiment models)', ms(cold.firstMessageMs)],
          ],
        ),
        '',
        markdownTable(
          ['cold start of the chat function (chatSocket bundle)', 'ms'],
          [
            ['init: import the bundle until the handler exists', ms(coldFunction.initMs)],
            ['first chat.send turn (NLU models loaded, DynamoDB Local)', ms(coldFunction.firstTurnMs)],
            ['**cold start total**', `**${ms(coldFunction.initMs + coldFunction.firstTurnMs)}**`],
          ],
        ),
      ].join('\n'),
    };
  } finally {
    await stack.stop();
  }
}
