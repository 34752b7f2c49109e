/**
 * Resolves on the first SIGINT or SIGTERM, or when the parent process goes away (a supervisor
 * that stopped `npm start` by signalling npm's PID alone: the shell between npm and node dies
 * on SIGTERM, and node is left with a new parent).
 *
 * Ctrl-C reaches every process of the terminal's group (npm, then node, each forwarding it), so
 * one key press can arrive twice within milliseconds: only a signal that comes at least a second
 * later means "stop now" and exits at once.
 */
export function untilSignal(
  onInsist: () => void = () => process.exit(130),
  options: { watchParentMs?: number } = {},
): Promise<NodeJS.Signals | 'parent exited'> {
  return new Promise((resolveSignal) => {
    let firstAt: number | undefined;
    const first = (reason: NodeJS.Signals | 'parent exited'): void => {
      firstAt = Date.now();
      clearInterval(watch);
      resolveSignal(reason);
    };
    const handler = (signal: NodeJS.Signals): void => {
      if (firstAt === undefined) first(signal);
      else if (Date.now() - firstAt > 1_000) onInsist();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (firstAt === undefined && process.ppid !== parent) first('parent exited');
    }, options.watchParentMs ?? 1_000);
    watch.unref();
    if (parent <= 1) clearInterval(watch);
  });
}
