/** Pardot (Account Engagement) API v5 wire shapes (api-facts §2). */
export interface PardotErrorBody {
  code: number;
  message: string;
}

export interface PageResponse<T> {
  values: T[];
  nextPageToken?: string | null;
  nextPageUrl?: string | null;
}

export interface ProspectRow {
  id: number;
  email: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  score?: number | null;
  grade?: string | null;
  comments?: string | null;
  campaignId?: number | null;
  'campaign.name'?: string | null;
  campaign?: { name?: string | null } | null;
  userId?: number | null;
  assignedTo?: { email?: string | null } | null;
  'assignedTo.email'?: string | null;
  /** The CRM contact the prospect syncs with (asked for by the push's lookups, not by the pull). */
  salesforceContactId?: string | null;
  updatedAt: string;
}

export interface PardotUser {
  id: number;
  email: string;
}
