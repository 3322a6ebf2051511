/**
 * A small JSON Schema checker for the keywords docs/events.schema.json uses (type, enum,
 * properties, required, additionalProperties, items, anyOf, minimum, maximum, minLength,
 * minItems, pattern), so the published schema itself — not only the zod schema it came from —
 * is checked against real output. Returns one message per violation, with its JSON path.
 */
type Schema = Record<string, unknown>;

export function checkJsonSchema(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  if (schema.anyOf !== undefined) {
    const options = schema.anyOf as Schema[];
    if (!options.some((option) => checkJsonSchema(option, value, path).length === 0))
      errors.push(`${path}: matches none of anyOf`);
  }
  if (type !== undefined && !hasType(type, value)) {
    errors.push(`${path}: expected ${type}, found ${JSON.stringify(value)}`);
    return errors;
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${path}: above maximum`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${path}: shorter than minLength`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path}: fewer than minItems`);
    if (schema.items !== undefined)
      value.forEach((item, i) =>
        errors.push(...checkJsonSchema(schema.items as Schema, item, `${path}[${i}]`)),
      );
  }
  if (type === 'object' && typeof value === 'object' && value !== null) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const record = value as Record<string, unknown>;
    for (const key of (schema.required ?? []) as string[])
      if (!(key in record)) errors.push(`${path}: missing ${key}`);
    for (const [key, item] of Object.entries(record)) {
      const property = properties[key];
      if (property !== undefined) errors.push(...checkJsonSchema(property, item, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected ${key}`);
    }
  }
  return errors;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}
