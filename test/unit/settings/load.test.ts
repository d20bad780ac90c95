import { makeToken } from '../../harness/sim.mjs';
import { describe, expect, it } from 'vitest';
import { InputError, loadInputs, type InputSources } from '../../../src/settings/load.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const RUN2 = '1c6f2d7b-3054-4a1f-8b6a-7b2d4f8e0c32';

function load(inputs: Record<string, string>, extra: Partial<InputSources> = {}) {
  const secrets: string[] = [];
  const settings = loadInputs({
    getInput: (name) => inputs[name] ?? '',
    env: {},
    readFile: () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    },
    setSecret: (s) => secrets.push(s),
    ...extra,
  });
  return { settings, secrets };
}

function problem(inputs: Record<string, string>, extra: Partial<InputSources> = {}): string {
  try {
    load(inputs, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('loadInputs', () => {
  it('applies the defaults of action.yml', () => {
    const { settings } = load({ 'run-id': RUN });
    expect(settings).toMatchObject({
      runIds: [RUN],
      input: undefined,
      profile: 'ci',
      expectedStatus: 'COMPLETED',
      timeoutMs: 30 * 60_000,
      pollIntervalMs: 5_000,
      cancelOnAbort: true,
      version: 'latest',
      install: true,
      logLines: 50,
      summary: true,
      concurrency: 5,
      compareOutput: false,
      startTimeoutMs: undefined,
    });
  });

  it('reads several run ids separated by whitespace, commas and newlines', () => {
    const { settings } = load({ 'run-id': `${RUN},\n ${RUN2.toUpperCase()}` });
    expect(settings.runIds).toEqual([RUN, RUN2]);
  });

  it('parses durations, booleans in any case and the expected status', () => {
    const { settings } = load({
      'run-id': RUN,
      timeout: '1h30m',
      'poll-interval': '90',
      'cancel-on-abort': 'FALSE',
      'expected-status': 'failed',
      'start-timeout': '2m',
    });
    expect(settings.timeoutMs).toBe(5_400_000);
    expect(settings.pollIntervalMs).toBe(90_000);
    expect(settings.cancelOnAbort).toBe(false);
    expect(settings.expectedStatus).toBe('FAILED');
    expect(settings.startTimeoutMs).toBe(120_000);
  });

  it('reads input from `input` or from `input-file`', () => {
    expect(load({ 'run-id': RUN, input: '{"a": 1}' }).settings.input).toEqual({ a: 1 });
    const fromFile = load(
      { 'run-id': RUN, 'input-file': 'in.json' },
      { readFile: () => '{"b": [2]}' },
    );
    expect(fromFile.settings.input).toEqual({ b: [2] });
  });

  it('masks the token first, in every printable form, falling back to HATCHET_CLIENT_TOKEN', () => {
    const token = makeToken();
    const { settings, secrets } = load({ 'run-id': RUN, token: `  ${token}\n` });
    expect(settings.token).toBe(token);
    expect(secrets).toContain(token);
    expect(secrets).toContain(Buffer.from(token).toString('base64'));
    const fromEnv = load({ 'run-id': RUN }, { env: { HATCHET_CLIENT_TOKEN: token } });
    expect(fromEnv.settings.token).toBe(token);
    expect(fromEnv.secrets).toContain(token);
  });

  it('refuses a token that is not a Hatchet API token, naming where it came from, never quoting it', () => {
    const bad = 'not-a-jwt-secret-value';
    expect(() => load({ 'run-id': RUN, token: bad })).toThrow(
      /Input `token` is not a Hatchet API token/,
    );
    expect(() => load({ 'run-id': RUN }, { env: { HATCHET_CLIENT_TOKEN: bad } })).toThrow(
      /HATCHET_CLIENT_TOKEN is not a Hatchet API token/,
    );
    try {
      load({ 'run-id': RUN, token: bad });
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('masks the token even when another input is bad', () => {
    const secrets: string[] = [];
    expect(() =>
      loadInputs({
        getInput: (n) => ({ 'run-id': 'nope', token: 'secret-token-value' })[n] ?? '',
        env: {},
        setSecret: (s) => secrets.push(s),
      }),
    ).toThrow(InputError);
    expect(secrets).toContain('secret-token-value');
  });

  it.each([
    [{ 'run-id': '' }, /`run-id` is required/],
    [{ 'run-id': '--help' }, /`run-id` accepts run ids \(UUIDs.*"--help"/],
    [{ 'run-id': `${RUN} ${RUN}` }, /`run-id` lists .* more than once/],
    [{ 'run-id': RUN, input: '[1, 2]' }, /`input` accepts a JSON object .* not an array/],
    [{ 'run-id': RUN, input: '{oops' }, /`input` accepts a JSON object .* not valid JSON/],
    [{ 'run-id': RUN, input: '"text"' }, /`input` accepts a JSON object .* not a string/],
    [
      { 'run-id': RUN, input: '{}', 'input-file': 'x.json' },
      /`input` and `input-file` are both set/,
    ],
    [
      { 'run-id': RUN, 'input-file': 'missing.json' },
      /`input-file` names a file that cannot be read \(missing.json\): ENOENT/,
    ],
    [
      { 'run-id': RUN, 'expected-status': 'SUCCEEDED' },
      /`expected-status` accepts `COMPLETED`, `FAILED` or `CANCELLED`/,
    ],
    [{ 'run-id': RUN, timeout: 'soon' }, /`timeout` accepts how long to wait: a duration/],
    [{ 'run-id': RUN, timeout: '0' }, /`timeout` accepts/],
    [{ 'run-id': RUN, 'poll-interval': '10ms' }, /`poll-interval` accepts at least 200ms/],
    [{ 'run-id': RUN, 'cancel-on-abort': 'yes' }, /`cancel-on-abort` accepts `true` or `false`/],
    [{ 'run-id': RUN, summary: '1' }, /`summary` accepts `true` or `false`/],
    [
      { 'run-id': RUN, profile: 'my.profile' },
      /`profile` accepts a profile name made of letters, digits/,
    ],
    [{ 'run-id': RUN, version: '1.2' }, /`version` accepts `latest`, `X.Y.Z` or `vX.Y.Z`/],
    [{ 'run-id': RUN, 'download-url': 'ftp://mirror' }, /`download-url` accepts an http\(s\) URL/],
    [{ 'run-id': RUN, 'log-lines': '-1' }, /`log-lines` accepts a whole number from 0 to 10000/],
    [{ 'run-id': RUN, concurrency: '0' }, /`concurrency` accepts a whole number from 1 to 100/],
    [{ 'run-id': RUN, 'start-timeout': 'later' }, /`start-timeout` accepts/],
    [{ 'run-id': RUN, workflow: 'billing' }, /`workflow` only applies when \(re-\)triggering/],
  ])('refuses %j', (inputs, message) => {
    expect(problem(inputs)).toMatch(message);
  });

  it('reports every bad input at once', () => {
    const message = problem({ 'run-id': 'x', timeout: 'never', profile: 'a b' });
    expect(message.split('\n')).toHaveLength(3);
  });

  it('refuses an input file that is not a JSON object, naming the file', () => {
    expect(problem({ 'run-id': RUN, 'input-file': 'in.json' }, { readFile: () => 'null' })).toMatch(
      /`input-file` \(in.json\) holds null: it accepts a JSON object/,
    );
  });
});

describe('profile', () => {
  it('is lower-cased, as the CLI stores it', () => {
    expect(load({ 'run-id': RUN, profile: 'Staging_EU' }).settings.profile).toBe('staging_eu');
  });
});

describe('selection, repeat and trigger mode', () => {
  it('reads a filter with the defaults of action.yml', () => {
    const { settings } = load({ 'select-workflow': 'order-pipeline' });
    expect(settings.runIds).toEqual([]);
    expect(settings.selection).toEqual({
      workflow: 'order-pipeline',
      statuses: ['FAILED'],
      since: '24h',
      until: undefined,
      limit: 20,
      onNoMatch: 'fail',
    });
    expect(settings.repeat).toBe(1);
  });

  it('reads statuses in any case, durations as the CLI takes them, and repeat', () => {
    const { settings } = load({
      'select-workflow': 'w',
      'select-status': 'failed, Cancelled',
      'select-since': '7d',
      'select-until': '1h30m',
      'select-limit': '100',
      'on-no-match': 'PASS',
      repeat: '3',
    });
    expect(settings.selection).toMatchObject({
      statuses: ['FAILED', 'CANCELLED'],
      since: '7d',
      until: '1h30m',
      limit: 100,
      onNoMatch: 'pass',
    });
    expect(settings.repeat).toBe(3);
  });

  it('triggers a workflow with an input and no original run, or one run per case of a file', () => {
    expect(load({ workflow: 'orders', input: '{"a":1}' }).settings).toMatchObject({
      runIds: [],
      workflow: 'orders',
      input: { a: 1 },
    });
    const cases = load(
      { workflow: 'orders', 'input-file': 'cases.jsonl' },
      { readFile: () => '{"a":1}\n{"a":2}\n' },
    ).settings.cases;
    expect(cases).toHaveLength(2);
  });

  it.each([
    [{}, /Input `run-id` is required.*`select-workflow`.*`workflow` with `input`/],
    [{ input: '{}' }, /Input `workflow` is required to trigger/],
    [
      { 'select-workflow': 'w', input: '{}' },
      /`select-workflow` and `input`\/`input-file` cannot be combined/,
    ],
    [
      { 'run-id': RUN, 'select-status': 'COMPLETED' },
      /`select-status` only applies with `select-workflow`/,
    ],
    [
      { 'select-workflow': 'w', 'select-status': 'RUNNING' },
      /`select-status` accepts .*only a finished run can be replayed.*"RUNNING"/,
    ],
    [
      { 'select-workflow': 'w', 'select-since': 'yesterday' },
      /`select-since` accepts a duration such as/,
    ],
    [
      { 'select-workflow': 'w', 'select-since': '1h', 'select-until': '2h' },
      /`select-until` \(2h\) must be shorter than `select-since` \(1h\)/,
    ],
    [
      { 'select-workflow': 'w', 'select-limit': '501' },
      /`select-limit` accepts a whole number from 1 to 500/,
    ],
    [{ 'select-workflow': 'w', 'on-no-match': 'skip' }, /`on-no-match` accepts `fail` or `pass`/],
    [{ 'run-id': RUN, repeat: '21' }, /`repeat` accepts a whole number from 1 to 20/],
    [{ 'run-id': ', \n' }, /Input `run-id` holds separators but no run id/],
    [
      { 'select-workflow': 'w', 'select-limit': '100', repeat: '6' },
      /up to 600 runs \(100 × `repeat` 6\): at most 500/,
    ],
    [
      { workflow: 'w', input: '{}', 'compare-output': 'true' },
      /`compare-output` needs an original run/,
    ],
    [
      { 'run-id': RUN, 'compare-ignore': '/chargeId' },
      /`compare-ignore` only applies with `compare-output: true`/,
    ],
    [
      { 'run-id': RUN, 'compare-output': 'true', 'compare-ignore': 'a b' },
      /`compare-ignore` accepts output fields .* not "a b"/,
    ],
  ])('refuses %j', (inputs, message) => expect(problem(inputs)).toMatch(message));

  it('reads compare-ignore paths, one per line or comma-separated', () => {
    const { settings } = load({
      'run-id': RUN,
      'compare-output': 'true',
      'compare-ignore': '/chargeId, receipt.issuedAt\nitems[*].id\n',
    });
    expect(settings.compareIgnore).toEqual(['/chargeId', 'receipt.issuedAt', 'items[*].id']);
  });

  it('refuses a file of cases with several run ids, or with the same name twice', () => {
    const file = { readFile: () => '[{"name":"a","input":{}},{"name":"a","input":{}}]' };
    const message = problem({ 'run-id': `${RUN} ${RUN2}`, 'input-file': 'c.json' }, file);
    expect(message).toMatch(/several cases and `run-id` several runs/);
    expect(message).toMatch(/names more than one case "a"/);
  });
});
