import type { Config, WorkerRole } from '../../shared/config';
import { DEFAULT_WEBHOOK_PORT, isLocalShop } from '../../shared/config/webhooks';
import { DEFAULT_WEBHOOK_PATH } from './server';

/** The role whose process runs the webhook server: it starts and signals workflows. */
export const WEBHOOK_ROLE: WorkerRole = 'workflows';

export type WebhookPlan =
  | { run: false; reason: string }
  | {
      run: true;
      host: string;
      /** 0 = any free port. */
      port: number;
      /** Path deliveries are accepted on (the path of `publicUrl`, else the default). */
      path: string;
      /** The URL registered in the shop; unset: the server's own local URL. */
      publicUrl?: string;
      register: boolean;
      /** Unset only for a shop on this machine: a random secret is registered with it. */
      secret?: string;
    };

/**
 * Whether this process runs the webhook server, and how: the one place that decides it, for
 * `npm start` and `npm run worker` alike. It runs when `webhooks.enabled` and the process runs
 * the `workflows` role; a process serving only the `sage` or `woo` activity queues never does.
 */
export function webhookPlan(config: Config, roles: readonly WorkerRole[]): WebhookPlan {
  const { webhooks, woo } = config;
  if (!webhooks.enabled) return { run: false, reason: 'webhooks.enabled is false' };
  if (!roles.includes(WEBHOOK_ROLE)) {
    return { run: false, reason: `this process does not run the ${WEBHOOK_ROLE} role` };
  }
  if (webhooks.register && !woo.url) {
    throw new Error(
      'webhooks: the shop URL is unknown (woo.url), so the webhooks cannot be registered: set ' +
        'woo.url, or webhooks.register / webhooks.enabled to false',
    );
  }
  // The configuration refuses the other cases (a remote shop without URL or secret).
  if (!isLocalShop(woo) && (webhooks.publicUrl === undefined || !woo.webhookSecret)) {
    throw new Error('webhooks: a remote shop needs webhooks.publicUrl and woo.webhookSecret');
  }
  const publicUrl = webhooks.publicUrl;
  return {
    run: true,
    host: webhooks.listen.host,
    port: webhooks.listen.port ?? (publicUrl === undefined ? 0 : DEFAULT_WEBHOOK_PORT),
    path: publicUrl === undefined ? DEFAULT_WEBHOOK_PATH : new URL(publicUrl).pathname,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    register: webhooks.register,
    ...(woo.webhookSecret ? { secret: woo.webhookSecret } : {}),
  };
}
