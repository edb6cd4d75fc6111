import { TIME_ZONES } from '../../modules/vocab/contract-terms.ts';

/** Every IANA time zone as [zone, label] for select fields, UTC first, then by name. */
export const TIME_ZONE_OPTIONS: ReadonlyArray<[string, string]> = TIME_ZONES.map((z): [string, string] => [z, z.replaceAll('_', ' ')]);
