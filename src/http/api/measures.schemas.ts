/** Request and response schemas of technical and organisational measures and their evidence (CU4). */
import { Type } from 'typebox';
import { EVIDENCE_TYPES } from '../../modules/measures/evidence.ts';
import { measureCatalogue } from '../../modules/measures/measure-catalogue.ts';
import { REVIEW_INTERVAL_DEFAULT, REVIEW_INTERVAL_MAX, REVIEW_INTERVAL_MIN } from '../../modules/measures/measures.ts';
import { Body, OneOf, Text } from './schemas.ts';

const DATE = 'YYYY-MM-DD';

export const MeasureBody = Body({
  // Optional to the schema so a missing one is named by the parser with the other bad fields (and after authorisation).
  category: Type.Optional(Type.String({ description: `A key of the measure catalogue (version ${measureCatalogue().version}): ${measureCatalogue().categories.map((c) => `${c.key} (${c.label}, ${c.source})`).join('; ')}. Required.` })),
  title: Type.Optional(Type.String({ description: 'Title, unique in the workspace (at most 200 characters). Required.' })),
  description: Type.Optional(Text('What is done, as the DPA annex should read (at most 5000 characters).')),
  owner: Type.Optional(Text('The person or team responsible (free text, at most 200 characters).')),
  reviewIntervalDays: Type.Optional(Type.Unsafe<number | null>({
    type: ['integer', 'null'], description: `Days between reviews, ${REVIEW_INTERVAL_MIN} to ${REVIEW_INTERVAL_MAX}; absent or null: ${REVIEW_INTERVAL_DEFAULT}.`,
  })),
  lastReviewedOn: Type.Optional(Text(`${DATE}, not in the future; null: never reviewed.`)),
}, 'A full measure: PUT replaces every field (evidence stays).');

export const Evidence = Type.Object({
  id: Type.String(), kind: OneOf(['link', 'file'] as const), label: Type.String(),
  url: Text('The link (kind link).'), fileName: Text('kind file.'), contentType: Text('kind file.'),
  byteSize: Type.Union([Type.Integer(), Type.Null()]), sha256: Text('Hex SHA-256 of the file (kind file).'), createdAt: Type.String(),
});

export const Measure = Type.Object({
  id: Type.String(), category: Type.String(), categoryLabel: Type.String(),
  annexIIKey: Text('The closest category of SCC 2021/914 Annex II; null: none.'), annexIILabel: Text(),
  title: Type.String(), description: Type.String(), owner: Text(), reviewIntervalDays: Type.Integer(),
  lastReviewedOn: Text(`${DATE}; null: never reviewed.`), nextReviewOn: Text(`${DATE}: last review + interval; null: never reviewed.`),
  isOverdue: Type.Boolean({ description: "Never reviewed, or the next review date is before today (the workspace's time zone)." }),
  evidence: Type.Array(Evidence), position: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const MeasureQuery = Type.Object({
  overdue: Type.Optional(Type.String({ enum: ['true', 'false', '1', '0'], description: 'true: only measures whose review is overdue.' })),
});

export const ReviewBody = Body({
  reviewedOn: Type.Optional(Text(`${DATE} of the review, not in the future; absent: today in the workspace's time zone.`)),
}, 'Records a review: the next one falls due one interval later.');

export const EvidenceBody = Body({
  url: Type.Optional(Text('A link: an http or https address. Send either url, or file with fileName and contentType.')),
  label: Type.Optional(Text('Shown instead of the address or file name (at most 200 characters).')),
  file: Type.Optional(Text('A file, base64-encoded; at most 5 MiB once decoded.')),
  fileName: Type.Optional(Text('Name of the file, e.g. pentest-2026.pdf.')),
  contentType: Type.Optional(Text(`One of ${Object.keys(EVIDENCE_TYPES).join(', ')}; absent or application/octet-stream: from the file name's extension.`)),
}, 'Evidence: a link or a file.');

export const MeasureParams = Type.Object({
  slug: Type.String({ description: 'Workspace slug' }),
  id: Type.String({ description: 'Measure id' }),
});

export const EvidenceParams = Type.Object({
  slug: Type.String({ description: 'Workspace slug' }),
  id: Type.String({ description: 'Measure id' }),
  evidenceId: Type.String({ description: 'Evidence id' }),
});

/** The file download: the stored bytes, typed as stored (allowed types only). */
export const FileResponse = {
  description: 'The file, as an attachment; the x-content-sha256 header carries its SHA-256.',
  content: Object.fromEntries(Object.keys(EVIDENCE_TYPES).map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
};
