import { useRef } from 'preact/hooks';
import { listRules } from '../../api/rules-client.js';
import { GeofenceForm } from '../fleet/GeofenceForm.js';
import { RuleItem } from '../fleet/RuleItem.js';
import { useLoad } from '../fleet/use-load.js';
import { ScreenHeading } from '../ScreenHeading.js';
import '../fleet/fleet.css';

/** Alert rules (admin, fleet manager): the default pack and the fleet's own, to switch, tune, add and remove. */
export function RulesScreen() {
  const [rules, reload] = useLoad('rules', listRules);
  const listHeading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <ScreenHeading>Alert rules</ScreenHeading>
      <section aria-labelledby="rules-list-title" class="panel">
        <h2 id="rules-list-title" tabIndex={-1} ref={listHeading}>
          Rules in force
        </h2>
        {rules.state === 'loading' ? <p class="hint">Loading rules…</p> : null}
        {rules.state === 'error' ? (
          <p class="error" role="alert">
            Could not load the rules: {rules.message}
          </p>
        ) : null}
        {rules.state === 'ok' ? (
          <ul class="rule-list" aria-label="Rules in force">
            {rules.data.map((rule) => (
              <RuleItem
                key={rule.ruleId}
                rule={rule}
                onChanged={reload}
                onRemoved={() => listHeading.current?.focus()}
              />
            ))}
          </ul>
        ) : null}
      </section>
      <GeofenceForm onCreated={reload} />
    </>
  );
}
