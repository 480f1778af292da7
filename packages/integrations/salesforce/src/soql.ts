/**
 * A SOQL string literal: backslash and single quote escaped, as the SOQL reference requires
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm).
 * Values never reach a query any other way.
 */
export const soqlString = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;

/** A field name from configuration: letters, digits, underscores and relationship dots only (no injection through config). */
export const soqlField = (name: string): string => {
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/.test(name))
    throw new Error(`not a Salesforce field name: ${name}`);
  return name;
};
