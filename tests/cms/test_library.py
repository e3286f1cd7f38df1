"""The What Works library at /library/: search, each filter, paging and its query cost."""

import re

import pytest

from cms import page_cache
from cms.enums import EvaluationLevel, GuidelineArea
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The case study titles in the results table, in order."""
    html = response.content.decode()
    body = html[html.index('class="govuk-table__body"') :]
    return re.findall(r'class="govuk-link govuk-!-font-weight-bold" href="[^"]+">([^<]+)</a>', body)


@pytest.fixture
def library(site):
    make_case_study(
        site.library,
        title="Community Peer Mentor Programme",
        organisation="Office of the Durham Police and Crime Commissioner",
        start_year=2015,
        evaluation_level=EvaluationLevel.LIGHT_TOUCH,
        areas=[GuidelineArea.SOLVING_PROBLEMS, GuidelineArea.PROMOTING_CULTURE],
        partners=["Jobcentre Plus"],
        how_delivery="<p>Mentors with a colourful past go with clients to appointments.</p>",
    )
    make_case_study(
        site.library,
        title="Sussex Snapchat",
        organisation="Sussex Police",
        start_year=2016,
        areas=[GuidelineArea.SHARING_LEARNING, GuidelineArea.ENGAGING_COMMUNITIES],
        how_delivery="<p>Snaps promoted with posters in schools reached young people.</p>",
    )
    make_case_study(
        site.library,
        title="Essex Active Citizens",
        organisation="Essex Police",
        start_year=2013,
        areas=[GuidelineArea.ENGAGING_COMMUNITIES],
        how_delivery="<p>Volunteers visit residents with crime prevention advice.</p>",
    )
    make_case_study(
        site.library,
        title="NDM Framework for Problem Solving",
        organisation="West Yorkshire Police",
        start_year=2016,
        evaluation_level=EvaluationLevel.FORMAL,
        areas=[GuidelineArea.DEVELOPING_PEOPLE, GuidelineArea.SOLVING_PROBLEMS],
        how_delivery="<p>Masterclasses every two months in each district.</p>",
    )
    make_case_study(site.library, title="Unpublished draft", live=False)
    return site.library


def test_library_lists_published_case_studies_a_to_z(client, library):
    response = client.get("/library/")
    assert titles(response) == [
        "Community Peer Mentor Programme",
        "Essex Active Citizens",
        "NDM Framework for Problem Solving",
        "Sussex Snapchat",
    ]
    assert "<strong>4 case studies</strong> in the library." in response.content.decode()


def test_each_row_shows_organisation_year_and_evaluation(client, library):
    html = client.get("/library/").content.decode()
    row = html[html.index("Community Peer Mentor Programme") : html.index("Essex Active Citizens")]
    assert "Office of the Durham Police and Crime Commissioner" in row
    assert ">2015<" in row
    assert "Light-touch" in row
    assert "Solving problems; Promoting the right culture" in row


def test_search_finds_words_in_the_body_of_a_case_study(client, library):
    assert titles(client.get("/library/", {"q": "posters schools"})) == ["Sussex Snapchat"]
    assert titles(client.get("/library/", {"q": "volunteers"})) == ["Essex Active Citizens"]


def test_search_finds_partners(client, library):
    assert titles(client.get("/library/", {"q": "jobcentre"})) == [
        "Community Peer Mentor Programme"
    ]


def test_search_with_no_match_says_so(client, library):
    response = client.get("/library/", {"q": "submarines"})
    html = response.content.decode()
    assert titles(response) == []
    assert "No case studies match your search and filters." in html
    assert "<strong>0 case studies</strong>" in html


def test_search_never_shows_drafts(client, library):
    assert titles(client.get("/library/", {"q": "unpublished"})) == []


def test_filter_by_guideline_area(client, library):
    assert titles(client.get("/library/", {"area": "engaging-communities"})) == [
        "Essex Active Citizens",
        "Sussex Snapchat",
    ]


def test_filter_by_evaluation_level_takes_several(client, library):
    response = client.get("/library/", {"evaluation": ["light-touch", "formal"]})
    assert titles(response) == [
        "Community Peer Mentor Programme",
        "NDM Framework for Problem Solving",
    ]


def test_filter_by_organisation(client, library):
    assert titles(client.get("/library/", {"organisation": "Essex Police"})) == [
        "Essex Active Citizens"
    ]


def test_filter_by_year_started(client, library):
    assert titles(client.get("/library/", {"year": "2016"})) == [
        "NDM Framework for Problem Solving",
        "Sussex Snapchat",
    ]


def test_filters_offer_only_what_the_library_holds(client, library):
    html = client.get("/library/").content.decode()
    years = html[html.index('name="year"') : html.index("</select>", html.index('name="year"'))]
    assert re.findall(r'<option value="(\d+)"', years) == ["2016", "2015", "2013"]
    assert '<option value="Sussex Police">Sussex Police</option>' in html


def test_search_and_filters_combine(client, library):
    params = {"q": "masterclasses", "area": "solving-problems", "evaluation": "formal"}
    assert titles(client.get("/library/", params)) == ["NDM Framework for Problem Solving"]
    params["evaluation"] = "none"
    assert titles(client.get("/library/", params)) == []


def test_selected_filters_show_as_tags_that_remove_themselves(client, library):
    html = client.get(
        "/library/", {"area": "engaging-communities", "evaluation": ["none", "formal"]}
    ).content.decode()
    assert "Guideline area: Engaging communities" in html
    assert "Evaluation: No documented evaluation" in html
    assert 'href="?evaluation=none&amp;evaluation=formal"' in html  # removes the area
    assert 'href="?area=engaging-communities&amp;evaluation=formal"' in html  # removes "none"


def test_bad_filter_values_are_explained_and_what_was_typed_kept(client, library):
    response = client.get("/library/", {"year": "9999", "q": "volunteers"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select a valid choice. 9999 is not one of the available choices." in html
    assert 'value="volunteers"' in html
    assert titles(response) == ["Essex Active Citizens"]


def test_overlong_search_is_refused_with_a_message(client, library):
    response = client.get("/library/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_library_pages_ten_at_a_time(client, site):
    for n in range(12):
        make_case_study(site.library, title=f"Case study {n:02}")
    first = client.get("/library/")
    second = client.get("/library/", {"page": 2})
    assert len(titles(first)) == 10
    assert titles(second) == ["Case study 10", "Case study 11"]
    assert 'aria-label="Page 2"' in first.content.decode()


def test_search_results_page_too(client, site):
    for n in range(12):
        make_case_study(site.library, title=f"Volunteer scheme {n:02}")
    assert len(titles(client.get("/library/", {"q": "volunteer"}))) == 10
    assert len(titles(client.get("/library/", {"q": "volunteer", "page": 2}))) == 2


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 15), ({"q": "mentors"}, 15), ({"area": "solving-problems", "year": "2015"}, 15)],
)
def test_library_query_count_does_not_grow_with_rows(
    client, site, django_assert_num_queries, rows, params, queries
):
    for n in range(rows):
        make_case_study(site.library, title=f"Mentors {n:02}", partners=["A", "B"])
    client.get("/library/")  # warm Wagtail's site root cache
    page_cache.next_generation()  # the cost of rendering it, not of the cached copy
    with django_assert_num_queries(queries):
        response = client.get("/library/", params)
    assert len(titles(response)) == min(rows, 10)
