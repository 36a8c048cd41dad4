/**
 * Every NetSuite object id the bundle uses, declared once. `npm run validate` checks that Objects/ declares
 * each of them.
 */

export const SCRIPTS = {
  ueContact: { scriptId: 'customscript_crmsync_ue_contact', deploymentId: 'customdeploy_crmsync_ue_contact' },
  ueCustomer: { scriptId: 'customscript_crmsync_ue_customer', deploymentId: 'customdeploy_crmsync_ue_customer' },
  ueSettings: { scriptId: 'customscript_crmsync_ue_settings', deploymentId: 'customdeploy_crmsync_ue_settings' },
  mrPush: { scriptId: 'customscript_crmsync_mr_push', deploymentId: 'customdeploy_crmsync_mr_push', onDemandDeploymentId: 'customdeploy_crmsync_mr_push_od' },
  mrPull: { scriptId: 'customscript_crmsync_mr_pull', deploymentId: 'customdeploy_crmsync_mr_pull', onDemandDeploymentId: 'customdeploy_crmsync_mr_pull_od' },
} as const;

export const SCRIPT_PARAMS = {
  fullSync: 'custscript_crmsync_full_sync',
  /** A full sync's scope: a saved contact or customer search's ID (blank: every customer and contact). */
  fullSyncSearch: 'custscript_crmsync_full_sync_search',
} as const;

/** Parameters of the pull map/reduce. */
export const PULL_PARAMS = {
  /** Rows one run reads per object (blank: 10,000). */
  rowsPerRun: 'custscript_crmsync_pull_rows',
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
  snapshot: 'custentity_crmsync_snapshot',
  /** The record's entry in the queue custom record: deletes, and changes queued before the queue moved onto the record. */
  queueId: 'custentity_crmsync_queue_id',
  /** The record as its own queue entry (see src/netsuite/queue.ts): what waits ('upsert' | 'cascade' | blank). */
  queuedChange: 'custentity_crmsync_queued',
  /** ISO time of the newest queued change; written only when a change is queued, never by the push. */
  changedAt: 'custentity_crmsync_changed_at',
  nextAttempt: 'custentity_crmsync_next_try',
  attempts: 'custentity_crmsync_attempts',
  pulledAt: 'custentity_crmsync_pulled_at',
  pardotStatus: 'custentity_crmsync_pd_status',
  pardotError: 'custentity_crmsync_pd_error',
  pardotHash: 'custentity_crmsync_pd_hash',
  /** Links to the integration-log batch row of the record's last successful sync, per system. */
  lastBatch: 'custentity_crmsync_last_batch',
  pardotLastBatch: 'custentity_crmsync_pd_last_batch',
} as const;

/** The CRM Sync subtab on contact and customer forms (SDF subtab; fields and the log sublist name it as their subtab). */
export const SUBTABS = {
  crmSync: 'custtab_crmsync',
} as const;

/** Pardot-owned values on the NetSuite record: written only from Pardot, never sent to it. */
export const PARDOT_OWNED_FIELDS = {
  score: 'custentity_crmsync_pi_score',
  grade: 'custentity_crmsync_pi_grade',
  campaign: 'custentity_crmsync_pi_campaign',
  comments: 'custentity_crmsync_pi_comments',
} as const;

/** Values kept between runs (the record name is the key), e.g. the pull's high-water marks. */
export const STATE = {
  type: 'customrecord_crmsync_state',
  value: 'custrecord_crmsync_state_value',
} as const;

/**
 * A NetSuite contact or customer that was deleted while linked: its Salesforce and Pardot ids, so no pull ever
 * creates it again, whatever the delete policy did in the CRM.
 */
export const TOMBSTONE = {
  type: 'customrecord_crmsync_tombstone',
  recordType: 'custrecord_crmsync_tomb_record_type',
  recordId: 'custrecord_crmsync_tomb_record_id',
  salesforceId: 'custrecord_crmsync_tomb_sf_id',
  pardotId: 'custrecord_crmsync_tomb_pd_id',
} as const;

export const QUEUE = {
  type: 'customrecord_crmsync_queue',
  recordType: 'custrecord_crmsync_q_record_type',
  recordId: 'custrecord_crmsync_q_record_id',
  customerId: 'custrecord_crmsync_q_customer_id',
  operation: 'custrecord_crmsync_q_operation',
  state: 'custrecord_crmsync_q_state',
  changedAt: 'custrecord_crmsync_q_changed_at',
  attempts: 'custrecord_crmsync_q_attempts',
  nextAttempt: 'custrecord_crmsync_q_next_attempt',
  externalId: 'custrecord_crmsync_q_external_id',
  lastError: 'custrecord_crmsync_q_last_error',
} as const;

