import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores: a couple of files at a time keeps PGlite instances and Chromium from starving each other.
    maxWorkers: 2,
    pool: 'forks',
  },
});
