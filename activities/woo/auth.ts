/**
 * Credentials of a request. WooCommerce reads consumer keys from an `Authorization: Basic`
 * header or, for hosts that strip that header, from the query string (which wins when both are
 * present). Neither works over plain HTTP on a real store (OAuth 1.0a only), nor on
 * `/wp-json/wp/v2/*` routes, where an Application Password is needed.
 */

export type WooAuthMode = 'basic' | 'query';

export interface WooCredentials {
  consumerKey: string;
  consumerSecret: string;
  authMode: WooAuthMode;
  /** Application Password for `/wp/v2/media`; falls back to the consumer key when absent. */
  media?: { username: string; applicationPassword: string };
}

export interface AppliedAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * `wc` and `plugin` (the shop plugin's `wc-sage-woo-sync/v1` namespace, which WooCommerce
 * authenticates with its keys because of the `wc-` prefix) take the consumer keys; `wp` the
 * application password.
 */
export function applyAuth(credentials: WooCredentials, api: 'wc' | 'wp' | 'plugin'): AppliedAuth {
  if (api === 'wp') {
    const media = credentials.media;
    return {
      headers: {
        Authorization: media
          ? basic(media.username, media.applicationPassword)
          : basic(credentials.consumerKey, credentials.consumerSecret),
      },
      query: {},
    };
  }
  if (credentials.authMode === 'query') {
    return {
      headers: {},
      query: {
        consumer_key: credentials.consumerKey,
        consumer_secret: credentials.consumerSecret,
      },
    };
  }
  return {
    headers: { Authorization: basic(credentials.consumerKey, credentials.consumerSecret) },
    query: {},
  };
}
