// @ts-check
'use strict';
/*
 * The simulator's types (JSDoc only: this module exports nothing at run time). The scenario
 * types are documented in README.md next to the simulator; the engine's are the model's own.
 */

/* ------------------------------------------------------------------ the scenario */

/**
 * @typedef {'transaction' | 'events-first'} EnginePath
 * @typedef {{
 *   path: EnginePath, eventLagMs: number, taskLagMs: number, dagLagMs: number,
 *   jobIntervalMs: number, downstreamResetMs: number, retryGapMs: number, cancelDelayMs: number
 * }} Engine
 * @typedef {Record<string, unknown>} Json
 * @typedef {Partial<Engine> & {
 *   status?: string, durationMs?: number, queuedMs?: number, staleMs?: number, ageMs?: number,
 *   failTaskIndex?: number, error?: string, output?: Json, taskOutputs?: Record<string, Json>,
 *   logs?: Record<string, string[]>, logLines?: number, retries?: Record<string, number>,
 *   retryError?: string, dropped?: boolean, neverResetTask?: string, engine?: Partial<Engine>
 * }} AttemptSpec
 * @typedef {{
 *   id: string, workflow?: string, workflowId?: string, kind?: string, tasks?: string[],
 *   taskName?: string, parents?: Record<string, string[]>, input?: Json, additionalMetadata?: Json,
 *   payloadsRestricted?: boolean, createdAt?: number, createdAgoMs?: number,
 *   original?: AttemptSpec, replays?: AttemptSpec[], engine?: Partial<Engine>
 * }} RunSpec
 * @typedef {{
 *   count: number, idSeed?: string, workflow?: string, workflowId?: string, kind?: string,
 *   tasks?: string[], taskName?: string, newestAgoMs?: number, everyMs?: number,
 *   statuses?: string[], original?: AttemptSpec, replays?: AttemptSpec[],
 *   engine?: Partial<Engine>, input?: Json, additionalMetadata?: Json
 * }} RunGroup
 * @typedef {{
 *   kind?: string, tasks?: string[], taskName?: string, parents?: Record<string, string[]>,
 *   attempt?: AttemptSpec, byInput?: { match: Json, attempt: AttemptSpec }[],
 *   replays?: AttemptSpec[], fail?: string, engine?: Partial<Engine>,
 *   payloadsRestricted?: boolean, additionalMetadata?: Json
 * }} TriggerTemplate
 * @typedef {{ id: string, name: string, description?: string }} Workflow
 * @typedef {{
 *   tenantId?: string, workflows?: Workflow[], runs?: RunSpec[], runGroups?: RunGroup[],
 *   triggers?: Record<string, TriggerTemplate>, notFoundAfterTriggerMs?: number,
 *   replayLockMs?: number,
 *   engine?: Partial<Engine>, rejectedTokens?: string[], faults?: unknown[]
 * }} Scenario
 * @typedef {{ type: 'replay', runId: string, t: number, bulk?: boolean }
 *   | { type: 'cancel', runId: string, t: number }
 *   | { type: 'trigger', runId: string, workflow: string, workflowId: string, input: Json, t: number }
 * } Action
 * @typedef {{ epoch: number, actions: Action[] }} History
 */

/* ------------------------------------------------------------------ the engine timeline */

/**
 * @typedef {{
 *   id: string, kind: 'dag' | 'task', workflowName: string, workflowId: string,
 *   workflowNamed: boolean, taskNames: string[], parents: number[][], children: number[][],
 *   taskIds: string[], stepIds: string[], input: Json, additionalMetadata: Json,
 *   payloadsRestricted: boolean, createdAt: number, visibleFrom: number, firstStart: number | null,
 *   original: AttemptSpec, originalDurationMs: number, replays: AttemptSpec[],
 *   engine: Partial<Engine> | undefined
 * }} RunDef
 * @typedef {{
 *   seq: number, id: number, attempt: number, task: number, retryCount: number, type: string,
 *   status: string, at: number, visibleAt: number, rowAt: number | null, dagAt: number | null,
 *   message: string, error: string, output: Json | undefined, worker: boolean
 * }} TaskEvent
 * @typedef {{
 *   attempt: number, task: number, retryCount: number, start: number, logEnd: number,
 *   cut: number, failed: boolean, error: string, spec: AttemptSpec
 * }} Try
 * @typedef {{
 *   index: number, spec: AttemptSpec, opts: Engine, processedAt: number,
 *   firstStart: number | null, defaultDurationMs: number, base: number[], end: number
 * }} Attempt
 * @typedef {{ def: RunDef, events: TaskEvent[], tries: Try[], attempts: Attempt[] }} Timeline
 * @typedef {{ status: string, retryCount: number, createdAt: number }} Row
 * @typedef {(
 *   task: number, retryCount: number, type: string, at: number,
 *   extra?: { message?: string, error?: string, output?: Json, worker?: boolean }
 * ) => void} Emit
 * @typedef {{
 *   timeline: Timeline, def: RunDef, index: number, spec: AttemptSpec, opts: Engine,
 *   processedAt: number, firstStart: number | null, base: number[], outcome: string[],
 *   retries: number[], slot: number, emit: Emit, ends: (number | null)[], finals: number[]
 * }} Plan
 *   Attempt `index` of a run being planned: per task its first retry count (`base`), outcome
 *   (a status, 'RUNNING', 'CASCADE', 'QUEUED' or 'NONE') and retries; the length of one try
 *   (`slot`); when each task's last try ended (`ends`, Infinity: never) and its outcome is
 *   final (`finals`).
 */

/* ------------------------------------------------------------------ a call */

/**
 * @typedef {string | number | boolean | string[] | undefined} FlagValue
 * @typedef {{
 *   command: string, args: string[], flags: Record<string, FlagValue>, t: number,
 *   auth: { valid: boolean }, jsonFile?: { path: string, text?: string, error?: string }
 * }} Request
 * @typedef {{ exit: number, stdout: string, record?: Action[] } | { fatal: string, record?: Action[] }} Response
 */

module.exports = {};
