export { inspectBuild, inspectBuildBytes } from './inspect.js';
export { BuildError, isBuildError, type BuildErrorCode } from './errors.js';
export { DEFAULT_LIMITS, type BuildLimits } from './limits.js';
export { verifyProfile, type VerifiedProfile } from './ios/profile.js';
export type * from './facts.js';
