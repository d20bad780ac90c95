// The GitHub workflows are safe to copy: they pass actionlint, pin every action by commit,
// keep no credentials in read-only jobs, release only verified commits of main; and the CLI
// canary checks every command and flag the action passes.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, lintWorkflow, lintWorkflows, workflowFiles } from '../../scripts/actionlint.mjs';
import { CANARY_COMMANDS, helpFlags, missingFlags } from '../../scripts/canary-commands.mjs';
import { checkCli } from '../../scripts/canary.mjs';
import { TENANT } from '../harness/sim.mjs';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: string | Record<string, string>;
  needs?: string | string[];
  uses?: string;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: string | Record<string, string>;
  jobs: Record<string, Job>;
}

const files = workflowFiles();
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('GitHub workflows', () => {
  it('are all found', () => {
    for (const name of ['ci', 'e2e', 'release', 'canary']) {
      expect(files).toContain(`.github/workflows/${name}.yml`);
    }
  });

  it('pass actionlint', async () => {
    const results = await lintWorkflows();
    expect(results.map((r) => r.file)).toEqual(files);
    const problems = results.flatMap(
      (r: { problems: { file: string; line: number; message: string }[] }) =>
        r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('fail actionlint when broken (the check can fail)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    needs: build-that-does-not-exist',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }"',
    ].join('\n');
    const problems = await lintWorkflow(broken, 'broken.yml');
    const messages = problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).toMatch(/build-that-does-not-exist/);
    expect(messages).toMatch(/\}\}/);
    expect(await lintWorkflow(text(files[0]!), files[0]!)).toEqual([]);
  });

  it('pin every action to a full commit SHA with a version comment, or use ./', () => {
    let count = 0;
    for (const file of files) {
      const lines = text(file).split('\n');
      const uses = lines.filter((line) => /^\s*(?:-\s+)?uses:/.test(line));
      // Every `uses` the YAML holds is one of these lines (none hides in a flow mapping).
      const parsed = Object.values(workflow(file).jobs).flatMap((job) => [
        ...(job.uses ? [job.uses] : []),
        ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
      ]);
      expect(uses.length, file).toBe(parsed.length);
      for (const line of uses) {
        count++;
        const ref = /uses:\s*['"]?([^'"\s#]+)/.exec(line)?.[1] ?? '';
        if (ref.startsWith('./')) continue;
        expect(line, `${file}: ${line.trim()}`).toMatch(
          /uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+)*\s*$/,
        );
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('declare permissions, and keep no git credentials in jobs that do not push', () => {
    let checkouts = 0;
    for (const file of files) {
      const wf = workflow(file);
      expect(wf.permissions, `${file} has no top-level permissions`).toBeDefined();
      for (const [name, job] of Object.entries(wf.jobs)) {
        const permissions = job.permissions ?? wf.permissions;
        const writes =
          permissions === 'write-all' ||
          (typeof permissions === 'object' && permissions.contents === 'write');
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('actions/checkout@') || writes) continue;
          checkouts++;
          expect(
            String(step.with?.['persist-credentials']),
            `${file}: job ${name} checks out with credentials`,
          ).toBe('false');
        }
      }
    }
    expect(checkouts).toBeGreaterThan(0);
  });
});

