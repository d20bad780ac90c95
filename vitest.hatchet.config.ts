import { defineConfig } from 'vitest/config';

// npm run test:hatchet: the real engine (npm run hatchet:up), the real CLI and a real worker
// (started by test/hatchet/global-setup.ts). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/hatchet/**/*.test.ts'],
    globalSetup: ['test/hatchet/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
