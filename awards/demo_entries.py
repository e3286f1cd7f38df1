"""The demo award entries: problems and responses in the spirit of the College of Policing's
case studies (unauthorised encampments, repeat callers and peer mentors, knife crime,
antisocial behaviour on buses ...), written for the fictional Northshire force.

Each spec is turned into the four SARA sections by ``awards.demo``.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntrySpec:
    title: str
    category: str  # "SC" Safer Communities, "ST" Safer Travel
    district: str
    partners: tuple[str, ...]  # short names of partner organisations (the force is added)
    summary: str
    scanning: tuple[str, ...]
    analysis: tuple[str, ...]
    response: tuple[str, ...]
    assessment: tuple[str, ...]
    quality: float  # the latent quality judges' scores are drawn around
    extra: dict = field(default_factory=dict)


CURRENT: tuple[EntrySpec, ...] = (
    EntrySpec(
        "Late buses, safer rides: the route 36 night service",
        "ST",
        "Wensley Bridge",
        ("NTA", "YOT"),
        "Drivers on the route 36 night bus were threatened most weekends and two refused to "
        "work the late shift. We mapped every incident to the minute and the stop, agreed a "
        "joint patrol plan with the transport authority and a youth worker on board, and "
        "incidents fell by more than half in six months.",
        (
            "Route 36 links Wensley Bridge town centre with the estates on the hill. Between "
            "January and June the transport authority logged 64 incidents on its late "
            "journeys: abuse of drivers, fights on the top deck and windows smashed.",
            "Two drivers asked to come off the late rota, and the operator warned it would "
            "cut the last two journeys, leaving shift workers without a way home.",
        ),
        (
            "Bus CCTV, driver reports and our own crime data showed that 70 per cent of "
            "incidents happened on the 23:10 and 23:40 journeys, between four stops, on "
            "Friday and Saturday nights.",
            "A small group of teenagers, most known to the youth offending team, used the bus "
            "to move between a takeaway and a park with no lighting. Victims were mainly "
            "drivers and lone women on the upper deck.",
        ),
        (
            "PCSOs rode the two problem journeys on Fridays and Saturdays for twelve weeks. "
            "The youth offending team placed a detached youth worker at the takeaway, and the "
            "transport authority fitted a live CCTV link to the control room.",
            "Drivers were trained to report in real time with a single button, so patrols "
            "could meet the bus at the next stop.",
        ),
        (
            "Incidents on route 36 after 23:00 fell from 64 to 27 in the next six months, and "
            "no driver has asked to leave the late rota since.",
            "The operator kept both journeys, and passenger numbers on them rose by 9 per cent.",
        ),
        7.6,
    ),
    EntrySpec(
        "Moving on, not moving round: a shared protocol for unauthorised encampments",
        "SC",
        "Harrowgate",
        ("NCC", "NFRS"),
        "Unauthorised encampments on Harrowgate's parks and business estates were cleared "
        "one at a time, only to reappear a mile away. A single protocol between the council, "
        "the force and the fire service, with a negotiated stopping place, cut the number of "
        "encampments by two thirds.",
        (
            "In one year Harrowgate saw 41 unauthorised encampments, mostly on playing fields "
            "and business estate car parks. Each cost the council an average of £6,200 in "
            "clearance, legal fees and repairs.",
            "Complaints from residents and businesses rose every summer, and relations with "
            "travelling families were poor on all sides.",
        ),
        (
            "Most encampments were the same few extended families moving between eight sites. "
            "They had nowhere lawful to stop while working locally in the summer.",
            "Sites with weak gates and no regular use were chosen again and again; the time "
            "from arrival to eviction varied from two days to five weeks depending on who "
            "owned the land.",
        ),
        (
            "The partners agreed one protocol: a welfare visit within 24 hours, one decision "
            "maker, and a temporary stopping place with water and waste collection.",
            "Vulnerable sites were secured with height barriers and earth bunds paid for from "
            "the savings on clearance costs.",
        ),
        (
            "Encampments fell from 41 to 14 the following year, and the average clearance cost "
            "fell to £1,900.",
            "Families used the stopping place on 23 occasions, and complaints to the council "
            "fell by 58 per cent.",
        ),
        8.4,
    ),
    EntrySpec(
        "From 999 to a friendly face: peer mentors for frequent callers",
        "SC",
        "Calder Vale",
        ("HH",),
        "Twelve people made more than 1,100 calls to the police in a year, most of them "
        "lonely, unwell or in crisis rather than victims of crime. Peer mentors with lived "
        "experience, supported by housing and health partners, now meet them each week.",
        (
            "Our control room identified 12 callers who had made 1,143 calls between them in "
            "twelve months, taking over 1,900 officer hours.",
            "Calls were often late at night and repeated within minutes; few led to a crime "
            "report.",
        ),
        (
            "Case reviews with the housing provider found that loneliness, alcohol and poorly "
            "managed mental health drove most calls; nine of the twelve lived alone in "
            "supported tenancies.",
            "Each caller had a different worker from each agency, and no one held the whole "
            "picture.",
        ),
        (
            "We recruited six volunteer peer mentors with lived experience of addiction or "
            "mental ill health, trained by the housing provider and vetted by the force.",
            "Each caller was matched with a mentor and a single lead professional, with a "
            "plan shared across agencies.",
        ),
        (
            "Calls from the group fell from 1,143 to 261 in the following year, saving an "
            "estimated 1,450 officer hours.",
            "Ten of the twelve stayed in their tenancies; two went into treatment.",
        ),
        8.8,
    ),
    EntrySpec(
        "Blades off the street: a knife-crime partnership in Harrowgate town centre",
        "SC",
        "Harrowgate",
        ("YOT", "OPCC"),
        "Knife possession offences among under-18s doubled in two years. Working with the "
        "youth offending team, schools and retailers, we combined targeted stop and search "
        "with mentoring, test purchases and knife bins, and possession offences fell by a "
        "third.",
        (
            "Recorded knife possession offences by under-18s in Harrowgate rose from 19 to 38 "
            "in two years, with a cluster around the bus station and two fast-food outlets.",
        ),
        (
            "Interviews by youth workers found most young people carried for protection after "
            "a robbery or a threat on social media.",
            "Two local shops sold knives to under-18s in test purchases.",
        ),
        (
            "A mentoring scheme run by the youth offending team took referrals from schools "
            "and officers; the commissioner's office funded three knife surrender bins.",
            "Trading standards and the force ran repeat test purchases, and retailers signed "
            "a responsible retailer agreement.",
        ),
        (
            "Possession offences by under-18s fell from 38 to 25 the next year; 146 knives were "
            "surrendered.",
            "Both shops that had failed test purchases passed on retest.",
        ),
        7.9,
    ),
    EntrySpec(
        "Shutting the cut-through: burglary on the Moorside estate",
        "SC",
        "Wensley Bridge",
        ("HH", "NFRS"),
        "An unlit alleyway behind sixty terraced houses gave burglars an easy way in and out. "
        "Residents, the housing provider and the fire service agreed gating and lighting, and "
        "burglaries fell from 31 to 6.",
        (
            "The Moorside estate had 31 residential burglaries in a year, three times the "
            "district rate.",
        ),
        (
            "Offenders entered from the rear in 27 of 31 cases, through an unlit alleyway that "
            "joined two roads.",
            "The alleyway was also used for fly-tipping and two deliberate fires.",
        ),
        (
            "Residents voted for gates; the housing provider paid for lighting and the fire "
            "service checked emergency access.",
        ),
        ("Burglaries fell to 6 in the next year, with no displacement to nearby streets.",),
        7.1,
    ),
    EntrySpec(
        "Safe at the station: cycle theft at Calder Bridge",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Bike theft at Calder Bridge station put commuters off cycling to the train. Secure "
        "racks, marking events and a targeted operation against two prolific offenders cut "
        "thefts by 70 per cent.",
        ("Calder Bridge station saw 88 cycle thefts in a year, most from an open rack.",),
        (
            "Most thefts happened between 09:00 and 16:00 from bikes locked only through the "
            "front wheel; two offenders were linked to half of them.",
        ),
        (
            "The transport authority installed a covered, CCTV-monitored cycle hub; officers "
            "ran marking events and targeted the two offenders.",
        ),
        ("Thefts fell from 88 to 26; both offenders were convicted.",),
        6.8,
    ),
    EntrySpec(
        "Bus station after dark: young people, transport staff and a youth bus",
        "ST",
        "Harrowgate",
        ("NTA", "YOT"),
        "Large groups gathered at Harrowgate bus station every evening, with fights and "
        "abuse of staff. A youth bus, a trained team of station staff and a dispersal plan "
        "used sparingly cut incidents by 44 per cent.",
        ("Bus station staff recorded 212 antisocial incidents in a year.",),
        (
            "Young people came because the station was warm, lit and had free wifi; there was "
            "nowhere else open.",
        ),
        (
            "A youth bus parked nearby on three evenings a week; station staff were trained "
            "in de-escalation.",
        ),
        ("Incidents fell from 212 to 119 and staff assaults from 14 to 3.",),
        7.3,
    ),
    EntrySpec(
        "Stairwells back to residents: drug dealing at Priory Court",
        "SC",
        "Harrowgate",
        ("HH",),
        "Dealers from outside the area took over two tower block stairwells. Closure orders, "
        "secure entry and support for exploited tenants gave the building back to residents.",
        ("Residents of Priory Court reported dealing in the stairwells almost every day.",),
        ("Two tenants had been cuckooed; the door entry system had been broken for a year.",),
        ("A partial closure order, new door entry and safeguarding for both tenants.",),
        ("Reports of dealing fell from 96 to 11; both tenants were safely rehoused.",),
        7.7,
    ),
    EntrySpec(
        "Twenty is plenty, outside the school gates",
        "SC",
        "Wensley Bridge",
        ("NFRS",),
        "Speeding outside three primary schools frightened parents and children. Pupils ran "
        "speed checks with PCSOs and the fire service, and average speeds fell below 22 mph.",
        ("Parents petitioned about speeding outside three primary schools.",),
        ("Speed surveys showed average speeds of 29 mph at drop-off and pick-up.",),
        ("Children-led speed watch sessions, school banners and targeted enforcement.",),
        ("Average speeds fell to 21.6 mph; no child was injured in the year.",),
        6.2,
    ),
    EntrySpec(
        "Scam-proof: protecting older residents from doorstep and phone fraud",
        "SC",
        "Calder Vale",
        ("OPCC",),
        "Older residents lost over £300,000 to doorstep and phone scams in a year. Bank "
        "staff, volunteers and call blockers stopped most repeat victimisation.",
        ("Fraud against residents over 70 cost more than £300,000 in a year.",),
        ("A third of victims were targeted again within six months.",),
        ("Call blockers, bank protocol training and volunteer visits to repeat victims.",),
        ("Repeat victimisation fell by 62 per cent; banks stopped 41 payments.",),
        7.0,
    ),
    EntrySpec(
        "Off-road bikes on the Calder towpath",
        "SC",
        "Calder Vale",
        ("NFRS", "HH"),
        "Off-road motorbikes tore up the towpath and endangered walkers. Intelligence from "
        "residents, barriers and seizures ended the problem within a summer.",
        ("Over 150 calls about off-road bikes on the towpath in one summer.",),
        ("Eight riders from two streets; bikes stored in housing provider garages.",),
        ("Garage audits, seizures under section 59, and kissing gates at access points.",),
        ("Calls fell by 81 per cent; 14 bikes were seized.",),
        6.5,
    ),
    EntrySpec(
        "Home from the club: the night-time economy in Harrowgate",
        "SC",
        "Harrowgate",
        ("OPCC", "NFRS"),
        "Violence peaked as clubs closed and taxis ran short. Marshals, a safe space and "
        "staggered closing cut assaults by a quarter.",
        ("Assaults in the town centre between 02:00 and 04:00 rose for three years.",),
        ("Queues for taxis and the lack of a place to wait were behind most incidents.",),
        ("Taxi marshals, a safe haven staffed by volunteers and staggered closing times.",),
        ("Assaults fell by 26 per cent; the safe haven helped 310 people.",),
        6.9,
    ),
    EntrySpec(
        "Stones on the line: stopping attacks on trains",
        "ST",
        "Wensley Bridge",
        ("NTA", "YOT"),
        "Stones thrown at trains on the Wensley Bridge embankment smashed windscreens. School "
        "talks, fencing and a youth diversion project ended the attacks.",
        ("Eleven attacks on trains in four months, two injuring drivers.",),
        ("All attacks from one embankment next to a recreation ground.",),
        ("Fencing, school talks by drivers, and a diversion project for three boys.",),
        ("No attacks in the following nine months.",),
        6.7,
    ),
    EntrySpec(
        "Respect on the tram: hate crime on the Calder line",
        "ST",
        "Calder Vale",
        ("NTA", "OPCC"),
        "Hate incidents on the tram went unreported. A text reporting line, trained staff and "
        "a campaign led by affected communities doubled reporting and halved repeat incidents.",
        ("Only 14 hate incidents on the tram were reported in a year.",),
        ("Surveys showed most victims did not report; the same two stops recurred.",),
        ("A discreet text line, staff training and a community-led campaign.",),
        ("Reports doubled; repeat incidents at the two stops halved.",),
        7.4,
    ),
    EntrySpec(
        "Safer journeys for women on night buses",
        "ST",
        "Harrowgate",
        ("NTA",),
        "Women reported harassment on night buses but rarely to the police. Driver training, "
        "a request-stop scheme and plain-clothes patrols raised reports and confidence.",
        ("A survey found 38 per cent of women had been harassed on a night bus.",),
        ("Incidents clustered on three routes serving the university.",),
        ("Request stops after 21:00, driver bystander training and plain-clothes patrols.",),
        ("Reports rose from 6 to 31 and nine offenders were identified.",),
        7.2,
    ),
    EntrySpec(
        "Fare-gate flashpoints at Harrowgate station",
        "ST",
        "Harrowgate",
        ("NTA",),
        "Staff at the ticket gates were assaulted when challenging fare evasion. Body cameras, "
        "conflict training and a shared briefing cut assaults on staff.",
        ("Nineteen assaults on gate staff in a year.",),
        ("Most followed a challenge to the same group of regular evaders.",),
        ("Body-worn cameras, joint briefings and warning letters to known evaders.",),
        ("Assaults on staff fell to 7.",),
        6.0,
    ),
    EntrySpec(
        "Grass fires at Hollin Moor",
        "SC",
        "Wensley Bridge",
        ("NFRS", "YOT"),
        "Deliberate grass fires on Hollin Moor tied up fire crews every spring. A joint "
        "education and diversion programme cut deliberate fires by 60 per cent.",
        ("Sixty-eight deliberate grass fires in one spring.",),
        ("Fires set by small groups of young people after school.",),
        ("Fire-setter intervention, school assemblies and patrols at peak times.",),
        ("Deliberate fires fell to 27 the next spring.",),
        6.6,
    ),
    EntrySpec(
        "Missing from care: children who go missing again and again",
        "SC",
        "Calder Vale",
        ("OPCC", "YOT"),
        "Five children in two care homes accounted for most missing reports. Return "
        "interviews and a shared plan with care staff cut missing episodes sharply.",
        ("Two care homes made 214 missing reports in a year.",),
        ("Five children made 160 of them; most went to the same addresses.",),
        ("Independent return interviews, disruption of the addresses and care plans.",),
        ("Missing episodes fell from 214 to 71.",),
        8.1,
    ),
    EntrySpec(
        "Car parks without crime at Wensley Bridge station",
        "ST",
        "Wensley Bridge",
        ("NTA",),
        "Thefts from cars at the station car park rose sharply. Better lighting, a Park Mark "
        "award and patrols at key times cut thefts by 65 per cent.",
        ("Fifty-four thefts from vehicles in the station car park in a year.",),
        ("Dark corners and no CCTV on the upper level.",),
        ("Lighting, CCTV and the Park Mark safer parking standard.",),
        ("Thefts fell to 19.",),
        5.8,
    ),
    EntrySpec(
        "Quiet nights: noise and disorder in student streets",
        "SC",
        "Harrowgate",
        ("HH",),
        "Late parties in shared student houses caused hundreds of complaints. Landlord "
        "agreements, student marshals and early warnings reduced complaints by half.",
        ("Over 400 noise complaints from three streets in a year.",),
        ("A dozen houses caused most; landlords were rarely told.",),
        ("Early-warning letters, student marshals and landlord agreements.",),
        ("Complaints fell to 190.",),
        5.9,
    ),
    EntrySpec(
        "Metal theft from the railway",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Cable theft caused hours of delays. Scrap dealer checks and forensic marking ended a "
        "run of thefts.",
        ("Nine cable thefts in three months, each delaying thousands of passengers.",),
        ("The cable was sold through two scrap yards.",),
        ("Joint visits to scrap yards and forensic marking of cable.",),
        ("No cable theft in the following six months.",),
        6.3,
    ),
    EntrySpec(
        "A place to go: street drinking in Calder Bridge park",
        "SC",
        "Calder Vale",
        ("HH", "OPCC"),
        "Street drinking in the park drove families away. Outreach, treatment places and a "
        "public spaces protection order used with care changed the park.",
        ("Daily street drinking and 120 calls a year about the park.",),
        ("Most drinkers were housed nearby and wanted help.",),
        ("Outreach workers, fast-track treatment and a PSPO as a last resort.",),
        ("Calls fell by 55 per cent; seven drinkers entered treatment.",),
        6.4,
    ),
    EntrySpec(
        "Shop theft on the high street",
        "SC",
        "Wensley Bridge",
        ("OPCC",),
        "A small number of prolific shop thieves drove a rise in retail crime. A retailers' "
        "radio link and referral to treatment cut thefts by 40 per cent.",
        ("Shop theft on the high street rose by 35 per cent.",),
        ("Six prolific offenders, all with drug dependency.",),
        ("A shared radio link, banning notices and treatment referrals.",),
        ("Thefts fell by 40 per cent; four of the six engaged with treatment.",),
        6.1,
    ),
    EntrySpec(
        "Fly-tipping hotspots in the lanes",
        "SC",
        "Harrowgate",
        ("HH", "NFRS"),
        "Fly-tipping in rural lanes cost thousands to clear. Covert cameras and joint "
        "enforcement led to prosecutions and fewer incidents.",
        ("Ninety-five fly-tipping incidents in five lanes.",),
        ("Two unlicensed waste carriers responsible for most.",),
        ("Covert cameras, stop checks of vans and prosecutions.",),
        ("Incidents fell to 30; two carriers were prosecuted.",),
        5.6,
    ),
    EntrySpec(
        "Bus stop without fear: Wensley Bridge interchange",
        "ST",
        "Wensley Bridge",
        ("NTA", "HH"),
        "Passengers avoided the interchange in the evening. Redesign, staffed hours and a "
        "community café turned it around.",
        ("Falling evening passenger numbers and 70 incidents a year.",),
        ("Hidden corners and no staff after 18:00.",),
        ("Redesign of the shelters, staffed hours and a community café.",),
        ("Incidents fell to 28; evening passengers rose by 12 per cent.",),
        6.9,
    ),
    EntrySpec(
        "Crisis calls: mental health triage in the control room",
        "SC",
        "Calder Vale",
        ("OPCC",),
        "Officers spent hours with people in mental health crisis. A nurse in the control room "
        "found better help for callers faster.",
        ("Over 2,000 calls a year involving mental health crisis.",),
        ("Many detentions under section 136 could have been avoided.",),
        ("A mental health nurse in the control room at peak times.",),
        ("Section 136 detentions fell by 31 per cent.",),
        7.8,
    ),
    EntrySpec(
        "Taxi rank trouble on Market Street",
        "SC",
        "Wensley Bridge",
        ("OPCC",),
        "Fights at the Market Street taxi rank after closing time. Marshals and a relocated "
        "rank calmed the street.",
        ("Forty assaults at the taxi rank in a year.",),
        ("The rank was beside two late bars with no queue management.",),
        ("Rank marshals and relocation of the rank.",),
        ("Assaults fell to 15.",),
        5.5,
    ),
    EntrySpec(
        "Trespass on the Harrowgate line",
        "ST",
        "Harrowgate",
        ("NTA", "YOT"),
        "Young people crossed the line as a shortcut. A new footbridge path and school work "
        "stopped trespass incidents.",
        ("Sixty trespass incidents causing delays in a year.",),
        ("A worn path showed the shortcut between school and estate.",),
        ("Fencing, signage and a safer route via the footbridge.",),
        ("Trespass incidents fell to 12.",),
        6.2,
    ),
    EntrySpec(
        "Repeat victims of domestic abuse",
        "SC",
        "Harrowgate",
        ("HH", "OPCC"),
        "A third of domestic abuse victims were victimised again within a year. Joint visits "
        "and target hardening reduced repeat victimisation.",
        ("Repeat victimisation stood at 34 per cent.",),
        ("Victims in private rented homes had the least support.",),
        ("Joint visits with independent advisers, sanctuary schemes and tenancy support.",),
        ("Repeat victimisation fell to 22 per cent.",),
        8.0,
    ),
    EntrySpec(
        "Graffiti on the trains",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Graffiti on trains in the sidings cost the operator dearly. Depot security and "
        "quick removal took away the reward.",
        ("Seventy graffiti attacks on trains in the sidings.",),
        ("Crews photographed their work for social media within hours.",),
        ("Depot lighting, patrols and removal within 24 hours.",),
        ("Attacks fell to 22.",),
        5.7,
    ),
    EntrySpec(
        "Begging and rough sleeping at the station",
        "ST",
        "Harrowgate",
        ("NTA", "HH"),
        "Rough sleeping at the station grew. Outreach and housing offers rather than moving "
        "people on brought lasting change.",
        ("Fifteen people sleeping rough at the station on a typical night.",),
        ("Most had lost tenancies in the last year.",),
        ("Daily outreach, rapid housing offers and a personal budget.",),
        ("Eleven were housed; rough sleeping at the station fell to three.",),
        7.5,
    ),
    EntrySpec(
        "A safer route home from the football",
        "ST",
        "Harrowgate",
        ("NTA",),
        "Disorder on trains after home matches worried passengers. A travel plan with the club "
        "and the operator cut incidents.",
        ("Incidents on trains after home matches rose.",),
        ("Disorder concentrated on the first two trains after the final whistle.",),
        ("Extra carriages, stewards on board and a club travel plan.",),
        ("Incidents fell by half.",),
        6.0,
    ),
    EntrySpec(
        "Youth shelter at Kirkmoor recreation ground",
        "SC",
        "Kirkmoor",
        ("YOT",),
        "Young people gathering at the shops led to complaints. A youth shelter designed with "
        "them moved the gathering to a better place.",
        ("Complaints about groups at the Kirkmoor shops.",),
        ("Young people had nowhere else to meet.",),
        ("A youth shelter designed with young people.",),
        ("Complaints fell by 60 per cent.",),
        6.3,
    ),
    EntrySpec(
        "Car crime in Harrowgate's multi-storey",
        "SC",
        "Harrowgate",
        ("HH",),
        "Thefts of and from cars in the multi-storey car park. Access control and patrols "
        "reduced thefts.",
        ("Eighty vehicle crimes in a year.",),
        ("Pedestrian doors were unlocked overnight.",),
        ("Access control and patrols.",),
        ("Vehicle crime fell by 55 per cent.",),
        5.4,
    ),
    EntrySpec(
        "Getting home safely from the hospital",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Night staff at the hospital felt unsafe waiting for buses. A new shelter, lighting "
        "and an on-demand minibus helped.",
        ("Staff reported harassment at the hospital bus stop.",),
        ("The stop was unlit and the last bus left at 22:40.",),
        ("Lighting, a staffed shelter and an on-demand minibus.",),
        ("Reported incidents fell from 23 to 5.",),
        6.6,
    ),
    EntrySpec(
        "Cannabis farms in rented houses",
        "SC",
        "Wensley Bridge",
        ("HH", "NFRS"),
        "Cannabis farms in rented homes caused fires and exploitation. Letting agent training "
        "and fire checks led to earlier detection.",
        ("Twelve cannabis farms found, two after fires.",),
        ("Letting agents did not spot the signs.",),
        ("Training for letting agents and joint fire checks.",),
        ("Farms found earlier; no further fires.",),
        6.8,
    ),
    EntrySpec(
        "Anti-social behaviour on the 12 and 14 routes",
        "ST",
        "Wensley Bridge",
        ("NTA", "YOT"),
        "School buses on routes 12 and 14 saw daily disorder. Bus behaviour codes and youth "
        "workers on board restored order.",
        ("Daily disorder on two school routes.",),
        ("A handful of pupils from two schools.",),
        ("Behaviour codes, school follow-up and youth workers on board.",),
        ("Reported incidents fell by 70 per cent.",),
        6.9,
    ),
)

# The entrant's draft in the current cycle (deadline extended by the coordinator).
ENTRANT_DRAFT = EntrySpec(
    "Green corridor: reclaiming the Wensley Bridge underpass",
    "SC",
    "Wensley Bridge",
    ("HH",),
    "The underpass under the ring road was the only walking route from the Moorside estate to "
    "the town centre, and people avoided it after dark. Residents, the housing provider and "
    "the neighbourhood team are turning it into a lit, painted and watched route.",
    (
        "Between March and August, 47 incidents were reported in or near the underpass, from "
        "verbal abuse to two robberies.",
        "A residents' survey found that 62 per cent of women on the estate would not use it "
        "after dark.",
    ),
    (
        "Most incidents were between 18:00 and 23:00, by a small number of young adults who "
        "gathered at the entrance.",
    ),
    (),
    (),
    7.0,
)

PREVIOUS: tuple[EntrySpec, ...] = (
    EntrySpec(
        "One front door: the Harrowgate hoarding and fire-risk partnership",
        "SC",
        "Harrowgate",
        ("NFRS", "HH"),
        "Hoarding in rented flats put residents and firefighters at risk. A single referral "
        "route and patient support cut fire-risk homes by two thirds.",
        ("Twenty-six homes with severe hoarding.",),
        ("Most tenants were isolated and refused help from several agencies.",),
        ("One referral route and a single trusted worker for each tenant.",),
        ("Seventeen homes made safe; no fires.",),
        8.6,
    ),
    EntrySpec(
        "The 7.15: safer trains for commuters",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Pickpocketing on crowded morning trains. Plain-clothes patrols and passenger "
        "awareness cut thefts.",
        ("Sixty-one thefts on morning trains.",),
        ("A gang working the busiest carriages.",),
        ("Plain-clothes patrols and awareness messages.",),
        ("Thefts fell to 12; four arrests.",),
        8.2,
    ),
    EntrySpec(
        "Kirkmoor market: stopping the thefts",
        "SC",
        "Kirkmoor",
        ("OPCC",),
        "Thefts from market stalls. Stallholder radio and patrols.",
        ("Forty thefts from stalls.",),
        ("Busy Saturdays and distracted traders.",),
        ("Radio link and patrols.",),
        ("Thefts fell by half.",),
        6.1,
    ),
    EntrySpec(
        "Lights on in Calder Vale's alleys",
        "SC",
        "Calder Vale",
        ("HH",),
        "Unlit alleys linked to robberies. Lighting and clean-ups.",
        ("Twenty-two robberies near the alleys.",),
        ("Offenders used the dark alleys to escape.",),
        ("Lighting and regular clean-ups.",),
        ("Robberies fell to nine.",),
        6.9,
    ),
    EntrySpec(
        "Safer nights on the tram",
        "ST",
        "Kirkmoor",
        ("NTA", "YOT"),
        "Disorder on late trams. Youth workers and staff patrols.",
        ("Frequent disorder on the last trams.",),
        ("Groups travelling to a late-night venue.",),
        ("Youth workers, staff patrols and venue agreements.",),
        ("Incidents fell by 45 per cent.",),
        7.7,
    ),
    EntrySpec(
        "Wensley Bridge against scams",
        "SC",
        "Wensley Bridge",
        ("OPCC",),
        "Courier fraud against older residents. Bank staff training.",
        ("Nineteen victims of courier fraud.",),
        ("Victims withdrew cash after phone calls.",),
        ("Bank staff training and warning calls.",),
        ("Bank staff stopped 14 attempts.",),
        8.3,
    ),
    EntrySpec(
        "Harrowgate youth diversion through football",
        "SC",
        "Harrowgate",
        ("YOT",),
        "Youth ASB on Friday nights. Football sessions.",
        ("Friday-night ASB calls peaked.",),
        ("Young people had nothing to do.",),
        ("Free football sessions with coaching.",),
        ("ASB calls fell by a third.",),
        7.4,
    ),
    EntrySpec(
        "Cycle routes to school",
        "ST",
        "Calder Vale",
        ("NTA",),
        "Children feared cycling to school. Safe routes.",
        ("Few children cycled.",),
        ("Busy junctions and bullying on the route.",),
        ("Cycle buddies and junction changes.",),
        ("Cycling to school doubled.",),
        5.8,
    ),
    EntrySpec(
        "Fire setting on the Brookside estate",
        "SC",
        "Wensley Bridge",
        ("NFRS",),
        "Bin fires on the estate. Bin storage and education.",
        ("Eighty bin fires.",),
        ("Bins left out by the flats.",),
        ("Locked bin stores and school talks.",),
        ("Bin fires fell to 21.",),
        7.0,
    ),
    EntrySpec(
        "Taxi safety for night workers",
        "ST",
        "Harrowgate",
        ("NTA",),
        "Night workers unsafe waiting for transport. Booked taxi scheme.",
        ("Reports from night workers of harassment.",),
        ("No transport after midnight.",),
        ("A booked taxi scheme with employers.",),
        ("Reports fell to three.",),
        6.0,
    ),
    EntrySpec(
        "Priory Park: parents back in the park",
        "SC",
        "Harrowgate",
        ("HH",),
        "Drug litter kept parents away. Clean-ups and outreach.",
        ("Needles found weekly.",),
        ("A small group of users.",),
        ("Needle bins, outreach and clean-ups.",),
        ("Needle finds fell by 80 per cent.",),
        6.5,
    ),
    EntrySpec(
        "Dog theft prevention",
        "SC",
        "Calder Vale",
        ("OPCC",),
        "Dog thefts rose. Chipping and awareness.",
        ("Twenty-one dogs stolen.",),
        ("Thefts from gardens.",),
        ("Chipping events and garden security advice.",),
        ("Thefts fell to seven.",),
        5.9,
    ),
)

GENERIC = {
    "scanning": (
        "The problem came to the neighbourhood team through repeat calls, partners' records and "
        "what residents told us at beat meetings. We checked that it was a recurring problem "
        "rather than a run of bad luck by comparing three years of data.",
        "We agreed with our partners what the problem was and what it was not, and set out the "
        "harm it caused, to whom and at what cost, before anyone proposed a solution.",
        "The problem was a priority at the ward panel for two quarters running, and partners "
        "agreed to share their own data so that the picture was complete.",
    ),
    "analysis": (
        "We used the problem analysis triangle to look separately at offenders, victims and "
        "places, and asked who could act on each side: handlers, guardians and managers.",
        "Partners' data filled gaps in ours: their records of complaints, repairs and "
        "call-outs showed incidents that had never been reported to the police.",
        "We looked for the times, days and places where the problem concentrated, and tested "
        "our explanations against the data before settling on a response.",
    ),
    "response": (
        "Each partner took actions that used its own powers and resources, agreed at a "
        "monthly problem-solving meeting with a named lead for each action.",
        "We chose responses that removed the opportunity rather than only moving it, and "
        "kept enforcement for the few who would not change.",
        "Residents were involved throughout: they told us what would work for them and "
        "helped to judge whether it had.",
    ),
    "assessment": (
        "We measured the same indicators for the same period before and after, and looked "
        "at neighbouring areas to check that the problem had not simply moved.",
        "The partners have written the approach into their own procedures, so that it does "
        "not depend on the people who started it.",
        "If we did it again we would agree the measures of success with partners at the "
        "start, and collect residents' views before and after, not only after.",
    ),
}

COMMENTS = {
    1: (
        "Clear definition of the problem, with good baseline data.",
        "The scanning could say more about who was affected.",
        "A recurring problem well evidenced over time.",
    ),
    2: (
        "Good use of the problem analysis triangle.",
        "Analysis leans on police data; partners' data would strengthen it.",
        "The analysis explains why, not only where and when.",
    ),
    3: (
        "Partners clearly shared the work and used their own powers.",
        "The response follows closely from the analysis.",
        "Heavy on enforcement; more on prevention would help.",
    ),
    4: (
        "Convincing before-and-after figures over a fair period.",
        "Displacement was checked, which is good to see.",
        "The results are promising but the period is short.",
    ),
    5: (
        "Others could pick this up easily.",
        "An innovative use of volunteers.",
        "A familiar approach, well executed.",
    ),
}
