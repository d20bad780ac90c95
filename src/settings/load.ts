import * as core from '../text/actions.js';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { readTokenClaims } from '../hatchet/profile.js';
import type { TerminalStatus } from '../hatchet/schemas.js';
import { parseInputFile, type InputCase } from './cases.js';
import { INPUT_DEFAULTS, INPUT_SCHEMAS, isChosen, type InputName } from './inputs.js';
import { checkCombinations } from './combinations.js';
import type { Selection } from '../run/select.js';
import { registerSecret } from '../text/secrets.js';

export interface Settings {
  runIds: string[];
  selection?: Selection;
  /** The new input (re-trigger or trigger mode); undefined = replay mode. */
  input?: Record<string, unknown>;
  /** Several inputs from `input-file`: one run per case. */
  cases?: InputCase[];
  workflow?: string;
  profile: string;
  token?: string;
  expectedStatus: TerminalStatus;
  timeoutMs: number;
  pollIntervalMs: number;
  cancelOnAbort: boolean;
  version: string;
  install: boolean;
  downloadUrl?: string;
  githubToken?: string;
  logLines: number;
  summary: boolean;
  concurrency: number;
  compareOutput: boolean;
  /** Output fields left out of the comparison (JSON pointers or dotted paths). */
  compareIgnore: string[];
  startTimeoutMs?: number;
  repeat: number;
}

export class InputError extends Error {
  /** Whether the job summary is wanted (`summary` is not `false`), to report the problem there. */
  constructor(
    message: string,
    readonly summary = true,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export type InputReader = (name: string) => string;

export interface InputSources {
  getInput?: InputReader;
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
  setSecret?: (secret: string) => void;
}

/** Reads one input through its schema (its default when empty); a bad value adds a problem. */
type Read = <K extends InputName>(name: K) => z.output<(typeof INPUT_SCHEMAS)[K]> | undefined;

/**
 * Reads every input of action.yml into typed settings. The token is registered as a secret before
 * anything else happens, so no later message can print it. All bad inputs are reported at once.
 */
export function loadInputs(sources: InputSources = {}): Settings {
  const getInput: InputReader = sources.getInput ?? ((name) => core.getInput(name));
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const problems: string[] = [];
  const { token, githubToken } = readSecrets(sources, getInput, problems);
  const given = (name: string) => isChosen(name, getInput(name));
  const read = inputReader(getInput, problems);

  const { input, cases } = readNewInput(getInput, readFile, read, problems);
  const settings = {
    ...readRuns(read, given),
    input,
    cases,
    workflow: read('workflow') || undefined,
    profile: read('profile'),
    token: token || undefined,
    expectedStatus: read('expected-status'),
    timeoutMs: read('timeout'),
    pollIntervalMs: read('poll-interval'),
    cancelOnAbort: read('cancel-on-abort'),
    version: read('version'),
    install: read('install'),
    downloadUrl: read('download-url') || undefined,
    githubToken: githubToken || undefined,
    logLines: read('log-lines'),
    summary: read('summary'),
    concurrency: read('concurrency'),
    compareOutput: read('compare-output'),
    compareIgnore: read('compare-ignore') ?? [],
    startTimeoutMs: read('start-timeout'),
    repeat: read('repeat'),
  };
  problems.push(...checkCombinations(settings, given));
  if (problems.length > 0) throw new InputError(problems.join('\n'), settings.summary !== false);
  return settings as Settings;
}

/**
 * The Hatchet token (input `token`, else the env HATCHET_CLIENT_TOKEN) and `github-token`, each
 * registered as a secret at once; a Hatchet token that is not a JWT adds a problem.
 */
function readSecrets(
  sources: InputSources,
  getInput: InputReader,
  problems: string[],
): { token: string; githubToken: string } {
  const env = sources.env ?? process.env;
  const token = (getInput('token').trim() || env.HATCHET_CLIENT_TOKEN?.trim()) ?? '';
  const githubToken = getInput('github-token').trim();
  const setSecret = sources.setSecret ?? ((secret: string) => core.setSecret(secret));
  registerSecret(token, setSecret);
  registerSecret(githubToken, setSecret);
  if (token) {
    try {
      readTokenClaims(token);
    } catch (error) {
      const from = getInput('token').trim() ? 'Input `token`' : 'The env HATCHET_CLIENT_TOKEN';
      problems.push(`${from} ${(error as Error).message}.`);
    }
  }
  return { token, githubToken };
}

/** Reads inputs through their schemas, adding each bad one to `problems`. */
function inputReader(getInput: InputReader, problems: string[]): Read {
  return <K extends InputName>(name: K) => {
    const raw = getInput(name);
    const text = raw.trim() === '' ? INPUT_DEFAULTS[name] : raw;
    if (text === undefined) return undefined;
    const parsed = INPUT_SCHEMAS[name].safeParse(text);
    if (parsed.success) return parsed.data as z.output<(typeof INPUT_SCHEMAS)[K]>;
    problems.push(`Input \`${name}\` ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
    return undefined;
  };
}

/** Which runs to act on: `run-id`, or the `select-*` filter when `select-workflow` is set. */
function readRuns(read: Read, given: (name: string) => boolean) {
  const selectWorkflow = read('select-workflow') || undefined;
  return {
    runIds: (given('run-id') ? read('run-id') : undefined) ?? [],
    selection: selectWorkflow
      ? {
          workflow: selectWorkflow,
          statuses: read('select-status'),
          since: read('select-since'),
          until: read('select-until') || undefined,
          limit: read('select-limit'),
          onNoMatch: read('on-no-match'),
        }
      : undefined,
  };
}

function readNewInput(
  getInput: InputReader,
  readFile: (path: string) => string,
  read: (name: 'input') => Record<string, unknown> | undefined,
  problems: string[],
): { input?: Record<string, unknown>; cases?: InputCase[] } {
  const inputFile = getInput('input-file').trim();
  if (getInput('input').trim() && inputFile) {
    problems.push('Inputs `input` and `input-file` are both set: use one of them.');
    return {};
  }
  if (!inputFile) return { input: getInput('input').trim() ? read('input') : undefined };
  let text: string;
  try {
    text = readFile(inputFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    problems.push(`Input \`input-file\` names a file that cannot be read (${inputFile}): ${code}.`);
    return {};
  }
  try {
    const content = parseInputFile(text);
    return content.kind === 'single' ? { input: content.input } : { cases: content.cases };
  } catch (error) {
    problems.push(`Input \`input-file\` (${inputFile}) ${(error as Error).message}.`);
    return {};
  }
}
