/** WooCommerce/WordPress REST error bodies: `{ code, message, data: { status, ... } }`. */

export class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extraData: Record<string, unknown> = {},
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      data: { status: this.status, ...this.extraData },
    };
  }
}

export function noRoute(): WooError {
  return new WooError(
    404,
    'rest_no_route',
    'No route was found matching the URL and request method.',
  );
}

export interface ParamProblem {
  param: string;
  code: 'rest_invalid_type' | 'rest_not_in_enum' | 'rest_out_of_bounds' | 'rest_invalid_date';
  message: string;
}

/** WordPress core's argument validation error, listing every invalid parameter. */
export function invalidParams(problems: ParamProblem[]): WooError {
  const params: Record<string, string> = {};
  const details: Record<string, unknown> = {};
  for (const p of problems) {
    params[p.param] = p.message;
    details[p.param] = {
      code: p.code,
      message: p.message,
      data: p.code === 'rest_invalid_type' ? { param: p.param } : null,
    };
  }
  return new WooError(
    400,
    'rest_invalid_param',
    `Invalid parameter(s): ${problems.map((p) => p.param).join(', ')}`,
    { params, details },
  );
}

export function missingParams(names: string[]): WooError {
  return new WooError(
    400,
    'rest_missing_callback_param',
    `Missing parameter(s): ${names.join(', ')}`,
    {
      params: names,
    },
  );
}
