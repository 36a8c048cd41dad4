/**
 * N/currentRecord: the record a page shows, for client scripts (N/currentRecord Module, Oracle Help Center: "the
 * record instance that is currently active in the client context"). The emulator runs client code only for a button
 * click on a rendered form (runners/client.ts), which sets the record on the execution; anywhere else get() fails
 * (the error name is a guess: a server script has no current record).
 */
import { nsError } from '../errors';
import type { Execution } from '../execution';
import { str } from '../text';
import type * as currentRecordApi from 'N/currentRecord';
import type { ModuleSurface } from './surface';

export interface ClientPage {
  type: string;
  id: number;
  /** Fields the rendered form has besides the record's (custpage_ fields a beforeLoad added), by id. */
  formValues?: Record<string, unknown>;
}

export function createCurrentRecordModule(x: Execution): object {
  return {
    get() {
      const page = x.runtimeInfo.currentRecord as ClientPage | undefined;
      if (page === undefined) throw nsError('SSS_INVALID_API_USAGE', 'N/currentRecord is available in client scripts only.');
      const row = x.data.load(page.type, page.id);
      return x.expose({
        id: page.id,
        type: page.type,
        isDynamic: true,
        getValue(options: unknown) {
          const fieldId = typeof options === 'string' ? options : str((options as { fieldId?: unknown } | undefined)?.fieldId, '');
          // A custpage_ field a beforeLoad added is a field of the page (Oracle's sample "Update Fields on Current
          // Record using a Custom Module Script and a User Event Script" reads and sets one with N/currentRecord).
          if (page.formValues !== undefined && fieldId in page.formValues) return page.formValues[fieldId] ?? '';
          return row?.fields[fieldId] ?? '';
        },
      });
    },
  } satisfies ModuleSurface<typeof currentRecordApi>;
}
