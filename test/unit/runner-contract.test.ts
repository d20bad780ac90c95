import { describe, expect, it } from 'vitest';
import {
  GHES,
  GITHUB_COM,
  actionManifest,
  evaluateTemplate,
  inputVariables,
  stepInputs,
} from '../harness/runner.mjs';
import { ROOT } from '../harness/sim.mjs';

// The harness must build a step's environment as GitHub's runner does, or every end-to-end test
// runs a product no user runs (issue: four defaults broke every step without select-workflow).
const manifest = actionManifest(ROOT);
const declared = Object.keys(manifest.inputs as Record<string, unknown>);

describe('the runner contract', () => {
  it('passes every declared input, unset ones with their default', () => {
    const inputs = stepInputs(manifest, { 'run-id': 'r' });
    expect(Object.keys(inputs)).toEqual(declared);
    expect(inputs).toMatchObject({
      'run-id': 'r',
      'select-status': 'FAILED',
      'select-since': '24h',
      'select-limit': '20',
      'on-no-match': 'fail',
      install: 'true',
      input: '',
    });
  });

  it('names variables as the runner does: upper case, `-` kept, spaces as `_`', () => {
    expect(inputVariables({ 'select-status': 'FAILED', 'a b': 'x' })).toEqual({
      'INPUT_SELECT-STATUS': 'FAILED',
      INPUT_A_B: 'x',
    });
  });

  it('keeps a value the step sets, even an empty one, untrimmed', () => {
    const inputs = stepInputs(manifest, { 'select-status': '', profile: ' prod ' });
    expect(inputs['select-status']).toBe('');
    expect(inputs.profile).toBe(' prod ');
  });

  it('evaluates the github-token default as github.com and GHES do', () => {
    expect(stepInputs(manifest, {}, GITHUB_COM)['github-token']).toBe(GITHUB_COM.token);
    expect(stepInputs(manifest, {}, GHES)['github-token']).toBe('');
  });

  it('refuses an input action.yml does not declare', () => {
    expect(() => stepInputs(manifest, { 'run-ids': 'r' })).toThrow(/Unexpected input.*run-ids/);
  });

  it.each([
    ["${{ 'a' == 'A' }}", 'true'],
    ["${{ github.server_url != 'https://github.com' || 'no' }}", 'no'],
    ["${{ !(github.token && '') && 'x' }}", 'x'],
    ['plain', 'plain'],
  ])('evaluates %s', (text, value) => {
    expect(evaluateTemplate(text, GITHUB_COM)).toBe(value);
  });

  it('throws on an expression it cannot evaluate, so no default slips past', () => {
    expect(() => evaluateTemplate('${{ secrets.X }}')).toThrow(/Unsupported context secrets/);
    expect(() => evaluateTemplate("${{ format('{0}', 1) }}")).toThrow(/Unsupported/);
    expect(() => evaluateTemplate('a-${{ github.token }}')).toThrow(/embedded/);
  });
});
