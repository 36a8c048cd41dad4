/** What N/runtime tells a script about itself and its user. */
import * as runtime from 'N/runtime';
import type { AccountFeatures } from '../core/account-features';

export function scriptParameter(name: string): unknown {
  return runtime.getCurrentScript().getParameter({ name });
}

export function currentDeploymentId(): string {
  return runtime.getCurrentScript().deploymentId;
}

export interface CurrentUser {
  id: number;
  /** The user's name (runtime.User.name), for who did what in the log. */
  name: string;
  /** Internal id of the role (Administrator is 3). */
  role: number;
  /** Script id of the role, e.g. administrator or customrole_crmsync_admin. */
  roleId: string;
  subsidiary: number;
}

export function currentUser(): CurrentUser {
  const user = runtime.getCurrentUser();
  return { id: user.id, name: user.name, role: user.role, roleId: user.roleId, subsidiary: user.subsidiary };
}

/** Whether the current code runs inside a map/reduce script (the push and the pull). */
export function inMapReduce(): boolean {
  return runtime.executionContext === runtime.ContextType.MAP_REDUCE;
}

/** Whether a person is working in the NetSuite UI (not CSV import, web services or another script). */
export function inUserInterface(): boolean {
  return runtime.executionContext === runtime.ContextType.USER_INTERFACE;
}

export function featureInEffect(feature: Parameters<typeof runtime.isFeatureInEffect>[0]['feature']): boolean {
  return runtime.isFeatureInEffect({ feature });
}

/**
 * OneWorld and Multiple Currencies, as runtime.isFeatureInEffect reports them (feature ids SUBSIDIARIES and
 * MULTICURRENCY: Oracle Help Center, "runtime.isFeatureInEffect(options)" and the SDF manifest feature list).
 */
export function accountFeatures(): AccountFeatures {
  return { oneWorld: featureInEffect('SUBSIDIARIES'), multiCurrency: featureInEffect('MULTICURRENCY') };
}
