/**
 * Turns stored prospect snapshots into wire objects holding exactly the requested `fields` (v5 has no default
 * representation: `fields` is required on reads and queries [S65]).
 */
import { RELATIONS, STORED_DATETIME_FIELDS, type FieldValue, type ProspectSchema } from './fields';
import type { Directory, ProspectState } from './store';
import { formatTimestamp, type TimeFormat } from './time';

export interface ProjectionContext {
  readonly directory: Directory;
  readonly time: TimeFormat;
}

/** A prospect as the ops API returns it: every field, timestamps formatted like the wire. */
export type ProspectView = Readonly<Record<string, FieldValue>> & {
  readonly id: number;
  readonly email: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly isDeleted: boolean;
};

export function readField(state: ProspectState, name: string, ctx: ProjectionContext): FieldValue {
  switch (name) {
    case 'id':
      return state.id;
    case 'createdAt':
      return formatTimestamp(state.createdAtMs, ctx.time);
    case 'updatedAt':
      return formatTimestamp(state.updatedAtMs, ctx.time);
    case 'isDeleted':
      return state.isDeleted;
    case 'assignedToId':
      return state.values['userId'] ?? null;
    default: {
      const value = state.values[name] ?? null;
      if (STORED_DATETIME_FIELDS.has(name) && typeof value === 'number') return formatTimestamp(value, ctx.time);
      return value;
    }
  }
}

export function project(state: ProspectState, fields: readonly string[], ctx: ProjectionContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const dot = path.indexOf('.');
    if (dot < 0) {
      out[path] = readField(state, path, ctx);
      continue;
    }
    const relationName = path.slice(0, dot);
    const leaf = path.slice(dot + 1);
    const related = relatedObject(state, relationName, ctx);
    if (related === null) {
      out[relationName] = null;
      continue;
    }
    const existing = out[relationName];
    const target = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
    target[leaf] = related[leaf] ?? null;
    out[relationName] = target;
  }
  return out;
}

function relatedObject(state: ProspectState, relationName: string, ctx: ProjectionContext): Record<string, FieldValue> | null {
  const relation = RELATIONS[relationName];
  if (!relation) return null;
  const id = state.values[relation.via];
  if (typeof id !== 'number') return null;
  if (relationName === 'campaign') {
    const campaign = ctx.directory.campaigns.get(id);
    return campaign ? { id: campaign.id, name: campaign.name } : null;
  }
  const user = ctx.directory.users.get(id);
  return user ? { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName } : null;
}

export function fullView(state: ProspectState, schema: ProspectSchema, ctx: ProjectionContext): ProspectView {
  const out: Record<string, FieldValue> = {};
  for (const name of schema.names()) out[name] = readField(state, name, ctx);
  return out as ProspectView;
}
