import type { Article, Packaging } from '../../../shared/sage/types';
import { catalogConfigSchema } from '../../../shared/config/catalog';

export const settings = catalogConfigSchema.parse({});

/** An article as the Sage reader returns it, with test-friendly defaults. */
export function article(reference: string, overrides: Partial<Article> = {}): Article {
  return {
    rowId: 1,
    modifiedAt: '2025-01-01T00:00:00.000',
    reference,
    designation: `Designation ${reference}`,
    familyCode: 'FAM001',
    familyKnown: true,
    salePrice: '12.5',
    salePriceIncludesTax: false,
    purchasePrice: '6',
    coefficient: '2',
    barcode: '',
    sleeping: false,
    published: true,
    packagingType: 0,
    packagings: [],
    masterReference: '',
    attributes: [],
    ...overrides,
  };
}

export function packaging(no: number, quantity: string, reference = ''): Packaging {
  return {
    packagingNo: no,
    label: `Carton de ${quantity}`,
    quantity,
    reference,
    barcode: '',
    isDefault: no === 1,
  };
}
