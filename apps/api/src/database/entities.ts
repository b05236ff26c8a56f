import { ApiTokenEntity } from '../accounts/api-token.entity.js';
import { InvitationEntity } from '../accounts/invitation.entity.js';
import { MembershipEntity } from '../accounts/membership.entity.js';
import { SessionEntity } from '../accounts/session.entity.js';
import { SignInFailureEntity } from '../accounts/sign-in-failure.entity.js';
import { UserEntity } from '../accounts/user.entity.js';
import { AdminCredentialEntity } from '../admin/admin-credential.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { BuildEntity } from '../builds/build.entity.js';
import { TokenActivityEntity } from '../ops/token-activity.entity.js';
import { RateLimitHitEntity } from '../rate-limit/rate-limit-hit.entity.js';
import { SigningKeyEntity } from '../keys/signing-key.entity.js';
import { TrustBundleEntity } from '../keys/trust-bundle.entity.js';
import { AppDeploymentEntity } from '../registry/app-deployment.entity.js';
import { AppEntity } from '../registry/app.entity.js';
import { DeploymentEntity } from '../registry/deployment.entity.js';
import { OrganisationEntity } from '../registry/organisation.entity.js';
import { RevocationEntity } from '../review/revocation.entity.js';
import { ChallengeEntity } from '../runtime/challenge.entity.js';
import { InstallationEntity } from '../runtime/installation.entity.js';

export const ENTITIES = [
  OrganisationEntity,
  AppEntity,
  DeploymentEntity,
  AppDeploymentEntity,
  ChallengeEntity,
  InstallationEntity,
  SigningKeyEntity,
  TrustBundleEntity,
  AdminCredentialEntity,
  AuditEntryEntity,
  UserEntity,
  MembershipEntity,
  InvitationEntity,
  SessionEntity,
  SignInFailureEntity,
  ApiTokenEntity,
  BuildEntity,
  RevocationEntity,
  TokenActivityEntity,
  RateLimitHitEntity,
];
