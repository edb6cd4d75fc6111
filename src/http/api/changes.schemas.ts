/** Request and response schemas of sub-processor changes, objections and the outbox (CH1–CH4). */
import { type TSchema, Type } from 'typebox';
import { MESSAGE_STATUSES } from '../../modules/mail/messages.queries.ts';
import { OPERATION_KINDS } from '../../modules/changes/change-operations.ts';
import { RESOLUTIONS } from '../../modules/changes/resolve-objection.ts';
import { CONTEXTS, KINDS, ROLES, TRANSFER_MECHANISMS } from '../../modules/vocab/vocab.ts';
import { EngagementBody } from './registry.schemas.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

export const CHANGE_STATUSES = ['draft', 'announced', 'in_effect', 'withdrawn'] as const;
const CUSTOMER_STATUSES = ['notified', 'in_effect', 'not_in_effect', 'withdrawn'] as const;
const ID = (what: string) => Type.String({ description: `${what} id` });

const OperationBody = Type.Object({
  op: Type.String({ description: `One of: ${OPERATION_KINDS.join(', ')}. replace ends one engagement and starts another.` }),
  engagementId: Type.Optional(Text('The engagement modified, replaced or removed (not for add).')),
  engagement: Type.Optional(EngagementBody),
}, { additionalProperties: true, description: 'One operation on the registry; `engagement` is the engagement after the change (add, modify, replace).' });

export const ChangeBody = Body({
  title: Type.String({ description: 'At most 200 characters, e.g. "New e-mail delivery provider".' }),
  reason: Type.String({ description: 'Why the change is made, as the notices say it (at most 5000 characters).' }),
  proposedDate: Type.String({ description: 'YYYY-MM-DD: the day the change should take effect; each customer\'s own date is never earlier than its notice period allows.' }),
  operations: Type.Array(OperationBody, { description: 'What the change does to the registry, 1 to 100 operations; each engagement at most once.' }),
}, 'A full change proposal: PUT replaces every field of a draft.');

const EngagementInput = Type.Object({
  entityId: Type.String(), role: OneOf(ROLES), kind: OneOf(KINDS), context: OneOf(CONTEXTS), purpose: Type.String(), section: Text(),
  services: Strings(), regions: Strings(), countries: Strings(), dataCategories: Strings(), dataSubjectCategories: Strings(),
  transferMechanisms: Type.Array(OneOf(TRANSFER_MECHANISMS)), certifications: Strings(), dpaOnFile: Type.Boolean(),
});

const Operation = Type.Object({
  op: OneOf(OPERATION_KINDS), engagementId: Type.Optional(Type.String()), engagement: Type.Optional(EngagementInput),
});

const NoticeEngagement = Type.Object({
  name: Type.String(), legalName: Text(), entityCountry: Text(), contact: Text(), purpose: Type.String(),
  countries: Strings('Country names.'), services: Strings('Service names.'), regions: Strings('Region names with their data centres.'),
  transferMechanisms: Strings('As the notice words them.'), dataCategories: Strings('Data categories by name (fideslang keys in notices announced before names were used).'),
  address: Type.Optional(Text("The entity's postal address (absent in older notices).")), dataSubjectCategories: Type.Optional(Strings('Categories of data subjects (absent in older notices).')),
});

const Notice = Type.Object({
  workspaceName: Type.String(), workspaceSlug: Type.String(), title: Type.String(), reason: Type.String(), proposedDate: Type.String(),
  items: Type.Array(Type.Object({ op: OneOf(OPERATION_KINDS), after: Type.Union([NoticeEngagement, Type.Null()]), before: Type.Union([NoticeEngagement, Type.Null()]) })),
  touched: Type.Object({ all: Type.Boolean(), services: Strings(), regions: Strings() }),
}, { description: 'What every notice says, frozen at announcement.' });

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Change = Type.Object({
  id: Type.String(), title: Type.String(), reason: Type.String(), proposedDate: Type.String(),
  status: OneOf(CHANGE_STATUSES, 'draft → announced → in_effect, or withdrawn before it takes effect.'),
  operations: Type.Array(Operation), notice: Nullable(Notice),
  createdBy: Type.String(), createdAt: Type.String(), updatedAt: Type.String(), announcedAt: Text(), announcedBy: Text(),
  effectiveAt: Text('Start of the proposed date in the workspace\'s time zone.'), appliedAt: Text('When the registry changed and a list version was published.'),
  withdrawnAt: Text(), withdrawnReason: Text(), versionBefore: Nullable(Type.Integer()), versionAfter: Nullable(Type.Integer()),
  lastError: Text('Why applying the change last failed (it is retried).'),
});

