import type { SageEditPlan } from '../../shared/customers/sage-edits';
import type { SageDb } from '../sage/db';
import {
  addDeliveryAddress,
  updateCustomer,
  updateDeliveryAddress,
  type WriteProblem,
} from '../sage/customer-writes';
import { withWriteTransaction } from '../sage/transaction';
import { makeMainDeliveryAddress, updateContactName } from '../sage/customer-edits';

export interface SageEditOutcome {
  changed: boolean;
  deliveryAddressAdded: boolean;
  truncated: string[];
  /**
   * Fields the write guard refused (too long, not representable, empty and not clearable): Sage
   * kept its value for each, the other fields were written. The caller reports them.
   */
  problems: WriteProblem[];
}

/**
 * Writes a customer's edits into Sage in one transaction: account columns, contact name and the
 * delivery address (a new place becomes a new main F_LIVRAISON row). Each writer compares before
 * writing, so applying the same plan twice writes nothing the second time. `clearableFields`
 * (`sage.writer.clearableFields`) are the fields an empty shop value may clear.
 */
export async function applySageEdits(
  db: SageDb,
  account: string,
  plan: SageEditPlan,
  options: { creatorTag: string; clearableFields?: readonly string[] },
): Promise<SageEditOutcome> {
  return withWriteTransaction(db, async (trx) => {
    const outcome: SageEditOutcome = {
      changed: false,
      deliveryAddressAdded: false,
      truncated: [],
      problems: [],
    };
    if (plan.account) {
      const result = await updateCustomer(trx, account, plan.account, options);
      outcome.changed ||= result.changed;
      outcome.truncated.push(...result.truncated);
      outcome.problems.push(...result.problems);
    }
    if (plan.contactName !== undefined) {
      const result = await updateContactName(trx, account, plan.contactName, options);
      outcome.changed ||= result.changed;
      if (result.problem) outcome.problems.push(result.problem);
    }
    if (plan.delivery?.kind === 'add') {
      const result = await addDeliveryAddress(
        trx,
        account,
        { ...plan.delivery.address, isDefault: true },
        options,
      );
      outcome.changed ||= result.changed;
      outcome.deliveryAddressAdded = result.changed;
      outcome.truncated.push(...result.truncated);
      outcome.problems.push(...result.problems);
      // A place Sage already had is returned as is: it becomes the main one, as a new one would.
      if (!result.changed) {
        const moved = await makeMainDeliveryAddress(trx, account, result.addressNo, options);
        outcome.changed ||= moved;
      }
    } else if (plan.delivery?.kind === 'update') {
      const result = await updateDeliveryAddress(
        trx,
        account,
        plan.delivery.addressNo,
        plan.delivery.changes,
        options,
      );
      outcome.changed ||= result.changed;
      outcome.truncated.push(...result.truncated);
      outcome.problems.push(...result.problems);
    }
    return outcome;
  });
}
