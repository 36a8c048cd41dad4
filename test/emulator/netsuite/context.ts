/**
 * The execution context: who a script runs as. NetSuite runs every script for a user with a role; the deployment's
 * "Execute As Role" decides whose permissions apply, and scripts triggered by a script keep the role of the script
 * that triggered them ("Executing Scripts Using a Specific Role", Oracle Help Center,
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_N2997500.html).
 */
import type { EmulatedUser } from './profile';

/** runtime.Permission levels. */
export const PERMISSION = { FULL: 4, EDIT: 3, CREATE: 2, VIEW: 1, NONE: 0 } as const;
export type PermissionLevel = (typeof PERMISSION)[keyof typeof PERMISSION];

export class ExecutionContext {
  /** The user runtime.getCurrentUser() reports (their own role included). */
  readonly user: Readonly<EmulatedUser>;
  /** The deployment's Execute As Role (`<runasrole>`, e.g. ADMINISTRATOR), when it sets one. */
  readonly runAsRole: string | undefined;

  constructor(user: Readonly<EmulatedUser>, runAsRole?: string) {
    this.user = user;
    this.runAsRole = runAsRole;
  }

  /** The role whose permissions apply: the Execute As Role, or the user's own. */
  get effectiveRole(): string {
    return this.runAsRole ?? this.user.roleId;
  }

  /** A script this one triggers (a user event fired by its save) keeps this user and this role. */
  cascade(): this {
    return this;
  }

  /**
   * User.getPermission. Every role has FULL on everything for now (role permissions are not emulated yet); a later
   * change reads the effective role's permissions here, and the data-access point (data.ts) asks the same question.
   */
  permission(_permission: string): PermissionLevel {
    return PERMISSION.FULL;
  }
}
