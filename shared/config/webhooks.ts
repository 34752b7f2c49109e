import { z } from 'zod';
import { bool, isHttpUrl, isLoopbackUrl, port } from './primitives';

export { isLoopbackUrl };

/** Port of the webhook server when the shop delivers to a public URL (a reverse proxy's target). */
export const DEFAULT_WEBHOOK_PORT = 8235;

const PUBLIC_URL_MESSAGE =
  'webhooks.publicUrl must be a valid http(s) URL such as https://sync.example.com/webhooks';

/**
 * The connector's webhook server: the shop posts `customer.updated`, `order.created` and
 * `order.updated` to it, signed with `woo.webhookSecret`. It runs in the process that runs the
 * `workflows` role (it starts and signals workflows through the Temporal client).
 */
export const webhooksConfigSchema = z
  .object({
    /** Run the webhook server (and register the shop's webhooks). Polling works without it. */
    enabled: bool.default(true),
    listen: z
      .object({
        /** `0.0.0.0` to accept deliveries from other hosts (a shop or proxy elsewhere). */
        host: z
          .string()
          .trim()
          .min(1, 'webhooks.listen.host must not be empty')
          .default('127.0.0.1'),
        /**
         * Default: 8235 when `publicUrl` is set (the port the proxy forwards to); otherwise any
         * free port, since the server's own URL is what gets registered. 0 = any free port.
         */
        port: port.optional(),
      })
      .prefault({}),
    /**
     * The URL the shop delivers to, e.g. `https://sync.example.com/webhooks` (a reverse proxy
     * forwarding to `listen.host:listen.port` with the path unchanged: the server accepts
     * deliveries on this URL's path). Required for a remote shop; a shop on this machine (the
     * sandbox, or a loopback URL) gets the server's local URL when unset.
     */
    publicUrl: z
      .string({ error: PUBLIC_URL_MESSAGE })
      .trim()
      .refine(isHttpUrl, { message: PUBLIC_URL_MESSAGE })
      .optional(),
    /**
     * At start-up, create or update the connector's webhooks in the shop (one per topic), and
     * re-enable those the shop disabled after failed deliveries. `false`: the operator registers
     * them (delivery URL `publicUrl`, secret `woo.webhookSecret`).
     */
    register: bool.default(true),
  })
  .prefault({});

export type WebhooksConfig = z.infer<typeof webhooksConfigSchema>;

/**
 * A shop on this machine: the embedded sandbox, or a shop whose URL is a loopback address. It
 * can reach the webhook server's local URL, and a random secret serves (the connector registers
 * it itself); a shop elsewhere needs `webhooks.publicUrl` and `woo.webhookSecret`.
 */
export function isLocalShop(woo: { kind: string; url?: string }): boolean {
  return woo.kind === 'sandbox' || isLoopbackUrl(woo.url);
}

/**
 * The cross-section rules of the webhook settings, as `[path, message]` pairs: what a remote
 * shop needs when webhooks are enabled.
 */
export function webhookConfigProblems(
  webhooks: WebhooksConfig,
  woo: { kind: string; url?: string; webhookSecret?: string },
): [path: string[], message: string][] {
  if (!webhooks.enabled) return [];
  const problems: [string[], string][] = [];
  const local = isLocalShop(woo);
  if (!local && webhooks.publicUrl === undefined) {
    problems.push([
      ['webhooks', 'publicUrl'],
      'webhooks.publicUrl is required when webhooks are enabled for a remote shop: the URL the ' +
        'shop delivers to, e.g. https://sync.example.com/webhooks (or set webhooks.enabled to false)',
    ]);
  }
  if (woo.webhookSecret === undefined && !local) {
    problems.push([
      ['woo', 'webhookSecret'],
      'woo.webhookSecret is required when webhooks are enabled for a remote shop ' +
        '(or set webhooks.enabled to false)',
    ]);
  } else if (woo.webhookSecret === undefined && !webhooks.register) {
    problems.push([
      ['woo', 'webhookSecret'],
      'woo.webhookSecret is required when webhooks.register is false: the webhooks you register ' +
        'in the shop must carry it',
    ]);
  }
  return problems;
}
