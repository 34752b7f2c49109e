import { z } from 'zod';
import {
  billingAddressSchema,
  metaDataSchema,
  shippingAddressSchema,
  wooDateSchema,
  wooIdSchema,
  wooNullableDateSchema,
  type BillingAddress,
  type MetaDataWrite,
  type ShippingAddress,
} from './common';

/**
 * A customer as `/wc/v3/customers` returns it. `meta_data` is only returned to administrator
 * keys, hence optional.
 */
export const customerSchema = z.object({
  id: wooIdSchema,
  date_created: wooDateSchema,
  date_created_gmt: wooDateSchema,
  date_modified: wooNullableDateSchema,
  date_modified_gmt: wooNullableDateSchema,
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role: z.string(),
  username: z.string(),
  billing: billingAddressSchema,
  shipping: shippingAddressSchema,
  is_paying_customer: z.boolean(),
  avatar_url: z.string().optional(),
  meta_data: metaDataSchema.optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export interface CustomerWrite {
  email?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  password?: string;
  billing?: Partial<BillingAddress>;
  shipping?: Partial<ShippingAddress>;
  meta_data?: MetaDataWrite[];
  [field: string]: unknown;
}

export type CustomerCreate = CustomerWrite & { email: string };
export type CustomerUpdate = CustomerWrite & { id: number };
