import type { JsonSchema } from '../../api/integrations-client.js';

type Components = Readonly<Record<string, JsonSchema>>;

const MAX_DEPTH = 6;

/** `#/components/schemas/Error` → the schema it names. */
function resolve(schema: JsonSchema, components: Components): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return components[ref.replace('#/components/schemas/', '')] ?? schema;
}

/** A schema's type in words: `string (date-time)`, `array of object`, `one of: "a", "b"`. */
export function typeText(raw: JsonSchema, components: Components): string {
  const schema = resolve(raw, components);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema.const !== undefined) return `always ${JSON.stringify(schema.const)}`;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) return variants.map((v) => typeText(v, components)).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type as string | undefined);
  if (type === 'array' && schema.items) return `array of ${typeText(schema.items as JsonSchema, components)}`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  const pattern = typeof schema.pattern === 'string' ? `, matching ${schema.pattern}` : '';
  return `${type ?? 'any'}${format}${pattern}`;
}

/** The object whose properties a schema lists (itself, its array's items, or undefined). */
function objectOf(raw: JsonSchema, components: Components): JsonSchema | undefined {
  const schema = resolve(raw, components);
  if (schema.properties && typeof schema.properties === 'object') return schema;
  if (schema.type === 'array' && schema.items) return objectOf(schema.items as JsonSchema, components);
  return undefined;
}

/**
 * A JSON Schema as a definition list: each property's name (and whether it is required), its type
 * in words, its description, and nested objects as nested lists.
 */
export function SchemaView({
  schema,
  components,
  depth = 0,
}: {
  schema: JsonSchema;
  components: Components;
  depth?: number;
}) {
  const object = objectOf(schema, components);
  if (!object || depth >= MAX_DEPTH) {
    return <p class="schema-type">{typeText(schema, components)}</p>;
  }
  const properties = object.properties as Readonly<Record<string, JsonSchema>>;
  const required = new Set((object.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) return <p class="schema-type">an object</p>;
  return (
    <dl class="schema">
      {names.map((name) => {
        const property = resolve(properties[name] as JsonSchema, components);
        const nested = objectOf(property, components);
        return (
          <div key={name} class="schema-entry">
            <dt>
              <code>{name}</code> <span class="schema-required">{required.has(name) ? 'required' : 'optional'}</span>
            </dt>
            <dd>
              <span class="schema-type">{typeText(property, components)}</span>
              {typeof property.description === 'string' ? <span> — {property.description}</span> : null}
              {nested ? <SchemaView schema={property} components={components} depth={depth + 1} /> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
