import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stopTestTemporal } from './temporal';

// The Temporal runtime can be installed once per process, before any worker or connection.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  shutdownSignals: [],
});

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestTemporal();
  },
};