export const LOG = {
  type: 'customrecord_crmsync_log',
  direction: 'custrecord_crmsync_log_direction',
  system: 'custrecord_crmsync_log_system',
  recordType: 'custrecord_crmsync_log_record_type',
  recordId: 'custrecord_crmsync_log_record_id',
  customer: 'custrecord_crmsync_log_customer',
  contact: 'custrecord_crmsync_log_contact',
  externalId: 'custrecord_crmsync_log_external_id',
  operation: 'custrecord_crmsync_log_operation',
  status: 'custrecord_crmsync_log_status',
  reason: 'custrecord_crmsync_log_reason',
  message: 'custrecord_crmsync_log_message',
  records: 'custrecord_crmsync_log_records',
  attempt: 'custrecord_crmsync_log_attempt',
  runId: 'custrecord_crmsync_log_run_id',
  excerpt: 'custrecord_crmsync_log_excerpt',
  duration: 'custrecord_crmsync_log_duration',
  stats: 'custrecord_crmsync_log_stats',
} as const;

export const FIELD_MAP = {
  type: 'customrecord_crmsync_fieldmap',
  recordType: 'custrecord_crmsync_fm_record_type',
  netsuiteField: 'custrecord_crmsync_fm_ns_field',
  salesforceField: 'custrecord_crmsync_fm_sf_field',
  owner: 'custrecord_crmsync_fm_owner',
} as const;

export const SETTINGS = {
  type: 'customrecord_crmsync_settings',
  loginUrl: 'custrecord_crmsync_set_sf_login_url',
  apiVersion: 'custrecord_crmsync_set_sf_api_version',
  clientId: 'custrecord_crmsync_set_sf_client_id',
  authFlow: 'custrecord_crmsync_set_sf_auth',
  username: 'custrecord_crmsync_set_sf_username',
  secretId: 'custrecord_crmsync_set_sf_secret_id',
  certificateId: 'custrecord_crmsync_set_sf_cert_id',
  createOnly: 'custrecord_crmsync_set_create_only',
  parentFirst: 'custrecord_crmsync_set_parent_first',
  skipInactive: 'custrecord_crmsync_set_skip_inactive',
  deletePolicy: 'custrecord_crmsync_set_delete_policy',
  salesforceDeletePolicy: 'custrecord_crmsync_set_sf_delete',
  batchSize: 'custrecord_crmsync_set_batch_size',
  maxAttempts: 'custrecord_crmsync_set_max_attempts',
  importOrphans: 'custrecord_crmsync_set_import_orphans',
  blanksOverwrite: 'custrecord_crmsync_set_blanks_overwrite',
  matchAccountsByName: 'custrecord_crmsync_set_match_by_name',
  pausePush: 'custrecord_crmsync_set_pause_push',
  pausePull: 'custrecord_crmsync_set_pause_pull',
  pushEvery: 'custrecord_crmsync_set_push_every',
  pullEvery: 'custrecord_crmsync_set_pull_every',
  apiReserve: 'custrecord_crmsync_set_api_reserve',
  duplicateRules: 'custrecord_crmsync_set_dup_rules',
  pardotEnabled: 'custrecord_crmsync_set_pd_enabled',
  pardotBusinessUnit: 'custrecord_crmsync_set_pd_bu_id',
  pardotHost: 'custrecord_crmsync_set_pd_host',
  pardotAutoCreate: 'custrecord_crmsync_set_pd_autocreate',
  pardotAutoCreateSince: 'custrecord_crmsync_set_pd_auto_since',
  pardotStopPackageFields: 'custrecord_crmsync_set_pd_stop_pkg',
  pardotExcludePartners: 'custrecord_crmsync_set_pd_excl_partner',
  pardotExcludePortal: 'custrecord_crmsync_set_pd_excl_portal',
  pardotCascadeRep: 'custrecord_crmsync_set_pd_cascade_rep',
  pardotConnectorCreates: 'custrecord_crmsync_set_pd_connector',
  pardotSubsidiary: 'custrecord_crmsync_set_pd_subsidiary',
  /** Reconcile (drift report): Weekly, Daily or Off (a list); and whether scheduled runs repair without a click. */
  reconcileEvery: 'custrecord_crmsync_set_rc_every',
  reconcileAutoRepair: 'custrecord_crmsync_set_rc_autorepair',
} as const;

/**
 * The custom lists behind the settings' list fields (Objects/customlist_*.xml); each one's values, in order, are in
 * SETTING_LIST_CHOICES (src/core/settings.ts).
 */
export const SETTING_LISTS = {
  duplicateRules: 'customlist_crmsync_dup_rules',
  authFlow: 'customlist_crmsync_auth_flow',
  deletePolicy: 'customlist_crmsync_ns_delete',
  salesforceDeletePolicy: 'customlist_crmsync_sf_delete',
  reconcileEvery: 'customlist_crmsync_rc_every',
} as const;

/** N/cache names and keys shared by the user events and the push. */
export const CACHE = {
  name: 'crmsync',
  settingsKey: 'settings',
  mappingsKey: 'mappings',
  currenciesKey: 'currencies',
  tokenKey: 'sf-token',
  pushRequestedKey: 'push-requested',
  pardotUsersKey: 'pardot-users',
  /** The org health facts (Contact and Account describe, Pardot business unit), read once per cache lifetime. */
  orgFactsKey: 'org-facts',
  /** Salesforce's instance URL from the last sign-in (also kept in the state record of the same name). */
  instanceUrlKey: 'sf-instance-url',
} as const;

