import { describe, expect, it } from 'vitest';
import { jobLogView, parseCommandFile, workflowCommands } from '../harness/sim.mjs';

// The test harness reads stdout and the runner's files as the runner does: check it does.
const stdout = [
  '::add-mask::s3cret',
  'using s3cret here',
  '::debug::hidden',
  '::group::Logs',
  '::stop-commands::abc123',
  '::set-output name=x::y',
  '::abc123::',
  '::endgroup::',
  '::error title=task%3A a::line1%0Aline2',
].join('\n');

describe('harness', () => {
  it('finds workflow commands, skipping the stop-commands region', () => {
    expect(workflowCommands(stdout).map((c) => c.name)).toEqual([
      'add-mask',
      'debug',
      'group',
      'stop-commands',
      'endgroup',
      'error',
    ]);
  });

  it('shows the job log as the runner does', () => {
    expect(jobLogView(stdout).split('\n')).toEqual([
      'using *** here',
      '▶ Logs',
      '::set-output name=x::y',
      '◀',
      '❌ Error (task: a): line1',
      'line2',
    ]);
  });

  it('reads the name<<delimiter format of GITHUB_OUTPUT', () => {
    expect(parseCommandFile('a<<EOF_1\none\ntwo\nEOF_1\nb<<X\n\nX\n')).toEqual({
      a: 'one\ntwo',
      b: '',
    });
  });
});
