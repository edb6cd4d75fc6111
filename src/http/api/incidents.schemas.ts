/** Request and response schemas of incidents and personal-data breaches (IN1). */
import { Type } from 'typebox';
import { FILING_CHANNELS } from '../../modules/incidents/file-notice.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

const INSTANT = 'ISO 8601 instant with its offset, e.g. 2027-01-04T10:00:00+01:00';
const Count = (description: string) => Type.Optional(Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], description }));
const Flag = (description: string) => Type.Optional(Type.Unsafe<boolean | string>({ type: ['boolean', 'string'], description }));

export const IncidentBody = Body({
  title: Type.Optional(Text('At most 200 characters. Required when recording.')),
  description: Type.Optional(Text('What happened (nature of the breach, Art 33(3)(a)). Required when recording.')),
  startedAt: Type.Optional(Text(`${INSTANT}. Required when recording.`)),
  awareAt: Type.Optional(Text(`When you became aware: the clocks start here. ${INSTANT}; not before startedAt. Required when recording.`)),
  controllerData: Flag('true: it touches data you control yourself (your own customer accounts): Art 33(1) to the authority and Art 34 to decide.'),
  dataCategories: Type.Optional(Strings('Categories of personal data.')),
  subjectCategories: Type.Optional(Strings('Categories of people.')),
  approxSubjects: Count('Approximate number of people; null: not known yet.'),
  approxRecords: Count('Approximate number of records; null: not known yet.'),
  consequences: Type.Optional(Text('Likely consequences.')),
  measuresTaken: Type.Optional(Text('Measures taken.')),
  measuresProposed: Type.Optional(Text('Measures proposed.')),
  contactPoint: Type.Optional(Text('The DPO or other contact point (Art 33(3)(b)).')),
  status: Type.Optional(Choice(['open', 'contained', 'closed'], 'On update only.')),
}, 'Recording: every required field. Updating (PATCH): only the fields sent change; the timeline records which.');

export const Incident = Type.Object({
  id: Type.String(), title: Type.String(), description: Type.String(), startedAt: Type.String(), awareAt: Type.String(),
  isBreach: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: not decided yet.' }), breachReason: Text(),
  controllerData: Type.Boolean(), highRisk: Type.Union([Type.Boolean(), Type.Null()], { description: 'Art 34; null: not assessed.' }),
  dataCategories: Strings(), subjectCategories: Strings(),
  approxSubjects: Type.Union([Type.Integer(), Type.Null()]), approxRecords: Type.Union([Type.Integer(), Type.Null()]),
  consequences: Text(), measuresTaken: Text(), measuresProposed: Text(), contactPoint: Text(),
  status: OneOf(['open', 'contained', 'closed'] as const), createdAt: Type.String(), updatedAt: Type.String(),
});

export const Obligation = Type.Object({
  id: Type.String(), incidentId: Type.String(),
  regime: Type.String({ description: 'A key of rules/breach-clocks.yaml: gdpr-art33-1, gdpr-art33-2, gdpr-art34.' }),
  recipient: Type.String({ description: 'authority, customer:<id> or data_subjects.' }),
  customerId: Text(), customerName: Text(),
  dueAt: Text('Due instant (real hours from awareness); null: without undue delay, no figure.'), dueBasis: Type.String(),
  decision: OneOf(['applies', 'does_not_apply', 'undecided'] as const), decisionReason: Text(),
  state: OneOf(['open', 'filed', 'not_required', 'void'] as const), isOverdue: Type.Boolean(), clock: Type.String({ description: 'e.g. "due in 41 h", "overdue by 3 h".' }),
});

export const Filing = Type.Object({
  id: Type.String(), obligationId: Type.String(), phase: OneOf(['initial', 'update', 'final'] as const), channel: OneOf(FILING_CHANNELS),
  sentBy: Type.String(), sentTo: Type.String(), sentAt: Type.String(), reference: Text(), content: Type.String(),
});

export const TimelineEntry = Type.Object({ seq: Type.Integer(), at: Type.String(), kind: Type.String(), actor: Type.String(), note: Text(), data: Type.Record(Type.String(), Type.Unknown()) });

export const IncidentDetail = Type.Object({
  incident: Incident, scope: Type.Array(Type.Object({ kind: OneOf(['entity', 'engagement', 'region', 'service'] as const), id: Type.String() })),
  obligations: Type.Array(Obligation), filings: Type.Array(Filing), timeline: Type.Array(TimelineEntry),
});

export const ClassifyBody = Body({
  isBreach: Flag('true: a personal data breach. Required.'), reason: Type.Optional(Text('Why (Art 33(5)). Required.')),
  highRisk: Flag('Art 34: high risk to people; absent: unchanged.'),
});

export const ScopeBody = Body({
  entities: Type.Optional(Strings('Sub-processor entity ids.')), engagements: Type.Optional(Strings('Engagement ids.')),
  regions: Type.Optional(Strings('Region ids.')), services: Type.Optional(Strings('Service ids.')),
}, 'Replaces the scope; affected customers are found as they stood when the incident started.');

export const NoteBody = Body({ note: Type.Optional(Text('Required.')) });
export const DecisionBody = Body({ decision: Type.Optional(Choice(['applies', 'does_not_apply'], 'Required.')), reason: Type.Optional(Text('Required.')) });
export const NotifyBody = Body({ phase: Type.Optional(Choice(['initial', 'update', 'final'], 'Default: initial first, update afterwards.')) });
export const FilingBody = Body({
  channel: Type.Optional(Choice(FILING_CHANNELS, 'Required.')), sentTo: Type.Optional(Text('Who it went to. Required.')),
  sentAt: Type.Optional(Text(`${INSTANT}; default: now.`)), reference: Type.Optional(Text("The recipient's reference number.")),
  content: Type.Optional(Text('What was sent; default: the draft.')), phase: Type.Optional(Choice(['initial', 'update', 'final'], 'Default: initial first, update afterwards.')),
});

export const Draft = Type.Object({ subject: Type.String(), text: Type.String(), content: Type.Record(Type.String(), Type.Unknown()) });

export const IncidentParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Incident id' }) });
export const ObligationParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Incident id' }), obligationId: Type.String({ description: 'Obligation id' }) });
export const DraftQuery = Type.Object({ phase: Type.Optional(Type.String({ enum: ['initial', 'update', 'final'] })) });
export const CustomerParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), customerId: Type.String({ description: 'Customer id' }) });
export const BreachHoursBody = Body({ breachNoticeHours: Type.Optional(Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], description: 'Whole hours, 1 to 9999; null: without undue delay.' })) });
