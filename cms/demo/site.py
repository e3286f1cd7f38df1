"""The demo site's own pages: home, the programme, the awards and the library's front page."""

from cms.demo.case_studies import p, ul
from cms.enums import Placing
from training.enums import CourseKind

HOME_TITLE = "Problem-solving learning"
HOME_INTRO = (
    "<p>Problem-solving learning for Northshire Police and its partners: masterclasses and "
    "qualification days, portfolios, the POP awards and a library of what works.</p>"
)
HOME_BODY_HEADING = "Train, practise, recognise, share"
HOME_BODY = p(
    "Officers, staff and partners learn to solve problems in district masterclasses and the "
    "neighbourhood qualification. They practise on real problems in their neighbourhoods, "
    "evidenced in work-based case studies. The best partnership work is recognised each "
    "year in the POP awards, and what was learnt goes into the What Works library so that "
    "other teams can build on it.",
)

# (heading, text, path of the page it leads to)
ROUTES = [
    (
        "Problem-solving masterclasses",
        "Two-and-a-half-hour district masterclasses every two months, and the inputs for new "
        "special constables and sergeants. Find a date and book.",
        "/programme/masterclasses/",
    ),
    (
        "The neighbourhood qualification",
        "Skills for Justice awards for PCSOs, PCs, sergeants and inspectors: three classroom "
        "days and a portfolio of work-based case studies, with an assessor.",
        "/programme/qualifications/",
    ),
    (
        "The POP awards",
        "Enter your problem-solving partnership work in the annual awards: how to enter, the "
        "categories and rules, and past winners.",
        "/pop-awards/",
    ),
    (
        "The What Works library",
        "Case studies of neighbourhood policing practice, with what each evaluation found. "
        "Search them and filter by guideline area.",
        "/library/",
    ),
]

ABOUT = (
    "about-problem-solving",
    "About problem solving",
    p(
        "Problem-oriented partnership work uses the SARA model – scanning, analysis, response "
        "and assessment – to tackle the causes of recurring problems rather than answering "
        "the same calls again and again."
    ),
)

PROGRAMME_INTRO = p(
    "The learning programme has two strands: masterclasses and role inputs that everyone "
    "in a neighbourhood role takes, and the neighbourhood qualification."
)

MASTERCLASSES = {
    "slug": "masterclasses",
    "title": "Problem-solving masterclasses",
    "search_description": (
        "District masterclasses every two months, and inputs for new special constables "
        "and sergeants."
    ),
    "intro": p(
        "Each district runs a two-and-a-half-hour masterclass every two months. It is "
        "expected of everyone who joins a neighbourhood role within their first six months, "
        "and partners such as housing and anti-social behaviour officers are welcome."
    ),
    "body": [
        ("heading", "What the masterclass covers"),
        (
            "paragraph",
            ul(
                "the force's problem-solving process, built on the National Decision Model "
                "with SARA and the problem analysis triangle inside it",
                "the principles of crime reduction and nudge theory",
                "local problems from your district, worked through with partners",
            ),
        ),
        ("heading", "Role inputs"),
        (
            "paragraph",
            p(
                "New special constables take a two-hour evening input on problem solving, "
                "and the operational sergeants' course includes a three-hour input on "
                "supervising it."
            )
            + '<p><a href="/training/sessions/?kind=role_input">Find and book role inputs</a>'
            "</p>",
        ),
        (
            "inset",
            "Duties need at least four weeks' notice of a masterclass, so book early. Your "
            "team may have only two people away on training on the same day.",
        ),
    ],
    "course_kind": CourseKind.MASTERCLASS,
    "sessions_heading": "Upcoming masterclasses",
}

