/** Salesforce REST wire shapes (api-facts §1). Kept apart from the core's canonical types. */
export interface TokenResponse {
  access_token: string;
  instance_url: string;
  /** Identity URL: https://login.salesforce.com/id/<orgId>/<userId> */
  id?: string;
  token_type?: string;
  issued_at?: string;
}

export interface TokenError {
  error: string;
  error_description?: string;
}

/** Top-level REST errors use `errorCode` (collections' per-record errors use `statusCode`). */
export interface RestError {
  message: string;
  errorCode: string;
  fields?: string[];
}

export interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

export interface DescribeResponse {
  name: string;
  fields: {
    name: string;
    type: string;
    createable?: boolean;
    updateable?: boolean;
    externalId?: boolean;
    picklistValues?: { value: string; active?: boolean }[];
  }[];
}
