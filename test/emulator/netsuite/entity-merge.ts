/**
 * NetSuite's Duplicate Resolution merge of contacts (Manage Duplicates, or Lists > Mass Update > Duplicate Resolution),
 * as far as Oracle documents it: the primary record is kept, and "if the primary record and duplicate record have
 * different information for the same field, the information from the primary record takes precedence and is
 * preserved. The information in the duplicate records for these fields is lost" (NetSuite Help Center, "Manage Record
 * Duplicates Page"); the duplicates are removed ("Merging or Deleting Duplicate Records").
 *
 * Guesses, listed in test/emulator/README.md: the duplicates are deleted through the record layer, so the delete user
 * events run for each one (SuiteScript has no "merge" user event type, and the Help Center does not say whether a
 * merge runs user events); the primary is not saved (its values are kept as they are); customers are not modelled (a
 * customer merge also moves contacts and transactions).
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