describe('the release workflow', () => {
  const wf = workflow('.github/workflows/release.yml');
  const verify = wf.jobs.verify!;
  const publish = wf.jobs.publish!;
  const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').join('\n');

  it('runs on vX.Y.Z tags and grants nothing by default', () => {
    expect(wf.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(wf.permissions).toEqual({});
  });

  it('verifies the tagged commit read-only: on main, then the whole gate', () => {
    expect(verify.permissions).toEqual({ contents: 'read' });
    expect(runs(verify)).toMatch(
      /git merge-base --is-ancestor "\$sha" refs\/remotes\/origin\/main/,
    );
    expect(runs(verify)).toMatch(/^bash \.ci\/run$/m);
  });

  it('publishes only after verify, with contents: write and no npm at all', () => {
    expect(publish.needs).toBe('verify');
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(runs(publish)).not.toMatch(/\bnp[mx]\b|\bnode\b|\.ci\/run/);
    expect((publish.steps ?? []).map((s) => s.uses ?? '')).not.toContainEqual(
      expect.stringMatching(/setup-node|cache/),
    );
    expect(runs(publish)).toMatch(/gh release create "\$TAG"/);
    expect(runs(publish)).toMatch(/git\/refs\/tags\/\$major/);
  });

  it('is the only workflow that can write to the repository', () => {
    for (const file of files) {
      const w = workflow(file);
      for (const [name, job] of Object.entries(w.jobs)) {
        const permissions = JSON.stringify(job.permissions ?? w.permissions ?? {});
        if (file.endsWith('release.yml') && name === 'publish') continue;
        expect(permissions, `${file}: ${name}`).not.toMatch(/write/);
      }
    }
  });
});

describe('the CLI canary', () => {
  it('runs weekly and by hand, read-only, through scripts/canary.mjs', () => {
    const wf = workflow('.github/workflows/canary.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((wf.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\S+ \S+ \* \* \d$/);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const steps = Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
    expect(steps.map((s) => s.run)).toContain('npm run canary');
    expect(JSON.parse(read('package.json')).scripts.canary).toBe('node scripts/canary.mjs');
  });

  /**
   * The commands src/hatchet/commands.ts runs, read from its text: each array literal that starts
   * a command (`['runs', 'get', …]`, `['--version']`) owns the flag literals that follow it up to
   * the next one (so `args.push('--since', …)` counts); unless that stretch passes
   * `profileArgs: false`, src/hatchet/cli.ts appends its own (`[...args, '-p', …, '-o', 'json']`).
   */
  function commandsInSource() {
    const source = read('src/hatchet/commands.ts');
    // The flags HatchetCli appends to a call: `[...args, '-p', this.options.profile, '-o', 'json']`.
    const appended = /\[\.\.\.args,([^\]]*)\]/.exec(read('src/hatchet/cli.ts'))?.[1] ?? '';
    const profileFlags = [...appended.matchAll(/'(--?[A-Za-z][\w-]*)'/g)].map((m) => m[1]!);
    const starts = [...source.matchAll(/\[\s*((?:'[^']*'\s*,\s*)*'[^']*')/g)].filter((m) =>
      /^'(?:[a-z]+|--?[a-z][\w-]*)'/.test(m[1]!),
    );
    return {
      profileFlags,
      calls: (source.match(/\.cli\.(?:json|exec)\(/g) ?? []).length,
      commands: starts.map((start, i) => {
        const stretch = source.slice(start.index, starts[i + 1]?.index ?? source.length);
        const literals = [...start[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
        const command: string[] = [];
        for (const word of literals) {
          if (word.startsWith('-')) break;
          command.push(word);
        }
        const flags = [...stretch.matchAll(/'(--?[A-Za-z][\w-]*)'/g)].map((m) => m[1]!);
        if (!/profileArgs:\s*false/.test(stretch)) flags.push(...profileFlags);
        return { command, flags: [...new Set(flags)] };
      }),
    };
  }

  it('checks every command and flag that src/hatchet/commands.ts passes', () => {
    const { profileFlags, calls, commands } = commandsInSource();
    expect(profileFlags).toEqual(expect.arrayContaining(['-p', '-o']));
    // The parser found a command for every CLI call (it would miss new ones otherwise).
    expect(commands.length).toBeGreaterThanOrEqual(calls);
    expect(commands.map((c) => c.command.join(' '))).toEqual(
      expect.arrayContaining(['runs get', 'runs replay', 'runs logs', '']),
    );
    for (const { command, flags } of commands) {
      const entry = CANARY_COMMANDS.find((c) => c.command.join(' ') === command.join(' '));
      expect(entry, `hatchet ${command.join(' ')} is missing from CANARY_COMMANDS`).toBeDefined();
      expect(
        flags.filter((f) => !entry!.flags.includes(f)),
        `flags of hatchet ${command.join(' ')} missing from CANARY_COMMANDS`,
      ).toEqual([]);
    }
    // …and checks no command the action has stopped running.
    const run = commands.map((c) => c.command.join(' '));
    expect(CANARY_COMMANDS.map((c) => c.command.join(' ')).filter((c) => !run.includes(c))).toEqual(
      [],
    );
  });

  it('reads the flags of a cobra --help text, and only from its flag sections', () => {
    const help = [
      'List runs. Use --only-failed to see failures:',
      '',
      'Usage:',
      '  hatchet runs list [flags]',
      '',
      'Examples:',
      '  hatchet runs list --limit 10',
      '      --offset 5',
      '',
      'Flags:',
      '  -h, --help              help for list',
      '  -s, --since string      Show runs since this duration ago (default "24h")',
      '      --status strings    Filter by status',
      '',
      'Global Flags:',
      '  -o, --output string    Output format: json',
      '  -p, --profile string   Profile to use',
    ].join('\n');
    expect([...helpFlags(help)].sort()).toEqual(
      ['-h', '--help', '-s', '--since', '--status', '-o', '--output', '-p', '--profile'].sort(),
    );
    expect(missingFlags(help, ['-p', '-o', '-s', '--status', '--limit', '--offset'])).toEqual([
      '--limit',
      '--offset',
    ]);
  });

  describe.skipIf(process.platform === 'win32')('against a stand-in CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-test-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const long: Record<string, string> = {
      '-p': '--profile',
      '-o': '--output',
      '-w': '--workflow',
      '-j': '--json',
      '-s': '--since',
      '-v': '--version',
    };
    /** A `hatchet` (a shell script) printing cobra-style help that lists `flags`, minus `drop`. */
    function fakeCli(name: string, version: string, drop: { command: string; flag: string }) {
      const home = join(dir, name);
      mkdirSync(home);
      for (const { command, flags } of CANARY_COMMANDS) {
        const key = command.join(' ');
        const listed = flags.filter((f) => !(key === drop.command && f === drop.flag));
        const lines = [...new Set(listed.map((f) => long[f] ?? f))].map((l) => {
          const short = Object.keys(long).find((s) => long[s] === l);
          return short && listed.includes(short)
            ? `  ${short}, ${l} string   x`
            : `      ${l} string   x`;
        });
        writeFileSync(
          join(home, `${[...command, '--help'].join('_')}_.txt`),
          `Usage:\n  hatchet ${key} [flags]\n\nFlags:\n  -h, --help   help\n${lines.join('\n')}\n`,
        );
      }
      const file = join(home, 'hatchet');
      writeFileSync(
        file,
        [
          '#!/bin/sh',
          `if [ "$1" = --version ]; then echo '${version}'; exit 0; fi`,
          'help="$(dirname "$0")/$(printf \'%s_\' "$@").txt"',
          '[ -f "$help" ] || { echo "Error: unknown command" >&2; exit 1; }',
          'cat "$help"',
          '',
        ].join('\n'),
      );
      chmodSync(file, 0o755);
      return file;
    }

    it('passes a CLI that lists every flag', () => {
      const cli = fakeCli('complete', 'v0.79.1', { command: '', flag: '' });
      expect(checkCli(cli, { expectedVersion: '0.79.1' })).toEqual([]);
    });

    it('names a flag that a command no longer takes', () => {
      const cli = fakeCli('no-tail', 'v0.79.1', { command: 'runs logs', flag: '--tail' });
      expect(checkCli(cli, { expectedVersion: '0.79.1' })).toEqual([
        'hatchet runs logs --help does not list --tail',
      ]);
    });

    it('names a version that differs from the one installed', () => {
      const cli = fakeCli('old', 'v0.79.0', { command: '', flag: '' });
      expect(checkCli(cli, { expectedVersion: '0.79.1' })).toEqual([
        'hatchet --version reports 0.79.0, but 0.79.1 was installed',
      ]);
    });
  });
});

describe('npm run local-action', () => {
  it('has a .env.example that sets inputs action.yml declares, and a token the simulator takes', () => {
    const inputs = Object.keys(
      (parse(read('action.yml')) as { inputs: Record<string, unknown> }).inputs,
    );
    const values = Object.fromEntries(
      read('.env.example')
        .split('\n')
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const given = Object.keys(values)
      .filter((key) => key.startsWith('INPUT_'))
      .map((key) => key.slice('INPUT_'.length).toLowerCase());
    expect(given).toEqual(expect.arrayContaining(['run-id', 'token', 'install']));
    expect(given.filter((name) => !inputs.includes(name))).toEqual([]);
    expect(values['INPUT_INSTALL']).toBe('false');
    const claims = JSON.parse(
      Buffer.from(values['INPUT_TOKEN']!.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.sub).toBe(TENANT);
    expect(claims.exp).toBeUndefined();
    expect(values['HATCHET_SIM_DIR']).toMatch(/^\.tmp\//);
    expect(JSON.parse(read('package.json')).scripts['local-action']).toBe(
      'node scripts/local-action.mjs',
    );
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});
