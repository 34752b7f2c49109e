/**
 * Errors of the Sage edge. `retryable: false` errors are business/validation problems (the
 * worker turns them into non-retryable ApplicationFailures named by `type`); anything else
 * thrown by the driver (network, deadlock, SQLITE_BUSY) is retryable.
 */
export type SageErrorType =
  | 'UnknownCustomer'
  | 'UnknownArticle'
  | 'UnknownDocument'
  | 'UnknownDeliveryAddress'
  | 'InvalidInput'
  | 'NumberingMissing'
  | 'InvalidTransformation';

export class SageDataError extends Error {
  readonly retryable = false;
  constructor(
    readonly type: SageErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'SageDataError';
  }
}
