import fs from 'node:fs';
import path from 'node:path';

/** Bodies recorded from a real store, to build fake answers from. */

function recorded(file: string): unknown {
  const fixture = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'fixtures', 'woocommerce', file),
      'utf8',
    ),
  ) as {
    response: { body: unknown };
  };
  return fixture.response.body;
}

const product = recorded('01-products-create-simple.json') as Record<string, unknown>;
const order = recorded('14-orders-create-pending-two-lines.json') as Record<string, unknown>;
const notes = recorded('16c-order-notes-list.json') as Record<string, unknown>[];

export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(product), ...overrides };
}

export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(order), ...overrides };
}

export function noteBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(notes[0]), ...overrides };
}

export function mediaBody(): unknown {
  return recorded('30-media-upload-pdf-app-password.json');
}

export function errorBody(
  code: string,
  message: string,
  status: number,
  extra: object = {},
): unknown {
  return { code, message, data: { status, ...extra } };
}
