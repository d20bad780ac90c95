import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-engine suite runs with `npm run test:hatchet` (vitest.hatchet.config.ts).
    exclude: [...configDefaults.exclude, 'test/hatchet/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
