import type { EntityView, RegionView, ServiceView } from '../../modules/registry/registry.queries.ts';
import { csrfField, errorSummary, type FormErrors, selectField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, one } from './console.ts';
import { engagementFields } from './engagements.view.ts';
import { entityFields } from './entities.view.ts';

export type EntityChoice = 'existing' | 'new';

/** Which company the form is about: an existing entity only when some exist and it was chosen. */
export const entityChoiceOf = (values: FormValues, entities: EntityView[]): EntityChoice =>
  entities.length > 0 && one(values.entityChoice) === 'existing' ? 'existing' : 'new';

function radio(o: { value: EntityChoice; id: string; label: string; checked: boolean }): SafeHtml {
  return html`<div class="check"><input type="radio" id="${o.id}" name="entityChoice" value="${o.value}"${o.checked ? html` checked` : null}><label for="${o.id}">${o.label}</label></div>`;
}

/**
 * One form for a new sub-processor: the company (an entity already in the registry, or a new one)
 * and its engagement. Both choices stay visible so the page works without JavaScript; the radio
 * decides which one is used.
 */
export function subprocessorFormBody(c: Console, o: { values: FormValues; errors: FormErrors; entities: EntityView[]; services: ServiceView[]; regions: RegionView[] }): SafeHtml {
  const choice = entityChoiceOf(o.values, o.entities);
  const existing = o.entities.length > 0;
  return html`<h1>Add a sub-processor</h1>
${errorSummary(o.errors)}
<p>The company and what it does for you, saved together: if the engagement is not valid, no entity is created either.</p>
<form method="post" action="${c.base}/subprocessors">${csrfField(c.user.csrfToken)}
<fieldset id="f-company"><legend>Company</legend>
${existing ? html`${radio({ value: 'existing', id: 'f-entityChoice-existing', label: 'An entity already in the registry', checked: choice === 'existing' })}
${selectField({ name: 'entityId', label: 'Entity already in the registry', options: o.entities.map((x) => [x.id, x.name]), value: one(o.values.entityId), error: o.errors.entityId, blank: 'Choose an entity', hint: 'Used when "An entity already in the registry" is chosen.' })}
${radio({ value: 'new', id: 'f-entityChoice', label: 'A new entity', checked: choice === 'new' })}` : html`<input type="hidden" name="entityChoice" value="new">`}
<fieldset id="f-newEntity"><legend>New entity</legend>
${existing ? html`<p class="hint">Used when "A new entity" is chosen.</p>` : null}
${entityFields({ values: o.values, errors: o.errors, entities: o.entities, nameOptional: existing })}
</fieldset>
</fieldset>
<fieldset id="f-engagement"><legend>Engagement</legend>
${engagementFields({ values: o.values, errors: o.errors, entities: o.entities, services: o.services, regions: o.regions, entitySelect: false })}
</fieldset>
<button type="submit">Add sub-processor</button> <a href="${c.base}/engagements">Cancel</a>
</form>
<script src="/static/category-filter.js" defer></script>`;
}
