import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  eventsSchema,
  idsSchema,
  logLinesSchema,
  runDetailsSchema,
  runListSchema,
  triggerSchema,
  versionSchema,
  workflowSchema,
} from '../../src/hatchet/schemas.js';
import { CANARY_COMMANDS, missingFlags } from '../../scripts/canary-commands.mjs';
import {
  BEHAVIOUR_DIR,
  cli,
  engineState,
  profileHome,
  triggerOriginal,
  waitFinished,
} from './engine.mjs';
import { DAG, TASK, setBehaviour } from './workflows.mjs';

// The real CLI (v0.104.7, built by hatchet:up) against the real engine: every command the action
// runs prints JSON its zod schema accepts, and every flag the action passes is in `--help`
// (what the canary checks against a released CLI, which cannot be downloaded here).

type State = ReturnType<typeof engineState>;
let state: State;
let home: string;
let dagRun: string;
let taskRun: string;

async function json(args: string[]) {
  const result = await cli(state, home, args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as unknown;
}

beforeAll(async () => {
  state = engineState();
  home = profileHome(state);
  const key = `cli-${Date.now()}`;
  setBehaviour(BEHAVIOUR_DIR, key, { left: { mode: 'fail', error: 'LeftError: for the schema' } });
  dagRun = await triggerOriginal(state, DAG, { key, value: 1 });
  taskRun = await triggerOriginal(state, TASK, { key, value: 2 });
  await Promise.all([waitFinished(state, home, dagRun), waitFinished(state, home, taskRun)]);
}, 120_000);

describe('every flag the action passes exists in the real CLI', () => {
  it.each(CANARY_COMMANDS.map((c) => [c.command.join(' ') || '(root)', c]))(
    'hatchet %s --help',
    async (_name, { command, flags }) => {
      const result = await cli(state, home, [...command, '--help'], { json: false, profile: '' });
      expect(result.code).toBe(0);
      expect(missingFlags(result.stdout, flags)).toEqual([]);
    },
  );
});

describe('the schemas parse the real CLI output', () => {
  it('--version', async () => {
    const result = await cli(state, home, ['--version'], { json: false, profile: '' });
    expect(result.code).toBe(0);
    expect(versionSchema.parse(result.stdout.trim())).toBe(state.version.replace(/^v/, ''));
  });

  it('runs get of a DAG run and of a standalone task run', async () => {
    const dag = runDetailsSchema.parse(await json(['runs', 'get', dagRun]));
    expect(dag.run.status).toBe('FAILED');
    expect(dag.tasks.map((t) => t.displayName.replace(/-\d+$/, '')).sort()).toEqual([
      'join',
      'left',
      'right',
      'root',
    ]);
    expect(dag.shape).toHaveLength(4);
    expect(dag.taskEvents.length).toBeGreaterThan(0);
    const task = runDetailsSchema.parse(await json(['runs', 'get', taskRun]));
    expect(task.run.status).toBe('COMPLETED');
    expect(task.tasks).toHaveLength(1);
  });

  it('runs events, runs logs (run id, task id with --tail and --since)', async () => {
    const events = eventsSchema.parse(await json(['runs', 'events', taskRun]));
    expect(events.map((e) => e.eventType)).toContain('FINISHED');
    const dag = runDetailsSchema.parse(await json(['runs', 'get', dagRun]));
    const left = dag.tasks.find((t) => t.displayName.startsWith('left'))!;
    logLinesSchema.parse(await json(['runs', 'logs', dagRun]));
    logLinesSchema.parse(await json(['runs', 'logs', left.metadata.id, '--tail', '50']));
    logLinesSchema.parse(await json(['runs', 'logs', taskRun, '--tail', '50', '--since', '1h']));
  });

  it('runs list with every filter the action passes', async () => {
    const page = runListSchema.parse(
      await json([
        'runs',
        'list',
        '-w',
        DAG,
        '--status',
        'FAILED,COMPLETED',
        '--since',
        '1h',
        '--limit',
        '5',
        '--offset',
        '0',
      ]),
    );
    expect(page.rows.map((r) => r.metadata.id)).toContain(dagRun);
    runListSchema.parse(await json(['runs', 'list', '-w', DAG, '--since', '1h', '--until', '1s']));
  });

  it('workflows get, trigger manual, runs replay, runs cancel', async () => {
    const dag = runDetailsSchema.parse(await json(['runs', 'get', dagRun]));
    const workflow = workflowSchema.parse(await json(['workflows', 'get', dag.run.workflowId!]));
    expect(workflow.name).toBe(DAG);

    const file = join(mkdtempSync(join(tmpdir(), 'input-')), 'input.json');
    writeFileSync(file, JSON.stringify({ key: `cli-trigger-${Date.now()}`, value: 3 }));
    const triggered = triggerSchema.parse(
      await json(['trigger', 'manual', '-w', TASK, '-j', file]),
    );
    expect(triggered.workflow).toBe(TASK);
    await waitFinished(state, home, triggered.runId);

    const replayed = idsSchema.parse(await json(['runs', 'replay', taskRun]));
    expect(replayed.ids.length).toBeGreaterThan(0);
    const cancelled = idsSchema.parse(await json(['runs', 'cancel', triggered.runId]));
    expect(cancelled.ids).toEqual([triggered.runId]);
  });
});
