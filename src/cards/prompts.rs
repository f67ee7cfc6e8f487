//! The brainstorm prompts of the Security Cards, in vastc's own words.
//! `{t}` stands for what the brainstorm is about ("the process `web`").

/// What a suit asks about, and the blanks its cards leave to fill in.
pub struct SuitGuide {
    pub suit: &'static str,
    /// Short word used in threat IDs.
    pub short: &'static str,
    pub question: &'static str,
    pub blanks: &'static [&'static str],
}

pub const SUITS: &[SuitGuide] = &[
    SuitGuide {
        suit: "Human Impact",
        short: "impact",
        question: "who gets hurt, and how badly",
        blanks: &["Who is harmed", "How, and how badly"],
    },
    SuitGuide {
        suit: "Adversary's Motivations",
        short: "motive",
        question: "why someone would attack",
        blanks: &["Who would do this", "What they want out of it"],
    },
    SuitGuide {
        suit: "Adversary's Resources",
        short: "resource",
        question: "what an attacker can bring",
        blanks: &["What the attack takes", "Who has that"],
    },
    SuitGuide {
        suit: "Adversary's Methods",
        short: "method",
        question: "how the attack would go",
        blanks: &["The steps of the attack", "What would notice or stop it"],
    },
];

/// (suit, title, prompt).
pub const PROMPTS: &[(&str, &str, &str)] = &[
    (
        "Human Impact",
        "The Biosphere",
        "If {t} were misused, could anything it steers in the physical world (machines, sensors, energy use) damage nature or living things?",
    ),
    (
        "Human Impact",
        "Emotional Well-Being",
        "Who would feel afraid, ashamed or anxious if {t} leaked, lied or went silent, and for how long?",
    ),
    (
        "Human Impact",
        "Financial Well-Being",
        "Who loses money if {t} is abused: customers through fraud, the company through ransom, downtime or a surprise compute bill?",
    ),
    (
        "Human Impact",
        "Personal Data",
        "What does {t} reveal about individual people, and what could someone do with it once copied or combined with other sources?",
    ),
    (
        "Human Impact",
        "Physical Well-Being",
        "Could tampering with {t} put someone's body or safety at risk, directly or by withholding something they rely on?",
    ),
    (
        "Human Impact",
        "Relationships",
        "Could an attack through {t} damage trust between people: expose private exchanges, impersonate someone, set colleagues against each other?",
    ),
    (
        "Human Impact",
        "Societal Well-Being",
        "If {t} were attacked at scale, would communities, public services or public debate feel it?",
    ),
    (
        "Human Impact",
        "Unusual Impacts",
        "What harm coming from {t} would nobody on the team name first? Think of bystanders, future users and side effects.",
    ),
    (
        "Adversary's Motivations",
        "Access or Convenience",
        "Who might break into {t} only because it is a shortcut to something else: a foothold, credentials, free computing power?",
    ),
    (
        "Adversary's Motivations",
        "Curiosity or Boredom",
        "Would someone poke at {t} just to see what happens? What would they stumble on first?",
    ),
    (
        "Adversary's Motivations",
        "Desire or Obsession",
        "Is there someone fixated on a person whose data or activity passes through {t}?",
    ),
    (
        "Adversary's Motivations",
        "Diplomacy or Warfare",
        "Would a state or its proxies care about {t}, to gather intelligence or to disrupt it in a conflict?",
    ),
    (
        "Adversary's Motivations",
        "Malice or Revenge",
        "Who might want to hurt the organisation or its users through {t}: a former employee, an angry customer, a rival?",
    ),
    (
        "Adversary's Motivations",
        "Money",
        "How could an attacker turn {t} into cash: selling data, extortion, fraud, mining on your machines?",
    ),
    (
        "Adversary's Motivations",
        "Politics",
        "Could {t} become a target for people pushing or fighting a cause, a candidate or a policy?",
    ),
    (
        "Adversary's Motivations",
        "Protection",
        "Might someone attack {t} believing they protect themselves or others, for example to erase records about them?",
    ),
    (
        "Adversary's Motivations",
        "Religion",
        "Could beliefs or ideology drive someone to deface, silence or expose {t}?",
    ),
    (
        "Adversary's Motivations",
        "Self-Promotion",
        "Would breaking {t} earn someone a headline, a trophy or standing in their community?",
    ),
    (
        "Adversary's Motivations",
        "World View",
        "Does what {t} does clash with someone's idea of how the world should work, enough for them to act?",
    ),
    (
        "Adversary's Motivations",
        "Unusual Motivations",
        "What odd or unexpected reason could someone have to go after {t}?",
    ),
    (
        "Adversary's Resources",
        "Expertise",
        "What skills would an attack on {t} take, and how rare are they?",
    ),
    (
        "Adversary's Resources",
        "A Future World",
        "How will attacking {t} get cheaper with faster hardware, new AI tools or broken cryptography?",
    ),
    (
        "Adversary's Resources",
        "Impunity",
        "Could an attacker of {t} expect never to be caught or punished, acting anonymously or from abroad?",
    ),
    (
        "Adversary's Resources",
        "Inside Capabilities",
        "What could someone with legitimate access to {t} do that an outsider cannot?",
    ),
    (
        "Adversary's Resources",
        "Inside Knowledge",
        "What does someone who knows the design, the code or the people behind {t} know that makes an attack easier?",
    ),
    (
        "Adversary's Resources",
        "Money",
        "What could a well-funded attacker buy to get at {t}: exploits, insiders, infrastructure?",
    ),
    (
        "Adversary's Resources",
        "Power and Influence",
        "Could someone with legal, political or commercial power force their way into {t}?",
    ),
    (
        "Adversary's Resources",
        "Time",
        "What becomes possible against {t} for an attacker who can wait for months, or one who has only minutes?",
    ),
    (
        "Adversary's Resources",
        "Tools",
        "Which ready-made scanners, exploit kits or scripts already work against something like {t}?",
    ),
    (
        "Adversary's Resources",
        "Unusual Resources",
        "What unexpected asset could help an attacker against {t}: a botnet, a compromised supplier, a helpful administrator?",
    ),
    (
        "Adversary's Methods",
        "Attack Cover-Up",
        "How would an attacker of {t} hide their tracks, and would your logs still tell what happened?",
    ),
    (
        "Adversary's Methods",
        "Indirect Attack",
        "Could {t} be reached through something it trusts: a dependency, a supplier, a neighbouring workload?",
    ),
    (
        "Adversary's Methods",
        "Manipulation or Coercion",
        "Who could be tricked, bribed or pressured into helping an attacker with {t}?",
    ),
    (
        "Adversary's Methods",
        "Multi-Phase Attack",
        "Which small, harmless-looking steps could be chained into a serious attack on {t}?",
    ),
    (
        "Adversary's Methods",
        "Physical Attack",
        "What could someone with hands on the hardware, the network or the people behind {t} do?",
    ),
    (
        "Adversary's Methods",
        "Processes",
        "Which process around {t} (deployments, support, account recovery) could be abused?",
    ),
    (
        "Adversary's Methods",
        "Technical Attack",
        "Which software weaknesses could hit {t}: injection, broken authentication, misconfiguration, vulnerable components?",
    ),
    (
        "Adversary's Methods",
        "Unusual Methods",
        "What creative or unlikely way in to {t} would surprise the team?",
    ),
];

/// The prompt of a card, aimed at `target`.
pub fn prompt(suit: &str, title: &str, target: &str) -> String {
    let text = PROMPTS
        .iter()
        .find(|(s, t, _)| *s == suit && *t == title)
        .map(|(_, _, p)| *p)
        .unwrap_or("How does this card apply to {t}?");
    text.replace("{t}", target)
}
