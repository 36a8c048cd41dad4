/** Creates the integration-log saved searches the console links to (SDF can only import, not author, a savedsearch). */
import * as search from 'N/search';
import { LOG } from '../ids';
import { SAVED_SEARCH_SPECS, type SearchColumnSpec } from '../core/console/saved-searches';

function column(spec: SearchColumnSpec): search.Column {
  return search.createColumn({
    name: spec.name,
    ...(spec.summary === undefined ? {} : { summary: search.Summary[spec.summary] }),
    ...(spec.sort === undefined ? {} : { sort: search.Sort[spec.sort] }),
  });
}

/** Which searches exist (5 units each). */
export function installedSearches(): Set<string> {
  const installed = new Set<string>();
  for (const spec of SAVED_SEARCH_SPECS) {
    try {
      search.load({ id: spec.id });
      installed.add(spec.id);
    } catch {
      // Not installed yet.
    }
  }
  return installed;
}

/** Creates the missing searches (5 units each); returns the ids it created. */
export function installSearches(): string[] {
  const existing = installedSearches();
  const created: string[] = [];
  for (const spec of SAVED_SEARCH_SPECS) {
    if (existing.has(spec.id)) continue;
    search.create({ type: LOG.type, id: spec.id, title: spec.title, filters: spec.filters, columns: spec.columns.map(column) }).save();
    created.push(spec.id);
  }
  return created;
}
