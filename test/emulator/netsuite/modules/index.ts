/** The N/ modules a script can require; each is created per execution and bound to its meter and context. */
import type { Execution } from '../execution';
import { createEmailModule, createEncodeModule, createErrorModule, createFormatModule, createLogModule, createRedirectModule, createRuntimeModule, createUrlModule, createUtilModule } from './basic';
import { createCacheModule, createTaskModule } from './jobs';
import { createCurrentRecordModule } from './current-record';
import { createRecordModule } from './record';
import { createSearchModule } from './search';
import { createCertificateModule, createCryptoModule, createHttpsModule, createRandomModule } from './secure';
import { createMessageModule, createServerWidgetModule } from './ui-server-widget';

const FACTORIES: Record<string, (x: Execution) => object> = {
  'N/log': createLogModule,
  'N/util': createUtilModule,
  'N/error': createErrorModule,
  'N/runtime': createRuntimeModule,
  'N/record': createRecordModule,
  'N/search': createSearchModule,
  'N/https': createHttpsModule,
  'N/crypto': createCryptoModule,
  'N/crypto/certificate': createCertificateModule,
  'N/crypto/random': createRandomModule,
  'N/task': createTaskModule,
  'N/cache': createCacheModule,
  'N/format': createFormatModule,
  'N/encode': () => createEncodeModule(),
  'N/email': createEmailModule,
  'N/url': createUrlModule,
  'N/redirect': createRedirectModule,
  'N/ui/serverWidget': createServerWidgetModule,
  'N/ui/message': () => createMessageModule(),
  'N/currentRecord': createCurrentRecordModule,
};

export function createModule(name: string, x: Execution): object | undefined {
  return FACTORIES[name]?.(x);
}

export const SUPPORTED_MODULES = Object.keys(FACTORIES);
