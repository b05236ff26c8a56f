import { type BuildView, buildView } from '../builds/build.views.js';
import type { AppView } from '../registry/dto/registry.dto.js';
import { appView } from '../registry/registry.views.js';
import type { Change } from './changes.js';
import type { RevocationEntity } from './revocation.entity.js';
import type { Submission } from './review.service.js';

export interface SubmissionView {
  build: BuildView;
  app: AppView;
  organisation: { id: string; name: string };
  previousApproved: BuildView | null;
  changes: readonly Change[];
}

export function submissionView(submission: Submission, deployments: string[]): SubmissionView {
  return {
    build: buildView(submission.build),
    app: appView(submission.app, deployments),
    organisation: { id: submission.organisation.id, name: submission.organisation.name },
    previousApproved:
      submission.previousApproved === null ? null : buildView(submission.previousApproved),
    changes: submission.changes,
  };
}

export interface RevocationView {
  id: string;
  appId: string;
  kind: string;
  value: string;
  note: string;
  revokedBy: string;
  createdAt: string;
}

export function revocationView(entity: RevocationEntity): RevocationView {
  return {
    id: entity.id,
    appId: entity.appId,
    kind: entity.kind,
    value: entity.value,
    note: entity.note,
    revokedBy: entity.revokedBy,
    createdAt: entity.createdAt.toISOString(),
  };
}
