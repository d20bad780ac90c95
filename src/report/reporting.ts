// What a step needs only once it reports: the summary renderer and the report writers (JUnit,
// CTRF, JSON). publish.ts loads this module with `import()`, so that start-up does not pay for it.
export { failurePage, noMatchPage, renderSummary } from './summary.js';
export { stepReport } from './cases.js';
export { logResults, writeReportFiles } from './write.js';
