// Generated from action.yml by `npm run docs`: do not edit (`npm run docs:check` fails when
// it differs). The value the runner gives each input a step does not set.
export const ACTION_DEFAULTS = {
  profile: 'ci',
  'expected-status': 'COMPLETED',
  timeout: '30m',
  'poll-interval': '5s',
  'cancel-on-abort': 'true',
  version: 'latest',
  install: 'true',
  'log-lines': '50',
  summary: 'true',
  concurrency: '5',
  'compare-output': 'false',
  'select-status': 'FAILED',
  'select-since': '24h',
  'select-limit': '20',
  'on-no-match': 'fail',
  repeat: '1',
} as const;
