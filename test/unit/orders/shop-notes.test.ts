import assert from 'node:assert/strict';
import {
  priceDifferencesNote,
  quoteRefusedReason,
  uncheckedPricesNote,
} from '../../../shared/orders/shop-notes';

describe('shop notes of the order workflow (French, for the shop staff)', () => {
  it('says the prices were not checked, naming the quote and why', () => {
    assert.equal(
      uncheckedPricesNote('DE00042', 'pricing engine unavailable'),
      'Prix non contrôlés pour le devis DE00042 (pricing engine unavailable).',
    );
  });

  it('lists every price difference in order, web price then Sage price, exact strings', () => {
    assert.equal(
      priceDifferencesNote('DE00042', [
        { sku: 'HYD-00042', quantity: '3', webPrice: '12.40', sagePrice: '12.3950' },
        { sku: 'JNT-7', quantity: '1', webPrice: '0.10', sagePrice: '0.09' },
      ]),
      'Écarts de prix avec Sage sur le devis DE00042 : ' +
        'HYD-00042 web 12.40 / Sage 12.3950, JNT-7 web 0.10 / Sage 0.09',
    );
  });

  it('names the one difference without a trailing separator', () => {
    assert.equal(
      priceDifferencesNote('DE1', [{ sku: 'A', quantity: '1', webPrice: '2', sagePrice: '3' }]),
      'Écarts de prix avec Sage sur le devis DE1 : A web 2 / Sage 3',
    );
  });

  it('gives the shop cancellation reason of a quote lost in Sage', () => {
    assert.equal(quoteRefusedReason('DE00042'), 'devis DE00042 refusé dans Sage');
  });
});
