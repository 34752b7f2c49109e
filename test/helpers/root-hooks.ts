import { runEveryStep } from './cleanup';
import { stopConnectorsLeftRunning } from './live-connectors';
import { stopRealShop } from './real-shop';
import { installTestRuntime, stopTestTemporal } from './temporal';

// The Temporal runtime can be installed once per process, before any worker or connection.
installTestRuntime();

const cleanups: (() => Promise<void>)[] = [];

/** Runs `cleanup` after the last test, before the shared Temporal server stops. */
export function afterAllTests(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await runEveryStep([
      ...cleanups.splice(0).reverse(),
      stopConnectorsLeftRunning,
      stopRealShop,
      stopTestTemporal,
    ]);
  },
};
