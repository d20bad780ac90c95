// The runner contract: the environment GitHub's runner builds for a step that `uses:` this
// action, built from action.yml the way the runner builds it. Every way this project starts the
// bundle (tests, demo, smoke test, bench, local-action) goes through here.
//
// What the runner does (actions/runner, ActionRunner.cs and NodeScriptActionHandler.cs):
// - the step's `with:` values are evaluated; then every input declared in action.yml that the
//   step did not set is added, filled with its `default` (an expression default is evaluated in
//   the step's context);
// - each input becomes `INPUT_<NAME>`: spaces turned into `_`, upper-cased, `-` kept
//   (`INPUT_SELECT-STATUS`); values are not trimmed;
// - the runner's own variables and files (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY,
//   GITHUB_ENV, GITHUB_PATH, RUNNER_TEMP, …) are set; the post step gets what the main step
//   saved as `STATE_<name>` and runs after the main step whatever its outcome (`post-if`
//   defaults to `always()`), the job's cancellation included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** @typedef {{ serverUrl: string, token: string, repository: string }} GitHubContext */

/** github.com, as a hosted runner sees it (the token is a stand-in: nothing here reaches GitHub). */
/** @type {Readonly<GitHubContext>} */
export const GITHUB_COM = Object.freeze({
  serverUrl: 'https://github.com',
  token: 'ghs_runnerContractStandInToken0000000000',
  repository: 'acme/payments',
});

/** A GitHub Enterprise Server: `github.token` is set, but the action must not send it to GitHub. */
/** @type {Readonly<GitHubContext>} */
export const GHES = Object.freeze({
  serverUrl: 'https://github.acme.internal',
  token: 'ghs_enterpriseStandInToken00000000000000',
  repository: 'acme/payments',
});

/** action.yml, parsed. */
export function actionManifest(root) {
  return parse(readFileSync(join(root, 'action.yml'), 'utf8'));
}

/**
 * The inputs the runner passes for a step with these `with:` values: every declared input, unset
 * ones filled with their default. An input action.yml does not declare is refused (the runner
 * only warns, but here it is always a typo in a test).
 * @param {Record<string, unknown>} manifest
 * @param {Record<string, string>} withInputs
 * @param {GitHubContext} github
 * @returns {Record<string, string>}
 */
export function stepInputs(manifest, withInputs, github = GITHUB_COM) {
  const declared = manifest.inputs ?? {};
  const unknown = Object.keys(withInputs).filter((name) => !(name in declared));
  if (unknown.length > 0)
    throw new Error(`Unexpected input(s) ${unknown.join(', ')}: action.yml does not declare them`);
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (name in withInputs) inputs[name] = String(withInputs[name]);
    else inputs[name] = evaluateTemplate(String(spec.default ?? ''), github);
  }
  return inputs;
}

/** `INPUT_*` variables for these inputs, named as the runner names them. */
export function inputVariables(inputs) {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
}

/**
 * The runner's own variables for a job on Linux x64.
 * @param {{ temp: string, toolCache: string, home: string, workspace?: string,
 *   files: Record<string, string> }} runner
 * @param {GitHubContext} github
 */
export function runnerVariables(runner, github = GITHUB_COM) {
  const api =
    github.serverUrl === 'https://github.com'
      ? 'https://api.github.com'
      : `${github.serverUrl}/api/v3`;
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: github.serverUrl,
    GITHUB_API_URL: api,
    GITHUB_GRAPHQL_URL: `${api.replace(/\/v3$/, '')}/graphql`,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_REPOSITORY_OWNER: github.repository.split('/')[0],
    GITHUB_WORKFLOW: 'Verify fix',
    GITHUB_JOB: 'replay',
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_ACTION: 'replay',
    GITHUB_WORKSPACE: runner.workspace ?? runner.home,
    HOME: runner.home,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.toolCache,
    ...runner.files,
  };
}

/** The expression contexts a step's defaults see. @param {GitHubContext} github */
export function contextsFor(github = GITHUB_COM) {
  return {
    github: { server_url: github.serverUrl, token: github.token, repository: github.repository },
  };
}

/**
 * A value with `${{ … }}` expressions evaluated as the runner would, for what action.yml's
 * defaults use: the `github` context, string literals, `==`, `!=`, `&&`, `||`, `!` and
 * parentheses. Anything else throws, so a new kind of default cannot slip past the harness.
 * @param {string} text
 * @param {GitHubContext} github
 */
export function evaluateTemplate(text, github = GITHUB_COM) {
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  if (whole) return toText(evaluateExpression(whole[1], contextsFor(github)));
  if (text.includes('${{'))
    throw new Error(`Unsupported default with an embedded expression: ${text}`);
  return text;
}

/**
 * Every `${{ … }}` in a workflow value replaced as the runner does, with these contexts
 * (`secrets`, `inputs`, `vars`, `matrix`, `steps`, …).
 * @param {string} text
 * @param {Record<string, unknown>} contexts
 */
export function interpolate(text, contexts) {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, source) =>
    toText(evaluateExpression(source, contexts)),
  );
}

const toText = (value) => (value === null || value === undefined ? '' : String(value));

/** @param {string} source @param {Record<string, unknown>} context */
export function evaluateExpression(source, context = contextsFor()) {
  const tokens = source.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[()!]|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];
  const truthy = (v) => v !== '' && v !== null && v !== undefined && v !== false && v !== 0;
  function primary() {
    const token = take();
    if (token === undefined) throw new Error(`Expression ends early: ${source}`);
    if (token === '(') {
      const value = or();
      if (take() !== ')') throw new Error(`Missing ) in ${source}`);
      return value;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (/^[A-Za-z_][\w.-]*$/.test(token)) {
      const [root, ...path] = token.split('.');
      if (!(root in context)) throw new Error(`Unsupported context ${root} in ${source}`);
      return (
        path.reduce((value, key) => (value == null ? undefined : value[key]), context[root]) ?? ''
      );
    }
    throw new Error(`Unsupported token ${token} in ${source}`);
  }
  function equality() {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = take();
      const right = primary();
      // Strings compare case-insensitively in GitHub's expressions.
      const same = String(left).toLowerCase() === String(right).toLowerCase();
      left = op === '==' ? same : !same;
    }
    return left;
  }
  function and() {
    let left = equality();
    while (peek() === '&&') {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function or() {
    let left = and();
    while (peek() === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (at !== tokens.length) throw new Error(`Unsupported expression: ${source}`);
  return value;
}
