import type { ReasonCode } from './reasons';

/**
 * A failure of a whole request to a CRM (HTTP 503, 403 limit, timeout, auth). Adapters throw it; the core
 * turns it into outcomes for every record of that request. `transient` failures go back to the queue.
 */
export class CrmTransportError extends Error {
  readonly code: ReasonCode;
  readonly transient: boolean;
  readonly status: number | null;

  constructor(code: ReasonCode, message: string, options: { transient: boolean; status?: number | null }) {
    super(message);
    this.name = 'CrmTransportError';
    this.code = code;
    this.transient = options.transient;
    this.status = options.status ?? null;
  }
}

export function isCrmTransportError(error: unknown): error is CrmTransportError {
  return error instanceof CrmTransportError;
}
