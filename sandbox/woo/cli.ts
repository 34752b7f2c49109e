import { startSandbox, DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET } from './index';

/**
 * Runs the sandbox standalone:
 *   tsx sandbox/woo/cli.ts --port 8080 --db data/woo-sandbox.db --latency-ms 50 \
 *     --statuses wc-awaiting-validation:Awaiting validation,wc-validated
 */

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function statuses(raw: string | undefined): { slug: string; label: string }[] {
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const [slug, label] = entry.split(':');
    const clean = slug.trim().replace(/^wc-/, '');
    return { slug: clean, label: label?.trim() || clean.replace(/-/g, ' ') };
  });
}

async function main(): Promise<void> {
  const latency = arg('latency-ms');
  const sb = await startSandbox({
    port: Number(arg('port') ?? 8080),
    dbPath: arg('db') ?? ':memory:',
    consumerKey: arg('consumer-key'),
    consumerSecret: arg('consumer-secret'),
    customOrderStatuses: statuses(arg('statuses')),
    faults: latency ? { latencyMs: Number(latency) } : undefined,
    webhookDelayMs: arg('webhook-delay-ms') ? Number(arg('webhook-delay-ms')) : 0,
  });
  console.log(
    `WooCommerce sandbox on ${sb.url} (REST base ${sb.url}/wp-json/wc/v3, shop page ${sb.url}/)`,
  );
  console.log(
    `credentials: ${arg('consumer-key') ?? DEFAULT_CONSUMER_KEY} / ${arg('consumer-secret') ?? DEFAULT_CONSUMER_SECRET}`,
  );
  const stop = () => void sb.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
