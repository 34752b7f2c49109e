import { z } from 'zod';
import type { CustomersConfig } from '../../shared/config/customers';
import { WooAuthError, WooError, type WooClient } from '../woo';

export type NewAccountEmailState = 'disabled' | 'enabled' | 'disabled-by-connector' | 'unknown';

export interface NewAccountEmailCheck {
  state: NewAccountEmailState;
  /** Whether customers may be created in this run. */
  createsAllowed: boolean;
}

const PATH = '/settings/email_customer_new_account/enabled';
const settingSchema = z.object({ value: z.unknown() });

/**
 * WooCommerce mails every customer it creates unless its "new account" e-mail is off, and the
 * REST API has no flag to suppress it. The connector sends no password (nothing to mail from its
 * side) and checks the shop setting before creating anyone; the policy decides what happens
 * when the e-mail is on.
 */
export async function checkNewAccountEmail(
  woo: WooClient,
  policy: CustomersConfig['newAccountEmail'],
): Promise<NewAccountEmailCheck> {
  let enabled: boolean;
  try {
    const { data } = await woo.http.request({
      method: 'GET',
      path: PATH,
      schema: settingSchema,
      idempotent: true,
    });
    enabled = data.value !== 'no';
  } catch (err) {
    // 401/403: the shop refuses the keys. The sync fails at once (non-retryable WooAuthError)
    // instead of going on with nothing created and every account "held back".
    if (err instanceof WooAuthError) throw err;
    if (!(err instanceof WooError) || err.retryable) throw err;
    // No such setting (an older shop, 404): the state stays unknown.
    return { state: 'unknown', createsAllowed: policy === 'allow' };
  }
  if (!enabled) return { state: 'disabled', createsAllowed: true };
  if (policy === 'disable-setting') {
    await woo.http.request({
      method: 'PUT',
      path: PATH,
      body: { value: 'no' },
      schema: settingSchema,
      idempotent: true,
    });
    return { state: 'disabled-by-connector', createsAllowed: true };
  }
  return { state: 'enabled', createsAllowed: policy === 'allow' };
}
