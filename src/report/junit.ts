import type { Sibling, TestCase, TestReport } from './cases.js';

// XML 1.0 allows tab, newline, carriage return and these ranges only; anything else (NUL, other
// C0 controls, U+FFFE/U+FFFF, lone surrogates: one code point each with the `u` flag) makes the
// whole file unreadable to a parser.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text content: only `&` and `<` need escaping, `>` too so `]]>` never appears. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; newlines and tabs as references so parsers keep them. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function seconds(ms: number | undefined): string {
  return (ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');
}

function properties(entries: readonly [string, string][], indent: string): string[] {
  if (entries.length === 0) return [];
  return [
    `${indent}<properties>`,
    ...entries.map(
      ([name, value]) =>
        `${indent}  <property${attrs([
          ['name', name],
          ['value', value],
        ])}/>`,
    ),
    `${indent}</properties>`,
  ];
}

/**
 * Other repetitions that failed, as Surefire writes reruns: on a passed case they are
 * `flakyFailure`/`flakyError` (it passed, but not every time), on a failed one
 * `rerunFailure`/`rerunError` (it failed in those repetitions too).
 */
function siblingElement(sibling: Sibling, passed: boolean): string {
  const kind = sibling.outcome === 'error' ? 'Error' : 'Failure';
  const element = `${passed ? 'flaky' : 'rerun'}${kind}`;
  return `      <${element}${attrs([
    ['message', sibling.message],
    ['type', sibling.status],
  ])}>${xmlText(sibling.trace)}</${element}>`;
}

function testcase(c: TestCase): string[] {
  const head = `    <testcase${attrs([
    ['name', c.name],
    ['classname', c.classname],
    ['time', seconds(c.durationMs)],
  ])}>`;
  const body: string[] = [...properties(c.properties, '      ')];
  if (c.outcome === 'skipped') {
    body.push(`      <skipped${attrs([['message', c.message]])}/>`);
  } else if (c.outcome !== 'passed') {
    const element = c.outcome === 'error' ? 'error' : 'failure';
    body.push(
      `      <${element}${attrs([
        ['message', c.message],
        ['type', c.status],
      ])}>${xmlText(c.trace ?? '')}</${element}>`,
    );
  }
  body.push(...c.siblings.map((s) => siblingElement(s, c.outcome === 'passed')));
  return [head, ...body, '    </testcase>'];
}

/** The JUnit XML document: one `<testsuite>` for the step, one `<testcase>` per run. */
export function junitXml(report: TestReport): string {
  const count = (outcome: TestCase['outcome']) =>
    report.cases.filter((c) => c.outcome === outcome).length;
  const totals: [string, string | number | undefined][] = [
    ['tests', report.cases.length],
    ['failures', count('failure')],
    ['errors', count('error')],
    ['skipped', count('skipped')],
    ['time', seconds(report.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0))],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', report.suite], ...totals])}>`,
    `  <testsuite${attrs([
      ['name', report.suite],
      ...totals,
      ['timestamp', report.start !== undefined ? new Date(report.start).toISOString() : undefined],
    ])}>`,
    ...properties(report.properties, '    '),
    ...report.cases.flatMap(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
