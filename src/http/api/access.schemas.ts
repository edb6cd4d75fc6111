/** Schemas of workspaces, API tokens, members and the audit log. */
import { Type } from 'typebox';
import { ROLES } from '../../modules/access/roles.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from '../../modules/audit/list-audit-events.queries.ts';
import { Body, Choice, Digits, OneOf, Text } from './schemas.ts';

const GROUP_BY = ['kind', 'service'] as const;

export const Workspace = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), groupBy: OneOf(GROUP_BY, 'How the public list is grouped.'),
  role: OneOf(ROLES, 'Your role in the workspace.'),
  noticePeriod: Type.String({ description: 'Default notice period for customers whose contract sets none: 30d, 4w or 1m.' }),
  noticeDays: Type.Integer({ description: 'Older form of noticePeriod: the fewest days it lasts (1m: 28).' }),
  calendar: Text("ISO 3166-1 or 3166-2 code whose public holidays count periods for customers with no country or subdivision; null: the organisation's country, else weekends only."),
  timeZone: Type.String({ description: 'IANA time zone dates are counted in for customers without their own, e.g. Europe/Paris.' }),
});

export const WorkspacePatchBody = Body({
  name: Type.Optional(Type.String({ description: 'At most 200 characters.' })),
  slug: Type.Optional(Type.String({ description: 'Lower-case letters, digits and hyphens (1–64); changes every URL of the workspace.' })),
  groupBy: Type.Optional(Choice(GROUP_BY, 'How the public list is grouped.')),
  noticePeriod: Type.Optional(Type.Unsafe<string | number | null>({ type: ['string', 'integer', 'null'], description: 'Default notice period for customers: 30d, 4w or 1m (also "30 days", "1 month", or a number of days); at most 365 days, 52 weeks or 12 months; 0 is refused; null keeps it.' })),
  noticeDays: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], description: 'Older form of noticePeriod, used when it is absent: whole days, 1 to 365; null keeps it.' })),
  calendar: Type.Optional(Text('Holiday calendar for customers with no country or subdivision: an ISO 3166-1 (DE) or 3166-2 (DE-BY) code date-holidays knows; null clears it.')),
  timeZone: Type.Optional(Text('Default IANA time zone for customers, e.g. Europe/Paris, or UTC.')),
}, 'Only the fields sent change.');

export const Token = Type.Object({
  id: Type.String(), name: Type.String(), hint: Type.String({ description: 'The first characters of the secret, to recognise it.' }),
  role: OneOf(ROLES), createdAt: Type.String(), lastUsedAt: Text(), revokedAt: Text(),
});

export const CreatedToken = Type.Object({
  token: Type.String({ description: 'The secret (trt_…). Shown this once; only its hash is stored.' }),
  ...Token.properties,
});

export const TokenBody = Body({
  name: Type.String({ description: 'What the token is for (at most 100 characters).' }),
  role: Type.Optional(Choice(ROLES.filter((r) => r !== 'owner'), 'Defaults to viewer.')),
});

export const TokenParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Token id' }) });

export const Member = Type.Object({ userId: Type.String(), email: Type.String(), displayName: Type.String(), role: OneOf(ROLES) });

export const MemberBody = Body({
  role: Type.String({ description: `One of: ${ROLES.join(', ')}. Only owners grant or take away owner.` }),
});

export const MemberParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), userId: Type.String({ description: 'User id' }) });

export const AuditQuery = Type.Object({
  limit: Type.Optional(Digits(`Events per page, ${AUDIT_PAGE_DEFAULT} by default, at most ${AUDIT_PAGE_MAX}.`)),
  before: Type.Optional(Digits('Only events with a smaller seq: pass the last seq of a page for the next one.')),
});

export const AuditEvent = Type.Object({
  seq: Type.Integer({ description: 'Position in the workspace hash chain.' }),
  at: Type.String(),
  actor: Type.Object({ type: OneOf(['user', 'token', 'system'] as const), id: Text(), label: Type.String() }),
  action: Type.String({ description: 'e.g. entity.created, list.published, api_token.revoked.' }),
  subject: Type.Object({ type: Type.String(), id: Text() }),
  before: Type.Unknown({ description: 'The subject before the change, or null.' }),
  after: Type.Unknown({ description: 'The subject after the change, or null.' }),
  hash: Type.String({ description: 'SHA-256 linking this event to the previous one.' }),
});

const PARTICULARS = {
  legalName: 'Legal name; null: the workspace name is used.', address: 'Registered address.', country: 'Country of establishment, ISO 3166-1 alpha-2.',
  contactName: 'Contact person: name and position.', contactEmail: 'Contact e-mail address.', dpoContact: 'Data protection officer: name and contact details.',
  representative: 'Representative in the Union (Art 27): name and contact details.', signatoryName: 'Who signs the DPAs (Annex I): name.', signatoryTitle: 'Title or position of the signatory.',
} as const;

/** The organisation as a party to its DPAs (Annex I); publishing a DPA version needs legal name, address, contact name and e-mail, and signatory. */
export const Particulars = Type.Object(Object.fromEntries(Object.entries(PARTICULARS).map(([k, d]) => [k, Text(d)])) as Record<keyof typeof PARTICULARS, ReturnType<typeof Text>>);

export const ParticularsBody = Body(Object.fromEntries(Object.entries(PARTICULARS).map(([k, d]) => [k, Type.Optional(Text(d))])) as Record<keyof typeof PARTICULARS, ReturnType<typeof Type.Optional<ReturnType<typeof Text>>>>, "The organisation's particulars: PUT replaces every field.");

const BRANDING = {
  brandColour: 'Accent colour of the public pages, notices and portal, as #rrggbb; refused below 4.5:1 contrast against white (WCAG AA for text); null: Trustroom\'s own.',
  logo: 'The logo as a data: URI of a PNG or SVG image, at most 100 KB (an SVG without scripts, event handlers or links to other files); shown only as an image, never inline; null removes it.',
  mailFromName: 'From name of the notices to subscribers and customers; null: the workspace\'s name.',
  mailFromAddress: 'From address of the notices; null: the instance\'s MAIL_FROM address.',
} as const;

export const Branding = Type.Object(Object.fromEntries(Object.entries(BRANDING).map(([k, d]) => [k, Text(d)])) as Record<keyof typeof BRANDING, ReturnType<typeof Text>>);

export const BrandingPatchBody = Body(Object.fromEntries(Object.entries(BRANDING).map(([k, d]) => [k, Type.Optional(Text(d))])) as Record<keyof typeof BRANDING, ReturnType<typeof Type.Optional<ReturnType<typeof Text>>>>, 'Only the fields sent change; null clears one.');
