/**
 * The customer's page of one announced change, reached through the link in its notice (the token
 * in the address is the credential): the shared change view, with the workspace's list linked.
 */
import type { ChangeResponseView } from '../../modules/changes/respond-to-change.ts';
import { changeResponseBody, type ResponseForms } from '../views/change-response.ts';
import { html } from '../views/html.ts';
import { layout } from '../views/layout.ts';

export type RespondForms = ResponseForms;

/** The response page; `action` is the page's own URL (the forms post below it). */
export function renderRespondPage(v: ChangeResponseView, action: string, f: RespondForms = {}): string {
  const title = `Sub-processor change: ${v.change.title}`;
  const body = html`<h1>${title}</h1>
<p>${v.workspace.name} intends to make this change to the sub-processors it uses for ${v.customer.customerName}.</p>
${changeResponseBody(v, { action }, f)}
<p><a href="/w/${v.workspace.slug}/subprocessors">The current sub-processor list of ${v.workspace.name}</a></p>`;
  return layout({ title, body }).value;
}
