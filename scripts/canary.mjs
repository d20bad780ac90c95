// `npm run canary` (and .github/workflows/canary.yml, weekly): does the real Hatchet CLI still
// take every command and flag the action passes? For `latest` and for the oldest supported
// version (MINIMUM_CLI_VERSION), it installs the CLI through the action's own installer
// (src/install/install.ts: the same release lookup, download and checksum check as the action),
// runs `hatchet --version`, and checks that `--help` of every command in CANARY_COMMANDS lists
// every flag the action passes. Needs the network (GitHub releases); no Hatchet server, no token.
//
// Usage: node scripts/canary.mjs [VERSION…]          (default: latest and the minimum version)
//        node scripts/canary.mjs --binary PATH        (check a CLI that is already installed)
//
// The installer is TypeScript and Node 20 cannot run TypeScript, nor does the bundle
// (dist/index.js) have an install-only mode; so the canary compiles the installer's sources with
// the project's own `tsc` (a direct devDependency) into .tmp/canary/build and imports that: the
// code that runs is the action's source at this commit, and its dependencies resolve from
// node_modules as they do for the tests.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CANARY_COMMANDS, missingFlags } from './canary-commands.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.tmp', 'canary');
const CALL_TIMEOUT_MS = 30_000;
const VERSION_TEXT = /^v?(\d+\.\d+\.\d+)$/;

/** The CLI's environment: no Hatchet credentials, telemetry off, a throwaway HOME. */
function cliEnv(home) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('HATCHET_CLIENT_')) env[key] = value;
  }
  return {
    ...env,
    HATCHET_CLI_TELEMETRY_ENABLED: 'false',
    NO_COLOR: '1',
    TERM: 'xterm',
    HOME: home,
    USERPROFILE: home,
  };
}

function call(binary, args, env) {
  const result = spawnSync(binary, args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CALL_TIMEOUT_MS,
  });
  return {
    code: result.status,
    output: `${result.stdout ?? ''}\n${result.stderr ?? ''}`,
    error: result.error,
  };
}

/**
 * Checks one installed CLI: `--version` (must be `expectedVersion` when given) and the `--help`
 * of every command in `commands`. Returns the problems found (none: the CLI passes). The CLI's
 * own text never appears in a problem: it could hold workflow commands.
 *
 * @param {string} binary
 * @param {{ expectedVersion?: string, commands?: typeof CANARY_COMMANDS, log?: (line: string) => void }} [options]
 * @returns {string[]}
 */
export function checkCli(
  binary,
  { expectedVersion, commands = CANARY_COMMANDS, log = () => {} } = {},
) {
  const problems = [];
  const home = mkdtempSync(join(tmpdir(), 'hatchet-canary-home-'));
  try {
    const env = cliEnv(home);
    const version = call(binary, ['--version'], env);
    const printed = version.output.trim().split(/\s+/).pop() ?? '';
    const found = VERSION_TEXT.exec(printed)?.[1];
    if (version.error || version.code !== 0) {
      problems.push(
        `hatchet --version failed (exit ${version.code}${version.error ? `, ${version.error.message}` : ''})`,
      );
    } else if (!found) {
      problems.push('hatchet --version did not print a version X.Y.Z');
    } else if (expectedVersion && found !== expectedVersion) {
      problems.push(`hatchet --version reports ${found}, but ${expectedVersion} was installed`);
    } else {
      log(`ok  hatchet --version → ${found}`);
    }
    for (const { command, flags } of commands) {
      const name = ['hatchet', ...command].join(' ');
      const help = call(binary, [...command, '--help'], env);
      if (help.error || help.code !== 0) {
        problems.push(
          `${name} --help failed (exit ${help.code}${help.error ? `, ${help.error.message}` : ''})`,
        );
        continue;
      }
      const missing = missingFlags(help.output, flags);
      if (missing.length > 0) problems.push(`${name} --help does not list ${missing.join(', ')}`);
      else log(`ok  ${name} ${flags.join(' ')}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return problems;
}

/** Compiles the installer's sources (and what they import) to plain ESM under .tmp/canary/build. */
function buildInstaller() {
  const build = join(WORK, 'build');
  rmSync(build, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const entries = ['src/install/install.ts', 'src/hatchet/version.ts'].map((f) => join(ROOT, f));
  // Emit only (--noCheck): type checking is CI's job; the tsconfig's module settings.
  const options = ['--outDir', build, '--rootDir', join(ROOT, 'src'), '--noCheck'];
  options.push('--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022');
  options.push('--verbatimModuleSyntax', '--esModuleInterop', '--skipLibCheck', '--types', 'node');
  const result = spawnSync(process.execPath, [tsc, ...options, ...entries], { stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`Compiling the installer failed (tsc exit ${result.status}).`);
  return build;
}

/** A workflow command's data: `%`, CR and LF escaped, so a message stays one annotation. */
function escapeData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function summary(lines) {
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
}

async function main(argv) {
  mkdirSync(WORK, { recursive: true });
  const failures = [];
  const rows = [];
  const binaryAt = argv.indexOf('--binary');
  if (binaryAt >= 0) {
    const binary = argv[binaryAt + 1];
    if (!binary) throw new Error('--binary needs the path of a hatchet executable.');
    console.log(`== ${binary}`);
    for (const problem of checkCli(resolve(binary), { log: console.log })) failures.push(problem);
  } else {
    const build = buildInstaller();
    const { installCli } = await import(pathToFileURL(join(build, 'install', 'install.js')).href);
    const { MINIMUM_CLI_VERSION } = await import(
      pathToFileURL(join(build, 'hatchet', 'version.js')).href
    );
    const versions = argv.length > 0 ? argv : ['latest', MINIMUM_CLI_VERSION];
    // Outside a runner, the tool cache and downloads go under .tmp/canary.
    process.env.RUNNER_TEMP ||= join(WORK, 'temp');
    process.env.RUNNER_TOOL_CACHE ||= join(WORK, 'tool-cache');
    mkdirSync(process.env.RUNNER_TEMP, { recursive: true });
    for (const asked of versions) {
      console.log(`\n== Hatchet CLI ${asked}`);
      let installed;
      try {
        installed = await installCli({ version: asked, githubToken: process.env.GITHUB_TOKEN });
      } catch (error) {
        failures.push(`installing ${asked}: ${error.message}`);
        rows.push(`| ${asked} | — | installation failed |`);
        continue;
      }
      console.log(
        `Installed ${installed.version} (${installed.fromCache ? 'from the tool cache' : 'downloaded, checksum verified'}): ${installed.binary}`,
      );
      const problems = checkCli(installed.binary, {
        expectedVersion: installed.version,
        log: console.log,
      });
      failures.push(...problems.map((p) => `${installed.version}: ${p}`));
      rows.push(
        `| ${asked} | ${installed.version} | ${problems.length === 0 ? 'passed' : `${problems.length} problem(s)`} |`,
      );
    }
    summary([
      '## Hatchet CLI canary',
      '',
      '| Asked | Installed | Commands and flags |',
      '| --- | --- | --- |',
      ...rows,
    ]);
  }
  if (failures.length > 0) {
    console.log('');
    for (const failure of failures) {
      console.log(
        process.env.GITHUB_ACTIONS === 'true'
          ? `::error::${escapeData(failure)}`
          : `FAIL ${failure}`,
      );
    }
    process.exit(1);
  }
  console.log('\nThe Hatchet CLI takes every command and flag the action passes.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
