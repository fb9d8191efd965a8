"""A third party's first program, written against the client that openapi-python-client
generates from the schema with its defaults (tests/contract/test_generated_clients.py runs it
against a live server and checks what it prints).

It lists indicators of two tiers and two kinds, trims each row to four fields, orders by two
keys, follows the pages to the end, and reads one cluster's profile.

    python first_program.py BASE_URL   # prints one JSON object
"""

import json
import sys

from banan_industry_data_service_api_client import Client
from banan_industry_data_service_api_client.api.clusters import clusters_profile
from banan_industry_data_service_api_client.api.indicators import indicators_list
from banan_industry_data_service_api_client.models import (
    ClusterProfile,
    PaginatedIndicatorList,
    UnitMultiplierEnum,
)
from banan_industry_data_service_api_client.models import IndicatorsListFieldsItem as Field
from banan_industry_data_service_api_client.models import IndicatorsListKindItem as Kind
from banan_industry_data_service_api_client.models import IndicatorsListOrderingItem as Ordering
from banan_industry_data_service_api_client.models import IndicatorsListTierItem as Tier

PAGE_SIZE = 4


def main(base_url):
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    rows, pages, page_number = [], 0, 1
    while True:
        page = indicators_list.sync(
            client=client,
            tier=[Tier.LEADING, Tier.PILLAR],
            kind=[Kind.ACTUAL, Kind.CUMULATIVE],
            fields=[Field.SLUG, Field.VALUE_NORMALIZED, Field.UNIT_MULTIPLIER, Field.PERIOD],
            ordering=[Ordering.PERIOD_DESC, Ordering.VALUE_NORMALIZED_DESC],
            page=page_number,
            page_size=PAGE_SIZE,
        )
        if not isinstance(page, PaginatedIndicatorList):
            raise SystemExit(f"not a page of indicators: {page!r}")
        pages += 1
        rows.extend(row.to_dict() for row in page.results)
        if not page.next_:
            break
        page_number += 1
    profile = clusters_profile.sync("biomedicine", client=client)
    if not isinstance(profile, ClusterProfile):
        raise SystemExit(f"not a profile: {profile!r}")
    print(
        json.dumps(
            {
                "count": page.count,
                "pages": pages,
                "rows": rows,
                "multipliers": sorted(
                    {UnitMultiplierEnum(row["unit_multiplier"]).name for row in rows}
                ),
                "profile": {
                    "cluster": profile.cluster.slug,
                    "indicators": [indicator.slug for indicator in profile.indicators],
                },
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
