//! The demo's fixed content: a coffee chain's journey, checklist and shops.

use touchstone_shared::checklist::{Band, ChoiceOption, ItemKind};
use touchstone_shared::journey::Channel;

/// A touchpoint with its stage and the questions asked there.
pub struct TouchpointSpec {
    /// Index into the default stages.
    pub stage: usize,
    /// Name.
    pub name: &'static str,
    /// Channel.
    pub channel: Channel,
    /// Questions: label, kind, weight, critical.
    pub items: Vec<(&'static str, ItemKind, f64, bool)>,
}

fn yes() -> ItemKind {
    ItemKind::YesNo { yes_is_good: true }
}

fn scale() -> ItemKind {
    ItemKind::Scale { min: 1.0, max: 5.0 }
}

fn choice(options: &[(&str, f64)]) -> ItemKind {
    ItemKind::Choice {
        options: options
            .iter()
            .map(|(label, points)| ChoiceOption {
                label: (*label).to_owned(),
                points: *points,
            })
            .collect(),
    }
}

/// Napkin, lid and sleeve at a point each, at most 2, or "none of these".
fn extras() -> ItemKind {
    let ItemKind::Choice { options } = choice(&[("Napkin", 1.0), ("Lid", 1.0), ("Sleeve", 1.0)])
    else {
        unreachable!("choice() makes a choice")
    };
    ItemKind::MultiSelect {
        options,
        cap: Some(2.0),
        none_label: Some("None of these".into()),
    }
}

fn wait_seconds() -> ItemKind {
    ItemKind::Number {
        bands: vec![
            Band {
                upto: 60.0,
                points: 3.0,
            },
            Band {
                upto: 180.0,
                points: 2.0,
            },
            Band {
                upto: 300.0,
                points: 1.0,
            },
        ],
    }
}

/// The wait for the drink, timed with the form's stopwatch: bands as for the queue.
fn timed() -> ItemKind {
    let ItemKind::Number { bands } = wait_seconds() else {
        unreachable!("wait_seconds() makes a number item")
    };
    ItemKind::Stopwatch { bands }
}

/// Ten touchpoints across the five default stages, four to six items each.
pub fn touchpoints() -> Vec<TouchpointSpec> {
    use Channel::{InStore, Phone, Web};
    let tp = |stage, name, channel, items| TouchpointSpec {
        stage,
        name,
        channel,
        items,
    };
    vec![
        tp(
            0,
            "Storefront and signage",
            InStore,
            vec![
                ("Signage is clean, lit and undamaged", yes(), 1.0, false),
                (
                    "Opening hours are displayed at the entrance",
                    yes(),
                    1.0,
                    false,
                ),
                (
                    "Window display is current and attractive",
                    scale(),
                    2.0,
                    false,
                ),
                ("Notes on the street presence", ItemKind::Text, 1.0, false),
            ],
        ),
        tp(
            0,
            "Website and app",
            Web,
            vec![
                ("Shop page shows correct opening hours", yes(), 1.0, false),
                ("Menu with prices is available online", yes(), 1.0, false),
                ("Ease of finding the nearest shop", scale(), 2.0, false),
                ("Mobile ordering works end to end", yes(), 2.0, false),
            ],
        ),
        tp(
            1,
            "Menu board",
            InStore,
            vec![
                ("Prices are visible for every item", yes(), 2.0, true),
                (
                    "Allergen information is available on request",
                    yes(),
                    2.0,
                    true,
                ),
                ("Seasonal offer is promoted", yes(), 1.0, false),
                ("Menu clarity", scale(), 2.0, false),
            ],
        ),
        tp(
            1,
            "Phone enquiry",
            Phone,
            vec![
                ("Call answered within five rings", yes(), 1.0, false),
                ("Staff gave their name", yes(), 1.0, false),
                ("Question answered correctly", yes(), 2.0, false),
                (
                    "Tone of the call",
                    choice(&[("Warm", 3.0), ("Neutral", 1.0), ("Curt", 0.0)]),
                    1.0,
                    false,
                ),
            ],
        ),
        tp(
            2,
            "Greeting at the door",
            InStore,
            vec![
                ("Greeted within 30 seconds of entering", yes(), 2.0, false),
                ("Eye contact and a smile", yes(), 1.0, false),
                ("Warmth of the welcome", scale(), 2.0, false),
                (
                    "Queue wait before being served (seconds)",
                    wait_seconds(),
                    1.0,
                    false,
                ),
            ],
        ),
        tp(
            2,
            "Ordering at the counter",
            InStore,
            vec![
                ("Barista suggested an add-on or upsell", yes(), 1.0, false),
                ("Order repeated back correctly", yes(), 2.0, false),
                ("Product knowledge", scale(), 2.0, false),
                ("Loyalty card offered", yes(), 1.0, false),
                ("Extras offered with the order", extras(), 1.0, false),
                (
                    "Name of the barista who took the order",
                    ItemKind::ShortText { not_given: true },
                    1.0,
                    false,
                ),
            ],
        ),
        tp(
            2,
            "Payment",
            InStore,
            vec![
                ("Correct amount charged", yes(), 3.0, true),
                ("Receipt offered", yes(), 1.0, false),
                ("Contactless payment accepted", yes(), 1.0, false),
                ("Speed of payment", scale(), 1.0, false),
                ("Time from paying to the drink", timed(), 1.0, false),
                ("The receipt", ItemKind::Receipt, 1.0, false),
            ],
        ),
        tp(
            3,
            "Product quality",
            InStore,
            vec![
                ("Drink served at the right temperature", yes(), 2.0, false),
                ("Drink matches the order", yes(), 2.0, true),
                ("Taste", scale(), 3.0, false),
                (
                    "Presentation",
                    choice(&[
                        ("Excellent", 3.0),
                        ("Good", 2.0),
                        ("Fair", 1.0),
                        ("Poor", 0.0),
                    ]),
                    1.0,
                    false,
                ),
            ],
        ),
        tp(
            3,
            "Cleanliness",
            InStore,
            vec![
                ("Tables wiped and free of cups", yes(), 2.0, false),
                ("Floor clean", yes(), 1.0, false),
                ("Toilets clean and stocked", yes(), 2.0, false),
                ("Condiment station tidy", scale(), 1.0, false),
                (
                    "Table tag",
                    ItemKind::Barcode {
                        pattern: Some("TBL-##".into()),
                    },
                    1.0,
                    false,
                ),
            ],
        ),
        tp(
            4,
            "Farewell and loyalty",
            InStore,
            vec![
                ("Thanked and invited back", yes(), 1.0, false),
                ("Loyalty app mentioned", yes(), 1.0, false),
                (
                    "How likely are you to recommend this shop to a friend?",
                    ItemKind::Nps,
                    1.0,
                    false,
                ),
                (
                    "Photo of the counter at departure",
                    ItemKind::Photo,
                    1.0,
                    false,
                ),
            ],
        ),
    ]
}

/// A shop of the demo chain.
pub struct Shop {
    /// Location code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Region.
    pub region: &'static str,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// How well the shop does, in [0, 1]: the chance that a checklist item goes well there.
    pub quality: f64,
}

const fn shop(
    (code, name, region): (&'static str, &'static str, &'static str),
    lat: f64,
    lon: f64,
    quality: f64,
) -> Shop {
    Shop {
        code,
        name,
        region,
        lat,
        lon,
        quality,
    }
}

/// Twenty shops in four regions: South Bank the clear best, Liverpool Bold Street the clear
/// worst; the Midlands start weak and improve over the 90 days ([`IMPROVING_REGION`]).
pub const SHOPS: [Shop; 20] = [
    shop(
        ("LDN-01", "Covent Garden", "London"),
        51.5117,
        -0.1240,
        0.86,
    ),
    shop(("LDN-02", "Shoreditch", "London"), 51.5265, -0.0780, 0.82),
    shop(("LDN-03", "South Bank", "London"), 51.5055, -0.1160, 0.97),
    shop(("LDN-04", "King's Cross", "London"), 51.5308, -0.1238, 0.80),
    shop(("LDN-05", "Canary Wharf", "London"), 51.5054, -0.0235, 0.88),
    shop(
        ("MID-01", "Birmingham New Street", "Midlands"),
        52.4778,
        -1.8989,
        0.80,
    ),
    shop(
        ("MID-02", "Nottingham Old Market", "Midlands"),
        52.9536,
        -1.1505,
        0.78,
    ),
    shop(
        ("MID-03", "Leicester Clock Tower", "Midlands"),
        52.6360,
        -1.1330,
        0.76,
    ),
    shop(
        ("MID-04", "Coventry Cathedral Quarter", "Midlands"),
        52.4080,
        -1.5070,
        0.79,
    ),
    shop(
        ("NTH-01", "Manchester Piccadilly", "North"),
        53.4774,
        -2.2309,
        0.78,
    ),
    shop(
        ("NTH-02", "Leeds Briggate", "North"),
        53.7980,
        -1.5420,
        0.74,
    ),
    shop(
        ("NTH-03", "Liverpool Bold Street", "North"),
        53.4020,
        -2.9790,
        0.50,
    ),
    shop(
        ("NTH-04", "Sheffield Division Street", "North"),
        53.3790,
        -1.4760,
        0.72,
    ),
    shop(
        ("NTH-05", "Newcastle Grey Street", "North"),
        54.9710,
        -1.6120,
        0.76,
    ),
    shop(
        ("SCO-01", "Edinburgh Old Town", "Scotland"),
        55.9500,
        -3.1900,
        0.84,
    ),
    shop(
        ("SCO-02", "Glasgow Buchanan Street", "Scotland"),
        55.8610,
        -4.2530,
        0.80,
    ),
    shop(
        ("SCO-03", "Aberdeen Union Street", "Scotland"),
        57.1450,
        -2.1000,
        0.77,
    ),
    shop(
        ("SCO-04", "Dundee Waterfront", "Scotland"),
        56.4580,
        -2.9680,
        0.75,
    ),
    shop(
        ("LDN-06", "Greenwich Market", "London"),
        51.4810,
        -0.0090,
        0.84,
    ),
    shop(
        ("MID-05", "Derby Cathedral Green", "Midlands"),
        52.9250,
        -1.4780,
        0.77,
    ),
];

/// The region whose shops improve over the demo's 90 days: a new area manager started
/// then. Their quality is [`IMPROVING_FROM`] lower 90 days ago and reaches [`Shop::quality`]
/// now.
pub const IMPROVING_REGION: &str = "Midlands";
/// How much lower the improving region starts.
pub const IMPROVING_FROM: f64 = 0.3;

/// How a touchpoint goes compared with the shop as a whole, and what auditors note when it
/// goes badly.
pub struct TouchpointProfile {
    /// Touchpoint name, as in [`touchpoints`].
    pub name: &'static str,
    /// Added to the shop's quality for this touchpoint's items.
    pub ease: f64,
    /// Pain points auditors note here.
    pub pain_points: &'static [&'static str],
}

/// The greeting at the door is the chain's real pain point: a queue nobody acknowledges,
/// in every region. Payment and the product itself go well nearly everywhere.
pub const TOUCHPOINT_PROFILES: [TouchpointProfile; 10] = [
    profile(
        "Storefront and signage",
        0.05,
        &["A-board faded and the sign light out"],
    ),
    profile(
        "Website and app",
        -0.02,
        &["Mobile order was not ready on arrival"],
    ),
    profile(
        "Menu board",
        0.08,
        &["Had to ask twice for the allergen sheet"],
    ),
    profile("Phone enquiry", -0.05, &["Phone rang out; nobody answered"]),
    profile(
        "Greeting at the door",
        -0.38,
        &[
            "Long wait with nobody acknowledging the queue",
            "Staff busy with each other, not the customer",
            "Queue past the door and only one till open",
        ],
    ),
    profile(
        "Ordering at the counter",
        0.0,
        &["Order had to be repeated twice"],
    ),
    profile(
        "Payment",
        0.15,
        &["Card reader failed twice before working"],
    ),
    profile("Product quality", 0.1, &["Flat white served lukewarm"]),
    profile(
        "Cleanliness",
        -0.08,
        &["Tables left dirty during the lunch rush"],
    ),
    profile("Farewell and loyalty", 0.04, &["Nobody said goodbye"]),
];

const fn profile(
    name: &'static str,
    ease: f64,
    pain_points: &'static [&'static str],
) -> TouchpointProfile {
    TouchpointProfile {
        name,
        ease,
        pain_points,
    }
}
