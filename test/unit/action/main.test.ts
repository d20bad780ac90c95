import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simpleSim } from '../../harness/scenarios.mjs';
import { makeToken } from '../../harness/sim.mjs';

// run() in process, with the runner commands mocked (the pattern of GitHub's action template).
const inputs: Record<string, string> = {};
const core = vi.hoisted(() => ({
  getInput: vi.fn(),
  getState: vi.fn(() => ''),
  setOutput: vi.fn(),
  setFailed: vi.fn(),
  setSecret: vi.fn(),
  saveState: vi.fn(),
  addPath: vi.fn(),
  info: vi.fn(),
  debug: vi.fn(),
  warning: vi.fn(),
  error: vi.fn(),
  startGroup: vi.fn(),
  endGroup: vi.fn(),
  group: vi.fn(async (_name: string, fn: () => Promise<unknown>) => fn()),
  summary: { addRaw: vi.fn(), write: vi.fn() },
}));
// The action writes workflow commands through src/text/actions.ts (@actions/core's API).
vi.mock('../../../src/text/actions.js', () => core);

const { run } = await import('../../../src/action/main.js');
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const saved = { ...process.env };

beforeEach(() => {
  vi.clearAllMocks();
  for (const key of Object.keys(inputs)) delete inputs[key];
  core.getInput.mockImplementation((name: string) => inputs[name] ?? '');
  core.summary.addRaw.mockReturnValue(core.summary);
  process.env.RUNNER_TEMP = mkdtempSync(join(tmpdir(), 'main-'));
  process.env.GITHUB_STEP_SUMMARY = join(process.env.RUNNER_TEMP, 'summary.md');
});

afterEach(() => {
  process.env = { ...saved };
});

const outputs = () =>
  Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]));

describe('run', () => {
  it('fails once, naming the input, with outputs and a summary, for bad input', async () => {
    Object.assign(inputs, { 'run-id': 'not-a-run', install: 'false' });
    await run();
    expect(core.setFailed).toHaveBeenCalledTimes(1);
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(/^Input `run-id` accepts run ids/);
    expect(outputs()).toMatchObject({ status: 'ERROR', passed: 'false' });
    expect(core.summary.addRaw.mock.calls[0]?.[0]).toMatch(/^## ⚠️ Invalid inputs/);
  });

  it('replays a run with the simulator and sets every output', async () => {
    const sim = simpleSim({ output: { ok: true } });
    Object.assign(process.env, sim.env);
    const token = makeToken();
    Object.assign(inputs, { 'run-id': RUN, token, install: 'false', 'poll-interval': '1s' });
    await run();
    expect(core.setSecret).toHaveBeenCalledWith(token);
    expect(core.setFailed).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({
      'run-id': RUN,
      'original-run-id': RUN,
      mode: 'replay',
      workflow: 'orders',
      status: 'COMPLETED',
      'original-status': 'FAILED',
      passed: 'true',
      'duration-ms': '200',
      output: '{"ok":true}',
    });
    expect(JSON.parse(outputs().results as string)).toHaveLength(1);
    expect(core.summary.write).toHaveBeenCalledTimes(1);
  });
});
