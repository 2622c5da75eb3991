import { Logger } from '@aws-lambda-powertools/logger';

/** Log levels Powertools accepts; `SILENT` keeps tests quiet. */
export type LocalLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

const LEVELS: readonly LocalLogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/** Reads a level from user input (`LOG_LEVEL=debug`), falling back to INFO for anything unknown. */
export function parseLogLevel(value: string | undefined, fallback: LocalLogLevel = 'INFO'): LocalLogLevel {
  const upper = value?.trim().toUpperCase();
  return LEVELS.find((level) => level === upper) ?? fallback;
}

/**
 * The local stack's root logger: JSON lines on stdout, the same format the Lambda functions write
 * to CloudWatch, so the same queries work on both.
 */
export function createLocalLogger(logLevel: LocalLogLevel): Logger {
  return new Logger({ serviceName: 'fleetops-local', logLevel });
}