QUALIFICATIONS = {
    "slug": "qualifications",
    "title": "The neighbourhood qualification",
    "search_description": (
        "Skills for Justice awards in neighbourhood management: three classroom days and a "
        "portfolio, with an assessor."
    ),
    "intro": p(
        "Everyone in a neighbourhood role up to inspector works towards a Skills for Justice "
        "award that recognises neighbourhood policing as a specialism."
    ),
    "body": [
        ("heading", "Which award"),
        (
            "paragraph",
            ul(
                "PCSOs, PCs and sergeants: Level 3 Award in Understanding Neighbourhood "
                "Management (registration and certification £40)",
                "Inspectors: Level 5 Award in Neighbourhood and Community Planning (£45)",
            ),
        ),
        ("heading", "How it works"),
        (
            "paragraph",
            p(
                "You have one year. You attend three classroom days, in order, and build a "
                "portfolio of evidence and work-based case studies against the award's "
                "assessment criteria. An assessor, operationally competent and usually one "
                "rank above you, reviews your evidence and signs off each unit, and an "
                "internal quality assurer samples their decisions.",
                "Your line manager approves each classroom day before your place is "
                "confirmed. Your best work-based case studies can be published, with your "
                "agreement, in the What Works library.",
            ),
        ),
        (
            "details",
            {
                "summary": "What counts as a work-based case study?",
                "text": p(
                    "A real problem from your neighbourhood worked through with SARA: what "
                    "you found, what you and your partners did and what changed, with the "
                    "figures before and after."
                ),
            },
        ),
    ],
    "course_kind": CourseKind.QUALIFICATION_DAY,
    "sessions_heading": "Upcoming classroom days",
}

AWARDS = {
    "slug": "pop-awards",
    "title": "The POP awards",
    "intro": p(
        "Every year the Problem Orientated Partnership (POP) awards recognise the best "
        "problem-solving partnership work in Northshire. Finalists present to the judges and "
        "guests at the awards day, and the winners' work goes into the What Works library."
    ),
    "how_to_enter": p(
        "Enter as a team: a lead entrant with their co-entrants and the partner "
        "organisations who worked on the problem. Write your entry in the portal, following "
        "the four stages of SARA:"
    )
    + ul(
        "Scanning: the problem, how it came to light and who it affected",
        "Analysis: what you found out about its causes, using the problem analysis triangle",
        "Response: what you and your partners did, and why",
        "Assessment: what changed, with figures from before and after",
    )
    + p(
        "Your draft saves as you write, and you can attach figures and photographs. Submit "
        "it before entries close; the judges score every entry against the same criteria "
        "and choose the finalists."
    ),
    "categories": [
        {
            "name": "Safer Communities",
            "description": (
                "Any police or partnership work that reduced a crime, disorder or anti-social "
                "behaviour problem in a community."
            ),
            "rules": ["Northshire Police must be one of the partners."],
        },
        {
            "name": "Safer Travel",
            "description": (
                "Police or partnership work that significantly reduced crime, disorder or "
                "the fear of crime for people using buses, trains and stations."
            ),
            "rules": [
                "Northshire Police must be one of the partners.",
                "The Northshire Transport Authority must be a partner too.",
            ],
        },
    ],
    "rules": ul(
        "An entry is at most 4,000 words across the four SARA sections.",
        "Anyone who worked on the problem may enter, from the force or a partner organisation.",
        "Entries must be submitted before entries close; late entries cannot be judged.",
        "Judges declare any conflict of interest and do not score entries from their own "
        "organisation, district or team.",
    )
    + p(
        "Gold receives a trophy and £1,000 for a community problem-solving project, silver "
        "and bronze receive trophies, and every finalist receives a certificate."
    ),
    "guidance_talk": p(
        "When entries open, the awards team gives a talk on writing an entry: what the judges "
        "look for at each stage of SARA, how to show your figures, and examples from past "
        "finalists. The talk is recorded for those on shift."
    ),
}

ARCHIVE = {
    "slug": "past-winners",
    "title": "Past winners",
    "intro": p(
        "The winners and finalists of every POP awards cycle, with links to their case "
        "studies in the What Works library."
    ),
}

LIBRARY = {
    "slug": "library",
    "title": "What Works library",
    "intro": p(
        "Case studies of neighbourhood policing practice from forces and their partners, "
        "each with what its evaluation found. Search them, or filter by guideline area, "
        "evaluation, organisation and the year the work started."
    ),
}

# --- the 2025 awards (a fictional past cycle of the fictional force) -------------------

GOLD_ENTRY = "Quieter nights at Wensley Bridge riverside"

