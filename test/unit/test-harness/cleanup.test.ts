import assert from 'node:assert/strict';
import { runEveryStep } from '../../helpers/cleanup';

describe("the test harness's clean-up", () => {
  it('runs the steps after a failing one, then throws that failure', async () => {
    const ran: string[] = [];
    await assert.rejects(
      runEveryStep([
        () => {
          ran.push('terminate');
          throw new Error('workflow execution already completed');
        },
        async () => {
          ran.push('stop workers');
        },
      ]),
      /already completed/,
    );
    assert.deepEqual(ran, ['terminate', 'stop workers']);
  });

  it('reports every failure when several steps fail', async () => {
    await assert.rejects(
      runEveryStep([
        () => Promise.reject(new Error('one')),
        () => Promise.reject(new Error('two')),
      ]),
      (error: unknown) =>
        error instanceof AggregateError &&
        error.errors.map((e: Error) => e.message).join(',') === 'one,two',
    );
  });
});
