// The house, written once: every folder and top-level file of src/ (a "unit"), the units it may
// import, and what it owns; then every folder of test/. Ordered top to bottom: a unit imports
// only units further down. test/unit/architecture.test.ts checks src/ against SOURCES (a folder
// or file not placed here fails it); scripts/map.mjs writes CONTRIBUTING.md's "Map of the
// house" from both lists (`npm run docs`).

/** @type {{ unit: string, imports: string[], parts?: string[], owns: string }[]} */
export const SOURCES = [
  { unit: 'index.ts', imports: ['action'], owns: 'The entry: three lines that call `run()`.' },
  {
    unit: 'post.ts',
    imports: ['action'],
    owns: 'The post step’s entry: three lines that call `cleanup()`.',
  },
  {
    unit: 'action',
    imports: ['settings', 'report', 'run', 'install', 'hatchet', 'text'],
    owns: 'The step itself: `main.ts` (signals, the phases as `core.group`s, the one catch), `setup.ts` (install or find the CLI, check its version, write the private profile), `targets.ts` (settings → a `RunPlan` and its targets), `pool.ts` (the worker pool over runs), `abort.ts` (the job’s cancel signals as one `AbortSignal`), `state.ts` (what the main step saves for the post step) and `cleanup.ts` (the post step: stop a CLI left behind, cancel its runs, remove the private home).',
  },
  {
    unit: 'settings',
    imports: ['run', 'hatchet', 'text'],
    owns: 'Every input of the step read once (`load.ts`; secrets registered), its Zod parsers, a file of cases, combinations refused before any Hatchet call, `action.yml`’s defaults.',
  },
  {
    unit: 'report',
    imports: ['run', 'hatchet', 'text'],
    parts: ['summary'],
    owns: 'The only writer of outputs, report files, job log and summary (`publish.ts`); the summary renderer (`summary/`) is pure.',
  },
  {
    unit: 'run',
    imports: ['hatchet', 'text'],
    owns: 'One run’s life: `pipeline.ts` (baseline → start → wait → conclude → diagnostics, an immutable `RunResult`), `verdict.ts` (pure: is this snapshot settled?) and `rules.ts` (its rules, a table of named functions), `wait.ts` (the poll loop), `pace.ts` and `schedule.ts` (when it looks next, and how), `change.ts` (pure: what changed), `failure.ts` (every failure’s wording), `select.ts`.',
  },
  {
    unit: 'install',
    imports: ['hatchet', 'text'],
    owns: 'Version resolution, asset names, checksums, tool cache, `which`.',
  },
  {
    unit: 'hatchet',
    imports: ['text'],
    owns: 'The CLI runner (environment, deadlines, limiter), error classification by HTTP status, the retry policy, schemas, commands, the profile file, versions.',
  },
  {
    unit: 'text',
    imports: [],
    owns: 'Sanitizing untrusted text, secrets and redaction, durations, the runner’s workflow commands and files.',
  },
];

/** @type {{ folder: string, holds: string }[]} */
export const TESTS = [
  {
    folder: 'test/unit',
    holds:
      'One file per module, mirroring `src/` (`test/unit/<folder>/`; the architecture test checks it): pure functions table-tested, the pipeline with a fake Hatchet and clock, the installer with the real tool cache against a loopback server; the house’s rules (`architecture.test.ts`).',
  },
  { folder: 'test/conformance', holds: 'Every recorded real-engine trace fed to the verdict.' },
  {
    folder: 'test/report',
    holds:
      'Whole summaries and report files rendered (a GFM renderer, the real JUnit/CTRF consumers), and the fixtures the unit tests of `src/report` share.',
  },
  {
    folder: 'test/e2e',
    holds: '`dist/index.js` run as the runner runs it, against the simulator.',
  },
  {
    folder: 'test/simulator',
    holds:
      'The Hatchet simulator, typed (its `tsconfig.json`): a pure model (`model.cjs`, its parts in `model/`) and a CLI front (`hatchet.cjs`, its parts in `front/`).',
  },
  { folder: 'test/docs', holds: 'README, docs, workflows and this map checked against the code.' },
  {
    folder: 'test/harness',
    holds:
      'The runner contract (`runner.mjs`), the simulator’s helpers, a loopback stand-in for GitHub’s releases.',
  },
  { folder: 'test/fixtures', holds: 'Recorded real-engine traces (`traces/`).' },
  { folder: 'test/act', holds: 'The README’s examples as workflow files run by nektos/act.' },
  { folder: 'test/hatchet', holds: 'The suite against a real engine (`npm run test:hatchet`).' },
  { folder: 'test/scripts', holds: 'The scripts under `scripts/` (e.g. `npm run local-action`).' },
  { folder: 'bench', holds: '`npm run bench` and the reference loop.' },
];
