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

/** "NAME: message" of a SuiteScriptError or Error, else the value as text (for logs and stored messages). */
export function errorText(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'name' in error && 'message' in error) {
    return `${String(error.name)}: ${String(error.message)}`;
  }
  return String(error);
}

/** The message alone (what an admin reads), else the value as text. */
export function errorMessage(error: unknown): string {
  return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
}

/** The error's name (SuiteScriptError names such as RCRD_HAS_BEEN_CHANGED), or null. */
export function errorName(error: unknown): string | null {
  return error !== null && typeof error === 'object' && 'name' in error && typeof error.name === 'string' ? error.name : null;
}
