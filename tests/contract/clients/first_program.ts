// A third party's first program in TypeScript, typed by openapi-typescript's output (api.ts,
// generated with --enum beside this file by tests/contract/test_generated_clients.py), compiled
// with tsc --strict and run with node against a live server.
//
// It lists indicators of two tiers and two kinds, trims each row to four fields, orders by two
// keys, follows the pages to the end, and reads one cluster's profile; it prints one JSON object.

import {
  PathsApiV1IndicatorsGetParametersQueryFields as Field,
  PathsApiV1IndicatorsGetParametersQueryKind as Kind,
  PathsApiV1IndicatorsGetParametersQueryOrdering as Ordering,
  PathsApiV1IndicatorsGetParametersQueryTier as Tier,
  UnitMultiplierEnum,
} from "./api";
import type { components, operations } from "./api";

type IndicatorQuery = NonNullable<operations["indicators_list"]["parameters"]["query"]>;
type IndicatorPage = components["schemas"]["PaginatedIndicatorList"];
type ClusterProfile = components["schemas"]["ClusterProfile"];

// List parameters repeated, once per value: the style the schema documents.
function queryString(query: IndicatorQuery): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(name, String(item));
    }
  }
  return search.toString();
}

async function read<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

async function main(baseUrl: string): Promise<void> {
  const query: IndicatorQuery = {
    tier: [Tier.LEADING, Tier.PILLAR],
    kind: [Kind.ACTUAL, Kind.CUMULATIVE],
    fields: [Field.SLUG, Field.VALUE_NORMALIZED, Field.UNIT_MULTIPLIER, Field.PERIOD],
    ordering: [Ordering.PERIOD_DESC, Ordering.VALUE_NORMALIZED_DESC],
    page_size: 4,
  };
  const rows: IndicatorPage["results"] = [];
  let pages = 0;
  let count = 0;
  let next: string | null | undefined = `${baseUrl}/api/v1/indicators/?${queryString(query)}`;
  while (next) {
    const page: IndicatorPage = await read<IndicatorPage>(next);
    rows.push(...page.results);
    count = page.count;
    pages += 1;
    next = page.next;
  }
  const multipliers = [
    ...new Set(
      rows.map((row) => UnitMultiplierEnum[row.unit_multiplier ?? UnitMultiplierEnum.ONE]),
    ),
  ].sort();
  const profile = await read<ClusterProfile>(`${baseUrl}/api/v1/clusters/biomedicine/profile/`);
  console.log(
    JSON.stringify({
      count,
      pages,
      rows,
      multipliers,
      profile: {
        cluster: profile.cluster.slug,
        indicators: profile.indicators.map((indicator) => indicator.slug),
      },
    }),
  );
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
