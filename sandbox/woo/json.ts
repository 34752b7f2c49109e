/**
 * JSON as PHP's `wp_json_encode` writes it: slashes escaped as `\/` and non-ASCII characters as
 * `\uXXXX`. Webhook signatures cover exactly these bytes, so receivers must verify the raw body.
 */
export function phpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value).replaceAll('/', '\\/');
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7e]/.test(json)) return json;
  return json.replace(
    /[\u007f-\uffff]/g,
    (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}
