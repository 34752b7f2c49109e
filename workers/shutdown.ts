/**
 * Resolves on the first SIGINT or SIGTERM. Ctrl-C reaches every process of the terminal's group
 * (npm, then node, each forwarding it), so one key press can arrive twice within milliseconds:
 * only a signal that comes at least a second later means "stop now" and exits at once.
 */
export function untilSignal(
  onInsist: () => void = () => process.exit(130),
): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    let firstAt: number | undefined;
    const handler = (signal: NodeJS.Signals): void => {
      if (firstAt === undefined) {
        firstAt = Date.now();
        resolveSignal(signal);
      } else if (Date.now() - firstAt > 1_000) {
        onInsist();
      }
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