export const AnnounceResult = Type.Object({
  data: Change,
  warnings: Strings('What the preview showed: customers with a later date, without a contact, or whose contract does not authorise a transfer.'),
}, { description: 'Success' });

export const Objection = Type.Object({
  id: Type.String(), changeId: Type.String(), customerId: Type.String(), customerName: Type.String(), reason: Type.String(),
  submittedName: Type.String({ description: 'Who objected, as they typed it.' }), submittedAt: Type.String(),
  status: OneOf(['open', 'resolved'] as const), resolution: Nullable(OneOf(RESOLUTIONS)), resolutionNote: Text(), resolvedBy: Text(), resolvedAt: Text(),
});

const customerFields = {
  customerId: Type.String(), customerName: Type.String(), authorisation: OneOf(['general', 'specific'] as const),
  noticeDays: Type.Integer({ description: 'Fewest days the notice period can last; see noticePeriod.' }), noticePeriod: Type.String({ description: 'The notice period counted (e.g. 30d, 4w, 1m, Regulation 1182/71).' }),
  noticeLabel: Type.String(), calendar: Nullable(Type.String({ description: 'ISO 3166-1 or 3166-2 code whose public holidays counted; null: weekends only.' })), timeZone: Type.String(), windowEndsOn: Type.String({ description: 'Last day to object (YYYY-MM-DD, customer\'s time zone).' }),
  effectiveDate: Type.String({ description: 'The day the change takes effect for this customer.' }), effectiveAt: Type.String(),
  status: OneOf(CUSTOMER_STATUSES), consent: Nullable(OneOf(['given', 'refused'] as const)), consentName: Text(), consentTitle: Text(), consentAt: Text(), settledAt: Text(),
  outstanding: Nullable(OneOf(['consent', 'objection'] as const, 'What the change waits for: the customer\'s consent, or an open objection to resolve.')),
  objections: Type.Array(Objection),
};

export const ChangeCustomer = Type.Object(customerFields);

const Notification = Type.Object({
  channel: OneOf(['email', 'webhook'] as const), kind: Type.String(), to: Type.String({ description: 'E-mail address, or the endpoint URL without its query string.' }),
  recipientType: Type.String(), status: Type.String(), statusLabel: Type.String({ description: 'The status in words: an outboxed e-mail was not sent; sent means accepted by the SMTP server.' }), attempts: Type.Integer(), queuedAt: Type.String(), sentAt: Text('E-mail: when the SMTP server accepted it.'), deliveredAt: Text('Webhook: when the endpoint answered 2xx; always null for e-mail.'),
  messageId: Type.Optional(Type.String()), lastError: Text(),
});

const VersionRef = Nullable(Type.Object({ version: Type.Integer(), currentAsOf: Type.String(), digest: Type.String() }));

export const Evidence = Type.Object({
  format: Type.Literal('trustroom.change-evidence/1'), generatedAt: Type.String(),
  workspace: Type.Object({ slug: Type.String(), name: Type.String() }),
  change: Change,
  timeline: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), actor: Type.String(), detail: Type.Unknown() }), { description: 'The change\'s audit events.' }),
  versions: Type.Object({ before: VersionRef, after: VersionRef }),
  customers: Type.Array(Type.Object({ ...customerFields, notifications: Type.Array(Notification) })),
  subscribers: Type.Object({ notified: Type.Integer(), byStatus: Type.Record(Type.String(), Type.Integer()), notifications: Type.Array(Notification) }),
}, { description: 'Everything that shows the notice promise was kept for one change.' });

