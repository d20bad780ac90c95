// The demo's summary with what changes from run to run (times, epoch milliseconds, paths)
// replaced by placeholders: what docs/summary.md records, to tell when the screenshot is stale.
export function normalizeSummary(markdown) {
  return markdown
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g, '‹time›')
    .replace(/\b\d\d:\d\d:\d\d\.\d{3}\b/g, '‹clock›')
    .replace(/\b\d{13}\b/g, '‹ms›');
}
