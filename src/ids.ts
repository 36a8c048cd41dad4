/**
 * Every NetSuite object id the bundle uses, declared once. Objects/ must declare each of them
 * (test/build/ids.test.ts checks both directions).
 */

export const SCRIPTS = {
  ueContact: { scriptId: 'customscript_crmsync_ue_contact', deploymentId: 'customdeploy_crmsync_ue_contact' },
} as const;

/** Custom entity fields on contact and customer. */
export const ENTITY_FIELDS = {
  salesforceId: 'custentity_crmsync_sf_id',
  pardotId: 'custentity_crmsync_pardot_id',
  status: 'custentity_crmsync_status',
  lastSync: 'custentity_crmsync_last_sync',
  lastError: 'custentity_crmsync_last_error',
  lock: 'custentity_crmsync_lock',
  syncedHash: 'custentity_crmsync_hash',
} as const;
