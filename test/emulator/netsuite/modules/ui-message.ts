/**
 * N/ui/message: the Type enum server scripts pass to Form.addPageInitMessage, and message.create for client scripts.
 * Values as Oracle's own stub gives them (@oracle/suitecloud-unit-testing stubs/ui/message/message.js: CONFIRMATION 0,
 * INFORMATION 1, WARNING 2, ERROR 3). message.create(options) "Creates a message that can be displayed or hidden near
 * the top of the page" and throws MISSING_REQD_ARGUMENT "If options or type are undefined" (the stub; the Help Center's
 * N/ui/message Module page). Form.addPageInitMessage takes either such a Message or the same options
 * ("Form.addPageInitMessage(options)", Oracle Help Center).
 */
import { nsError } from '../errors';
import type { Execution } from '../execution';
import { str } from '../text';
import type * as messageApi from 'N/ui/message';
import type { ModuleSurface } from './surface';

export const MessageType = { CONFIRMATION: 0, INFORMATION: 1, WARNING: 2, ERROR: 3 } as const;

/** Type value → its name, for rendering. */
export function messageTypeName(value: unknown): string | undefined {
  return Object.entries(MessageType).find(([, v]) => v === value)?.[0];
}

/** What message.create returns: the options it was given (show/hide do nothing outside a browser page). */
export class PageMessage {
  readonly type: number;
  readonly title: string;
  readonly message: string;
  constructor(type: number, title: string, message: string) {
    this.type = type;
    this.title = title;
    this.message = message;
  }
  show(): void {}
  hide(): void {}
}

/** The options of message.create, checked as NetSuite checks them. */
export function pageMessage(options: unknown, method: string): PageMessage {
  const o = (options ?? undefined) as Record<string, unknown> | undefined;
  if (o === undefined || o.type === undefined) throw nsError('MISSING_REQD_ARGUMENT', `${method}: Missing a required argument: options.type`);
  if (messageTypeName(o.type) === undefined) throw nsError('SSS_INVALID_TYPE_ARG', `${method}: options.type must be a message.Type value.`);
  return new PageMessage(Number(o.type), str(o.title, ''), str(o.message, ''));
}

export function createMessageModule(x: Execution): object {
  return {
    Type: MessageType,
    create(options: unknown) {
      return x.expose(pageMessage(options, 'message.create'));
    },
  } satisfies ModuleSurface<typeof messageApi>;
}
