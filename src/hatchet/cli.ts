import { execFileSync } from 'node:child_process';
import type { z } from 'zod';
import { redact } from '../text/secrets.js';
import { type Child, armStops, collectOutput, startChild, startFailure } from './child.js';
import { HatchetCliError, classifyError, errorLine, excerpt } from './errors.js';
import { Limiter } from './limiter.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The `hatchet` executable (a path, or a name looked up on PATH). */
  binary: string;
  profile: string;
  /** A private HOME holding the profile; undefined = the runner's own HOME. */
  home?: string;
  /** The environment the action runs in; the child gets a cleaned copy. */
  env?: NodeJS.ProcessEnv;
  /** Called with every command line (without secrets) as it starts. */
  onCall?: (args: readonly string[]) => void;
  /** At most this many CLI processes at once (a gate of many runs must not flood the API). */
  maxConcurrent?: number;
}

export interface CallOptions {
  deadlineMs: number;
  signal?: AbortSignal;
  /** Adds `-p PROFILE -o json` (every Hatchet call except `--version` and `profile add`). */
  profileArgs?: boolean;
}

/** Told of each CLI process (its own process group, except on Windows) as it starts and ends. */
export interface ChildWatcher {
  started: (pid: number, args: readonly string[]) => void;
  ended: (pid: number) => void;
}

/** A gate of many runs must not flood the API (nor the runner) with CLI processes. */
export const MAX_CONCURRENT_CALLS = 8;

/**
 * The child's environment, per hatchet-cli.md §1: no `HATCHET_CLIENT_*` (they silently override
 * the profile), no `INPUT_*` (they hold the token), telemetry off, errors as JSON lines, and a
 * TERM that is not `dumb` (with `dumb` the CLI prompts on stdout and picks a default).
 */
export function cliEnvironment(base: NodeJS.ProcessEnv, home?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const upper = key.toUpperCase();
    if (upper.startsWith('HATCHET_CLIENT_') || upper.startsWith('INPUT_')) continue;
    env[key] = value;
  }
  env.HATCHET_CLI_TELEMETRY_ENABLED = 'false';
  env.HATCHET_CLI_LOGGER_FORMAT = 'json';
  if (!env.TERM || env.TERM === 'dumb') env.TERM = 'xterm';
  env.NO_COLOR = '1';
  if (home) {
    env.HOME = home;
    env.USERPROFILE = home;
  }
  return env;
}

export class HatchetCli {
  private readonly env: NodeJS.ProcessEnv;
  private readonly limiter: Limiter;

  constructor(private readonly options: CliOptions) {
    this.env = cliEnvironment(options.env ?? process.env, options.home);
    this.limiter = new Limiter(options.maxConcurrent ?? MAX_CONCURRENT_CALLS);
  }

  private readonly watchers: ChildWatcher[] = [];

  /** Tells `watcher` of every CLI process as it starts and ends (the post step reaps them). */
  watch(watcher: ChildWatcher) {
    this.watchers.push(watcher);
  }

  /**
   * Runs one CLI call and returns what it printed, whatever the exit code. The deadline counts
   * from here: time spent waiting for a free slot is part of it.
   */
  exec(args: readonly string[], call: CallOptions): Promise<CliResult> {
    const until = Date.now() + call.deadlineMs;
    return this.limiter.run(() =>
      this.spawn(args, { ...call, deadlineMs: Math.max(1, until - Date.now()) }),
    );
  }

  private spawn(args: readonly string[], call: CallOptions): Promise<CliResult> {
    const fullArgs =
      call.profileArgs === false ? [...args] : [...args, '-p', this.options.profile, '-o', 'json'];
    const command = describe(args);
    this.options.onCall?.(fullArgs.filter((a, i) => fullArgs[i - 1] !== '--token'));
    return new Promise<CliResult>((resolve, reject) => {
      if (call.signal?.aborted) {
        reject(new HatchetCliError(`${command}: cancelled`, 'aborted', command));
        return;
      }
      const child = startChild(this.options.binary, fullArgs, this.env);
      this.tellWatchers(child, args);
      let failure: HatchetCliError | undefined;
      const kill = (reason: HatchetCliError) => {
        failure ??= reason;
        killTree(child.pid);
      };
      const disarm = armStops({ ...call, command }, kill);
      const output = collectOutput(child, command, kill);
      child.on('error', (error: NodeJS.ErrnoException) => {
        disarm();
        reject(startFailure(error, this.options.binary, command));
      });
      child.on('close', (code, signal) => {
        disarm();
        if (failure) reject(failure);
        else resolve({ code, signal, ...output() });
      });
    });
  }

  /** Tells the watchers of a CLI process as it starts, and once it has closed. */
  private tellWatchers(child: Child, args: readonly string[]) {
    const pid = child.pid ?? 0;
    for (const watcher of pid ? this.watchers : []) watcher.started(pid, args);
    child.once('close', () => pid && this.watchers.forEach((watcher) => watcher.ended(pid)));
  }

  /** Runs a call and parses its stdout with `schema`; any failure becomes a `HatchetCliError`. */
  async json<S extends z.ZodType>(
    args: readonly string[],
    schema: S,
    call: CallOptions,
  ): Promise<z.output<S>> {
    const command = describe(args);
    const result = await this.exec(args, call);
    if (result.code !== 0) {
      const line = errorLine(result.stderr);
      if (result.code === 1 && line) {
        const kind = classifyError(line);
        const said = excerpt(line);
        throw new HatchetCliError(`${command} failed: ${said}`, kind, command, said);
      }
      const how = result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.code}`;
      throw new HatchetCliError(
        `${command} ${how}${line ? `: ${excerpt(line)}` : ''}`,
        'transient',
        command,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(redact(result.stdout));
    } catch {
      throw new HatchetCliError(
        `${command} printed output that is not JSON: "${excerpt(result.stdout, 120)}"`,
        'bad-output',
        command,
      );
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'the document';
      throw new HatchetCliError(
        `${command} printed JSON of an unexpected shape (${where}: ${excerpt(issue?.message ?? '', 80)}): "${excerpt(result.stdout, 120)}"`,
        'bad-output',
        command,
      );
    }
    return checked.data;
  }
}

function describe(args: readonly string[]): string {
  const words = args.slice(0, 2).filter((a) => !a.startsWith('-'));
  return `hatchet ${words.join(' ')}`.trim();
}

/** Kills the CLI and everything it started: its process group, or its tree on Windows. */
export function killTree(pid: number | undefined) {
  if (!pid) return;
  try {
    if (process.platform === 'win32') {
      execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], {
        stdio: 'ignore',
        timeout: 5_000,
      });
    } else process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
