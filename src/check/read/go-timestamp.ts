/**
 * isGoYamlTimestamp is go-yaml v2's parseTimestamp: four digits and a dash,
 * then one of the layouts it hands to Go's time.Parse
 * (https://github.com/kubernetes-sigs/yaml/blob/master/goyaml.v2/resolve.go):
 *
 *   2006-1-2T15:4:5.999999999Z07:00, the same with a lower-case t,
 *   2006-1-2 15:4:5.999999999, and 2006-1-2.
 *
 * Month, day, hour, minute and second take one or two digits, and time.Parse
 * checks their ranges (the day against the month, in leap years too); the
 * fraction is optional, after a dot or a comma; the zone is Z or ±hh:mm.
 *
 * A timestamp reads as its text either way, for kubectl (go-yaml keeps it a
 * string in an untyped value), so this only decides what `-o yaml` quotes,
 * as go-yaml's encoder does, and what an explicit !!timestamp accepts.
 */
export function isGoYamlTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (match === null) return false;
  const [, year, month, day, separator, hour, minute, second, zone, zoneHour, zoneMinute] = match;
  if (!isDate(Number(year), Number(month), Number(day))) return false;
  if (separator === undefined) return true;
  // The T layouts end with a zone; the space layout has none.
  if ((separator === ' ') !== (zone === undefined)) return false;
  if (Number(hour) > MAX_HOUR || Number(minute) > MAX_MINUTE || Number(second) > MAX_SECOND) return false;
  // time.Parse allows offsets of 24 hours and 60 minutes ("some people do write" them).
  return zoneHour === undefined || (Number(zoneHour) <= MAX_ZONE_HOUR && Number(zoneMinute) <= MAX_ZONE_MINUTE);
}

/**
 * TIMESTAMP is the four layouts' syntax. Each one- or two-digit field is
 * followed by a non-digit, so backtracking never splits digits that Go's
 * greedy reading would have kept together.
 */
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[-+]([0-9]{2}):([0-9]{2}))?)?$/;

const MAX_HOUR = 23;
const MAX_MINUTE = 59;
const MAX_SECOND = 59;
const MAX_ZONE_HOUR = 24;
const MAX_ZONE_MINUTE = 60;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** isDate reports whether month and day exist in year, as time.Parse checks them. */
function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}
