import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { stepReport } from '../../../src/report/cases.js';
import { RUN, result } from '../../report/fixtures.js';

const core = vi.hoisted(() => ({
  info: vi.fn(),
  error: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  setSecret: vi.fn(),
}));
vi.mock('../../../src/text/actions.js', () => core);

const { logResults, writeReportFiles } = await import('../../../src/report/write.js');
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

describe('writeReportFiles', () => {
  it('writes the report, JUnit and CTRF files of the results in a fresh folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'write-'));
    const first = writeReportFiles({ results: [result(), result({ runId: NEW_RUN })] }, dir);
    const second = writeReportFiles({ results: [result()] }, dir);
    expect(dirname(first.junit)).not.toBe(dirname(second.junit));
    for (const path of [first.report, first.junit, first.ctrf])
      expect(dirname(path as string)).toMatch(new RegExp(`^${dir}/hatchet-replay-report-`));
    const report = JSON.parse(readFileSync(first.report as string, 'utf8'));
    expect(report).toMatchObject({ version: 1, passed: true });
    expect(report.runs.map((r: { runId: string }) => r.runId)).toEqual([RUN, NEW_RUN]);
    expect(readFileSync(first.junit, 'utf8')).toContain('<testsuite');
    expect(JSON.parse(readFileSync(first.ctrf, 'utf8')).results.tests).toHaveLength(2);
  });

  it('writes only the test reports when there are no results, from the cases given', () => {
    const tests = stepReport({
      status: 'ERROR',
      title: 'No CLI',
      message: 'The Hatchet CLI was not found.',
      outcome: 'error',
    });
    const paths = writeReportFiles({ tests }, mkdtempSync(join(tmpdir(), 'write-')));
    expect(paths.report).toBeUndefined();
    expect(readFileSync(paths.junit, 'utf8')).toContain('The Hatchet CLI was not found.');
  });

  it('clips huge texts in the report', () => {
    const paths = writeReportFiles(
      { results: [result({ message: 'x'.repeat(300 * 1024) })] },
      mkdtempSync(join(tmpdir(), 'write-')),
    );
    const text = readFileSync(paths.report as string, 'utf8');
    expect(text.length).toBeLessThan(300 * 1024);
  });
});
