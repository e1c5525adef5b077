import { defineConfig } from 'vitest/config';

// Unit and PGlite integration tests always run; the same database tests run again on PostgreSQL
// when TEST_DATABASE_URL is set (CI sets it). Browser tests run once, on PGlite.
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Pages under a loaded machine (CI runs two test workers beside Chromium) can take seconds: poll for up to 15 s.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    reporters: ['default', './test/support/count-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    projects: [
      {
        extends: true,
        test: { name: 'pglite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], env: { PROBITY_TEST_ENGINE: 'pglite' } },
      },
      ...(postgres
        ? [{ extends: true as const, test: { name: 'postgresql', include: ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'], env: { PROBITY_TEST_ENGINE: 'postgresql' } } }]
        : []),
    ],
  },
});
