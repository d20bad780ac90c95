import { beforeEach, describe, expect, it, vi } from 'vitest';
import { result } from '../../report/fixtures.js';

const core = vi.hoisted(() => ({
  info: vi.fn(),
  error: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  setSecret: vi.fn(),
}));
vi.mock('../../../src/text/actions.js', () => core);

const { logResults } = await import('../../../src/report/write.js');
const NEW_RUN = '9a6c1f0e-2b3d-4e5f-8a7b-6c5d4e3f2a1b';

beforeEach(() => vi.clearAllMocks());

describe('the job log’s verdict line', () => {
  it('names a trigger by its workflow and case, never `undefined`', () => {
    logResults([
      result({
        mode: 'trigger',
        originalRunId: undefined,
        originalStatus: undefined,
        original: undefined,
        change: undefined,
        runId: NEW_RUN,
        caseName: 'big order',
      }),
    ]);
    const line = core.info.mock.calls[0]?.[0] as string;
    expect(line).not.toContain('undefined');
    expect(line).toBe(
      `✅ trigger of order-processing (case big order) → ${NEW_RUN}: COMPLETED in 4.5s (expected COMPLETED)`,
    );
  });

  it('names a replay by its run, with the original status', () => {
    logResults([result()]);
    expect(core.info.mock.calls[0]?.[0]).toMatch(
      /^✅ replay of 0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21: FAILED → COMPLETED in 4\.5s/,
    );
  });
});