RESULTS_2025 = {
    "reference": "demo:pop-awards-2025",
    "name": "POP Awards 2025",
    "year": 2025,
    "ceremony_month_day": (11, 20),
    "intro": (
        "Fourteen entries, six finalists. The finalists presented to the judges and about "
        "120 guests at the awards day in Harrowgate."
    ),
    "results": [
        (
            Placing.GOLD,
            "Safer Communities",
            GOLD_ENTRY,
            "Wensley Bridge Central neighbourhood team",
            ["Northshire County Council", "Harrowgate Homes"],
            "Summer disorder by the river fell by two thirds after the team and partners "
            "reopened the towpath to families and gave young people somewhere to go.",
        ),
        (
            Placing.SILVER,
            "Safer Communities",
            "Kirkmoor: one plan for the top ten repeat callers",
            "Kirkmoor ASB hub",
            ["Northshire County Council", "Northshire Fire and Rescue Service"],
            "A shared plan for each of the ten most frequent callers cut their calls to the "
            "police by more than half in six months.",
        ),
        (
            Placing.BRONZE,
            "Safer Communities",
            "Calder Vale garages: from dumping ground to workshop",
            "Calder Vale Outer neighbourhood team",
            ["Harrowgate Homes", "Northshire Youth Offending Team"],
            "A derelict garage block that drew fly-tipping and fires became a bike workshop "
            "run with young people.",
        ),
        (
            Placing.GOLD,
            "Safer Travel",
            "Harrowgate bus station after dark",
            "Harrowgate Central neighbourhood team",
            ["Northshire Transport Authority"],
            "Better lighting, a staffed help point and joint patrols made the bus station "
            "feel safe again for evening travellers.",
        ),
        (
            Placing.FINALIST,
            "Safer Travel",
            "Safe routes home from Kirkmoor college",
            "Kirkmoor Central neighbourhood team",
            ["Northshire Transport Authority", "Northshire County Council"],
            "",
        ),
        (
            Placing.FINALIST,
            "Safer Communities",
            "Keeping older people safe from doorstep fraud",
            "Wensley Bridge Outer neighbourhood team",
            ["Office of the Northshire Police and Crime Commissioner"],
            "",
        ),
    ],
}

# The gold winner's entry, mapped by its owner's consent into a draft case study.
GOLD_CASE_STUDY = {
    "reference": "demo:pop-awards-2025:wensley-bridge-riverside",
    "title": GOLD_ENTRY,
    "summary": (
        "Repeat summer disorder by the river in Wensley Bridge fell by two thirds after the "
        "neighbourhood team and its partners reclaimed the towpath for families and gave "
        "young people a place of their own."
    ),
    "organisation": "Northshire Police",
    "area": "Wensley Bridge riverside, Northshire",
    "team": "Wensley Bridge Central neighbourhood team",
    "partners": ["Northshire County Council", "Harrowgate Homes"],
    "start_year": 2024,
    "end_year": 2025,
    "scanning": (
        "Every summer the riverside between the old mill and the footbridge drew large groups "
        "of young people in the evenings. Calls about noise, drinking, fires and damage came "
        "from the same streets night after night, and families had stopped using the "
        "towpath.\n\nIn the summer of 2024 the team logged 312 calls about anti-social "
        "behaviour on the riverside between June and September."
    ),
    "analysis": (
        "Mapping the calls showed two hot spots: the unlit stretch under the footbridge and "
        "the car park behind the mill. Most calls came between 8pm and midnight on Fridays "
        "and Saturdays.\n\nTalking to the young people themselves, the team found most of "
        "them were not looking for trouble: there was nowhere else to go once the youth "
        "centre closed at 7pm, and the riverside was out of sight."
    ),
    "response": (
        "The county council lit the footbridge stretch and cut back the undergrowth. "
        "Harrowgate Homes opened its community room on Friday and Saturday evenings, run "
        "with youth workers, and the youth centre moved its summer sessions later.\n\nThe "
        "team ran family events on the towpath, patrolled the hot spots at the peak times "
        "with the council's wardens, and used dispersal powers only for the few who carried "
        "on."
    ),
    "assessment": (
        "Between June and September 2025 the team logged 104 calls about the riverside, down "
        "from 312 the summer before. Families came back to the towpath events, and the "
        "community room now opens all year."
    ),
    "figures": [
        (
            "Calls about anti-social behaviour on the riverside",
            "312",
            "104",
            "June to September, 2024 and 2025",
        ),
    ],
}

CONSENT_STATEMENT = (
    "I agree to this entry being published as a case study in the What Works library, "
    "edited by the content team, with the names of the people we worked with removed."
)
