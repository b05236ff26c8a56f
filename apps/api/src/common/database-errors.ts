import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: another row already holds the same key. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}

/** What a unique key names, in words a caller can act on; the value is their own input. */
const CONSTRAINT_SUBJECTS: Readonly<Record<string, string>> = {
  app_android_package_unique: 'an app with this Android package is already registered',
  app_ios_app_id_unique: 'an app with this team id and bundle id is already registered',
  UQ_d9428f9c8e3052d6617e3aab0ed: 'an organisation with this name already exists',
};

/** The message for a unique violation: which identity clashed, never another row's data. */
export function uniqueViolationMessage(error: unknown): string {
  const constraint =
    error instanceof QueryFailedError
      ? (error.driverError as { constraint?: string } | undefined)?.constraint
      : undefined;
  return (
    (constraint === undefined ? undefined : CONSTRAINT_SUBJECTS[constraint]) ??
    'an entry with the same identity already exists'
  );
}
