/**
 * Drafts of breach notices with the content Art 33(3) asks for: (a) the nature of the breach with
 * the categories and approximate numbers of people and records, (b) the contact point, (c) the
 * likely consequences, (d) the measures taken or proposed. Facts not known yet say so, and a
 * later phase (Art 33(4)) repeats the whole notice as it then stands.
 */
import type { Row } from '../../db/schema.ts';

export interface NoticeDraft {
  subject: string;
  text: string;
  /** The same content as fields (webhook payloads, the API). */
  content: {
    incidentId: string;
    phase: 'initial' | 'update' | 'final';
    title: string;
    nature: string;
    startedAt: string;
    awareAt: string;
    dataCategories: string[];
    subjectCategories: string[];
    approxSubjects: number | null;
    approxRecords: number | null;
    likelyConsequences: string | null;
    measuresTaken: string | null;
    measuresProposed: string | null;
    contactPoint: string | null;
  };
}

const NOT_YET = 'not known yet; we will tell you as soon as it is';
const PHASE_WORD = { initial: 'Notice', update: 'Update', final: 'Final report' } as const;

/** The notice for one obligation's recipient: the authority, a customer (as controller) or the people. */
export function draftNotice(
  incident: Row<'incidents'>, obligation: Pick<Row<'incident_obligations'>, 'recipient' | 'regime'>,
  opts: { workspaceName: string; customerName?: string | null; phase: 'initial' | 'update' | 'final' },
): NoticeDraft {
  const dataCategories = JSON.parse(incident.data_categories) as string[];
  const subjectCategories = JSON.parse(incident.subject_categories) as string[];
  const count = (n: number | null, what: string) => (n === null ? NOT_YET : `about ${n.toLocaleString('en')} ${what}`);
  const to = obligation.recipient === 'authority' ? 'the supervisory authority'
    : obligation.recipient === 'data_subjects' ? 'the people concerned' : `${opts.customerName ?? 'the customer'}, as controller`;
  const why = obligation.recipient === 'authority' ? 'Article 33(1)' : obligation.recipient === 'data_subjects' ? 'Article 34' : 'Article 33(2)';
  const lines = [
    `${PHASE_WORD[opts.phase]} of a personal data breach by ${opts.workspaceName} to ${to} (GDPR ${why}).`,
    opts.phase === 'initial' ? '' : 'This notice gives the information as it now stands (Article 33(4)).',
    '',
    `What happened: ${incident.description}`,
    `Started: ${incident.started_at}; we became aware: ${incident.aware_at}.`,
    `Categories of data: ${dataCategories.length ? dataCategories.join(', ') : NOT_YET}.`,
    `Categories of people: ${subjectCategories.length ? subjectCategories.join(', ') : NOT_YET}.`,
    `Approximate number of people: ${count(incident.approx_subjects, 'people')}.`,
    `Approximate number of records: ${count(incident.approx_records, 'records')}.`,
    `Likely consequences: ${incident.consequences ?? NOT_YET}.`,
    `Measures taken: ${incident.measures_taken ?? NOT_YET}.`,
    `Measures proposed: ${incident.measures_proposed ?? NOT_YET}.`,
    `Contact point for more information: ${incident.contact_point ?? NOT_YET}.`,
  ].filter((l, i) => !(l === '' && i === 1));
  return {
    subject: `${PHASE_WORD[opts.phase]} of a personal data breach: ${incident.title}`,
    text: lines.join('\n'),
    content: {
      incidentId: incident.id, phase: opts.phase, title: incident.title, nature: incident.description, startedAt: incident.started_at, awareAt: incident.aware_at,
      dataCategories, subjectCategories, approxSubjects: incident.approx_subjects, approxRecords: incident.approx_records,
      likelyConsequences: incident.consequences, measuresTaken: incident.measures_taken, measuresProposed: incident.measures_proposed, contactPoint: incident.contact_point,
    },
  };
}
