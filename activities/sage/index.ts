/** The Sage 100 edge: connection, schema, readers and writers. Sage column names stay in here. */
export {
  createSageDb,
  openEmbeddedSageDb,
  openSqliteFile,
  sageDbFromSqlite,
  sageDialect,
} from './db';
export type { SageDb, SageDialectName } from './db';
export { SAGE_TABLES, isoTimestamp } from './schema';
export type { SageDatabase, SageTableName } from './schema';
export { renderSqliteSchema, renderSqlServerSchema, columnNames, freeFieldColumns } from './ddl';
export { createEmbeddedSchema } from './embedded-schema';
export { DEFAULT_FREE_FIELDS } from './free-fields';
export type { ChangePageParams } from './paging';
export { withWriteTransaction } from './transaction';
export { SageDataError } from './errors';
export type { SageErrorType } from './errors';
export {
  readArticlesChangedSince,
  readArticlesByReference,
  readFamilies,
  readGroupMembers,
  readRawGrouping,
} from './articles';
export { readStockChangedSince, readStockOfArticles, readDepots } from './stock';
export { countChangedRows } from './paging';
export { trimmedKeyIn } from './key-match';
export {
  readCustomersChangedSince,
  readCustomersByAccount,
  readCustomer,
  readDeliveryAddressesChangedSince,
  readDeliveryAddress,
} from './customers';
export {
  emailHolders,
  customerAccountsAmong,
  latestDeliveryAddressChange,
} from './customer-lookups';
export { updateContactName, makeMainDeliveryAddress, CONTACT_FIELD } from './customer-edits';
export { readPaymentSchedule } from './payment-schedules';
export {
  readPriceCategories,
  readArticlePricesChangedSince,
  readFamilyCategoryPrices,
  readFamilyCustomerDiscountsChangedSince,
  readPackagingPricesChangedSince,
  readQuantityPriceRangesChangedSince,
  categoryTarget,
} from './prices';
export {
  readDocument,
  readDocumentChain,
  readInvoice,
  readSalesDocumentsChangedSince,
} from './documents';
export { createQuote, findDocumentForWebOrder, DEFAULT_TAX_CODES } from './quotes';
export type { QuoteInput, QuoteLineInput, QuoteResult, QuoteWriterOptions } from './quotes';
export { cancelQuote } from './quote-cancel';
export type { QuoteCancelOutcome } from './quote-cancel';
export { updateCustomer, addDeliveryAddress, updateDeliveryAddress } from './customer-writes';
export type {
  CustomerChanges,
  CustomerWriteOptions,
  DeliveryAddressInput,
  WriteOutcome,
  WriteProblem,
} from './customer-writes';
export { columnWidths, readColumnWidths } from './column-widths';
export type { ColumnWidths } from './column-widths';
export { createSqlSageWriter, writerOptionsFrom, DEFAULT_WRITER_OPTIONS } from './writer';
export type { SageWriter, SqlSageWriterOptions } from './writer';
export { allocatePieceNumber } from './numbering';
export { checkSageSchema, countCompanyRows } from './schema-check';
export type { CompanyCounts, SchemaCheck } from './schema-check';
