/** Request and response schemas of legal demands (IN2) and the transparency report. */
import { Type } from 'typebox';
import { AUTHORITY_TYPES, DEMAND_OUTCOMES } from '../../modules/legal-demands/legal-demands.ts';
import { Body, Choice, OneOf, Text } from './schemas.ts';

export const DemandBody = Body({
  reference: Type.Optional(Text("The authority's own reference (case or order number).")),
  authorityName: Type.Optional(Type.String({ description: 'Who sent the demand. Required.' })),
  authorityType: Type.Optional(Choice(AUTHORITY_TYPES, 'Required.')),
  country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2 of the jurisdiction. Required.' })),
  legalBasis: Type.Optional(Type.String({ description: 'The law or order the demand relies on. Required.' })),
  scope: Type.Optional(Type.String({ description: 'What is demanded. Required.' })),
  receivedAt: Type.Optional(Type.String({ description: 'When it was received: YYYY-MM-DD or an ISO 8601 instant with offset; not in the future. Required.' })),
  deadline: Type.Optional(Text('YYYY-MM-DD the authority wants an answer by.')),
  customerIds: Type.Optional(Type.Array(Type.String(), { description: 'The customers whose data the demand concerns; each is notified unless prohibited.' })),
  prohibited: Type.Optional(Type.Boolean({ description: 'A non-disclosure order forbids telling the customers: their notice is held.' })),
  prohibitionReference: Type.Optional(Text("Where the order's text is kept (a document reference).")),
  prohibitionEndsOn: Type.Optional(Text("YYYY-MM-DD from which notice may go out (in the workspace's time zone); null: indefinite.")),
}, 'A full demand: PUT replaces every field and the list of customers.');

export const ChallengeBody = Body({ notes: Type.Optional(Type.String({ description: 'How the demand is challenged, and before whom. Required.' })) });
export const OutcomeBody = Body({
  outcome: Type.Optional(Choice(DEMAND_OUTCOMES, 'Required; closes the demand.')),
  disclosed: Type.Optional(Text('What was disclosed, described (required when data was disclosed).')),
});
export const EmptyBody = Body({}, 'No fields.');

const DemandCustomer = Type.Object({
  customerId: Type.String(), name: Type.String(),
  noticeState: OneOf(['pending', 'held', 'sent'] as const, 'held: a non-disclosure order forbids the notice for now.'), notifiedAt: Text(),
});

export const LegalDemand = Type.Object({
  id: Type.String(), reference: Text(), authorityName: Type.String(), authorityType: OneOf(AUTHORITY_TYPES), authorityTypeLabel: Type.String(),
  country: Type.String(), legalBasis: Type.String(), scope: Type.String(), receivedAt: Type.String(), deadline: Text(),
  status: OneOf(['open', 'challenged', 'closed'] as const), outcome: Type.Union([OneOf(DEMAND_OUTCOMES), Type.Null()]), outcomeLabel: Text(),
  disclosed: Text(), challengeNotes: Text(),
  prohibition: Type.Object({ prohibited: Type.Boolean(), reference: Text(), endsOn: Text(), liftedAt: Text(), inForce: Type.Boolean() }),
  customers: Type.Array(DemandCustomer),
  timeline: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), actor: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()) }), { description: 'Empty in lists.' }),
  closedAt: Text(), createdAt: Type.String(), updatedAt: Type.String(),
});

const Count = Type.Object({
  count: Type.Union([Type.Integer(), Type.Null()], { description: 'null when 1 or 2 (see fewerThan).' }),
  fewerThan: Type.Optional(Type.Integer()),
});
const Cell = Type.Object({ key: Type.String(), label: Type.String(), count: Type.Union([Type.Integer(), Type.Null()]), fewerThan: Type.Optional(Type.Integer()) });

export const TransparencyReport = Type.Object({
  workspace: Type.Object({ slug: Type.String(), name: Type.String() }),
  suppressBelow: Type.Integer({ description: 'Counts below this are never shown beside a category: such categories are merged into one unnamed row.' }),
  periods: Type.Array(Type.Object({
    period: Type.String({ description: '2026-H1 (January–June) or 2026-H2.' }), from: Type.String(), to: Type.String(), total: Count,
    byAuthorityType: Type.Array(Cell), byCountry: Type.Array(Cell), byOutcome: Type.Array(Cell),
  }), { description: 'Ended half-years, newest first.' }),
  current: Type.Object({ period: Type.String(), reportedAfter: Type.String() }),
});
