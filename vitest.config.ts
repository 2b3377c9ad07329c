import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // Browser steps wait on a real server and Chromium sharing 2 cores: give polls room under load.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 120_000,
    // 2 cores: a couple of files at a time keeps PGlite instances and Chromium from starving each other.
    maxWorkers: 2,
    pool: 'forks',
  },
});
