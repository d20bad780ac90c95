import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Sibling, TestCase } from '../../../src/report/cases.js';
import { testCase, testReport as report } from '../../report/fixtures.js';
import { junitXml, xmlAttr, xmlText } from '../../../src/report/junit.js';

const sibling = (repetition: number, outcome: Sibling['outcome']): Sibling => ({
  repetition,
  outcome,
  status: outcome === 'error' ? 'TIMED_OUT' : 'FAILED',
  message: `Repetition ${repetition}`,
  trace: `trace ${repetition}`,
});

/** XML 1.0's Char production: a file holding anything else is not XML. */
const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

describe('xmlText', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<failure>', '&lt;failure&gt;'],
    ['end ]]> of CDATA', 'end ]]&gt; of CDATA'],
    ['&amp; already', '&amp;amp; already'],
    [`"double" 'single'`, `"double" 'single'`],
    ['tab\tnew\nreturn\r', 'tab\tnew\nreturn\r'],
    ['\u0000nul \u0007bel \u001besc \u000bvt', '\ufffdnul \ufffdbel \ufffdesc \ufffdvt'],
    ['lone \ud800 high, lone \udfff low', 'lone \ufffd high, lone \ufffd low'],
    ['pair \ud83d\ude00 kept', 'pair \ud83d\ude00 kept'],
    ['not characters \ufffe\uffff', 'not characters \ufffd\ufffd'],
    ['::error::x ##[y', '::error::x ##[y'],
  ])('%j → %j', (text, xml) => {
    expect(xmlText(text)).toBe(xml);
    expect(XML_CHAR.test(xmlText(text))).toBe(true);
  });
});

describe('xmlAttr', () => {
  it.each([
    ['plain', 'plain'],
    ['say "hi"', 'say &quot;hi&quot;'],
    [`it's`, `it's`],
    ['a\nb\tc\rd', 'a&#10;b&#9;c&#13;d'],
    ['<&>', '&lt;&amp;&gt;'],
    ['\u0000]]>', '\ufffd]]&gt;'],
  ])('%j → %j', (text, attr) => expect(xmlAttr(text)).toBe(attr));
});

