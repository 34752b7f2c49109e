/**
 * Runs every clean-up step in order, even when one fails, then throws the first failure: a
 * suite whose first step throws (a workflow that ended between a list and its terminate, say)
 * must still stop its workers, or every later suite fails to register its own on the same
 * fixed task queues.
 */
export async function runEveryStep(steps: readonly (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'several clean-up steps failed');
}
