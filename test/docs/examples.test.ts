import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startInternet } from '../harness/internet.mjs';
import { GHES, GITHUB_COM, interpolate, type GitHubContext } from '../harness/runner.mjs';
import { DEMO_RUN_ID, orderProcessingSim } from '../harness/scenarios.mjs';
import { ROOT, createSim, makeToken, runAction, runnerFiles } from '../harness/sim.mjs';

// The documentation is a test: every step of README.md and docs/*.md that uses the action is
// taken from the page, its `${{ … }}` filled in as a workflow would fill them, and run as written
// through the runner contract (every other input with action.yml's default; the CLI installed
// from a loopback stand-in for GitHub) against the simulator. Each must reach the outcome its
// text promises. A new example fails `lists every documented step` until it has a case below.

interface Example {
  id: string;
  step: { uses: string; with?: Record<string, unknown> };
  /** The other code blocks of its section (a cases file shown beside a workflow). */
  blocks: { lang: string; text: string }[];
}

const ACTION = /^hatchet-dev\/hatchet-replay-action@v\d+$/;
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith('.md'),
);

/** The steps that use the action, each named by its page and section. */
function documentedSteps(): Example[] {
  const examples: Example[] = [];
  for (const page of PAGES) {
    const sections = new Map<string, { lang: string; text: string }[]>();
    let heading = '(top)';
    let fence: { lang: string; lines: string[] } | undefined;
    for (const line of readFileSync(join(ROOT, page), 'utf8').split('\n')) {
      const marker = /^```(\w*)\s*$/.exec(line);
      if (fence) {
        if (marker && marker[1] === '') {
          const list = sections.get(heading) ?? [];
          list.push({ lang: fence.lang, text: fence.lines.join('\n') });
          sections.set(heading, list);
          fence = undefined;
        } else fence.lines.push(line);
      } else if (marker) fence = { lang: marker[1] ?? '', lines: [] };
      else if (/^#{1,4} /.test(line)) heading = line.replace(/^#+ /, '');
    }
    for (const [section, blocks] of sections) {
      const steps = blocks
        .filter((b) => b.lang === 'yaml')
        .flatMap((b) => stepsOf(parse(b.text)))
        .filter((s) => ACTION.test(String(s.uses ?? '')));
      steps.forEach((step, i) =>
        examples.push({
          id: `${page} › ${section}${steps.length > 1 ? ` #${i + 1}` : ''}`,
          step: step as Example['step'],
          blocks,
        }),
      );
    }
  }
  return examples;
}

function stepsOf(doc: unknown): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc as Record<string, unknown>[];
  const jobs = (doc as { jobs?: Record<string, { steps?: Record<string, unknown>[] }> })?.jobs;
  return Object.values(jobs ?? {}).flatMap((job) => job.steps ?? []);
}

const token = makeToken();
const secrets = {
  HATCHET_STAGING_TOKEN: token,
  HATCHET_CLIENT_TOKEN: token,
  HATCHET_CI_TOKEN: token,
};
const ORDERS = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Sim = ReturnType<typeof createSim>;
type Result = Awaited<ReturnType<typeof runAction>>;
interface Case {
  /** What the text promises, in a few words. */
  promise: string;
  sim: () => Sim;
  contexts?: Record<string, unknown>;
  /** Files the job has in its workspace (a checked-out repository). */
  files?: (example: Example) => Record<string, string>;
  github?: GitHubContext;
  check: (
    result: Result,
    sim: Sim,
    requests: { host: string; path: string; authorization?: string }[],
  ) => void;
}

function run(n: number, original: Record<string, unknown>, replays: Record<string, unknown>[]) {
  return { id: id(n), workflow: ORDERS.name, tasks: ['validate', 'charge'], original, replays };
}
const fixed = () =>
  createSim({
    workflows: [ORDERS],
    runs: [1, 2].map((n) =>
      run(n, { status: 'FAILED', error: 'PaymentError: declined' }, [
        { status: 'COMPLETED', durationMs: 200, staleMs: 100 },
      ]),
    ),
  });
const triggers = () =>
  createSim({
    workflows: [ORDERS],
    notFoundAfterTriggerMs: 300,
    triggers: {
      [ORDERS.name]: {
        tasks: ['validate', 'charge'],
        attempt: { status: 'COMPLETED', durationMs: 200 },
      },
    },
  });
const jsonl = (example: Example) => example.blocks.find((b) => b.lang === 'jsonl')?.text ?? '';
const cases = (result: Result) =>
  JSON.parse(result.outputs.results as string).map((r: { case?: string }) => r.case);
const passed = (result: Result, status = 'COMPLETED') => {
  expect(result.stdout.match(/::error[^\n]*/)?.[0]).toBeUndefined();
  expect(result.code).toBe(0);
  expect(result.outputs.status).toBe(status);
};

/** Each documented step, and what its text promises (several cases where it promises several). */
const CASES: Record<string, Case[]> = {
  'README.md › Quick start': [
    {
      promise: 'installs the CLI (checksum-verified), replays the failed run in place, passes',
      sim: () => orderProcessingSim(),
      check: (result, sim, requests) => {
        passed(result);
        expect(result.outputs).toMatchObject({ mode: 'replay', change: 'fixed' });
        expect(sim.commands('runs replay')).toEqual([
          expect.arrayContaining(['runs', 'replay', DEMO_RUN_ID]),
        ]);
        expect(requests.map((r) => `${r.host}${r.path}`)).toEqual([
          'api.github.com/repos/hatchet-dev/hatchet/releases',
          expect.stringMatching(
            /^github\.com\/.*\/v0\.104\.7\/hatchet_0\.104\.7_Linux_x86_64\.tar\.gz$/,
          ),
          'github.com/hatchet-dev/hatchet/releases/download/v0.104.7/checksums.txt',
        ]);
        // On github.com the default `github-token` is the job's token, sent to the API only.
        expect(requests.map((r) => r.authorization)).toEqual([
          `Bearer ${GITHUB_COM.token}`,
          undefined,
          undefined,
        ]);
      },
    },
  ],
  'README.md › Verify a fix after a deploy': [
    {
      promise: 'replays the FAILED runs of the last 24 h and passes when they complete',
      sim: () =>
        createSim({
          workflows: [ORDERS],
          runs: [
            {
              ...run(1, { status: 'FAILED', error: 'E' }, [
                { status: 'COMPLETED', durationMs: 200 },
              ]),
              createdAgoMs: 3_600_000,
            },
            { ...run(2, { status: 'COMPLETED' }, [{ status: 'COMPLETED' }]), createdAgoMs: 60_000 },
            {
              ...run(3, { status: 'FAILED', error: 'E' }, [{ status: 'COMPLETED' }]),
              createdAgoMs: 2 * 86_400_000,
            },
          ],
        }),
      check: (result, sim) => {
        passed(result);
        expect(sim.commands('runs replay').map((argv: string[]) => argv[2])).toEqual([id(1)]);
        expect(JSON.parse(result.outputs.selected as string)).toMatchObject({
          matched: 1,
          replayed: 1,
        });
        expect(result.outputs.change).toBe('fixed');
      },
    },
    {
      promise: 'passes when nothing is FAILED any more (on-no-match: pass)',
      sim: () =>
        createSim({
          workflows: [ORDERS],
          runs: [{ ...run(2, { status: 'COMPLETED' }, []), createdAgoMs: 60_000 }],
        }),
      check: (result, sim) => {
        passed(result, 'NO_MATCH');
        expect(sim.commands('runs replay')).toEqual([]);
      },
    },
  ],
  'README.md › Replay by hand': [
    {
      promise: 'empty input: replays the run as it was',
      sim: fixed,
      contexts: { inputs: { 'run-id': id(1), input: '' } },
      check: (result) => {
        passed(result);
        expect(result.outputs).toMatchObject({ mode: 'replay', 'run-id': id(1) });
      },
    },
    {
      promise: 'with input: re-triggers the workflow with it',
      sim: () => {
        const sim = fixed();
        const scenario = JSON.parse(readFileSync(join(sim.dir, 'scenario.json'), 'utf8'));
        scenario.triggers = {
          [ORDERS.name]: {
            tasks: ['validate', 'charge'],
            attempt: { status: 'COMPLETED', durationMs: 200 },
          },
        };
        writeFileSync(join(sim.dir, 'scenario.json'), JSON.stringify(scenario));
        return sim;
      },
      contexts: { inputs: { 'run-id': id(1), input: '{"orderId": 1001, "amount": 12990}' } },
      check: (result, sim) => {
        passed(result);
        expect(result.outputs.mode).toBe('retrigger');
        expect(result.outputs['run-id']).not.toBe(id(1));
        expect(sim.commands('trigger manual')).toHaveLength(1);
      },
    },
  ],
  'README.md › Gate pull requests on inputs kept in the repository': [
    {
      promise: 'triggers one run per line of the file and passes when all complete',
      sim: triggers,
      files: (example) => ({ '.github/hatchet/orders.jsonl': jsonl(example) }),
      check: (result, sim) => {
        passed(result);
        expect(result.outputs).toMatchObject({ mode: 'retrigger', 'original-run-id': '\n' });
        expect(cases(result)).toEqual(['card payment', 'free order']);
        expect(sim.commands('trigger manual')).toHaveLength(2);
      },
    },
  ],
  'README.md › Gate pull requests by replaying runs on a staging tenant': [
    {
      promise: 'passes when outputs are equal apart from the generated fields it ignores',
      sim: () => {
        const output = (charge: string, issued: string, item: string) => ({
          chargeId: charge,
          receipt: { issuedAt: issued, total: 12990 },
          items: [{ id: item, sku: 'sku-19' }],
        });
        return createSim({
          workflows: [ORDERS],
          runs: [1, 2].map((n) =>
            run(n, { status: 'COMPLETED', output: output('ch_1', '2026-12-01', 'i1') }, [
              { status: 'COMPLETED', durationMs: 200, output: output('ch_2', '2026-12-06', 'i2') },
            ]),
          ),
        });
      },
      contexts: { vars: { HATCHET_GATE_RUNS: `${id(1)}\n${id(2)}` } },
      check: (result, sim) => {
        passed(result);
        expect(result.outputs.change).toBe('still-passing');
        expect(sim.commands('runs replay')).toHaveLength(2);
      },
    },
    {
      promise: 'fails when an output field it does not ignore changed',
      sim: () =>
        createSim({
          workflows: [ORDERS],
          runs: [
            run(1, { status: 'COMPLETED', output: { receipt: { total: 12990 } } }, [
              { status: 'COMPLETED', durationMs: 200, output: { receipt: { total: 129 } } },
            ]),
          ],
        }),
      contexts: { vars: { HATCHET_GATE_RUNS: id(1) } },
      check: (result) => {
        expect(result.code).toBe(1);
        expect(result.outputs.passed).toBe('false');
        expect(result.summary).toContain('Output differs from the original');
      },
    },
  ],
  'README.md › Is the fix reliable?': [
    {
      promise: 'replays five times, one after the other, and passes when all five pass',
      sim: fixed,
      contexts: { inputs: { 'run-id': id(1) } },
      check: (result, sim) => {
        passed(result);
        expect(sim.commands('runs replay').map((argv: string[]) => argv[2])).toEqual(
          Array(5).fill(id(1)),
        );
      },
    },
    {
      promise:
        'a run that passes only sometimes fails the step and is called flaky with its pass rate',
      sim: () =>
        createSim({
          workflows: [ORDERS],
          runs: [
            run(1, { status: 'FAILED', error: 'E' }, [
              { status: 'COMPLETED', durationMs: 200 },
              { status: 'FAILED', error: 'Error: flaky', durationMs: 200 },
              { status: 'COMPLETED', durationMs: 200 },
            ]),
          ],
        }),
      contexts: { inputs: { 'run-id': id(1) } },
      check: (result) => {
        expect(result.code).toBe(1);
        expect(result.summary).toMatch(/flaky/i);
        expect(result.summary).toContain('4/5 attempts passed');
      },
    },
  ],
  'docs/test-reports.md › A gate that feeds a test reporter': [
    {
      promise: 'writes a JUnit and a CTRF file: a case per repetition, flaky where one failed',
      sim: () =>
        createSim({
          workflows: [ORDERS],
          runs: [
            run(1, { status: 'FAILED', error: 'E' }, [
              { status: 'COMPLETED', durationMs: 200 },
              { status: 'FAILED', error: 'Error: flaky', durationMs: 200 },
              { status: 'COMPLETED', durationMs: 200 },
            ]),
          ],
        }),
      contexts: { vars: { HATCHET_GATE_RUNS: id(1) } },
      check: (result) => {
        expect(result.code).toBe(1);
        const junit = readFileSync(result.outputs.junit as string, 'utf8');
        expect(junit.match(/<testcase /g)).toHaveLength(3);
        expect(junit.match(/<flakyFailure /g)).toHaveLength(2);
        const ctrf = JSON.parse(readFileSync(result.outputs.ctrf as string, 'utf8'));
        expect(ctrf.results.summary).toMatchObject({ tests: 3, passed: 2, failed: 1, flaky: 2 });
      },
    },
  ],
  'docs/self-hosted.md › Mirrors': [
    {
      promise: 'on GHES, installs the pinned version from the mirror and never asks GitHub',
      sim: fixed,
      github: GHES,
      contexts: { inputs: { 'run-id': id(1) } },
      check: (result, _sim, requests) => {
        passed(result);
        expect(requests.map((r) => r.host)).toEqual([
          'artifacts.example.com',
          'artifacts.example.com',
        ]);
      },
    },
  ],
  'docs/sharding.md › Sharding a large gate #1': [
    {
      promise: 'each shard triggers the cases of its own file and passes when they complete',
      sim: triggers,
      contexts: { matrix: { shard: 'refunds' } },
      files: () => ({
        '.github/hatchet/payments.jsonl': '{"name": "not this shard", "input": {"orderId": 1}}',
        '.github/hatchet/refunds.jsonl':
          '{"name": "full refund", "input": {"orderId": 7}}\n{"name": "partial refund", "input": {"orderId": 8}}',
      }),
      check: (result, sim) => {
        passed(result);
        expect(cases(result)).toEqual(['full refund', 'partial refund']);
        expect(sim.commands('trigger manual')).toHaveLength(2);
      },
    },
  ],
  'docs/sharding.md › Sharding a large gate #2': [
    {
      promise: 'a shard of run ids read into an output replays each of them',
      sim: fixed,
      contexts: { steps: { ids: { outputs: { list: `${id(1)}\n${id(2)}\n` } } } },
      check: (result, sim) => {
        passed(result);
        expect(
          sim
            .commands('runs replay')
            .map((argv: string[]) => argv[2])
            .sort(),
        ).toEqual([id(1), id(2)]);
      },
    },
  ],
};

describe('documented steps', () => {
  const examples = documentedSteps();

  it('lists every documented step, each with at least one case here', () => {
    expect(examples.map((e) => e.id).sort()).toEqual(Object.keys(CASES).sort());
    for (const [example, list] of Object.entries(CASES))
      expect(list.length, example).toBeGreaterThan(0);
  });

  const table = examples.flatMap((example) =>
    (CASES[example.id] ?? []).map((c) => [`${example.id}: ${c.promise}`, example, c] as const),
  );
  it.concurrent.each(table)('%s', async (_name, example, c) => {
    const sim = c.sim();
    const runner = runnerFiles();
    for (const [path, text] of Object.entries(c.files?.(example) ?? {})) {
      mkdirSync(dirname(join(runner.workspace, path)), { recursive: true });
      writeFileSync(join(runner.workspace, path), text);
    }
    const github = c.github ?? GITHUB_COM;
    const contexts = {
      github: { server_url: github.serverUrl, token: github.token, repository: github.repository },
      secrets,
      inputs: {},
      vars: {},
      ...c.contexts,
    };
    const inputs = Object.fromEntries(
      Object.entries(example.step.with ?? {}).map(([name, value]) => [
        name,
        interpolate(String(value), contexts),
      ]),
    );
    const internet = await startInternet();
    const result = await runAction({
      inputs,
      runner,
      github,
      internet,
      env: { HATCHET_SIM_DIR: sim.dir },
    });
    await internet.close();
    c.check(result, sim, internet.requests);
  });
});
