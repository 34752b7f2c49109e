import assert from 'node:assert/strict';
import { ConfigError } from '../../../shared/config';

/** The problems a ConfigError names, or a test failure when `fn` does not throw one. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  assert.fail('expected a ConfigError');
}
