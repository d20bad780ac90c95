import { describe, expect, it } from 'vitest';
import { InputError, loadInputs } from '../../../src/settings/load.js';
import { INPUT_DEFAULTS, isChosen } from '../../../src/settings/inputs.js';
import { GHES, GITHUB_COM, actionManifest, stepInputs } from '../../harness/runner.mjs';
import { ROOT, makeToken } from '../../harness/sim.mjs';

// Every mode, with every other input as the runner fills it from action.yml: a default that
// makes a mode refuse its inputs fails here (four did, and broke every step of the README).
const manifest = actionManifest(ROOT);
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const RUN2 = '1c6f2d7b-3054-4a1f-8b6a-7b2d4f8e0c32';
const CASES = '{"name": "a", "input": {"x": 1}}\n{"name": "b", "input": {"x": 2}}';

const MODES: [string, Record<string, string>][] = [
  ['replay', { 'run-id': RUN }],
  ['re-trigger', { 'run-id': RUN, input: '{"amountCents": 12990}' }],
  ['re-trigger from a cases file', { 'run-id': RUN, 'input-file': 'cases.jsonl' }],
  ['trigger', { workflow: 'order-pipeline', 'input-file': 'cases.jsonl' }],
  ['trigger with input', { workflow: 'order-pipeline', input: '{"x": 1}' }],
  ['select', { 'select-workflow': 'order-pipeline' }],
  ['gate', { 'run-id': `${RUN}\n${RUN2}`, concurrency: '2' }],
  ['repeat', { 'run-id': RUN, repeat: '3' }],
  ['compare-output', { 'run-id': RUN, 'compare-output': 'true', 'compare-ignore': '/id' }],
];

function loadAsRunner(step: Record<string, string>, github = GITHUB_COM) {
  const inputs = stepInputs(manifest, { token: makeToken(), ...step }, github);
  return loadInputs({
    getInput: (name) => inputs[name] ?? '',
    env: {},
    readFile: () => CASES,
    setSecret: () => {},
  });
}

describe("action.yml's defaults", () => {
  it.each(MODES)('let %s take its inputs (github.com)', (_mode, step) => {
    expect(() => loadAsRunner(step)).not.toThrow();
  });

  it.each(MODES)('let %s take its inputs (GHES)', (_mode, step) => {
    expect(() => loadAsRunner(step, GHES)).not.toThrow();
  });

  it('are the ones the code reads (generated from action.yml)', () => {
    const declared = Object.entries(manifest.inputs as Record<string, { default?: string }>)
      .filter(([, spec]) => spec.default && !spec.default.includes('${{'))
      .map(([name, spec]) => [name, spec.default]);
    expect(Object.entries(INPUT_DEFAULTS)).toEqual(declared);
  });

  it('are not a choice: only another value counts as set', () => {
    expect(isChosen('select-status', 'FAILED')).toBe(false);
    expect(isChosen('select-status', ' FAILED\n')).toBe(false);
    expect(isChosen('select-status', 'CANCELLED')).toBe(true);
    expect(isChosen('run-id', '')).toBe(false);
    expect(isChosen('run-id', RUN)).toBe(true);
  });

  it('still refuse a selection option the step chose without select-workflow', () => {
    let message = '';
    try {
      loadAsRunner({ 'run-id': RUN, 'select-status': 'CANCELLED', 'select-since': '7d' });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Input `select-status` only applies with `select-workflow`, which is not set.',
      'Input `select-since` only applies with `select-workflow`, which is not set.',
    ]);
  });
});