export const ChangeParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), changeId: ID('Change') });
export const ObjectionParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), objectionId: ID('Objection') });
export const MessageParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), messageId: ID('Message') });

export const ChangeQuery = Type.Object({ status: Type.Optional(Type.String({ description: `One of: ${CHANGE_STATUSES.join(', ')}.` })) });
export const EvidenceQuery = Type.Object({ download: Type.Optional(Type.String({ description: '1: also send Content-Disposition: attachment.' })) });
export const ObjectionQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'One of: open, resolved.' })),
  changeId: Type.Optional(Type.String({ description: 'Only objections to this change.' })),
});

export const WithdrawBody = Body({ reason: Type.String({ description: 'Told to everyone who had the announcement (at most 2000 characters).' }) });
export const AnnounceBody = Body({
  // Checked in the handler (after the caller's access), so that any other value is a 409, not a 400 before authorisation.
  confirm: Type.Optional(Type.Unknown({ description: 'Must be true: the caller has read the preview (GET …/announce-preview). Without it the answer is 409 announce_unconfirmed, with the preview in data.' })),
}, 'Announcing needs an explicit confirmation.');

const PreviewCustomer = Type.Object({
  customerId: Type.String(), customerName: Type.String(), authorisation: OneOf(['general', 'specific'] as const),
  effectiveDate: Type.String({ description: 'Under specific authorisation: the proposed date, and then only with the customer\'s consent.' }),
  lastDayToObject: Nullable(Type.String({ description: 'General authorisation only.' })), noticeEndsOn: Nullable(Type.String()),
  contacts: Type.Integer({ description: 'How many contacts get the notice by e-mail.' }),
  contractFlags: Strings('What the customer\'s own contract says about the change (shown to it): transfers outside the EEA it has not authorised.'),
  warnings: Strings('For the operator: no contact, a later date, a contract conflict.'),
  notice: Type.Object({ subject: Type.String(), text: Type.String(), html: Type.String() }, { description: 'The notice as it will be sent; the personal link is a placeholder.' }),
});

export const AnnouncePreview = Type.Object({
  changeId: Type.String(), proposedDate: Type.String(), customers: Type.Array(PreviewCustomer),
  subscribers: Type.Integer({ description: 'List subscribers who will get the announcement.' }), warnings: Strings('Everything to confirm before announcing.'),
});
export const ResolveBody = Body({
  resolution: Choice(RESOLUTIONS, 'change_withdrawn withdraws the whole change; objection_withdrawn lets it take effect for the customer.'),
  note: Type.String({ description: 'Told to the customer (at most 5000 characters).' }),
});

export const MessageQuery = Type.Object({
  changeId: Type.Optional(Type.String({ description: 'Only messages about this change.' })),
  status: Type.Optional(Type.String({ description: `One of: ${MESSAGE_STATUSES.join(', ')}.` })),
});

const messageFields = {
  id: Type.String(), changeId: Text(), kind: Type.String({ description: 'e.g. change.announced, objection.resolved, subscription.confirm.' }),
  recipientType: OneOf(['subscriber', 'contact', 'user', 'requester'] as const), to: Type.String(), subject: Type.String(),
  status: OneOf(MESSAGE_STATUSES, 'queued: waiting to be sent; sent: accepted by the SMTP server; outboxed: kept in the outbox (no SMTP server); failed: every attempt failed.'),
  attempts: Type.Integer(), lastError: Text(), messageId: Type.String({ description: 'The Message-ID header.' }), createdAt: Type.String(), sentAt: Text(),
};

export const MessageSummary = Type.Object(messageFields);
export const Message = Type.Object({
  ...messageFields, text: Type.String({ description: 'The plain-text part.' }), html: Type.String({ description: 'The HTML part, as sent.' }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Extra headers (List-Unsubscribe…).' }),
});
