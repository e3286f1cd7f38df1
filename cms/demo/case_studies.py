"""The 13 case studies of the College of Policing's neighbourhood policing guidelines (2018).

Rewritten in our own words; the facts, figures, dates and organisations are the source's.
Each entry maps onto ``CaseStudyPage`` fields; rich text is built with ``p`` and ``ul``.
"""

from html import escape

from cms.enums import EvaluationLevel as E
from cms.enums import GuidelineArea as G


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def h(text: str) -> str:
    return f"<p><b>{escape(text)}</b></p>"


CASE_STUDIES: list[dict] = [
    {
        "slug": "east-midlands-community-engagement-area-classification",
        "title": "East Midlands Community Engagement Area Classification",
        "summary": (
            "A classification built from community survey data that shows which "
            "neighbourhoods engage well with the police and which do not, and why."
        ),
        "organisation": "East Midlands Policing Academic Collaboration (EMPAC)",
        "partners": ["Nottingham Trent University, Quantitative and Spatial Criminology group"],
        "who": "",
        "area": "East Midlands",
        "start_year": 2017,
        "end_year": None,
        "when_detail": "To be extended to cover England and Wales",
        "areas": [G.ENGAGING_COMMUNITIES],
        "what": p(
            "The classification uses community survey data to sort small areas into those "
            "where engagement with the police is strong (engagement 'rich') and those where "
            "it is weak (engagement 'poor'). It also picks out the local characteristics "
            "that are likely to help or get in the way of engagement work."
        ),
        "why": p(
            "Forces already lean on general-purpose area classifications when they make "
            "policy, but none of them measure how engaged a community is. A classification "
            "built for that purpose lets neighbourhood teams aim their engagement where it "
            "is needed most."
        ),
        "how_setup": p(
            "EMPAC commissioned a purpose-built classification covering the whole East "
            "Midlands at Lower Layer Super Output Area level. These are small statistical "
            "areas used across England and Wales, each home to around 1,500 people."
        ),
        "how_delivery": p(
            "Every area is predicted to be engagement rich or engagement poor and is given "
            "a type name that sums up its character, such as 'Satisfied Open Cohesive Urban "
            "Fringe' or 'Disconnected Fearful Urban Fringe', with a longer description to "
            "explain it. Each area is also scored on five themes so teams can see the "
            "biggest obstacles and openings:"
        )
        + ul(
            "belonging and identity in the neighbourhood",
            "how diverse the population is by age, ethnicity and social class",
            "fear of crime and incivility",
            "satisfaction with the police and other public services",
            "volunteering and taking part in local decisions",
        ),
        "practical": "",
        "benefits": p("It gives neighbourhood teams:")
        + ul(
            "a better-informed picture of who lives in an area and how engaged they are now",
            "the local characteristics likely to help or hinder an engagement initiative",
            "a way to spot communities with little cohesion or participation, to guide "
            "where and how a team engages",
        ),
        "evaluation_level": E.NONE,
        "evaluation": p(
            "No documented evaluation or assessment had been carried out by May 2018.",
            "A formal evaluation was planned with several trial forces over 12 months once "
            "the tool had been rolled out nationally later in 2018, with the classification "
            "adjusted afterwards if needed.",
        ),
        "figures": [],
        "further": p(
            "The East Midlands version (CEACEM) is a prototype. Officers still need to test "
            "whether it describes the neighbourhoods they patrol accurately, and it needs "
            "validating as a tool for strategic and operational decisions. Dr James Hunter "
            "of Nottingham Trent University explains the tool in a four-minute video."
        ),
        "links": [
            (
                "EMPAC: video on police engagement with local communities",
                "http://www.empac.org.uk/video-police-engagement-local-communities/",
            )
        ],
    },
    {
        "slug": "essex-active-citizens",
        "title": "Essex Active Citizens",
        "summary": (
            "Volunteers who link the police and the public: visiting residents with crime "
            "prevention advice, calling victims for feedback and raising awareness of child "
            "sexual exploitation."
        ),
        "organisation": "Essex Police",
        "partners": [],
        "who": "A volunteer coordinator and more than 125 registered volunteers.",
        "area": "Essex, force-wide",
        "start_year": 2013,
        "end_year": None,
        "when_detail": "Piloted from 2013; across the force from August 2016",
        "areas": [G.ENGAGING_COMMUNITIES],
        "what": p(
            "Essex Police uses a group of volunteers in many roles. They act as a bridge "
            "between the public and the police, talking to residents and passing on the "
            "force's messages."
        ),
        "why": p(
            "While officers were making house-to-house enquiries in a major investigation, "
            "residents asked whether they could help. The force realised volunteers could "
            "support a wide range of its work."
        ),
        "how_setup": p(
            "Recruitment began by approaching volunteer agencies and job centres. As local "
            "interest grew, the Active Citizens group was formed, with processes for "
            "vetting, volunteers' safety and training.",
            "Officers first needed help to see how volunteers could be used. Getting "
            "started took real effort: one officer worked full time on building the group, "
            "training the volunteers and deploying them.",
        ),
        "how_delivery": h("Joining")
        + p(
            "Applicants meet the volunteer coordinator to talk about why they want to "
            "volunteer; understanding their motives is seen as the key to choosing the "
            "right people. There is no minimum time commitment.",
            "Vetting happens in two stages: a first check lets volunteers start quickly and "
            "keeps their interest while fuller vetting, which can take up to three months, "
            "is completed. Every volunteer has basic training in:",
        )
        + ul("conflict resolution", "crime prevention advice", "risk management", "human rights")
        + p(
            "Volunteers have their own collar numbers, and their identification makes "
            "clear they are volunteers, not officers."
        )
        + h("What volunteers do")
        + ul(
            "visit homes with crime prevention messages",
            "phone victims of crime to ask about the service they received",
            "deliver Operation Makesafe: with awareness training and posters, they help "
            "hotels, taxi firms and licensed premises recognise the signs of child sexual "
            "exploitation",
            "collect CCTV",
            "join partnership work, such as tackling vehicle tax evasion with the DVLA",
        ),
        "practical": p("Volunteers need to be asked, not tasked.")
        + p("Other teams in the force have to help at the start:")
        + ul(
            "legal, to check insurance",
            "media, to publicise the scheme",
            "training, to help train the volunteers",
        )
        + p(
            "Once the group is running, keeping it going and inducting new volunteers "
            "takes relatively little."
        ),
        "benefits": "",
        "evaluation_level": E.NONE,
        "evaluation": p("No documented evaluation or assessment had been carried out by May 2018."),
        "figures": [],
        "further": p("More than 125 volunteers are registered across the county."),
        "links": [],
    },
    {
        "slug": "sussex-snapchat",
        "title": "Sussex Snapchat",
        "summary": (
            "Sussex Police's youth team uses Snapchat to reach young people who do not "
            "follow the force elsewhere, including a campaign on child sexual exploitation."
        ),
        "organisation": "Sussex Police",
        "partners": [],
        "who": "Sussex Youth Intervention Team",
        "area": "Sussex, force-wide",
        "start_year": 2016,
        "end_year": None,
        "when_detail": "Since August 2016",
        "areas": [G.SHARING_LEARNING, G.ENGAGING_COMMUNITIES],
        "what": p(
            "Since August 2016 Sussex Police has used Snapchat to engage with young people, "
            "both generally and through a campaign on child sexual exploitation (CSE)."
        ),
        "why": p(
            "Younger people were not using the force's existing social media channels. To "
            "reach them, the force chose an app they already use and feel at home with."
        ),
        "how_setup": p(
            "A pilot ran at Brighton Pride in August 2016, where each post was viewed up to "
            "300 times. The Youth Intervention Team was keen to take it on, and its "
            "enthusiasm and knowledge of young people made it the right team.",
            "The team studied how young people responded, through their comments, other "
            "social media and conversations with them. They were interested in posts about "
            "operational policing and wanted to know more about the team's work.",
        ),
        "how_delivery": p(
            "The account was promoted with posters in schools. A CSE campaign launched on "
            "Snapchat in March 2017; the general engagement beforehand was seen as vital "
            "for building a rapport with the audience and learning what worked.",
            "The campaign ran in two phases, with around 900 views per Snap in the first "
            "and up to 1,300 in the second. It led to a 15-year-old girl reporting a sexual "
            "assault.",
            "The team also runs smaller campaigns and engagement days, and Snapped "
            "throughout Brighton Pride in 2017. By mid-2018 Snaps were reaching 1,500 to "
            "2,000 views.",
        ),
        "practical": p(
            "Snapchat takes time, but engagement tailored to its audience is felt to pay "
            "off. The apps young people use can change quickly."
        ),
        "benefits": p(
            "The force believes it has more real conversations, not just views, on Snapchat "
            "than on other social media."
        ),
        "evaluation_level": E.NONE,
        "evaluation": p("There has been no documented evaluation or assessment."),
        "figures": [
            ("Views per Snap", "up to 300", "1,500 to 2,000", "Pilot in August 2016; mid-2018"),
        ],
        "further": p("Geo-located Snaps can be seen by people who do not follow the account."),
        "links": [],
    },
    {
        "slug": "durham-multi-agency-problem-solving",
        "title": "Durham Multi-Agency Problem Solving",
        "summary": (
            "Multi-agency problem-solving (MAPS) groups of the Safe Durham Partnership take "
            "on repeat crime and anti-social behaviour that no agency can solve alone."
        ),
        "organisation": "Safe Durham Partnership",
        "partners": [
            "Durham Constabulary",
            "Durham County Council",
            "National Probation Service",
            "Durham Tees Valley Community Rehabilitation Company",
            "Social housing providers",
            "Fire and Rescue Service",
            "Ambulance Service",
            "Integrated Offender Management",
            "Children and young people's services",
            "Domestic abuse services",
            "Substance misuse services",
            "Education",
        ],
        "who": "",
        "area": "County Durham",
        "start_year": None,
        "end_year": None,
        "when_detail": "",
        "areas": [G.SOLVING_PROBLEMS],
        "what": p(
            "The Safe Durham Partnership is responsible for tackling crime, the fear of "
            "crime, anti-social behaviour and substance misuse. Its multi-agency "
            "problem-solving (MAPS) groups find, analyse and resolve crime and anti-social "
            "behaviour with coordinated responses from several agencies. They concentrate on "
            "recurring themes, people and places that one agency on its own cannot resolve "
            "for good."
        ),
        "why": p(
            "Problem solving needs a partnership to oversee and scrutinise it. The "
            "partnership saw that its joint response to some kinds of problem had to improve."
        ),
        "how_setup": p(
            "The MAPS groups oversee time-limited problem-solving plans and keep them "
            "focused. They make sure the right partners are involved and give complex "
            "problems a route for escalation."
        ),
        "how_delivery": p(
            "The groups work out the causes of specific problems, then agree and carry out "
            "joint interventions that deal with them sustainably, following SARA."
        )
        + h("Scanning")
        + p(
            "Problems come from the partnership's strategic assessment, performance "
            "reports, community engagement and referrals from partner agencies."
        )
        + h("Analysis")
        + p(
            "Agencies share intelligence and information to build a full picture of the "
            "problem, or of the individuals and families involved, and coordinate action. "
            "This can include actions from the ERASE child sexual exploitation meetings."
        )
        + h("Response")
        + p(
            "Interventions weigh prevention, early intervention, enforcement and "
            "rehabilitation or support, and consider the victim, the offender and the "
            "location. Adults can be referred to the multi-agency intervention service and "
            "children and young people supported through the Stronger Families approach. "
            "Agencies negotiate who commits which resources. People may be nominated to "
            "Integrated Offender Management, where their progress is monitored, or escalated "
            "to other pathways such as High Impact Household, Think Family, safeguarding, "
            "MARAC or MAPPA."
        )
        + h("Assessment")
        + p(
            "The groups monitor how well the interventions work and keep acting until the "
            "problem is resolved for good, and they report against the targets set by the "
            "partnership board and its thematic delivery groups."
        )
        + h("Governance")
        + p(
            "Cross-cutting issues and blockages that cannot be cleared locally go up to the "
            "Safe Durham Partnership Board or the relevant thematic group. The groups also "
            "manage the money delegated to them by the Police and Crime Commissioner and the "
            "county council, and report on it."
        ),
        "practical": "",
        "benefits": "",
        "evaluation_level": E.NONE,
        "evaluation": p("No documented evaluation or assessment."),
        "figures": [],
        "further": "",
        "links": [
            (
                "ERASE: child sexual exploitation awareness",
                "http://www.eraseabuse.org/Pages/Home.aspx",
            ),
            (
                "Durham County Council: the Stronger Families programme",
                "https://durham.gov.uk/article/3723/Stronger-Families-Programme",
            ),
        ],
    },
    {
        "slug": "leicestershire-tackling-knife-crime",
        "title": "Leicestershire Tackling Knife Crime",
        "summary": (
            "A dedicated neighbourhood officer coordinates prevention, diversion and "
            "enforcement against habitual knife carriers, with schools and partners."
        ),
        "organisation": "Leicestershire Police",
        "partners": [
            "Youth Offending Service",
            "Probation",
            "Pupil Referral Unit",
            "Schools and universities",
            "Leicester City Council and its anti-social behaviour unit",
            "Social housing providers",
            "Third-sector providers",
        ],
        "who": "East Leicester neighbourhood policing team",
        "area": "East Leicester",
        "start_year": 2017,
        "end_year": None,
        "when_detail": "Since June 2017",
        "areas": [G.SOLVING_PROBLEMS],
        "what": p(
            "A neighbourhood team created a full-time officer post to coordinate work to "
            "reduce knife crime. The approach runs across the force and covers prevention "
            "and intervention, engaging communities, and enforcement against known habitual "
            "knife carriers."
        ),
        "why": p(
            "Knife crime is a strategic priority for Leicestershire Police, and it needed an "
            "approach that brought prevention, intervention, education, enforcement and "
            "proactive policing together."
        ),
        "how_setup": p(
            "The force created a dedicated neighbourhood officer role with its own role profile."
        ),
        "how_delivery": h("Targeted activity")
        + p(
            "Habitual knife carriers, people involved in three or more incidents with a "
            "knife within 24 months, are identified from crime reports, intelligence and "
            "referrals. The officer visits them at home with partners such as the Youth "
            "Offending Team, makes clear they will be targeted by enforcement if they carry "
            "on, and offers them ways to desist and diversionary activities. Each person's "
            "plan and the work done with them are recorded in Niche, the crime recording "
            "system.",
            "The team has worked hard to break down cultural barriers with the local Somali "
            "community, where young men carrying weapons had been identified as a "
            "particular issue. It uses third-sector interventions, works with youth "
            "offending and probation services, and can ask social landlords to use tenancy "
            "enforcement.",
        )
        + h("Prevention for everyone")
        + p(
            "The team gives talks in primary and secondary schools and works with community "
            "groups; after the talks, pupils have handed knives in to their schools."
        )
        + h("Governance")
        + p(
            "Every two months a force-level knife crime delivery group, chaired by the "
            "superintendent who heads neighbourhoods, discusses the highest-risk cases with "
            "partners. Tactical meetings review cases in between. Enforcement is guided by "
            "intelligence such as heat maps and profiles of the highest-risk people: a small "
            "operation by the neighbourhood team in April 2018 took seven knives and a sword "
            "off the streets."
        ),
        "practical": "",
        "benefits": "",
        "evaluation_level": E.NONE,
        "evaluation": p("No documented evaluation or assessment."),
        "figures": [],
        "further": "",
        "links": [],
    },
    {
        "slug": "humberside-ace-focused-early-intervention-teams",
        "title": "Humberside ACE Focused Early Intervention Teams",
        "summary": (
            "Early intervention teams in the busiest wards, co-located with partners, work "
            "with young people who have four or more adverse childhood experiences."
        ),
        "organisation": "Humberside Police",
        "partners": ["Youth Offending Team", "Local authority youth outreach services"],
        "who": "In each team one sergeant, one PC and five PCSOs.",
        "area": "Humberside, five local sites",
        "start_year": 2017,
        "end_year": None,
        "when_detail": "",
        "areas": [G.TARGETING_ACTIVITY],
        "what": p(
            "Humberside Police has set up dedicated early intervention teams in its busiest, "
            "highest-demand wards. Sharing premises and working closely with other agencies, "
            "they support vulnerable people and families, focusing on young people with four "
            "or more adverse childhood experiences (ACEs)."
        ),
        "why": p(
            "Demand on the police was changing, and the force needed an approach that "
            "focused on vulnerability and the factors that put people at risk."
        ),
        "how_setup": p(
            "The teams were set up after the force studied South Wales Police's work on ACEs "
            "and the Early Intervention Foundation's. They were placed where police crime and "
            "incident data showed the highest demand, in areas matching council wards, with "
            "four aims: engagement, problem solving, early intervention and community "
            "resilience.",
            "Each team works from council premises alongside child sexual exploitation, "
            "youth outreach and youth offending colleagues, and the space is being developed "
            "as a safe drop-in for young people.",
        ),
        "how_delivery": p(
            "A multi-agency panel meets monthly to review referrals. The referring agency "
            "must show what it has already done for the person or family, every referral is "
            "triaged, and people already receiving statutory services are not taken on.",
            "Referrals are scored with a local version of the national ACE process, which "
            "expands the 13 national indicators to 21. A lead agency writes a plan and an "
            "exit strategy, and the people taken on receive intensive support from the team.",
            "Team members are protected from being taken away for other duties, and they can "
            "use the council's Eclipse social care system to share information with partners "
            "as it happens.",
        ),
        "practical": "",
        "benefits": p(
            "Working with young people excluded from mainstream education has been key, "
            "with a close relationship with the local approved school. The team sits on its "
            "access panel and works with the five highest- and five lowest-performing "
            "pupils: the aim is to return the top five to mainstream school and keep the "
            "bottom five attending and engaged. Where offending is found, the team works to "
            "avoid criminalising young people, using out-of-court outcomes such as "
            "conditional cautions."
        )
        + p("Other reasons for its success:")
        + ul(
            "agencies working as one, with key partners in the same building",
            "a common language and agreed, shared outcomes, with inspectors directing work "
            "through an outcomes-based accountability framework",
            "tailoring each team to the local evidence and partnerships",
            "using the Joint Strategic Needs Assessment to inform local work",
            "giving staff the right skills and support",
            "writing the exit strategy at the start, because people can come to depend on services",
        ),
        "evaluation_level": E.LIGHT_TOUCH,
        "evaluation": p(
            "A light-touch assessment has been done: an academic review, with the University "
            "of Hull, of how referrals are scored for ACEs."
        ),
        "figures": [
            (
                "Indicators used to score a referral",
                "13",
                "21",
                "National ACE indicators; local version",
            ),
        ],
        "further": "",
        "links": [],
    },
    {
        "slug": "leicestershire-braunstone-blues",
        "title": "Leicestershire Braunstone Blues",
        "summary": (
            "Fire, police, ambulance and council staff work as one team to cut 999 demand in "
            "Braunstone, through home visits, community events and a life skills course."
        ),
        "organisation": "Leicestershire Fire and Rescue Service",
        "partners": [
            "Leicestershire Police",
            "East Midlands Ambulance Service",
            "Leicester City Council",
            "Housing",
            "GPs, pharmacies, schools and community groups",
            "B-Connected and other local voluntary groups",
        ],
        "who": (
            "A team drawn from the fire, police and ambulance services, the council and "
            "occupational health."
        ),
        "area": "Braunstone, Leicestershire",
        "start_year": 2015,
        "end_year": None,
        "when_detail": "",
        "areas": [G.TARGETING_ACTIVITY],
        "what": p(
            "The Braunstone Blues are a single team of staff from the fire and rescue, "
            "police and ambulance services, the local authority and occupational health. "
            "They aim to reduce 999 calls from Braunstone by helping residents help "
            "themselves and showing them other sources of support."
        ),
        "why": p(
            "In 2015 Braunstone was found to be the area of Leicestershire with the highest "
            "demand on all three emergency services."
        ),
        "how_setup": p(
            "The fire and rescue service led a project to manage and reduce demand in Braunstone."
        ),
        "how_delivery": p(
            "Every member of the team knows enough to give every partner's messages. The "
            "work has four strands:"
        )
        + ul(
            "home visits, carrying the agencies' shared message of working together for a "
            "healthy, safe and secure Braunstone",
            "community events where the team meets residents",
            "project work with people or groups identified as repeat 999 callers, to "
            "understand why they call and reduce it",
            "a Life Skills course to build the confidence, self-esteem, self-care and "
            "aspirations of people living in Braunstone",
        )
        + h("Home visits")
        + p(
            "A free 30-minute visit, tailored to the household, finds problems and risks and "
            "gives advice on home and vehicle security, fire and child safety, and health and "
            "wellbeing, pointing people to the right services. The team also helps with "
            "loneliness, anxiety, depression and anti-social behaviour. Where a visit "
            "uncovers food poverty, the team contacts food banks and arranges something "
            "longer term at a later visit. About 1,800 'Healthy, Safe, Secure' visits were "
            "made in 2016 and 2017, reaching around 40 per cent of homes in the area."
        )
        + h("Events and the Life Skills course")
        + p(
            "Events such as film clubs have drawn about 60 children and 30 adults, and the "
            "team finds people tell it more there than at traditional surgeries. More than "
            "200 people have completed the Life Skills course, which is meant to leave a "
            "legacy of stronger, more resilient communities; feedback has been very positive."
        ),
        "practical": p(
            "Residents respond differently to each service. They tend to talk more openly "
            "to fire officers than to police officers, and the fire officers' presence has "
            "helped the community's relationship with the police.",
            "Data sharing was an early obstacle, both to working together and to measuring "
            "the team's effect. A private company drew up a data-sharing agreement and ran "
            "an 'excellence in data sharing' workshop that dealt with people's fears.",
        ),
        "benefits": p(
            "As officers build relationships through the visits, opportunities to gather "
            "intelligence follow."
        ),
        "evaluation_level": E.NONE,
        "evaluation": p(
            "There is no documented evaluation or assessment yet. An evaluation of the "
            "team's effect on 999 calls and of the Life Skills course is under way."
        ),
        "figures": [],
        "further": "",
        "links": [
            (
                "Leicestershire Fire and Rescue Service: Braunstone Blues",
                "http://www.leicestershire-fire.gov.uk/your-safety/general-wellbeing/braunstone-blues/",
            )
        ],
    },
    {
        "slug": "durham-community-peer-mentor-programme",
        "title": "Durham Constabulary – Community Peer Mentor Programme",
        "summary": (
            "Volunteer mentors with lived experience support repeat callers with complex "
            "needs: incidents involving the clients fell from 1,238 to 234 in a year."
        ),
        "organisation": "Office of the Durham Police and Crime Commissioner",
        "partners": ["Durham Constabulary", "Jobcentre Plus", "More than 200 local agencies"],
        "who": "137 trained volunteer mentors, 96 of them active (February 2018).",
        "area": "County Durham",
        "start_year": 2015,
        "end_year": None,
        "when_detail": "Proof of concept in Darlington in 2015, now countywide",
        "areas": [G.SOLVING_PROBLEMS, G.PROMOTING_CULTURE],
        "what": p(
            "Volunteers work with repeat victims of crime, anti-social behaviour and "
            "neighbour disputes, and with people who feel they are repeat victims. Calls "
            "and demand from these high-impact service users have fallen as a result."
        ),
        "why": p(
            "A new approach was needed to deal with the root causes behind repeat callers "
            "with complex needs and to reduce their vulnerability and the demand they made. "
            "The practical help and continuity many of them need could move them away from "
            "relying on statutory services."
        ),
        "how_setup": p(
            "A proof of concept in Darlington in 2015 cut demand significantly, and the "
            "programme has since been developed across the county."
        ),
        "how_delivery": h("Choosing mentors")
        + p(
            "Life experience and credibility with clients matter most. Mentors include "
            "former prisoners, people in recovery from drug or alcohol misuse, survivors of "
            "domestic and sexual abuse, and professionals such as barristers and probation "
            "officers, so clients can see their mentor really understands them. Many mentors "
            "have a 'colourful' DBS record, which adds to their credibility, so the risk "
            "assessment of volunteers is thorough. A good relationship with the Jobcentre has "
            "helped find the right people.",
            "Mentors present themselves as coming from the agency that referred the client, "
            "not necessarily the police. They are treated as members of staff and very few "
            "drop out: 137 had been trained by February 2018, 96 of them active, including a "
            "transgender mentor.",
        )
        + h("What a mentor does")
        + ul(
            "gets to know the client, works out the root causes and sets realistic goals with them",
            "acts as an advocate, going with them to appointments such as the doctor or "
            "housing, and supporting what they need to do to become less vulnerable",
            "plans an exit so the client can stand on their own feet",
            "links into more than 200 agencies across County Durham",
            "has no time limit on working with a client",
            "aims to reduce how often, and how seriously, the client calls",
            "always passes on crime and risk information; everything else stays confidential",
        )
        + h("An example")
        + p(
            "A 19-year-old woman with mental health concerns repeatedly called the police "
            "threatening to harm herself. Officers attended and referred her to health "
            "services, but she missed her appointments, so the crisis calls went on. Her "
            "peer mentor found that anxiety kept her from going, and went with her. She began "
            "to receive treatment and support, the cycle of self-harm was broken, she became "
            "less vulnerable and her demand on the police fell sharply."
        ),
        "practical": p(
            "The Police and Crime Commissioner funds the programme. It cost £35,000 to set "
            "up and costs £130,000 a year to run, covering administration, training and four "
            "part-time staff. That is set against an estimated saving to Durham Constabulary "
            "of £466,000, worked out from staff costs; the savings across the wider "
            "partnership would be considerably larger."
        ),
        "benefits": p(
            "Clients have cut their calls to Durham Constabulary by 71 per cent on average, "
            "some by 100 per cent, and calls to other emergency services, councils and "
            "services have fallen too. Mentors give clients time and a sounding board, work "
            "out what they need and connect them with the right agencies. They have helped "
            "clients into work and training and through the official processes that so often "
            "defeat them; clients rely less on services, learn new skills and feel part of "
            "their community again.",
            "Agencies support the programme because it 'completes the circle'. It has no "
            "restrictive entry criteria and few barriers: anyone who wants support and wants "
            "to change can take part.",
        ),
        "evaluation_level": E.LIGHT_TOUCH,
        "evaluation": p(
            "A light-touch assessment compared 12 months of data before the programme with "
            "the period after it started. Incidents involving the clients fell from 1,238 to "
            "234, and the staff hours spent on them from 20,253 to 18,638. The saving in "
            "staff costs to Durham Constabulary alone was estimated at £466,075."
        ),
        "figures": [
            ("Incidents involving the clients", "1,238", "234", "12 months before and after"),
            (
                "Police staff hours on those incidents",
                "20,253",
                "18,638",
                "12 months before and after",
            ),
        ],
        "further": p(
            "The programme won a Durham Problem Orientated Policing award and now runs across "
            "the county."
        ),
        "links": [],
    },
    {
        "slug": "metropolitan-police-pop-awards",
        "title": "Metropolitan Police POP Awards",
        "summary": (
            "Annual awards for the best problem-solving partnerships in London, judged on "
            "SARA entries, with gold, silver and bronze presented at a ceremony."
        ),
        "organisation": "Metropolitan Police Service",
        "partners": [
            "Mayor's Office for Policing and Crime",
            "Transport for London",
            "London Councils",
            "Safer London Foundation",
        ],
        "who": "Open to every team across the Metropolitan Police and its partners.",
        "area": "London (the Metropolitan Police area)",
        "start_year": 2004,
        "end_year": None,
        "when_detail": "The annual London POP Awards since 2005",
        "areas": [G.PROMOTING_CULTURE],
        "what": p(
            "The Metropolitan Police's Problem Orientated Partnership (POP) awards celebrate "
            "good problem-solving practice. At an annual ceremony a panel presents gold, "
            "silver and bronze awards to the three best entries."
        ),
        "why": p(
            "In 2005, with backing from the Mayor's Office for Policing and Crime, Transport "
            "for London, London Councils and the Safer London Foundation, an incentive was "
            "created to encourage:"
        )
        + ul(
            "good practice in problem-oriented partnership work",
            "a lasting focus on problem solving",
            "examples of partnership problem solving and innovation",
        )
        + p("This became the annual London POP Awards."),
        "how_setup": p("Entries come in every year from across the force. There are two awards:")
        + ul(
            "Safer Communities: any police or partnership work, for example projects that "
            "reduced a particular crime or disorder problem",
            "Safer Travel: police or partnership work that significantly reduced crime, "
            "disorder or the fear of crime for people using public transport",
        )
        + p(
            "Anyone involved in partnership work that reduced crime, disorder or the fear of "
            "crime may enter, but the Metropolitan Police must be one of the partners and, "
            "for the Safer Travel award, Transport for London too. Entries are at most 4,000 "
            "words and follow SARA: scanning, analysis, response and assessment. A talk on "
            "how to write an entry is given when entries open."
        ),
        "how_delivery": p(
            "For the 2017 awards six finalists were chosen, and a brochure describing the "
            "finalists' entries is always produced. The day starts with a networking lunch; "
            "each finalist then presents for about 15 minutes before the awards are given. "
            "A keynote speaker, usually an academic, adds to the day.",
            "A panel of judges that includes partners such as the local authority and the "
            "police and crime commissioner chooses the top three. Gold receives a trophy and "
            "£1,000 towards community problem-solving projects, silver and bronze receive "
            "trophies, and every finalist receives a certificate. The media and "
            "communications team publicises the event inside and outside the force.",
            "For example, the London Borough of Enfield won gold in 2017 for its new "
            "approach to reducing unauthorised traveller encampments.",
        ),
        "practical": p(
            "The awards are held in a room owned by the force or a partner, free of charge, "
            "so refreshments are the biggest cost. Exhibitors pay for stalls in a "
            "marketplace, which brings in some income but not enough to cover the costs."
        ),
        "benefits": "",
        "evaluation_level": E.NONE,
        "evaluation": p("There has not been any documented evaluation or assessment."),
        "figures": [],
        "further": p(
            "With a smaller budget the event has been scaled back in recent years. About 120 "
            "people are now invited, including partners such as local authority community "
            "safety leads and Transport for London."
        ),
        "links": [
            (
                "Metropolitan Police: POP Awards 2017 brochure",
                "http://news.met.police.uk/documents/pop-awards-2017-brochure-73094",
            ),
            ("Safer London", "https://saferlondon.org.uk/"),
        ],
    },
    {
        "slug": "hampshire-evidence-based-neighbourhood-policing-tool",
        "title": "Hampshire Evidence Based Neighbourhood Policing Tool",
        "summary": (
            "Self-service reports, refreshed daily, give neighbourhood teams the crime, "
            "demand and vulnerability data to target their work and solve problems."
        ),
        "organisation": "Hampshire Constabulary",
        "partners": [],
        "who": "Neighbourhood policing teams, their supervisors and inspectors.",
        "area": "Hampshire and the Isle of Wight",
        "start_year": 2014,
        "end_year": None,
        "when_detail": "",
        "areas": [G.ANALYTICAL_CAPABILITY],
        "what": p(
            "Neighbourhood teams can run analytical reports for themselves and use them as "
            "the evidence for targeting their activity and solving problems."
        ),
        "why": p(
            "Frontline officers needed crime, disorder, demand and vulnerability data to "
            "understand and tackle local priorities, but current, accurate crime and "
            "anti-social behaviour data was hard to get by searching the crime recording "
            "system."
        ),
        "how_setup": p(
            "The Evidence-Based Neighbourhood Policing (EBNHP) tool was built to meet that "
            "need. On the force intranet, it offers frontline teams a set of self-service "
            "reports showing where crime and disorder happen and who the repeat callers, "
            "victims and offenders are.",
            "All neighbourhood staff and new PCSOs are trained to use the reports as "
            "evidence of threat, harm, risk and vulnerability in their communities. The data "
            "lets officers ask why a person or place keeps needing public services, and it "
            "is shared with partners at crime reduction meetings and community events.",
        ),
        "how_delivery": h("How it works")
        + p(
            "The tool is a data warehouse built with Business Objects. It draws on the "
            "command and control and crime recording systems and is refreshed every day, so "
            "reports are never more than 24 hours old. Users filter by place or by person "
            "and compare the last 90 days with the 90 before, or the last 12 months with the "
            "12 before, to find:"
        )
        + ul(
            "the crimes with the most impact",
            "anti-social behaviour demand and risk",
            "which crimes are rising",
            "the local suspects and offenders",
            "the repeat victims of every kind of call for service",
            "repeat missing people and the most vulnerable",
        )
        + h("The reports")
        + ul(
            "crimes by street: from the whole force down to a ward, by crime type",
            "crimes by aggrieved: the most victimised people in an area over 90 days or 12 months",
            "crimes by suspect: the same for suspects and offenders",
        )
        + p(
            "Each report gives headline counts for a person or street and drills down to "
            "the crime reports. Supervisors use them to prioritise and to support and "
            "challenge their teams and partners; inspectors and above use them to hold teams "
            "to account and support partnership problem solving."
        ),
        "practical": p("Lessons learnt:")
        + ul(
            "users must still apply common sense and sound judgement",
            "it is not a scorecard or a performance framework but a way of asking questions, "
            "so that discussions and decisions rest on evidence",
            "the reports are only as accurate as the data put in: for example, a victim "
            "recorded only as the person reporting, or an incident placed on a street by "
            "default, will mislead",
        ),
        "benefits": p(
            "The reports give teams data for each side of the problem analysis triangle: "
            "offender, victim or target, and place. After a short look at the data, a team "
            "can direct its engagement and policing where it reduces demand and vulnerability.",
            "Shared with partners and communities, the data builds trust in neighbourhood "
            "policing; a public-friendly version has been used at neighbourhood meetings to "
            "set better-informed local priorities. Teams can also see non-crime demand from "
            "the command and control system: the people who contact the police most, repeat "
            "missing people, mental health callers, and the victims and locations of "
            "anti-social behaviour.",
        ),
        "evaluation_level": E.NONE,
        "evaluation": p(
            "No documented evaluation or assessment. In a 2015 survey of neighbourhood "
            "policing, staff said they valued the tool."
        ),
        "figures": [],
        "further": p(
            "HMICFRS recognised the way the force uses the data as effective and empowering "
            "in its 2015 PEEL report on Hampshire. The main cost was the staff time to build "
            "the reports."
        ),
        "links": [
            (
                "HMICFRS: PEEL police effectiveness (vulnerability) 2015, Hampshire",
                "https://www.justiceinspectorates.gov.uk/hmicfrs/wp-content/uploads/police-effectiveness-vulnerability-2015-hampshire.pdf",
            )
        ],
    },
    {
        "slug": "staffordshire-local-policing-team-problem-solving-document",
        "title": "Staffordshire Local Policing Team Problem Solving Document",
        "summary": (
            "An automatic ward briefing for each officer's first day back on shift, and a "
            "summary for commanders, to direct and monitor local problem solving."
        ),
        "organisation": "Staffordshire Police",
        "partners": [],
        "who": (
            "Stoke North local policing team: PCSOs, PCs, a sergeant, an inspector and a "
            "chief inspector."
        ),
        "area": "Stoke North, Staffordshire",
        "start_year": 2017,
        "end_year": None,
        "when_detail": "Since April 2017",
        "areas": [G.ANALYTICAL_CAPABILITY, G.SOLVING_PROBLEMS],
        "what": p(
            "An automatically produced document gives frontline staff the crime, victim, "
            "offender and location data for their ward to guide local problem solving, and "
            "gives the local command team the information to monitor and drive performance."
        ),
        "why": p(
            "PCSOs were largely working without tasking, and patrols were not coordinated. "
            "Nobody could see what local policing team officers were doing to solve problems "
            "or which tools they used, and leaders had no management information about "
            "problem solving across their commands."
        ),
        "how_setup": p(
            "Business Objects software pulls information from the crime recording system "
            "and other sources to keep officers up to date on their repeat victims, repeat "
            "offenders and repeat locations. The document has two parts: the first was "
            "designed by local managers around what frontline officers need; the second is "
            "for the team's managers."
        ),
        "how_delivery": p(
            "PCSOs and PCs receive the first part by email on their first day back on shift. "
            "It is specific to their ward and brief, and it gives them:"
        )
        + ul(
            "what they need to police their area",
            "the crimes in their area over the previous seven days, with repeat victims, "
            "offenders and locations",
            "the powers they have used recently, such as dispersal orders and criminal "
            "behaviour orders, and how often",
            "how many problem-solving plans they hold on the force's problem-solving system "
            "and when each was last updated",
        )
        + p(
            "The second part gives the local commander a ward-by-ward breakdown of "
            "problem-solving plans, the powers being used regularly and who is wanted, with "
            "the repeat victims, offenders and locations across the team's area."
        ),
        "practical": "",
        "benefits": p(
            "PCSOs helped to develop the document and welcome it. Leaders can now monitor "
            "problem-solving activity across their commands and drive performance."
        ),
        "evaluation_level": E.NONE,
        "evaluation": p("There has been no evaluation or assessment."),
        "figures": [],
        "further": "",
        "links": [],
    },
    {
        "slug": "north-yorkshire-neighbourhood-management-qualification",
        "title": "North Yorkshire Neighbourhood Management Qualification",
        "summary": (
            "Every neighbourhood officer up to inspector gains a Skills for Justice award, "
            "with classroom days, work-based case studies and an assessor."
        ),
        "organisation": "North Yorkshire Police",
        "partners": ["Skills for Justice Awards (the awarding body)"],
        "who": "PCSOs, PCs, sergeants and inspectors in neighbourhood roles.",
        "area": "North Yorkshire, force-wide",
        "start_year": 2015,
        "end_year": None,
        "when_detail": "",
        "areas": [G.DEVELOPING_PEOPLE],
        "what": p(
            "North Yorkshire Police requires its neighbourhood staff to gain a Skills for "
            "Justice award in neighbourhood management, to professionalise the workforce and "
            "recognise neighbourhood policing as a specialism. PCSOs, PCs and sergeants take "
            "the Level 3 Award in Understanding Neighbourhood Management; inspectors take the "
            "Level 5 Award in Neighbourhood and Community Planning."
        ),
        "why": p(
            "A root-and-branch review of neighbourhood policing in 2015 found that "
            "neighbourhood officers needed to be professionalised: given the tools to do the "
            "job and formal recognition of the skills a specialist role demands."
        ),
        "how_setup": p(
            "The qualification came directly from the recommendations of the review, "
            "published in October 2015. The review looked at the force's neighbourhood "
            "structure; the drivers for change, including its mission, values and the crime "
            "and policing plan; the changing nature of demand; and THRIVE (threat, harm, "
            "risk, investigation opportunities, vulnerability and engagement) with its focus "
            "on prevention and early intervention.",
            "It drew on surveys, focus groups and interviews with frontline staff and "
            "partners, community surveys and visits to other forces. Frontline focus groups "
            "asked strongly for training specific to neighbourhood policing, and their "
            "feedback shaped the course content. Skills for Justice was chosen as the "
            "awarding body because the force can tailor the content to its needs.",
        ),
        "how_delivery": p(
            "Candidates have one year to complete the qualification: three days in the "
            "classroom, then work-based case studies that also feed the force's in-house "
            "'What Works' library. Each candidate keeps a portfolio on the online Learning "
            "Assistant system that student officers also use.",
            "An assessor is assigned for the whole qualification; assessors must be "
            "operationally competent and are usually one rank above the candidate. The "
            "award is required of everyone in a neighbourhood role up to inspector. PCSOs "
            "take a diploma during their initial training and then this award as well.",
        ),
        "practical": p("What helped it succeed:")
        + ul(
            "the chief officer team's backing, supported by the review's recommendations",
            "course content developed by the frontline through focus groups",
            "the training department's commitment to building the content",
            "giving the duties department plenty of notice of training dates so people "
            "could attend",
            "subject matter experts delivering inputs, whose passion is vital, and giving "
            "them plenty of notice too",
            "getting the administration right by planning well ahead",
        )
        + p(
            "Registration and certification with Skills for Justice Awards cost £40 per "
            "candidate for the Level 3 award and £45 for the Level 5 award."
        ),
        "benefits": p(
            "Practitioners' part in writing the syllabus is thought to be a reason for its success."
        ),
        "evaluation_level": E.LIGHT_TOUCH,
        "evaluation": p(
            "A light-touch assessment has been carried out: the impact is measured "
            "qualitatively through surveys of staff taking the qualification. Staff have "
            "welcomed it, and feedback on formally recognising their skills and "
            "professionalising neighbourhood policing has been positive."
        ),
        "figures": [],
        "further": "",
        "links": [],
    },
    {
        "slug": "west-yorkshire-ndm-framework-for-problem-solving",
        "title": "West Yorkshire NDM Framework for Problem Solving",
        "summary": (
            "Problem solving rebuilt around the National Decision Model, one simple form "
            "instead of six, and district masterclasses that reached about 1,000 staff."
        ),
        "organisation": "West Yorkshire Police",
        "partners": [
            "Local authority housing officers",
            "Local authority anti-social behaviour officers",
        ],
        "who": (
            "Neighbourhood, response, safeguarding, intelligence, anti-social behaviour and "
            "crime staff."
        ),
        "area": "West Yorkshire, force-wide",
        "start_year": 2016,
        "end_year": None,
        "when_detail": "",
        "areas": [G.DEVELOPING_PEOPLE, G.SOLVING_PROBLEMS, G.PROMOTING_CULTURE],
        "what": p(
            "In 2016 West Yorkshire Police reviewed how it solves problems and, using "
            "feedback from the frontline, built a new approach on the National Decision "
            "Model (NDM). A problem-solving masterclass supports it."
        ),
        "why": p(
            "HMICFRS's 2016 effectiveness inspection named problem solving as an area for "
            "improvement, saying the force needed a more consistent approach that included "
            "sharing evaluations of its initiatives.",
            "The previous SARA-based process was not being used well. Frontline staff found "
            "it bureaucratic, with a form for each stage of SARA, and too slow. A new "
            "approach was needed to win staff over and to show HMICFRS the force had improved.",
        ),
        "how_setup": h("The review")
        + p(
            "Problem-solving workshops with frontline staff ran over ten months. They asked "
            "for problem-solving work to be held on Niche, the force's crime recording "
            "system, so it would be simple to use and searchable, and for the process to "
            "follow the NDM, which everyone already knew. A command paper to the chief "
            "officer team recommended the move to the NDM."
        )
        + h("The new process")
        + p(
            "The process was aligned with the NDM while keeping the principles of SARA and "
            "of opportunity-reducing theory: the problem analysis triangle, routine activity "
            "theory and the 10 principles of crime prevention. Six forms became one "
            "simple-to-use form."
        )
        + h("Training")
        + p(
            "District problem-solving champions had not worked: the experts moved on and "
            "there was little return on the investment. Instead a force-wide two-and-a-half "
            "hour training package was developed with the frontline and given to "
            "neighbourhood, response, safeguarding, intelligence, anti-social behaviour and "
            "crime staff."
        ),
        "how_delivery": p(
            "District masterclasses every two months support the frontline. Senior leaders "
            "in each district encourage everyone to attend, and they are mandatory for "
            "people new to neighbourhood roles. They cover the principles of crime reduction, "
            "problem solving and nudge theory, with a video message from the assistant chief "
            "constable on why problem solving matters. Each session is tailored to its "
            "audience: one for regional crime used examples of human trafficking and modern "
            "slavery. Local authority housing and anti-social behaviour officers now take "
            "part too, and a senior leader closes every session."
        )
        + ul(
            "Special constables: since December 2017 every new special receives a two-hour "
            "input on problem solving.",
            "PCSOs: every new PCSO learns the process in initial training.",
            "Police constables: new PCs are trained after foundation training, linked to "
            "their City & Guilds qualification and confirmation in post.",
            "Sergeants: the operational sergeants' course includes a three-hour input on "
            "supervising problem solving.",
        ),
        "practical": p("About 1,000 staff went through the masterclasses in 18 months."),
        "benefits": "",
        "evaluation_level": E.LIGHT_TOUCH,
        "evaluation": p(
            "A light-touch assessment has been carried out. Participants were asked what "
            "they thought of the masterclass, and frontline feedback was positive. "
            "Problem-solving work is dip-sampled and reviewed at local accountability meetings.",
            "HMICFRS's updated effectiveness inspection, published on 22 March 2018, found "
            "the force good at preventing crime and tackling anti-social behaviour, noting "
            "that it trains officers and staff in problem-solving principles and uses a new "
            "model for problem solving.",
        ),
        "figures": [
            (
                "Forms to record one problem-solving plan",
                "6",
                "1",
                "Before and after the 2016 review",
            ),
        ],
        "further": p(
            "The process is fully aligned with the National Policing Crime Prevention Strategy."
        ),
        "links": [
            (
                "HMICFRS: PEEL 2016, West Yorkshire Police effectiveness",
                "https://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/peel-2016/west-yorkshire/effectiveness/",
            ),
            (
                "West Yorkshire Police: the 10 principles of crime prevention",
                "https://www.westyorkshire.police.uk/advice/10-principles-crime-prevention/10-principles-crime-prevention/10-principles-crime-prevention",
            ),
            (
                "POP Center: the problem analysis triangle",
                "http://www.popcenter.org/learning/PAM/help/theory.cfm",
            ),
        ],
    },
]
