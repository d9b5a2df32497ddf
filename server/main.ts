// `npm start`: one process in embedded mode (see start-server.ts), stopped cleanly on SIGTERM/SIGINT.
import './v8-tuning.js';
import { readConfig } from './config.js';
import { flushLogger, loggerFromEnv, createLogger, type Logger } from './log/logger.js';
import { startServer } from './start-server.js';

let logger: Logger;
try {
  logger = loggerFromEnv(process.env);
} catch (err) {
  // A misspelt STEPWISE_LOG_LEVEL, STEPWISE_LOG_FORMAT or STEPWISE_LOG_BATCH_MS: said in the default format.
  createLogger().fatal(`Stepwise could not start: ${(err as Error).message}`);
  process.exit(1);
}

const stopWith = (code: number): never => {
  flushLogger(logger);
  process.exit(code);
};

// A last resort: every stream and request error is handled where it happens, but should
// something still escape, the process says what and exits (code 1) rather than limp on in a
// state nobody knows. Runs in flight resume at the next start; a supervisor (systemd,
// a container's restart policy: docs/operations.md) starts it again.
process.on('uncaughtException', (err, origin) => {
  logger.fatal(
    { event: 'server.crashed', err },
    `Stepwise stopped on an unexpected error (${origin === 'unhandledRejection' ? 'a promise rejection nobody handled' : 'an uncaught exception'}); runs in progress resume at the next start.\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  stopWith(1);
});

try {
  const config = readConfig();
  const running = await startServer({ ...config, log: logger });
  logger.info(
    { event: 'server.started', url: running.url, dataDir: config.dataDir },
    `Stepwise is running at ${running.url} (data in ${config.dataDir})`,
  );
  // Said at once: whoever started it (a person, a supervisor, a test) waits for this line.
  flushLogger(logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { event: 'server.stopping', signal },
      `${signal}: finishing active runs, then stopping`,
    );
    running.close().then(
      () => {
        logger.info({ event: 'server.stopped' }, 'Stepwise stopped');
        stopWith(0);
      },
      (err: unknown) => {
        logger.error(
          { event: 'server.stopped', err },
          `Could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
        );
        stopWith(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  logger.fatal(`Stepwise could not start: ${err instanceof Error ? err.message : String(err)}`);
  stopWith(1);
}
