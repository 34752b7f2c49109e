import { ApplicationFailure } from '@temporalio/common';
import { WOO_ERROR_CODES } from '../../shared/woo/error-body';
import { createRedactor, redactDeep, type Redactor } from './redact';

/**
 * Typed errors of the WooCommerce client. Every error says whether a
 * retry may succeed; `toActivityFailure` turns it into a Temporal `ApplicationFailure` whose
 * `type` is the error name, so retry policies and workflows can match on it.
 *
 * Messages never contain credentials: the client builds them from redacted request
 * descriptions, and `toActivityFailure` scrubs once more.
 */

/** The request an error is about; `path` is relative to the REST base and carries no credentials. */
export interface WooRequestInfo {
  method: string;
  path: string;
}

export abstract class WooError extends Error {
  /** Whether the same request may succeed later. */
  abstract readonly retryable: boolean;
  /** How long the shop asked to wait (Retry-After), if it did. */
  readonly retryAfterMs?: number;

  protected constructor(
    message: string,
    readonly request?: WooRequestInfo,
    retryAfterMs?: number,
  ) {
    super(message);
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }

  /** Plain, credential-free facts for logs and Temporal failure details. */
  toDetails(): Record<string, unknown> {
    return {
      type: this.name,
      retryable: this.retryable,
      ...(this.request ? { method: this.request.method, path: this.request.path } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

function describe(request: WooRequestInfo | undefined): string {
  return request ? `${request.method} ${request.path}` : 'request';
}

/** Server error messages may be HTML (PHP fatal errors, WAF pages): keep a short plain text. */
export function plainText(message: string, max = 300): string {
  const text = message
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A status that a later retry may turn into a success. */
export function isRetryableStatus(status: number): boolean {
  // 501 is WooCommerce's "trash not supported": permanent.
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

/** An HTTP error answer of the shop. Subclasses name the common families. */
export class WooHttpError extends WooError {
  override readonly name: string = 'WooHttpError';
  readonly retryable: boolean;

  constructor(
    readonly status: number,
    /** WordPress error code (`product_invalid_sku`, `rest_invalid_param`…), or `http_<status>`. */
    readonly code: string,
    serverMessage: string,
    request?: WooRequestInfo,
    options: { retryAfterMs?: number; data?: Record<string, unknown> } = {},
  ) {
    super(
      `WooCommerce ${describe(request)} answered ${status} ${code}: ${plainText(serverMessage)}`,
      request,
      options.retryAfterMs,
    );
    this.retryable = isRetryableStatus(status);
    this.data = options.data;
  }

  /** `data` of the error body (e.g. `params`, `resource_id`), without `status`. */
  readonly data?: Record<string, unknown>;

  override toDetails(): Record<string, unknown> {
    return { ...super.toDetails(), status: this.status, code: this.code };
  }
}

/** 429: the shop (or its host/WAF) asks to slow down. Retryable, honours Retry-After. */
export class WooRateLimitError extends WooHttpError {
  override readonly name = 'WooRateLimitError';
}
/** 5xx: the shop failed (PHP fatal, proxy timeout, maintenance). Retryable. */
export class WooServerError extends WooHttpError {
  override readonly name = 'WooServerError';
}
/** 401/403: bad keys, a key without write permission, or a WAF refusing us. Not retryable. */
export class WooAuthError extends WooHttpError {
  override readonly name = 'WooAuthError';
}
/** 404/410: unknown or deleted resource, unknown route. Not retryable. */
export class WooNotFoundError extends WooHttpError {
  override readonly name = 'WooNotFoundError';
}
/** 400 and the other 4xx: the request itself is wrong. Not retryable. */
export class WooBadRequestError extends WooHttpError {
  override readonly name = 'WooBadRequestError';
}

/** The right subclass of WooHttpError for a status. */
export function httpErrorFor(
  status: number,
  code: string,
  serverMessage: string,
  request?: WooRequestInfo,
  options: { retryAfterMs?: number; data?: Record<string, unknown> } = {},
): WooHttpError {
  const args = [status, code, serverMessage, request, options] as const;
  if (status === 429) return new WooRateLimitError(...args);
  if (status >= 500) return new WooServerError(...args);
  if (status === 401 || status === 403) return new WooAuthError(...args);
  if (status === 404 || status === 410) return new WooNotFoundError(...args);
  if (status >= 400) return new WooBadRequestError(...args);
  return new WooHttpError(...args);
}

/** No answer: connection refused/reset, DNS failure, TLS failure. Retryable. */
export class WooNetworkError extends WooError {
  override readonly name = 'WooNetworkError';
  readonly retryable = true;

  constructor(
    /** System error code such as ECONNRESET, when known. */
    readonly causeCode: string | undefined,
    request?: WooRequestInfo,
  ) {
    super(
      `WooCommerce ${describe(request)} failed: network error${causeCode ? ` (${causeCode})` : ''}`,
      request,
    );
  }

  override toDetails(): Record<string, unknown> {
    return { ...super.toDetails(), causeCode: this.causeCode };
  }
}

/**
 * No answer within the timeout. Retryable; for a write the outcome is unknown (the shop may
 * have applied it), so retries of creates must be idempotent (SKU uniqueness, lookups).
 */
export class WooTimeoutError extends WooError {
  override readonly name = 'WooTimeoutError';
  readonly retryable = true;

  constructor(
    readonly timeoutMs: number,
    readonly outcomeUnknown: boolean,
    request?: WooRequestInfo,
  ) {
    super(
      `WooCommerce ${describe(request)} timed out after ${timeoutMs} ms` +
        (outcomeUnknown ? ' (the write may have been applied)' : ''),
      request,
    );
  }

  override toDetails(): Record<string, unknown> {
    return { ...super.toDetails(), timeoutMs: this.timeoutMs, outcomeUnknown: this.outcomeUnknown };
  }
}

/** A successful answer whose body does not match the expected schema. Not retryable. */
export class WooValidationError extends WooError {
  override readonly name = 'WooValidationError';
  readonly retryable = false;

  constructor(
    /** `path: message` of the first mismatches. */
    readonly issues: string[],
    request?: WooRequestInfo,
  ) {
    super(
      `WooCommerce ${describe(request)} returned an unexpected body: ${issues.slice(0, 5).join('; ')}`,
      request,
    );
  }

  override toDetails(): Record<string, unknown> {
    return { ...super.toDetails(), issues: this.issues.slice(0, 20) };
  }
}

/** The caller asked for something the client cannot send (e.g. an update without id). */
export class WooInvalidRequestError extends WooError {
  override readonly name = 'WooInvalidRequestError';
  readonly retryable = false;

  constructor(message: string, request?: WooRequestInfo) {
    super(message, request);
  }
}

/**
 * One failed item of a batch (`{id, error}` inside a 200 answer, or an item whose body did not
 * validate). Returned in batch results, not thrown; an activity may throw it.
 */
export class WooItemError extends WooError {
  override readonly name = 'WooItemError';
  readonly retryable: boolean;

  constructor(
    readonly code: string,
    readonly status: number | undefined,
    serverMessage: string,
    readonly data?: Record<string, unknown>,
    request?: WooRequestInfo,
  ) {
    super(`${code}: ${plainText(serverMessage)}`, request);
    this.retryable = status !== undefined && isRetryableStatus(status);
  }

  /** For a duplicate-SKU error: the id of the product or variation that already has the SKU. */
  get duplicateOfId(): number | undefined {
    if (this.code !== WOO_ERROR_CODES.duplicateSku) return undefined;
    const id = this.data?.resource_id;
    return typeof id === 'number' && id > 0 ? id : undefined;
  }

  override toDetails(): Record<string, unknown> {
    return { ...super.toDetails(), code: this.code, status: this.status };
  }
}

/** Temporal failure types of the client's errors (`ApplicationFailure.type`). */
export const WOO_FAILURE_TYPES = {
  http: 'WooHttpError',
  rateLimit: 'WooRateLimitError',
  server: 'WooServerError',
  auth: 'WooAuthError',
  notFound: 'WooNotFoundError',
  badRequest: 'WooBadRequestError',
  network: 'WooNetworkError',
  timeout: 'WooTimeoutError',
  validation: 'WooValidationError',
  invalidRequest: 'WooInvalidRequestError',
  item: 'WooItemError',
} as const;

/** Types a retry policy can list in `nonRetryableErrorTypes`. */
export const WOO_NON_RETRYABLE_FAILURE_TYPES: readonly string[] = [
  WOO_FAILURE_TYPES.auth,
  WOO_FAILURE_TYPES.notFound,
  WOO_FAILURE_TYPES.badRequest,
  WOO_FAILURE_TYPES.validation,
  WOO_FAILURE_TYPES.invalidRequest,
];

export function isWooError(err: unknown): err is WooError {
  return err instanceof WooError;
}

/**
 * Turns any error thrown by the client into a Temporal `ApplicationFailure`:
 * `type` = the error name, `nonRetryable` from the classification, `nextRetryDelay` from
 * Retry-After. Unknown errors stay retryable (Temporal's default) under their own name.
 * `secrets` are scrubbed from the message and details as a last line of defence.
 */
export function toActivityFailure(
  err: unknown,
  secrets: readonly string[] = [],
): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const redact: Redactor = createRedactor(secrets);
  if (err instanceof WooError) {
    return ApplicationFailure.create({
      type: err.name,
      message: redact(err.message),
      nonRetryable: !err.retryable,
      details: [redactDeep(err.toDetails(), redact)],
      ...(err.retryable && err.retryAfterMs !== undefined
        ? { nextRetryDelay: Math.max(1, err.retryAfterMs) }
        : {}),
    });
  }
  if (err instanceof Error) {
    return ApplicationFailure.create({
      type: err.name || 'Error',
      message: redact(err.message),
      nonRetryable: false,
    });
  }
  return ApplicationFailure.create({
    type: 'UnknownError',
    message: redact(String(err)),
    nonRetryable: false,
  });
}

/**
 * Runs an activity body and rethrows any failure as `toActivityFailure` does, e.g.
 * `return runAsActivity(() => client.orders.update(id, data), wooSecretValues(config))`.
 */
export async function runAsActivity<T>(
  body: () => Promise<T>,
  secrets: readonly string[] = [],
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toActivityFailure(err, secrets);
  }
}
