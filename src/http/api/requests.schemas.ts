/** Request and response schemas of data-subject requests (issue 12 §1). */
import { Type } from 'typebox';
import { REQUEST_STATUSES } from '../../db/schema-requests.ts';
import { REQUEST_TYPES, REQUESTER_KINDS } from '../../modules/requests/requests.ts';
import { Body, Choice, OneOf, Text } from './schemas.ts';

const optional = (description: string) => Type.Optional(Text(description));

export const RequestIntakeBody = Body({
  type: Type.Optional(Choice(REQUEST_TYPES, 'What the person asks for (required).')),
  regime: optional('The regime counting the deadlines (gdpr, uk-gdpr, ccpa, lgpd, fadp, pipeda); by default the controller\'s.'),
  requester: Type.Optional(Choice(REQUESTER_KINDS, 'Who asks: the person (self, the default), an authorised agent or a parent.')),
  name: optional('Name of the person the request is about.'),
  email: optional('E-mail address of the person (required): their data is searched by it, and without an agent the code goes to it.'),
  agentName: optional('The agent\'s or parent\'s name (required unless requester is self).'),
  agentEmail: optional('The agent\'s or parent\'s e-mail address (required unless requester is self): messages and the code go to it.'),
  authority: optional('What shows the agent or parent may act (required unless requester is self).'),
  details: optional('The request in the person\'s words.'),
  company: optional('The company whose service the person uses, as they name it (free text).'),
  customer: optional('With a token only: id of the customer that is the controller (its end user\'s request is passed on to it).'),
  externalId: optional('With a token only: your own id for the request.'),
}, 'A data-subject request. Without a token, fields for operators (customer, externalId) are ignored.');

export const RequestReceipt = Type.Object({
  id: Type.Optional(Type.String({ description: 'With a token only: the request\'s id for the operator routes.' })),
  reference: Type.String({ description: 'Short reference the requester quotes, e.g. R-7KQ2M9XA.' }),
  status: OneOf(REQUEST_STATUSES),
  receivedOn: Type.String({ description: 'Date of receipt in the controller\'s time zone.' }),
  dueOn: Type.String({ description: 'The answer is due by this date.' }),
  statusUrl: Type.String({ description: 'The requester\'s private status page (the token in it is the only key; also e-mailed).' }),
});

const RISK = 'overdue, due_soon, extension_notice_due, forwarding_overdue, waiting_on_requester, or null.';

export const RequestQueueItem = Type.Object({
  id: Type.String(), reference: Type.String(), type: OneOf(REQUEST_TYPES), status: OneOf(REQUEST_STATUSES), controller: OneOf(['workspace', 'customer'] as const),
  customerId: Text(), customerName: Text(), receivedOn: Type.String(), dueOn: Type.String(), extendedDueOn: Text(),
  effectiveDueOn: Type.String({ description: 'The deadline that counts now (the extended one once extended).' }),
  daysLeft: Type.Integer({ description: 'Days from today (in the request\'s time zone) to effectiveDueOn; negative when overdue.' }),
  forwardingDueAt: Text('When the customer\'s instruction is due, for a request passed on to it.'), duplicateOf: Text('Reference of the open request this one repeats.'),
  risk: Type.Union([OneOf(['overdue', 'due_soon', 'extension_notice_due', 'forwarding_overdue', 'waiting_on_requester'] as const), Type.Null()], { description: RISK }),
  riskText: Text('Why it is at risk, in words.'),
});

export const RequestView = Type.Object({
  id: Type.String(), reference: Type.String(), type: OneOf(REQUEST_TYPES), regime: Type.String(), channel: OneOf(['web', 'api', 'operator', 'customer'] as const),
  controller: OneOf(['workspace', 'customer'] as const), customerId: Text(), requester: OneOf(REQUESTER_KINDS), name: Text(), email: Text(),
  agentName: Text(), agentEmail: Text(), authority: Text(), details: Text(), status: OneOf(REQUEST_STATUSES), verificationLevel: Type.String(),
  verifiedAt: Text(), receivedAt: Type.String(), receivedOn: Type.String(), timeZone: Type.String(), dueOn: Type.String(), extendedDueOn: Text(),
  effectiveDueOn: Type.String(), extensionReason: Text(), customerDueOn: Text(), externalId: Text(), duplicateOf: Text('Id of the open request this one repeats.'),
  outcome: Text(), outcomeReason: Text(), closedAt: Text(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const RequestDetail = Type.Object({
  request: RequestView,
  timeline: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), actor: Type.String(), detail: Type.Unknown() }), { description: 'Every step, oldest first.' }),
  ledger: Type.Unknown({ description: 'How the deadlines were counted: regime, rules version, calendar, pauses and one segment per deadline with its source.' }),
});

export const RequestQueueQuery = Type.Object({
  state: Type.Optional(Choice(['open', 'closed', 'all'], 'Which requests: open (the default), closed or all.')),
  customer: Type.Optional(Type.String({ description: 'Only requests of this customer.' })),
});

export const RequestParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Request id' }) });

export const AcceptAuthorityBody = Body({ note: optional('How the agent\'s or parent\'s authority was checked (required; kept off the audit chain).') });
export const ClarificationBody = Body({ question: optional('The question e-mailed to the requester (required).') });
export const ExtendBody = Body({ reason: optional('Why more time is needed, e-mailed to the requester (required).') });
export const RouteBody = Body({ customer: optional('Id of the customer that is the controller (required).') });
export const CloseBody = Body({
  outcome: Type.Optional(Choice(['completed', 'refused', 'duplicate'], 'How the request ends (required).')),
  reason: optional('Required unless completed; e-mailed to the requester.'),
});