/** Admin experience (issue 7): the console Suitelet and the retention scheduled script. */
export const ADMIN_SCRIPTS = {
  slConsole: { scriptId: 'customscript_crmsync_sl_console', deploymentId: 'customdeploy_crmsync_sl_console' },
  scRetention: { scriptId: 'customscript_crmsync_sc_retention', deploymentId: 'customdeploy_crmsync_sc_retention', onDemandDeploymentId: 'customdeploy_crmsync_sc_retention_od' },
  /** The console's "Retry these N": re-arms the matching failed records in the background. */
  mrRetry: { scriptId: 'customscript_crmsync_mr_retry', deploymentId: 'customdeploy_crmsync_mr_retry' },
} as const;

/**
 * Roles the bundle ships (Objects/customrole_crmsync_*.xml). The administrator role may retry and use "Sync now"
 * like Administrator; the viewer role sees the console and the log read-only.
 */
export const ROLES = {
  admin: 'customrole_crmsync_admin',
  viewer: 'customrole_crmsync_viewer',
  /** The run-as role of every deployment that may run it (map/reduces, user events, the console's actions). */
  integration: 'customrole_crmsync_integration',
} as const;

export const ADMIN_SCRIPT_PARAMS = {
  /** On the console deployment: role ids (besides Administrator) that may retry, comma-separated. */
  retryRoles: 'custscript_crmsync_console_roles',
  /** On a retry task: the error list's filter (its query parameters as JSON). */
  retryFilter: 'custscript_crmsync_retry_filter',
  /** On a retry task: the records "Retry selected" chose (c12,u34: c contact, u customer; a Text Area, 4,000 characters). */
  retryRecords: 'custscript_crmsync_retry_records',
} as const;

/** Settings fields added for the admin experience (kept apart so the sync's settings read stays as it is). */
export const ADMIN_SETTINGS = {
  logDays: 'custrecord_crmsync_set_log_days',
  failureLogDays: 'custrecord_crmsync_set_fail_log_days',
  alertEmails: 'custrecord_crmsync_set_alert_emails',
  alertThreshold: 'custrecord_crmsync_set_alert_threshold',
} as const;

/**
 * Saved searches over the integration log. SDF can only import a savedsearch from an account (its definition
 * is generated by NetSuite), so the console's "Install saved searches" action creates them with N/search.
 */
export const SAVED_SEARCHES = {
  failures24h: 'customsearch_crmsync_log_failures_24h',
  skippedByReason: 'customsearch_crmsync_log_skipped_reason',
  byRun: 'customsearch_crmsync_log_by_run',
  byRecord: 'customsearch_crmsync_log_by_record',
} as const;

/** Reconcile (drift report with repair) and preview (dry run of a full sync): two map/reduces, each scheduled or on demand. */
export const REPORT_SCRIPTS = {
  mrReconcile: { scriptId: 'customscript_crmsync_mr_reconcile', deploymentId: 'customdeploy_crmsync_mr_reconcile', onDemandDeploymentId: 'customdeploy_crmsync_mr_reconcile_od' },
  mrPreview: { scriptId: 'customscript_crmsync_mr_preview', deploymentId: 'customdeploy_crmsync_mr_preview' },
} as const;

export const REPORT_SCRIPT_PARAMS = {
  /** Reconcile: what to repair ("all", or "contact:12,customer:3"); blank: report only (or the auto-repair setting). */
  repair: 'custscript_crmsync_rc_repair',
  /** Preview: what it previews — blank, the full sync; "import", Import from Salesforce (the pull's initial load). */
  previewOf: 'custscript_crmsync_pv_of',
  /** Preview of a full sync: its scope, a saved contact or customer search's ID (blank: every customer and contact). */
  previewSearch: 'custscript_crmsync_pv_search',
} as const;

/**
 * The File Cabinet folder the bundle ships for the plans a preview writes as CSV (SuiteScripts/crmsync/plans). SDF
 * deploys files, creating their folders; the build puts this marker file there, and a script finds the folder's
 * internal id at run time by loading the marker (its File.folder) — folder ids differ per account.
 */
export const PLAN_FILES = {
  folderMarker: 'SuiteScripts/crmsync/plans/README.txt',
} as const;

/**
 * Report pages of reconcile and preview runs: one row per batch that found something (never one per record), plus one
 * summary row per run, each a JSON body the console reads.
 */
export const REPORT = {
  type: 'customrecord_crmsync_report',
  runId: 'custrecord_crmsync_rp_run',
  job: 'custrecord_crmsync_rp_job',
  kind: 'custrecord_crmsync_rp_kind',
  body: 'custrecord_crmsync_rp_body',
} as const;
