/** Shapes of the service's JSON answers that the portal reads. */

export type ReviewState = 'pending' | 'approved' | 'rejected' | 'revoked';

export interface Organisation {
  id: string;
  name: string;
  kind: 'vendor' | 'partner';
  createdAt: string;
}

export interface App {
  id: string;
  organisationId: string;
  name: string;
  platform: 'android' | 'ios';
  reviewState: ReviewState;
  android?: { packageName: string; signingCertificateDigests: string[]; minVersionCode?: string };
  ios?: { teamId: string; bundleId: string; appId: string; environment: string };
  deployments: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: string;
  name: string;
  createdAt: string;
}

export interface AuditEntry {
  seq: string;
  recordedAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

export interface Membership {
  organisationId: string;
  organisationName: string;
  organisationKind: 'vendor' | 'partner';
  role: 'admin' | 'reviewer' | 'developer';
}

export interface SessionView {
  user: { id: string; email: string; displayName: string };
  memberships: Membership[];
  csrfToken: string;
  expiresAt: string;
}

export interface InvitationView {
  id: string;
  email: string;
  organisationId: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  joinedAt: string;
}

export interface ApiTokenView {
  id: string;
  organisationId: string;
  name: string;
  hint: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AndroidIdentity {
  platform: 'android';
  packageName: string;
  versionCode: string | number;
  versionName: string | null;
  uploadCertificateSha256: string[];
  appSigningCertificateSha256: string[];
}

export interface IosIdentity {
  platform: 'ios';
  teamId: string;
  bundleId: string;
  version: string;
  buildNumber: string;
  appAttestEnvironment: string;
}

export type BuildStatus = 'refused' | 'pending' | 'approved' | 'rejected';

export interface BuildView {
  id: string;
  appId: string;
  status: BuildStatus;
  fileName: string;
  sizeBytes: number | string;
  sha256: string | null;
  platform: 'android' | 'ios';
  format: 'apk' | 'aab' | 'ipa' | null;
  refusal: { code: string; message: string } | null;
  identity: AndroidIdentity | IosIdentity | null;
  facts: unknown;
  declaredAppSigningCertificateSha256: string | null;
  review: { note: string; by: string; at: string } | null;
  uploadedBy: string;
  createdAt: string;
}

export interface Change {
  code: string;
  severity: 'alert' | 'warning' | 'info';
  message: string;
  before?: unknown;
  after?: unknown;
}

export interface SubmissionView {
  build: BuildView;
  app: App;
  organisation: { id: string; name: string };
  previousApproved: BuildView | null;
  changes: Change[];
}

export interface RevocationView {
  id: string;
  appId: string;
  kind: 'version' | 'certificate';
  value: string;
  note: string;
  revokedBy: string;
  createdAt: string;
}
