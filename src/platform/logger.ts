import pino from 'pino';

/** Personal data never reaches the log: request bodies and credentials are redacted. */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'probity' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'password', 'body', '*.password', '*.body', '*.totp', 'code'],
      censor: '[redacted]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
