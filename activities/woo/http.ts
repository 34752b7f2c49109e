import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { wooErrorBodySchema } from '../../shared/woo/error-body';
import { SHOP_PLUGIN_NAMESPACE } from '../../shared/woo/plugin';
import { applyAuth, type WooCredentials } from './auth';
import {
  httpErrorFor,
  plainText,
  WooError,
  WooHttpError,
  WooInvalidRequestError,
  WooNetworkError,
  WooRateLimitError,
  WooTimeoutError,
  WooValidationError,
  type WooRequestInfo,
} from './errors';
import type { AdaptiveBounds, AdaptiveController, AdaptiveState } from '../../shared/woo/adaptive';
import { acquireShopLimiter, type Semaphore } from './limiter';
import { createRedactor, type Redactor } from './redact';
import { parseRetryAfter } from './retry-after';
import { observeShopRequest } from '../metrics';

/**
 * The transport of the WooCommerce client: one axios instance with keep-alive agents,
 * authentication, the shop's concurrency limit, a bounded retry, error classification into
 * typed errors and zod validation of every answer.
 */

export type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface WooLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RetrySettings {
  /** Attempts in total (1 = no in-client retry). */
  maxAttempts: number;
  baseDelayMs: number;
  /** A wait longer than this is not done in-process: the error goes up (Temporal waits). */
  maxDelayMs: number;
}

export interface WooHttpSettings extends WooCredentials {
  /** The shop's home URL (`https://shop.example.com`). */
  url: string;
  timeoutMs: number;
  concurrency: number;
  retry: RetrySettings;
  userAgent: string;
  /** Adaptive batch size and concurrency (shared by the clients of the shop); absent: fixed. */
  adaptive?: AdaptiveBounds;
}

export interface WooHttpOptions {
  logger?: WooLogger;
  /** Replaceable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Extra secrets to scrub (e.g. the webhook secret). */
  extraSecrets?: readonly string[];
}

export interface WooRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the API base, e.g. `/products/12`. */
  path: string;
  /**
   * `wc` = `/wp-json/wc/v3` (default), `wp` = `/wp-json/wp/v2`, `plugin` = the shop plugin's
   * namespace `/wp-json/wc-sage-woo-sync/v1` (authenticated with the WooCommerce keys, as `wc`).
   */
  api?: WooApi;
  query?: Query;
  /** A JSON value, or a Buffer sent raw with the given Content-Type header. */
  body?: unknown;
  headers?: Record<string, string>;
  schema: z.ZodType<T>;
  timeoutMs?: number;
  /**
   * Whether repeating the request after an unknown outcome is harmless (reads, updates with
   * the same values, deletes). Other requests are only retried when the shop refused them (429).
   */
  idempotent: boolean;
  /** Items of a batch request: its duration feeds the adaptive batch size. */
  batchItems?: number;
  /**
   * A batch route with its own ceiling (the shop plugin's bulk route): its duration feeds that
   * lane's batch size instead of the REST batches' one; the concurrency stays shared.
   */
  adaptiveLane?: AdaptiveLane;
}

/** A batch route sized apart from the REST v3 batches. */
export interface AdaptiveLane {
  name: string;
  /** Items per request never exceed it (the route's own limit). */
  ceiling: number;
  /**
   * The timeout of the lane's requests: set, latency shrinks the lane's batches only when a
   * request actually lasts more than half of it (timeouts and overloads still halve them).
   */
  timeoutMs?: number;
}

export interface WooResponse<T> {
  status: number;
  data: T;
  headers: Record<string, unknown>;
}

export interface WooHttpStats {
  requests: number;
  retries: number;
  /** Failed attempts by error name (including those retried in-client). */
  failures: Record<string, number>;
}

/** The REST namespaces the client reaches, each under `/wp-json`. */
export const API_NAMESPACE = {
  wc: 'wc/v3',
  wp: 'wp/v2',
  plugin: SHOP_PLUGIN_NAMESPACE,
} as const;
export type WooApi = keyof typeof API_NAMESPACE;

const API_PREFIX: Record<WooApi, string> = {
  wc: `/wp-json/${API_NAMESPACE.wc}`,
  wp: `/wp-json/${API_NAMESPACE.wp}`,
  plugin: `/wp-json/${API_NAMESPACE.plugin}`,
};

/** A path as logs and errors show it: `wc` paths bare, the other namespaces prefixed. */
export function displayPath(api: WooApi, path: string): string {
  return api === 'wc' ? path : `/${API_NAMESPACE[api]}${path}`;
}

export function serializeQuery(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // WordPress accepts comma lists for array parameters (status, include, sku).
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params;
}

