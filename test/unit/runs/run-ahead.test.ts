import assert from 'node:assert/strict';
import { runAhead } from '../../../shared/runs/run-ahead';

describe('runAhead (one run per sync kind)', () => {
  const self = {
    workflowId: 'catalog-hourly-2026-11-30T03:00:00Z',
    startTime: '2026-11-30T03:00:00.000Z',
  };

  it('names the earliest run started before this one', () => {
    const ahead = runAhead(self, [
      { workflowId: 'catalog-nightly-2026-11-30T01:30:00Z', startTime: '2026-11-30T02:40:00.000Z' },
      { workflowId: 'on-demand', startTime: '2026-11-30T02:10:00.000Z' },
    ]);
    assert.equal(ahead?.workflowId, 'on-demand');
  });

  it('ignores itself and runs started after it', () => {
    assert.equal(
      runAhead(self, [self, { workflowId: 'later', startTime: '2026-11-30T03:00:00.500Z' }]),
      null,
    );
  });

  it('breaks a tie on the start time by workflow id, so exactly one of two goes on', () => {
    const a = { workflowId: 'a', startTime: self.startTime };
    const b = { workflowId: 'b', startTime: self.startTime };
    assert.equal(runAhead(a, [a, b]), null);
    assert.equal(runAhead(b, [a, b])?.workflowId, 'a');
  });
});
