import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  describeFilter,
  publishFailure,
  publishResults,
  type SelectionReport,
} from '../../../src/report/publish.js';
import { parseCommandFile, runnerFiles } from '../../harness/sim.mjs';
import { NEW_RUN, RUN, result } from '../../report/fixtures.js';

// publish.ts writes through the runner's files, as on a runner: outputs, summary, report files.
const saved = { ...process.env };
let runner: ReturnType<typeof runnerFiles>;
let printed: string[] = [];
beforeEach(() => {
  runner = runnerFiles();
  Object.assign(process.env, runner.files, { RUNNER_TEMP: runner.temp });
  printed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  process.exitCode = undefined;
});

const outputs = () => parseCommandFile(readFileSync(runner.files.GITHUB_OUTPUT, 'utf8'));
const summary = () => readFileSync(runner.files.GITHUB_STEP_SUMMARY, 'utf8');
const errors = () => printed.filter((line) => line.startsWith('::error::'));

const filter = {
  workflow: 'orders',
  statuses: ['FAILED'],
  since: '24h',
  limit: 5,
  onNoMatch: 'fail' as const,
};

describe('describeFilter', () => {
  it.each([
    [filter, "FAILED runs of workflow 'orders' created in the last 24h"],
    [
      { ...filter, statuses: ['FAILED', 'CANCELLED'], since: '7d', until: '1d' },
      "FAILED/CANCELLED runs of workflow 'orders' created between 7d and 1d ago",
    ],
  ])('%o → %s', (selection, words) => {
    expect(describeFilter(selection)).toBe(words);
  });
});

describe('publishResults', () => {
  it('sets the outputs, writes the report files and the summary, and passes', async () => {
    await publishResults([result()], { summary: true, logLines: 10 });
    const out = outputs();
    expect(out).toMatchObject({ 'run-id': RUN, status: 'COMPLETED', passed: 'true' });
    for (const file of ['report', 'junit', 'ctrf'])
      expect(existsSync(out[file] as string)).toBe(true);
    expect(JSON.parse(readFileSync(out.report as string, 'utf8'))).toBeDefined();
    expect(summary()).toContain(RUN);
    expect(errors()).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('fails the step naming each run that did not pass, and writes no summary when asked', async () => {
    const failing = result({ runId: NEW_RUN, status: 'FAILED', passed: false, message: 'boom' });
    await publishResults([result(), failing], { summary: false, logLines: 10 });
    expect(outputs()).toMatchObject({ status: 'MIXED', passed: 'false' });
    expect(summary()).toBe('');
    expect(process.exitCode).toBe(1);
    expect(errors()).toEqual([
      `::error::1 of 2 runs did not pass.%0ARun ${NEW_RUN} ended FAILED, expected COMPLETED: boom\n`,
    ]);
  });

  it('fails when there is no result at all', async () => {
    await publishResults([], { summary: false, logLines: 10 });
    expect(outputs()).toMatchObject({ status: 'ERROR', passed: 'false' });
    expect(errors()).toEqual(['::error::No run was replayed or triggered.\n']);
  });

  it('adds what the filter selected', async () => {
    const selection: SelectionReport = { filter, runIds: [RUN], matched: 7, more: true };
    await publishResults([result()], { summary: true, logLines: 10 }, selection);
    expect(JSON.parse(outputs().selected as string)).toEqual({
      filter,
      matched: 7,
      more: true,
      replayed: 1,
    });
    expect(summary()).toContain('7+ matched, 1 replayed (`select-limit` 5, newest first).');
  });

  it.each([
    ['fail', 'false', '❌', 1],
    ['pass', 'true', '✅', undefined],
  ] as const)(
    'reports NO_MATCH when nothing matched and on-no-match is %s',
    async (onNoMatch, passed, icon, exitCode) => {
      const selection = { filter: { ...filter, onNoMatch }, runIds: [], matched: 0, more: false };
      await publishResults([], { summary: true, logLines: 10 }, selection);
      const out = outputs();
      expect(out).toMatchObject({ status: 'NO_MATCH', passed });
      expect(JSON.parse(out.selected as string)).toMatchObject({ matched: 0, replayed: 0 });
      expect(existsSync(out.junit as string)).toBe(true);
      expect(summary()).toMatch(new RegExp(`^## ${icon} No run to replay\\n`));
      expect(process.exitCode).toBe(exitCode);
    },
  );
});

describe('publishFailure', () => {
  it('sets every output with the status, writes the test reports and summary, and fails', async () => {
    await publishFailure('The Hatchet CLI is too old.', {
      status: 'ERROR',
      title: 'Could not set up the Hatchet CLI',
      summary: true,
      originalRunIds: [RUN, NEW_RUN],
      mode: 'replay',
    });
    const out = outputs();
    expect(out).toMatchObject({
      status: 'ERROR',
      passed: 'false',
      'original-run-id': `${RUN}\n${NEW_RUN}`,
      mode: 'replay',
    });
    expect(readFileSync(out.junit as string, 'utf8')).toContain('The Hatchet CLI is too old.');
    expect(existsSync(out.ctrf as string)).toBe(true);
    expect(summary()).toMatch(/^## ⚠️ Could not set up the Hatchet CLI\n/);
    expect(summary()).toContain('The Hatchet CLI is too old.');
    expect(errors()).toEqual(['::error::The Hatchet CLI is too old.\n']);
    expect(process.exitCode).toBe(1);
  });

  it('gives trigger mode the `mode` SPEC names it by: retrigger', async () => {
    await publishFailure('cancelled', {
      status: 'ABORTED',
      title: 'Aborted: the job was cancelled',
      summary: false,
      mode: 'trigger',
    });
    const out = outputs();
    expect(out).toMatchObject({ status: 'ABORTED', mode: 'retrigger' });
    expect(readFileSync(out.junit as string, 'utf8')).toContain(
      '<property name="mode" value="retrigger"/>',
    );
  });

  it('still fails with its message, a summary and the test reports when no output can be set', async () => {
    // The runner's output file is gone: every output write throws. publishResults gives up at
    // its first output; main then reports that through publishFailure, which must not throw.
    const missing = join(runner.dir, 'no-such-output');
    process.env.GITHUB_OUTPUT = missing;
    const error = await publishResults([result()], { summary: true, logLines: 10 }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toBe(`Missing file at path: ${missing}`);
    await expect(
      publishFailure(message, {
        status: 'ERROR',
        title: 'Hatchet replay could not run',
        summary: true,
      }),
    ).resolves.toBeUndefined();
    expect(errors()).toEqual([`::error::${message}\n`]);
    expect(printed.filter((line) => line.startsWith('::warning::'))).toEqual([
      `::warning::The step's outputs could not be set: ${message}\n`,
    ]);
    expect(summary()).toMatch(/^## ⚠️ Hatchet replay could not run\n/);
    expect(summary()).toContain(message);
    const [folder] = readdirSync(runner.temp).filter((f) => f.startsWith('hatchet-replay-report-'));
    expect(readFileSync(join(runner.temp, folder as string, 'junit.xml'), 'utf8')).toContain(
      'Missing file at path',
    );
    expect(process.exitCode).toBe(1);
  });
});
