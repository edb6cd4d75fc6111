/** Request and response schemas of processing activities and the records of processing (CU3). */
import { Type } from 'typebox';
import { ACTIVITY_ROLES, FREQUENCIES, legalBasisKeys, LIST_MAX } from '../../modules/records/records.ts';
import { RECORD_FORMATS } from '../../modules/records/export-records.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

const Lines = (description: string) => Type.Optional(Type.Unsafe<string[] | string>({
  anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
  description: `${description} A list of strings, or one text with an entry per line (at most ${LIST_MAX}).`,
}));

export const ActivityBody = Body({
  role: Choice(ACTIVITY_ROLES, 'controller: Art 30(1), the workspace decides why and how; processor: Art 30(2), on behalf of customers.'),
  name: Type.String({ description: 'Name, unique per role in the workspace (at most 200 characters).' }),
  purposes: Lines('Purposes of the processing; at least one.'),
  dataSubjects: Lines('Categories of data subjects; at least one.'),
  dataCategories: Lines('Categories of personal data, as free text or fideslang keys (e.g. user.contact.email); at least one.'),
  specialCategories: Lines('Special categories (Art 9) and data on convictions (Art 10); may be empty.'),
  recipients: Lines('Categories of recipients.'),
  legalBasis: Type.Optional(Choice(legalBasisKeys(), 'The Art 6(1) basis: required for controller activities, empty for processor ones.')),
  nature: Type.Optional(Text('Nature of the processing (at most 2000 characters).')),
  frequency: Type.Optional(Choice(FREQUENCIES, 'Defaults to continuous.')),
  duration: Type.Optional(Text('Duration of the processing, e.g. "for the term of the contract".')),
  retention: Type.Optional(Text('Envisaged time limits for erasure.')),
  transferSafeguards: Type.Optional(Text('Documentation of suitable safeguards for transfers under Art 49(1), second subparagraph.')),
  services: Type.Optional(Strings('Service slugs (processor activities only); none: every service.')),
  jointControllers: Lines('Joint controllers (Art 26) with their contact details, for controller activities (Art 30(1)(a)); empty for processor ones.'),
}, 'A full processing activity: PUT replaces every field.');

export const Activity = Type.Object({
  id: Type.String(), role: OneOf(ACTIVITY_ROLES), name: Type.String(),
  purposes: Strings(), dataSubjects: Strings(), dataCategories: Strings(), specialCategories: Strings(), recipients: Strings(),
  legalBasis: Text('A key of the Art 6(1) bases; null for processor activities.'), nature: Text(), frequency: OneOf(FREQUENCIES),
  duration: Text(), retention: Text(), transferSafeguards: Text(), services: Strings('Service slugs; none: every service.'),
  jointControllers: Strings('Joint controllers (Art 26) with their contact details.'),
  position: Type.Integer({ description: 'Order within the role, from 0.' }),
});

export const ActivityQuery = Type.Object({
  role: Type.Optional(Type.String({ description: `Only activities of this role: ${ACTIVITY_ROLES.join(' or ')}.` })),
});

export const MoveBody = Body({ direction: Type.Optional(Choice(['up', 'down'], 'One place up or down among the activities of the same role (required; checked after access, so a stranger learns nothing).')) });

const FORMAT = `json (default: { data: record }), csv (one row per activity and customer), jsonld (W3C DPV) or pdf. One of: ${RECORD_FORMATS.join(', ')}.`;

export const ProcessorRecordQuery = Type.Object({
  customer: Type.Optional(Type.String({ description: 'Customer id; none: the records of every customer (Art 30(2)(a) "each controller").' })),
  format: Type.Optional(Type.String({ description: FORMAT })),
});

export const ControllerRecordQuery = Type.Object({
  format: Type.Optional(Type.String({ description: FORMAT })),
});

/** A generated record: JSON (in `data`) or a file in the format asked for. */
export const RecordResponse = Type.Unknown({
  description: 'format=json: { data: { kind, article, generatedOn, record | records, warnings } }, `warnings` listing each empty mandatory particular (Art 30) for operators: { particular, article, when, customerId, activityId, message }. Other formats: the file (text/csv, application/ld+json, application/pdf) with a Content-Disposition file name; they never carry the warnings.',
});
