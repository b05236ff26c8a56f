const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;

const MS_PER_MINUTE = 60_000;

/**
 * An RFC 3339 §5.6 date-time with `T` and an explicit offset, as epoch milliseconds; undefined
 * for anything else: a missing offset, a year before 1970, an impossible day (02-30), hour 24, or a leap second
 * (`:60`, which JavaScript dates cannot hold, so it is refused rather than rounded).
 */
export function parseRfc3339(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = DATE_TIME.exec(value);
  if (match === null) {
    return undefined;
  }
  const field = (index: number): number => Number(match[index] ?? '0');
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(field) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetSign = match[8] === 'Z' ? 0 : match[8]?.startsWith('-') === true ? -1 : 1;
  const [offsetHours, offsetMinutes] = [field(9), field(10)];

  const valid =
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) {
    return undefined;
  }

  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const offset = offsetSign * (offsetHours * 60 + offsetMinutes) * MS_PER_MINUTE;
  const milliseconds = Math.floor(Number(`0.${match[7] ?? '0'}`) * 1000);
  return local - offset + milliseconds;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
