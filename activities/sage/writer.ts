import type { SageConfig } from '../../shared/config/sage';
import {
  addDeliveryAddress,
  updateCustomer,
  updateDeliveryAddress,
  type CustomerChanges,
  type DeliveryAddressInput,
  type WriteOutcome,
} from './customer-writes';
import type { SageDb } from './db';
import { createQuote, type QuoteInput, type QuoteResult, type QuoteWriterOptions } from './quotes';

/**
 * Everything the connector writes into Sage. The SQL implementation below writes rows directly;
 * a site with an Objets Métiers licence can provide another implementation (a Windows helper
 * speaking JSON) without touching the activities.
 */
export interface SageWriter {
  createQuote(input: QuoteInput): Promise<QuoteResult>;
  updateCustomer(account: string, changes: CustomerChanges): Promise<WriteOutcome>;
  addDeliveryAddress(
    account: string,
    address: DeliveryAddressInput,
  ): Promise<WriteOutcome & { addressNo: number }>;
  updateDeliveryAddress(
    account: string,
    addressNo: number,
    changes: Partial<DeliveryAddressInput>,
  ): Promise<WriteOutcome>;
}

/** Quote options plus the fields an empty shop value may clear (customer and address writes). */
export type SqlSageWriterOptions = QuoteWriterOptions & { clearableFields?: readonly string[] };

export function writerOptionsFrom(config: SageConfig): SqlSageWriterOptions {
  return {
    creatorTag: config.writer.creatorTag,
    clearableFields: config.writer.clearableFields,
    quoteSeries: config.writer.quoteSeries,
    defaultVatRate: config.writer.defaultVatRate,
    moneyDecimals: config.moneyDecimals,
  };
}

export const DEFAULT_WRITER_OPTIONS: QuoteWriterOptions = {
  creatorTag: 'WOO',
  quoteSeries: 0,
  defaultVatRate: '20',
  moneyDecimals: 2,
};

export function createSqlSageWriter(
  db: SageDb,
  options: SqlSageWriterOptions = DEFAULT_WRITER_OPTIONS,
): SageWriter {
  const tag = { creatorTag: options.creatorTag, clearableFields: options.clearableFields ?? [] };
  return {
    createQuote: (input) => createQuote(db, input, options),
    updateCustomer: (account, changes) => updateCustomer(db, account, changes, tag),
    addDeliveryAddress: (account, address) => addDeliveryAddress(db, account, address, tag),
    updateDeliveryAddress: (account, addressNo, changes) =>
      updateDeliveryAddress(db, account, addressNo, changes, tag),
  };
}
