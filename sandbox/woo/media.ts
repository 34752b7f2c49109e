import { WooError } from './errors';
import { basicCredentials } from './auth';
import { toWooDate } from './dates';
import { sanitizeTitle } from './product-fields';
import type { RequestContext } from './context';
import type { Shop } from './shop';
import type { MediaDoc } from './types';

/**
 * WordPress media uploads (/wp-json/wp/v2/media), used to publish invoice PDFs. Only an
 * application password authenticates there: WooCommerce consumer keys are refused, as observed.
 */

export interface AppPassword {
  username: string;
  password: string;
}

export function authenticateMediaUpload(ctx: RequestContext, passwords: AppPassword[]): void {
  const basic = basicCredentials(ctx);
  if (!basic)
    throw new WooError(
      401,
      'rest_cannot_create',
      'Sorry, you are not allowed to create posts as this user.',
    );
  const account = passwords.find((p) => p.username === basic.user);
  if (!account)
    throw new WooError(
      401,
      'invalid_username',
      '<strong>Error:</strong> Unknown username. Check again or try your email address.',
    );
  // application passwords are shown with spaces; WordPress ignores them
  if (account.password.replace(/\s/g, '') !== basic.password.replace(/\s/g, ''))
    throw new WooError(
      401,
      'incorrect_password',
      `<strong>Error:</strong> The password you entered for the username <strong>${basic.user}</strong> is incorrect.`,
    );
}

interface UploadedFile {
  filename: string;
  mime: string;
  data: Buffer;
}

function filenameFrom(disposition: string): string | undefined {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return m ? decodeURIComponent(m[1].trim()) : undefined;
}

function parseMultipart(body: Buffer, contentType: string): UploadedFile | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLFs
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      if (/name="file"/i.test(headers)) {
        const filename = filenameFrom(headers) ?? 'upload';
        const mime =
          /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1].trim() ?? 'application/octet-stream';
        return { filename, mime, data: part.subarray(headerEnd + 4) };
      }
    }
    start = next;
  }
  return undefined;
}

function readUpload(ctx: RequestContext): UploadedFile {
  const contentType = String(ctx.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(contentType)) {
    const file = parseMultipart(ctx.rawBody, contentType);
    if (!file) throw new WooError(400, 'rest_upload_no_data', 'No data supplied.');
    return file;
  }
  if (!ctx.rawBody.length) throw new WooError(400, 'rest_upload_no_data', 'No data supplied.');
  if (!contentType)
    throw new WooError(400, 'rest_upload_no_content_type', 'No Content-Type supplied.');
  const disposition = ctx.headers['content-disposition'];
  if (!disposition)
    throw new WooError(
      400,
      'rest_upload_no_content_disposition',
      'No Content-Disposition supplied.',
    );
  const filename = filenameFrom(String(disposition));
  if (!filename)
    throw new WooError(
      400,
      'rest_upload_invalid_disposition',
      'Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename="image.png"` or similar.',
    );
  return { filename, mime: contentType.split(';')[0].trim(), data: ctx.rawBody };
}

export function uploadMedia(shop: Shop, ctx: RequestContext): MediaDoc {
  const file = readUpload(ctx);
  const now = shop.now();
  const dir = `${now.slice(0, 4)}/${now.slice(5, 7)}`;
  const safe = file.filename.replace(/[^A-Za-z0-9._-]/g, '-');
  const dot = safe.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
  let path = `${dir}/${safe}`;
  for (let n = 1; shop.store.getFile(path); n++) path = `${dir}/${stem}-${n}${ext}`;
  shop.store.putFile(path, file.mime, file.data);
  const doc: MediaDoc = {
    id: shop.store.nextId('post'),
    slug: sanitizeTitle(stem),
    title: stem,
    mime_type: file.mime,
    file_path: path,
    filesize: file.data.length,
    date_created: now,
  };
  shop.store.put('media', doc);
  return doc;
}

export function getMedia(shop: Shop, id: number): MediaDoc {
  const doc = shop.store.get('media', id);
  if (!doc) throw new WooError(404, 'rest_post_invalid_id', 'Invalid post ID.');
  return doc;
}

export function mediaJson(doc: MediaDoc, base: string): Record<string, unknown> {
  return {
    id: doc.id,
    date: toWooDate(doc.date_created),
    date_gmt: toWooDate(doc.date_created),
    slug: doc.slug,
    status: 'inherit',
    type: 'attachment',
    link: `${base}/${doc.slug}/`,
    title: { raw: doc.title, rendered: doc.title },
    mime_type: doc.mime_type,
    media_type: doc.mime_type.startsWith('image/') ? 'image' : 'file',
    source_url: `${base}/wp-content/uploads/${doc.file_path}`,
    media_details: { filesize: doc.filesize, sizes: {} },
  };
}
