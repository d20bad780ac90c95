import { describe, expect, it } from 'vitest';
import {
  TERMINAL_STATUSES,
  UUID,
  elapsedMs,
  eventsSchema,
  idsSchema,
  isTerminal,
  logLinesSchema,
  runDetailsSchema,
  runListSchema,
  shapeSchema,
  taskSchema,
  triggerSchema,
  workflowSchema,
} from '../../../src/hatchet/schemas.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

describe('isTerminal', () => {
  it.each([
    ['COMPLETED', true],
    ['FAILED', true],
    ['CANCELLED', true],
    ['RUNNING', false],
    ['QUEUED', false],
    ['BACKOFF', false],
    ['completed', false],
    ['', false],
  ])('%s → %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });

  it('lists the three finished statuses', () => {
    expect(TERMINAL_STATUSES).toEqual(['COMPLETED', 'FAILED', 'CANCELLED']);
  });
});

describe('elapsedMs', () => {
  const start = '2026-08-22T14:00:00.000Z';
  it.each<[string, Parameters<typeof elapsedMs>[0], number | undefined]>([
    [
      'finishedAt − startedAt',
      {
        status: 'COMPLETED',
        startedAt: start,
        finishedAt: '2026-08-22T14:00:01.500Z',
        duration: 9,
      },
      1_500,
    ],
    ['the duration field without times', { status: 'FAILED', duration: 700 }, 700],
    ['a zero duration', { status: 'CANCELLED', duration: 0 }, 0],
    [
      'the duration when the times run backwards',
      { status: 'COMPLETED', startedAt: start, finishedAt: '2026-08-22T13:59:00Z', duration: 40 },
      40,
    ],
    [
      'the duration when a time does not parse',
      { status: 'COMPLETED', startedAt: 'soon', finishedAt: start, duration: 40 },
      40,
    ],
    ['nothing while running', { status: 'RUNNING', startedAt: start, duration: -1e12 }, undefined],
    ['nothing for a negative duration', { status: 'FAILED', duration: -5 }, undefined],
    ['nothing with neither', { status: 'COMPLETED', startedAt: start }, undefined],
  ])('%s', (_name, item, ms) => {
    expect(elapsedMs(item)).toBe(ms);
  });
});

describe('runDetailsSchema', () => {
  it('fills what the CLI leaves out, and reads the zero time as absent', () => {
    const details = runDetailsSchema.parse({
      run: {
        metadata: { id: RUN },
        status: 'COMPLETED',
        input: null,
        createdAt: '0001-01-01T00:00:00Z',
        startedAt: '',
      },
      tasks: null,
      shape: null,
    });
    expect(details.run).toMatchObject({
      displayName: '',
      input: {},
      output: {},
      errorMessage: '',
    });
    expect(details.run.createdAt).toBeUndefined();
    expect(details.run.startedAt).toBeUndefined();
    expect([details.tasks, details.taskEvents, details.shape]).toEqual([[], [], []]);
  });

  it.each<[string, object]>([
    ['a run without an id', { run: { metadata: { id: '' }, status: 'COMPLETED' } }],
    ['a run without a status', { run: { metadata: { id: RUN }, status: '' } }],
    [
      'an output that is not an object',
      { run: { metadata: { id: RUN }, status: 'X', output: [] } },
    ],
  ])('refuses %s', (_name, document) => {
    expect(runDetailsSchema.safeParse(document).success).toBe(false);
  });
});

describe('taskSchema and shapeSchema', () => {
  it('gives a task its defaults', () => {
    expect(taskSchema.parse({ metadata: { id: 't' }, status: 'QUEUED' })).toMatchObject({
      displayName: '',
      errorMessage: '',
      retryCount: 0,
    });
  });

  it('reads missing or null children as none', () => {
    expect(shapeSchema.parse({ childrenStepIds: null }).childrenStepIds).toEqual([]);
    expect(shapeSchema.parse({}).childrenStepIds).toEqual([]);
    expect(shapeSchema.parse({ childrenStepIds: ['a'] }).childrenStepIds).toEqual(['a']);
  });
});

describe('list answers', () => {
  it.each([
    ['idsSchema', idsSchema, { ids: null }, { ids: [] }],
    ['idsSchema', idsSchema, { ids: ['a'] }, { ids: ['a'] }],
    ['logLinesSchema', logLinesSchema, null, []],
    ['eventsSchema', eventsSchema, null, []],
    ['runListSchema', runListSchema, { rows: null }, { rows: [] }],
  ] as const)('%s: %j → %j', (_name, schema, document, value) => {
    expect(schema.parse(document)).toEqual(value);
  });

  it('gives a log line an empty message and no zero time', () => {
    expect(logLinesSchema.parse([{ timestamp: '0001-01-01T00:00:00Z' }])).toEqual([
      { message: '', timestamp: undefined },
    ]);
  });
});

describe('ids that go back to the CLI and into links', () => {
  it.each([
    [RUN, true],
    [RUN.toUpperCase(), true],
    [`${RUN}x`, false],
    ['x](https://evil.example)', false],
    ['0b5e1c6a2f434f0e9a596a1c3e7d9b21', false],
  ])('%s → %s', (id, ok) => {
    expect(UUID.test(id)).toBe(ok);
    expect(triggerSchema.safeParse({ runId: id }).success).toBe(ok);
    expect(
      runListSchema.safeParse({ rows: [{ metadata: { id }, status: 'FAILED' }] }).success,
    ).toBe(ok);
  });

  it('wants a workflow with a name', () => {
    expect(workflowSchema.safeParse({ name: 'orders' }).success).toBe(true);
    expect(workflowSchema.safeParse({ name: '' }).success).toBe(false);
  });
});