export class WooHttp {
  private readonly axios: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly limiter: {
    semaphore: Semaphore;
    controller?: AdaptiveController;
    lane: (lane: AdaptiveLane) => AdaptiveController | undefined;
    release: () => void;
  };
  private readonly redact: Redactor;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counters: WooHttpStats = { requests: 0, retries: 0, failures: {} };
  private closed = false;

  constructor(
    private readonly settings: WooHttpSettings,
    private readonly options: WooHttpOptions = {},
  ) {
    this.redact = createRedactor([
      settings.consumerKey,
      settings.consumerSecret,
      ...(settings.media ? [settings.media.applicationPassword] : []),
      ...(options.extraSecrets ?? []),
    ]);
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: settings.concurrency });
    this.axios = axios.create({
      baseURL: settings.url.replace(/\/+$/, ''),
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // Redirects are reported, not followed: a redirected POST would silently become a GET.
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { 'User-Agent': settings.userAgent, Accept: 'application/json' },
    });
    this.limiter = acquireShopLimiter(settings.url, settings.concurrency, settings.adaptive);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Counts since the client was created (requests sent, in-client retries, failures). */
  stats(): WooHttpStats {
    return { ...this.counters, failures: { ...this.counters.failures } };
  }

  get concurrencyLimiter(): Semaphore {
    return this.limiter.semaphore;
  }

  /** Items the next batch request should carry (undefined when not adaptive). */
  adaptiveBatchSize(): number | undefined {
    return this.limiter.controller?.batchSize;
  }

  /** Items the next request of a batch lane should carry (undefined when not adaptive). */
  adaptiveLaneSize(lane: AdaptiveLane): number | undefined {
    return this.limiter.lane(lane)?.batchSize;
  }

  /** The adaptive state of a batch lane (undefined when not adaptive). */
  adaptiveLaneState(lane: AdaptiveLane): AdaptiveState | undefined {
    return this.limiter.lane(lane)?.state();
  }

  /** The shop's adaptive state (undefined when not adaptive). */
  adaptiveState(): AdaptiveState | undefined {
    return this.limiter.controller?.state();
  }

  /** Scrubs the client's credentials from a text. */
  redactText(text: string): string {
    return this.redact(text);
  }

  async request<T>(request: WooRequest<T>): Promise<WooResponse<T>> {
    if (this.closed) throw new WooInvalidRequestError('the WooCommerce client is closed');
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.settings.retry;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A Retry-After the shop gave to any request holds for all of them (a retry has just
        // waited its own).
        const pause = attempt === 1 ? (this.limiter.controller?.pauseMs() ?? 0) : 0;
        if (pause > 0) await this.sleep(pause);
        return await this.limiter.semaphore.run(() => this.observed(request));
      } catch (err) {
        if (!(err instanceof WooError)) throw err;
        this.counters.failures[err.name] = (this.counters.failures[err.name] ?? 0) + 1;
        const delay = err.retryAfterMs ?? backoff(baseDelayMs, attempt);
        const retry =
          attempt < maxAttempts && delay <= maxDelayMs && mayRetryInClient(err, request.idempotent);
        if (!retry) throw err;
        this.counters.retries += 1;
        this.options.logger?.warn(
          { ...err.toDetails(), attempt, delayMs: delay },
          'WooCommerce request failed, retrying',
        );
        await this.sleep(delay);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.limiter.release();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** One attempt, its outcome told to the adaptive controller, which may change the limit. */
  private async observed<T>(request: WooRequest<T>): Promise<WooResponse<T>> {
    const controller = this.limiter.controller;
    if (!controller) return this.send(request);
    const started = Date.now();
    // A lane's batch sizes its own requests; the shop's controller still sees the answer
    // (concurrency, Retry-After), without the items.
    const lane = request.adaptiveLane ? this.limiter.lane(request.adaptiveLane) : undefined;
    const items = request.batchItems !== undefined ? { items: request.batchItems } : {};
    const shopItems = lane ? {} : items;
    try {
      const response = await this.send(request);
      const ms = Date.now() - started;
      controller.record({ kind: 'answered', ms, ...shopItems });
      lane?.record({ kind: 'answered', ms, ...items });
      return response;
    } catch (err) {
      if (isOverload(err)) {
        const outcome = {
          kind: 'overloaded' as const,
          ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
          timedOut: err instanceof WooTimeoutError,
        };
        controller.record({ ...outcome, ...shopItems });
        lane?.record({ ...outcome, ...items });
      } else controller.record({ kind: 'answered', ms: Date.now() - started });
      throw err;
    } finally {
      this.limiter.semaphore.setLimit(controller.concurrency);
    }
  }

  private describe(request: WooRequest<unknown>): WooRequestInfo {
    const query = serializeQuery(request.query ?? {}).toString();
    const path = `${displayPath(request.api ?? 'wc', request.path)}${query ? `?${query}` : ''}`;
    return { method: request.method, path: this.redact(path) };
  }

  private async send<T>(request: WooRequest<T>): Promise<WooResponse<T>> {
    const api = request.api ?? 'wc';
    const info = this.describe(request);
    const auth = applyAuth(this.settings, api);
    const params = serializeQuery({ ...(request.query ?? {}), ...auth.query });
    const timeoutMs = request.timeoutMs ?? this.settings.timeoutMs;
    const isRaw = Buffer.isBuffer(request.body);
    const headers: Record<string, string> = { ...auth.headers, ...(request.headers ?? {}) };
    if (request.body !== undefined && !isRaw) headers['Content-Type'] = 'application/json';

    // One deadline for the whole exchange: connection, headers and body.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const started = Date.now();
    this.counters.requests += 1;
    let response: AxiosResponse<string>;
    try {
      response = await this.axios.request<string>({
        method: request.method,
        url: `${API_PREFIX[api]}${request.path}`,
        params,
        headers,
        data:
          request.body === undefined
            ? undefined
            : isRaw
              ? request.body
              : JSON.stringify(request.body),
        signal: abort.signal,
      });
    } catch (err) {
      const error = this.transportError(err, abort.signal.aborted, timeoutMs, request, info);
      const outcome = error instanceof WooTimeoutError ? 'timeout' : 'network';
      observeShopRequest(request.method, outcome, Date.now() - started);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    observeShopRequest(request.method, response.status, Date.now() - started);
    this.options.logger?.debug(
      { method: info.method, path: info.path, status: response.status, ms: Date.now() - started },
      'WooCommerce request',
    );
    return this.readResponse(response, request, info);
  }

  private transportError(
    err: unknown,
    timedOut: boolean,
    timeoutMs: number,
    request: WooRequest<unknown>,
    info: WooRequestInfo,
  ): WooError {
    const code = axios.isAxiosError(err) ? err.code : undefined;
    if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new WooTimeoutError(timeoutMs, request.method !== 'GET', info);
    }
    const cause: unknown = axios.isAxiosError(err) ? err.cause : undefined;
    const causeCode =
      cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string'
        ? cause.code
        : code;
    // The original error is not kept as `cause`: axios errors carry the request headers.
    return new WooNetworkError(causeCode, info);
  }

  private readResponse<T>(
    response: AxiosResponse<string>,
    request: WooRequest<T>,
    info: WooRequestInfo,
  ): WooResponse<T> {
    const { status } = response;
    const headers = response.headers as Record<string, unknown>;
    const text = typeof response.data === 'string' ? response.data : '';
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      if (!json.ok) throw new WooValidationError(['(body): not JSON'], info);
      const parsed = request.schema.safeParse(json.value);
      if (!parsed.success) throw new WooValidationError(formatIssues(parsed.error), info);
      return { status, data: parsed.data, headers };
    }
    const retryAfterMs = parseRetryAfter(headers['retry-after'] as string | undefined);
    const options = retryAfterMs !== undefined ? { retryAfterMs } : {};
    if (status >= 300 && status < 400) {
      const location = this.redact(String(headers['location'] ?? '(no location)'));
      // Often http → https or a changed site URL: a configuration problem, not retryable.
      throw new WooHttpError(status, `http_${status}`, `unexpected redirect to ${location}`, info);
    }
    const body = json.ok ? wooErrorBodySchema.safeParse(json.value) : undefined;
    if (body?.success) {
      const { status: _status, ...data } = body.data.data ?? {};
      throw httpErrorFor(status, body.data.code, this.redact(body.data.message), info, {
        ...options,
        data,
      });
    }
    // Not a WordPress error body: a proxy, WAF or PHP error page.
    throw httpErrorFor(
      status,
      `http_${status}`,
      this.redact(plainText(text) || '(empty body)'),
      info,
      options,
    );
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}

/** Exponential backoff with full jitter over [base·2^(n-1)/2, base·2^(n-1)]. */
export function backoff(baseDelayMs: number, attempt: number): number {
  const ceiling = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Answers that say the shop (or its host) is overloaded: the adaptive controller backs off. */
function isOverload(err: unknown): err is WooError {
  return (
    err instanceof WooRateLimitError ||
    err instanceof WooTimeoutError ||
    err instanceof WooNetworkError ||
    (err instanceof WooHttpError && err.status >= 500 && err.status !== 501)
  );
}

/**
 * In-client retries never repeat a write whose outcome is unknown: only reads/idempotent
 * requests, or requests the shop refused outright (429, connection refused).
 */
export function mayRetryInClient(err: WooError, idempotent: boolean): boolean {
  if (!err.retryable) return false;
  if (idempotent) return true;
  return (
    err instanceof WooRateLimitError ||
    (err instanceof WooNetworkError && err.causeCode === 'ECONNREFUSED')
  );
}
