import { describe, expect, it } from 'vitest';
import { withoutMillisSuffix } from '../../../src/hatchet/names.js';

describe('withoutMillisSuffix', () => {
  it.each([
    ['charge-1755871385123', 'charge'],
    ['order-pipeline-1755871385123', 'order-pipeline'],
    ['step-1234567890', 'step'],
    ['step-123456789', 'step-123456789'],
    ['charge', 'charge'],
    ['charge-1755871385123-retry', 'charge-1755871385123-retry'],
    ['charge1755871385123', 'charge1755871385123'],
    ['a-1-1755871385123', 'a-1'],
    ['', ''],
  ])('%j → %j', (displayName, name) => {
    expect(withoutMillisSuffix(displayName)).toBe(name);
  });
});
