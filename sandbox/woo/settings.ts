import { WooError } from './errors';
import type { Shop } from './shop';
import { bodyObject } from './validation';

/**
 * The two settings/report endpoints a connector uses as preflight checks: the "new account"
 * e-mail switch and the order totals per status (which lists every registered status).
 */

const GROUP = 'email_customer_new_account';
const PLACEHOLDERS =
  'Available placeholders: <code>{site_title}&lt;/code&gt;, &lt;code&gt;{site_address}&lt;/code&gt;, &lt;code&gt;{site_url}&lt;/code&gt;, &lt;code&gt;{store_email}</code>';

interface Setting {
  id: string;
  label: string;
  description: string;
  type: string;
  default: string;
  tip?: string;
  options?: Record<string, string>;
}

const SETTINGS: Setting[] = [
  { id: 'enabled', label: 'Enable/Disable', description: '', type: 'checkbox', default: 'yes' },
  {
    id: 'subject',
    label: 'Subject',
    description: PLACEHOLDERS,
    type: 'text',
    default: '',
    tip: PLACEHOLDERS,
  },
  {
    id: 'heading',
    label: 'Email heading',
    description: PLACEHOLDERS,
    type: 'text',
    default: '',
    tip: PLACEHOLDERS,
  },
  {
    id: 'additional_content',
    label: 'Additional content',
    description: `Text to appear below the main email content. ${PLACEHOLDERS}`,
    type: 'textarea',
    default: 'We look forward to seeing you soon.',
    tip: `Text to appear below the main email content. ${PLACEHOLDERS}`,
  },
  {
    id: 'email_type',
    label: 'Email type',
    description: 'Choose which format of email to send.',
    type: 'select',
    default: 'html',
    options: { plain: 'Plain text', html: 'HTML', multipart: 'Multipart' },
    tip: 'Choose which format of email to send.',
  },
  // WooCommerce 10's "email improvements" (on by default in a new store since 9.9, observed on
  // the real store once it had served a few requests)
  {
    id: 'cc',
    label: 'Cc(s)',
    description: 'Enter Cc recipients (comma-separated) for this email.',
    type: 'text',
    default: '',
    tip: 'Enter Cc recipients (comma-separated) for this email.',
  },
  {
    id: 'bcc',
    label: 'Bcc(s)',
    description: 'Enter Bcc recipients (comma-separated) for this email.',
    type: 'text',
    default: '',
    tip: 'Enter Bcc recipients (comma-separated) for this email.',
  },
];

function invalidGroup(): WooError {
  return new WooError(404, 'rest_setting_setting_group_invalid', 'Invalid setting group.');
}

function settingJson(
  shop: Shop,
  s: Setting,
  base: string,
  withGroup: boolean,
): Record<string, unknown> {
  const value = shop.store.getOption(`${GROUP}.${s.id}`, s.default);
  const url = `${base}/wp-json/wc/v3/settings/${GROUP}`;
  return {
    id: s.id,
    label: s.label,
    description: s.description,
    type: s.type,
    default: s.default,
    ...(s.options ? { options: s.options } : {}),
    ...(s.tip ? { tip: s.tip } : {}),
    value,
    ...(withGroup ? { group_id: GROUP } : {}),
    _links: {
      self: [{ href: `${url}/${s.id}`, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH'] } }],
      collection: [{ href: url }],
    },
  };
}

export function listSettings(shop: Shop, group: string, base: string): unknown[] {
  if (group !== GROUP) throw invalidGroup();
  return SETTINGS.map((s) => settingJson(shop, s, base, false));
}

export function getSetting(
  shop: Shop,
  group: string,
  id: string,
  base: string,
): Record<string, unknown> {
  if (group !== GROUP) throw invalidGroup();
  const s = SETTINGS.find((x) => x.id === id);
  if (!s) throw new WooError(404, 'rest_setting_setting_invalid', 'Invalid setting.');
  return settingJson(shop, s, base, true);
}

export function updateSetting(
  shop: Shop,
  group: string,
  id: string,
  body: unknown,
  base: string,
): Record<string, unknown> {
  getSetting(shop, group, id, base);
  const value = bodyObject(body).value;
  if (value !== undefined) shop.store.setOption(`${GROUP}.${id}`, String(value));
  return getSetting(shop, group, id, base);
}

/** Whether the shop sends the "new account" e-mail when a customer is created. */
export function newAccountEmailEnabled(shop: Shop): boolean {
  return shop.store.getOption(`${GROUP}.enabled`, 'yes') === 'yes';
}

export function orderTotalsReport(shop: Shop): { slug: string; name: string; total: number }[] {
  const orders = shop.store.all('order');
  return shop.orderStatuses.all().map((s) => ({
    slug: s.slug,
    name: s.label,
    total: orders.filter((o) => o.status === s.slug).length,
  }));
}
