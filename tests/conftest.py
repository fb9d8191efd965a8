"""Fixtures shared by the whole suite."""

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts.roles import EDITORS, VIEWERS
from apps.clusters.choices import Tier
from apps.core.middleware.cache import answers_made_once
from apps.enterprises.choices import EnterpriseKind
from apps.indicators.choices import IndicatorKind, SubjectType, Unit
from apps.projects.choices import ProjectStatus
from tests.factories import (
    make_cluster,
    make_comparison,
    make_enterprise,
    make_indicator,
    make_key_direction,
    make_park,
    make_person,
    make_project,
    make_source,
    make_statement,
)


@pytest.fixture(autouse=True)
def _default_language():
    """A request for Chinese leaves Chinese active in the thread; each test starts in English."""
    yield
    translation.deactivate()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def published_dataset(db):
    """The published dataset, loaded as `make data` loads it."""
    call_command("load_dataset", verbosity=0)


def _staff_in(group_name, username):
    user = get_user_model().objects.create_user(username, password="an-editor-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    """A staff account in the Editors group, as `manage.py createeditor` makes it."""
    return _staff_in(EDITORS, "editor")


@pytest.fixture
def viewer(db):
    return _staff_in(VIEWERS, "viewer")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client


@pytest.fixture(autouse=True)
def _empty_caches():
    """Cached answers and rate-limit counts: every test starts with none, and with no answer
    made once (a version may recur from test to test)."""
    for cache in caches.all():
        cache.clear()
    answers_made_once.clear()
    yield
    for cache in caches.all():
        cache.clear()
    answers_made_once.clear()


_editors = itertools.count(1)


@pytest.fixture
def token_client(db):
    """A client authenticated by token as a new user holding the named permissions."""

    def make(*codenames):
        user = get_user_model().objects.create_user(f"editor-{next(_editors)}")
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return make


@pytest.fixture
def dataset(db):
    """A small connected dataset: every resource, every relation, names in both languages.

    The figures are the article's (2023: industrial investment +18.3 %, 4th among the central
    districts); the slugs and the links between records are only what the tests need.
    """
    source = make_source(slug="banan-1246", name_zh="巴南区构建“1246”体系", name_en="Banan 1246")
    biomedicine = make_cluster(
        slug="biomedicine",
        tier=Tier.LEADING,
        name_zh="生物医药",
        name_en="Biomedicine",
        description_zh="以生物制药为核心",
        description_en="Built around biopharmaceuticals",
        source=source,
    )
    motorcycles = make_cluster(
        slug="automobiles-motorcycles",
        tier=Tier.PILLAR,
        name_zh="汽车摩托车",
        name_en="Automobiles and motorcycles",
        source=source,
    )
    new_star = make_cluster(
        slug="optoelectronics", name_zh="光电子", name_en="Optoelectronics", source=source
    )
    software_park = make_park(
        slug="banan-software-park", name_zh="巴南软件园", name_en="Banan Software Park"
    )
    xingzhou = make_park(
        slug="xingzhou", name_zh="星洲座", name_en="Xingzhou Block", parent=software_park
    )
    xingzhou.clusters.set([new_star])
    bio_city = make_park(
        slug="international-bio-city", name_zh="重庆国际生物城", name_en="Chongqing Bio City"
    )
    bio_city.clusters.set([biomedicine])
    zongshen = make_enterprise(
        slug="zongshen",
        name_zh="宗申产业集团",
        name_en="Zongshen Industrial Group",
        short_name_zh="宗申",
        kind=EnterpriseKind.GROUP,
        source=source,
    )
    zongshen.clusters.set([motorcycles])
    zhixiang = make_enterprise(
        slug="zhixiang-jintai",
        name_zh="重庆智翔金泰生物制药股份有限公司",
        name_en="Chongqing Genrix Biopharmaceutical",
        short_name_zh="智翔金泰",
        park=bio_city,
        listed_earliest=datetime.date(2023, 6, 1),
        listed_latest=datetime.date(2023, 6, 30),
        source=source,
    )
    zhixiang.clusters.set([biomedicine])
    equipment_base = make_project(
        slug="intelligent-equipment-base",
        name_zh="高端智能装备创新基地项目",
        name_en="High-end intelligent equipment innovation base",
        status=ProjectStatus.SIGNED,
        investment_amount=Decimal("50"),
        investment_unit_multiplier=8,
        signed_earliest=datetime.date(2023, 11, 21),
        signed_latest=datetime.date(2023, 11, 30),
        source=source,
    )
    wafer_centre = make_project(
        slug="wafer-centre",
        name_zh="光域科技晶圆制造中心",
        name_en="Guangyu wafer manufacturing centre",
        status=ProjectStatus.UNDER_CONSTRUCTION,
        cluster=new_star,
        park=xingzhou,
        enterprise=zhixiang,
        investment_amount=Decimal("11"),
        investment_unit_multiplier=8,
        started_earliest=datetime.date(2023, 12, 12),
        started_latest=datetime.date(2023, 12, 12),
        source=source,
    )
    investment_growth = make_indicator(
        slug="industrial-investment-growth-2023",
        name_zh="工业投资增长",
        name_en="Growth of industrial investment",
        value=Decimal("18.3"),
        source=source,
    )
    make_comparison(investment_growth, value=Decimal("4"))
    make_comparison(
        investment_growth,
        value=Decimal("9"),
        benchmark_zh="主城都市区",
        benchmark_en="metropolitan area",
    )
    motorcycle_sales = make_indicator(
        slug="zongshen-motorcycle-sales-2023",
        name_zh="宗申系摩托车销量",
        name_en="Zongshen motorcycle sales",
        subject_type=SubjectType.ENTERPRISE,
        enterprise=zongshen,
        value=Decimal("127.3"),
        unit=Unit.VEHICLE,
        unit_multiplier=4,
        source=source,
    )
    output_target = make_indicator(
        slug="two-pillars-output-2027",
        name_zh="两大产业合计产值",
        name_en="Combined output of the two pillar clusters",
        subject_type=SubjectType.CLUSTER,
        cluster=motorcycles,
        value=Decimal("1000"),
        unit=Unit.CNY,
        unit_multiplier=8,
        kind=IndicatorKind.TARGET,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        source=source,
    )
    wafer_area = make_indicator(
        slug="wafer-centre-area",
        name_zh="占地面积",
        name_en="Site area",
        subject_type=SubjectType.PROJECT,
        project=wafer_centre,
        value=Decimal("50"),
        unit=Unit.MU,
        period_start=datetime.date(2023, 12, 12),
        period_end=datetime.date(2023, 12, 12),
        source=source,
    )
    biotech_drugs = make_key_direction(
        slug="biotech-drugs",
        name_zh="生物技术药",
        name_en="Biotech drugs",
        cluster=biomedicine,
        source=source,
        source_quote="巴南区聚焦生物技术药",
        inferences=[
            {
                "field": "cluster",
                "basis_zh": "生物技术药属于生物医药。",
                "basis_en": "Biotech drugs are part of biomedicine.",
            }
        ],
    )
    cao_linyin = make_person(
        slug="cao-linyin",
        name_zh="曹林荫",
        name_en="Cao Linyin",
        role_zh="品牌宣传经理",
        role_en="Brand and publicity manager",
        organisation=zhixiang,
        source=source,
        source_quote="智翔金泰品牌宣传经理曹林荫介绍",
    )
    listing_statement = make_statement(
        slug="genrix-bio-listing",
        name_zh="智翔金泰上市融资",
        name_en="Genrix Bio's listing",
        person=cao_linyin,
        speaker_zh="智翔金泰品牌宣传经理曹林荫",
        speaker_en="Cao Linyin, brand and publicity manager of Genrix Bio",
        speech="direct",
        text_zh="成功融资34.73亿元",
        text_en="raised CNY 3.473 billion",
        source=source,
        source_quote="“成功融资34.73亿元”智翔金泰品牌宣传经理曹林荫介绍",
    )
    bio_city_claim = make_statement(
        slug="bio-city-standing",
        name_zh="生物城的地位",
        name_en="The Bio-City's standing",
        park=bio_city,
        speaker_zh="重庆国际生物城负责人",
        speaker_en="The head of Chongqing International Bio-City",
        text_zh="集聚度最高、项目最优、发展最快",
        text_en="the highest concentration, the best projects and the fastest growth",
        source=source,
        source_quote="国际生物城已成为全市生物医药产业集聚度最高、项目最优、发展最快的产业园区",
    )
    return SimpleNamespace(
        source=source,
        biotech_drugs=biotech_drugs,
        cao_linyin=cao_linyin,
        listing_statement=listing_statement,
        bio_city_claim=bio_city_claim,
        biomedicine=biomedicine,
        motorcycles=motorcycles,
        new_star=new_star,
        software_park=software_park,
        xingzhou=xingzhou,
        bio_city=bio_city,
        zongshen=zongshen,
        zhixiang=zhixiang,
        equipment_base=equipment_base,
        wafer_centre=wafer_centre,
        investment_growth=investment_growth,
        motorcycle_sales=motorcycle_sales,
        output_target=output_target,
        wafer_area=wafer_area,
    )


@pytest.fixture
def assert_constant_queries(api_client, django_assert_num_queries):
    """Reading ``url`` costs ``expected`` queries, and still does after ``add_rows()``.

    ``expected`` counts the data-version query, and for a list the page's keys, read before its
    records (``StrictPageNumberPagination.paginate_keys``).
    """

    def check(url, expected, add_rows):
        with django_assert_num_queries(expected):
            first = api_client.get(url)
        add_rows()
        with django_assert_num_queries(expected):
            second = api_client.get(url)
        assert first.status_code == second.status_code == 200
        return first.json(), second.json()

    return check
