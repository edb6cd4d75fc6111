import { html } from '../../shared/html.ts';
import { CONFIRM_TTL_DAYS } from './subscribers.ts';

export interface ConfirmationFacts {
  workspaceName: string;
  /** Names of the services the subscriber chose; [] = all. */
  services: string[];
  /** Names of the regions the subscriber chose; [] = all. */
  regions: string[];
  /** From confirmSubscriptionUrl. */
  link: string;
}

const scopeLines = (f: ConfirmationFacts): string[] => [
  `Services: ${f.services.length ? f.services.join(', ') : 'all'}`,
  `Hosting regions: ${f.regions.length ? f.regions.join(', ') : 'all'}`,
];

/**
 * The "please confirm" e-mail (double opt-in), as plain text and HTML. It says what was asked
 * for, where the link leads and how long it works; it says nothing about earlier subscriptions.
 */
export function confirmationMessage(f: ConfirmationFacts): { subject: string; text: string; html: string } {
  const subject = `Confirm your subscription to ${f.workspaceName}'s sub-processor list`.replace(/\s+/g, ' ');
  const intro = `Someone, hopefully you, asked to be told by e-mail when ${f.workspaceName} changes its list of sub-processors.`;
  const validity = `The link works for ${CONFIRM_TTL_DAYS} days. If you did not ask for this, ignore this message: you will not hear from us again.`;
  const text = [
    intro, '', 'You chose:', ...scopeLines(f).map((l) => `- ${l}`), '',
    'To start receiving notices, open this link and press "Confirm subscription":', f.link, '', validity, '',
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<p>You chose:</p><ul>${scopeLines(f).map((l) => html`<li>${l}</li>`)}</ul>
<p>To start receiving notices, open this link and press “Confirm subscription”:<br><a href="${f.link}">${f.link}</a></p>
<p>${validity}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
