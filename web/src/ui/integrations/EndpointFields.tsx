import { OUTBOUND_EVENT_TYPES, type OutboundEventType } from '../../api/integrations-client.js';
import { Field } from '../fleet/Field.js';
import { ChoiceFieldset } from './ChoiceFieldset.js';
import { EVENT_HINTS } from './event-hints.js';

/** What an endpoint form edits of its URL, description and subscriptions. */
export interface EndpointFieldValues {
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly OutboundEventType[];
}

/**
 * The URL, description and event types of an endpoint, as the add and the edit forms both ask
 * them; ids are `${idPrefix}-url`, `${idPrefix}-description`, `${idPrefix}-events` and
 * `${eventPrefix}-{type}` per box.
 */
export function EndpointFields(props: {
  idPrefix: string;
  eventPrefix: string;
  values: EndpointFieldValues;
  onChange: (values: EndpointFieldValues) => void;
  errors: { url?: string | undefined; eventTypes?: string | undefined };
}) {
  const { values, onChange } = props;
  return (
    <>
      <Field id={`${props.idPrefix}-url`} label="URL" error={props.errors.url} hint="https, on a public address.">
        {(aria) => (
          <input
            {...aria}
            type="url"
            maxLength={2048}
            autoComplete="off"
            value={values.url}
            onInput={(e) => onChange({ ...values, url: (e.target as HTMLInputElement).value })}
          />
        )}
      </Field>
      <Field id={`${props.idPrefix}-description`} label="Description (optional)">
        {(aria) => (
          <input
            {...aria}
            type="text"
            maxLength={500}
            autoComplete="off"
            value={values.description}
            onInput={(e) => onChange({ ...values, description: (e.target as HTMLInputElement).value })}
          />
        )}
      </Field>
      <ChoiceFieldset
        id={`${props.idPrefix}-events`}
        legend="Event types"
        prefix={props.eventPrefix}
        options={OUTBOUND_EVENT_TYPES}
        selected={values.eventTypes}
        onChange={(eventTypes) => onChange({ ...values, eventTypes })}
        error={props.errors.eventTypes}
        hints={EVENT_HINTS}
      />
    </>
  );
}
