/**
 * What the NetSuite account offers that the sync can use. OneWorld (feature id SUBSIDIARIES) and Multiple Currencies
 * (MULTICURRENCY) are optional: without them there is no subsidiary or currency field to read or write, so the
 * mappings and settings that need one are left out or refused with FEATURE_NOT_ENABLED.
 */
import { DERIVED_SOURCES, type FieldMapping, type MappingSet } from './mapping/field-map';

export interface AccountFeatures {
  /** SUBSIDIARIES: OneWorld, records carry a subsidiary. */
  oneWorld: boolean;
  /** MULTICURRENCY: customers carry a currency. */
  multiCurrency: boolean;
}

export const ALL_FEATURES: AccountFeatures = { oneWorld: true, multiCurrency: true };

const FEATURE_NAMES = { oneWorld: 'OneWorld (Subsidiaries)', multiCurrency: 'Multiple Currencies' } as const;

/** NetSuite fields, and the derived sources built on them, that exist only with a feature. */
const NEEDS: Readonly<Record<string, keyof AccountFeatures>> = {
  subsidiary: 'oneWorld',
  [DERIVED_SOURCES.subsidiaryId]: 'oneWorld',
  currency: 'multiCurrency',
  [DERIVED_SOURCES.currencyIso]: 'multiCurrency',
};

/** The feature a mapping source needs (`company.subsidiary` like `subsidiary`), or null. */
export function featureNeededBy(source: string): keyof AccountFeatures | null {
  return NEEDS[source.trim().toLowerCase().replace(/^company\./, '')] ?? NEEDS[source.trim()] ?? null;
}

export function featureNotEnabled(feature: keyof AccountFeatures, what: string): string {
  return `FEATURE_NOT_ENABLED: ${what} needs ${FEATURE_NAMES[feature]}, which this NetSuite account does not have.`;
}

/** Mappings without the sources this account lacks, and why each left-out one was left out. */
export function applyAccountFeatures(mappings: MappingSet, features: AccountFeatures): { mappings: MappingSet; problems: string[] } {
  const problems: string[] = [];
  const keep = (list: readonly FieldMapping[]): FieldMapping[] => list.filter((m) => {
    const feature = featureNeededBy(m.source);
    if (feature === null || features[feature]) return true;
    problems.push(featureNotEnabled(feature, `The mapping ${m.source} → ${m.target}`));
    return false;
  });
  return { mappings: { contact: keep(mappings.contact), customer: keep(mappings.customer) }, problems };
}

/** A setting that needs a feature the account lacks, said plainly (null when it is fine). */
export function subsidiarySettingProblem(subsidiaryId: string | null, features: AccountFeatures): string | null {
  return subsidiaryId !== null && !features.oneWorld ? featureNotEnabled('oneWorld', '"Subsidiary ID For Created Customers"') : null;
}
