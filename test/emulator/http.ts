/**
 * The wire contract between the emulated N/https module and the API emulators (Salesforce, Pardot).
 * N/https resolves secrets, meters governance, then hands the request to the service registered for
 * the URL's host. A service answers synchronously (N/https is synchronous in SuiteScript).
 */
export interface EmulatedHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Absolute URL, e.g. https://acme.my.salesforce.com/services/data/v62.0/query?q=... */
  url: string;
  /** Header names as the script sent them; services must read them case-insensitively. */
  headers: Record<string, string>;
  body: string;
}

export interface EmulatedHttpResponse {
  code: number;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatedService {
  handle(request: EmulatedHttpRequest): EmulatedHttpResponse;
}

/**
 * Thrown by a service (or its fault injector) to simulate a connection or read timeout. N/https turns it
 * into the SuiteScriptError NetSuite raises: SSS_REQUEST_TIME_EXCEEDED (connect > 5 s or send > 45 s).
 */
export class EmulatedTimeout extends Error {
  constructor(message = 'The host you are trying to connect to is not responding') {
    super(message);
    this.name = 'EmulatedTimeout';
  }
}

/** Case-insensitive header lookup. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Fault injection shared by the API emulators: fail the Nth matching call, add latency, time out. */
export interface FaultRule {
  /** Which calls the rule applies to; default: every call. */
  match?: (request: EmulatedHttpRequest) => boolean;
  /** 1-based index among matching calls at which the fault fires (default 1). */
  nth?: number;
  /** How many consecutive matching calls fail from nth on (default 1). */
  times?: number;
  /** The response to return instead of handling the call, or 'timeout' to throw EmulatedTimeout. */
  respond: EmulatedHttpResponse | 'timeout';
}
