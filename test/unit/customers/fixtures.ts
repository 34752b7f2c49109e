import { parseConfig } from '../../../shared/config';
import type { CustomersConfig } from '../../../shared/config/customers';
import type { Customer, Depot } from '../../../shared/sage/types';

export function customersConfig(overrides: Record<string, unknown> = {}): CustomersConfig {
  return parseConfig({ customers: overrides }).customers;
}

export const DEPOTS: Pick<Depot, 'depotNo' | 'postalCode'>[] = [
  { depotNo: 1, postalCode: '69007' },
  { depotNo: 2, postalCode: '13002' },
  { depotNo: 3, postalCode: '31000' },
];

export function sageCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    rowId: 1,
    modifiedAt: '2026-01-01T00:00:00.000',
    account: 'CL00001',
    type: 'customer',
    name: 'SARL Raccords Lyonnais',
    contactName: 'Jean Dupont',
    address: {
      line1: '12 rue de la Gare',
      line2: '',
      postalCode: '69007',
      city: 'Lyon',
      region: '',
      country: 'France',
    },
    phone: '04 78 00 00 00',
    email: 'contact@raccords.example.fr',
    vatNumber: 'FR12345678901',
    siret: '12345678900011',
    sleeping: false,
    priceCategory: 1,
    centralAccount: '',
    payerAccount: '',
    discountRate: '0',
    cashDiscountRate: '0',
    depotNo: null,
    deliveryAddresses: [
      {
        addressNo: 7,
        customerAccount: 'CL00001',
        name: 'Entrepôt Vénissieux',
        line1: '3 avenue du Port',
        line2: '',
        postalCode: '69200',
        city: 'Vénissieux',
        region: '',
        country: 'France',
        contact: 'Marie Curie',
        phone: '04 72 00 00 00',
        email: '',
        isDefault: true,
      },
    ],
    contacts: [],
    ...overrides,
  };
}
