/* eslint-disable @typescript-eslint/no-explicit-any -- test client: JSON answers are inspected loosely */
import {
  DEFAULT_CONSUMER_KEY,
  DEFAULT_CONSUMER_SECRET,
  type RunningSandbox,
} from '../../../sandbox/woo';

/** A minimal REST client for the behaviour tests (Basic auth with the sandbox's default key). */

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export const AUTH = `Basic ${Buffer.from(`${DEFAULT_CONSUMER_KEY}:${DEFAULT_CONSUMER_SECRET}`).toString('base64')}`;

export function wc(sb: RunningSandbox) {
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> => {
    const res = await fetch(`${sb.url}/wp-json/wc/v3${path}`, {
      method,
      headers: {
        Authorization: AUTH,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // faults answer with HTML
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    del: <T = any>(path: string) => call<T>('DELETE', path),
  };
}
