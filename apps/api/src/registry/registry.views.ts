import type { AppEntity } from './app.entity.js';
import type { DeploymentEntity } from './deployment.entity.js';
import type { AppView, DeploymentView, OrganisationView } from './dto/registry.dto.js';
import type { OrganisationEntity } from './organisation.entity.js';

export function organisationView(entity: OrganisationEntity): OrganisationView {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    createdAt: entity.createdAt.toISOString(),
  };
}

export function appView(entity: AppEntity, deployments: string[]): AppView {
  const view: AppView = {
    id: entity.id,
    organisationId: entity.organisationId,
    name: entity.name,
    platform: entity.platform,
    reviewState: entity.reviewState,
    deployments,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
  if (entity.platform === 'android' && entity.androidPackage !== null) {
    view.android = {
      packageName: entity.androidPackage,
      signingCertificateDigests: entity.androidSigningDigests,
      ...(entity.androidMinVersionCode !== null && {
        minVersionCode: entity.androidMinVersionCode,
      }),
    };
  }
  if (entity.platform === 'ios' && entity.iosTeamId !== null && entity.iosBundleId !== null) {
    view.ios = {
      teamId: entity.iosTeamId,
      bundleId: entity.iosBundleId,
      appId: `${entity.iosTeamId}.${entity.iosBundleId}`,
      environment: entity.iosEnvironment ?? 'production',
    };
  }
  return view;
}

export function deploymentView(entity: DeploymentEntity): DeploymentView {
  return { id: entity.id, name: entity.name, createdAt: entity.createdAt.toISOString() };
}