describe('junitXml', () => {
  it('writes one suite of test cases, with their properties and failures', () => {
    const xml = junitXml(
      report(
        [
          testCase({ durationMs: 2_615, properties: [['run-id', 'r1']] }),
          testCase({
            name: 'order-processing 3e814f9d',
            outcome: 'failure',
            status: 'FAILED',
            durationMs: 1_000.4,
            message: 'replay FAILED, expected COMPLETED',
            trace: 'Failed task: charge',
          }),
        ],
        { start: Date.parse('2026-11-26T10:00:00Z'), properties: [['mode', 'replay']] },
      ),
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="Hatchet replay" tests="2" failures="1" errors="0" skipped="0" time="3.615">',
        '  <testsuite name="Hatchet replay" tests="2" failures="1" errors="0" skipped="0" time="3.615" timestamp="2026-11-26T10:00:00.000Z">',
        '    <properties>',
        '      <property name="mode" value="replay"/>',
        '    </properties>',
        '    <testcase name="order-processing 0b5e1c6a" classname="order-processing" time="2.615">',
        '      <properties>',
        '        <property name="run-id" value="r1"/>',
        '      </properties>',
        '    </testcase>',
        '    <testcase name="order-processing 3e814f9d" classname="order-processing" time="1.000">',
        '      <failure message="replay FAILED, expected COMPLETED" type="FAILED">Failed task: charge</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, TestCase, string]>([
    [
      'an error',
      testCase({ outcome: 'error', status: 'TIMED_OUT', message: 'm', trace: 't' }),
      '<error message="m" type="TIMED_OUT">t</error>',
    ],
    [
      'a failure without a trace',
      testCase({ outcome: 'failure', status: 'FAILED', message: 'm' }),
      '<failure message="m" type="FAILED"></failure>',
    ],
    [
      'a failure without a message',
      testCase({ outcome: 'failure', status: 'FAILED', trace: 't' }),
      '<failure type="FAILED">t</failure>',
    ],
    [
      'a skipped case',
      testCase({ outcome: 'skipped', status: 'ABORTED', message: 'why' }),
      '<skipped message="why"/>',
    ],
    ['a skipped case without a message', testCase({ outcome: 'skipped' }), '<skipped/>'],
  ])('writes %s', (_name, c, element) => {
    const lines = junitXml(report([c])).split('\n');
    const at = lines.findIndex((l) => l.startsWith('    <testcase '));
    expect(lines[at + 1]).toBe(`      ${element}`);
    expect(lines[at + 2]).toBe('    </testcase>');
  });

  it('counts failures, errors and skipped cases apart; times unknown durations as zero', () => {
    const xml = junitXml(
      report([
        testCase({ outcome: 'failure' }),
        testCase({ outcome: 'failure' }),
        testCase({ outcome: 'error' }),
        testCase({ outcome: 'skipped' }),
        testCase({ durationMs: 500 }),
      ]),
    );
    expect(xml).toContain(
      '<testsuites name="Hatchet replay" tests="5" failures="2" errors="1" skipped="1" time="0.500">',
    );
    expect(xml).toContain(
      '<testcase name="order-processing 0b5e1c6a" classname="order-processing" time="0.000">',
    );
    // No start: no timestamp.
    expect(xml).toContain(
      '  <testsuite name="Hatchet replay" tests="5" failures="2" errors="1" skipped="1" time="0.500">',
    );
    expect(junitXml(report([]))).not.toContain('<properties>');
  });

  it.each<[string, TestCase['outcome'], Sibling['outcome'], string]>([
    ['passed, failed once: flaky', 'passed', 'failure', 'flakyFailure'],
    ['passed, errored once: flaky', 'passed', 'error', 'flakyError'],
    ['failed, failed again: rerun', 'failure', 'failure', 'rerunFailure'],
    ['errored, errored again: rerun', 'error', 'error', 'rerunError'],
  ])('writes another repetition of a case that %s', (_name, outcome, other, element) => {
    const xml = junitXml(report([testCase({ outcome, siblings: [sibling(2, other)] })]));
    const type = other === 'error' ? 'TIMED_OUT' : 'FAILED';
    expect(xml).toContain(
      `      <${element} message="Repetition 2" type="${type}">trace 2</${element}>\n    </testcase>`,
    );
    for (const name of ['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError'].filter(
      (n) => n !== element,
    ))
      expect(xml).not.toContain(`<${name}`);
  });

  it('keeps hostile text as text: valid XML that reads back as what it said', () => {
    const text = (nul: string, bel: string, lone: string, not: string) =>
      `Boom ]]> <script>alert(1)</script> & "quotes" ${nul}${bel} ${lone} lone ${not}\n::error::injected\n</failure></testcase>`;
    const hostile = text('\u0000', '\u0007', '\ud800', '\uffff');
    // What XML cannot hold at all becomes U+FFFD; the rest reads back as it was.
    const cleaned = text('\ufffd', '\ufffd', '\ufffd', '\ufffd');
    const xml = junitXml(
      report(
        [
          testCase({
            name: hostile,
            classname: hostile,
            outcome: 'failure',
            status: hostile,
            message: hostile,
            trace: hostile,
            properties: [[hostile, hostile]],
            siblings: [{ ...sibling(2, 'failure'), message: hostile, trace: hostile }],
          }),
        ],
        { suite: hostile, properties: [['mode', hostile]] },
      ),
    );
    expect(XML_CHAR.test(xml)).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      textNodeName: 'text',
      processEntities: true,
      htmlEntities: true,
      trimValues: false,
    }).parse(xml);
    const suite = doc.testsuites.testsuite;
    const test = suite.testcase;
    expect(suite.name).toBe(cleaned);
    expect(test.name).toBe(cleaned);
    expect(test.failure.message).toBe(cleaned);
    expect(test.failure.type).toBe(cleaned);
    expect(test.failure.text).toBe(cleaned);
    expect(test.rerunFailure.text).toBe(cleaned);
    expect(test.properties.property).toMatchObject({ name: cleaned, value: cleaned });
  });
});

describe('junitXml times', () => {
  it.each([
    [NaN, '0.000'],
    [-5, '0.000'],
    [Infinity, '0.000'],
    [1234, '1.234'],
  ])('a duration of %d ms is written time=%j', (ms, time) => {
    const xml = junitXml(report([testCase({ durationMs: ms })]));
    expect(xml).toContain(`classname="order-processing" time="${time}"`);
  });
});
