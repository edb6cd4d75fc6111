/** Schemas of the customer API (customer-requests.routes.ts). */
import { Type } from 'typebox';
import { REQUEST_CHANNELS, REQUEST_STATUSES, REQUEST_TYPES, REQUESTER_KINDS } from '../../db/schema-requests.ts';
import { Body, Choice, OneOf, Text } from './schemas.ts';

export const CustomerRequestParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Request id' }) });

export const CustomerRequest = Type.Object({
  id: Type.String(), reference: Type.String({ description: 'The processor\'s reference (R-…)' }), externalId: Text('The customer\'s own reference'),
  type: OneOf(REQUEST_TYPES), regime: Type.String(), channel: OneOf(REQUEST_CHANNELS), status: OneOf(REQUEST_STATUSES),
  receivedAt: Type.String(), dueOn: Type.String({ description: 'Last day to answer the person under the regime' }), customerDueOn: Text('The customer\'s own deadline'),
  subjectName: Text(), subjectEmail: Text(), requester: OneOf(REQUESTER_KINDS), agentName: Text(), agentEmail: Text(), details: Text(),
  outcome: Text(), outcomeReason: Text(), closedAt: Text(),
  forwarding: Type.Union([Type.Null(), Type.Object({
    dueAt: Type.String({ description: 'When the customer\'s instruction is due' }), sentAt: Text(), instruction: Type.Union([Type.Null(), OneOf(['fulfil', 'refuse'] as const)]),
    instructionReason: Text(), instructedAt: Text(), reportedAt: Text(),
  })], { description: 'Null for a request the customer sent itself' }),
});

export const InstructionBody = Body({
  instruction: Type.Optional(Choice(['fulfil', 'refuse'], 'The controller\'s decision.')),
  reason: Type.Optional(Text('Required to refuse: told to the person.')),
});

export const NewCustomerRequestBody = Body({
  type: Type.Optional(Choice(REQUEST_TYPES, 'What the person asks.')),
  email: Type.Optional(Text('The person\'s e-mail address (their data is found by it).')),
  name: Type.Optional(Text()),
  details: Type.Optional(Text()),
  requester: Type.Optional(Choice(REQUESTER_KINDS, 'self (default), agent or parent.')),
  agentName: Type.Optional(Text()), agentEmail: Type.Optional(Text()), authority: Type.Optional(Text()),
  regime: Type.Optional(Text('The regime, when not the one of the customer\'s country.')),
  dueOn: Type.Optional(Text('The customer\'s own deadline, YYYY-MM-DD.')),
  externalId: Type.Optional(Text('The customer\'s own reference.')),
});
