import type { BuildEntity, BuildFormat, BuildStatus } from './build.entity.js';

export interface BuildView {
  id: string;
  appId: string;
  status: BuildStatus;
  fileName: string;
  sizeBytes: number;
  sha256: string | null;
  platform: string;
  format: BuildFormat | null;
  refusal: { code: string; message: string } | null;
  identity: Record<string, unknown> | null;
  facts: Record<string, unknown> | null;
  declaredAppSigningCertificateSha256: string | null;
  review: { note: string; by: string; at: string } | null;
  uploadedBy: string;
  createdAt: string;
}

export function buildView(entity: BuildEntity): BuildView {
  return {
    id: entity.id,
    appId: entity.appId,
    status: entity.status,
    fileName: entity.fileName,
    sizeBytes: Number(entity.sizeBytes),
    sha256: entity.sha256,
    platform: entity.platform,
    format: entity.format,
    refusal:
      entity.refusalCode === null
        ? null
        : { code: entity.refusalCode, message: entity.refusalMessage ?? '' },
    identity: entity.identity,
    facts: entity.facts,
    declaredAppSigningCertificateSha256: entity.declaredAppSigningSha256,
    review:
      entity.reviewedAt === null
        ? null
        : {
            note: entity.reviewNote ?? '',
            by: entity.reviewedBy ?? '',
            at: entity.reviewedAt.toISOString(),
          },
    uploadedBy: entity.uploadedBy,
    createdAt: entity.createdAt.toISOString(),
  };
}
