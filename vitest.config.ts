import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // list files, not each slow test: long test names would wrap on a 100-column terminal
    slowTestThreshold: 600_000,
    env: { TZ: 'UTC' },
  },
});
