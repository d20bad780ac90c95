import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { validate } from 'ctrf';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { convertJUnitToCTRFReport } from 'junit-to-ctrf';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  createSim,
  jobLogView,
  makeToken,
  runAction,
  workflowCommands,
} from '../harness/sim.mjs';

// The `junit` and `ctrf` files of the bundled action, read by the consumers teams use, on a gate
// of mixed outcomes: a run still failing with hostile error text, a fixed one, a flaky one.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const token = makeToken();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const HOSTILE =
  'Boom ]]> <b>bold</b> & "q" \u0000\u0008\u001b[31mred\u001b[0m \ud800 \uffff\n::error::injected\n</failure>';
const exec = promisify(execFile);

function run(n: number, replays: Record<string, unknown>[], original = { status: 'FAILED' }) {
  return {
    id: id(n),
    workflow: WF.name,
    tasks: ['validate', 'charge'],
    original: { ...original, error: 'PaymentError: declined (got 129.9)' },
    replays: replays.map((r) => ({ staleMs: 100, durationMs: 300, ...r })),
  };
}

const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  isArray: (name) => ['testcase', 'property', 'flakyFailure', 'rerunFailure'].includes(name),
});

describe.concurrent('test reports of the bundled action', () => {
  it('a gate with repeat: JUnit and CTRF files the consumers read to the same results', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        run(1, [{ status: 'FAILED', error: HOSTILE }]),
        run(2, [{ status: 'COMPLETED' }]),
        run(3, [
          { status: 'COMPLETED' },
          { status: 'FAILED', error: 'TimeoutError: provider did not answer in 30s' },
          { status: 'COMPLETED' },
        ]),
      ],
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': [1, 2, 3].map(id).join('\n'), repeat: '3', token },
    });
    expect(result.code).toBe(1);
    const [junit, ctrf, report] = ['junit', 'ctrf', 'report'].map((name) => {
      const path = result.outputs[name];
      if (!path) throw new Error(`output ${name} is not set`);
      return path;
    }) as [string, string, string];
    // Beside the report file, under RUNNER_TEMP.
    expect(dirname(junit)).toBe(dirname(report));
    expect(dirname(ctrf)).toBe(dirname(report));
    expect(junit.startsWith(result.runner.temp)).toBe(true);

    const xml = readFileSync(junit, 'utf8');
    expect(XML_CHAR.test(xml)).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parser.parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '9', failures: '4', errors: '0' });
    const cases = suite.testcase as {
      name: string;
      failure?: { text: string; message: string; type: string };
      flakyFailure?: { message: string }[];
    }[];
    expect(cases.map((c) => c.name)).toEqual(
      [1, 2, 3].flatMap((n) => {
        const name = `order-processing ${id(n).slice(0, 8)}`;
        return [name, `${name} #2`, `${name} #3`];
      }),
    );
    const hostile = cases[0]?.failure;
    expect(hostile?.type).toBe('FAILED');
    expect(hostile?.message).toBe(
      'replay FAILED in charge, expected COMPLETED (fails-differently)',
    );
    expect(hostile?.text).toContain('Boom ]]> <b>bold</b> & "q"');
    expect(hostile?.text).not.toMatch(/^::/m);
    // Nor did it act as a workflow command in the job log.
    const commands = workflowCommands(result.stdout);
    expect(commands.filter((c) => c.data.startsWith('injected'))).toEqual([]);
    // The flaky run: its passed repetitions carry the failed one's failure.
    expect(cases[6]?.flakyFailure?.[0]?.message).toMatch(/^Repetition 2: replay FAILED in charge/);
    expect(cases[7]?.failure?.text).toContain('TimeoutError: provider did not answer in 30s');
    expect(cases[8]?.flakyFailure).toHaveLength(1);

    const ours = JSON.parse(readFileSync(ctrf, 'utf8'));
    expect(validate(ours)).toEqual({ valid: true, errors: [] });
    expect(ours.results.summary).toMatchObject({ tests: 9, passed: 5, failed: 4, flaky: 2 });
    const read = await convertJUnitToCTRFReport(junit, { useSuiteName: false });
    expect(read?.results.summary).toMatchObject({ tests: 9, passed: 5, failed: 4, flaky: 2 });
    expect(read?.results.tests.map((t) => t.name)).toEqual(
      ours.results.tests.map((t: { name: string }) => t.name),
    );

    // The summary quotes the real error, never its signature.
    expect(result.summary).toContain('TimeoutError&#58; provider did not answer in 30s');
    expect(result.summary).not.toMatch(/&lt;n&gt;|&lt;str&gt;/);

    const summary = join(result.runner.dir, 'ctrf-summary.md');
    writeFileSync(summary, '');
    await exec(
      process.execPath,
      [join(ROOT, 'node_modules/github-actions-ctrf/dist/core/cli.js'), 'summary', ctrf],
      {
        env: {
          PATH: process.env.PATH,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_REPOSITORY: 'owner/repo',
          GITHUB_RUN_ID: '1',
          GITHUB_SERVER_URL: 'https://github.com',
        },
        timeout: 60_000,
      },
    );
    expect(readFileSync(summary, 'utf8')).toMatch(/\| 9 \| 5 \| 4 \| 0 \| 0 \| 0 \| 2 \|/);
  }, 120_000);

  it('invalid inputs: one test case in error saying why', async () => {
    const result = await runAction({ inputs: { 'run-id': 'not-a-run', token } });
    expect(result.code).toBe(1);
    const xml = readFileSync(result.outputs.junit as string, 'utf8');
    const suite = parser.parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '1', errors: '1' });
    expect(suite.testcase[0].error.type).toBe('ERROR');
    expect(suite.testcase[0].error.message).toMatch(/^Invalid inputs: Input `run-id`/);
    const ctrf = JSON.parse(readFileSync(result.outputs.ctrf as string, 'utf8'));
    expect(validate(ctrf).valid).toBe(true);
    expect(ctrf.results.summary).toMatchObject({ tests: 1, failed: 1 });
  });

  it.each([
    ['pass', 'skipped', 0],
    ['fail', 'failed', 1],
  ])(
    'no match (on-no-match: %s): one %s case; the Select runs group holds its line',
    async (onNoMatch, status, code) => {
      const sim = createSim({ workflows: [WF], runs: [] });
      const result = await runAction({
        sim,
        inputs: { 'select-workflow': WF.name, 'on-no-match': onNoMatch, token },
      });
      expect(result.code).toBe(code);
      const ctrf = JSON.parse(readFileSync(result.outputs.ctrf as string, 'utf8'));
      expect(validate(ctrf).valid).toBe(true);
      expect(ctrf.results.tests.map((t: { status: string }) => t.status)).toEqual([status]);
      expect(readFileSync(result.outputs.junit as string, 'utf8')).toMatch(
        status === 'skipped' ? /<skipped message="No run to replay: No run matched/ : /<failure /,
      );
      const log = jobLogView(result.stdout);
      // The CLI's version line may land here: its check runs beside the first calls.
      expect(log).toMatch(
        /▶ Select runs\n(?:Hatchet CLI [^\n]*\n)?0 run\(s\) matched; replaying 0\.\n◀/,
      );
    },
  );
});
