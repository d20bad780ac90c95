import { z } from 'zod';

export const TERMINAL_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: string): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * How long a run or task took: finishedAt − startedAt, else its `duration` field, which is only
 * meaningful once it is terminal (0 before the start, a huge negative number while running).
 */
export function elapsedMs(item: {
  status: string;
  startedAt?: string;
  finishedAt?: string;
  duration?: number;
}): number | undefined {
  if (!isTerminal(item.status)) return undefined;
  if (item.startedAt && item.finishedAt) {
    const ms = Date.parse(item.finishedAt) - Date.parse(item.startedAt);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  return item.duration !== undefined && item.duration >= 0 ? item.duration : undefined;
}

/** The CLI prints a time that was never set as `0001-01-01T00:00:00Z`: treat it as absent. */
const time = z
  .string()
  .optional()
  .transform((value) => (!value || value.startsWith('0001-01-01') ? undefined : value));

/** Unknown future statuses are accepted as strings; `isTerminal` treats them as not finished. */
const status = z.string().min(1);
const jsonObject = z.record(z.string(), z.unknown());

const metadata = z.object({ id: z.string().min(1) });

export const taskSchema = z.object({
  metadata,
  taskExternalId: z.string().optional(),
  /** `<workflow>:<task>`: the task's entry in `workflowConfig.Tasks` (its `Action`). */
  actionId: z.string().optional(),
  displayName: z.string().default(''),
  status,
  errorMessage: z.string().optional().default(''),
  retryCount: z.number().optional().default(0),
  attempt: z.number().optional(),
  startedAt: time,
  finishedAt: time,
  duration: z.number().optional(),
  output: z.unknown().optional(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskEventSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  taskId: z.string().optional(),
  timestamp: time,
  eventType: z.string().default(''),
  message: z.string().optional().default(''),
  errorMessage: z.string().optional(),
  retryCount: z.number().optional(),
  attempt: z.number().optional(),
  taskDisplayName: z.string().optional(),
  workerId: z.string().optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const shapeSchema = z.object({
  taskExternalId: z.string().optional(),
  stepId: z.string().optional(),
  childrenStepIds: z
    .array(z.string())
    .nullish()
    .transform((ids) => ids ?? []),
  taskName: z.string().default(''),
});
export type ShapeNode = z.infer<typeof shapeSchema>;

/**
 * The options the run's workflow version was registered with; only each task's `Retries` is
 * read. Anything unexpected reads as unknown (undefined), never as a failed parse.
 */
const workflowConfigSchema = z
  .object({
    Tasks: z
      .array(z.object({ Action: z.string().optional(), Retries: z.number().nullish() }))
      .nullish(),
  })
  .optional()
  .catch(undefined);

export const runDetailsSchema = z.object({
  run: z.object({
    metadata,
    status,
    displayName: z.string().default(''),
    workflowId: z.string().optional(),
    tenantId: z.string().optional(),
    input: jsonObject.nullish().transform((v) => v ?? {}),
    output: jsonObject.nullish().transform((v) => v ?? {}),
    errorMessage: z.string().optional().default(''),
    startedAt: time,
    finishedAt: time,
    createdAt: time,
    duration: z.number().optional(),
    payloadsRestricted: z.boolean().optional(),
  }),
  // Optional fields are omitted by the CLI and `taskEvents` is `[]` for standalone task runs.
  tasks: z
    .array(taskSchema)
    .nullish()
    .transform((v) => v ?? []),
  taskEvents: z
    .array(taskEventSchema)
    .nullish()
    .transform((v) => v ?? []),
  shape: z
    .array(shapeSchema)
    .nullish()
    .transform((v) => v ?? []),
  workflowConfig: workflowConfigSchema,
});
export type RunDetails = z.infer<typeof runDetailsSchema>;

export const idsSchema = z.object({
  ids: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The new run's id is passed back to the CLI and shown in links: it must be a UUID.
export const triggerSchema = z.object({
  runId: z.string().regex(UUID),
  workflow: z.string().optional(),
});

export const workflowSchema = z.object({ name: z.string().min(1) });

// `runs logs` and `runs events` print `null` when there is nothing (or the run is unknown).
export const logLinesSchema = z
  .array(
    z.object({
      task: z.string().optional(),
      timestamp: time,
      level: z.string().optional(),
      message: z.string().default(''),
    }),
  )
  .nullable()
  .transform((v) => v ?? []);
export type LogLine = z.infer<typeof logLinesSchema>[number];

export const eventsSchema = z
  .array(taskEventSchema)
  .nullable()
  .transform((v) => v ?? []);

export const versionSchema = z.string();

// `runs list`: a page of run summaries, newest first (V1TaskSummary; input/output are `{}`).
export const runListSchema = z.object({
  pagination: z
    .object({
      current_page: z.number().optional(),
      next_page: z.number().optional(),
      num_pages: z.number().optional(),
    })
    .optional(),
  rows: z
    .array(
      z.object({
        // The id goes back to the CLI and into dashboard links: it must be a run id.
        metadata: z.object({ id: z.string().regex(UUID) }),
        workflowRunExternalId: z.string().optional(),
        status,
        displayName: z.string().default(''),
        workflowName: z.string().optional(),
        createdAt: time,
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});
export type RunSummary = z.infer<typeof runListSchema>['rows'][number];
