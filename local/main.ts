import { startLocalStack } from './stack.js';

/**
 * `npm start`: the local stack on PORT (default 3000). Environment: FLEETOPS_DATA_DIR (default
 * `.data/`), FLEETOPS_IN_MEMORY=1 or `--in-memory`, SIMULATOR=off, LOG_LEVEL. SIGINT/SIGTERM stop
 * everything, DynamoDB Local's Java process included.
 */
const env = process.env;
const inMemory =
  env.FLEETOPS_IN_MEMORY === '1' || env.FLEETOPS_IN_MEMORY === 'true' || process.argv.includes('--in-memory');
const port = Number(env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number, got ${env.PORT}\n`);
  process.exit(1);
}

const stack = await startLocalStack({
  port,
  dataDir: inMemory ? undefined : (env.FLEETOPS_DATA_DIR ?? '.data'),
  inMemory,
  simulator: !['off', '0', 'false'].includes((env.SIMULATOR ?? '').toLowerCase()),
  logLevel: env.LOG_LEVEL ?? 'INFO',
}).catch((error: unknown) => {
  process.stderr.write(
    `fleetops local stack failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});

process.stderr.write(
  `\nfleetops local stack on ${stack.url}  (PWA /, API /v1, WebSocket ${stack.wsUrl}, outbox /dev/outbox)\n\n`,
);

let signals = 0;
const shutdown = (signal: NodeJS.Signals) => {
  signals++;
  if (signals > 1) process.exit(130); // a second Ctrl-C means now
  stack.logger.info('signal received', { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
