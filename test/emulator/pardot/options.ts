/**
 * Constructor options. Every knob that api-facts §2 marks (U)nverified or (O)bserved-only is an option here so a
 * test can pin the behaviour it depends on; the defaults are the emulator's best reading of the sources.
 */
import type { CustomFieldSpec } from './fields';

export interface BusinessUnitErrorOptions {
  /** Body format of business-unit / host failures. Default 'xml' (observed text/xml, api-facts §2.5 [S62]). */
  format?: 'xml' | 'json';
  /** HTTP status when the Pardot-Business-Unit-Id header is absent. Default 400. */
  missingStatus?: number;
  /** HTTP status when the header names another business unit or the host is wrong. Default 403. */
  invalidStatus?: number;
}

export interface PardotEmulatorOptions {
  /** Host the emulator answers for; any other host gets the business-unit failure (code 201). */
  host?: string;
  /** 18-character id starting with 0Uv that requests must send in Pardot-Business-Unit-Id. */
  businessUnitId: string;
  /** Token check shared with the Salesforce emulator (Pardot accepts Salesforce access tokens). */
  validateToken: (token: string) => boolean;
  /**
   * Calls allowed per account-time-zone day before code 122, also the maximum `x-api-usage` reports. Default 100000
   * (Advanced/Premium); Growth is 25000, Plus 50000.
   */
  dailyLimit?: number;
  /** Concurrent requests allowed before code 66. Default 5 [S75]. */
  concurrentLimit?: number;
  /** Wall clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Emulated replica lag for reads and queries (v5 may serve data up to 60 s stale [S65]). Default 0. */
  readLagMs?: number;
  /** AMPSEA: several prospects may share an email. Default true. */
  allowDuplicateEmails?: boolean;
  /** Email matching for upsertLatestByEmail and the `email` query filter. Default 'case-sensitive' [S62]. */
  emailMatching?: 'case-sensitive' | 'case-insensitive';
  businessUnitErrors?: BusinessUnitErrorOptions;
  /** HTTP status for codes 66 and 122 (the body code is what matters). Default 429. */
  limitErrorStatus?: number;
  /** HTTP status when upsertLatestByEmail updates an existing prospect (create is always 201). Default 200. */
  upsertUpdateStatus?: 200 | 201;
  /** Which timestamp picks the "latest" prospect in upsertLatestByEmail. Default 'updatedAt' [S61]. */
  upsertMatchBy?: 'updatedAt' | 'lastActivityAt';
  /**
   * Precision of createdAt/updatedAt on the wire and in filters/sorting. 'millisecond' (default) keeps an updatedAt
   * watermark exact; 'second' reproduces the documented YYYY-MM-DDTHH:MM:SS±HH:MM format, where several writes can
   * share one second.
   */
  timestampPrecision?: 'millisecond' | 'second';
  /** Account time zone as a UTC offset in minutes: used for output offsets, offset-less filters and the daily reset. */
  timeZoneOffsetMinutes?: number;
  /** Custom prospect fields; names must end in `__c`. */
  customFields?: ReadonlyArray<string | CustomFieldSpec>;
  /** Per-field string length limits overriding the defaults (255; comments 65535). */
  maxLengths?: Readonly<Record<string, number>>;
  /** Over-long strings (other than email, always code 4): 'error' (154, default) or 'truncate'. */
  overlongStrings?: 'error' | 'truncate';
  /** Whether writes may use `assignedToId` as well as `userId`. Default true. */
  assignedToIdWritable?: boolean;
  /**
   * Addresses Pardot refuses with code 4 although they pass the format check. Pardot's full email rule is not
   * documented (a guess, README); a test names the addresses it wants refused, on every write path. Default none.
   */
  rejectedEmails?: readonly string[];
  /** Set false to reproduce the 2022 pi.demo behaviour where POST …/prospects answered 405 / code 60 [pardot/api-docs#234]. */
  prospectCreateSupported?: boolean;
  /** Whether a write that changes nothing still bumps updatedAt. Default false. */
  bumpUpdatedAtOnNoop?: boolean;
  /** Seed two campaigns (ids 1, 2) and one user (id 1). Default true. */
  seedDefaults?: boolean;
  /** Page-token lifetime (code 210 after). Default 4 h. */
  pageTokenTtlMs?: number;
}

export type ResolvedOptions = Required<Omit<PardotEmulatorOptions, 'businessUnitErrors' | 'maxLengths' | 'customFields'>> & {
  businessUnitErrors: Required<BusinessUnitErrorOptions>;
  maxLengths: Readonly<Record<string, number>>;
  customFields: ReadonlyArray<string | CustomFieldSpec>;
};

export function resolveOptions(options: PardotEmulatorOptions): ResolvedOptions {
  if (!/^0Uv[A-Za-z0-9]{15}$/.test(options.businessUnitId)) {
    throw new Error(`businessUnitId must be 18 characters starting with 0Uv, got "${options.businessUnitId}"`);
  }
  return {
    host: options.host ?? 'pi.pardot.com',
    businessUnitId: options.businessUnitId,
    validateToken: options.validateToken,
    dailyLimit: options.dailyLimit ?? 100_000,
    concurrentLimit: options.concurrentLimit ?? 5,
    now: options.now ?? (() => new Date()),
    readLagMs: options.readLagMs ?? 0,
    allowDuplicateEmails: options.allowDuplicateEmails ?? true,
    emailMatching: options.emailMatching ?? 'case-sensitive',
    businessUnitErrors: {
      format: options.businessUnitErrors?.format ?? 'xml',
      missingStatus: options.businessUnitErrors?.missingStatus ?? 400,
      invalidStatus: options.businessUnitErrors?.invalidStatus ?? 403,
    },
    limitErrorStatus: options.limitErrorStatus ?? 429,
    upsertUpdateStatus: options.upsertUpdateStatus ?? 200,
    upsertMatchBy: options.upsertMatchBy ?? 'updatedAt',
    timestampPrecision: options.timestampPrecision ?? 'millisecond',
    timeZoneOffsetMinutes: options.timeZoneOffsetMinutes ?? 0,
    customFields: options.customFields ?? [],
    maxLengths: options.maxLengths ?? {},
    overlongStrings: options.overlongStrings ?? 'error',
    assignedToIdWritable: options.assignedToIdWritable ?? true,
    rejectedEmails: options.rejectedEmails ?? [],
    prospectCreateSupported: options.prospectCreateSupported ?? true,
    bumpUpdatedAtOnNoop: options.bumpUpdatedAtOnNoop ?? false,
    seedDefaults: options.seedDefaults ?? true,
    pageTokenTtlMs: options.pageTokenTtlMs ?? 4 * 60 * 60 * 1000,
  };
}
