/**
 * NetSuite's Duplicate Resolution merge of contacts (Manage Duplicates, or Lists > Mass Update > Duplicate Resolution),
 * as far as Oracle documents it: the primary record is kept, and "if the primary record and duplicate record have
 * different information for the same field, the information from the primary record takes precedence and is
 * preserved. The information in the duplicate records for these fields is lost" (NetSuite Help Center, "Manage Record
 * Duplicates Page"); the duplicates are removed ("Merging or Deleting Duplicate Records").
 *
 * Guesses, listed in test/emulator/README.md: the duplicates are deleted through the record layer, so the delete user
 * events run for each one (SuiteScript has no "merge" user event type, and the Help Center does not say whether a
 * merge runs user events); the primary is not saved (its values are kept as they are). For customers, the duplicate's
 * contacts are moved to the primary (an edit of each contact's company through the record layer, so their edit user
 * events run) before the duplicate is removed; transactions are not modelled (the bundle syncs none).
 */
import type { EmulatedAccount } from './account';

export function mergeContacts(account: EmulatedAccount, primaryId: number, duplicateIds: readonly number[]): void {
  if (account.get('contact', primaryId) === undefined) throw new Error(`mergeContacts: no contact ${primaryId}`);
  for (const id of duplicateIds) {
    if (id === primaryId || account.get('contact', id) === undefined) throw new Error(`mergeContacts: ${id} is not another contact`);
  }
  for (const id of duplicateIds) {
    const result = account.ui.delete('contact', id);
    if (result.id === undefined) throw new Error(`mergeContacts: duplicate ${id} not removed: ${JSON.stringify(result.error)}`);
  }
}

/** A customer merge: the duplicates' contacts move to the primary, then the duplicates are removed. */
export function mergeCustomers(account: EmulatedAccount, primaryId: number, duplicateIds: readonly number[]): void {
  if (account.get('customer', primaryId) === undefined) throw new Error(`mergeCustomers: no customer ${primaryId}`);
  for (const id of duplicateIds) {
    if (id === primaryId || account.get('customer', id) === undefined) throw new Error(`mergeCustomers: ${id} is not another customer`);
  }
  for (const id of duplicateIds) {
    for (const contact of account.find('contact', (c) => Number(c.company) === id)) account.ui.edit('contact', Number(contact.id), { company: primaryId });
    const result = account.ui.delete('customer', id);
    if (result.id === undefined) throw new Error(`mergeCustomers: duplicate ${id} not removed: ${JSON.stringify(result.error)}`);
  }
}
