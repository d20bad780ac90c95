// Faults found by reading the pages as a new user would (issue 24): each test failed on the
// renderer before its fix.
import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../src/hatchet/schemas.js';
import { renderSummary } from './decided.js';
import type { RunResult } from '../../src/run/result.js';
import { result } from './fixtures.js';
import { html, occurrences, text, visible } from './render.js';
import { DEMO_RUN_ID, gate, idFrom, replay, type Story } from './scenarios.js';

function page(results: RunResult[]) {
  const md = renderSummary(results, { logLines: 50 });
  const body = html(md);
  return { md, body, seen: text(visible(body)), all: text(body) };
}

const STORIES: Story[] = ['still-failing', 'fails-differently', 'regressed', 'fixed'];

describe('errors are quoted as Hatchet wrote them, never as their signature', () => {
  it.each(STORIES)('on the page of a replay that is %s', (story) => {
    const { all } = page([replay(story, { amount: '129.9' })]);
    expect(all).not.toMatch(/<n>|<str>|<uuid>|<hex>|<time>/);
  });

  it('in the comparison, the original run’s error with its own values', () => {
    const { md } = page([replay('fails-differently')]);
    expect(md).toContain(
      '| Error | <code>PaymentProviderError&#58; amount must be an integer number of cents (got 129.9)</code> | _shown above_ |',
    );
  });

  it('in the rows, the overview and the sections of a gate page', () => {
    const { md, all } = page(gate(8, { 'still-failing': 3, 'fails-differently': 1 }));
    expect(all).not.toMatch(/<n>|<str>/);
    expect(md).toMatch(
      /\| charge-payment \| PaymentProviderError&#58; amount must be an integer… \|/,
    );
    expect(all).toMatch(
      /still failing in charge-payment with errors like PaymentProviderError: .*\(got \d+\.\d\)/,
    );
    expect(all).toContain(
      'TemplateError: missing variable "amountCents" in template order-confirmed',
    );
  });
});

describe('events that share a timestamp', () => {
  const at = '2026-11-26T10:00:00.5Z';
  const event = (id: number, eventType: string, task: number): TaskEvent => ({
    id,
    taskId: `00000000-0000-4000-8000-00000000000${task}`,
    timestamp: at,
    eventType,
    message: `${eventType.toLowerCase()} ${task}`,
    taskDisplayName: `${task === 0 ? 'validate-order' : 'charge-payment'}-1795665077986`,
  });

  function listed(events: TaskEvent[]): string[] {
    const md = page([result({ events })]).md.replace(/&#95;/g, '_');
    return [...md.matchAll(/^\| [^|]+ \| ([a-z-]+) \| ([A-Z_]+) \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
  }

  it('follow the task’s life: RETRIED_BY_USER, QUEUED, ASSIGNED, STARTED', () => {
    // Newest first, as Hatchet lists them.
    const events = ['STARTED', 'ASSIGNED', 'QUEUED', 'RETRIED_BY_USER'].map((type, i) =>
      event(10 - i, type, 0),
    );
    expect(listed(events)).toEqual([
      'validate-order RETRIED_BY_USER',
      'validate-order QUEUED',
      'validate-order ASSIGNED',
      'validate-order STARTED',
    ]);
  });

  it('put the upstream task first: it finished, then its child was queued', () => {
    const events = [event(2, 'QUEUED', 1), event(1, 'FINISHED', 0)];
    expect(listed(events)).toEqual(['validate-order FINISHED', 'charge-payment QUEUED']);
  });
});

describe('a failing replay', () => {
  it('shows its error once, where it informs: not again in the comparison', () => {
    const { all, md } = page([replay('still-failing')]);
    expect(occurrences(all, 'amount must be an integer number of cents')).toBe(1);
    expect(md).toContain('| Error | _same as the new attempt_ | _shown above_ |');
  });
});

describe('cells and folds that say nothing', () => {
  it('no fold opens on a task that printed nothing', () => {
    const { md, all } = page([result()]);
    expect(md).not.toMatch(/<summary>📄 Log of [^<]*no log lines<\/summary>/);
    expect(all).not.toContain('This task printed nothing.');
    expect(md).toContain('_📄 No log lines from charge-payment._');
  });

  it('a failed task that printed nothing says so in one line', () => {
    const run = replay('still-failing');
    const logs = run.logs.map((l) => (l.taskName === 'charge-payment' ? { ...l, lines: [] } : l));
    const { md } = page([{ ...run, logs }]);
    expect(md).toContain('_charge-payment printed no log lines._');
    expect(md).not.toContain('This task printed nothing.');
  });

  it('an in-place replay does not repeat its run id, nor a worker that ran both', () => {
    const run = replay('still-failing');
    const worker = idFrom(`worker-a/${DEMO_RUN_ID}`);
    const events = run.events.map((e) => (e.workerId ? { ...e, workerId: worker } : e));
    const { md } = page([{ ...run, events }]);
    const row = md.split('\n').find((line) => line.startsWith('| Run |')) ?? '';
    expect(occurrences(row, DEMO_RUN_ID)).toBe(2); // the link's text and its URL, once
    expect(row).toContain('_the same run, replayed in place_');
    expect(md).toContain(`| Worker | <code>${worker}</code> | _the same_ |`);
  });

  it('a re-trigger still links both runs', () => {
    const { md } = page([
      { ...replay('fixed'), mode: 'retrigger', runId: idFrom('new-run'), url: undefined },
    ]);
    const row = md.split('\n').find((line) => line.startsWith('| Run |')) ?? '';
    expect(row).toContain(DEMO_RUN_ID);
    expect(row).toContain(idFrom('new-run'));
  });
});
